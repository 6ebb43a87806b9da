"""Endpoints of the day page's "Producción propuesta" tab: the TE/CMA proposal of a day log and its confirmation.

GET answers the proposal (costa_fuera.propuesta.propuesta_calcular) inside the envelope; POST confirms a selection
(`seleccion`: a JSON list of {ot, concepto, tipo_tiempo, volumen}, as a JSON body or a form field holding JSON)
through `propuesta_confirmar`, which writes through the production sheet service.

Seeing the proposal needs costa_fuera.view_reportediarioembarcacion; confirming needs produccion.add_produccion and
produccion.change_produccion, plus seeing the report whose log it reads.
"""

import json

from django import forms
from django.core.exceptions import ValidationError

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from operaciones.produccion.models import TipoTiempo
from operaciones.produccion.vistas_comunes import leer_post

from .models import ReporteDiarioEmbarcacion
from .propuesta import propuesta_calcular, propuesta_confirmar

VER_REPORTE = "costa_fuera.view_reportediarioembarcacion"
CAPTURAR = ("produccion.add_produccion", "produccion.change_produccion")
REPORTE_NO_EXISTE = "El reporte diario de embarcación no existe."
SELECCION_MAXIMA = 500
ID_MAXIMO = 2**31 - 1
FORMATO = "La selección debe ser una lista de objetos {ot, concepto, tipo_tiempo, volumen}."


def _entero(valor) -> int | None:
    if isinstance(valor, bool):
        return None
    try:
        numero = int(str(valor).strip())
    except (TypeError, ValueError):
        return None
    return numero if 1 <= numero <= ID_MAXIMO else None


class SeleccionField(forms.Field):
    """The chosen items: shape only (ids, time type, volume present); the values are checked by the service."""

    default_error_messages = {"required": "Seleccione al menos un concepto de la propuesta.", "invalid": FORMATO}

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip() else []
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not isinstance(value, list):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) > SELECCION_MAXIMA:
            raise forms.ValidationError(f"La selección admite a lo más {SELECCION_MAXIMA} conceptos.", code="max")
        return [self._item(i, item) for i, item in enumerate(value)]

    def _item(self, indice: int, item) -> dict:
        if not isinstance(item, dict):
            raise forms.ValidationError(f"Elemento {indice + 1}: {FORMATO}", code="invalid")
        ot, concepto = _entero(item.get("ot")), _entero(item.get("concepto"))
        if ot is None or concepto is None:
            raise forms.ValidationError(f"Elemento {indice + 1}: la OT o el concepto no son válidos.", code="id")
        tipo = str(item.get("tipo_tiempo") or "").strip().upper()
        if tipo not in TipoTiempo.values:
            raise forms.ValidationError(f"Elemento {indice + 1}: el tipo de tiempo debe ser TE o CMA.", code="tipo")
        volumen = item.get("volumen")
        if isinstance(volumen, bool) or not isinstance(volumen, int | float | str) or len(str(volumen)) > 40:
            raise forms.ValidationError(f"Elemento {indice + 1}: el volumen no es válido.", code="volumen")
        return {"ot": ot, "concepto": concepto, "tipo_tiempo": tipo, "volumen": str(volumen)}


class ConfirmarForm(forms.Form):
    seleccion = SeleccionField()


@permiso_requerido(VER_REPORTE)
@solo_get
def propuesta(request, pk):
    """The day log's TE/CMA hours per OT and the day-rate concepts' current → proposed volumes (writes nothing)."""
    reporte = ReporteDiarioEmbarcacion.objects.select_related("embarcacion").filter(pk=pk).first()
    if reporte is None:
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    return respuestas.exito("", **propuesta_calcular(reporte))


@permiso_requerido(VER_REPORTE, *CAPTURAR)
@solo_post
def propuesta_confirmar_vista(request, pk):
    """Write the chosen proposals through the production sheet service; one refused cell writes nothing."""
    if not ReporteDiarioEmbarcacion.objects.filter(pk=pk).exists():
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    datos, rechazo = leer_post(request, ConfirmarForm)
    if rechazo is not None:
        return rechazo
    try:
        r = propuesta_confirmar(reporte_id=pk, seleccion=datos["seleccion"], usuario=request.user)
    except ReporteDiarioEmbarcacion.DoesNotExist:  # deleted since the check above
        return respuestas.no_encontrado(REPORTE_NO_EXISTE)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    detalles = (
        f"Producción confirmada: {r.creados} registros nuevos y {r.actualizados} modificados."
        if r.cambios
        else "Sin cambios: la producción ya estaba registrada así."
    )
    return respuestas.exito(
        detalles,
        creados=r.creados,
        actualizados=r.actualizados,
        sin_cambios=r.sin_cambios,
        excedentes_cambiados=r.excedentes_cambiados,
    )
