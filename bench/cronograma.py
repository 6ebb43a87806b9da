#!/usr/bin/env python
"""Reading MS Project schedules (issue 7): cold and warm, for the largest samples and a generated 2,000-task plan.

- *En frío*: `leer_cronograma(ruta)` exactly as the import calls it — a new Python subprocess that starts a JVM,
  reads the file and answers JSON; wall time in the caller (median of `--repeticiones`).
- *En caliente*: the same read inside a JVM that is already running (`leer_cronogramas` reads several files in one
  subprocess): the subprocess times each read itself; the first read of each file warms classes and the JIT and is
  dropped, the median of the rest is reported. *Arranque JVM* is that subprocess's Python + JVM + mpxj start.
- With a database (inside `bench/run.py`): `cronograma_importar` of the same files on an OT, first import and
  re-import (read + compare + write), when the import service is present.

Files: `taskFlags-mpp9Project2013.mpp` (the largest sample by tasks, 69, and by bytes, 281 KB),
`task-links-project2019-mpp14.mpp` (the next by bytes), `timephased-cost-rollup.mpp`, `sample.mpp` and
`sample1.xml`, and an MSPDI plan from `tests/cronograma/mspdi.py` with 2,000 tasks (three levels, links, lags,
weight and progress custom fields).

    .venv/bin/python bench/cronograma.py [--repeticiones 5] [--tareas 2000]
"""

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
MUESTRAS = RAIZ.parent / "shared" / "samples" / "mpp"
ARCHIVOS = (
    "taskFlags-mpp9Project2013.mpp",
    "task-links-project2019-mpp14.mpp",
    "timephased-cost-rollup.mpp",
    "sample.mpp",
    "sample1.xml",
)
TAREAS_GENERADAS = 2000
REPETICIONES_FRIO = 5
REPETICIONES_CALIENTE = 10


@dataclass
class MedicionCronograma:
    nombre: str
    kb: float
    tareas: int = 0
    dependencias: int = 0
    frio_s: float = 0.0
    frio_min_s: float = 0.0
    caliente_s: float = 0.0
    primera_caliente_s: float = 0.0
    arranque_jvm_s: float = 0.0
    importar_s: float = 0.0
    reimportar_s: float = 0.0
    nota: str = ""


def _archivos(carpeta: Path, tareas: int) -> list[Path]:
    from tests.cronograma.mspdi import mspdi_plan

    rutas = [MUESTRAS / nombre for nombre in ARCHIVOS if (MUESTRAS / nombre).exists()]
    generado = mspdi_plan(tareas, titulo=f"Plan generado de {tareas:,} tareas").escribir(carpeta / f"plan-{tareas}.xml")
    return [*rutas, generado]


def medir_lectura(ruta: Path, *, repeticiones: int = REPETICIONES_FRIO) -> MedicionCronograma:
    from operaciones.cronograma.lector import leer_cronograma
    from operaciones.cronograma.lector.lectura import leer_cronogramas_medido

    medicion = MedicionCronograma(ruta.name, ruta.stat().st_size / 1024)
    frio = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        datos = leer_cronograma(ruta)
        frio.append(time.perf_counter() - inicio)
    medicion.tareas, medicion.dependencias = len(datos["tareas"]), len(datos["dependencias"])
    medicion.frio_s, medicion.frio_min_s = statistics.median(frio), min(frio)

    caliente = leer_cronogramas_medido([ruta] * (1 + REPETICIONES_CALIENTE))
    errores = [r for r in caliente["resultados"] if "error" in r]
    if errores:
        medicion.nota = f"error {errores[0]['error']}"
    medicion.arranque_jvm_s = caliente["arranque_jvm"]
    medicion.primera_caliente_s = caliente["segundos"][0]
    medicion.caliente_s = statistics.median(caliente["segundos"][1:])
    return medicion


def medir_importacion(medicion: MedicionCronograma, ruta: Path, ot) -> None:
    """First import and re-import of the file on `ot` (read in a subprocess, compared, written)."""
    from operaciones.cronograma.services import cronograma_importar

    for atributo in ("importar_s", "reimportar_s"):
        inicio = time.perf_counter()
        cronograma_importar(ot=ot, archivo=ruta, nombre_version=f"bench {ruta.name}", nombre_archivo=ruta.name)
        setattr(medicion, atributo, time.perf_counter() - inicio)


def _ot_para_bench():
    from operaciones.catalogos.constantes import EstatusRegistro, TipoId
    from operaciones.ot.models import OTE

    return OTE.objects.filter(id_tipo=TipoId.OT_INICIAL, estatus=EstatusRegistro.ACTIVO).order_by("pk").first()


def medir_cronograma(*, repeticiones: int = REPETICIONES_FRIO, tareas: int = TAREAS_GENERADAS, con_bd: bool = False):
    """Every measurement of this module; `con_bd` adds the imports (needs the bench's throwaway database)."""
    mediciones = []
    with tempfile.TemporaryDirectory(prefix="sascop-bench-cronograma-") as carpeta:
        ot = None
        if con_bd:
            try:
                import operaciones.cronograma.services  # noqa: F401
            except ImportError:
                con_bd = False
            else:
                ot = _ot_para_bench()
        for ruta in _archivos(Path(carpeta), tareas):
            try:
                medicion = medir_lectura(ruta, repeticiones=repeticiones)
                if con_bd and ot is not None:
                    medir_importacion(medicion, ruta, ot)
            except Exception as exc:  # one failing file must not lose the other figures
                medicion = MedicionCronograma(ruta.name, ruta.stat().st_size / 1024, nota=f"error {exc}"[:200])
            mediciones.append(medicion)
    return mediciones


def imprimir_cronograma(mediciones: list[MedicionCronograma]) -> None:
    ancho = max(len(m.nombre) for m in mediciones)
    importa = any(m.importar_s for m in mediciones)
    cabecera = (
        f"{'lectura de cronograma'.ljust(ancho)} |     KB | tareas | víncs | frío s | mín s | JVM s | 1a cal. s "
        "| caliente s"
    )
    if importa:
        cabecera += " | importar s | reimportar s"
    print("\n" + cabecera + " | nota")
    print("-" * len(cabecera) + "-+-----")
    for m in mediciones:
        linea = (
            f"{m.nombre.ljust(ancho)} | {m.kb:6.0f} | {m.tareas:6,} | {m.dependencias:5,} | {m.frio_s:6.2f} | "
            f"{m.frio_min_s:5.2f} | {m.arranque_jvm_s:5.2f} | {m.primera_caliente_s:9.3f} | {m.caliente_s:10.3f}"
        )
        if importa:
            linea += f" | {m.importar_s:10.2f} | {m.reimportar_s:12.2f}"
        print(linea + f" | {m.nota}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Mide la lectura de cronogramas de MS Project (en frío y caliente).")
    parser.add_argument("--repeticiones", type=int, default=REPETICIONES_FRIO, help="Lecturas en frío por archivo.")
    parser.add_argument("--tareas", type=int, default=TAREAS_GENERADAS, help="Tareas del plan MSPDI generado.")
    args = parser.parse_args()
    sys.path.insert(0, str(RAIZ))
    imprimir_cronograma(medir_cronograma(repeticiones=args.repeticiones, tareas=args.tareas))
    return 0


if __name__ == "__main__":
    sys.exit(main())
