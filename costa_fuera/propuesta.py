"""TE/CMA production proposed from a vessel's daily time log (issue 9): the user confirms, nothing is written silently.

Rules, in one place:

- Category → time type (`TIPO_POR_CATEGORIA`): OPERANDO and TRANSITO are effective time (TE); ESPERA_CLIMA and
  ESPERA_CLIENTE are minimum applied cost (CMA); MANTENIMIENTO and OTRO are not billable: their hours are shown,
  never proposed. Entries without an OT are not proposed either (their hours are shown as "sin OT").
- Hours are summed per OT FAMILY (the initial OT and its reprogrammings): the production sheet is the family's, so
  an entry logged against a reprogramming counts towards its initial OT, and two OTs of one family never propose two
  values for the same cell. Durations are summed in whole minutes (an end of 00:00 is 24:00), so the total is exact;
  hours and days are derived from the minute total once, rounded half-up to the production precision (6 decimals).
- Day-rate concepts: the lines of the family's active annexes (`hoja.conceptos_de_familia`, the sheet's own
  consolidation) whose unit, normalised like every import (`catalogos.unidades.normalizar_unidad`), is a day
  (DIA, DÍA, JORNADA, JOR, D → volume = hours / 24) or an hour (HORA, HR, HRS, H → volume = hours). The unit's
  descripción is checked first, then its clave. Composite units (H-H, HOM/DÍA, SERV/DIA, M2/DÍA) are not day rates.
- A time type with no hours is not proposed: a 0 would delete production captured by other means.
- "Actual" is the production already stored for that concept, day, vessel and time type (all lines of the family,
  as the sheet matches by concept).

Confirming (`propuesta_confirmar`) needs the log to be final: the report in PRE_CIERRE or CERRADO. The selection names
(OT family id, annex line `id_partida_imp` of the sheet row, time type, volume); each item is checked against a
proposal recomputed under the locks, and its volume must equal the proposed one — the client chooses which concepts,
never the values. The writes go through `produccion.services.produccion_guardar_hoja` (one call per OT and time
type, with only the chosen concepts and their earlier days at their stored values), so blocked days (signed daily
report, outside the OT window), signed GPUs, approved estimations, the per-cell activity log, the excess
recalculation and the GPU synchronisation all apply. Everything is one transaction: one refused cell writes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core.actividad import actividad_registrar
from core.formato import fecha_dmy
from core.models import Evento
from operaciones.catalogos.unidades import normalizar_unidad
from operaciones.ot.models import OTE, PartidaAnexoImportada
from operaciones.produccion.excedentes import clave_concepto
from operaciones.produccion.hoja import CAMPOS_CONCEPTO, conceptos_de_familia, hoja_produccion, texto_decimal
from operaciones.produccion.models import Produccion, TipoTiempo
from operaciones.produccion.services import produccion_guardar_hoja
from operaciones.produccion.ventanas import (
    MOTIVO_FIRMADO,
    dias_firmados,
    dias_fuera_de_ventana,
    fechas_por_familia,
    ventana_de_fechas,
)

from .models import BitacoraTiempo, CategoriaOperativa, EstadoReporte, ReporteDiarioEmbarcacion
from .reglas import descripcion_reporte

ENTIDAD_PROPUESTA = "Propuesta de producción (costa fuera)"
NO_COBRABLE = "NO_COBRABLE"

TIPO_POR_CATEGORIA: dict[str, str | None] = {
    CategoriaOperativa.OPERANDO: TipoTiempo.TE,
    CategoriaOperativa.TRANSITO: TipoTiempo.TE,
    CategoriaOperativa.ESPERA_CLIMA: TipoTiempo.CMA,
    CategoriaOperativa.ESPERA_CLIENTE: TipoTiempo.CMA,
    CategoriaOperativa.MANTENIMIENTO: None,
    CategoriaOperativa.OTRO: None,
}

UNIDAD_DIA, UNIDAD_HORA = "DIA", "HORA"
UNIDADES_TIEMPO = {
    **dict.fromkeys(("DIA", "JORNADA", "JOR", "D"), UNIDAD_DIA),
    **dict.fromkeys(("HORA", "HR", "HRS", "H"), UNIDAD_HORA),
}
MINUTOS_POR_UNIDAD = {UNIDAD_DIA: 24 * 60, UNIDAD_HORA: 60}

ESTADOS_CONFIRMABLES = (EstadoReporte.PRE_CIERRE, EstadoReporte.CERRADO)
SEIS_DECIMALES = Decimal("0.000001")
MINUTOS_DIA = 24 * 60
TIPOS = (TipoTiempo.TE, TipoTiempo.CMA)


def minutos_de(entrada_inicio: time, entrada_fin: time) -> int:
    """Length of a log entry in minutes; an end of 00:00 is midnight at the end of the day (24:00)."""
    inicio = entrada_inicio.hour * 60 + entrada_inicio.minute
    fin = MINUTOS_DIA if entrada_fin == time(0, 0) else entrada_fin.hour * 60 + entrada_fin.minute
    return max(fin - inicio, 0)


def volumen_de(minutos: int, tipo_unidad: str) -> Decimal:
    """Minutes as a volume of a day-rate (hours / 24) or hour-rate concept, at the production precision."""
    return (Decimal(minutos) / MINUTOS_POR_UNIDAD[tipo_unidad]).quantize(SEIS_DECIMALES, rounding=ROUND_HALF_UP)


def horas_texto(minutos: int) -> str:
    return texto_decimal(volumen_de(minutos, UNIDAD_HORA))


def tipo_de_unidad(descripcion: str, clave: str) -> str | None:
    """DIA, HORA or None (not a time unit), by the unit's normalised descripción, else its clave."""
    return UNIDADES_TIEMPO.get(normalizar_unidad(descripcion)) or UNIDADES_TIEMPO.get(normalizar_unidad(clave))


def motivo_no_confirmable(reporte: ReporteDiarioEmbarcacion) -> str:
    """'' when the log is final (pre-cierre or cerrado); otherwise the Spanish reason."""
    if reporte.estado in ESTADOS_CONFIRMABLES:
        return ""
    return (
        f"El reporte diario de {descripcion_reporte(reporte)} está en borrador: la producción solo se propone de "
        "una bitácora en pre-cierre o cerrada."
    )


# --- Reading the proposal ---------------------------------------------------------------------------------------


@dataclass
class _Familia:
    principal_id: int
    ots_registradas: list[str] = field(default_factory=list)
    minutos: dict[str, int] = field(default_factory=lambda: {TipoTiempo.TE: 0, TipoTiempo.CMA: 0, NO_COBRABLE: 0})


def _minutos_por_familia(reporte: ReporteDiarioEmbarcacion) -> tuple[dict[int, _Familia], int]:
    """Family id → logged minutes per time type (and not billable), and the minutes logged without an OT."""
    entradas = BitacoraTiempo.objects.filter(reporte=reporte).values_list(
        "hora_inicio", "hora_fin", "estatus_operativo", "ot_id", "ot__ot_principal_id", "ot__orden_trabajo"
    )
    familias: dict[int, _Familia] = {}
    sin_ot = 0
    for inicio, fin, categoria, ot_id, principal_id, folio in entradas.order_by("hora_inicio", "pk"):
        minutos = minutos_de(inicio, fin)
        if ot_id is None:
            sin_ot += minutos
            continue
        clave = principal_id or ot_id
        familia = familias.setdefault(clave, _Familia(clave))
        if folio not in familia.ots_registradas:
            familia.ots_registradas.append(folio)
        familia.minutos[TIPO_POR_CATEGORIA.get(categoria) or NO_COBRABLE] += minutos
    return familias, sin_ot


def _actuales(reporte, miembros: dict[int, int]) -> dict[tuple, Decimal]:
    """(family id, concept key, time type) → production stored for the report's day at the vessel (one query)."""
    filas = (
        Produccion.objects.filter(
            id_partida_anexo__importacion_anexo__ot_id__in=list(miembros),
            fecha_produccion=reporte.fecha,
            id_sitio_produccion_id=reporte.embarcacion_id,
        )
        .order_by()
        .values_list(
            "id_partida_anexo__importacion_anexo__ot_id", "tipo_tiempo", "volumen_produccion", *CAMPOS_CONCEPTO
        )
    )
    actuales: dict[tuple, Decimal] = defaultdict(Decimal)
    for ot_id, tipo, volumen, concepto_id, anexo, codigo in filas:
        actuales[(miembros[ot_id], clave_concepto(concepto_id, anexo, codigo), tipo)] += volumen
    return actuales


def _claves_unidad(conceptos_por_familia: dict[int, list]) -> dict[int, str]:
    """Line id → its unit's clave, for the lines the sheet shows (one query)."""
    ids = [c.id_partida_imp for conceptos in conceptos_por_familia.values() for c in conceptos]
    if not ids:
        return {}
    return dict(PartidaAnexoImportada.objects.filter(pk__in=ids).values_list("pk", "unidad_medida__clave"))


def _bloqueo(reporte, principal_id: int, fechas: list[dict]) -> str:
    """Why the report's day cannot take production for this family at the vessel ('' when it can)."""
    dia, mes, anio = reporte.fecha.day, reporte.fecha.month, reporte.fecha.year
    if dia in dias_firmados(principal_id, mes=mes, anio=anio):
        return MOTIVO_FIRMADO
    inicio, fin, es_patio = ventana_de_fechas(fechas, reporte.embarcacion_id)
    return dias_fuera_de_ventana(inicio, fin, es_patio, mes=mes, anio=anio).get(dia, "")


def propuesta_calcular(reporte: ReporteDiarioEmbarcacion) -> dict:
    """The day's TE/CMA proposal per OT family: logged hours and each day-rate concept's current → proposed volume."""
    familias, sin_ot = _minutos_por_familia(reporte)
    fechas = fechas_por_familia(list(familias))
    folios = dict(OTE.objects.filter(pk__in=list(familias)).values_list("pk", "orden_trabajo"))
    miembros = {fila["pk"]: principal for principal, filas in fechas.items() for fila in filas}
    conceptos = {principal: conceptos_de_familia([f["pk"] for f in fechas[principal]])[0] for principal in familias}
    claves = _claves_unidad(conceptos)
    actuales = _actuales(reporte, miembros) if miembros else {}
    ots = []
    for principal, familia in familias.items():
        minutos = familia.minutos
        filas = []
        for concepto in conceptos[principal]:
            tipo_unidad = tipo_de_unidad(concepto.unidad, claves.get(concepto.id_partida_imp) or "")
            if tipo_unidad is None:
                continue
            propuestas = []
            for tipo in TIPOS:
                if not minutos[tipo]:
                    continue
                actual = actuales.get((principal, concepto.clave, tipo))
                propuesto = volumen_de(minutos[tipo], tipo_unidad)
                propuestas.append(
                    {
                        "tipo_tiempo": tipo,
                        "tipo_tiempo_texto": TipoTiempo(tipo).label,
                        "actual": texto_decimal(actual),
                        "propuesto": texto_decimal(propuesto),
                        "sin_cambio": (actual or Decimal(0)) == propuesto,
                    }
                )
            filas.append(
                {
                    "id_partida_imp": concepto.id_partida_imp,
                    "anexo": concepto.anexo,
                    "codigo": concepto.codigo,
                    "descripcion": concepto.descripcion,
                    "unidad": concepto.unidad or claves.get(concepto.id_partida_imp) or "",
                    "tipo_unidad": tipo_unidad,
                    "propuestas": propuestas,
                }
            )
        ots.append(
            {
                "ot": principal,
                "folio": folios.get(principal, ""),
                "ots_registradas": familia.ots_registradas,
                "vigente": bool(fechas.get(principal)),
                "minutos_te": minutos[TipoTiempo.TE],
                "minutos_cma": minutos[TipoTiempo.CMA],
                "minutos_no_cobrables": minutos[NO_COBRABLE],
                "horas_te": horas_texto(minutos[TipoTiempo.TE]),
                "horas_cma": horas_texto(minutos[TipoTiempo.CMA]),
                "horas_no_cobrables": horas_texto(minutos[NO_COBRABLE]),
                "bloqueo": _bloqueo(reporte, principal, fechas[principal]) if fechas.get(principal) else "",
                "conceptos": filas,
            }
        )
    ots.sort(key=lambda o: (o["folio"], o["ot"]))
    motivo = motivo_no_confirmable(reporte)
    return {
        "reporte": {
            "id": reporte.pk,
            "fecha": reporte.fecha.isoformat(),
            "fecha_texto": fecha_dmy(reporte.fecha),
            "embarcacion": reporte.embarcacion.descripcion,
            "estado": reporte.estado,
            "estado_texto": EstadoReporte(reporte.estado).label,
        },
        "confirmable": not motivo,
        "motivo_no_confirmable": motivo,
        "minutos_sin_ot": sin_ot,
        "horas_sin_ot": horas_texto(sin_ot),
        "ots": ots,
    }


def contexto_propuesta(reporte: ReporteDiarioEmbarcacion, usuario) -> dict:
    """What the day page's "Producción propuesta" tab needs: its endpoints and whether this user may confirm."""
    puede = usuario.has_perms(("produccion.add_produccion", "produccion.change_produccion"))
    return {
        "propuesta_url": reverse("costa_fuera:propuesta", args=[reporte.pk]),
        "propuesta_confirmar_url": reverse("costa_fuera:propuesta_confirmar", args=[reporte.pk]),
        "propuesta_puede_confirmar": puede,
        "propuesta_motivo_no_confirmable": motivo_no_confirmable(reporte),
    }


# --- Confirming -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultadoConfirmacion:
    creados: int
    actualizados: int
    sin_cambios: int
    excedentes_cambiados: int

    @property
    def cambios(self) -> int:
        return self.creados + self.actualizados


@dataclass(frozen=True)
class _Elegido:
    ot: int
    partida: int
    tipo_tiempo: str
    volumen: Decimal
    codigo: str
    folio: str
    actual: str | None


def _leer_volumen(valor) -> Decimal | None:
    if isinstance(valor, bool) or not isinstance(valor, int | float | str | Decimal):
        return None
    try:
        numero = Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        return None
    return numero if numero.is_finite() else None


def _elegidos(propuesta: dict, seleccion: list[dict]) -> list[_Elegido]:
    """Every selected item checked against the fresh proposal; all errors at once, keyed `seleccion[i]`."""
    por_clave = {
        (ot["ot"], fila["id_partida_imp"], p["tipo_tiempo"]): (ot, fila, p)
        for ot in propuesta["ots"]
        for fila in ot["conceptos"]
        for p in fila["propuestas"]
    }
    ots = {ot["ot"]: ot for ot in propuesta["ots"]}
    errores: dict[str, list[str]] = {}
    elegidos, vistos = [], set()
    for i, item in enumerate(seleccion):
        campo = f"seleccion[{i}]"
        clave = (item.get("ot"), item.get("concepto"), item.get("tipo_tiempo"))
        encontrado = por_clave.get(clave)
        if encontrado is None:
            mensaje = (
                "La OT no tiene horas registradas en la bitácora de este día."
                if clave[0] not in ots
                else "El concepto no es de cobro por día u hora de la OT, o la bitácora no tiene horas "
                f"{clave[2] or ''} para ella; recargue la propuesta."
            )
            errores[campo] = [mensaje]
            continue
        ot, fila, propuesta_item = encontrado
        if clave in vistos:
            errores[campo] = [f"{fila['codigo']} {clave[2]} de la OT {ot['folio']} viene dos veces en la selección."]
            continue
        vistos.add(clave)
        volumen = _leer_volumen(item.get("volumen"))
        propuesto = Decimal(propuesta_item["propuesto"])
        if volumen is None or volumen != propuesto:
            errores[campo] = [
                f"{fila['codigo']} {clave[2]} de la OT {ot['folio']}: el volumen no coincide con el propuesto por la "
                f"bitácora ({propuesta_item['propuesto']}); recargue la propuesta."
            ]
            continue
        elegidos.append(
            _Elegido(
                ot["ot"],
                fila["id_partida_imp"],
                clave[2],
                propuesto,
                fila["codigo"],
                ot["folio"],
                propuesta_item["actual"],
            )
        )
    if errores:
        raise ValidationError(errores)
    return elegidos


def _partidas_hoja(ot: OTE, reporte, tipo_tiempo: str, elegidos: list[_Elegido]) -> list[dict]:
    """The sheet payload: each chosen concept with its earlier days at their stored values and the day proposed."""
    fecha = reporte.fecha
    hoja = hoja_produccion(ot=ot, mes=fecha.month, anio=fecha.year, tipo_tiempo=tipo_tiempo, sitio=reporte.embarcacion)
    dias_por_linea = {f["id_partida_imp"]: f["dias"] for f in hoja["partidas"] if not f["es_subtitulo"]}
    partidas = []
    for elegido in elegidos:
        anteriores = [d["valor"] if d else None for d in dias_por_linea.get(elegido.partida, [])[: fecha.day - 1]]
        anteriores += [None] * (fecha.day - 1 - len(anteriores))
        partidas.append(
            {
                "id_partida_imp": elegido.partida,
                "codigo": elegido.codigo,
                "valores": [*anteriores, str(elegido.volumen)],
            }
        )
    return partidas


def _mensajes(rechazo: ValidationError) -> list[str]:
    return [str(m) for m in rechazo.messages]


@transaction.atomic
def propuesta_confirmar(*, reporte_id: int, seleccion: list[dict], usuario) -> ResultadoConfirmacion:
    """Write the chosen TE/CMA proposals of a final day log through the production sheet service, all or nothing."""
    reporte = ReporteDiarioEmbarcacion.objects.select_for_update().get(pk=reporte_id)
    reporte.embarcacion  # noqa: B018  (loaded after the lock: PostgreSQL refuses FOR UPDATE over a nullable join)
    motivo = motivo_no_confirmable(reporte)
    if motivo:
        raise ValidationError({"reporte": motivo})
    if not seleccion:
        raise ValidationError({"seleccion": "Seleccione al menos un concepto de la propuesta."})
    # Lock the families before reading what is stored, so the earlier days posted back are the current ones.
    ids = sorted({item.get("ot") for item in seleccion if isinstance(item.get("ot"), int)})
    principales = {ot.pk: ot for ot in OTE.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    elegidos = _elegidos(propuesta_calcular(reporte), seleccion)

    grupos: dict[tuple, list[_Elegido]] = defaultdict(list)
    for elegido in elegidos:
        grupos[(elegido.ot, elegido.tipo_tiempo)].append(elegido)
    creados = actualizados = sin_cambios = excedentes = 0
    errores: list[str] = []
    for (ot_id, tipo), grupo in sorted(grupos.items()):
        ot = principales.get(ot_id) or OTE.objects.get(pk=ot_id)
        partidas = _partidas_hoja(ot, reporte, tipo, grupo)
        try:
            r = produccion_guardar_hoja(
                ot=ot,
                mes=reporte.fecha.month,
                anio=reporte.fecha.year,
                tipo_tiempo=tipo,
                sitio=reporte.embarcacion,
                partidas=partidas,
                usuario=usuario,
            )
        except ValidationError as rechazo:
            errores.extend(f"OT {grupo[0].folio} {tipo}: {m}" for m in _mensajes(rechazo))
            continue
        creados, actualizados = creados + r.creados, actualizados + r.actualizados
        sin_cambios, excedentes = sin_cambios + r.sin_cambios, excedentes + r.excedentes_cambiados
    if errores:
        raise ValidationError({"seleccion": errores})

    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_PROPUESTA,
        registro_id=reporte.pk,
        evento=Evento.CREAR,
        cambios={
            f"{e.folio} {e.codigo} {e.tipo_tiempo}"[:100]: (e.actual or "", texto_decimal(e.volumen)) for e in elegidos
        },
        detalle=(
            f"Producción confirmada desde la bitácora de {descripcion_reporte(reporte)}: {len(elegidos)} conceptos "
            f"(nuevos {creados}, modificados {actualizados}, sin cambio {sin_cambios})"
        ),
    )
    return ResultadoConfirmacion(creados, actualizados, sin_cambios, excedentes)
