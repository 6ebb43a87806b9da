"""Login-required and session-inactivity middleware."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.shortcuts import redirect
from django.urls import reverse

from . import respuestas
from .acceso import quiere_json

CLAVE_ULTIMA_ACTIVIDAD = "ultima_actividad"


class AccesoRequeridoMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, answering script callers with a JSON 401 instead of a redirect."""

    def handle_no_permission(self, request, view_func):
        if quiere_json(request):
            return respuestas.no_autenticado()
        return super().handle_no_permission(request, view_func)


class SesionExpiradaMiddleware:
    """Ends a session idle for longer than SESION_INACTIVIDAD_SEGUNDOS and says so on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ahora = time.time()
            ultima = request.session.get(CLAVE_ULTIMA_ACTIVIDAD)
            if isinstance(ultima, (int, float)) and ahora - ultima > settings.SESION_INACTIVIDAD_SEGUNDOS:
                logout(request)
                if quiere_json(request):
                    return respuestas.error("Su sesión expiró por inactividad. Inicie sesión de nuevo.", status=401)
                return redirect(f"{reverse('login')}?sesion_expirada=1")
            if not isinstance(ultima, (int, float)) or ahora - ultima >= 30:
                request.session[CLAVE_ULTIMA_ACTIVIDAD] = ahora
        return self.get_response(request)
