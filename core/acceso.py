"""Access rules shared by every view: who may see what, and how a refusal is answered.

Login is required everywhere by `core.middleware.AccesoRequeridoMiddleware`; the few public views use
Django's `login_not_required`. Permission checks answer a Spanish 403 page to a browser and the JSON envelope
to AJAX/JSON callers.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied

from . import respuestas


def quiere_json(request) -> bool:
    """True when the caller is script code (AJAX, JSON, DataTables) rather than a page navigation."""
    if request.method not in ("GET", "HEAD"):
        return True
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    acepta = request.headers.get("accept", "")
    return "application/json" in acepta and "text/html" not in acepta


def permiso_requerido(*permisos: str):
    """Require every permission listed; 403 (page or JSON envelope) otherwise."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if not request.user.has_perms(permisos):
                if quiere_json(request):
                    return respuestas.prohibido()
                raise PermissionDenied
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


def ip_cliente(request) -> str | None:
    """Client address for the login lockout.

    Directly exposed: REMOTE_ADDR. Behind our own proxy (DJANGO_BEHIND_PROXY): the last X-Forwarded-For hop, the one
    the proxy appended; earlier hops come from the client and can be forged, so they are ignored.
    """
    if settings.DETRAS_DE_PROXY:
        saltos = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if saltos:
            try:
                return str(ipaddress.ip_address(saltos[-1]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def solo_metodo(*metodos: str):
    """Any other method gets the JSON envelope's 405 (not Django's empty one)."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if request.method not in metodos:
                return respuestas.metodo_no_permitido()
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


solo_post = solo_metodo("POST")
solo_get = solo_metodo("GET", "HEAD")
