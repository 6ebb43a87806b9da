"""Figures of the Centro de consulta, mode "Información": every aggregate is one query in the database.

Amounts are Σ round(volume × PU, 2) per production row, the same rule as the monthly sheet and the estimations
(operaciones/produccion/hoja.py, operaciones/estimaciones/selectors.py), in MXN and USD; TE and CMA both count
unless the filter picks one.
"""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import ExtractMonth, ExtractYear, Round, Trim, Upper

from core.money import importe_produccion_sql, redondear_centavos
from operaciones.catalogos.constantes import EstatusId
from operaciones.estimaciones.models import EstadoEstimacion
from operaciones.estimaciones.selectors import ESTADOS_APROBADOS, ESTADOS_FACTURADOS
from operaciones.ot.models import PartidaProyectada
from operaciones.produccion.gpu import anexos_con_gpu
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


# --- Funnel of statuses and S-curve ---------------------------------------------------------------------------------

# (key, label) of each stage of the funnel, in order: the chain of conciliacion_familia (estimations), applied to the
# filtered production rows instead of one OT family.
ETAPAS_EMBUDO = (
    ("producido", "Producido"),
    ("liberado", "GPU firmado / liberado"),
    ("estimado", "Estimado"),
    ("aprobado", "Aprobado"),
    ("facturado", "Facturado"),
    ("pagado", "Pagado"),
)


def _condicion_liberada() -> Q:
    """Production released for billing: a FIRMADO GPU, or an anexo that needs none (as the estimations read it)."""
    con_gpu = anexos_con_gpu()
    if not con_gpu:
        return Q()
    return Q(gpu__id_estatus_id=EstatusId.FIRMADO) | ~Q(anexo_gpu__in=con_gpu)


def embudo(condicion_produccion: Q) -> list[dict]:
    """Funnel of the filtered production: produced → GPU signed (released) → estimated → approved → invoiced → paid.

    ONE aggregate query: each production row joins its GPU (one-to-one) and its live estimation line (a partial
    unique constraint allows at most one), so no row is counted twice. Produced and released amounts are
    Σ round(volume × PU, 2) per row (core.money); the estimation stages sum the amounts stored on the lines, as the
    estimation bills them. Approved, invoiced and paid are cumulative (a paid line was approved and invoiced too).
    """
    linea = "linea_vigente"
    estado = f"{linea}__id_estimacion_header__estado"
    condiciones = {
        "producido": None,
        "liberado": _condicion_liberada(),
        "estimado": Q(**{f"{linea}__isnull": False}),
        "aprobado": Q(**{f"{estado}__in": ESTADOS_APROBADOS}),
        "facturado": Q(**{f"{estado}__in": ESTADOS_FACTURADOS}),
        "pagado": Q(**{estado: EstadoEstimacion.PAGADA}),
    }
    sumas = {}
    for clave, condicion in condiciones.items():
        condicion = condicion or None
        if clave in ("producido", "liberado"):
            mn, usd = importe_sql("precio_unitario_mn"), importe_sql("precio_unitario_usd")
        else:
            mn, usd = F(f"{linea}__importe_mn"), F(f"{linea}__importe_usd")
        sumas[f"{clave}_n"] = Count("pk", filter=condicion)
        sumas[f"{clave}_mn"] = Sum(mn, filter=condicion, output_field=_IMPORTE)
        sumas[f"{clave}_usd"] = Sum(usd, filter=condicion, output_field=_IMPORTE)
    fila = (
        Produccion.objects.filter(condicion_produccion)
        .alias(
            anexo_gpu=Upper(Trim("id_partida_anexo__anexo")),
            **{linea: FilteredRelation("estimaciones_detalle", condition=Q(estimaciones_detalle__vigente=True))},
        )
        .aggregate(**sumas)
    )
    return [
        {
            "etapa": clave,
            "etiqueta": etiqueta,
            "registros": fila[f"{clave}_n"],
            "importe_mn": centavos(fila[f"{clave}_mn"]),
            "importe_usd": centavos(fila[f"{clave}_usd"]),
        }
        for clave, etiqueta in ETAPAS_EMBUDO
    ]


class _SumaAcumulada(Func):
    """SUM(<daily aggregate>) OVER (ORDER BY day): the running total of a grouped sum, computed by the database."""

    function = "SUM"
    window_compatible = True
    output_field = _IMPORTE


def _acumulado(expresion, fecha: str) -> Window:
    return Window(_SumaAcumulada(Sum(expresion, output_field=_IMPORTE)), order_by=F(fecha).asc())


def _importe_programado(precio: str):
    """round(programmed volume × PU, 2) of one programmed day of an annex line (the same per-row rule)."""
    producto = ExpressionWrapper(F("volumen_programado") * F(f"partida_anexo__{precio}"), output_field=_IMPORTE)
    return Round(producto, 2, output_field=_IMPORTE)


def curva_s(condicion_produccion: Q, condicion_programado: Q) -> list[dict]:
    """S-curve: cumulative produced vs cumulative programmed amount (MXN and USD) per day of the filtered period.

    One grouped query per side; each running total is a window over the daily sums in the database, so Python only
    lines the two day lists up (a day present on one side carries the other side's last total forward).
    """
    producido = (
        Produccion.objects.filter(condicion_produccion)
        .values("fecha_produccion")
        # The day's own sum makes the query a GROUP BY day; the windows then run over the grouped rows.
        .annotate(del_dia=Sum(importe_sql("precio_unitario_mn"), output_field=_IMPORTE))
        .annotate(
            mn=_acumulado(importe_sql("precio_unitario_mn"), "fecha_produccion"),
            usd=_acumulado(importe_sql("precio_unitario_usd"), "fecha_produccion"),
        )
        .order_by("fecha_produccion")
    )
    programado = (
        PartidaProyectada.objects.filter(condicion_programado)
        .values("fecha")
        .annotate(del_dia=Sum(_importe_programado("precio_unitario_mn"), output_field=_IMPORTE))
        .annotate(
            mn=_acumulado(_importe_programado("precio_unitario_mn"), "fecha"),
            usd=_acumulado(_importe_programado("precio_unitario_usd"), "fecha"),
        )
        .order_by("fecha")
    )
    lados = {
        "producido": {f["fecha_produccion"]: f for f in producido},
        "programado": {f["fecha"]: f for f in programado},
    }
    ultimo = {lado: {"mn": CERO, "usd": CERO} for lado in lados}
    serie = []
    for dia in sorted({*lados["producido"], *lados["programado"]}):
        punto = {"fecha": dia}
        for lado, filas in lados.items():
            if dia in filas:
                ultimo[lado] = {"mn": filas[dia]["mn"], "usd": filas[dia]["usd"]}
            punto[f"{lado}_mn"] = centavos(ultimo[lado]["mn"])
            punto[f"{lado}_usd"] = centavos(ultimo[lado]["usd"])
        serie.append(punto)
    return serie
