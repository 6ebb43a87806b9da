from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("catalogos.view_tipo")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Catálogos"})
