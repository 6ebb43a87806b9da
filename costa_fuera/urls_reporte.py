from django.urls import path

from . import views_reporte

urlpatterns = [
    path("reportes/", views_reporte.lista, name="reportes"),
    path("reportes/datatable/", views_reporte.datatable, name="reportes_datatable"),
    path("reportes/nuevo/", views_reporte.nuevo, name="reporte_nuevo"),
    path("reportes/<int:pk>/", views_reporte.dia, name="reporte"),
    path("reportes/<int:pk>/estado/", views_reporte.estado, name="reporte_estado"),
    path("reportes/<int:pk>/representante/", views_reporte.representante, name="reporte_representante"),
    path("reportes/<int:pk>/reabrir/", views_reporte.reabrir, name="reporte_reabrir"),
    path("reportes/<int:pk>/bitacora/", views_reporte.bitacora_guardar, name="bitacora_guardar"),
]
