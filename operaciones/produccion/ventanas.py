"""When production may be captured: the OT family's validity window and the days a month has closed (§3.3).

The window belongs to the family, not to one OT: it starts with the initial OT (real start, else programmed) and
ends with the latest end of any live OT of the family (real end, else programmed), because a reprogramming
extends the work it reprograms. At the OT's yard (requiere_patio and the site is its patio) the yard phase
replaces it: fecha_inicio_patio of the initial OT to the latest fecha_fin_patio of the family. A missing date
leaves that side of the window open rather than closing every day.

A day is also closed when the family has a FIRMADO daily report for it at any site: once the client signed a
day, its production cannot change from any screen.
"""

import calendar
from datetime import date

from django.db.models import Q

from core.formato import fecha_dmy
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from operaciones.ot.models import OTE

from .models import ReporteDiario

MOTIVO_FIRMADO = "Reporte diario firmado"

_CAMPOS_FECHAS = (
    "pk",
    "ot_principal_id",
    "fecha_inicio_real",
    "fecha_inicio_programado",
    "fecha_termino_real",
    "fecha_termino_programado",
    "requiere_patio",
    "id_patio_id",
    "fecha_inicio_patio",
    "fecha_fin_patio",
)


def id_principal(ot: OTE) -> int:
    """Id of the initial OT of `ot`'s family (DESIGN §6)."""
    return ot.ot_principal_id or ot.pk


def fechas_por_familia(principales: list[int]) -> dict[int, list[dict]]:
    """Date fields of every live OT of the given families (initial first, then by id), one query."""
    filas = (
        OTE.objects.filter(Q(pk__in=principales) | Q(ot_principal_id__in=principales))
        .exclude(estatus=EstatusRegistro.ELIMINADO)
        .order_by("pk")
        .values(*_CAMPOS_FECHAS)
    )
    familias: dict[int, list[dict]] = {pk: [] for pk in principales}
    for fila in filas:
        familia = fila["pk"] if fila["pk"] in familias else fila["ot_principal_id"]
        familias[familia].append(fila)
    for pk, lista in familias.items():
        lista.sort(key=lambda f, principal=pk: (f["pk"] != principal, f["pk"]))
    return familias


def fechas_de_familia(principal_id: int) -> list[dict]:
    """Date fields of every live OT of one family (initial first), one query."""
    return fechas_por_familia([principal_id])[principal_id]


def _maximo(fechas) -> date | None:
    presentes = [f for f in fechas if f]
    return max(presentes) if presentes else None


def ventana_de_fechas(filas: list[dict], sitio_id: int | None) -> tuple[date | None, date | None, bool]:
    """(start, end, is_yard_window) from `fechas_de_familia` rows; pure, for callers that load many families."""
    if not filas:
        return None, None, False
    principal = filas[0]
    if sitio_id is not None and principal["requiere_patio"] and principal["id_patio_id"] == sitio_id:
        return principal["fecha_inicio_patio"], _maximo(f["fecha_fin_patio"] for f in filas), True
    inicio = principal["fecha_inicio_real"] or principal["fecha_inicio_programado"]
    if inicio is None:
        # An initial OT without dates: its reprogrammings are the only source of a start.
        inicios = [f["fecha_inicio_real"] or f["fecha_inicio_programado"] for f in filas[1:]]
        inicio = min((i for i in inicios if i), default=None)
    fin = _maximo(f["fecha_termino_real"] or f["fecha_termino_programado"] for f in filas)
    return inicio, fin, False


def ventana_validez(*, ot: OTE, sitio) -> tuple[date | None, date | None]:
    """First and last day production may be captured for the OT's family at `sitio` (yard window at its yard)."""
    inicio, fin, _ = ventana_de_fechas(fechas_de_familia(id_principal(ot)), _id(sitio))
    return inicio, fin


def _id(sitio) -> int | None:
    if sitio is None:
        return None
    return sitio if isinstance(sitio, int) else sitio.pk


def motivo_fuera_de_ventana(inicio: date | None, fin: date | None, es_patio: bool) -> str:
    """The Spanish reason shown for a day outside the window."""
    que = "la fase en patio" if es_patio else "la OT"
    if inicio and fin:
        rango = f"{fecha_dmy(inicio)} – {fecha_dmy(fin)}"
    elif inicio:
        rango = f"desde {fecha_dmy(inicio)}"
    else:
        rango = f"hasta {fecha_dmy(fin)}"
    return f"Fuera de la vigencia de {que} ({rango})"


def dias_fuera_de_ventana(
    inicio: date | None, fin: date | None, es_patio: bool, *, mes: int, anio: int
) -> dict[int, str]:
    """Days of the month outside [inicio, fin] with their reason; pure."""
    if inicio is None and fin is None:
        return {}
    motivo = motivo_fuera_de_ventana(inicio, fin, es_patio)
    dias = {}
    for numero in range(1, calendar.monthrange(anio, mes)[1] + 1):
        dia = date(anio, mes, numero)
        if (inicio and dia < inicio) or (fin and dia > fin):
            dias[numero] = motivo
    return dias


def dias_firmados(principal_id: int, *, mes: int, anio: int) -> set[int]:
    """Days of the month with a FIRMADO daily report of any OT of the family, at any site (one query)."""
    primero = date(anio, mes, 1)
    ultimo = date(anio, mes, calendar.monthrange(anio, mes)[1])
    fechas = ReporteDiario.objects.filter(
        Q(id_reporte_mensual__id_ot_id=principal_id) | Q(id_reporte_mensual__id_ot__ot_principal_id=principal_id),
        id_estatus_id=EstatusId.FIRMADO,
        fecha__range=(primero, ultimo),
    ).values_list("fecha", flat=True)
    return {f.day for f in fechas}


def dias_bloqueados(*, ot: OTE, sitio, mes: int, anio: int) -> dict[int, str]:
    """Day → Spanish reason for every day of the month the family cannot capture at `sitio` (two queries)."""
    principal_id = id_principal(ot)
    inicio, fin, es_patio = ventana_de_fechas(fechas_de_familia(principal_id), _id(sitio))
    dias = dias_fuera_de_ventana(inicio, fin, es_patio, mes=mes, anio=anio)
    # A signed report is the more specific reason: it wins over the window when both apply.
    for numero in dias_firmados(principal_id, mes=mes, anio=anio):
        dias[numero] = MOTIVO_FIRMADO
    return dict(sorted(dias.items()))
