"""Caller side of the schedule reader: runs `proceso` in a subprocess and turns its JSON into a dict or an error."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from operaciones.cronograma.lector.errores import (
    CARPETA,
    FALLO_PROCESO,
    NO_EXISTE,
    TIEMPO,
    VACIO,
    ErrorCronograma,
    error_de_codigo,
)

logger = logging.getLogger(__name__)

RAIZ = Path(__file__).resolve().parents[3]
MODULO = "operaciones.cronograma.lector.proceso"


def _revisar(ruta: Path) -> None:
    """Missing, folder and empty files are refused here, without paying for a subprocess."""
    if not ruta.exists():
        raise error_de_codigo(NO_EXISTE, str(ruta))
    if ruta.is_dir():
        raise error_de_codigo(CARPETA, str(ruta))
    if ruta.stat().st_size == 0:
        raise error_de_codigo(VACIO, str(ruta))


def _ejecutar(argumentos: list[str], tiempo_limite: float) -> dict:
    """Run the reading subprocess and return its JSON object; stderr goes to the log, never to the user."""
    # The project root on the path even under PYTHONSAFEPATH or when the caller runs from another folder.
    entorno = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(RAIZ), os.environ.get("PYTHONPATH")]))}
    try:
        completado = subprocess.run(  # noqa: S603  (our own module, arguments are file paths)
            [sys.executable, "-m", MODULO, *argumentos],
            cwd=RAIZ,
            env=entorno,
            capture_output=True,
            timeout=tiempo_limite,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        logger.warning("Lectura de cronograma cancelada tras %s s: %s", tiempo_limite, argumentos)
        raise error_de_codigo(TIEMPO, f"más de {tiempo_limite} s") from exc
    errores = completado.stderr.decode("utf-8", "replace").strip()
    if errores:
        logger.info("stderr del lector de cronogramas: %s", errores[-4000:])
    try:
        documento = json.loads(completado.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        documento = None
    if completado.returncode != 0 or not isinstance(documento, dict):
        logger.error(
            "El lector de cronogramas terminó con código %s sin respuesta válida: %s",
            completado.returncode,
            errores[-4000:],
        )
        raise error_de_codigo(FALLO_PROCESO, f"código {completado.returncode}")
    return documento


def _resultado(documento: dict) -> dict:
    if "error" in documento:
        logger.info("Cronograma rechazado (%s): %s", documento["error"], documento.get("detalle", ""))
        raise error_de_codigo(str(documento["error"]), str(documento.get("detalle", "")))
    return documento


def leer_cronograma(ruta: str | Path, *, tiempo_limite: float = 180) -> dict:
    """Read an MS Project file (.mpp, MSPDI .xml, anything mpxj's universal reader takes) in a subprocess."""
    ruta = Path(ruta).resolve()
    _revisar(ruta)
    return _resultado(_ejecutar([str(ruta)], tiempo_limite))


def leer_cronogramas(rutas, *, tiempo_limite: float = 600) -> list[dict | ErrorCronograma]:
    """Read several files in ONE subprocess (one JVM start); each item is the schedule or its ErrorCronograma."""
    rutas = [Path(ruta).resolve() for ruta in rutas]
    if not rutas:
        return []
    documento = _ejecutar(["--varios", *map(str, rutas)], tiempo_limite)
    resultados = []
    for parcial in documento.get("resultados", []):
        try:
            resultados.append(_resultado(parcial))
        except ErrorCronograma as error:
            resultados.append(error)
    if len(resultados) != len(rutas):
        raise error_de_codigo(FALLO_PROCESO, "respuesta incompleta")
    return resultados


def leer_cronogramas_medido(rutas, *, tiempo_limite: float = 600) -> dict:
    """The raw answer of one multi-file subprocess with its timings (JVM start, seconds per file), for the bench."""
    return _ejecutar(["--varios", *(str(Path(ruta).resolve()) for ruta in rutas)], tiempo_limite)
