"""Imported by Celery's autodiscovery in workers, so the OT job kinds are registered there too."""

from .anexo import trabajo  # noqa: F401  (registers the "importar_anexo_ot" job kind)
