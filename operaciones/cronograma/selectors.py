"""Schedule reads: versions, the task tree with its two progress truths rolled up, the OT's progress, the S-curve
and the Gantt data. Each is a fixed number of queries; the roll-ups are computed in memory.

Weights (one rule everywhere): a leaf task weighs its "ponderación" custom field when the file gives the leaves
some weight, else its duration in days; when every leaf lasts 0 days (all milestones) each leaf weighs the same.
A summary's % is the weighted mean of its leaf descendants; the OT's % the weighted mean of all leaves. The
planned % of a leaf at an instant is the share of its start→finish span already elapsed (calendar time, linear);
a milestone (or a zero-length task) is 0 before its date and 100 from it on.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone

from core.actividad import nombre_usuario

from .models import AvanceCronograma, AvanceOtHistorial, CronogramaVersion, DependenciaTarea, TareaCronograma
from .services import CENTESIMA, CERO, CIEN, ZONA_CRONOGRAMA, texto_fecha

BASE_PONDERACION = "ponderacion"
BASE_DURACION = "duracion"
BASE_IGUAL = "igual"
DIAS_SEMANA = 7
MAXIMO_DETALLE = 20  # changes listed per kind by `reporte_lineas` unless asked for all
ETIQUETAS_IGNORADO = {
    "resumen_proyecto": "fila resumen del proyecto",
    "filas_en_blanco": "filas en blanco",
    "dependencias_a_tareas_ignoradas": "dependencias a tareas no importadas",
    "asignaciones_sin_recurso": "asignaciones sin recurso",
    "dependencias_repetidas": "dependencias repetidas",
    "padres_desconocidos": "tareas con un padre que no está en el archivo",
}


def versiones_de_ot(ot) -> QuerySet:
    """Every schedule version of an OT, newest first, with who loaded it and its task count (one query)."""
    return (
        CronogramaVersion.objects.filter(id_ot=ot)
        .select_related("usuario_carga")
        .annotate(num_tareas=Count("tareas"))
        .order_by("-fecha_carga", "-pk")
    )


def version_activa(ot) -> CronogramaVersion | None:
    """The OT's active schedule version (the latest import), or None."""
    return CronogramaVersion.objects.filter(id_ot=ot, es_activo=True).select_related("usuario_carga").first()


def _tareas(version: CronogramaVersion) -> list[TareaCronograma]:
    """The version's tasks in file order with their progress and who recorded it: one query."""
    return list(
        TareaCronograma.objects.filter(version=version)
        .select_related("avance", "avance__actualizado_por")
        .order_by("pk")
    )


def _avance(tarea: TareaCronograma) -> AvanceCronograma | None:
    try:
        return tarea.avance
    except AvanceCronograma.DoesNotExist:
        return None


def _fraccion_planeada(tarea: TareaCronograma, ahora: datetime) -> Decimal:
    inicio = tarea.fecha_inicio or tarea.fecha_fin
    fin = tarea.fecha_fin or tarea.fecha_inicio
    if inicio is None:
        return CERO
    if tarea.es_hito or fin <= inicio:
        return Decimal(1) if ahora >= fin else CERO
    if ahora <= inicio:
        return CERO
    if ahora >= fin:
        return Decimal(1)
    return Decimal((ahora - inicio).total_seconds()) / Decimal((fin - inicio).total_seconds())


def _porcentaje(valor: Decimal | None) -> Decimal | None:
    return None if valor is None else valor.quantize(CENTESIMA)


@dataclass
class _Grupo:
    """Weighted sums over a set of leaves (one per summary, one for the whole OT)."""

    peso: Decimal = CERO
    hojas: int = 0
    real: Decimal = CERO
    cliente: Decimal = CERO
    planeado: Decimal = CERO
    # Plain sums, for a group whose leaves all weigh 0 (then every leaf counts the same).
    real_simple: Decimal = CERO
    cliente_simple: Decimal = CERO
    planeado_simple: Decimal = CERO

    def sumar(self, peso: Decimal, real: Decimal, cliente: Decimal, planeado: Decimal) -> None:
        self.peso += peso
        self.hojas += 1
        self.real += peso * real
        self.cliente += peso * cliente
        self.planeado += peso * planeado
        self.real_simple += real
        self.cliente_simple += cliente
        self.planeado_simple += planeado

    def medias(self) -> dict[str, Decimal | None]:
        if not self.hojas:
            return {"real": None, "cliente": None, "planeado": None}
        if self.peso > 0:
            return {clave: getattr(self, clave) / self.peso for clave in ("real", "cliente", "planeado")}
        return {clave: getattr(self, f"{clave}_simple") / self.hojas for clave in ("real", "cliente", "planeado")}


class _Calculo:
    """Weights and roll-ups of one version's tasks, from the rows of `_tareas` (no further queries)."""

    def __init__(self, tareas: list[TareaCronograma], ahora: datetime):
        self.tareas = tareas
        self.ahora = ahora
        self.hojas = [t for t in tareas if not t.es_resumen]
        self.base, self.pesos = self._pesos()
        self.total = _Grupo()
        self.grupos: dict[int, _Grupo] = {}  # summary uid → its leaves
        self.valores: dict[int, tuple[Decimal, Decimal, Decimal]] = {}  # leaf pk → (real, cliente, planeado)
        por_uid = {t.uid_project: t for t in tareas}
        for hoja in self.hojas:
            avance = _avance(hoja)
            valores = (
                avance.porcentaje_real if avance else CERO,
                avance.porcentaje_cliente if avance else CERO,
                _fraccion_planeada(hoja, ahora) * CIEN,
            )
            self.valores[hoja.pk] = valores
            peso = self.pesos[hoja.pk]
            self.total.sumar(peso, *valores)
            for uid in self._ancestros(hoja, por_uid):
                self.grupos.setdefault(uid, _Grupo()).sumar(peso, *valores)

    def _pesos(self) -> tuple[str, dict[int, Decimal]]:
        if sum(t.porcentaje_mpp for t in self.hojas) > 0:
            return BASE_PONDERACION, {t.pk: t.porcentaje_mpp for t in self.hojas}
        if sum(t.duracion_dias for t in self.hojas) > 0:
            return BASE_DURACION, {t.pk: t.duracion_dias for t in self.hojas}
        return BASE_IGUAL, {t.pk: Decimal(1) for t in self.hojas}

    @staticmethod
    def _ancestros(tarea: TareaCronograma, por_uid: dict[int, TareaCronograma]) -> list[int]:
        ancestros, vistos = [], {tarea.uid_project}
        padre = tarea.padre_uid
        while padre is not None and padre not in vistos and padre in por_uid:  # a cycle cannot hang the page
            vistos.add(padre)
            ancestros.append(padre)
            padre = por_uid[padre].padre_uid
        return ancestros

    def de_tarea(self, tarea: TareaCronograma) -> dict[str, Decimal | None]:
        """Real, client and planned % of one task (a summary's rolled up from its leaves) and its weight."""
        if not tarea.es_resumen:
            real, cliente, planeado = self.valores[tarea.pk]
            return {"real": real, "cliente": cliente, "planeado": planeado, "peso": self.pesos[tarea.pk]}
        grupo = self.grupos.get(tarea.uid_project, _Grupo())
        return {**grupo.medias(), "peso": grupo.peso}

    def de_ot(self) -> dict[str, Decimal | None]:
        return self.total.medias()

    def planeado_en(self, momentos: list[datetime]) -> list[float]:
        """The OT's planned % at each instant, for the S-curve.

        The planned curve is piecewise linear: a sweep over the leaves' starts and finishes (slope changes) and
        milestones (steps) gives every point in O((leaves + points) log leaves), where evaluating each point
        over every leaf took seconds for a ten-year plan of 2,000 tasks.
        """
        eventos: list[tuple[float, float, float]] = []  # (instant, step, slope change)
        total = 0.0
        for hoja in self.hojas:
            peso = float(self.pesos[hoja.pk])
            total += peso
            inicio = hoja.fecha_inicio or hoja.fecha_fin
            fin = hoja.fecha_fin or hoja.fecha_inicio
            if inicio is None or not peso:
                continue
            if hoja.es_hito or fin <= inicio:
                eventos.append((fin.timestamp(), peso, 0.0))
            else:
                pendiente = peso / (fin.timestamp() - inicio.timestamp())
                eventos += [(inicio.timestamp(), 0.0, pendiente), (fin.timestamp(), 0.0, -pendiente)]
        if not total:
            return [0.0] * len(momentos)
        eventos.sort()
        valores = [0.0] * len(momentos)
        valor, pendiente, instante, i = 0.0, 0.0, None, 0
        for posicion, momento in sorted(enumerate(momentos), key=lambda par: par[1]):
            t = momento.timestamp()
            while i < len(eventos) and eventos[i][0] <= t:
                cuando, escalon, cambio = eventos[i]
                valor += pendiente * (cuando - instante) if instante is not None else 0.0
                valor += escalon
                pendiente += cambio
                instante = cuando
                i += 1
            actual = valor + (pendiente * (t - instante) if instante is not None else 0.0)
            valores[posicion] = min(max(actual * 100 / total, 0.0), 100.0)
        return valores


def _ahora(ahora: datetime | None) -> datetime:
    return ahora or timezone.now()


def arbol_tareas(version: CronogramaVersion, *, ahora: datetime | None = None) -> list[dict]:
    """The version's tasks in file order (a flat tree by `nivel` / `padre_uid`) with weights, real / client /
    planned % (summaries rolled up from their leaves) and who last recorded progress: one query."""
    tareas = _tareas(version)
    calculo = _Calculo(tareas, _ahora(ahora))
    total_peso = calculo.total.peso
    filas = []
    for tarea in tareas:
        cifras = calculo.de_tarea(tarea)
        avance = _avance(tarea)
        registrado = avance if avance and not tarea.es_resumen else None
        filas.append(
            {
                "id": tarea.pk,
                "uid": tarea.uid_project,
                "id_project": tarea.id_project,
                "wbs": tarea.wbs,
                "nombre": tarea.nombre,
                "nivel": tarea.nivel_esquema,
                "padre_uid": tarea.padre_uid,
                "es_resumen": tarea.es_resumen,
                "es_hito": tarea.es_hito,
                "inicio": texto_fecha(tarea.fecha_inicio),
                "fin": texto_fecha(tarea.fecha_fin),
                "duracion_dias": tarea.duracion_dias,
                "ponderacion": tarea.porcentaje_mpp,
                "peso": cifras["peso"],
                "peso_porcentaje": _porcentaje(cifras["peso"] * CIEN / total_peso) if total_peso else None,
                "porcentaje_completado": tarea.porcentaje_completado,
                "recursos": tarea.recursos,
                "avance_real": _porcentaje(cifras["real"]),
                "avance_cliente": _porcentaje(cifras["cliente"]),
                "avance_planeado": _porcentaje(cifras["planeado"]),
                "comentario": registrado.comentario if registrado else "",
                "actualizado_por": nombre_usuario(registrado.actualizado_por) if registrado else "",
                "fecha_actualizacion": texto_fecha(registrado.fecha_actualizacion) if registrado else None,
                "editable": not tarea.es_resumen and version.es_activo,
            }
        )
    return filas


def avance_ot(version: CronogramaVersion | None, *, ahora: datetime | None = None) -> dict:
    """The OT's planned, real and client % at `ahora` (default now), weighted over all leaf tasks: one query."""
    if version is None:
        return {"planeado": None, "real": None, "cliente": None, "base_ponderacion": None}
    calculo = _Calculo(_tareas(version), _ahora(ahora))
    medias = calculo.de_ot()
    return {**{clave: _porcentaje(valor) for clave, valor in medias.items()}, "base_ponderacion": calculo.base}


def _limites(version: CronogramaVersion, tareas: list[TareaCronograma]) -> tuple[datetime | None, datetime | None]:
    inicios = [t.fecha_inicio for t in tareas if t.fecha_inicio]
    fines = [t.fecha_fin for t in tareas if t.fecha_fin]
    inicio = version.fecha_inicio_proyecto or (min(inicios) if inicios else None)
    fin = version.fecha_fin_proyecto or (max(fines) if fines else None)
    if inicio and fin and fin < inicio:
        fin = inicio
    return inicio, fin


def _fin_del_dia(dia: date) -> datetime:
    return datetime.combine(dia + timedelta(days=1), time.min, tzinfo=ZONA_CRONOGRAMA)


def _numero(valor: Decimal) -> float:
    return float(valor.quantize(CENTESIMA))


def curva_s(version: CronogramaVersion, *, ahora: datetime | None = None) -> dict:
    """The OT's S-curve: weekly points from project start to finish with the cumulative planned % (dates and
    weights), plus today's point; real and client follow the OT's daily progress history (AvanceOtHistorial) as a
    step line from 0 % at the start to today's value, None after today. Two queries."""
    ahora = _ahora(ahora)
    tareas = _tareas(version)
    calculo = _Calculo(tareas, ahora)
    inicio, fin = _limites(version, tareas)
    vacia = {"fechas": [], "planeado": [], "real": [], "cliente": [], "hoy": None, "base_ponderacion": calculo.base}
    if inicio is None or not calculo.hojas:
        return vacia
    dia_inicio, dia_fin = inicio.astimezone(ZONA_CRONOGRAMA).date(), fin.astimezone(ZONA_CRONOGRAMA).date()
    hoy = ahora.astimezone(ZONA_CRONOGRAMA).date()
    # Each point: its date and the instant its planned % is taken at (start of project, end of day, project finish).
    puntos: dict[date, datetime] = {dia_inicio: inicio}
    dia = dia_inicio + timedelta(days=DIAS_SEMANA)
    while dia < dia_fin:
        puntos[dia] = _fin_del_dia(dia)
        dia += timedelta(days=DIAS_SEMANA)
    puntos[dia_fin] = max(fin, puntos.get(dia_fin, fin))
    historial = {
        fecha: (real, cliente)
        for fecha, real, cliente in AvanceOtHistorial.objects.filter(
            id_ot_id=version.id_ot_id, fecha__gt=dia_inicio, fecha__lt=hoy
        ).values_list("fecha", "porcentaje_real", "porcentaje_cliente")
    }
    for dia in historial:
        puntos.setdefault(dia, _fin_del_dia(dia))
    if hoy >= dia_inicio:
        puntos[hoy] = ahora  # today's point agrees with `avance_ot`
    fechas = sorted(puntos)
    medias = calculo.de_ot()
    planeado = [round(valor, 2) for valor in calculo.planeado_en([puntos[dia] for dia in fechas])]
    real, cliente = [None] * len(fechas), [None] * len(fechas)
    if hoy >= dia_inicio:
        ultimo = (CERO, CERO)
        for indice, dia in enumerate(fechas):
            if dia > hoy:
                break
            ultimo = historial.get(dia, ultimo)
            real[indice], cliente[indice] = _numero(ultimo[0]), _numero(ultimo[1])
        indice = fechas.index(hoy)
        real[indice], cliente[indice] = _numero(medias["real"]), _numero(medias["cliente"])
        planeado[indice] = _numero(medias["planeado"])  # exactly what `avance_ot` says for today
    return {
        "fechas": [dia.isoformat() for dia in fechas],
        "planeado": planeado,
        "real": real,
        "cliente": cliente,
        "hoy": hoy.isoformat(),
        "base_ponderacion": calculo.base,
    }


def gantt(version: CronogramaVersion, *, ahora: datetime | None = None) -> dict:
    """The Gantt of a version: tasks (id = unique id, parent, start, end, real progress rolled up, summary and
    milestone flags, predecessor ids) and links with type and lag, for the front-end component. Two queries."""
    ahora = _ahora(ahora)
    tareas = _tareas(version)
    calculo = _Calculo(tareas, ahora)
    enlaces = list(
        DependenciaTarea.objects.filter(version=version)
        .order_by("pk")
        .values_list("predecesor_uid", "sucesor_uid", "tipo", "lag_dias")
    )
    predecesores: dict[int, list[int]] = {}
    for predecesor, sucesor, _, _ in enlaces:
        predecesores.setdefault(sucesor, []).append(predecesor)
    filas = []
    for tarea in tareas:
        cifras = calculo.de_tarea(tarea)
        filas.append(
            {
                "id": tarea.uid_project,
                "pk": tarea.pk,
                "name": tarea.nombre,
                "wbs": tarea.wbs,
                "level": tarea.nivel_esquema,
                "parent": tarea.padre_uid,
                "start": texto_fecha(tarea.fecha_inicio or tarea.fecha_fin),
                "end": texto_fecha(tarea.fecha_fin or tarea.fecha_inicio),
                "progress": _numero(cifras["real"] or CERO),
                "client_progress": _numero(cifras["cliente"] or CERO),
                "planned_progress": _numero(cifras["planeado"] or CERO),
                "is_summary": tarea.es_resumen,
                "is_milestone": tarea.es_hito,
                "dependencies": predecesores.get(tarea.uid_project, []),
            }
        )
    inicio, fin = _limites(version, tareas)
    return {
        "tareas": filas,
        "dependencias": [
            {"from": predecesor, "to": sucesor, "type": tipo, "lag_days": float(lag)}
            for predecesor, sucesor, tipo, lag in enlaces
        ],
        "inicio": texto_fecha(inicio),
        "fin": texto_fecha(fin),
        "hoy": texto_fecha(ahora),
    }


# --- the import report as text (command output, logs) ----------------------------------------------------------


def _listar(titulo: str, elementos: list[str], limite: int | None) -> list[str]:
    if not elementos:
        return []
    visibles = elementos if limite is None else elementos[:limite]
    lineas = [f"{titulo}:", *(f"  {e}" for e in visibles)]
    if len(elementos) > len(visibles):
        lineas.append(f"  … y {len(elementos) - len(visibles)} más")
    return lineas


def _fecha_corta(texto: str | None) -> str:
    if not texto:
        return "sin fecha"
    return datetime.fromisoformat(texto).strftime("%d/%m/%Y %H:%M")


def reporte_lineas(reporte: dict, *, limite: int | None = MAXIMO_DETALLE) -> list[str]:
    """The import report of a version (`reporte_importacion`) as lines of text, in Spanish."""
    leido, cambios, ignorado = reporte.get("leido", {}), reporte.get("cambios", {}), reporte.get("ignorado", {})
    proyecto = leido.get("proyecto", {})
    enlaces = leido.get("dependencias", {})
    por_tipo = ", ".join(f"{tipo} {n}" for tipo, n in enlaces.items() if tipo != "total" and n)
    lineas = [
        f"Proyecto «{proyecto.get('titulo') or ''}» ({proyecto.get('formato') or '?'}), "
        f"{_fecha_corta(proyecto.get('inicio'))} → {_fecha_corta(proyecto.get('fin'))}",
        f"Leído: {leido.get('tareas', 0)} tareas (resúmenes: {leido.get('resumenes', 0)}, hitos: "
        f"{leido.get('hitos', 0)}), niveles: {leido.get('niveles', 0)}, dependencias: {enlaces.get('total', 0)}"
        + (f" ({por_tipo})" if por_tipo else "")
        + f", recursos: {leido.get('recursos', 0)}",
        "Ponderación: "
        + ("campo de ponderación del archivo" if leido.get("con_ponderacion") else "duración de las tareas (días)"),
    ]
    campos = leido.get("campos_personalizados") or []
    if campos:
        lineas.append(
            "Campos personalizados: "
            + ", ".join(f"{c.get('campo')} «{c.get('alias')}» ({c.get('uso')})" for c in campos)
        )
    anterior = cambios.get("version_anterior")
    if anterior:
        lineas.append(
            f"Cambios contra «{anterior['nombre']}»: {len(cambios.get('agregadas', []))} agregadas, "
            f"{len(cambios.get('eliminadas', []))} eliminadas, {len(cambios.get('renombradas', []))} renombradas, "
            f"{len(cambios.get('refechadas', []))} con otras fechas; "
            f"{cambios.get('avances_conservados', 0)} avances conservados"
        )
        lineas += _listar("Agregadas", [f"UID {t['uid']} «{t['nombre']}»" for t in cambios["agregadas"]], limite)
        lineas += _listar("Eliminadas", [f"UID {t['uid']} «{t['nombre']}»" for t in cambios["eliminadas"]], limite)
        lineas += _listar(
            "Renombradas", [f"UID {t['uid']} «{t['antes']}» → «{t['despues']}»" for t in cambios["renombradas"]], limite
        )
        lineas += _listar(
            "Con otras fechas",
            [
                f"UID {t['uid']} «{t['nombre']}»: {_fecha_corta(t['inicio_antes'])} – {_fecha_corta(t['fin_antes'])}"
                f" → {_fecha_corta(t['inicio_despues'])} – {_fecha_corta(t['fin_despues'])}"
                for t in cambios["refechadas"]
            ],
            limite,
        )
        lineas += _listar(
            "Avances no conservados",
            [
                f"UID {t['uid']} «{t['nombre']}» (real {t['porcentaje_real']} %, cliente {t['porcentaje_cliente']} %):"
                f" {t['motivo']}"
                for t in cambios.get("avances_perdidos", [])
            ],
            limite,
        )
    else:
        lineas.append("Primera versión del cronograma de la OT.")
    omitidos = {clave: valor for clave, valor in ignorado.items() if valor}
    if omitidos:
        lineas.append(
            "Ignorado: "
            + ", ".join(
                f"{ETIQUETAS_IGNORADO.get(clave, clave.replace('_', ' '))}: {n}" for clave, n in omitidos.items()
            )
        )
    return lineas
