"""Imported by Celery's autodiscovery in workers, so the schedule job kinds are registered there too."""

from . import trabajos  # noqa: F401  (registers the "importar_cronograma" job kind)
