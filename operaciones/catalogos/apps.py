from django.apps import AppConfig


class CatalogosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.catalogos"
    label = "catalogos"
    verbose_name = "Catálogos"
