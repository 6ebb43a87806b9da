"""Background jobs with progress: long imports and exports run here, the browser polls their state.

A job kind is a function registered with `@tipo_trabajo("nombre")` that receives the job row and a
`reportar(avance, total)` callback. `trabajo_lanzar` records the job and queues it after the transaction commits;
with no Celery broker configured the task runs inline (eager), so nothing needs a worker.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

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
