from django.urls import path

from . import urls_documentos, urls_propuesta, urls_recursos, urls_reporte, views

app_name = "costa_fuera"

# Each part of the module keeps its own routes; the names are the module's contract (`costa_fuera:<name>`).
urlpatterns = [
    path("", views.inicio, name="inicio"),
    *urls_reporte.urlpatterns,
    *urls_recursos.urlpatterns,
    *urls_propuesta.urlpatterns,
    *urls_documentos.urlpatterns,
]
