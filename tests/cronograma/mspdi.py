"""Generator of MSPDI (MS Project XML) schedules of any size, with the values a reader must find in them.

Used by the reader's tests and by `bench/cronograma.py`. The plan is regular on purpose, so every expected value
is known: phases (level 1, summary) → packages (level 2, summary) → activities (level 3), chained FS inside each
package, with a few SS / FF / SF links and lags written in hours, days and weeks, a weight custom field (Number1,
alias "Pond.") and a progress custom field as text with a decimal comma (Text1, alias "% Avance real").

    plan = mspdi_plan(2000)
    plan.escribir(tmp_path / "plan.xml")
    plan.tareas[0]  → {"uid": 1, "nivel": 1, "padre_uid": None, "duracion_dias": "…", …}
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

# MS Project field ids of the task custom fields used (Number1, Text1).
ID_NUMBER1 = 188743767
ID_TEXT1 = 188743731
ALIAS_PONDERACION = "Pond."
ALIAS_AVANCE = "% Avance real"

MINUTOS_DIA = 480
# MSPDI link types and lag formats.
TIPO_LINK = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
FORMATO_HORAS, FORMATO_DIAS, FORMATO_SEMANAS = 5, 7, 9
RECURSOS = ("Buzo A", "Buzo B", "Supervisor", "Embarcación DSV")


def dia_habil(inicio: date, n: int) -> date:
    """The n-th working day (Mon–Fri) counting `inicio` (a Monday) as day 0."""
    semanas, resto = divmod(n, 5)
    return inicio + timedelta(days=7 * semanas + resto)


@dataclass
class PlanMSPDI:
    titulo: str
    inicio: date
    tareas: list[dict] = field(default_factory=list)
    dependencias: list[dict] = field(default_factory=list)
    xml: str = ""

    def escribir(self, ruta: Path) -> Path:
        ruta = Path(ruta)
        ruta.write_text(self.xml, encoding="utf-8")
        return ruta

    def tareas_esperadas(self) -> list[dict]:
        """The tasks as `leer_cronograma` must return them (the generator's private keys removed)."""
        return [_publico(tarea) for tarea in self.tareas]

    def dependencias_esperadas(self) -> list[dict]:
        return [_publico(link) for link in self.dependencias]

    @property
    def fin(self) -> str:
        return max(t["fin"] for t in self.tareas)


def _publico(datos: dict) -> dict:
    return {clave: valor for clave, valor in datos.items() if not clave.startswith("_")}


def _fecha(dia: date, hora: int) -> str:
    return datetime.combine(dia, time(hora)).strftime("%Y-%m-%dT%H:%M")


def _duracion_iso(horas: int) -> str:
    return f"PT{horas}H0M0S"


def mspdi_plan(
    n_tareas: int,
    *,
    titulo: str = "Plan generado",
    paquetes_por_fase: int = 4,
    actividades_por_paquete: int = 8,
    inicio: date = date(2025, 1, 6),
    con_campos: bool = True,
    alias_ponderacion: str = ALIAS_PONDERACION,
    alias_avance: str = ALIAS_AVANCE,
) -> PlanMSPDI:
    """A plan of exactly `n_tareas` real tasks (plus the project summary uid 0) and its expected reading."""
    plan = PlanMSPDI(titulo=titulo, inicio=inicio)
    uid = 0
    fase = paquete = None
    dia = 0  # working-day cursor of the next activity
    anterior = None  # previous activity of the same package, for the FS chain
    contador_link = 0

    def nueva(nivel, padre, nombre, wbs, resumen=False):
        nonlocal uid
        uid += 1
        tarea = {
            "uid": uid,
            "id": uid,
            "wbs": wbs,
            "nombre": nombre,
            "nivel": nivel,
            "es_resumen": resumen,
            "es_hito": False,
            "padre_uid": padre["uid"] if padre else None,
            "recursos": [],
            "ponderacion": None,
            "avance_campo": None,
            "porcentaje_completado": "0.00",
        }
        plan.tareas.append(tarea)
        return tarea

    if n_tareas < 3:
        raise ValueError("Un plan generado necesita al menos 3 tareas (fase, paquete y actividad).")
    hijos = {}
    while len(plan.tareas) < n_tareas:
        restantes = n_tareas - len(plan.tareas)
        # A summary is only opened when its first child still fits: mpxj does not call a childless row a summary.
        lleno = paquete is not None and len(hijos[paquete["uid"]]) >= actividades_por_paquete
        if fase is None or (len(hijos[fase["uid"]]) >= paquetes_por_fase and lleno and restantes >= 3):
            numero = sum(1 for t in plan.tareas if t["nivel"] == 1) + 1
            fase = nueva(1, None, f"Fase {numero}", str(numero), resumen=True)
            hijos[fase["uid"]] = []
            paquete = None
            continue
        if paquete is None or (lleno and restantes >= 2):
            numero = len(hijos[fase["uid"]]) + 1
            paquete = nueva(2, fase, f"Paquete {fase['wbs']}.{numero}", f"{fase['wbs']}.{numero}", resumen=True)
            hijos[fase["uid"]].append(paquete)
            hijos[paquete["uid"]] = []
            anterior = None
            continue
        numero = len(hijos[paquete["uid"]]) + 1
        actividad = nueva(3, paquete, f"Actividad {paquete['wbs']}.{numero}", f"{paquete['wbs']}.{numero}")
        hijos[paquete["uid"]].append(actividad)
        es_hito = numero == actividades_por_paquete
        duracion = 0 if es_hito else 1 + actividad["uid"] % 5
        actividad["es_hito"] = es_hito
        actividad["_dia"] = dia
        actividad["_duracion"] = duracion
        actividad["duracion_dias"] = f"{duracion}.00"
        actividad["inicio"] = _fecha(dia_habil(inicio, dia), 8) if duracion else _fecha(dia_habil(inicio, dia - 1), 17)
        actividad["fin"] = _fecha(dia_habil(inicio, dia + duracion - 1), 17) if duracion else actividad["inicio"]
        if not es_hito:
            actividad["recursos"] = [RECURSOS[actividad["uid"] % len(RECURSOS)]]
            if actividad["uid"] % 3 == 0:
                actividad["recursos"].append(RECURSOS[(actividad["uid"] + 1) % len(RECURSOS)])
        completado = (actividad["uid"] * 7) % 101
        actividad["porcentaje_completado"] = f"{completado}.00"
        if con_campos:
            actividad["ponderacion"] = f"{Decimal(actividad['uid'] % 9 + 1) / 4:.2f}"  # 0.25 … 2.25
            actividad["avance_campo"] = f"{completado / 2:.2f}"
        if anterior is not None:
            contador_link += 1
            tipo, lag_dias, formato = "FS", 0, FORMATO_DIAS
            if contador_link % 7 == 0:
                tipo, lag_dias, formato = "SS", 1, FORMATO_HORAS  # written as 8 h
            elif contador_link % 11 == 0:
                tipo, lag_dias, formato = "FF", -1, FORMATO_DIAS  # a lead
            elif contador_link % 13 == 0:
                tipo, lag_dias, formato = "FS", 5, FORMATO_SEMANAS  # written as 1 w
            elif contador_link % 17 == 0:
                tipo, lag_dias, formato = "SF", 0, FORMATO_DIAS
            plan.dependencias.append(
                {
                    "predecesor_uid": anterior["uid"],
                    "sucesor_uid": actividad["uid"],
                    "tipo": tipo,
                    "lag_dias": f"{lag_dias}.00",
                    "_formato": formato,
                }
            )
        anterior = actividad
        dia += max(duracion, 1) if numero % 2 else 0  # pairs of activities overlap, as crews work in parallel

    # Summaries span their children.
    for tarea in reversed(plan.tareas):
        if tarea["es_resumen"]:
            propios = hijos.get(tarea["uid"], [])
            tarea["inicio"] = min(h["inicio"] for h in propios)
            tarea["fin"] = max(h["fin"] for h in propios)
            tarea["_dia"] = min(h["_dia"] for h in propios)
            tarea["_duracion"] = max(h["_dia"] + max(h["_duracion"], 1) for h in propios) - tarea["_dia"]
            tarea["duracion_dias"] = f"{tarea['_duracion']}.00"
    plan.xml = _xml(plan, con_campos, alias_ponderacion, alias_avance)
    return plan


def _xml(plan: PlanMSPDI, con_campos: bool, alias_ponderacion: str, alias_avance: str) -> str:
    salida = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<Project xmlns="http://schemas.microsoft.com/project">',
        "<SaveVersion>14</SaveVersion>",
        f"<Name>{escape(plan.titulo)}.xml</Name>",
        f"<Title>{escape(plan.titulo)}</Title>",
        "<ScheduleFromStart>1</ScheduleFromStart>",
        f"<StartDate>{plan.tareas[0]['inicio']}:00</StartDate>",
        f"<FinishDate>{plan.fin}:00</FinishDate>",
        "<CalendarUID>1</CalendarUID>",
        "<DefaultStartTime>08:00:00</DefaultStartTime>",
        "<DefaultFinishTime>17:00:00</DefaultFinishTime>",
        f"<MinutesPerDay>{MINUTOS_DIA}</MinutesPerDay>",
        f"<MinutesPerWeek>{MINUTOS_DIA * 5}</MinutesPerWeek>",
        "<DaysPerMonth>20</DaysPerMonth>",
    ]
    if con_campos:
        salida += [
            "<ExtendedAttributes>",
            f"<ExtendedAttribute><FieldID>{ID_NUMBER1}</FieldID><FieldName>Number1</FieldName>"
            f"<Alias>{escape(alias_ponderacion)}</Alias></ExtendedAttribute>",
            f"<ExtendedAttribute><FieldID>{ID_TEXT1}</FieldID><FieldName>Text1</FieldName>"
            f"<Alias>{escape(alias_avance)}</Alias></ExtendedAttribute>",
            "</ExtendedAttributes>",
        ]
    salida += [
        "<Calendars><Calendar><UID>1</UID><Name>Estándar</Name><IsBaseCalendar>1</IsBaseCalendar>",
        "<BaseCalendarUID>-1</BaseCalendarUID><WeekDays>",
    ]
    for dia_semana in range(1, 8):
        if dia_semana in (1, 7):
            salida.append(f"<WeekDay><DayType>{dia_semana}</DayType><DayWorking>0</DayWorking></WeekDay>")
        else:
            salida.append(
                f"<WeekDay><DayType>{dia_semana}</DayType><DayWorking>1</DayWorking><WorkingTimes>"
                "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
                "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>"
                "</WorkingTimes></WeekDay>"
            )
    salida.append("</WeekDays></Calendar></Calendars>")

    predecesores = {}
    for link in plan.dependencias:
        predecesores.setdefault(link["sucesor_uid"], []).append(link)
    salida.append("<Tasks>")
    total_dias = max(t["_dia"] + t["_duracion"] for t in plan.tareas if t["nivel"] == 1)
    salida.append(
        f"<Task><UID>0</UID><ID>0</ID><Name>{escape(plan.titulo)}</Name><OutlineNumber>0</OutlineNumber>"
        f"<OutlineLevel>0</OutlineLevel><Summary>1</Summary><Start>{plan.tareas[0]['inicio']}:00</Start>"
        f"<Finish>{plan.fin}:00</Finish><Duration>{_duracion_iso(8 * total_dias)}</Duration>"
        "<DurationFormat>7</DurationFormat></Task>"
    )
    for tarea in plan.tareas:
        partes = [
            f"<UID>{tarea['uid']}</UID><ID>{tarea['id']}</ID><Name>{escape(tarea['nombre'])}</Name>",
            f"<WBS>{tarea['wbs']}</WBS><OutlineNumber>{tarea['wbs']}</OutlineNumber>",
            f"<OutlineLevel>{tarea['nivel']}</OutlineLevel>",
            f"<Start>{tarea['inicio']}:00</Start><Finish>{tarea['fin']}:00</Finish>",
            f"<Duration>{_duracion_iso(8 * tarea['_duracion'])}</Duration><DurationFormat>7</DurationFormat>",
            f"<Milestone>{int(tarea['es_hito'])}</Milestone><Summary>{int(tarea['es_resumen'])}</Summary>",
            f"<PercentComplete>{int(Decimal(tarea['porcentaje_completado']))}</PercentComplete>",
        ]
        for link in predecesores.get(tarea["uid"], []):
            # LinkLag is in tenths of a minute whatever the display format.
            decimos = int(Decimal(link["lag_dias"]) * MINUTOS_DIA * 10)
            partes.append(
                f"<PredecessorLink><PredecessorUID>{link['predecesor_uid']}</PredecessorUID>"
                f"<Type>{TIPO_LINK[link['tipo']]}</Type><LinkLag>{decimos}</LinkLag>"
                f"<LagFormat>{link['_formato']}</LagFormat></PredecessorLink>"
            )
        if con_campos and tarea["ponderacion"] is not None:
            avance = tarea["avance_campo"].replace(".", ",")
            partes.append(
                f"<ExtendedAttribute><FieldID>{ID_NUMBER1}</FieldID><Value>{tarea['ponderacion']}</Value>"
                f"</ExtendedAttribute><ExtendedAttribute><FieldID>{ID_TEXT1}</FieldID><Value>{avance} %</Value>"
                "</ExtendedAttribute>"
            )
        salida.append("<Task>" + "".join(partes) + "</Task>")
    salida.append("</Tasks>")

    salida.append("<Resources>")
    for numero, nombre in enumerate(RECURSOS, start=1):
        salida.append(f"<Resource><UID>{numero}</UID><ID>{numero}</ID><Name>{escape(nombre)}</Name></Resource>")
    salida.append("</Resources><Assignments>")
    asignacion = 0
    for tarea in plan.tareas:
        for nombre in tarea["recursos"]:
            asignacion += 1
            salida.append(
                f"<Assignment><UID>{asignacion}</UID><TaskUID>{tarea['uid']}</TaskUID>"
                f"<ResourceUID>{RECURSOS.index(nombre) + 1}</ResourceUID><Units>1</Units></Assignment>"
            )
    salida.append("</Assignments></Project>")
    return "\n".join(salida) + "\n"
