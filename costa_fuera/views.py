from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("costa_fuera.view_reportediarioembarcacion")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Costa fuera"})
