"""Walks the whole URLconf: no route gives data to an anonymous client or to a user without permission."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

pytestmark = pytest.mark.django_db

PUBLICAS = {"/accounts/login/", "/accounts/logout/", "/admin/login/", "/admin/logout/"}
# Pages every logged-in user may open (they show only what the user's permissions allow).
ABIERTAS_A_USUARIOS = {"/"}

_PARAMETRO_RUTA = re.compile(r"<(?:(?P<conversor>\w+):)?(?P<nombre>\w+)>")
_GRUPO_ALTERNATIVAS = re.compile(r"\(\?P<\w+>([^()|]+)(?:\|[^()]*)?\)")
_GRUPO_LIBRE = re.compile(r"\(\?P<\w+>[^()]*\)")


def _ejemplo_ruta(patron: str) -> str:
    def sustituir(m):
        return "1" if m.group("conversor") == "int" else "x"

    return _PARAMETRO_RUTA.sub(sustituir, patron)


def _ejemplo_regex(patron: str) -> str:
    patron = patron.lstrip("^").rstrip("$").replace("\\Z", "")
    patron = _GRUPO_ALTERNATIVAS.sub(lambda m: m.group(1), patron)
    patron = _GRUPO_LIBRE.sub("1", patron)
    return patron.replace("\\", "")


def _ejemplo(patron) -> str:
    texto = str(patron.pattern)
    return _ejemplo_ruta(texto) if hasattr(patron.pattern, "_route") else _ejemplo_regex(texto)


def todas_las_rutas(patrones=None, prefijo="/"):
    patrones = get_resolver().url_patterns if patrones is None else patrones
    for patron in patrones:
        ruta = prefijo + _ejemplo(patron)
        if isinstance(patron, URLResolver):
            yield from todas_las_rutas(patron.url_patterns, ruta)
        elif isinstance(patron, URLPattern):
            yield ruta


def rutas_protegidas():
    rutas = sorted(set(todas_las_rutas()))
    return [r for r in rutas if r not in PUBLICAS and not r.startswith("/static/") and not r.startswith("/media/")]


def test_the_walk_finds_every_module():
    rutas = rutas_protegidas()
    for prefijo in ("/operaciones/pte/", "/operaciones/ot/", "/operaciones/catalogos/", "/admin/", "/reportes/"):
        assert any(r.startswith(prefijo) for r in rutas), prefijo
    for ruta in rutas:
        resolve(ruta)  # every generated example really is a route


def _sin_datos_para_anonimo(respuesta, ruta):
    if respuesta.status_code == 302:
        assert respuesta.url.startswith("/accounts/login/") or respuesta.url.startswith("/admin/login/"), ruta
        return
    assert respuesta.status_code in (401, 403), (ruta, respuesta.status_code)
    assert respuesta["Content-Type"].startswith("application/json"), ruta
    assert respuesta.json()["exito"] is False


@pytest.mark.parametrize("ruta", rutas_protegidas())
def test_anonymous_get_never_gets_data(client, ruta):
    _sin_datos_para_anonimo(client.get(ruta), ruta)


@pytest.mark.parametrize("ruta", rutas_protegidas())
def test_anonymous_post_never_gets_data(client, ruta):
    _sin_datos_para_anonimo(client.post(ruta, {"id": "1"}), ruta)


@pytest.mark.parametrize("ruta", [r for r in rutas_protegidas() if r not in ABIERTAS_A_USUARIOS])
def test_user_without_permissions_is_refused_everywhere(cliente_externo, ruta):
    for respuesta in (cliente_externo.get(ruta), cliente_externo.post(ruta, {"id": "1"})):
        if ruta.startswith("/admin/"):
            # The Django admin sends non-staff users to its own login page.
            assert respuesta.status_code == 302 and respuesta.url.startswith("/admin/login/"), ruta
        else:
            assert respuesta.status_code in (403, 404, 405), (ruta, respuesta.status_code)
