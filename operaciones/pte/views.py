from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_pte


@permiso_requerido("pte.view_pteheader")
def inicio(request):
    contexto = {
        "titulo": "PTE",
        "icono": "bi-file-earmark-text",
        "modulo_activo": "pte",
        "descripcion": (
            "Propuestas técnico-económicas (PTE) que solicita el cliente: alta del folio y del oficio de "
            "solicitud, responsable, plazos y prioridad, y la lista de pasos de elaboración con su "
            "evidencia, desde la solicitud hasta la entrega y su conversión en orden de trabajo."
        ),
        "resumen": resumen_pte(),
    }
    return render(request, "modulo_inicio.html", contexto)
