from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("core.ver_reportes")
def inicio(request):
    contexto = {
        "titulo": "Reportes",
        "icono": "bi-file-earmark-spreadsheet",
        "modulo_activo": "reportes",
        "descripcion": (
            "Centro de reportes: documentos en Excel y PDF generados con la información del sistema para la "
            "dirección, la facturación y el cliente, y el resumen semanal que se envía por correo electrónico."
        ),
        "proximamente": [
            ("bi-file-earmark-excel", "Estado de PTEs", "Folios, responsables, pasos y avance (Excel)."),
            ("bi-file-earmark-excel", "Órdenes de trabajo y avance", "OTs con reprogramaciones y avance (Excel)."),
            ("bi-file-earmark-excel", "Producción mensual", "Producción por OT, partida y sitio (Excel)."),
            ("bi-file-earmark-pdf", "Estimación para cobro", "Carátula y detalle de una estimación (PDF)."),
            ("bi-file-earmark-pdf", "Reporte diario de embarcación", "Bitácora, POB y consumos del día (PDF)."),
            ("bi-envelope", "Resumen semanal por correo", "Indicadores de la semana para la dirección."),
        ],
    }
    return render(request, "modulo_inicio.html", contexto)
