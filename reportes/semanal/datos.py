"""The figures of one week (Monday to Sunday, Mexico City time) for the weekly summary.

Production reuses the statistics API's row rule (operaciones.consulta.api.produccion_filas) so both report the same
amounts; MXN and USD are never added together.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Subquery, Sum

from core.models import RegistroActividad
from core.money import redondear_centavos
from core.selectors import ZONA_MEXICO, hoy_mexico
from operaciones.consulta.api import produccion_filas
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.ot.models import OTDetalle
from operaciones.ot.services import ENTIDAD_PASO as ENTIDAD_PASO_OT
from operaciones.pte.models import PTEDetalle
from operaciones.pte.selectors import ENTIDAD_PASO as ENTIDAD_PASO_PTE

CERO = Decimal("0.00")
SISTEMA = "Sistema"
SIN_LIDER = "Sin líder"
CAMPOS_EVIDENCIA = ("archivo", "archivo_adjunto")


def semana_anterior(hoy: date | None = None) -> tuple[date, date]:
    """Monday and Sunday of the week before the one containing `hoy` (default: today in Mexico City)."""
    hoy = hoy or hoy_mexico()
    lunes = hoy - timedelta(days=hoy.weekday() + 7)
    return lunes, lunes + timedelta(days=6)


def limites(desde: date, hasta: date) -> tuple[datetime, datetime]:
    """Half-open [desde 00:00, hasta+1 00:00) in Mexico City time, for timestamp fields."""
    inicio = datetime.combine(desde, time.min, tzinfo=ZONA_MEXICO)
    fin = datetime.combine(hasta + timedelta(days=1), time.min, tzinfo=ZONA_MEXICO)
    return inicio, fin


@dataclass
class ResumenSemanal:
    desde: date
    hasta: date
    actividad: list[dict] = field(default_factory=list)
    entregables: list[dict] = field(default_factory=list)
    produccion_dias: list[dict] = field(default_factory=list)
    produccion_mn: Decimal = CERO
    produccion_usd: Decimal = CERO
    produccion_registros: int = 0
    estimaciones: list[dict] = field(default_factory=list)

    @property
    def vacio(self) -> bool:
        """Nothing to tell: no activity, no production and no estimations in the week."""
        return not self.actividad and not self.produccion_registros and not self.estimaciones

    @property
    def total_actividad(self) -> int:
        return sum(f["total"] for f in self.actividad)

    @property
    def total_entregables(self) -> int:
        return sum(f["total"] for f in self.entregables)


def actividad_semana(inicio: datetime, fin: datetime) -> list[dict]:
    """Log rows per user and module (the logged entity) in [inicio, fin), most active first; one query."""
    filas = (
        RegistroActividad.objects.filter(fecha__gte=inicio, fecha__lt=fin)
        .values("usuario__username", "afectacion")
        .annotate(total=Count("id"))
        .order_by("-total", "usuario__username", "afectacion")
    )
    return [
        {"usuario": f["usuario__username"] or SISTEMA, "modulo": f["afectacion"], "total": f["total"]} for f in filas
    ]


def _pasos_con_evidencia(entidad: str, inicio: datetime, fin: datetime):
    """Ids of steps whose evidence (link or uploaded file) was set to a non-blank value in [inicio, fin)."""
    return (
        RegistroActividad.objects.filter(
            afectacion=entidad, campo__in=CAMPOS_EVIDENCIA, fecha__gte=inicio, fecha__lt=fin
        )
        .exclude(valor_actual="")
        .values("registro_id")
    )


def entregables_semana(inicio: datetime, fin: datetime) -> list[dict]:
    """Deliverables loaded in the week per leader (PTE and OT steps apart), read from the activity log; two queries."""
    por_lider: dict[str, dict] = defaultdict(lambda: {"pte": 0, "ot": 0})
    fuentes = (
        ("pte", PTEDetalle, ENTIDAD_PASO_PTE, "id_pte_header__id_responsable_proyecto__descripcion"),
        ("ot", OTDetalle, ENTIDAD_PASO_OT, "id_ot__id_responsable_proyecto__descripcion"),
    )
    for clave, modelo, entidad, lider in fuentes:
        conteos = (
            modelo.objects.filter(pk__in=Subquery(_pasos_con_evidencia(entidad, inicio, fin)))
            .values(lider)
            .annotate(total=Count("id"))
            .order_by()
        )
        for fila in conteos:
            por_lider[fila[lider] or SIN_LIDER][clave] += fila["total"]
    filas = [{"lider": lider, **c, "total": c["pte"] + c["ot"]} for lider, c in por_lider.items()]
    return sorted(filas, key=lambda f: (-f["total"], f["lider"]))


def estimaciones_semana(desde: date, hasta: date) -> list[dict]:
    """Estimations dated in the week per state (cancelled ones listed too), subtotals per currency; one query."""
    filas = {
        f["estado"]: f
        for f in EstimacionHeader.objects.filter(fecha_estimacion__gte=desde, fecha_estimacion__lte=hasta)
        .values("estado")
        .annotate(total=Count("id"), mxn=Sum("total_importe_mn"), usd=Sum("total_importe_usd"))
        .order_by()
    }
    return [
        {
            "estado": e.label,
            "total": filas[e.value]["total"],
            "importe_mn": redondear_centavos(filas[e.value]["mxn"]),
            "importe_usd": redondear_centavos(filas[e.value]["usd"]),
        }
        for e in EstadoEstimacion
        if e.value in filas
    ]


def resumen_semanal(desde: date, hasta: date) -> ResumenSemanal:
    """Every figure of the weekly summary for desde..hasta (dates inclusive, Mexico City)."""
    inicio, fin = limites(desde, hasta)
    resumen = ResumenSemanal(desde=desde, hasta=hasta)
    resumen.actividad = actividad_semana(inicio, fin)
    resumen.entregables = entregables_semana(inicio, fin)
    dias = {desde + timedelta(days=n): [CERO, CERO] for n in range((hasta - desde).days + 1)}
    for fecha, mn, usd, _excedente in produccion_filas(desde, hasta):
        resumen.produccion_registros += 1
        dias[fecha][0] += mn
        dias[fecha][1] += usd
    resumen.produccion_dias = [{"fecha": d, "importe_mn": v[0], "importe_usd": v[1]} for d, v in dias.items()]
    resumen.produccion_mn = sum((v[0] for v in dias.values()), CERO)
    resumen.produccion_usd = sum((v[1] for v in dias.values()), CERO)
    resumen.estimaciones = estimaciones_semana(desde, hasta)
    return resumen
