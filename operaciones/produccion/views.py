"""Endpoints of the "Producción" tab of the production screen (reference §1.3, §3.3); the page is views_pagina.py.

Sheet endpoints keep the original's paths and request shapes and answer the envelope of DESIGN §4: permission →
form → object lookup (missing OT or site: 404) → service → JSON. A refused cell is a 400 naming the cell.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from operaciones.catalogos.models import ConceptoMaestro

from . import services
from .forms import GuardarHojaForm, OtIdForm, ParametrosHojaForm, VincularPartidaForm
from .hoja import hoja_produccion
from .vistas_comunes import con_ot, con_ot_y_sitio, leer_post, validar

VER = "produccion.view_produccion"
CAPTURAR = ("produccion.add_produccion", "produccion.change_produccion")
CONCEPTO_NO_EXISTE = "El concepto del catálogo no existe."


@permiso_requerido(VER)
@solo_get
def obtener_partidas_produccion(request):
    """The month sheet of an OT family at a site: consolidated concepts, day cells, subtotals and KPIs."""
    d, ot, sitio, rechazo = con_ot_y_sitio(request, validar(ParametrosHojaForm(request.GET)))
    if rechazo is not None:
        return rechazo
    hoja = hoja_produccion(ot=ot, mes=d["mes"], anio=d["anio"], tipo_tiempo=d["tipo_tiempo"], sitio=sitio)
    return JsonResponse({"exito": True, "tipo_aviso": "exito", "detalles": "", **hoja})


@permiso_requerido(*CAPTURAR)
@solo_post
def guardar_produccion_masiva(request):
    """Save a whole month sheet in one request and one transaction; every cell validated on the server."""
    d, ot, sitio, rechazo = con_ot_y_sitio(request, leer_post(request, GuardarHojaForm))
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
    _, ot, rechazo = con_ot(request, leer_post(request, OtIdForm))
    if rechazo is not None:
        return rechazo
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
    d, ot, rechazo = con_ot(request, leer_post(request, VincularPartidaForm))
    if rechazo is not None:
        return rechazo
    concepto = ConceptoMaestro.objects.select_related("sub_anexo").filter(pk=d["id_producto"]).first()
    if concepto is None:
        return respuestas.no_encontrado(CONCEPTO_NO_EXISTE)
    try:
        linea = services.partida_vincular_ot(ot=ot, concepto=concepto, usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.creado(f"Partida {linea.id_partida} agregada al anexo de la OT {ot}.", linea.pk)
