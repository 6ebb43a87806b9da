from django.shortcuts import render

from .acceso import permiso_requerido


def inicio(request):
    return render(request, "core/inicio.html", {})


@permiso_requerido("core.view_registroactividad")
def actividad(request):
    return render(request, "modulo_inicio.html", {"titulo": "Registro de actividad"})
