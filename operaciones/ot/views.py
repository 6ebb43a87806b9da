from django.shortcuts import render

from core.acceso import permiso_requerido
from core.selectors import resumen_ot


@permiso_requerido("ot.view_ote")
def inicio(request):
    contexto = {
        "titulo": "Órdenes de trabajo",
        "icono": "bi-clipboard-check",
        "modulo_activo": "ot",
        "descripcion": (
            "Órdenes de trabajo iniciales y sus reprogramaciones: oficio del cliente, frente y sitios, fase "
            "de patio, lista de pasos con evidencia, avance por tiempo transcurrido y por pasos, y el anexo "
            "C con los volúmenes proyectados y precios unitarios de cada partida."
        ),
        "resumen": resumen_ot(),
    }
    return render(request, "modulo_inicio.html", contexto)
