"""Concept catalogue page and writes: access, create/edit/deactivate/reactivate ordinary lines and PUEs, the log."""

from decimal import Decimal

import pytest

from core.models import Evento, RegistroActividad
from operaciones.catalogos import views_conceptos
from operaciones.catalogos.constantes import TipoId
from operaciones.catalogos.models import ConceptoMaestro, EstatusPUE
from operaciones.catalogos.services_conceptos import ENTIDAD_CONCEPTO

from .test_conceptos_lista import armar_catalogo

pytestmark = pytest.mark.django_db

BASE = "/operaciones/catalogos/conceptos/"


@pytest.fixture
def catalogo():
    return armar_catalogo()


def datos_ordinario(catalogo, **cambios) -> dict:
    datos = {
        "sub_anexo": catalogo.c2.pk,
        "partida_ordinaria": " 2.501. ",
        "codigo_interno": "",
        "descripcion": "  BRIDA\xa0 DE   CUELLO SOLDABLE ",
        "unidad_medida": catalogo.pieza.pk,
        "cantidad": "10",
        "precio_unitario_mn": "1234.5678",
        "precio_unitario_usd": "",
        "categoria": "\xa0Conexiones de Fabrica ",
        "subcategoria": "",
        "clasificacion": "",
        "comentario": "alta en prueba",
    }
    return {**datos, **cambios}


def datos_pue(catalogo, **cambios) -> dict:
    datos = {
        "partida_extraordinaria": " c5ext-0200 ",
        "descripcion": "RENTA DE EQUIPO ESPECIAL",
        "unidad_medida": catalogo.pieza.pk,
        "cantidad": "1",
        "precio_unitario_mn": "0",
        "precio_unitario_usd": "350.25",
        "pte_creacion": "BME-3801-040-2024",
        "ot_creacion": "",
        "fecha_autorizacion": "",
        "comentario": "YAXCHE-C",
    }
    return {**datos, **cambios}


def errores(respuesta) -> dict:
    assert respuesta.status_code == 400, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    return cuerpo["errores"]


def log(concepto_id, evento) -> dict:
    filas = RegistroActividad.objects.filter(afectacion=ENTIDAD_CONCEPTO, registro_id=concepto_id, evento=evento)
    return {r.campo: (r.valor_anterior, r.valor_actual) for r in filas}


# --- page and access ----------------------------------------------------------------------------------------------


def test_reader_sees_both_tabs_without_write_buttons(cliente_lector):
    respuesta = cliente_lector.get(BASE)
    assert respuesta.status_code == 200
    assert b'id="tabla-ordinarios"' in respuesta.content and b'id="tabla-pues"' in respuesta.content
    assert b'id="boton-nuevo-concepto"' not in respuesta.content
    assert b'id="boton-exportar"' in respuesta.content


def test_admin_sees_the_create_buttons(cliente_admin):
    contenido = cliente_admin.get(BASE).content
    assert b'id="boton-nuevo-concepto"' in contenido and b'id="boton-nueva-pue"' in contenido


def test_anonymous_goes_to_login_and_script_calls_get_401(client, catalogo):
    respuesta = client.get(BASE)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")
    assert client.get(f"{BASE}datatable/", headers={"x-requested-with": "XMLHttpRequest"}).status_code == 401
    assert client.post(f"{BASE}crear/", datos_ordinario(catalogo)).status_code == 401


def test_outsider_is_refused_everywhere(cliente_externo, catalogo):
    pk = catalogo.tubo.pk
    respuestas = [
        cliente_externo.get(BASE),
        cliente_externo.get(f"{BASE}datatable/"),
        cliente_externo.get(f"{BASE}obtener/{pk}/"),
        cliente_externo.post(f"{BASE}crear/", datos_ordinario(catalogo)),
        cliente_externo.post(f"{BASE}crear-pue/", datos_pue(catalogo)),
        cliente_externo.post(f"{BASE}editar/{pk}/", datos_ordinario(catalogo)),
        cliente_externo.post(f"{BASE}eliminar/", {"id": pk}),
        cliente_externo.post(f"{BASE}cambiar-estatus/", {"id": catalogo.pue_elaboracion.pk, "estatus": "AUTORIZADO"}),
        cliente_externo.post(
            f"{BASE}convertir-pue/", {"id": catalogo.pue_elaboracion.pk, "sub_anexo_clave": "C-7", "partida": "1"}
        ),
    ]
    assert [r.status_code for r in respuestas] == [403] * 9
    catalogo.tubo.refresh_from_db()
    assert catalogo.tubo.activo and not ConceptoMaestro.objects.filter(descripcion__contains="BRIDA DE CUELLO").exists()


def test_reader_cannot_write(cliente_lector, catalogo):
    assert cliente_lector.post(f"{BASE}crear/", datos_ordinario(catalogo)).status_code == 403
    assert cliente_lector.post(f"{BASE}eliminar/", {"id": catalogo.tubo.pk}).status_code == 403
    assert cliente_lector.get(f"{BASE}obtener/{catalogo.tubo.pk}/").status_code == 200


def test_writes_are_post_only(cliente_admin, catalogo):
    assert cliente_admin.get(f"{BASE}crear/").status_code == 405
    assert cliente_admin.get(f"{BASE}eliminar/", {"id": catalogo.tubo.pk}).status_code == 405


# --- ordinary lines -----------------------------------------------------------------------------------------------


def test_admin_creates_an_ordinary_line_and_every_field_is_logged(cliente_admin, admin, catalogo):
    respuesta = cliente_admin.post(f"{BASE}crear/", datos_ordinario(catalogo))
    assert respuesta.status_code == 201, respuesta.content
    nuevo = ConceptoMaestro.objects.get(pk=respuesta.json()["id_nuevo"])
    assert nuevo.id_tipo_partida_id == TipoId.PARTIDA_ORDINARIA and nuevo.activo
    assert nuevo.partida_ordinaria == "2.501." and nuevo.sub_anexo == catalogo.c2
    assert nuevo.descripcion == "BRIDA DE CUELLO SOLDABLE"
    assert nuevo.categoria == "Conexiones de Fabrica"
    assert nuevo.precio_unitario_mn == Decimal("1234.5678") and nuevo.precio_unitario_usd == Decimal("0")
    alta = log(nuevo.pk, Evento.CREAR)
    assert alta["partida_ordinaria"] == ("", "2.501.")
    assert alta["precio_unitario_mn"] == ("", "1234.5678")
    assert alta["sub_anexo"] == ("", "C-2")
    assert set(RegistroActividad.objects.filter(registro_id=nuevo.pk).values_list("usuario", flat=True)) == {admin.pk}


def test_codes_are_kept_as_written(cliente_admin, catalogo):
    respuesta = cliente_admin.post(f"{BASE}crear/", datos_ordinario(catalogo, partida_ordinaria="4.10."))
    assert ConceptoMaestro.objects.get(pk=respuesta.json()["id_nuevo"]).partida_ordinaria == "4.10."


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"sub_anexo": ""}, "sub_anexo"),
        ({"sub_anexo": "999999"}, "sub_anexo"),
        ({"partida_ordinaria": "   "}, "partida_ordinaria"),
        ({"descripcion": " \xa0 "}, "descripcion"),
        ({"unidad_medida": ""}, "unidad_medida"),
        ({"unidad_medida": "999999"}, "unidad_medida"),
        ({"precio_unitario_mn": "-0.01"}, "precio_unitario_mn"),
        ({"precio_unitario_mn": "1.23456"}, "precio_unitario_mn"),
        ({"precio_unitario_usd": "abc"}, "precio_unitario_usd"),
        ({"precio_unitario_usd": "1,5"}, "precio_unitario_usd"),
        ({"cantidad": "-1"}, "cantidad"),
        ({"cantidad": "NaN"}, "cantidad"),
    ],
)
def test_bad_ordinary_data_is_400_naming_the_field(cliente_admin, catalogo, cambios, campo):
    antes = ConceptoMaestro.objects.count()
    assert campo in errores(cliente_admin.post(f"{BASE}crear/", datos_ordinario(catalogo, **cambios)))
    assert ConceptoMaestro.objects.count() == antes


def test_identity_is_unique_among_active_lines_but_codes_may_repeat(cliente_admin, catalogo):
    # Same sub-anexo, same partida, same description (after collapsing blanks): refused.
    duplicado = datos_ordinario(catalogo, partida_ordinaria="2.1.", descripcion="TUBO DE ACERO  AL CARBON 6 PULGADAS")
    cuerpo = errores(cliente_admin.post(f"{BASE}crear/", duplicado))
    assert "partida_ordinaria" in cuerpo and "C-2" in cuerpo["partida_ordinaria"][0]
    # The same code with another description is a legitimate variant (C-4 repeats 4.7. seven times).
    variante = datos_ordinario(catalogo, partida_ordinaria="2.1.", descripcion="TUBO DE ACERO INOXIDABLE")
    assert cliente_admin.post(f"{BASE}crear/", variante).status_code == 201
    # The same identity in another sub-anexo is another line.
    otro = datos_ordinario(
        catalogo, sub_anexo=catalogo.c3.pk, partida_ordinaria="2.1.", descripcion="TUBO DE ACERO AL CARBON 6 PULGADAS"
    )
    assert cliente_admin.post(f"{BASE}crear/", otro).status_code == 201
    # An inactive line frees its identity.
    retirado = datos_ordinario(
        catalogo, sub_anexo=catalogo.c3.pk, partida_ordinaria="3.2.", descripcion="CONCEPTO RETIRADO"
    )
    assert cliente_admin.post(f"{BASE}crear/", retirado).status_code == 201


def test_an_inactive_sub_anexo_is_not_offered(cliente_admin, catalogo):
    catalogo.c3.activo = False
    catalogo.c3.save()
    assert "sub_anexo" in errores(
        cliente_admin.post(f"{BASE}crear/", datos_ordinario(catalogo, sub_anexo=catalogo.c3.pk))
    )


def test_admin_edits_a_line_and_before_after_is_logged(cliente_admin, catalogo):
    tubo = catalogo.tubo
    datos = datos_ordinario(
        catalogo,
        partida_ordinaria="2.1.",
        descripcion=tubo.descripcion,
        unidad_medida=catalogo.ton.pk,
        cantidad="12.5",
        precio_unitario_mn="1600",
        categoria="Tubos",
    )
    respuesta = cliente_admin.post(f"{BASE}editar/{tubo.pk}/", datos)
    assert respuesta.status_code == 200, respuesta.content
    tubo.refresh_from_db()
    assert tubo.precio_unitario_mn == Decimal("1600")
    cambios = log(tubo.pk, Evento.ACTUALIZAR)
    assert cambios["precio_unitario_mn"] == ("1500.5000", "1600.0000")
    assert cambios["comentario"] == ("", "alta en prueba")
    assert "cantidad" not in cambios  # 12.5 = 12.500000: not a change


def test_edit_into_another_lines_identity_is_refused(cliente_admin, catalogo):
    datos = datos_ordinario(catalogo, partida_ordinaria="2.1.", descripcion=catalogo.tubo.descripcion)
    assert "partida_ordinaria" in errores(cliente_admin.post(f"{BASE}editar/{catalogo.codo.pk}/", datos))
    catalogo.codo.refresh_from_db()
    assert catalogo.codo.partida_ordinaria == "2.10."


def test_an_inactive_line_is_not_edited(cliente_admin, catalogo):
    datos = datos_ordinario(catalogo, sub_anexo=catalogo.c3.pk, descripcion="OTRA")
    cuerpo = errores(cliente_admin.post(f"{BASE}editar/{catalogo.retirado.pk}/", datos))
    assert "reactívelo" in cuerpo["__all__"][0]


def test_edit_of_a_missing_concept_is_404(cliente_admin, catalogo):
    assert cliente_admin.post(f"{BASE}editar/999999/", datos_ordinario(catalogo)).status_code == 404
    assert cliente_admin.get(f"{BASE}obtener/999999/").status_code == 404


def test_obtener_gives_the_form_values(cliente_lector, catalogo):
    registro = cliente_lector.get(f"{BASE}obtener/{catalogo.tubo.pk}/").json()["registro"]
    assert registro["sub_anexo"] == catalogo.c2.pk and registro["unidad_medida"] == catalogo.ton.pk
    assert registro["partida_ordinaria"] == "2.1." and registro["precio_unitario_mn"] == "1500.5000"


def test_deactivate_and_reactivate_are_logged(cliente_admin, catalogo):
    pk = catalogo.codo.pk
    assert cliente_admin.post(f"{BASE}eliminar/", {"id": pk}).status_code == 200
    assert not ConceptoMaestro.objects.get(pk=pk).activo
    assert log(pk, Evento.ELIMINAR) == {"activo": ("Sí", "No")}
    assert errores(cliente_admin.post(f"{BASE}eliminar/", {"id": pk}))
    assert cliente_admin.post(f"{BASE}reactivar/", {"id": pk}).status_code == 200
    assert ConceptoMaestro.objects.get(pk=pk).activo
    assert log(pk, Evento.REACTIVAR) == {"activo": ("No", "Sí")}


def test_reactivation_is_refused_when_the_identity_was_taken(cliente_admin, catalogo):
    datos = datos_ordinario(
        catalogo, sub_anexo=catalogo.c3.pk, partida_ordinaria="3.2.", descripcion="CONCEPTO RETIRADO"
    )
    assert cliente_admin.post(f"{BASE}crear/", datos).status_code == 201
    assert "partida_ordinaria" in errores(cliente_admin.post(f"{BASE}reactivar/", {"id": catalogo.retirado.pk}))
    assert not ConceptoMaestro.objects.get(pk=catalogo.retirado.pk).activo


def test_bad_ids_are_400_and_missing_ones_404(cliente_admin):
    assert "id" in errores(cliente_admin.post(f"{BASE}eliminar/", {"id": "abc"}))
    assert cliente_admin.post(f"{BASE}reactivar/", {"id": "999999"}).status_code == 404


# --- PUEs ---------------------------------------------------------------------------------------------------------


def test_admin_creates_a_pue_in_elaboration(cliente_admin, catalogo):
    respuesta = cliente_admin.post(f"{BASE}crear-pue/", datos_pue(catalogo))
    assert respuesta.status_code == 201, respuesta.content
    pue = ConceptoMaestro.objects.get(pk=respuesta.json()["id_nuevo"])
    assert pue.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA and pue.sub_anexo is None
    assert pue.partida_extraordinaria == "C5EXT-0200" and pue.estatus == EstatusPUE.EN_ELABORACION
    assert pue.precio_unitario_usd == Decimal("350.25") and pue.pte_creacion == "BME-3801-040-2024"
    alta = log(pue.pk, Evento.CREAR)
    assert alta["estatus"] == ("", "En elaboración")
    assert alta["partida_extraordinaria"] == ("", "C5EXT-0200")


def test_pue_code_is_required_and_unique_but_na_repeats(cliente_admin, catalogo):
    assert "partida_extraordinaria" in errores(
        cliente_admin.post(f"{BASE}crear-pue/", datos_pue(catalogo, partida_extraordinaria=" "))
    )
    repetido = errores(
        cliente_admin.post(f"{BASE}crear-pue/", datos_pue(catalogo, partida_extraordinaria="c3ext-0977"))
    )
    assert repetido["partida_extraordinaria"] == ["Ya existe una PUE activa con la clave C3EXT-0977."]
    for _ in range(2):
        assert (
            cliente_admin.post(f"{BASE}crear-pue/", datos_pue(catalogo, partida_extraordinaria="na")).status_code == 201
        )
    assert ConceptoMaestro.objects.filter(partida_extraordinaria="NA", activo=True).count() == 2


def test_an_inactive_pue_frees_its_code(cliente_admin, catalogo):
    ConceptoMaestro.objects.filter(pk=catalogo.pue_autorizada.pk).update(activo=False)
    datos = datos_pue(catalogo, partida_extraordinaria="C2EXT-0001")
    assert cliente_admin.post(f"{BASE}crear-pue/", datos).status_code == 201
    assert "partida_extraordinaria" in errores(
        cliente_admin.post(f"{BASE}reactivar/", {"id": catalogo.pue_autorizada.pk})
    )


def test_pue_edit_keeps_its_status_and_logs_the_change(cliente_admin, catalogo):
    pue = catalogo.pue_elaboracion
    datos = datos_pue(catalogo, partida_extraordinaria="C3EXT-0977", descripcion=pue.descripcion, ot_creacion="OT-9")
    assert cliente_admin.post(f"{BASE}editar/{pue.pk}/", datos).status_code == 200
    pue.refresh_from_db()
    assert pue.ot_creacion == "OT-9" and pue.estatus == EstatusPUE.EN_ELABORACION
    assert log(pue.pk, Evento.ACTUALIZAR)["ot_creacion"] == ("OT-BME-001", "OT-9")


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"unidad_medida": "999999"}, "unidad_medida"),
        ({"precio_unitario_mn": "-5"}, "precio_unitario_mn"),
        ({"precio_unitario_usd": "0.00001"}, "precio_unitario_usd"),
        ({"fecha_autorizacion": "31/02/2024"}, "fecha_autorizacion"),
        ({"descripcion": ""}, "descripcion"),
    ],
)
def test_bad_pue_data_is_400_naming_the_field(cliente_admin, catalogo, cambios, campo):
    assert campo in errores(cliente_admin.post(f"{BASE}crear-pue/", datos_pue(catalogo, **cambios)))


def test_export_refuses_an_unbounded_list(cliente_lector, catalogo, monkeypatch):
    monkeypatch.setattr(views_conceptos, "LIMITE_EXPORTACION", 2)
    respuesta = cliente_lector.get(f"{BASE}exportar/", {"contrato": catalogo.contrato.pk})
    assert respuesta.status_code == 400 and "acote los filtros" in respuesta.json()["detalles"]


def test_obtener_of_a_pue_gives_the_iso_sanction_date(cliente_lector, catalogo):
    cuerpo = cliente_lector.get(f"{BASE}obtener/{catalogo.pue_autorizada.pk}/").json()
    assert cuerpo["exito"] is True and cuerpo["registro"]["tipo"] == "pue"
    assert cuerpo["registro"]["fecha_autorizacion"] == "2024-03-15"
    assert cuerpo["registro"]["convertida_a"] == ""
