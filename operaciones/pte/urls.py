"""/operaciones/pte/: the original's paths (reference §1.3) plus the detail page and the Excel export."""

from django.urls import path

from . import views

app_name = "pte"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("<int:pte_id>/", views.detalle, name="detalle"),
    path("datatable/", views.datatable, name="datatable"),
    path("exportar/", views.exportar, name="exportar"),
    path("crear/", views.crear, name="crear"),
    path("editar/", views.editar, name="editar"),
    path("obtener_datos/", views.obtener_datos, name="obtener_datos"),
    path("eliminar/", views.eliminar, name="eliminar"),
    path("cambiar_estatus_pte/", views.cambiar_estatus_pte, name="cambiar_estatus_pte"),
    path("detalle/datatable/", views.detalle_datatable, name="detalle_datatable"),
    path("datatable-subpasos/", views.datatable_subpasos, name="datatable_subpasos"),
    path("cambiar_estatus_paso/", views.cambiar_estatus_paso, name="cambiar_estatus_paso"),
    path("actualizar-fecha/", views.actualizar_fecha, name="actualizar_fecha"),
    path("guardar_archivo_pte/", views.guardar_archivo, name="guardar_archivo"),
    path("obtener-progreso-general-pte/", views.progreso_general, name="progreso_general"),
    path("obtener-progreso-paso4/", views.progreso_subpasos, name="progreso_subpasos"),
    path("obtener_responsables/", views.obtener_responsables, name="obtener_responsables"),
    path("obtener_clientes/", views.obtener_clientes, name="obtener_clientes"),
]
