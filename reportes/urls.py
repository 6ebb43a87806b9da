from django.urls import path

from . import views

app_name = "reportes"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("resumen-semanal/pdf/", views.semanal_pdf, name="semanal_pdf"),
    path("reporte-diario-embarcacion/", views.rdo, name="rdo"),
]
