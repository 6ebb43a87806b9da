from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("pte.view_centro_consulta")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Centro de consulta"})
