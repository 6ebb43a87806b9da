from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_consulta


@permiso_requerido("pte.view_centro_consulta")
def inicio(request):
    contexto = {
        "titulo": "Centro de consulta",
        "icono": "bi-graph-up",
        "modulo_activo": "consulta",
        "descripcion": (
            "Consultas e indicadores de todo el sistema en un solo lugar: búsqueda global de PTE, OT y "
            "producción, tableros por líder, frente y sitio, y exportación a Excel. Sólo lee información; no "
            "modifica ningún registro."
        ),
        "resumen": resumen_consulta(),
    }
    return render(request, "modulo_inicio.html", contexto)
