from django.urls import path

from . import views_propuesta

urlpatterns = [
    path("reportes/<int:pk>/propuesta/", views_propuesta.propuesta, name="propuesta"),
    path(
        "reportes/<int:pk>/propuesta/confirmar/",
        views_propuesta.propuesta_confirmar_vista,
        name="propuesta_confirmar",
    ),
]
