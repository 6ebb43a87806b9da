"""Activity log page and its DataTables endpoint (placeholder until the shared DataTables helper lands)."""

from django.http import JsonResponse
from django.shortcuts import render

from .acceso import permiso_requerido


@permiso_requerido("core.view_registroactividad")
def actividad(request):
    return render(request, "modulo_inicio.html", {"titulo": "Registro de actividad"})


@permiso_requerido("core.view_registroactividad")
def actividad_datatable(request):
    return JsonResponse({"draw": 0, "recordsTotal": 0, "recordsFiltered": 0, "data": []})


@permiso_requerido("core.view_registroactividad")
def actividad_usuarios(request):
    return JsonResponse([], safe=False)
