from django.urls import path

from . import views

app_name = "pte"

urlpatterns = [
    path("", views.inicio, name="inicio"),
]
