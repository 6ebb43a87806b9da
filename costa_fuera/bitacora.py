"""The day's time log of a vessel: validation of the whole list, its save service and its totals selector.

The page sends the whole day in one POST (a JSON list); the server checks every entry (formats, start before end,
the OT), then the sequence: no two activities overlap and no time is left between consecutive activities unless
the later one is marked `hueco_justificado`. "24:00" (or "00:00") as an end means midnight at the end of the day,
stored as time(0, 0) (see the model's constraint). Saving replaces the day's entries; the same list twice changes
nothing and logs nothing.

OTs: an activity may name an OT working on the vessel in the report's month, i.e. one of
`operaciones.produccion.reportes_diarios.ots_del_sitio` (live initial OT at the site, family with an active annex,
validity window overlapping the month: the same list the site's daily-report grid shows), or an OT the saved log
already names (so a log stays saveable if an OT later drops out of that list).
"""

import re
from dataclasses import dataclass
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.actividad import actividad_registrar
from core.models import Evento
from operaciones.produccion.reportes_diarios import ots_del_sitio

from . import reglas
from .models import BitacoraTiempo, CategoriaOperativa, ReporteDiarioEmbarcacion

MINUTOS_DIA = 24 * 60
ENTRADAS_MAXIMAS = 200
ACTIVIDAD_MAXIMA = 2000
_HORA = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
CENTESIMOS = Decimal("0.01")


@dataclass(frozen=True)
class Entrada:
    """One validated activity; times in minutes from 00:00 (fin 1440 = midnight at the end of the day)."""

    indice: int
    inicio: int
    fin: int
    actividad: str
    estatus_operativo: str
    ot_id: int | None
    hueco_justificado: bool

    @property
    def numero(self) -> int:
        return self.indice + 1

    @property
    def rango(self) -> str:
        return f"{hhmm(self.inicio)}–{hhmm(self.fin)}"

    def clave(self) -> tuple:
        return (self.inicio, self.fin, self.actividad, self.estatus_operativo, self.ot_id, self.hueco_justificado)


def hhmm(minutos: int) -> str:
    return f"{minutos // 60:02d}:{minutos % 60:02d}"


def _minutos(hora: time) -> int:
    return hora.hour * 60 + hora.minute


def _hora(minutos: int) -> time:
    return time(0, 0) if minutos >= MINUTOS_DIA else time(minutos // 60, minutos % 60)


def _de_fila(indice: int, fila: BitacoraTiempo) -> Entrada:
    fin = _minutos(fila.hora_fin) or MINUTOS_DIA
    return Entrada(
        indice=indice,
        inicio=_minutos(fila.hora_inicio),
        fin=fin,
        actividad=fila.actividad,
        estatus_operativo=fila.estatus_operativo,
        ot_id=fila.ot_id,
        hueco_justificado=fila.hueco_justificado,
    )


# --- Reads ------------------------------------------------------------------------------------------------------


def ots_permitidas(reporte: ReporteDiarioEmbarcacion) -> dict[int, str]:
    """OT id → folio of the OTs the day's activities may name (see the module docstring)."""
    ots = {
        ot.id: ot.folio
        for ot in ots_del_sitio(sitio=reporte.embarcacion, mes=reporte.fecha.month, anio=reporte.fecha.year)
    }
    if reporte.pk:
        guardadas = reporte.bitacora.filter(ot__isnull=False).values_list("ot_id", "ot__orden_trabajo").distinct()
        ots.update(dict(guardadas))
    return dict(sorted(ots.items(), key=lambda par: (par[1], par[0])))


def entradas_de_reporte(reporte: ReporteDiarioEmbarcacion) -> list[dict]:
    """The saved log as the page edits it ("HH:MM" times, 24:00 for midnight at the end), in time order."""
    filas = reporte.bitacora.order_by("hora_inicio", "pk")
    return [
        {
            "hora_inicio": hhmm(e.inicio),
            "hora_fin": hhmm(e.fin),
            "actividad": e.actividad,
            "estatus_operativo": e.estatus_operativo,
            "ot": e.ot_id,
            "hueco_justificado": e.hueco_justificado,
        }
        for e in (_de_fila(i, f) for i, f in enumerate(filas))
    ]


def _horas(minutos: int) -> Decimal:
    return (Decimal(minutos) / Decimal(60)).quantize(CENTESIMOS, rounding=ROUND_HALF_UP)


def totales_bitacora(reporte: ReporteDiarioEmbarcacion) -> dict:
    """Hours per operational category and per OT, and the day's total (one query).

    Keys: `por_categoria` [{categoria, etiqueta, horas, minutos}] in the categories' order, `por_ot`
    [{ot_id, ot, horas, minutos}] by folio with "Sin OT" last, `total_horas` and `total_minutos`.
    """
    filas = list(reporte.bitacora.select_related("ot").order_by("hora_inicio", "pk"))
    por_categoria: dict[str, int] = {}
    por_ot: dict[int | None, list] = {}
    total = 0
    for i, fila in enumerate(filas):
        minutos = _de_fila(i, fila)
        duracion = minutos.fin - minutos.inicio
        total += duracion
        por_categoria[fila.estatus_operativo] = por_categoria.get(fila.estatus_operativo, 0) + duracion
        folio = fila.ot.orden_trabajo if fila.ot_id else "Sin OT"
        por_ot.setdefault(fila.ot_id, [folio, 0])[1] += duracion
    etiquetas = dict(CategoriaOperativa.choices)
    categorias = [
        {"categoria": c, "etiqueta": str(etiquetas[c]), "horas": _horas(por_categoria[c]), "minutos": por_categoria[c]}
        for c in CategoriaOperativa.values
        if c in por_categoria
    ]
    ots = [
        {"ot_id": ot_id, "ot": folio, "horas": _horas(minutos), "minutos": minutos}
        for ot_id, (folio, minutos) in sorted(por_ot.items(), key=lambda par: (par[0] is None, par[1][0]))
    ]
    return {"por_categoria": categorias, "por_ot": ots, "total_horas": _horas(total), "total_minutos": total}


# --- Validation -------------------------------------------------------------------------------------------------


def _leer_hora(valor, *, es_fin: bool) -> int | None:
    if not isinstance(valor, str):
        return None
    valor = valor.strip()
    if es_fin and valor == "24:00":
        return MINUTOS_DIA
    m = _HORA.match(valor)
    if not m:
        return None
    minutos = int(m.group(1)) * 60 + int(m.group(2))
    return MINUTOS_DIA if es_fin and minutos == 0 else minutos


def _leer_ot(valor):
    """(ok, id or None)."""
    if valor is None or valor == "":
        return True, None
    if isinstance(valor, bool):
        return False, None
    if isinstance(valor, int):
        return (1 <= valor <= 2**31 - 1), valor
    if isinstance(valor, str) and valor.strip().isdigit() and len(valor.strip()) <= 10:
        return True, int(valor.strip())
    return False, None


def _entrada(indice: int, dato, permitidas: dict[int, str], reporte, errores: dict) -> Entrada | None:
    """One entry checked field by field; its errors go to `errores` under `bitacora[i].campo`."""
    prefijo = f"bitacora[{indice}]"
    numero = indice + 1
    if not isinstance(dato, dict):
        errores.setdefault(prefijo, []).append(f"La actividad {numero} no tiene un formato válido.")
        return None
    propios: dict[str, str] = {}
    inicio = _leer_hora(dato.get("hora_inicio"), es_fin=False)
    if inicio is None:
        propios["hora_inicio"] = f"Actividad {numero}: la hora de inicio debe tener el formato HH:MM (00:00 a 23:59)."
    fin = _leer_hora(dato.get("hora_fin"), es_fin=True)
    if fin is None:
        propios["hora_fin"] = f"Actividad {numero}: la hora de fin debe tener el formato HH:MM (00:01 a 24:00)."
    if inicio is not None and fin is not None and fin <= inicio:
        propios["hora_fin"] = (
            f"Actividad {numero}: la hora de fin ({hhmm(fin)}) debe ser posterior a la de inicio ({hhmm(inicio)})."
        )
    actividad = dato.get("actividad")
    actividad = actividad.strip() if isinstance(actividad, str) else ""
    if not actividad:
        propios["actividad"] = f"Actividad {numero}: describa la actividad."
    elif len(actividad) > ACTIVIDAD_MAXIMA:
        propios["actividad"] = f"Actividad {numero}: la descripción no puede pasar de {ACTIVIDAD_MAXIMA} caracteres."
    estatus = dato.get("estatus_operativo")
    if estatus not in CategoriaOperativa.values:
        propios["estatus_operativo"] = f"Actividad {numero}: elija una categoría operativa válida."
    ok, ot_id = _leer_ot(dato.get("ot"))
    if not ok:
        propios["ot"] = f"Actividad {numero}: la OT no es válida."
    elif ot_id is not None and ot_id not in permitidas:
        propios["ot"] = (
            f"Actividad {numero}: la OT elegida no trabaja en {reporte.embarcacion.descripcion} "
            f"en {reporte.fecha:%m/%Y}."
        )
    hueco = dato.get("hueco_justificado", False)
    if hueco is None:
        hueco = False
    if not isinstance(hueco, bool):
        propios["hueco_justificado"] = f"Actividad {numero}: «hueco justificado» debe ser sí o no."
    for campo, mensaje in propios.items():
        errores.setdefault(f"{prefijo}.{campo}", []).append(mensaje)
    if propios:
        return None
    return Entrada(indice, inicio, fin, actividad, estatus, ot_id, hueco)


def _revisar_secuencia(entradas: list[Entrada]) -> dict[str, list[str]]:
    """Overlaps and unjustified gaps between consecutive activities (in time order)."""
    errores: dict[str, list[str]] = {}
    previa: Entrada | None = None  # the earlier activity that ends last
    for e in sorted(entradas, key=lambda x: (x.inicio, x.fin, x.indice)):
        if previa is not None:
            if e.inicio < previa.fin:
                errores.setdefault(f"bitacora[{e.indice}].hora_inicio", []).append(
                    f"La actividad {e.numero} ({e.rango}) se traslapa con la actividad {previa.numero} "
                    f"({previa.rango})."
                )
            elif e.inicio > previa.fin and not e.hueco_justificado:
                errores.setdefault(f"bitacora[{e.indice}].hora_inicio", []).append(
                    f"Hay un hueco de {hhmm(previa.fin)} a {hhmm(e.inicio)} entre la actividad {previa.numero} y la "
                    f"actividad {e.numero}: cúbralo con otra actividad o marque la actividad {e.numero} como "
                    "hueco justificado."
                )
        if previa is None or e.fin > previa.fin:
            previa = e
    return errores


def bitacora_validar(reporte: ReporteDiarioEmbarcacion, datos) -> list[Entrada]:
    """The day's entries checked as a whole; ValidationError keyed `bitacora[i].campo` lists every problem."""
    if not isinstance(datos, list):
        raise ValidationError({"bitacora": "La bitácora debe ser una lista de actividades."})
    if len(datos) > ENTRADAS_MAXIMAS:
        raise ValidationError({"bitacora": f"La bitácora no puede tener más de {ENTRADAS_MAXIMAS} actividades."})
    permitidas = ots_permitidas(reporte)
    errores: dict[str, list[str]] = {}
    entradas = [e for i, dato in enumerate(datos) if (e := _entrada(i, dato, permitidas, reporte, errores))]
    if errores:
        raise ValidationError(errores)
    errores = _revisar_secuencia(entradas)
    if errores:
        raise ValidationError(errores)
    return sorted(entradas, key=lambda x: x.inicio)


def exigir_dia_completo(reporte: ReporteDiarioEmbarcacion) -> None:
    """Pre-closing needs the log to cover 00:00–24:00: no overlaps and no gap unless the activity after it is
    marked justified (a gap at the end of the day has no activity after it, so it must be covered)."""
    entradas = [_de_fila(i, f) for i, f in enumerate(reporte.bitacora.order_by("hora_inicio", "pk"))]
    if not entradas:
        raise ValidationError({"bitacora": "La bitácora está vacía: registre las actividades de 00:00 a 24:00."})
    errores = _revisar_secuencia(entradas)
    if errores:
        raise ValidationError({"bitacora": [m for mensajes in errores.values() for m in mensajes]})
    primera, fin = entradas[0], max(e.fin for e in entradas)
    if primera.inicio > 0 and not primera.hueco_justificado:
        raise ValidationError(
            {"bitacora": f"La bitácora debe cubrir de 00:00 a 24:00: falta de 00:00 a {hhmm(primera.inicio)}."}
        )
    if fin < MINUTOS_DIA:
        raise ValidationError({"bitacora": f"La bitácora debe cubrir de 00:00 a 24:00: falta de {hhmm(fin)} a 24:00."})


# --- Write ------------------------------------------------------------------------------------------------------


def _resumen(entradas: list[Entrada]) -> str:
    minutos = sum(e.fin - e.inicio for e in entradas)
    return f"{len(entradas)} actividades, {hhmm(minutos)} h"


def bitacora_guardar(*, reporte_id: int, datos, usuario) -> bool:
    """Replace the day's time log with `datos` (validated as a whole); False when it was already exactly that."""
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)
        nuevas = bitacora_validar(reporte, datos)
        actuales = [_de_fila(i, f) for i, f in enumerate(reporte.bitacora.order_by("hora_inicio", "pk"))]
        if sorted(e.clave() for e in actuales) == sorted(e.clave() for e in nuevas):
            return False
        reporte.bitacora.all().delete()
        BitacoraTiempo.objects.bulk_create(
            BitacoraTiempo(
                reporte=reporte,
                hora_inicio=_hora(e.inicio),
                hora_fin=_hora(e.fin),
                actividad=e.actividad,
                estatus_operativo=e.estatus_operativo,
                ot_id=e.ot_id,
                hueco_justificado=e.hueco_justificado,
            )
            for e in nuevas
        )
        reporte.save(update_fields=["fecha_actualizacion"])
        actividad_registrar(
            usuario=usuario,
            entidad=reglas.ENTIDAD_REPORTE,
            registro_id=reporte.pk,
            evento=Evento.ACTUALIZAR,
            cambios={"bitacora": (_resumen(actuales), _resumen(nuevas))},
            detalle=f"Se guardó la bitácora de tiempos del reporte de {reglas.descripcion_reporte(reporte)}.",
        )
    return True
