from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_cronograma


@permiso_requerido("cronograma.view_cronogramaversion")
def inicio(request):
    contexto = {
        "titulo": "Cronogramas",
        "icono": "bi-calendar-range",
        "modulo_activo": "cronograma",
        "descripcion": (
            "Programas de MS Project de cada OT: importación del archivo .mpp en versiones, tareas con su "
            "ponderación y dependencias, diagrama de Gantt y registro del avance real medido junto al avance "
            "que acepta el cliente."
        ),
        "resumen": resumen_cronograma(),
    }
    return render(request, "modulo_inicio.html", contexto)
