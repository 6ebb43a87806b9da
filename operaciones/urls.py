"""/operaciones/: every domain app under the original's paths."""

from django.urls import include, path

from operaciones.consulta.api import estadisticas_api

urlpatterns = [
    path("pte/", include("operaciones.pte.urls")),
    path("ot/", include("operaciones.ot.urls")),
    path("produccion/", include("operaciones.produccion.urls")),
    path("estimaciones/", include("operaciones.estimaciones.urls")),
    path("cronograma/", include("operaciones.cronograma.urls")),
    path("centro_consulta/", include("operaciones.consulta.urls")),
    path("catalogos/", include("operaciones.catalogos.urls")),
    path("api/estadisticas/", estadisticas_api, name="api_estadisticas"),
]
