"""Imported by Celery's autodiscovery in workers, so the catalogue job kinds are registered there too."""

from . import trabajos_importacion  # noqa: F401  (registers "importar_anexo_c" and "importar_pues")
