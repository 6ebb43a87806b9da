from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("estimaciones.view_estimacionheader")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Estimaciones"})
