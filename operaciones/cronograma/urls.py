from django.urls import path

from . import views

app_name = "cronograma"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    # The OT's "Programa" tab (templates/cronograma/_programa.html, static/js/cronograma.js).
    path("ot/<int:pk>/versiones/", views.ot_versiones, name="ot_versiones"),
    path("ot/<int:pk>/importar/", views.ot_importar, name="ot_importar"),
    path("version/<int:pk>/arbol/", views.version_arbol, name="version_arbol"),
    path("version/<int:pk>/gantt/", views.version_gantt, name="version_gantt"),
    path("version/<int:pk>/curva/", views.version_curva, name="version_curva"),
    path("version/<int:pk>/reporte/", views.version_reporte, name="version_reporte"),
    path("version/<int:pk>/archivo/", views.version_archivo, name="version_archivo"),
    path("tarea/<int:pk>/avance/", views.tarea_avance, name="tarea_avance"),
]
