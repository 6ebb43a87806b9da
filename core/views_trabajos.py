"""State of a background job for its progress bar. Only its owner sees it."""

from django.views.decorators.http import require_GET

from . import respuestas
from .models import TrabajoSegundoPlano
from .trabajos import trabajo_como_json


@require_GET
def trabajo_estado(request, pk: int):
    trabajo = TrabajoSegundoPlano.objects.filter(pk=pk, usuario=request.user).first()
    if trabajo is None:
        return respuestas.no_encontrado("El trabajo no existe.")
    return respuestas.exito(trabajo.get_estado_display(), trabajo=trabajo_como_json(trabajo))
