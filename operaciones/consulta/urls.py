from django.urls import path

from . import views

app_name = "consulta"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("informacion/indicadores/", views.indicadores, name="indicadores"),
    path("informacion/datatable/", views.datatable, name="datatable"),
    path("informacion/graficas/", views.graficas, name="graficas"),
    path("informacion/embudo/", views.embudo, name="embudo"),
    path("informacion/curva_s/", views.curva_s, name="curva_s"),
    path("informacion/exportar/", views.exportar_excel, name="exportar"),
    path("informacion/enviar/", views.enviar_correo, name="enviar_correo"),
    path("documentacion/datatable/", views.documentos_datatable, name="documentos_datatable"),
    path("documentacion/agrupados/", views.documentos_agrupados, name="documentos_agrupados"),
]
