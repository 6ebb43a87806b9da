"""The project's URLconf plus one view that fails, to exercise the 500 handler."""

from django.urls import path

from bme_subtec.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def vista_que_falla(request):
    raise RuntimeError("secreto-interno: contraseña de la base de datos")


urlpatterns = [*urlpatterns, path("prueba/falla/", vista_que_falla)]
