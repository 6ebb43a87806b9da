"""The JSON envelope of every action endpoint (DESIGN §4).

`{"exito": bool, "tipo_aviso": "exito"|"error"|"advertencia", "detalles": str, ...}`; creates add `id_nuevo`;
validation failures carry `errores` and answer 400. Exception text never goes into a response.
"""

from django.http import JsonResponse


def exito(detalles: str, *, status: int = 200, **extra) -> JsonResponse:
    return JsonResponse({"exito": True, "tipo_aviso": "exito", "detalles": detalles, **extra}, status=status)


def creado(detalles: str, id_nuevo: int, **extra) -> JsonResponse:
    return exito(detalles, status=201, id_nuevo=id_nuevo, **extra)


def advertencia(detalles: str, *, status: int = 200, **extra) -> JsonResponse:
    return JsonResponse({"exito": True, "tipo_aviso": "advertencia", "detalles": detalles, **extra}, status=status)


def error(detalles: str, *, status: int = 400, errores: dict | None = None, **extra) -> JsonResponse:
    cuerpo = {"exito": False, "tipo_aviso": "error", "detalles": detalles, **extra}
    if errores is not None:
        cuerpo["errores"] = errores
    return JsonResponse(cuerpo, status=status)


REVISE = "Revise los datos marcados."


def _primer_mensaje(errores) -> str:
    return next((str(m) for mensajes in errores.values() for m in mensajes), REVISE)


def errores_formulario(form, detalles: str = REVISE) -> JsonResponse:
    """400 with the form's errors as {campo: [mensajes]} (non-field errors under "__all__")."""
    errores = {campo: [str(m) for m in mensajes] for campo, mensajes in form.errors.items()}
    return error(detalles, status=400, errores=errores)


def formulario_invalido(form) -> JsonResponse:
    """`errores_formulario` whose `detalles` is the first message, so the toast says what is wrong."""
    return errores_formulario(form, _primer_mensaje(form.errors))


def errores_validacion(rechazo) -> JsonResponse:
    """A business rule a service refused (ValidationError): 400 whose `detalles` is its first Spanish message."""
    errores = rechazo.message_dict if hasattr(rechazo, "error_dict") else {"__all__": rechazo.messages}
    return error(_primer_mensaje(errores), status=400, errores=errores)


def no_autenticado() -> JsonResponse:
    return error("Su sesión no está iniciada o expiró. Inicie sesión de nuevo.", status=401)


def prohibido(detalles: str = "No tiene permiso para esta acción.") -> JsonResponse:
    return error(detalles, status=403)


def no_encontrado(detalles: str = "El registro solicitado no existe.") -> JsonResponse:
    return error(detalles, status=404)


def metodo_no_permitido() -> JsonResponse:
    return error("Método no permitido.", status=405)
