from django.shortcuts import render

from core.acceso import permiso_requerido


@permiso_requerido("cronograma.view_cronogramaversion")
def inicio(request):
    return render(request, "modulo_inicio.html", {"titulo": "Cronogramas"})
