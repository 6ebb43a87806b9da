from django.urls import path

from . import views_documentos

urlpatterns = [
    path("reportes/<int:pk>/rdo.pdf", views_documentos.rdo_pdf, name="rdo_pdf"),
    path("reportes/<int:pk>/rdo.xlsx", views_documentos.rdo_excel, name="rdo_excel"),
    path("reportes/rango.xlsx", views_documentos.rdo_rango_excel, name="rdo_rango_excel"),
    path("posiciones/registrar/", views_documentos.posicion_registrar, name="posicion_registrar"),
]
