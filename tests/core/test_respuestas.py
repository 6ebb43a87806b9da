"""The envelope helpers every action endpoint shares."""

import json

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core import respuestas
from core.acceso import solo_get, solo_post


def test_a_refused_rule_is_a_400_with_its_first_message_and_every_field():
    respuesta = respuestas.errores_validacion(ValidationError({"oficio": ["Folio repetido."], "plazo": ["> 0"]}))
    cuerpo = json.loads(respuesta.content)
    assert respuesta.status_code == 400
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    assert cuerpo["detalles"] == "Folio repetido."
    assert cuerpo["errores"] == {"oficio": ["Folio repetido."], "plazo": ["> 0"]}


def test_a_refusal_without_field_goes_under_all():
    cuerpo = json.loads(respuestas.errores_validacion(ValidationError("La PTE no está al 100 %.")).content)
    assert cuerpo["errores"] == {"__all__": ["La PTE no está al 100 %."]}
    assert cuerpo["detalles"] == "La PTE no está al 100 %."


def test_method_guards_answer_the_envelope_405():
    vista_post = solo_post(lambda request: respuestas.exito("hecho"))
    vista_get = solo_get(lambda request: respuestas.exito("leído"))
    fabrica = RequestFactory()
    assert vista_post(fabrica.post("/x")).status_code == 200
    negado = vista_post(fabrica.get("/x"))
    assert negado.status_code == 405 and json.loads(negado.content)["exito"] is False
    assert vista_get(fabrica.get("/x")).status_code == 200
    assert vista_get(fabrica.post("/x")).status_code == 405
