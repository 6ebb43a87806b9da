"""Reads of the home dashboard and of each module's landing page.

Every figure is aggregated in the database (one query per block, whatever the number of rows), and each block is
read only when the user may see its module. Money is summed as Decimal and rounded once with core.money.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum
from django.utils import timezone

from core.models import RegistroActividad
from core.money import formato_moneda, importe_produccion_sql, redondear_centavos
from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.catalogos.models import Sitio
from operaciones.cronograma.models import CronogramaVersion
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.ot.models import OTE
from operaciones.produccion.models import Produccion
from operaciones.pte.models import EstatusPTE, PTEHeader

ZONA_MEXICO = ZoneInfo("America/Mexico_City")
ESTATUS_OT_VIGENTE = (EstatusRegistro.ACTIVO, EstatusRegistro.POR_DEFINIR)
ESTATUS_PTE_ABIERTA = (EstatusPTE.PENDIENTE, EstatusPTE.PROCESO)
SIN_DATO = "Sin asignar"
_IMPORTE = DecimalField(max_digits=38, decimal_places=10)
ACTIVIDAD_RECIENTE = 8
ULTIMOS = 10


def hoy_mexico() -> date:
    return timezone.localdate(timezone=ZONA_MEXICO)


def rango_mes(dia: date) -> tuple[date, date]:
    """First day of the month of `dia` and first day of the next month (half-open range)."""
    inicio = dia.replace(day=1)
    siguiente = (
        inicio.replace(year=inicio.year + 1, month=1) if inicio.month == 12 else inicio.replace(month=inicio.month + 1)
    )
    return inicio, siguiente


def _etiqueta(texto: str) -> str:
    """Catalogue text in sentence case ("EN EJECUCION" → "En ejecucion"), acronyms such as CP/PS kept."""
    if not texto:
        return SIN_DATO
    palabras = []
    for i, palabra in enumerate(texto.split()):
        if "/" in palabra or any(c.isdigit() for c in palabra):
            palabras.append(palabra)
        else:
            palabras.append(palabra.capitalize() if i == 0 else palabra.lower())
    return " ".join(palabras)


# --- Home dashboard ------------------------------------------------------------------------------------------


def ptes_por_estatus() -> list[dict]:
    """Live PTEs (soft-deleted ones excluded) per header status, every status listed even at zero."""
    conteos = dict(
        PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA)
        .values_list("estatus")
        .annotate(total=Count("id"))
        .order_by()
    )
    return [
        {"estatus": e.value, "etiqueta": _etiqueta(e.label), "total": conteos.get(e.value, 0)}
        for e in EstatusPTE
        if e != EstatusPTE.ELIMINADA
    ]


def _ots_vigentes():
    return OTE.objects.filter(estatus__in=ESTATUS_OT_VIGENTE)


def ots_por_estatus() -> list[dict]:
    """Live OTs (active or por definir) per OT status of the catalogue."""
    filas = (
        _ots_vigentes()
        .values("id_estatus_ot", "id_estatus_ot__descripcion")
        .annotate(total=Count("id"))
        .order_by("id_estatus_ot")
    )
    return [
        {"id": f["id_estatus_ot"], "etiqueta": _etiqueta(f["id_estatus_ot__descripcion"]), "total": f["total"]}
        for f in filas
    ]


def ots_por_frente() -> list[dict]:
    """Live OTs per work front (tierra, barco, CP/PS, ...), most loaded first."""
    filas = (
        _ots_vigentes()
        .values("id_frente", "id_frente__descripcion")
        .annotate(total=Count("id"))
        .order_by("-total", "id_frente")
    )
    return [
        {"id": f["id_frente"], "etiqueta": _etiqueta(f["id_frente__descripcion"]), "total": f["total"]} for f in filas
    ]


def _importes(prefijo: str = "") -> dict:
    """Σ round(volumen × P.U., 2) of the rows, in MXN and USD (prefijo reaches Produccion from a related model)."""
    return {
        "importe_mn": Sum(importe_produccion_sql("precio_unitario_mn", prefijo), output_field=_IMPORTE),
        "importe_usd": Sum(importe_produccion_sql("precio_unitario_usd", prefijo), output_field=_IMPORTE),
    }


def _produccion_del_mes(dia: date):
    inicio, fin = rango_mes(dia)
    return Produccion.objects.filter(fecha_produccion__gte=inicio, fecha_produccion__lt=fin).exclude(
        id_reporte_mensual__id_ot__estatus=EstatusRegistro.ELIMINADO
    )


def produccion_del_mes(dia: date | None = None) -> dict:
    """Production of the month of `dia` (default: today in Mexico City) of OTs not deleted, valued at the
    annex unit prices; MXN and USD kept apart and each rounded to cents."""
    dia = dia or hoy_mexico()
    totales = _produccion_del_mes(dia).aggregate(
        registros=Count("id"),
        ots=Count("id_reporte_mensual__id_ot", distinct=True),
        **_importes(),
    )
    importe_mn = redondear_centavos(totales["importe_mn"])
    importe_usd = redondear_centavos(totales["importe_usd"])
    return {
        "mes": dia.replace(day=1),
        "registros": totales["registros"],
        "ots": totales["ots"],
        "importe_mn": importe_mn,
        "importe_usd": importe_usd,
        "texto_mn": formato_moneda(importe_mn, ""),
        "texto_usd": formato_moneda(importe_usd, ""),
        "nota": f"{totales['registros']:,} registros de {dia:%m/%Y}",
    }


def actividades():
    """The log for the activity page, newest first, with the user joined (no per-row query)."""
    return RegistroActividad.objects.select_related("usuario").order_by("-fecha", "-id")


def entidades_registradas() -> list[str]:
    """Distinct entity names in the log, for the page's filter."""
    return list(RegistroActividad.objects.order_by("afectacion").values_list("afectacion", flat=True).distinct())


def usuarios_para_filtro():
    """Active users plus any inactive one who left activity, so old entries stay filterable."""
    usuarios = get_user_model().objects
    con_actividad = Exists(RegistroActividad.objects.filter(usuario=OuterRef("pk")))
    return usuarios.filter(Q(is_active=True) | con_actividad).order_by("username")


def actividad_reciente(limite: int = ACTIVIDAD_RECIENTE) -> list[RegistroActividad]:
    return list(actividades()[:limite])


def tablero_inicio(user, dia: date | None = None) -> dict:
    """Context of the home dashboard: each block only when the user may see its module (None otherwise)."""
    contexto: dict = {"ptes": None, "ots": None, "produccion": None, "actividad": None}
    if user.has_perm("pte.view_pteheader"):
        por_estatus = ptes_por_estatus()
        abiertas = sum(e["total"] for e in por_estatus if e["estatus"] in ESTATUS_PTE_ABIERTA)
        contexto["ptes"] = {
            "por_estatus": por_estatus,
            "total": sum(e["total"] for e in por_estatus),
            "abiertas": abiertas,
            "nota": f"{abiertas:,} pendientes o en proceso",
            "grafica": _grafica(por_estatus),
        }
    if user.has_perm("ot.view_ote"):
        por_estatus = ots_por_estatus()
        contexto["ots"] = {
            "por_estatus": por_estatus,
            "por_frente": ots_por_frente(),
            "total": sum(e["total"] for e in por_estatus),
            "grafica": _grafica(por_estatus),
        }
    if user.has_perm("produccion.view_produccion"):
        contexto["produccion"] = produccion_del_mes(dia)
    if user.has_perm("core.view_registroactividad"):
        contexto["actividad"] = actividad_reciente()
    return contexto


def _grafica(filas: list[dict]) -> dict:
    """Chart.js data for the page (passed through json_script, never spliced into JavaScript)."""
    return {"etiquetas": [f["etiqueta"] for f in filas], "valores": [f["total"] for f in filas]}


# --- Module landing pages ------------------------------------------------------------------------------------


def _celda(valor) -> str:
    """Display text of a table cell: dates as dd/mm/aaaa (local time), money with the house rounding."""
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, datetime):
        return timezone.localtime(valor, ZONA_MEXICO).strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, Decimal):
        return formato_moneda(valor, "")
    if isinstance(valor, int):
        return f"{valor:,}"
    return str(valor)


@dataclass
class Resumen:
    """What a module's landing page shows: KPI cards and, optionally, one table of recent rows (as text)."""

    tarjetas: list[dict] = field(default_factory=list)
    tabla_titulo: str = ""
    columnas: list[str] = field(default_factory=list)
    filas: list[list] = field(default_factory=list)
    vacio: str = "Todavía no hay registros."

    def __post_init__(self):
        self.filas = [[_celda(valor) for valor in fila] for fila in self.filas]


def _tarjeta(etiqueta: str, valor, icono: str, nota: str = "", moneda: str = "") -> dict:
    texto = formato_moneda(valor, "") if moneda else f"{valor:,}"
    return {"etiqueta": etiqueta, "valor": valor, "texto": texto, "moneda": moneda, "icono": icono, "nota": nota}


def resumen_pte() -> Resumen:
    """Live PTEs per stage and the latest ten folios."""
    t = PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA).aggregate(
        vigentes=Count("id"),
        pendientes=Count("id", filter=Q(estatus=EstatusPTE.PENDIENTE)),
        proceso=Count("id", filter=Q(estatus=EstatusPTE.PROCESO)),
        entregadas=Count("id", filter=Q(estatus=EstatusPTE.ENTREGADA)),
    )
    ultimas = (
        PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA)
        .select_related("id_responsable_proyecto")
        .order_by("-id")[:ULTIMOS]
    )
    return Resumen(
        tarjetas=[
            _tarjeta("PTEs vigentes", t["vigentes"], "bi-file-earmark-text", "Sin contar las eliminadas"),
            _tarjeta("Pendientes", t["pendientes"], "bi-hourglass-split"),
            _tarjeta("En proceso", t["proceso"], "bi-gear-wide-connected"),
            _tarjeta("Entregadas", t["entregadas"], "bi-send-check"),
        ],
        tabla_titulo="Últimas PTEs registradas",
        columnas=["Folio", "Descripción", "Responsable", "Solicitud", "Estatus"],
        filas=[
            [
                p.oficio_pte,
                p.descripcion_trabajo,
                p.id_responsable_proyecto.descripcion,
                p.fecha_solicitud,
                _etiqueta(p.get_estatus_display()),
            ]
            for p in ultimas
        ],
    )


def resumen_ot() -> Resumen:
    """Live initial OTs and reprogrammings, and the latest ten."""
    t = _ots_vigentes().aggregate(
        iniciales=Count("id", filter=Q(id_tipo=TipoId.OT_INICIAL)),
        reprogramaciones=Count("id", filter=Q(id_tipo=TipoId.OT_REPROGRAMACION)),
        en_ejecucion=Count("id", filter=Q(id_estatus_ot=EstatusId.EN_EJECUCION)),
        por_definir=Count("id", filter=Q(estatus=EstatusRegistro.POR_DEFINIR)),
    )
    ultimas = _ots_vigentes().select_related("id_estatus_ot", "id_frente").order_by("-id")[:ULTIMOS]
    return Resumen(
        tarjetas=[
            _tarjeta("OTs iniciales vigentes", t["iniciales"], "bi-clipboard-check"),
            _tarjeta("Reprogramaciones vigentes", t["reprogramaciones"], "bi-arrow-repeat"),
            _tarjeta("En ejecución", t["en_ejecucion"], "bi-play-circle"),
            _tarjeta("Por definir", t["por_definir"], "bi-question-circle"),
        ],
        tabla_titulo="Últimas órdenes de trabajo",
        columnas=["Folio", "Tipo", "Estatus", "Frente", "Inicio programado"],
        filas=[
            [
                o.orden_trabajo,
                f"Reprogramación {o.num_reprogramacion or ''}".strip() if o.es_reprogramacion else "Inicial",
                _etiqueta(o.id_estatus_ot.descripcion if o.id_estatus_ot else ""),
                _etiqueta(o.id_frente.descripcion if o.id_frente else ""),
                o.fecha_inicio_programado,
            ]
            for o in ultimas
        ],
    )


def resumen_produccion(dia: date | None = None) -> Resumen:
    """This month's production: totals and the split per site."""
    dia = dia or hoy_mexico()
    mes = produccion_del_mes(dia)
    por_sitio = (
        _produccion_del_mes(dia)
        .values("id_sitio_produccion__descripcion")
        .annotate(registros=Count("id"), **_importes())
        .order_by("-registros", "id_sitio_produccion__descripcion")
    )
    return Resumen(
        tarjetas=[
            _tarjeta("Registros del mes", mes["registros"], "bi-list-check", f"{dia:%m/%Y}"),
            _tarjeta("OTs con producción", mes["ots"], "bi-clipboard-data"),
            _tarjeta("Producción del mes (MXN)", mes["importe_mn"], "bi-cash-stack", moneda="MXN"),
            _tarjeta("Producción del mes (USD)", mes["importe_usd"], "bi-currency-dollar", moneda="USD"),
        ],
        tabla_titulo="Producción del mes por sitio",
        columnas=["Sitio", "Registros", "Importe MXN", "Importe USD"],
        filas=[
            [
                f["id_sitio_produccion__descripcion"],
                f["registros"],
                redondear_centavos(f["importe_mn"]),
                redondear_centavos(f["importe_usd"]),
            ]
            for f in por_sitio
        ],
        vacio="No hay producción capturada este mes.",
    )


def resumen_estimaciones() -> Resumen:
    """Estimations per state (every state listed) and the latest ten."""
    conteos = dict(EstimacionHeader.objects.values_list("estado").annotate(total=Count("id")).order_by())
    iconos = {
        EstadoEstimacion.BORRADOR: "bi-pencil-square",
        EstadoEstimacion.EN_REVISION: "bi-search",
        EstadoEstimacion.APROBADA: "bi-check2-circle",
        EstadoEstimacion.FACTURADA: "bi-receipt",
        EstadoEstimacion.PAGADA: "bi-cash-coin",
        EstadoEstimacion.CANCELADA: "bi-x-circle",
    }
    ultimas = EstimacionHeader.objects.select_related("id_ot").order_by("-fecha_estimacion", "-id")[:ULTIMOS]
    return Resumen(
        tarjetas=[_tarjeta(e.label, conteos.get(e.value, 0), iconos[e]) for e in EstadoEstimacion],
        tabla_titulo="Últimas estimaciones",
        columnas=["Folio", "OT", "Periodo", "Estado", "Importe MXN", "Importe USD"],
        filas=[
            [
                e.folio or f"Estimación {e.pk}",
                e.id_ot.orden_trabajo,
                f"{e.fecha_desde:%d/%m/%Y} – {e.fecha_hasta:%d/%m/%Y}",
                e.get_estado_display(),
                e.total_importe_mn,
                e.total_importe_usd,
            ]
            for e in ultimas
        ],
    )


def resumen_cronograma() -> Resumen:
    """Active schedule versions (one per OT at most) and their tasks."""
    activas = CronogramaVersion.objects.filter(es_activo=True)
    t = activas.aggregate(versiones=Count("id", distinct=True), tareas=Count("tareas"))
    ultimas = activas.select_related("id_ot").annotate(num_tareas=Count("tareas")).order_by("-fecha_carga", "-id")
    return Resumen(
        tarjetas=[
            _tarjeta("Versiones activas", t["versiones"], "bi-calendar-range", "Una por OT como máximo"),
            _tarjeta("Tareas en versiones activas", t["tareas"], "bi-list-task"),
        ],
        tabla_titulo="Últimas versiones activas",
        columnas=["OT", "Versión", "Cargada", "Inicio", "Fin", "Tareas"],
        filas=[
            [
                v.id_ot.orden_trabajo,
                v.nombre_version,
                v.fecha_carga,
                v.fecha_inicio_proyecto,
                v.fecha_fin_proyecto,
                v.num_tareas,
            ]
            for v in ultimas[:ULTIMOS]
        ],
    )


def resumen_consulta() -> Resumen:
    """The size of what the BI centre will query."""
    return Resumen(
        tarjetas=[
            _tarjeta(
                "PTEs vigentes",
                PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA).count(),
                "bi-file-earmark-text",
            ),
            _tarjeta("OTs vigentes", _ots_vigentes().count(), "bi-clipboard-check"),
            _tarjeta("Registros de producción", Produccion.objects.count(), "bi-bar-chart-steps"),
            _tarjeta("Estimaciones", EstimacionHeader.objects.count(), "bi-receipt"),
        ],
    )


def resumen_costa_fuera(dia: date | None = None) -> Resumen:
    """Active vessels (sites of category EMBARCACION), this month's daily reports and the latest ten."""
    dia = dia or hoy_mexico()
    inicio, fin = rango_mes(dia)
    embarcaciones = Sitio.objects.filter(id_frente=FrenteId.EMBARCACION, activo=True).count()
    t = ReporteDiarioEmbarcacion.objects.aggregate(
        del_mes=Count("id", filter=Q(fecha__gte=inicio, fecha__lt=fin)),
        abiertos=Count("id", filter=~Q(estado=EstadoReporte.CERRADO)),
    )
    ultimos = ReporteDiarioEmbarcacion.objects.select_related("embarcacion", "representante").order_by("-fecha", "-id")[
        :ULTIMOS
    ]
    return Resumen(
        tarjetas=[
            _tarjeta("Embarcaciones activas", embarcaciones, "bi-water"),
            _tarjeta("Reportes diarios del mes", t["del_mes"], "bi-journal-text", f"{dia:%m/%Y}"),
            _tarjeta("Reportes sin cerrar", t["abiertos"], "bi-unlock"),
        ],
        tabla_titulo="Últimos reportes diarios",
        columnas=["Fecha", "Embarcación", "Representante", "Estado"],
        filas=[
            [
                r.fecha,
                r.embarcacion.descripcion,
                r.representante.get_full_name() or r.representante.get_username(),
                r.get_estado_display(),
            ]
            for r in ultimos
        ],
    )
