"""A lector answer built in code (the contract's dict), to test the importer without a JVM."""

from pathlib import Path

from operaciones.cronograma import services


def tarea(
    uid: int,
    nombre: str | None = None,
    *,
    padre: int | None = None,
    nivel: int = 1,
    resumen: bool = False,
    hito: bool = False,
    inicio: str | None = "2026-01-05T08:00",
    fin: str | None = "2026-01-09T17:00",
    dias: str = "5.00",
    ponderacion: str | None = None,
    avance_campo: str | None = None,
    completado: str = "0.00",
    recursos=(),
    wbs: str | None = None,
) -> dict:
    return {
        "uid": uid,
        "id": uid,
        "wbs": wbs if wbs is not None else str(uid),
        "nombre": nombre if nombre is not None else f"Tarea {uid}",
        "nivel": nivel,
        "es_resumen": resumen,
        "es_hito": hito,
        "padre_uid": padre,
        "inicio": inicio,
        "fin": fin,
        "duracion_dias": dias,
        "porcentaje_completado": completado,
        "ponderacion": ponderacion,
        "avance_campo": avance_campo,
        "recursos": list(recursos),
    }


def enlace(predecesor: int, sucesor: int, tipo: str = "FS", lag: str = "0.00") -> dict:
    return {"predecesor_uid": predecesor, "sucesor_uid": sucesor, "tipo": tipo, "lag_dias": lag}


def cronograma(tareas, dependencias=(), *, campos=(), ignorado=None, inicio=None, fin=None, titulo="Plan") -> dict:
    inicios = [t["inicio"] for t in tareas if t["inicio"]]
    fines = [t["fin"] for t in tareas if t["fin"]]
    return {
        "proyecto": {
            "titulo": titulo,
            "inicio": inicio or (min(inicios) if inicios else None),
            "fin": fin or (max(fines) if fines else None),
            "formato": "MPP",
            "version_aplicacion": 14,
            "horas_por_dia": "8.00",
            "horas_por_semana": "40.00",
        },
        "tareas": list(tareas),
        "dependencias": list(dependencias),
        "campos_personalizados": list(campos),
        "ignorado": ignorado
        or {
            "resumen_proyecto": 1,
            "filas_en_blanco": 0,
            "dependencias_a_tareas_ignoradas": 0,
            "asignaciones_sin_recurso": 0,
        },
    }


def plan_basico() -> dict:
    """Phase 1 (summary) > tasks 2 and 3 (FS), milestone 4; task 5 at level 1."""
    return cronograma(
        [
            tarea(1, "Fase de ingeniería", resumen=True, fin="2026-01-16T17:00", dias="10.00"),
            tarea(2, "Levantamiento", padre=1, nivel=2, recursos=["Buzo A", "Supervisor"], wbs="1.1"),
            tarea(3, "Planos", padre=1, nivel=2, inicio="2026-01-12T08:00", fin="2026-01-16T17:00", wbs="1.2"),
            tarea(4, "Entrega", padre=1, nivel=2, hito=True, inicio="2026-01-16T17:00", dias="0.00", wbs="1.3"),
            tarea(5, "Cierre", inicio="2026-01-19T08:00", fin="2026-01-20T17:00", dias="2.00", recursos=["Buzo A"]),
        ],
        [enlace(2, 3), enlace(3, 4, "SS", "-1.00"), enlace(4, 5, "FF", "2.00")],
    )


class LectorFalso:
    """Stands in for `leer_cronograma`: returns `datos` (or raises it) and remembers what it was asked to read."""

    def __init__(self, datos):
        self.datos = datos
        self.rutas: list[Path] = []
        self.contenidos: list[bytes] = []

    def __call__(self, ruta, **_):
        ruta = Path(ruta)
        self.rutas.append(ruta)
        self.contenidos.append(ruta.read_bytes())
        if isinstance(self.datos, Exception):
            raise self.datos
        return self.datos


def usar_lector(monkeypatch, datos) -> LectorFalso:
    falso = LectorFalso(datos)
    monkeypatch.setattr(services, "leer_cronograma", falso)
    return falso
