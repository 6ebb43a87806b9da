"""Excess (excedente), the one definition (DESIGN §6) used by production capture, annex imports and recalculation.

For an OT family (the initial OT and its reprogrammings that are not deleted) and one concept, production rows of
every type (TE and CMA) and site are walked in (fecha_produccion, id) order; a row is excess when the running
total, including it, is above the authorised volume. The authorised volume is the projected volume of the
concept's line in the most recent active annex version of the family that contains the concept (by fecha_carga,
then id); a concept no active version contains has nothing authorised. The original had two algorithms that
disagreed (code variants and rounding to 4 decimals in one, exact codes in the other); here the sums are exact
Decimals and a concept is known by its catalogue id, or by (anexo, partida without trailing dot) for lines that
were never linked to the catalogue.
"""

from collections import defaultdict
from decimal import Decimal

from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.ot.models import OTE, PartidaAnexoImportada

from .models import Produccion

CERO = Decimal(0)


def clave_concepto(concepto_id: int | None, anexo: str, id_partida: str) -> tuple:
    """Identity of a concept across annex versions: its catalogue id, else (anexo, code without trailing dot)."""
    if concepto_id:
        return ("concepto", concepto_id)
    anexo_normal = " ".join((anexo or "").upper().split())
    return ("codigo", anexo_normal, "".join((id_partida or "").upper().split()).rstrip("."))


def ids_familia(*, ot: OTE) -> list[int]:
    """Ids of the OT family: the initial OT (ot.ot_principal or the OT itself) and its live reprogrammings."""
    principal = ot.ot_principal_id or ot.pk
    reprogramaciones = OTE.objects.filter(ot_principal_id=principal).exclude(estatus=EstatusRegistro.ELIMINADO)
    return [principal, *reprogramaciones.values_list("pk", flat=True)]


def _lineas_autorizadas(familia: list[int]) -> dict[tuple, dict]:
    """Concept → its line(s) in the most recent active annex version of the family that contains it."""
    lineas = (
        PartidaAnexoImportada.objects.filter(importacion_anexo__ot_id__in=familia, importacion_anexo__es_activo=True)
        .order_by("-importacion_anexo__fecha_carga", "-importacion_anexo_id", "orden_fila", "id")
        .values_list(
            "importacion_anexo_id", "concepto_id", "anexo", "id_partida", "descripcion_concepto", "volumen_proyectado"
        )
    )
    elegidas: dict[tuple, dict] = {}
    for version, concepto_id, anexo, id_partida, descripcion, volumen in lineas:
        clave = clave_concepto(concepto_id, anexo, id_partida)
        datos = elegidas.setdefault(
            clave,
            {"version": version, "anexo": anexo, "partida": id_partida, "descripcion": descripcion, "volumen": CERO},
        )
        if datos["version"] == version:
            # The same concept twice in one version: both lines are authorised.
            datos["volumen"] += volumen
    return elegidas


def volumenes_autorizados(familia: list[int]) -> dict[tuple, Decimal]:
    """Concept → projected volume in the most recent active annex version of the family that contains it."""
    return {clave: datos["volumen"] for clave, datos in _lineas_autorizadas(familia).items()}


def _producciones(familia: list[int], *, con_descripcion: bool = False):
    campos = [
        "pk",
        "volumen_produccion",
        "es_excedente",
        "id_partida_anexo__concepto_id",
        "id_partida_anexo__anexo",
        "id_partida_anexo__id_partida",
    ]
    if con_descripcion:
        campos.append("id_partida_anexo__descripcion_concepto")
    return (
        Produccion.objects.filter(id_partida_anexo__importacion_anexo__ot_id__in=familia)
        .order_by("fecha_produccion", "id")
        .values_list(*campos)
    )


def excedentes_recalcular(*, ot: OTE) -> int:
    """Recompute es_excedente for every production row of the OT's family; returns how many rows changed."""
    familia = ids_familia(ot=ot)
    autorizado = volumenes_autorizados(familia)
    acumulado: dict[tuple, Decimal] = defaultdict(lambda: CERO)
    cambiadas = []
    for pk, volumen, marcada, concepto_id, anexo, id_partida in _producciones(familia):
        clave = clave_concepto(concepto_id, anexo, id_partida)
        acumulado[clave] += volumen
        excede = acumulado[clave] > autorizado.get(clave, CERO)
        if excede != marcada:
            cambiadas.append(Produccion(pk=pk, es_excedente=excede))
    if cambiadas:
        Produccion.objects.bulk_update(cambiadas, ["es_excedente"], batch_size=500)
    return len(cambiadas)


def excedentes_de_familia(*, ot: OTE) -> list[dict]:
    """Per concept with production or an authorised volume: authorised, produced and the excess above it."""
    familia = ids_familia(ot=ot)
    lineas = _lineas_autorizadas(familia)
    producido: dict[tuple, Decimal] = defaultdict(lambda: CERO)
    for _, volumen, _, concepto_id, anexo, id_partida, descripcion in _producciones(familia, con_descripcion=True):
        clave = clave_concepto(concepto_id, anexo, id_partida)
        producido[clave] += volumen
        lineas.setdefault(clave, {"anexo": anexo, "partida": id_partida, "descripcion": descripcion, "volumen": CERO})
    filas = []
    for clave, datos in lineas.items():
        tope, hecho = datos["volumen"], producido.get(clave, CERO)
        filas.append(
            {
                "concepto_id": clave[1] if clave[0] == "concepto" else None,
                "anexo": datos["anexo"],
                "partida": datos["partida"],
                "descripcion": datos["descripcion"],
                "autorizado": tope,
                "producido": hecho,
                "excedente": max(hecho - tope, CERO),
            }
        )
    return sorted(filas, key=lambda f: (f["anexo"], f["partida"], f["descripcion"]))
