from django.apps import AppConfig


class ProduccionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.produccion"
    label = "produccion"
    verbose_name = "Producción"
