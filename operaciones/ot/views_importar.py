"""Upload page of the historical OT import (built with `importar_ot`; placeholder until it lands)."""

from django.core.exceptions import PermissionDenied

from core.acceso import permiso_requerido


@permiso_requerido("ot.add_ote")
def importar_ot(request):
    raise PermissionDenied
