from django.urls import path

from . import views

app_name = "ot"

urlpatterns = [
    path("", views.inicio, name="inicio"),
]
