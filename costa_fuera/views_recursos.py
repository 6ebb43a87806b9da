"""Endpoints of a day's POB, consumables and incidents: permission → body → service → JSON envelope (DESIGN §4).

Photos are served only through `incidencia_foto`, which checks the view permission of the report; they are never
linked as bare media URLs.
"""

import json
import os
from decimal import Decimal

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import FileResponse, Http404

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post

from . import consumibles, incidencias, pob
from .models import FotoIncidencia, Incidencia, ReporteDiarioEmbarcacion, Severidad, TipoRecurso
from .selectors_recursos import (
    PERMISO_EDITAR,
    PERMISO_VER,
    incidencias_del_reporte,
    inventarios_del_reporte,
    pob_del_reporte,
)

JSON_INVALIDO = "El cuerpo de la solicitud no es JSON válido."
REPORTE_NO_EXISTE = "El reporte diario no existe."
INCIDENCIA_NO_EXISTE = "La incidencia no existe."
FOTO_NO_EXISTE = "La foto no existe."


class InventarioForm(forms.Form):
    """Shapes only; quantities (≥ 0, 3 decimals) and the balance are checked by consumibles.inventario_guardar."""

    tipo_recurso = forms.ChoiceField(
        choices=TipoRecurso.choices,
        error_messages={"required": "Indique el recurso.", "invalid_choice": "El recurso debe ser DIESEL o AGUA."},
    )
    suministro = forms.CharField(required=False, max_length=30, strip=True)
    consumo = forms.CharField(required=False, max_length=30, strip=True)
    trasiego = forms.CharField(required=False, max_length=30, strip=True)
    lectura_pemex = forms.CharField(required=False, max_length=30, strip=True)
    existencia_anterior = forms.CharField(required=False, max_length=30, strip=True)


class IncidenciaForm(forms.Form):
    tipo = forms.CharField(
        max_length=incidencias.LARGO_TIPO,
        error_messages={"required": "Indique el tipo de incidencia.", "max_length": "El tipo es demasiado largo."},
    )
    severidad = forms.ChoiceField(
        choices=Severidad.choices,
        error_messages={
            "required": "Indique la severidad.",
            "invalid_choice": "La severidad debe ser Baja, Media, Alta o Crítica.",
        },
    )
    descripcion = forms.CharField(
        max_length=incidencias.LARGO_DESCRIPCION,
        error_messages={"required": "Describa la incidencia.", "max_length": "La descripción es demasiado larga."},
    )
    visible_cliente = forms.BooleanField(required=False)


class FotoForm(forms.Form):
    foto = forms.FileField(
        error_messages={
            "required": "Adjunte la foto (JPEG, PNG o WebP).",
            "empty": "La foto está vacía.",
            "invalid": "Adjunte la foto como archivo.",
        }
    )


_MALFORMADO = object()


def _cuerpo(request):
    """The POST body: parsed JSON (any type) for a JSON request, else the form fields; a sentinel when malformed."""
    if request.content_type != "application/json":
        return request.POST
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _MALFORMADO


def _texto(valor) -> str:
    return "" if valor is None else str(valor)


def _inventario_json(fila: dict) -> dict:
    return {k: (_texto(v) if isinstance(v, Decimal) else v) for k, v in fila.items()}


def _filas_pob(cuerpo):
    """The POB rows of the body: {"filas": [...]}, a bare list, or a form field `filas` holding JSON text."""
    if isinstance(cuerpo, list):
        return cuerpo
    if not hasattr(cuerpo, "get"):
        return _MALFORMADO
    filas = cuerpo.get("filas")
    if isinstance(filas, str):
        try:
            return json.loads(filas)
        except ValueError:
            return _MALFORMADO
    return filas if filas is not None else _MALFORMADO


@permiso_requerido(PERMISO_EDITAR)
@solo_post
def pob_guardar(request, pk: int):
    """Replace the day's persons on board with the rows sent (company, category, head count)."""
    filas = _filas_pob(_cuerpo(request))
    if filas is _MALFORMADO:
        return respuestas.error(JSON_INVALIDO, errores={"filas": ["Envíe los renglones como una lista JSON."]})
    try:
        pob.pob_guardar(reporte_id=pk, filas=filas, usuario=request.user)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    resumen = pob_del_reporte(ReporteDiarioEmbarcacion.objects.select_related("embarcacion").get(pk=pk))
    return respuestas.exito(f"Se guardó el personal a bordo: {resumen['total']} personas.", pob=resumen)


@permiso_requerido(PERMISO_EDITAR)
@solo_post
def inventario_guardar(request, pk: int):
    """Save one resource's movements of the day; the balance is computed and carried to the later days."""
    cuerpo = _cuerpo(request)
    if not hasattr(cuerpo, "get"):
        return respuestas.error(JSON_INVALIDO)
    form = InventarioForm(cuerpo)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    datos = form.cleaned_data
    try:
        fila, posteriores = consumibles.inventario_guardar(
            reporte_id=pk,
            tipo_recurso=datos["tipo_recurso"],
            suministro=datos["suministro"],
            consumo=datos["consumo"],
            trasiego=datos["trasiego"],
            lectura_pemex=datos["lectura_pemex"],
            existencia_anterior=datos["existencia_anterior"] or None,
            usuario=request.user,
        )
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    detalles = f"Se guardó el inventario de {fila.get_tipo_recurso_display().lower()}."
    if posteriores:
        detalles += f" Se recalcularon {len(posteriores)} días posteriores."
    inventario = next(i for i in inventarios_del_reporte(fila.reporte) if i["tipo_recurso"] == fila.tipo_recurso)
    return respuestas.exito(detalles, inventario=_inventario_json(inventario), recalculados=len(posteriores))


def _datos_incidencia(request):
    cuerpo = _cuerpo(request)
    if not hasattr(cuerpo, "get"):
        return None, respuestas.error(JSON_INVALIDO)
    form = IncidenciaForm(cuerpo)
    if not form.is_valid():
        return None, respuestas.formulario_invalido(form)
    return form.cleaned_data, None


def _incidencia_json(incidencia: Incidencia) -> dict:
    fila = next(i for i in incidencias_del_reporte(incidencia.reporte) if i["id"] == incidencia.pk)
    return {**fila, "fecha_registro": fila["fecha_registro"].isoformat()}


@permiso_requerido("costa_fuera.add_incidencia")
@solo_post
def incidencia_crear(request, pk: int):
    """Log an incident in the day's report."""
    datos, rechazo = _datos_incidencia(request)
    if rechazo is not None:
        return rechazo
    try:
        incidencia = incidencias.incidencia_crear(reporte_id=pk, usuario=request.user, **datos)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.creado("Se registró la incidencia.", incidencia.pk, incidencia=_incidencia_json(incidencia))


@permiso_requerido("costa_fuera.change_incidencia")
@solo_post
def incidencia_editar(request, pk: int):
    """Change an incident's type, severity, description or visibility to the client."""
    datos, rechazo = _datos_incidencia(request)
    if rechazo is not None:
        return rechazo
    try:
        incidencia = incidencias.incidencia_editar(incidencia_id=pk, usuario=request.user, **datos)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(INCIDENCIA_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito("Se guardó la incidencia.", incidencia=_incidencia_json(incidencia))


@permiso_requerido("costa_fuera.delete_incidencia")
@solo_post
def incidencia_borrar(request, pk: int):
    """Delete an incident and its photos."""
    try:
        incidencias.incidencia_borrar(incidencia_id=pk, usuario=request.user)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(INCIDENCIA_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito("Se eliminó la incidencia.")


# Adding or removing a photo changes the incident: the same permission as editing it.
@permiso_requerido("costa_fuera.change_incidencia")
@solo_post
def incidencia_foto_subir(request, pk: int):
    """Attach a photo (JPEG, PNG or WebP, checked by content and size) to an incident."""
    form = FotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        foto = incidencias.foto_subir(incidencia_id=pk, archivo=form.cleaned_data["foto"], usuario=request.user)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(INCIDENCIA_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.creado("Se agregó la foto.", foto.pk, sha256=foto.sha256, tipo_contenido=foto.tipo_contenido)


@permiso_requerido("costa_fuera.change_incidencia")
@solo_post
def incidencia_foto_borrar(request, pk: int):
    """Remove a photo of an incident."""
    try:
        incidencias.foto_borrar(foto_id=pk, usuario=request.user)
    except ObjectDoesNotExist:
        return respuestas.no_encontrado(FOTO_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito("Se eliminó la foto.")


@permiso_requerido(PERMISO_VER)
@solo_get
def incidencia_foto(request, pk: int):
    """An incident's photo with its detected type, shown inline and never sniffed as anything else."""
    foto = FotoIncidencia.objects.filter(pk=pk).first()
    if foto is None or not foto.archivo:
        raise Http404(FOTO_NO_EXISTE)
    try:
        contenido = foto.archivo.open("rb")
    except OSError:
        raise Http404("El archivo de la foto no está disponible.") from None
    extension = os.path.splitext(foto.archivo.name)[1]
    respuesta = FileResponse(
        contenido, content_type=foto.tipo_contenido or "application/octet-stream", filename=f"foto_{foto.pk}{extension}"
    )
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return respuesta
