"""/operaciones/catalogos/: the module page and, per catalogue of the registry, the original's paths."""

from django.urls import path

from . import views, views_conceptos, views_contratos, views_importar
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


_c = views_contratos
_k = views_conceptos
rutas_contratos = [
    path("contratos/", _c.contratos, name="contratos"),
    path("contratos/datatable/", _c.contratos_datatable, name="contratos_datatable"),
    path("contratos/crear/", _c.contratos_crear, name="contratos_crear"),
    path("contratos/obtener/<int:pk>/", _c.contratos_obtener, name="contratos_obtener"),
    path("contratos/editar/<int:pk>/", _c.contratos_editar, name="contratos_editar"),
    path("contratos/eliminar/", _c.contratos_eliminar, name="contratos_eliminar"),
    path("contratos/reactivar/", _c.contratos_reactivar, name="contratos_reactivar"),
    path("contratos/<int:pk>/subanexos/", _c.contratos_subanexos, name="contratos_subanexos"),
    path("subanexos/crear/", _c.subanexos_crear, name="subanexos_crear"),
    path("subanexos/obtener/<int:pk>/", _c.subanexos_obtener, name="subanexos_obtener"),
    path("subanexos/editar/<int:pk>/", _c.subanexos_editar, name="subanexos_editar"),
    path("subanexos/eliminar/", _c.subanexos_eliminar, name="subanexos_eliminar"),
    path("subanexos/reactivar/", _c.subanexos_reactivar, name="subanexos_reactivar"),
]
rutas_conceptos = [
    path("conceptos/", _k.conceptos, name="conceptos"),
    path("conceptos/datatable/", _k.conceptos_datatable, name="conceptos_datatable"),
    path("conceptos/exportar/", _k.conceptos_exportar, name="conceptos_exportar"),
    path("conceptos/buscar/", _k.conceptos_buscar, name="conceptos_buscar"),
    path("conceptos/crear/", _k.conceptos_crear, name="conceptos_crear"),
    path("conceptos/crear-pue/", _k.conceptos_crear_pue, name="conceptos_crear_pue"),
    path("conceptos/obtener/<int:pk>/", _k.conceptos_obtener, name="conceptos_obtener"),
    path("conceptos/editar/<int:pk>/", _k.conceptos_editar, name="conceptos_editar"),
    path("conceptos/eliminar/", _k.conceptos_eliminar, name="conceptos_eliminar"),
    path("conceptos/reactivar/", _k.conceptos_reactivar, name="conceptos_reactivar"),
    path("conceptos/cambiar-estatus/", _k.conceptos_cambiar_estatus, name="conceptos_cambiar_estatus"),
    path("conceptos/convertir-pue/", _k.conceptos_convertir, name="conceptos_convertir"),
]
rutas_importar = [
    path("importar/", views_importar.importar, name="importar"),
    path("importar/errores/<int:trabajo_id>/", views_importar.importar_errores, name="importar_errores"),
]

urlpatterns = [
    path("", views.inicio, name="inicio"),
    *rutas_contratos,
    *rutas_conceptos,
    *rutas_importar,
    *[ruta for clave in CATALOGOS for ruta in _rutas(clave)],
]
