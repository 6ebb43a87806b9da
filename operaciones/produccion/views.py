"""Endpoints of the "Producción" tab of the production screen (reference §1.3, §3.3); the page is views_pagina.py.

Sheet endpoints keep the original's paths and request shapes and answer the envelope of DESIGN §4: permission →
form → object lookup (missing OT or site: 404) → service → JSON. A refused cell is a 400 naming the cell.
"""

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from operaciones.catalogos.models import ConceptoMaestro, Sitio
from operaciones.ot.selectors import ot_para_usuario

from . import services
from .forms import GuardarHojaForm, OtIdForm, ParametrosHojaForm, VincularPartidaForm
from .hoja import hoja_produccion

VER = "produccion.view_produccion"
CAPTURAR = ("produccion.add_produccion", "produccion.change_produccion")
OT_NO_EXISTE = "La OT no existe o fue eliminada."
SITIO_NO_EXISTE = "El sitio no existe."
CONCEPTO_NO_EXISTE = "El concepto del catálogo no existe."


def _cuerpo(request):
    """The POST body as a dict (JSON, or the form fields), or None when it is not a JSON object."""
    if request.content_type != "application/json":
        return request.POST
    try:
        datos = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return datos if isinstance(datos, dict) else None


def _json_invalido() -> JsonResponse:
    return respuestas.error("El cuerpo de la solicitud debe ser un objeto JSON válido.")


def _invalido(form) -> JsonResponse:
    primero = next((str(m) for mensajes in form.errors.values() for m in mensajes), "Revise los datos marcados.")
    return respuestas.errores_formulario(form, primero)


def _ot_y_sitio(request, datos):
    """(OT, site, refusal) for the ids of a sheet request."""
    ot = ot_para_usuario(request.user, datos["id_ot"])
    if ot is None:
        return None, None, respuestas.no_encontrado(OT_NO_EXISTE)
    sitio = Sitio.objects.filter(pk=datos["id_sitio"]).first()
    if sitio is None:
        return None, None, respuestas.no_encontrado(SITIO_NO_EXISTE)
    return ot, sitio, None


@permiso_requerido(VER)
@solo_get
def obtener_partidas_produccion(request):
    """The month sheet of an OT family at a site: consolidated concepts, day cells, subtotals and KPIs."""
    form = ParametrosHojaForm(request.GET)
    if not form.is_valid():
        return _invalido(form)
    d = form.cleaned_data
    ot, sitio, rechazo = _ot_y_sitio(request, d)
    if rechazo is not None:
        return rechazo
    hoja = hoja_produccion(ot=ot, mes=d["mes"], anio=d["anio"], tipo_tiempo=d["tipo_tiempo"], sitio=sitio)
    return JsonResponse({"exito": True, "tipo_aviso": "exito", "detalles": "", **hoja})


@permiso_requerido(*CAPTURAR)
@solo_post
def guardar_produccion_masiva(request):
    """Save a whole month sheet in one request and one transaction; every cell validated on the server."""
    cuerpo = _cuerpo(request)
    if cuerpo is None:
        return _json_invalido()
    form = GuardarHojaForm(cuerpo)
    if not form.is_valid():
        return _invalido(form)
    d = form.cleaned_data
    ot, sitio, rechazo = _ot_y_sitio(request, d)
    if rechazo is not None:
        return rechazo
    try:
        r = services.produccion_guardar_hoja(
            ot=ot,
            mes=d["mes"],
            anio=d["anio"],
            tipo_tiempo=d["tipo_tiempo"],
            sitio=sitio,
            partidas=d["partidas"],
            usuario=request.user,
        )
    except ValidationError as rechazo_servicio:
        return respuestas.errores_validacion(rechazo_servicio)
    detalles = (
        f"Se guardaron {r.cambios} cambios (nuevos {r.creados}, modificados {r.actualizados}, "
        f"eliminados {r.eliminados})."
        if r.cambios
        else "Sin cambios: la hoja ya estaba guardada así."
    )
    return respuestas.exito(
        detalles,
        creados=r.creados,
        actualizados=r.actualizados,
        eliminados=r.eliminados,
        sin_cambios=r.sin_cambios,
        excedentes_cambiados=r.excedentes_cambiados,
    )


@permiso_requerido("produccion.change_produccion")
@solo_post
def recalcular_excedentes(request):
    """Recompute the excess flags of the OT's whole family (DESIGN §6) and say how many changed."""
    cuerpo = _cuerpo(request)
    if cuerpo is None:
        return _json_invalido()
    form = OtIdForm(cuerpo)
    if not form.is_valid():
        return _invalido(form)
    ot = ot_para_usuario(request.user, form.cleaned_data["id_ot"])
    if ot is None:
        return respuestas.no_encontrado(OT_NO_EXISTE)
    cambiadas = services.produccion_recalcular_excedentes(ot=ot, usuario=request.user)
    detalles = (
        f"Excedentes recalculados: cambiaron {cambiadas} marcas."
        if cambiadas
        else "Excedentes recalculados: las marcas ya estaban al día."
    )
    return respuestas.exito(detalles, cambiadas=cambiadas)


@permiso_requerido(VER, "ot.change_ote")
@solo_post
def vincular_partida_ot(request):
    """Add a catalogue concept to the OT's active annex (volume 0, catalogue prices)."""
    cuerpo = _cuerpo(request)
    if cuerpo is None:
        return _json_invalido()
    form = VincularPartidaForm(cuerpo)
    if not form.is_valid():
        return _invalido(form)
    ot = ot_para_usuario(request.user, form.cleaned_data["id_ot"])
    if ot is None:
        return respuestas.no_encontrado(OT_NO_EXISTE)
    concepto = ConceptoMaestro.objects.select_related("sub_anexo").filter(pk=form.cleaned_data["id_producto"]).first()
    if concepto is None:
        return respuestas.no_encontrado(CONCEPTO_NO_EXISTE)
    try:
        linea = services.partida_vincular_ot(ot=ot, concepto=concepto, usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.creado(f"Partida {linea.id_partida} agregada al anexo de la OT {ot}.", linea.pk)
