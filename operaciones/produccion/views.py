from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("produccion.view_produccion")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Producción"})
