from django.urls import path

from . import views, views_actividad, views_trabajos

app_name = "core"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("trabajos/<int:pk>/", views_trabajos.trabajo_estado, name="trabajo_estado"),
    path("operaciones/registro_actividad/", views_actividad.actividad, name="actividad"),
    path("operaciones/registro_actividad/datatable", views_actividad.actividad_datatable, name="actividad_datatable"),
    path("operaciones/registro_actividad/usuarios", views_actividad.actividad_usuarios, name="actividad_usuarios"),
]
