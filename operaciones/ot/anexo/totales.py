"""Totals of an annex version: M.N., USD and the homologado at the exchange rate the user entered."""

from decimal import Decimal, localcontext

from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.functions import Round

from core.money import redondear_centavos

from ..models import ImportacionAnexo, PartidaAnexoImportada

CERO = Decimal("0.00")


def _sumas_en_base(partidas) -> tuple[Decimal, Decimal, int]:
    datos = partidas.aggregate(
        mn=Sum(Round(F("volumen_proyectado") * F("precio_unitario_mn"), 2)),
        usd=Sum(Round(F("volumen_proyectado") * F("precio_unitario_usd"), 2)),
        lineas=Count("id"),
    )
    return redondear_centavos(datos["mn"]), redondear_centavos(datos["usd"]), datos["lineas"]


def _sumas_exactas(partidas) -> tuple[Decimal, Decimal, int]:
    mn = usd = CERO
    lineas = 0
    with localcontext() as contexto:
        contexto.prec = 60  # 18-digit volume × 18-digit price, exactly
        for volumen, pu_mn, pu_usd in partidas.values_list(
            "volumen_proyectado", "precio_unitario_mn", "precio_unitario_usd"
        ):
            mn += redondear_centavos(volumen * pu_mn)
            usd += redondear_centavos(volumen * pu_usd)
            lineas += 1
    return mn, usd, lineas


def anexo_totales(importacion: ImportacionAnexo | None, tipo_cambio: Decimal | None = None) -> dict:
    """Σ round(volumen × P.U., 2) per currency over the version's lines (one query); homologado only with a TC.

    The exchange rate is the one given, else the one stored on the version; never a constant.
    """
    if tipo_cambio is None and importacion is not None:
        tipo_cambio = importacion.tipo_cambio
    if importacion is None or importacion.pk is None:
        mn, usd, lineas = CERO, CERO, 0
    else:
        partidas = PartidaAnexoImportada.objects.filter(importacion_anexo_id=importacion.pk)
        # PostgreSQL rounds numeric half away from zero, as core.money does. SQLite multiplies binary floats,
        # which would miss half-cent products, so there the same single query brings the rows and Python sums.
        sumar = _sumas_en_base if connection.vendor == "postgresql" else _sumas_exactas
        mn, usd, lineas = sumar(partidas)
    homologado = None
    if tipo_cambio is not None and tipo_cambio > 0:
        homologado = redondear_centavos(mn + usd * tipo_cambio)
    return {"mn": mn, "usd": usd, "homologado": homologado, "tipo_cambio": tipo_cambio, "lineas": lineas}
