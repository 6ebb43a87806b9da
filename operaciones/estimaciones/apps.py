from django.apps import AppConfig


class EstimacionesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.estimaciones"
    label = "estimaciones"
    verbose_name = "Estimaciones"
