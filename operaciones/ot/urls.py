from django.urls import path

from . import views, views_importar

app_name = "ot"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("importar/", views_importar.importar_ot, name="importar"),
]
