"""Spanish error pages. A JSON caller gets the envelope instead of HTML."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from . import respuestas
from .acceso import quiere_json


def error_403(request, exception=None):
    if quiere_json(request):
        return respuestas.prohibido()
    return render(request, "errores/403.html", status=403)


def error_404(request, exception=None):
    if quiere_json(request):
        return respuestas.no_encontrado("La dirección solicitada no existe.")
    return render(request, "errores/404.html", status=404)


def error_500(request):
    if quiere_json(request):
        return respuestas.error("Ocurrió un error interno. El equipo de sistemas ya fue notificado.", status=500)
    # Rendered without a request context: the failure may come from the database or a context processor.
    return HttpResponseServerError(loader.get_template("errores/500.html").render({}))
