"""Background jobs with progress: long imports and exports run here, the browser polls their state.

A job kind is a function registered with `@tipo_trabajo("nombre")` that receives the job row and a
`reportar(avance, total)` callback. `trabajo_lanzar` records the job and queues it after the transaction commits;
with no Celery broker configured the task runs inline (eager), so nothing needs a worker.

A job that reads an upload is launched with `trabajo_lanzar_con_archivo` (the file waits in storage under a random
name) and reads it inside `archivo_del_trabajo`, which deletes it afterwards; `trabajo_adjuntar` keeps a file the
job produced (an error workbook) on its row.
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from .models import EstadoTrabajo, TrabajoSegundoPlano

logger = logging.getLogger(__name__)

Reportar = Callable[[int, int], None]
_TIPOS: dict[str, Callable[[TrabajoSegundoPlano, Reportar], dict | None]] = {}


class ErrorTrabajo(Exception):
    """A failure whose message is meant for the user (Spanish, no internals); `resultado` is kept on the job."""

    def __init__(self, mensaje: str, resultado: dict | None = None):
        super().__init__(mensaje)
        self.resultado = resultado or {}


def tipo_trabajo(nombre: str):
    def registrar(funcion):
        _TIPOS[nombre] = funcion
        return funcion

    return registrar


def trabajo_lanzar(*, tipo: str, usuario, parametros: dict | None = None) -> TrabajoSegundoPlano:
    """Create the job row and queue it once the surrounding transaction commits."""
    if tipo not in _TIPOS:
        raise ValueError(f"Tipo de trabajo desconocido: {tipo}")
    trabajo = TrabajoSegundoPlano.objects.create(tipo=tipo, usuario=usuario, parametros=parametros or {})
    from .tasks import ejecutar_trabajo

    transaction.on_commit(lambda: ejecutar_trabajo.delay(trabajo.pk))
    return trabajo


def trabajo_lanzar_con_archivo(
    *,
    tipo: str,
    usuario,
    archivo_subido,
    carpeta: str,
    parametros: dict | None = None,
    extensiones: Iterable[str] = (".xlsx",),
) -> TrabajoSegundoPlano:
    """Keep an upload in storage under a random name and queue the job that reads it (`archivo_del_trabajo`).

    The job's parameters get `ruta` (where the upload is kept until the job ends) and `nombre_archivo` (the name
    the user gave it, for the report and the activity log).
    """
    extensiones = tuple(extensiones)
    nombre = Path(getattr(archivo_subido, "name", "") or f"archivo{extensiones[0]}").name
    extension = Path(nombre).suffix.lower()
    # The user's name is never part of the stored path: a random one cannot collide nor escape the folder.
    ruta = default_storage.save(
        f"{carpeta}/{get_random_string(24)}{extension if extension in extensiones else extensiones[0]}",
        archivo_subido,
    )
    parametros = {**(parametros or {}), "ruta": ruta, "nombre_archivo": nombre[:200]}
    return trabajo_lanzar(tipo=tipo, usuario=usuario, parametros=parametros)


@contextmanager
def archivo_del_trabajo(trabajo: TrabajoSegundoPlano):
    """The upload a job was launched with, open for reading; deleted when the job is done with it, even on failure."""
    ruta = trabajo.parametros["ruta"]
    try:
        with default_storage.open(ruta, "rb") as archivo:
            yield archivo
    finally:
        default_storage.delete(ruta)


def trabajo_adjuntar(trabajo: TrabajoSegundoPlano, nombre: str, contenido: bytes) -> None:
    """Keep a file (e.g. an error workbook) on the job row, whatever state the job ends in."""
    trabajo.archivo.save(nombre, ContentFile(contenido), save=False)
    # Only the file column: the runner keeps progress and state on the same row.
    TrabajoSegundoPlano.objects.filter(pk=trabajo.pk).update(archivo=trabajo.archivo.name)


def trabajo_ejecutar(trabajo_id: int) -> None:
    """Run one job, keeping its state, progress and outcome on its row."""
    trabajo = TrabajoSegundoPlano.objects.get(pk=trabajo_id)
    funcion = _TIPOS[trabajo.tipo]
    trabajo.estado = EstadoTrabajo.EN_PROCESO
    trabajo.save(update_fields=["estado"])

    def reportar(avance: int, total: int) -> None:
        TrabajoSegundoPlano.objects.filter(pk=trabajo.pk).update(avance=avance, total=total)

    try:
        resultado = funcion(trabajo, reportar) or {}
    except ErrorTrabajo as exc:
        _terminar(trabajo, EstadoTrabajo.ERROR, str(exc), exc.resultado)
    except Exception:
        logger.exception("Falló el trabajo %s (%s)", trabajo.pk, trabajo.tipo)
        _terminar(trabajo, EstadoTrabajo.ERROR, "El trabajo no pudo completarse. Sistemas ya fue notificado.", {})
    else:
        _terminar(trabajo, EstadoTrabajo.TERMINADO, "Terminado.", resultado)


def _terminar(trabajo: TrabajoSegundoPlano, estado: str, mensaje: str, resultado: dict) -> None:
    trabajo.refresh_from_db(fields=["avance", "total", "archivo"])
    trabajo.estado = estado
    trabajo.mensaje = mensaje
    trabajo.resultado = resultado
    trabajo.fecha_fin = timezone.now()
    if estado == EstadoTrabajo.TERMINADO and trabajo.total:
        trabajo.avance = trabajo.total
    trabajo.save(update_fields=["estado", "mensaje", "resultado", "fecha_fin", "avance"])


def trabajo_como_json(trabajo: TrabajoSegundoPlano) -> dict:
    porcentaje = 100 if trabajo.estado == EstadoTrabajo.TERMINADO else 0
    if trabajo.total and trabajo.estado != EstadoTrabajo.TERMINADO:
        porcentaje = min(99, int(trabajo.avance * 100 / trabajo.total))
    return {
        "id": trabajo.pk,
        "tipo": trabajo.tipo,
        "estado": trabajo.estado,
        "estado_texto": trabajo.get_estado_display(),
        "avance": trabajo.avance,
        "total": trabajo.total,
        "porcentaje": porcentaje,
        "mensaje": trabajo.mensaje,
        "resultado": trabajo.resultado,
        "archivo": trabajo.archivo.url if trabajo.archivo else None,
    }
