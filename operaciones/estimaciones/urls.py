from django.urls import path

from . import views

app_name = "estimaciones"

urlpatterns = [
    path("", views.inicio, name="inicio"),
]
