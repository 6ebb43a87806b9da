"""Reads only the estimation screens need: the state cards, the OT picker and the contracts offered to choose from.

The estimation reads themselves (lists, lines, totals, concepts, reconciliation) live in selectors.py.
"""

from collections import defaultdict

from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from operaciones.catalogos.constantes import TipoId
from operaciones.catalogos.models import Contrato
from operaciones.ot.models import PartidaAnexoImportada
from operaciones.ot.selectors import VIGENTES, ots_vigentes
from operaciones.produccion.models import Produccion

from .models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader

OTS_EN_BUSQUEDA = 20
ICONOS_ESTADO = {
    EstadoEstimacion.BORRADOR: "bi-pencil-square",
    EstadoEstimacion.EN_REVISION: "bi-search",
    EstadoEstimacion.APROBADA: "bi-check2-circle",
    EstadoEstimacion.FACTURADA: "bi-receipt",
    EstadoEstimacion.PAGADA: "bi-cash-coin",
    EstadoEstimacion.CANCELADA: "bi-x-circle",
}


def tarjetas_por_estado() -> list[dict]:
    """One card per state (every state, even at zero), counted in one query."""
    conteos = dict(EstimacionHeader.objects.values_list("estado").annotate(total=Count("id")).order_by())
    return [
        {
            "estado": e.value,
            "etiqueta": e.label,
            "valor": conteos.get(e.value, 0),
            "texto": f"{conteos.get(e.value, 0):,}",
            "icono": ICONOS_ESTADO[e],
            "moneda": "",
            "nota": "",
        }
        for e in EstadoEstimacion
    ]


def contratos_activos() -> QuerySet:
    """Active contracts, for the list filter and for a family whose contract cannot be deduced."""
    return Contrato.objects.filter(activo=True).order_by("numero_contrato").only("id", "numero_contrato")


def _produccion_sin_estimar() -> QuerySet:
    """Production of the family of the outer OT with volume and no live estimation line."""
    de_la_familia = Q(id_partida_anexo__importacion_anexo__ot_id=OuterRef("pk")) | Q(
        id_partida_anexo__importacion_anexo__ot__ot_principal_id=OuterRef("pk"),
        id_partida_anexo__importacion_anexo__ot__estatus__in=VIGENTES,
    )
    estimada = EstimacionDetalle.objects.filter(id_produccion=OuterRef("pk"), vigente=True)
    return Produccion.objects.filter(de_la_familia, volumen_produccion__gt=0).exclude(Exists(estimada))


def ots_para_estimar(*, texto: str = "", todas: bool = False) -> list[dict]:
    """Initial OTs (families) matching the text, each with its records not yet estimated and its contracts.

    Unless `todas`, only families with production still to bill are offered. Two queries at any size.
    """
    # COUNT as a plain function: the correlated subquery counts the family's rows without a GROUP BY.
    pendientes = _produccion_sin_estimar().order_by().values(n=Func("pk", function="COUNT"))
    ots = ots_vigentes().filter(id_tipo=TipoId.OT_INICIAL)
    if texto:
        ots = ots.filter(
            Q(orden_trabajo__icontains=texto) | Q(descripcion_trabajo__icontains=texto) | Q(oficio_ot__icontains=texto)
        )
    ots = ots.annotate(por_estimar=Coalesce(Subquery(pendientes, output_field=IntegerField()), 0))
    if not todas:
        ots = ots.filter(Exists(_produccion_sin_estimar()))
    filas = list(
        ots.order_by("-id").values("id", "orden_trabajo", "descripcion_trabajo", "por_estimar")[:OTS_EN_BUSQUEDA]
    )
    contratos = contratos_de_familias([f["id"] for f in filas])
    for fila in filas:
        fila["contratos"] = contratos.get(fila["id"], [])
    return filas


def contratos_de_familias(ids: list[int]) -> dict[int, list[dict]]:
    """Family id → the contracts of the concepts of its active annex lines (PUEs have none), in one query."""
    if not ids:
        return {}
    ruta = "concepto__sub_anexo__anexo_maestro__contrato"
    filas = (
        PartidaAnexoImportada.objects.filter(importacion_anexo__es_activo=True, **{f"{ruta}__isnull": False})
        .annotate(familia=Coalesce("importacion_anexo__ot__ot_principal_id", "importacion_anexo__ot_id"))
        .filter(familia__in=ids)
        .values_list("familia", f"{ruta}_id", f"{ruta}__numero_contrato")
        .order_by(f"{ruta}__numero_contrato")
        .distinct()
    )
    por_familia = defaultdict(list)
    for familia, contrato_id, numero in filas:
        por_familia[familia].append({"id": contrato_id, "numero_contrato": numero})
    return dict(por_familia)
