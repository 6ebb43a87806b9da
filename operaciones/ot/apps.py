from django.apps import AppConfig


class OtConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.ot"
    label = "ot"
    verbose_name = "Órdenes de trabajo"
