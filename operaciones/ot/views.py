from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("ot.view_ote")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Órdenes de trabajo"})
