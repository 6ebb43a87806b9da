"""Routes of a day's POB, consumables and incidents (names are the module's contract: `costa_fuera:<name>`)."""

from django.urls import path

from . import views_recursos as v

urlpatterns = [
    path("reportes/<int:pk>/pob/guardar/", v.pob_guardar, name="pob_guardar"),
    path("reportes/<int:pk>/inventario/guardar/", v.inventario_guardar, name="inventario_guardar"),
    path("reportes/<int:pk>/incidencias/crear/", v.incidencia_crear, name="incidencia_crear"),
    path("incidencias/<int:pk>/editar/", v.incidencia_editar, name="incidencia_editar"),
    path("incidencias/<int:pk>/borrar/", v.incidencia_borrar, name="incidencia_borrar"),
    path("incidencias/<int:pk>/fotos/subir/", v.incidencia_foto_subir, name="incidencia_foto_subir"),
    path("incidencias/fotos/<int:pk>/", v.incidencia_foto, name="incidencia_foto"),
    path("incidencias/fotos/<int:pk>/borrar/", v.incidencia_foto_borrar, name="incidencia_foto_borrar"),
]
