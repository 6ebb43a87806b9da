from django.apps import AppConfig


class CronogramaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.cronograma"
    label = "cronograma"
    verbose_name = "Cronogramas"
