from django.http import Http404
from django.urls import path


def _pendiente(request, pk):
    raise Http404("Documento en construcción")


urlpatterns = [
    path("reportes/<int:pk>/rdo.pdf", _pendiente, name="rdo_pdf"),
    path("reportes/<int:pk>/rdo.xlsx", _pendiente, name="rdo_excel"),
]
