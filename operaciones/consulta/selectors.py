"""Figures of the Centro de consulta, mode "Información": every aggregate is one query in the database.

Amounts are Σ round(volume × PU, 2) per production row, the same rule as the monthly sheet and the estimations
(operaciones/produccion/hoja.py, operaciones/estimaciones/selectors.py), in MXN and USD; TE and CMA both count
unless the filter picks one.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from core.money import importe_produccion_sql, redondear_centavos
from operaciones.ot.models import PartidaProyectada
from operaciones.produccion.models import Produccion

CERO = Decimal(0)
SEIS_DECIMALES = Decimal("0.000001")
_IMPORTE = DecimalField(max_digits=38, decimal_places=10)
_VOLUMEN = DecimalField(max_digits=38, decimal_places=6)
LIDER = "id_reporte_mensual__id_ot__id_responsable_proyecto"


def importe_sql(precio: str):
    """round(volume × PU, 2) of one production row, in the database (the house rule in core.money)."""
    return importe_produccion_sql(precio)


def centavos(valor) -> Decimal:
    """A summed amount rounded to cents (None → 0)."""
    return redondear_centavos(valor or CERO)


def volumen_exacto(valor) -> Decimal:
    """A summed volume with the model's six decimals (SQLite returns them unscaled; None → 0)."""
    return (valor or CERO).quantize(SEIS_DECIMALES)


def produccion_base() -> QuerySet:
    """Every production row with what its table row and export show (one query, joined)."""
    return Produccion.objects.select_related(
        "id_partida_anexo", "id_sitio_produccion", "id_reporte_mensual__id_ot__id_responsable_proyecto"
    ).annotate(importe_mn=importe_sql("precio_unitario_mn"), importe_usd=importe_sql("precio_unitario_usd"))


def _sumas(condicion: Q | None = None) -> dict:
    return {
        "volumen": Sum("volumen_produccion", filter=condicion, output_field=_VOLUMEN),
        "importe_mn": Sum(importe_sql("precio_unitario_mn"), filter=condicion, output_field=_IMPORTE),
        "importe_usd": Sum(importe_sql("precio_unitario_usd"), filter=condicion, output_field=_IMPORTE),
    }


def indicadores(condicion_produccion: Q, condicion_programado: Q) -> dict:
    """KPI cards: produced amounts, volumes, excess amounts, OTs and rows (one query) + programmed volume (one)."""
    excedente = Q(es_excedente=True)
    fila = Produccion.objects.filter(condicion_produccion).aggregate(
        **_sumas(),
        excedente_mn=Sum(importe_sql("precio_unitario_mn"), filter=excedente, output_field=_IMPORTE),
        excedente_usd=Sum(importe_sql("precio_unitario_usd"), filter=excedente, output_field=_IMPORTE),
        ots=Count("id_reporte_mensual__id_ot", distinct=True),
        filas=Count("pk"),
    )
    programado = PartidaProyectada.objects.filter(condicion_programado).aggregate(
        v=Sum("volumen_programado", output_field=_VOLUMEN)
    )["v"]
    return {
        "importe_mn": centavos(fila["importe_mn"]),
        "importe_usd": centavos(fila["importe_usd"]),
        "volumen_producido": volumen_exacto(fila["volumen"]),
        "volumen_programado": volumen_exacto(programado),
        "excedente_mn": centavos(fila["excedente_mn"]),
        "excedente_usd": centavos(fila["excedente_usd"]),
        "ots": fila["ots"],
        "filas": fila["filas"],
    }


def serie_diaria(condicion_produccion: Q, condicion_programado: Q) -> list[dict]:
    """Produced vs programmed volume per day (one grouped query each), days in order."""
    producido = (
        Produccion.objects.filter(condicion_produccion)
        .values("fecha_produccion")
        .annotate(**_sumas())
        .order_by("fecha_produccion")
    )
    programado = (
        PartidaProyectada.objects.filter(condicion_programado)
        .values("fecha")
        .annotate(v=Sum("volumen_programado", output_field=_VOLUMEN))
        .order_by("fecha")
    )
    dias: dict = {}
    for p in producido:
        dias[p["fecha_produccion"]] = {
            "producido": volumen_exacto(p["volumen"]),
            "programado": CERO.quantize(SEIS_DECIMALES),
            "importe_mn": centavos(p["importe_mn"]),
            "importe_usd": centavos(p["importe_usd"]),
        }
    for p in programado:
        dia = dias.setdefault(
            p["fecha"],
            {
                "producido": volumen_exacto(0),
                "programado": volumen_exacto(0),
                "importe_mn": centavos(0),
                "importe_usd": centavos(0),
            },
        )
        dia["programado"] = volumen_exacto(p["v"])
    return [{"fecha": fecha, **valores} for fecha, valores in sorted(dias.items())]


def por_lider(condicion_produccion: Q) -> list[dict]:
    """Produced amounts and volume per project leader (one grouped query), largest MXN amount first."""
    filas = (
        Produccion.objects.filter(condicion_produccion)
        .values(lider_id=F(f"{LIDER}_id"), lider=F(f"{LIDER}__descripcion"))
        .annotate(**_sumas())
        .order_by("lider", "lider_id")
    )
    resultado = [
        {
            "lider_id": f["lider_id"],
            "lider": f["lider"],
            "volumen": volumen_exacto(f["volumen"]),
            "importe_mn": centavos(f["importe_mn"]),
            "importe_usd": centavos(f["importe_usd"]),
        }
        for f in filas
    ]
    return sorted(resultado, key=lambda f: (-f["importe_mn"], f["lider"] or ""))


def por_periodo(condicion_produccion: Q, nivel: str, anio: int | None = None, mes: int | None = None) -> list[dict]:
    """Drill-down: per year, per month of `anio`, or per day of `anio`/`mes` (one grouped query)."""
    qs = Produccion.objects.filter(condicion_produccion)
    if nivel == "anio":
        periodo = ExtractYear("fecha_produccion")
    elif nivel == "mes":
        qs = qs.filter(fecha_produccion__year=anio)
        periodo = ExtractMonth("fecha_produccion")
    else:
        qs = qs.filter(fecha_produccion__year=anio, fecha_produccion__month=mes)
        periodo = F("fecha_produccion")
    filas = qs.values(periodo=periodo).annotate(**_sumas()).order_by("periodo")
    return [
        {
            "periodo": f["periodo"],
            "volumen": volumen_exacto(f["volumen"]),
            "importe_mn": centavos(f["importe_mn"]),
            "importe_usd": centavos(f["importe_usd"]),
        }
        for f in filas
    ]
