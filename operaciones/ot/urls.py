from django.urls import path

from . import views, views_detalle, views_importar

app_name = "ot"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("importar/", views_importar.importar_ot, name="importar"),
    path("datatable/", views.datatable, name="datatable"),
    path("exportar/", views.exportar, name="exportar"),
    path("obtener_datos/", views.obtener_datos, name="obtener_datos"),
    path("obtener_ot_iniciales/", views.obtener_ot_iniciales, name="obtener_ot_iniciales"),
    path("obtener_sitios_frente/", views.obtener_sitios_frente, name="obtener_sitios_frente"),
    path("obtener_sitios/", views.obtener_sitios, name="obtener_sitios"),
    path("obtener_progreso_general_ot/", views.obtener_progreso_general_ot, name="obtener_progreso_general_ot"),
    path("crear-ot-reprogramacion/", views.crear_ot, name="crear_ot"),
    path("editar/", views.editar, name="editar"),
    path("eliminar/", views.eliminar, name="eliminar"),
    path("cambiar_estatus_ot/", views.cambiar_estatus_ot, name="cambiar_estatus_ot"),
    path("crear-desde-pte/", views.crear_desde_pte, name="crear_desde_pte"),
    path("detalle/datatable/", views.detalle_datatable, name="detalle_datatable"),
    path("cambiar_estatus_paso/", views.cambiar_estatus_paso, name="cambiar_estatus_paso"),
    path("actualizar-fecha/", views.actualizar_fecha, name="actualizar_fecha"),
    path("guardar_archivo_ot/", views.guardar_archivo_ot, name="guardar_archivo_ot"),
    # The OT detail page and its "Anexo C" tab.
    path("<int:pk>/", views_detalle.detalle, name="detalle"),
    path("<int:pk>/anexo/versiones/", views_detalle.anexo_versiones, name="anexo_versiones"),
    path("<int:pk>/anexo/datatable/", views_detalle.anexo_datatable, name="anexo_datatable"),
    path("<int:pk>/anexo/totales/", views_detalle.anexo_totales_vista, name="anexo_totales"),
    path("<int:pk>/anexo/importar/", views_detalle.anexo_importar, name="anexo_importar"),
    path("<int:pk>/anexo/errores/<int:trabajo_id>/", views_detalle.anexo_errores, name="anexo_errores"),
]
