from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("core.ver_reportes")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Reportes"})
