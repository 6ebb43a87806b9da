"""Daily-report status of each OT of a site, day by day, and its monthly evidence folder (reference §3.3).

The grid lists the live initial OTs working at a site (any of its site columns) whose family has an active annex
and whose validity window (ventanas.py: the yard window at its yard) overlaps the month. A cell is the status of
the OT's daily report for that day at that site: FIRMADO, FALTA FIRMA PEMEX, PENDIENTE or PROCESO. Saving writes
the whole grid in one transaction; a blank cell deletes the day's report (the original never deleted), and days
outside the window cannot change. A FIRMADO day closes production capture for the family (ventanas.dias_bloqueados);
un-signing it needs the same permission as signing (produccion.change_reportediario), and is logged like any edit.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from core.actividad import actividad_registrar, actividad_registrar_lote
from core.formato import fecha_dmy
from core.models import Evento
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, TipoId
from operaciones.catalogos.models import Sitio
from operaciones.ot.models import OTE, ImportacionAnexo

from .models import ReporteDiario, ReporteMensual
from .ventanas import dias_fuera_de_ventana, fechas_por_familia, ventana_de_fechas

DIAS_GRID = 31
ENTIDAD_DIARIO = "Reporte diario"
ENTIDAD_MENSUAL = "Reporte mensual"

# The four statuses the grid offers, by the text the screen shows and sends. PENDIENTE / PROCESO are the generic
# ids 1 / 2 (the model accepts nivel PASO and REPORTE_DIARIO), not the GPU ones 19 / 20.
ESTATUS_POR_TEXTO = {
    "FIRMADO": EstatusId.FIRMADO,
    "FALTA FIRMA PEMEX": EstatusId.FALTA_FIRMA_PEMEX,
    "PENDIENTE": EstatusId.PENDIENTE,
    "PROCESO": EstatusId.PROCESO,
}
TEXTO_POR_ESTATUS = {int(v): k for k, v in ESTATUS_POR_TEXTO.items()}
OPCIONES_TEXTO = "FIRMADO, FALTA FIRMA PEMEX, PENDIENTE o PROCESO"

_COLUMNAS_SITIO = ("id_embarcacion", "id_plataforma", "id_intercom", "id_patio")


def limites_mes(mes: int, anio: int) -> tuple[date, date, int]:
    """First day, last day and length of the month."""
    dias = calendar.monthrange(anio, mes)[1]
    return date(anio, mes, 1), date(anio, mes, dias), dias


# --- Reads ----------------------------------------------------------------------------------------------------------


def _iniciales_activas():
    """Initial OTs with estatus 1 (the only ones the production screen works on, as in the original)."""
    return OTE.objects.filter(id_tipo_id=TipoId.OT_INICIAL, estatus=EstatusRegistro.ACTIVO)


def sitios_con_ots_ejecutadas() -> list[dict]:
    """Sites named by any site column (vessel, platform, intercom, yard) of a live initial OT, by name (one query)."""
    iniciales = _iniciales_activas()
    condicion = Q()
    for columna in _COLUMNAS_SITIO:
        condicion |= Q(pk__in=iniciales.filter(**{f"{columna}__isnull": False}).values(columna))
    return list(Sitio.objects.filter(condicion).order_by("descripcion", "pk").values("id", "descripcion"))


@dataclass
class OtDelSitio:
    """An OT row of the daily-report grid with its validity window at the site and its monthly folder."""

    id: int
    folio: str
    descripcion: str
    inicio: date | None
    fin: date | None
    es_patio: bool
    id_reporte_mensual: int | None
    archivo: str
    bloqueados: dict[int, str] = field(default_factory=dict)


def _familia_con_anexo_activo() -> Exists:
    """The initial OT or one of its live reprogrammings has an active annex version."""
    return Exists(
        ImportacionAnexo.objects.filter(es_activo=True).filter(
            Q(ot_id=OuterRef("pk"))
            | (Q(ot__ot_principal_id=OuterRef("pk")) & ~Q(ot__estatus=EstatusRegistro.ELIMINADO))
        )
    )


def ots_del_sitio(*, sitio: Sitio, mes: int, anio: int) -> list[OtDelSitio]:
    """OTs of the grid (§3.3): live initial OTs at the site, family with an active annex, window overlapping the month.

    Two queries whatever the number of OTs: the OTs with their monthly folder, and the dates of their families.
    """
    primero, ultimo, _ = limites_mes(mes, anio)
    en_sitio = Q()
    for columna in _COLUMNAS_SITIO:
        en_sitio |= Q(**{columna: sitio})
    mensual = ReporteMensual.objects.filter(id_ot=OuterRef("pk"), mes=mes, anio=anio)
    filas = list(
        _iniciales_activas()
        .filter(en_sitio)
        .filter(_familia_con_anexo_activo())
        .annotate(
            id_mensual=Subquery(mensual.values("pk")[:1]),
            archivo_mensual=Subquery(mensual.values("archivo")[:1]),
        )
        .order_by("orden_trabajo", "pk")
        .values("pk", "orden_trabajo", "descripcion_trabajo", "id_mensual", "archivo_mensual")
    )
    familias = fechas_por_familia([f["pk"] for f in filas])
    ots = []
    for fila in filas:
        inicio, fin, es_patio = ventana_de_fechas(familias[fila["pk"]], sitio.pk)
        if (inicio and inicio > ultimo) or (fin and fin < primero):
            continue
        ots.append(
            OtDelSitio(
                id=fila["pk"],
                folio=fila["orden_trabajo"],
                descripcion=fila["descripcion_trabajo"],
                inicio=inicio,
                fin=fin,
                es_patio=es_patio,
                id_reporte_mensual=fila["id_mensual"],
                archivo=fila["archivo_mensual"] or "",
                bloqueados=dias_fuera_de_ventana(inicio, fin, es_patio, mes=mes, anio=anio),
            )
        )
    return ots


def _reportes_existentes(ots: list[OtDelSitio], *, sitio: Sitio, mes: int, anio: int) -> dict[tuple[int, int], dict]:
    """(OT id, day) → {pk, id_estatus, texto} of the daily reports of these OTs at the site in the month (one query)."""
    mensuales = [ot.id_reporte_mensual for ot in ots if ot.id_reporte_mensual]
    if not mensuales:
        return {}
    primero, ultimo, _ = limites_mes(mes, anio)
    filas = ReporteDiario.objects.filter(
        id_reporte_mensual_id__in=mensuales, id_sitio=sitio, fecha__range=(primero, ultimo)
    ).values_list("pk", "id_reporte_mensual__id_ot_id", "fecha", "id_estatus_id", "id_estatus__descripcion")
    return {
        (ot_id, fecha.day): {"pk": pk, "id_estatus": estatus_id, "texto": TEXTO_POR_ESTATUS.get(estatus_id, texto)}
        for pk, ot_id, fecha, estatus_id, texto in filas
    }


def fila_grid(ot: OtDelSitio, reportes: dict[tuple[int, int], dict], dias_mes: int) -> dict:
    """One OT of the grid as the screen reads it: 31 day cells (status text, or null when none / beyond the month)."""
    dias = [None] * DIAS_GRID
    for numero in range(1, dias_mes + 1):
        reporte = reportes.get((ot.id, numero))
        dias[numero - 1] = reporte["texto"] if reporte else None
    return {
        "id_ot": ot.id,
        "ot": ot.folio,
        "desc": ot.descripcion,
        "inicio_v": ot.inicio.isoformat() if ot.inicio else None,
        "fin_v": ot.fin.isoformat() if ot.fin else None,
        "ventana_patio": ot.es_patio,
        "id_reporte_mensual": ot.id_reporte_mensual,
        "archivo": ot.archivo,
        "dias_bloqueados": sorted(ot.bloqueados),
        "motivo_bloqueo": next(iter(ot.bloqueados.values()), ""),
        "dias": dias,
    }


def grid_reportes_diarios(*, sitio: Sitio, mes: int, anio: int) -> dict:
    """The daily-report grid of a site's month: {dias_mes, reportes_diarios} (three queries for any number of OTs)."""
    _, _, dias_mes = limites_mes(mes, anio)
    ots = ots_del_sitio(sitio=sitio, mes=mes, anio=anio)
    reportes = _reportes_existentes(ots, sitio=sitio, mes=mes, anio=anio)
    return {"dias_mes": dias_mes, "reportes_diarios": [fila_grid(ot, reportes, dias_mes) for ot in ots]}


# --- Writes ---------------------------------------------------------------------------------------------------------


@dataclass
class ResultadoReportes:
    creados: int = 0
    actualizados: int = 0
    eliminados: int = 0
    sin_cambios: int = 0

    @property
    def cambios(self) -> int:
        return self.creados + self.actualizados + self.eliminados


def texto_estatus(valor) -> tuple[int | None, bool]:
    """(status id or None for a blank cell, valid?) of one cell as the browser sent it."""
    if valor is None:
        return None, True
    if not isinstance(valor, str):
        return None, False
    normal = " ".join(valor.upper().split())
    if not normal:
        return None, True
    estatus = ESTATUS_POR_TEXTO.get(normal)
    return (int(estatus), True) if estatus is not None else (None, False)


def _texto_celda(valor) -> str:
    texto = valor if isinstance(valor, str) else repr(valor)
    return texto if len(texto) <= 40 else texto[:40] + "…"


def _leer_celdas(indice: int, ot: OtDelSitio, valores: list, dias_mes: int, errores: dict) -> dict[int, int | None]:
    """Day → status id (None = blank) of one posted row; wrong cells go to `errores` naming the OT and the day."""
    celdas = {}
    for posicion, valor in enumerate(valores):
        numero = posicion + 1
        estatus, valido = texto_estatus(valor)
        clave = f"reportes[{indice}].valores[{posicion}]"
        if not valido:
            errores[clave] = [
                f"OT {ot.folio}, día {numero}: «{_texto_celda(valor)}» no es un estatus válido; use {OPCIONES_TEXTO}."
            ]
        elif numero > dias_mes:
            if estatus is not None:
                errores[clave] = [f"OT {ot.folio}, día {numero}: el mes sólo tiene {dias_mes} días."]
        else:
            celdas[numero] = estatus
    return celdas


def _validar_reportes(ots: dict[int, OtDelSitio], reportes: list[dict], *, sitio: Sitio, mes: int, anio: int):
    """(OT, posted cells) pairs after checking every row; raise ValidationError naming each bad row or cell."""
    _, _, dias_mes = limites_mes(mes, anio)
    errores: dict[str, list[str]] = {}
    vistos: set[int] = set()
    pedidos = []
    for indice, reporte in enumerate(reportes):
        ot = ots.get(reporte["id_ot"])
        if ot is None:
            errores[f"reportes[{indice}].id_ot"] = [
                f"La OT con id {reporte['id_ot']} no se reporta en {sitio} durante {mes:02d}/{anio} "
                "(no existe, no está activa, no tiene anexo activo, no trabaja en ese sitio o está fuera de vigencia)."
            ]
            continue
        if ot.id in vistos:
            errores[f"reportes[{indice}].id_ot"] = [f"La OT {ot.folio} viene más de una vez."]
            continue
        vistos.add(ot.id)
        pedidos.append((indice, ot, _leer_celdas(indice, ot, reporte["valores"], dias_mes, errores)))
    if errores:
        raise ValidationError(errores)
    return pedidos


def _mensuales_para(ots: list[OtDelSitio], *, mes: int, anio: int) -> dict[int, int]:
    """OT id → its monthly report id, creating the missing ones; the rows are locked so saves of a month serialise."""
    ids = [ot.id for ot in ots]
    faltantes = [ReporteMensual(id_ot_id=ot.id, mes=mes, anio=anio) for ot in ots if not ot.id_reporte_mensual]
    if faltantes:
        ReporteMensual.objects.bulk_create(faltantes, ignore_conflicts=True)
    filas = ReporteMensual.objects.select_for_update().filter(id_ot_id__in=ids, mes=mes, anio=anio)
    mensuales = dict(filas.values_list("id_ot_id", "pk"))
    for ot in ots:
        ot.id_reporte_mensual = mensuales[ot.id]
    return mensuales


def _detalle(ot: OtDelSitio, dia: date, sitio: Sitio) -> str:
    return f"OT {ot.folio} · {fecha_dmy(dia)} · {sitio}"


@transaction.atomic
def reportes_diarios_guardar(*, sitio: Sitio, mes: int, anio: int, reportes: list[dict], usuario) -> ResultadoReportes:
    """Save a site's month of daily-report statuses in one transaction; a blank cell deletes that day's report.

    Every row must be an OT of the grid; a cell must be one of the four statuses or blank; a day outside the OT's
    validity window cannot change (an unchanged value is accepted). Each created, changed or deleted report is
    logged with its status before and after.
    """
    ots = {ot.id: ot for ot in ots_del_sitio(sitio=sitio, mes=mes, anio=anio)}
    pedidos = _validar_reportes(ots, reportes, sitio=sitio, mes=mes, anio=anio)
    con_valor = [ot for _, ot, celdas in pedidos if any(v is not None for v in celdas.values())]
    con_reportes = [ot for _, ot, _ in pedidos if ot.id_reporte_mensual]
    _mensuales_para(list({ot.id: ot for ot in con_valor + con_reportes}.values()), mes=mes, anio=anio)
    existentes = _reportes_existentes([ot for _, ot, _ in pedidos], sitio=sitio, mes=mes, anio=anio)

    resultado = ResultadoReportes()
    errores: dict[str, list[str]] = {}
    nuevos, cambiados, borrados = [], [], []
    for indice, ot, celdas in pedidos:
        for numero, estatus in celdas.items():
            actual = existentes.get((ot.id, numero))
            if (actual["id_estatus"] if actual else None) == estatus:
                resultado.sin_cambios += estatus is not None
                continue
            if numero in ot.bloqueados:
                errores[f"reportes[{indice}].valores[{numero - 1}]"] = [
                    f"OT {ot.folio}, día {numero}: {ot.bloqueados[numero].lower()}; su reporte diario no puede cambiar."
                ]
                continue
            dia = date(anio, mes, numero)
            if actual is None:
                nuevos.append(
                    (
                        ot,
                        ReporteDiario(
                            id_reporte_mensual_id=ot.id_reporte_mensual,
                            fecha=dia,
                            id_estatus_id=estatus,
                            id_sitio=sitio,
                        ),
                    )
                )
            elif estatus is None:
                borrados.append((ot, dia, actual))
            else:
                cambiados.append((ot, dia, actual, estatus))
    if errores:
        raise ValidationError(errores)
    _escribir(nuevos, cambiados, borrados, sitio=sitio, usuario=usuario)
    resultado.creados, resultado.actualizados, resultado.eliminados = len(nuevos), len(cambiados), len(borrados)
    return resultado


def _escribir(nuevos: list, cambiados: list, borrados: list, *, sitio: Sitio, usuario) -> None:
    """Bulk insert, update and delete the reports, then log one activity row per changed day."""
    if nuevos:
        ReporteDiario.objects.bulk_create([r for _, r in nuevos], batch_size=500)
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_DIARIO,
            evento=Evento.CREAR,
            registros=[
                (r.pk, {"estatus": ("", TEXTO_POR_ESTATUS[r.id_estatus_id])}, _detalle(ot, r.fecha, sitio))
                for ot, r in nuevos
            ],
        )
    if cambiados:
        filas = [ReporteDiario(pk=actual["pk"], id_estatus_id=estatus) for _, _, actual, estatus in cambiados]
        ReporteDiario.objects.bulk_update(filas, ["id_estatus"], batch_size=500)
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_DIARIO,
            evento=Evento.CAMBIO_ESTATUS,
            registros=[
                (actual["pk"], {"estatus": (actual["texto"], TEXTO_POR_ESTATUS[estatus])}, _detalle(ot, dia, sitio))
                for ot, dia, actual, estatus in cambiados
            ],
        )
    if borrados:
        ReporteDiario.objects.filter(pk__in=[actual["pk"] for _, _, actual in borrados]).delete()
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_DIARIO,
            evento=Evento.ELIMINAR,
            registros=[
                (actual["pk"], {"estatus": (actual["texto"], "")}, _detalle(ot, dia, sitio))
                for ot, dia, actual in borrados
            ],
        )


validar_url_evidencia = URLValidator(schemes=["http", "https"], message="Escriba un enlace http:// o https:// válido.")


@transaction.atomic
def reporte_mensual_archivo_guardar(
    *, ot: OTE, mes: int, anio: int, archivo: str, usuario
) -> tuple[ReporteMensual, bool]:
    """Set the monthly evidence folder link of an OT (creating its monthly report); (report, changed?)."""
    archivo = archivo.strip()
    validar_url_evidencia(archivo)
    reporte, creado = ReporteMensual.objects.select_for_update().get_or_create(id_ot=ot, mes=mes, anio=anio)
    anterior = reporte.archivo
    if not creado and anterior == archivo:
        return reporte, False
    reporte.archivo = archivo
    reporte.save(update_fields=["archivo", "fecha_actualizacion"])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_MENSUAL,
        registro_id=reporte.pk,
        evento=Evento.CREAR if creado else Evento.ACTUALIZAR,
        cambios={"archivo": (anterior, archivo)},
        detalle=f"OT {ot} · {mes:02d}/{anio}",
    )
    return reporte, True
