"""No input makes the server answer 500: every route, as a superuser, with malformed queries and bodies."""

import pytest

from tests.test_rutas import rutas_protegidas

pytestmark = pytest.mark.django_db

EXCLUIDAS = {"/accounts/logout/", "/admin/logout/"}

BASURA = {
    "id": "abc",
    "pk": "-1",
    "draw": "no-es-numero",
    "start": "-5",
    "length": "999999999",
    "order[0][column]": "99",
    "order[0][dir]": "lateral",
    "search[value]": "x" * 5000,
    "desde": "31/02/2026",
    "hasta": "mañana",
    "descripcion": "\x00\ufffd" * 10,
    "nivel_afectacion": "9.5",
    "importancia": "NaN",
    "activo": "quizá",
}


@pytest.mark.parametrize("ruta", sorted(set(rutas_protegidas()) - EXCLUIDAS))
def test_malformed_requests_never_cause_a_server_error(cliente_admin, ruta):
    cliente_admin.raise_request_exception = False
    respuestas = [
        cliente_admin.get(ruta, BASURA),
        cliente_admin.post(ruta, BASURA),
        cliente_admin.post(ruta, data="{no es json", content_type="application/json"),
        cliente_admin.post(ruta, data=b"\xff\xfe\x00", content_type="application/octet-stream"),
    ]
    for respuesta in respuestas:
        assert respuesta.status_code < 500, (ruta, respuesta.status_code)
