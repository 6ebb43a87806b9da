"""GET /operaciones/api/estadisticas/: the management figures as JSON (documented in docs/api_estadisticas.md).

Counts reuse the dashboard's definitions (core.selectors) so the API and the home page never disagree. Amounts are
Σ round(volume × unit price, 2) per production row, the production sheet's rule, in MXN and USD kept apart; money
travels as strings ("1234.50") so no client ever reads it as a float.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import JsonResponse

from core import respuestas
from core.acceso import solo_get
from core.money import importe_produccion_sql, redondear_centavos
from core.roles import VER_CENTRO_CONSULTA, VER_REPORTES
from core.selectors import hoy_mexico, ots_por_estatus, ptes_por_estatus, rango_mes
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.produccion.models import Produccion

CERO = Decimal("0.00")


def _texto(importe: Decimal) -> str:
    return f"{importe:.2f}"


def produccion_filas(desde: date, hasta: date):
    """(fecha, importe MXN, importe USD, es_excedente) of each production row dated desde..hasta (inclusive) of OTs
    not deleted, TE and CMA, each amount round(volume × P.U., 2); one streamed query."""
    filas = _produccion_de(desde, hasta).values_list(
        "fecha_produccion",
        "volumen_produccion",
        "id_partida_anexo__precio_unitario_mn",
        "id_partida_anexo__precio_unitario_usd",
        "es_excedente",
    )
    for fecha, volumen, pu_mn, pu_usd, es_excedente in filas.iterator(chunk_size=5000):
        yield (
            fecha,
            redondear_centavos(volumen * (pu_mn or 0)),
            redondear_centavos(volumen * (pu_usd or 0)),
            es_excedente,
        )


def _produccion_de(desde: date, hasta: date) -> QuerySet:
    return Produccion.objects.filter(fecha_produccion__gte=desde, fecha_produccion__lte=hasta).exclude(
        id_reporte_mensual__id_ot__estatus=EstatusRegistro.ELIMINADO
    )


def produccion_periodo(desde: date, hasta: date) -> dict:
    """Production amount of desde..hasta per currency, Σ round(volume × P.U., 2) per row summed in the database
    (one query), with the excess part apart."""
    excedente = Q(es_excedente=True)
    mn, usd = importe_produccion_sql("precio_unitario_mn"), importe_produccion_sql("precio_unitario_usd")
    fila = _produccion_de(desde, hasta).aggregate(
        registros=Count("id"),
        mn=Sum(mn),
        usd=Sum(usd),
        exc_mn=Sum(mn, filter=excedente),
        exc_usd=Sum(usd, filter=excedente),
    )
    return {
        "desde": desde.isoformat(),
        "hasta": hasta.isoformat(),
        "registros": fila["registros"],
        "importe": {"mxn": _texto(redondear_centavos(fila["mn"])), "usd": _texto(redondear_centavos(fila["usd"]))},
        "excedente": {
            "mxn": _texto(redondear_centavos(fila["exc_mn"])),
            "usd": _texto(redondear_centavos(fila["exc_usd"])),
        },
    }


def estimaciones_por_estado() -> dict:
    """Estimations per state (every state listed) with their subtotals per currency; totals leave out cancelled."""
    filas = {
        f["estado"]: f
        for f in EstimacionHeader.objects.values("estado")
        .annotate(total=Count("id"), mxn=Sum("total_importe_mn"), usd=Sum("total_importe_usd"))
        .order_by()
    }
    estados = []
    for estado in EstadoEstimacion:
        fila = filas.get(estado.value, {})
        estados.append(
            {
                "estado": estado.value,
                "etiqueta": estado.label,
                "total": fila.get("total", 0),
                "importe": {
                    "mxn": _texto(redondear_centavos(fila.get("mxn"))),
                    "usd": _texto(redondear_centavos(fila.get("usd"))),
                },
            }
        )
    vigentes = [e for e in estados if e["estado"] != EstadoEstimacion.CANCELADA]
    return {
        "por_estado": estados,
        "total_vigentes": sum(e["total"] for e in vigentes),
        "importe_vigentes": {
            "mxn": _texto(sum((Decimal(e["importe"]["mxn"]) for e in vigentes), CERO)),
            "usd": _texto(sum((Decimal(e["importe"]["usd"]) for e in vigentes), CERO)),
        },
    }


def estadisticas(dia: date | None = None) -> dict:
    """Every figure of the API for the day `dia` (default: today in Mexico City)."""
    dia = dia or hoy_mexico()
    inicio_mes, siguiente_mes = rango_mes(dia)
    ptes = ptes_por_estatus()
    ots = ots_por_estatus()
    return {
        "fecha": dia.isoformat(),
        "zona_horaria": "America/Mexico_City",
        "ptes": {"total": sum(e["total"] for e in ptes), "por_estatus": ptes},
        "ots": {"total": sum(e["total"] for e in ots), "por_estatus": ots},
        "produccion": {
            "mes": produccion_periodo(inicio_mes, siguiente_mes - timedelta(days=1)),
            "anio": produccion_periodo(date(dia.year, 1, 1), date(dia.year, 12, 31)),
        },
        "estimaciones": estimaciones_por_estado(),
    }


@solo_get
def estadisticas_api(request):
    # Either permission opens it: the BI centre's readers and the report readers see the same figures.
    if not (request.user.has_perm(VER_CENTRO_CONSULTA) or request.user.has_perm(VER_REPORTES)):
        return respuestas.prohibido()
    return JsonResponse({"exito": True, **estadisticas()}, json_dumps_params={"ensure_ascii": False})
