from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_costa_fuera


@permiso_requerido("costa_fuera.view_reportediarioembarcacion")
def inicio(request):
    contexto = {
        "titulo": "Costa fuera",
        "icono": "bi-water",
        "modulo_activo": "costa_fuera",
        "descripcion": (
            "Operación diaria de las embarcaciones: reporte de cada barco con bitácora de tiempos, personal "
            "a bordo, consumo de diésel y agua, incidencias y posición, con su flujo de borrador, pre-cierre "
            "y cierre."
        ),
        "resumen": resumen_costa_fuera(),
    }
    return render(request, "modulo_inicio.html", contexto)
