from django.apps import AppConfig


class PteConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operaciones.pte"
    label = "pte"
    verbose_name = "PTE"
