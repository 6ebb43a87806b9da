"""/operaciones/catalogos/: the module page and, per catalogue of the registry, the original's paths."""

from django.urls import path

from . import views
from .definiciones import CATALOGOS

app_name = "catalogos"


def _rutas(clave: str) -> list:
    k = {"clave": clave}
    return [
        path(f"{clave}/", views.lista, k, name=clave),
        path(f"{clave}/datatable/", views.datatable, k, name=f"{clave}_datatable"),
        path(f"{clave}/crear/", views.crear, k, name=f"{clave}_crear"),
        path(f"{clave}/obtener/<int:pk>/", views.obtener, k, name=f"{clave}_obtener"),
        path(f"{clave}/editar/<int:pk>/", views.editar, k, name=f"{clave}_editar"),
        path(f"{clave}/eliminar/", views.eliminar, k, name=f"{clave}_eliminar"),
        path(f"{clave}/reactivar/", views.reactivar, k, name=f"{clave}_reactivar"),
    ]


urlpatterns = [
    path("", views.inicio, name="inicio"),
    *[ruta for clave in CATALOGOS for ruta in _rutas(clave)],
]
