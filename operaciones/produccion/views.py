from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_produccion


@permiso_requerido("produccion.view_produccion")
def inicio(request):
    contexto = {
        "titulo": "Producción",
        "icono": "bi-bar-chart-steps",
        "modulo_activo": "produccion",
        "descripcion": (
            "Captura diaria de la producción contra las partidas del anexo de cada OT (tiempo efectivo o "
            "costo mínimo aplicado, por sitio y por día), estatus de los reportes diarios y mensuales, "
            "generadores (GPU) que la respaldan y cálculo de excedentes sobre el volumen autorizado."
        ),
        "resumen": resumen_produccion(),
    }
    return render(request, "modulo_inicio.html", contexto)
