from django.urls import path

from . import views, views_conciliacion, views_documento

app_name = "estimaciones"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("datatable/", views.datatable, name="datatable"),
    path("buscar-ots/", views.buscar_ots, name="buscar_ots"),
    path("crear/", views.crear, name="crear"),
    path("<int:pk>/", views.detalle, name="detalle"),
    path("<int:pk>/lineas/", views.lineas, name="lineas"),
    path("<int:pk>/ajustar-linea/", views.ajustar_linea, name="ajustar_linea"),
    path("<int:pk>/cambiar-estado/", views.cambiar_estado, name="cambiar_estado"),
    path("<int:pk>/excel/", views.exportar_lineas, name="excel"),
    # The estimation document and the page its QR code opens.
    path("pdf/<int:pk>/", views_documento.pdf, name="pdf"),
    path("verificar/<str:codigo>/", views_documento.verificar, name="verificar"),
    # Reconciliation of an OT family: authorised → produced → GPU signed → estimated → approved → invoiced → paid.
    path("conciliacion/", views_conciliacion.conciliacion, name="conciliacion"),
    path("conciliacion/excel/", views_conciliacion.conciliacion_excel, name="conciliacion_excel"),
]
