"""What the catalogue action views share: the body of every deactivate / reactivate endpoint."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from core import respuestas

from .forms_conceptos import RegistroIdForm


def responder_cambio_activo(
    request,
    *,
    activo: bool,
    buscar: Callable[[int], object | None],
    no_existe: str,
    cambiar: Callable[[object], object],
    nombre: Callable[[object], str],
) -> JsonResponse:
    """The id's form → `buscar(id)` (404 `no_existe`) → `cambiar(registro)` (the service) → "Se reactivó {nombre}."."""
    form = RegistroIdForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    registro = buscar(form.cleaned_data["id"])
    if registro is None:
        return respuestas.no_encontrado(no_existe)
    try:
        cambiar(registro)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se {'reactivó' if activo else 'desactivó'} {nombre(registro)}.")
