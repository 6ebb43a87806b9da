from django.urls import path

from . import views, views_excel, views_gpu, views_pagina, views_reportes

app_name = "produccion"

urlpatterns = [
    path("", views_pagina.inicio, name="inicio"),
    # Hoja de producción (helper "hoja"), reference §1.3 "Producción" / §3.3
    path("obtener_partidas_produccion/", views.obtener_partidas_produccion, name="obtener_partidas_produccion"),
    path("guardar_produccion_masiva/", views.guardar_produccion_masiva, name="guardar_produccion_masiva"),
    path("recalcular_excedentes/", views.recalcular_excedentes, name="recalcular_excedentes"),
    path("vincular_partida_ot/", views.vincular_partida_ot, name="vincular_partida_ot"),
    # Excel de la hoja del mes (helper "excel"), issue 5 item 6
    path("exportar_hoja/", views_excel.exportar_hoja, name="exportar_hoja"),
    path("importar_hoja/", views_excel.importar_hoja, name="importar_hoja"),
    # GPU (generadores de precios unitarios), reference §1.3 "Producción" / §3.4
    path("obtener_grid_gpus/", views_gpu.obtener_grid_gpus, name="obtener_grid_gpus"),
    path("guardar_estatus_gpu/", views_gpu.guardar_estatus_gpu, name="guardar_estatus_gpu"),
    path("subir_evidencia_gpu/", views_gpu.subir_evidencia_gpu, name="subir_evidencia_gpu"),
    path("evidencia_gpu/<int:id_gpu>/", views_gpu.evidencia_gpu, name="evidencia_gpu"),
    path("autorizar_excedente/", views_gpu.autorizar_excedente, name="autorizar_excedente"),
    # Reportes diarios, carpeta mensual y guardias (helper "reportes"), reference §1.3 "Producción" / §3.3
    path(
        "obtener_sitios_con_ots_ejecutadas/",
        views_reportes.sitios_con_ots_ejecutadas,
        name="obtener_sitios_con_ots_ejecutadas",
    ),
    path("ots_por_sitio_grid/", views_reportes.ots_por_sitio_grid, name="ots_por_sitio_grid"),
    path(
        "guardar_reportes_diarios_masiva/",
        views_reportes.guardar_reportes_diarios_masiva,
        name="guardar_reportes_diarios_masiva",
    ),
    path("guardar_archivo_mensual/", views_reportes.guardar_archivo_mensual, name="guardar_archivo_mensual"),
    path("obtener_supers_por_sitio/", views_reportes.obtener_supers_por_sitio, name="obtener_supers_por_sitio"),
    path("configurar_ciclo_guardia/", views_reportes.configurar_ciclo_guardia, name="configurar_ciclo_guardia"),
    path("obtener_guardias_mes/", views_reportes.obtener_guardias_mes, name="obtener_guardias_mes"),
    path("superintendentes/crear/", views_reportes.superintendente_crear, name="superintendente_crear"),
    path("superintendentes/<int:pk>/editar/", views_reportes.superintendente_editar, name="superintendente_editar"),
    path(
        "superintendentes/<int:pk>/desactivar/",
        views_reportes.superintendente_desactivar,
        name="superintendente_desactivar",
    ),
]
