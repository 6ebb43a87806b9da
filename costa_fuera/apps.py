from django.apps import AppConfig


class CostaFueraConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "costa_fuera"
    label = "costa_fuera"
    verbose_name = "Costa fuera"
