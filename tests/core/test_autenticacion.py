"""Login by user name or e-mail, logout by POST, session expiry and login lockout."""

import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.middleware import CLAVE_ULTIMA_ACTIVIDAD
from core.models import IntentoAcceso
from tests.conftest import CLAVE

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def entrar(client, usuario, password=CLAVE, **extra):
    return client.post(LOGIN, {"usuario": usuario, "password": password, **extra})


def test_login_page_is_public_and_in_spanish(client):
    respuesta = client.get(LOGIN)
    assert respuesta.status_code == 200
    assert "Contraseña" in respuesta.content.decode()


def test_login_by_username_redirects_home(client, capturista):
    respuesta = entrar(client, "capturista")
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("core:inicio")
    assert client.get("/").status_code == 200


def test_login_by_email_is_case_insensitive(client, capturista):
    respuesta = entrar(client, "CAPTURISTA@BlueMarine.com.mx")
    assert respuesta.status_code == 302
    assert client.session["_auth_user_id"] == str(capturista.pk)


def test_login_by_username_is_case_insensitive(client, capturista):
    assert entrar(client, "  Capturista ").status_code == 302


def test_wrong_password_is_refused_with_spanish_message(client, capturista):
    respuesta = entrar(client, "capturista", "otra-clave")
    assert respuesta.status_code == 401
    assert "incorrectos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


def test_email_shared_by_two_accounts_does_not_log_in(client, capturista):
    User.objects.create_user("gemelo", email="capturista@bluemarine.com.mx", password=CLAVE)
    assert entrar(client, "capturista@bluemarine.com.mx").status_code == 401


def test_inactive_user_cannot_log_in(client, capturista):
    capturista.is_active = False
    capturista.save()
    assert entrar(client, "capturista").status_code == 401


def test_blank_form_answers_400_not_500(client):
    respuesta = client.post(LOGIN, {})
    assert respuesta.status_code == 400
    assert "usuario" in respuesta.content.decode().lower()


def test_next_parameter_is_followed_only_within_the_site(client, capturista):
    assert entrar(client, "capturista", next="/operaciones/registro_actividad/").url == (
        "/operaciones/registro_actividad/"
    )
    client.post("/accounts/logout/")
    assert entrar(client, "capturista", next="https://malicioso.example/").url == reverse("core:inicio")


def test_logout_requires_post(client, capturista):
    client.force_login(capturista)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    respuesta = client.post("/accounts/logout/")
    assert respuesta.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Sesión cerrada" in client.get(respuesta.url).content.decode()


def test_five_failures_lock_the_user_from_that_address(client, capturista, settings):
    settings.BLOQUEO_INTENTOS_MAXIMOS = 5
    for _ in range(5):
        assert entrar(client, "capturista", "mala").status_code == 401
    # Even the right password is refused while locked, with a clear message.
    respuesta = entrar(client, "capturista")
    assert respuesta.status_code == 429
    assert "Demasiados intentos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client, capturista):
    for _ in range(5):
        client.post(LOGIN, {"usuario": "capturista", "password": "mala"}, REMOTE_ADDR="10.0.0.9")
    respuesta = client.post(LOGIN, {"usuario": "capturista", "password": CLAVE}, REMOTE_ADDR="10.0.0.10")
    assert respuesta.status_code == 302


def test_lockout_ends_after_the_window(client, capturista):
    for _ in range(5):
        entrar(client, "capturista", "mala")
    IntentoAcceso.objects.update(fecha=IntentoAcceso.objects.first().fecha.replace(year=2020))
    assert entrar(client, "capturista").status_code == 302


def test_successful_login_clears_failures(client, capturista):
    for _ in range(4):
        entrar(client, "capturista", "mala")
    assert entrar(client, "capturista").status_code == 302
    assert not IntentoAcceso.objects.filter(usuario="capturista").exists()


def test_idle_session_expires_and_login_page_says_so(client, capturista, settings):
    settings.SESION_INACTIVIDAD_SEGUNDOS = 7200
    client.force_login(capturista)
    sesion = client.session
    sesion[CLAVE_ULTIMA_ACTIVIDAD] = time.time() - 7201
    sesion.save()
    respuesta = client.get("/")
    assert respuesta.status_code == 302
    assert respuesta.url == "/accounts/login/?sesion_expirada=1"
    assert "_auth_user_id" not in client.session
    pagina = client.get(respuesta.url)
    assert pagina.status_code == 200
    assert "sesión expiró" in pagina.content.decode()


def test_expired_session_answers_json_401_to_script_callers(client, capturista):
    client.force_login(capturista)
    sesion = client.session
    sesion[CLAVE_ULTIMA_ACTIVIDAD] = time.time() - 10_000
    sesion.save()
    respuesta = client.get("/", headers={"x-requested-with": "XMLHttpRequest"})
    assert respuesta.status_code == 401
    assert respuesta.json()["exito"] is False
    assert "expiró" in respuesta.json()["detalles"]


def test_active_session_is_kept_alive(client, capturista):
    client.force_login(capturista)
    sesion = client.session
    sesion[CLAVE_ULTIMA_ACTIVIDAD] = time.time() - 3600
    sesion.save()
    assert client.get("/").status_code == 200
    assert time.time() - client.session[CLAVE_ULTIMA_ACTIVIDAD] < 5


def test_anonymous_page_request_redirects_to_login_with_next(client):
    respuesta = client.get("/operaciones/pte/")
    assert respuesta.status_code == 302
    assert respuesta.url == "/accounts/login/?next=/operaciones/pte/"


def test_anonymous_script_request_gets_json_401(client):
    respuesta = client.get("/operaciones/registro_actividad/datatable", headers={"accept": "application/json"})
    assert respuesta.status_code == 401
    assert respuesta.json() == {
        "exito": False,
        "tipo_aviso": "error",
        "detalles": "Su sesión no está iniciada o expiró. Inicie sesión de nuevo.",
    }


def test_behind_proxy_lockout_uses_the_hop_the_proxy_appended(client, capturista, settings):
    settings.DETRAS_DE_PROXY = True
    for _ in range(5):
        client.post(
            LOGIN,
            {"usuario": "capturista", "password": "mala"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )
    # Same proxy address, another real client (a forged first hop does not matter): not locked.
    otro = client.post(
        LOGIN, {"usuario": "capturista", "password": CLAVE}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8"
    )
    assert otro.status_code == 302
    client.post("/accounts/logout/")
    bloqueado = client.post(
        LOGIN,
        {"usuario": "capturista", "password": CLAVE},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7",
    )
    assert bloqueado.status_code == 429


def test_failures_older_than_the_window_are_pruned(client, capturista):
    IntentoAcceso.objects.create(usuario="otro", ip="10.1.1.1")
    IntentoAcceso.objects.update(fecha=IntentoAcceso.objects.first().fecha.replace(year=2020))
    entrar(client, "capturista", "mala")
    assert list(IntentoAcceso.objects.values_list("usuario", flat=True)) == ["capturista"]
