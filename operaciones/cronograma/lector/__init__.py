"""MS Project reader (mpxj through JPype), always in a subprocess: `leer_cronograma(ruta) -> dict`.

The JVM is never started in the calling process (web worker, command, tests); see `proceso.py`.
"""

from operaciones.cronograma.lector.errores import ErrorCronograma
from operaciones.cronograma.lector.lectura import leer_cronograma, leer_cronogramas

__all__ = ["ErrorCronograma", "leer_cronograma", "leer_cronogramas"]
