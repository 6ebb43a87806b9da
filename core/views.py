from django.shortcuts import render

from . import selectors


def inicio(request):
    """Home dashboard: KPIs of the modules the user may see."""
    contexto = selectors.tablero_inicio(request.user)
    contexto["modulo_activo"] = "inicio"
    return render(request, "core/inicio.html", contexto)
