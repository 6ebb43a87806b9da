from celery import shared_task

from .trabajos import trabajo_ejecutar


@shared_task(name="core.ejecutar_trabajo")
def ejecutar_trabajo(trabajo_id: int) -> None:
    trabajo_ejecutar(trabajo_id)
