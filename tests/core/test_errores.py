"""An unexpected failure answers a Spanish 500 (page or JSON envelope) and never shows the exception text."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_con_fallo")]


def test_failure_shows_the_spanish_500_page_without_internals(cliente_capturista):
    cliente_capturista.raise_request_exception = False
    respuesta = cliente_capturista.get("/prueba/falla/")
    assert respuesta.status_code == 500
    html = respuesta.content.decode()
    assert "Ocurrió un error en el servidor" in html
    assert "secreto-interno" not in html and "RuntimeError" not in html


def test_failure_answers_a_json_envelope_to_script_callers(cliente_capturista):
    cliente_capturista.raise_request_exception = False
    respuesta = cliente_capturista.post("/prueba/falla/")
    assert respuesta.status_code == 500
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    assert "secreto-interno" not in respuesta.content.decode()


def test_forbidden_page_is_spanish(cliente_externo):
    respuesta = cliente_externo.get("/operaciones/registro_actividad/")
    assert respuesta.status_code == 403
    assert "permiso" in respuesta.content.decode().lower()
