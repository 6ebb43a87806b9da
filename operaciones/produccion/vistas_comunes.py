"""What the production endpoints share: reading a request through a form, and finding the OT and the site it names.

`validar` and `leer_post` answer `(datos, rechazo)`; `con_ot`, `con_sitio` and `con_ot_y_sitio` take that pair and
add the objects its `id_ot` / `id_sitio` name. The view returns `rechazo` (the JSON envelope of DESIGN §4) when set:
an invalid form or body is a 400, a missing (or, for the OT, not visible) object a 404.
"""

import json

from django.http import JsonResponse

from core import respuestas
from operaciones.catalogos.models import Sitio
from operaciones.ot.models import OTE
from operaciones.ot.selectors import ot_para_usuario

OT_NO_EXISTE = "La OT no existe o fue eliminada."
SITIO_NO_EXISTE = "El sitio no existe."
JSON_INVALIDO = "El cuerpo de la solicitud debe ser un objeto JSON válido."

Leido = tuple[dict | None, JsonResponse | None]


def cuerpo_post(request) -> dict | None:
    """The POST body as a dict (JSON, or the form fields), or None when it is not a JSON object."""
    if request.content_type != "application/json":
        return request.POST
    try:
        datos = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return datos if isinstance(datos, dict) else None


def validar(form) -> Leido:
    """(cleaned data, refusal): an invalid form is a 400 whose `detalles` is its first message."""
    if not form.is_valid():
        return None, respuestas.formulario_invalido(form)
    return form.cleaned_data, None


def leer_post(request, form_clase, *, json_invalido: str = JSON_INVALIDO) -> Leido:
    """(cleaned data, refusal) of a POST body (JSON or form-encoded) read by `form_clase`."""
    cuerpo = cuerpo_post(request)
    if cuerpo is None:
        return None, respuestas.error(json_invalido)
    return validar(form_clase(cuerpo))


def _ot(request, pk) -> tuple[OTE | None, JsonResponse | None]:
    ot = ot_para_usuario(request.user, pk)
    return ot, (respuestas.no_encontrado(OT_NO_EXISTE) if ot is None else None)


def _sitio(pk) -> tuple[Sitio | None, JsonResponse | None]:
    sitio = Sitio.objects.filter(pk=pk).first()
    return sitio, (respuestas.no_encontrado(SITIO_NO_EXISTE) if sitio is None else None)


def con_ot(request, leido: Leido) -> tuple[dict | None, OTE | None, JsonResponse | None]:
    """(data, OT, refusal): the OT of the data's `id_ot`, among those the user may see."""
    datos, rechazo = leido
    if rechazo is not None:
        return None, None, rechazo
    ot, rechazo = _ot(request, datos["id_ot"])
    return datos, ot, rechazo


def con_sitio(leido: Leido) -> tuple[dict | None, Sitio | None, JsonResponse | None]:
    """(data, site, refusal): the site of the data's `id_sitio`."""
    datos, rechazo = leido
    if rechazo is not None:
        return None, None, rechazo
    sitio, rechazo = _sitio(datos["id_sitio"])
    return datos, sitio, rechazo


def con_ot_y_sitio(request, leido: Leido) -> tuple[dict | None, OTE | None, Sitio | None, JsonResponse | None]:
    """(data, OT, site, refusal) of a sheet request: its `id_ot` (checked first) and its `id_sitio`."""
    datos, ot, rechazo = con_ot(request, leido)
    if rechazo is not None:
        return None, None, None, rechazo
    sitio, rechazo = _sitio(datos["id_sitio"])
    return datos, ot, sitio, rechazo
