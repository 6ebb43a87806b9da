from django.urls import path

from . import views

app_name = "costa_fuera"

urlpatterns = [
    path("", views.inicio, name="inicio"),
]
