"""Login (user name or e-mail, with lockout) and logout (POST only)."""

import time

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .acceso import ip_cliente
from .forms import LoginForm
from .middleware import CLAVE_ULTIMA_ACTIVIDAD

MENSAJE_CREDENCIALES = "Usuario/correo o contraseña incorrectos."


def _destino_seguro(request) -> str:
    destino = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return destino
    return settings.LOGIN_REDIRECT_URL


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_destino_seguro(request))
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            usuario = form.cleaned_data["usuario"]
            ip = ip_cliente(request)
            minutos = max(1, settings.BLOQUEO_VENTANA_SEGUNDOS // 60)
            if services.acceso_bloqueado(usuario=usuario, ip=ip):
                error = (
                    "Demasiados intentos fallidos. Por seguridad, el acceso de este usuario desde su equipo "
                    f"queda bloqueado {minutos} minutos."
                )
                status = 429
            else:
                user = authenticate(request, username=usuario, password=form.cleaned_data["password"])
                if user is not None:
                    services.acceso_limpiar_fallos(usuario=usuario, ip=ip)
                    login(request, user)
                    request.session[CLAVE_ULTIMA_ACTIVIDAD] = time.time()
                    return redirect(_destino_seguro(request))
                services.acceso_registrar_fallo(usuario=usuario, ip=ip)
                error = MENSAJE_CREDENCIALES
                status = 401
        else:
            error = "Escriba su usuario o correo y su contraseña."
            status = 400
    contexto = {
        "form": form,
        "error": error,
        "sesion_expirada": request.GET.get("sesion_expirada") == "1",
        "sesion_cerrada": request.GET.get("sesion_cerrada") == "1",
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "registration/login.html", contexto, status=status)


@login_not_required
@require_POST
def logout_view(request):
    logout(request)
    return redirect(f"{reverse('login')}?sesion_cerrada=1")
