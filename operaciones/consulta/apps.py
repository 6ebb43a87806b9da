from django.apps import AppConfig


class ConsultaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.consulta"
    label = "consulta"
    verbose_name = "Centro de consulta"
