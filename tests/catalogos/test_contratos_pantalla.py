"""Contracts page: access, the contracts table, create/edit/deactivate a contract, its Anexo C and sub-anexos."""

from decimal import Decimal

import pytest

from core.models import Evento, RegistroActividad
from operaciones.catalogos.models import AnexoContrato, Contrato, SubAnexo, TipoAnexo
from operaciones.catalogos.services_contratos import ENTIDAD_CONTRATO, ENTIDAD_SUBANEXO
from tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/operaciones/catalogos/"
AJAX = {"x-requested-with": "XMLHttpRequest"}


def datos_contrato(**cambios) -> dict:
    datos = {
        "numero_contrato": "  PEMEX   640228999 ",
        "descripcion": "Servicios submarinos",
        "cliente": f.cliente_pemex().pk,
        "fecha_inicio": "2023-01-10",
        "fecha_termino": "2033-01-09",
        "monto_mn": "7731402527.22",
        "monto_usd": "412477237.58",
        "porcentaje_retencion": "5",
        "porcentaje_amortizacion_anticipo": "10.50",
    }
    return {**datos, **cambios}


def tabla(cliente, **parametros):
    respuesta = cliente.get(f"{BASE}contratos/datatable/", {"draw": "2", "start": "0", "length": "100", **parametros})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def errores(respuesta) -> dict:
    assert respuesta.status_code == 400, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    return cuerpo["errores"]


# --- access -------------------------------------------------------------------------------------------------------


def test_reader_sees_the_page_without_write_buttons(cliente_lector):
    respuesta = cliente_lector.get(f"{BASE}contratos/")
    assert respuesta.status_code == 200
    assert b"Contratos y Anexo C" in respuesta.content
    assert b'id="boton-nuevo-contrato"' not in respuesta.content


def test_admin_sees_the_create_button(cliente_admin):
    assert b'id="boton-nuevo-contrato"' in cliente_admin.get(f"{BASE}contratos/").content


def test_module_page_links_both_new_screens(cliente_lector):
    contenido = cliente_lector.get(BASE).content
    assert b'data-catalogo="contratos"' in contenido and b'data-catalogo="conceptos"' in contenido


def test_anonymous_goes_to_login_and_script_calls_get_401(client):
    respuesta = client.get(f"{BASE}contratos/")
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")
    assert client.get(f"{BASE}contratos/datatable/", headers=AJAX).status_code == 401
    assert client.post(f"{BASE}contratos/crear/", datos_contrato()).status_code == 401


def test_outsider_is_refused_everywhere(cliente_externo):
    contrato = f.ContratoFactory()
    sub_anexo = f.SubAnexoFactory(anexo_maestro__contrato=contrato)
    assert cliente_externo.get(f"{BASE}contratos/").status_code == 403
    lecturas = [
        cliente_externo.get(f"{BASE}contratos/datatable/", headers=AJAX),
        cliente_externo.get(f"{BASE}contratos/obtener/{contrato.pk}/", headers=AJAX),
        cliente_externo.get(f"{BASE}contratos/{contrato.pk}/subanexos/", headers=AJAX),
    ]
    escrituras = [
        cliente_externo.post(f"{BASE}contratos/crear/", datos_contrato()),
        cliente_externo.post(f"{BASE}contratos/editar/{contrato.pk}/", datos_contrato()),
        cliente_externo.post(f"{BASE}contratos/eliminar/", {"id": contrato.pk}),
        cliente_externo.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk, "clave_anexo": "C-9"}),
        cliente_externo.post(f"{BASE}subanexos/eliminar/", {"id": sub_anexo.pk}),
    ]
    assert [r.status_code for r in lecturas + escrituras] == [403] * 8
    assert not Contrato.objects.filter(numero_contrato__contains="999").exists()
    contrato.refresh_from_db()
    assert contrato.activo


def test_reader_cannot_write(cliente_lector):
    contrato = f.ContratoFactory()
    assert cliente_lector.post(f"{BASE}contratos/crear/", datos_contrato()).status_code == 403
    assert cliente_lector.post(f"{BASE}contratos/eliminar/", {"id": contrato.pk}).status_code == 403
    assert (
        cliente_lector.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk, "clave_anexo": "C-9"}).status_code
        == 403
    )


# --- table --------------------------------------------------------------------------------------------------------


def test_table_rows_carry_amounts_as_text_and_count_active_concepts(cliente_lector):
    contrato = f.ContratoFactory(numero_contrato="CTO-TABLA", monto_mn=Decimal("7731402527.22"))
    sub_anexo = f.SubAnexoFactory(anexo_maestro__contrato=contrato)
    f.ConceptoMaestroFactory.create_batch(3, sub_anexo=sub_anexo)
    f.ConceptoMaestroFactory(sub_anexo=sub_anexo, activo=False)
    f.ContratoFactory(numero_contrato="CTO-VACIO")
    cuerpo = tabla(cliente_lector, **{"search[value]": "CTO-"})
    filas = {fila["numero_contrato"]: fila for fila in cuerpo["data"]}
    assert filas["CTO-TABLA"]["monto_mn"] == "7731402527.22"
    assert filas["CTO-TABLA"]["num_conceptos"] == 3
    assert filas["CTO-VACIO"]["num_conceptos"] == 0
    assert filas["CTO-TABLA"]["cliente"] == "PEMEX" and filas["CTO-TABLA"]["fecha_inicio"] == "10/01/2023"
    assert cuerpo["draw"] == 2


def test_table_filters_by_state_and_sorts_by_concept_count(cliente_lector):
    uno = f.ContratoFactory(numero_contrato="CTO-A")
    dos = f.ContratoFactory(numero_contrato="CTO-B")
    f.ConceptoMaestroFactory.create_batch(2, sub_anexo=f.SubAnexoFactory(anexo_maestro__contrato=dos))
    f.ContratoFactory(numero_contrato="CTO-C", activo=False)
    activos = [fila["numero_contrato"] for fila in tabla(cliente_lector, **{"search[value]": "CTO-"})["data"]]
    assert activos == ["CTO-A", "CTO-B"]
    inactivos = [fila["numero_contrato"] for fila in tabla(cliente_lector, estado="inactivos")["data"]]
    assert inactivos == ["CTO-C"]
    orden = {"order[0][column]": "6", "order[0][dir]": "desc", "columns[6][data]": "num_conceptos"}
    ordenados = [fila["id"] for fila in tabla(cliente_lector, **orden, **{"search[value]": "CTO-"})["data"]]
    assert ordenados == [dos.pk, uno.pk]


def test_table_query_count_is_pinned(client, lector, django_assert_num_queries):
    client.force_login(lector)
    for _ in range(3):
        f.ConceptoMaestroFactory(sub_anexo=f.SubAnexoFactory(anexo_maestro__contrato=f.ContratoFactory()))
    tabla(client)
    for _ in range(20):
        f.ContratoFactory()
    # session, user, the user's own and group permissions, total count, filtered count, page (with its counts)
    with django_assert_num_queries(7):
        tabla(client)


# --- contract writes ----------------------------------------------------------------------------------------------


def test_admin_creates_a_contract_with_its_anexo_c_and_it_is_logged(cliente_admin, admin):
    respuesta = cliente_admin.post(f"{BASE}contratos/crear/", datos_contrato())
    assert respuesta.status_code == 201, respuesta.content
    contrato = Contrato.objects.get(pk=respuesta.json()["id_nuevo"])
    assert contrato.numero_contrato == "PEMEX 640228999"
    assert contrato.monto_mn == Decimal("7731402527.22")
    assert contrato.porcentaje_amortizacion_anticipo == Decimal("10.50")
    anexo = AnexoContrato.objects.get(contrato=contrato)
    assert (anexo.clave, anexo.tipo) == ("C", TipoAnexo.FINANCIERO)
    log = RegistroActividad.objects.filter(afectacion=ENTIDAD_CONTRATO, registro_id=contrato.pk, evento=Evento.CREAR)
    assert log.get(campo="numero_contrato").valor_actual == "PEMEX 640228999"
    assert log.get(campo="monto_mn").valor_actual == "7731402527.22"
    assert set(log.values_list("usuario", flat=True)) == {admin.pk}


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"numero_contrato": "  "}, "numero_contrato"),
        ({"cliente": ""}, "cliente"),
        ({"cliente": "999999"}, "cliente"),
        ({"fecha_termino": "2020-01-01"}, "fecha_termino"),
        ({"fecha_inicio": "31/02/2026"}, "fecha_inicio"),
        ({"monto_mn": "-1"}, "monto_mn"),
        ({"monto_usd": "1.234"}, "monto_usd"),
        ({"porcentaje_retencion": "100.01"}, "porcentaje_retencion"),
        ({"porcentaje_amortizacion_anticipo": "NaN"}, "porcentaje_amortizacion_anticipo"),
    ],
)
def test_bad_contract_data_is_400_naming_the_field(cliente_admin, cambios, campo):
    antes = Contrato.objects.count()
    assert campo in errores(cliente_admin.post(f"{BASE}contratos/crear/", datos_contrato(**cambios)))
    assert Contrato.objects.count() == antes


def test_contract_number_is_unique_ignoring_case(cliente_admin):
    f.ContratoFactory(numero_contrato="PEMEX 640228999")
    cuerpo = errores(cliente_admin.post(f"{BASE}contratos/crear/", datos_contrato(numero_contrato="pemex 640228999")))
    assert cuerpo["numero_contrato"] == ["Ya existe un contrato con ese número."]


def test_admin_edits_a_contract_and_before_after_is_logged(cliente_admin):
    contrato = f.ContratoFactory(numero_contrato="PEMEX 640228999", porcentaje_retencion=Decimal("5"))
    respuesta = cliente_admin.post(f"{BASE}contratos/editar/{contrato.pk}/", datos_contrato(porcentaje_retencion="7.5"))
    assert respuesta.status_code == 200, respuesta.content
    contrato.refresh_from_db()
    assert contrato.porcentaje_retencion == Decimal("7.50")
    cambio = RegistroActividad.objects.get(
        afectacion=ENTIDAD_CONTRATO, registro_id=contrato.pk, evento=Evento.ACTUALIZAR, campo="porcentaje_retencion"
    )
    assert (cambio.valor_anterior, cambio.valor_actual) == ("5.00", "7.50")


def test_obtener_returns_iso_dates_and_the_client_id(cliente_lector):
    contrato = f.ContratoFactory()
    registro = cliente_lector.get(f"{BASE}contratos/obtener/{contrato.pk}/").json()["registro"]
    assert registro["fecha_inicio"] == "2023-01-10" and registro["cliente"] == contrato.cliente_id
    assert cliente_lector.get(f"{BASE}contratos/obtener/999999/").status_code == 404


def test_deactivate_and_reactivate_a_contract(cliente_admin):
    contrato = f.ContratoFactory()
    assert cliente_admin.post(f"{BASE}contratos/eliminar/", {"id": contrato.pk}).status_code == 200
    contrato.refresh_from_db()
    assert not contrato.activo
    assert errores(cliente_admin.post(f"{BASE}contratos/eliminar/", {"id": contrato.pk}))
    assert cliente_admin.post(f"{BASE}contratos/reactivar/", {"id": contrato.pk}).status_code == 200
    contrato.refresh_from_db()
    assert contrato.activo
    eventos = RegistroActividad.objects.filter(afectacion=ENTIDAD_CONTRATO, registro_id=contrato.pk)
    assert set(eventos.values_list("evento", flat=True)) == {Evento.ELIMINAR, Evento.REACTIVAR}
    assert cliente_admin.post(f"{BASE}contratos/eliminar/", {"id": "abc"}).status_code == 400
    assert cliente_admin.post(f"{BASE}contratos/eliminar/", {"id": 999999}).status_code == 404


# --- Anexo C and sub-anexos ---------------------------------------------------------------------------------------


def test_subanexo_list_counts_active_lines_and_sums_importes_exactly(cliente_lector, django_assert_num_queries):
    contrato = f.ContratoFactory()
    c2 = f.SubAnexoFactory(anexo_maestro__contrato=contrato, anexo_maestro__clave="C", clave_anexo="C-2")
    c4 = f.SubAnexoFactory(anexo_maestro=c2.anexo_maestro, clave_anexo="C-4")
    # 0.1 × 3 three times: a float sum would give 0.8999999…; Decimal gives exactly 0.90.
    for _ in range(3):
        f.ConceptoMaestroFactory(
            sub_anexo=c2, cantidad=Decimal("0.1"), precio_unitario_mn=Decimal("3"), precio_unitario_usd=Decimal("0")
        )
    f.ConceptoMaestroFactory(
        sub_anexo=c4, cantidad=Decimal("3653"), precio_unitario_mn=Decimal("0"), precio_unitario_usd=Decimal("90000")
    )
    f.ConceptoMaestroFactory(sub_anexo=c4, activo=False, cantidad=Decimal("1"), precio_unitario_mn=Decimal("99"))
    url = f"{BASE}contratos/{contrato.pk}/subanexos/"
    cliente_lector.get(url)
    # session, user, permissions ×2, contract, Anexo C, sub-anexos, their active lines
    with django_assert_num_queries(8):
        cuerpo = cliente_lector.get(url).json()
    assert cuerpo["exito"] is True and cuerpo["anexo"]["clave"] == "C"
    filas = {s["clave_anexo"]: s for s in cuerpo["subanexos"]}
    assert (filas["C-2"]["num_conceptos"], filas["C-2"]["importe_mn"], filas["C-2"]["importe_usd"]) == (
        3,
        "0.90",
        "0.00",
    )
    assert (filas["C-4"]["num_conceptos"], filas["C-4"]["importe_usd"]) == (1, "328770000.00")
    assert cuerpo["totales"] == {"num_conceptos": 4, "importe_mn": "0.90", "importe_usd": "328770000.00"}


def test_subanexo_list_of_a_missing_contract_is_404(cliente_lector):
    assert cliente_lector.get(f"{BASE}contratos/999999/subanexos/").status_code == 404


def test_admin_creates_a_subanexo_under_the_contracts_anexo_c(cliente_admin):
    contrato = f.ContratoFactory()
    respuesta = cliente_admin.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk, "clave_anexo": " c-7 "})
    assert respuesta.status_code == 201, respuesta.content
    sub_anexo = SubAnexo.objects.select_related("anexo_maestro").get(pk=respuesta.json()["id_nuevo"])
    assert sub_anexo.clave_anexo == "C-7"
    assert (sub_anexo.anexo_maestro.contrato_id, sub_anexo.anexo_maestro.clave) == (contrato.pk, "C")
    assert RegistroActividad.objects.filter(
        afectacion=ENTIDAD_SUBANEXO, registro_id=sub_anexo.pk, evento=Evento.CREAR, campo="clave_anexo"
    ).exists()
    repetido = errores(cliente_admin.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk, "clave_anexo": "C-7"}))
    assert "clave_anexo" in repetido
    assert "clave_anexo" in errores(cliente_admin.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk}))
    assert "contrato" in errores(cliente_admin.post(f"{BASE}subanexos/crear/", {"contrato": "x", "clave_anexo": "C-8"}))


def test_subanexo_of_an_inactive_contract_is_refused(cliente_admin):
    contrato = f.ContratoFactory(activo=False)
    respuesta = cliente_admin.post(f"{BASE}subanexos/crear/", {"contrato": contrato.pk, "clave_anexo": "C-8"})
    assert "contrato" in errores(respuesta)


def test_subanexo_edit_keeps_clave_unique_within_the_contract(cliente_admin):
    c2 = f.SubAnexoFactory(clave_anexo="C-2")
    c3 = f.SubAnexoFactory(anexo_maestro=c2.anexo_maestro, clave_anexo="C-3")
    assert "clave_anexo" in errores(cliente_admin.post(f"{BASE}subanexos/editar/{c3.pk}/", {"clave_anexo": "c-2"}))
    respuesta = cliente_admin.post(
        f"{BASE}subanexos/editar/{c3.pk}/", {"clave_anexo": "C-3", "descripcion": "Costa fuera"}
    )
    assert respuesta.status_code == 200
    c3.refresh_from_db()
    assert c3.descripcion == "Costa fuera"


def test_a_subanexo_with_active_concepts_cannot_be_deactivated(cliente_admin):
    sub_anexo = f.SubAnexoFactory(clave_anexo="C-5")
    concepto = f.ConceptoMaestroFactory(sub_anexo=sub_anexo)
    cuerpo = errores(cliente_admin.post(f"{BASE}subanexos/eliminar/", {"id": sub_anexo.pk}))
    assert "1 concepto(s) activo(s)" in cuerpo["__all__"][0]
    concepto.activo = False
    concepto.save()
    assert cliente_admin.post(f"{BASE}subanexos/eliminar/", {"id": sub_anexo.pk}).status_code == 200
    sub_anexo.refresh_from_db()
    assert not sub_anexo.activo
    assert cliente_admin.post(f"{BASE}subanexos/reactivar/", {"id": sub_anexo.pk}).status_code == 200


def test_subanexo_obtener(cliente_lector):
    sub_anexo = f.SubAnexoFactory(clave_anexo="C-6")
    registro = cliente_lector.get(f"{BASE}subanexos/obtener/{sub_anexo.pk}/").json()["registro"]
    assert registro["clave_anexo"] == "C-6" and registro["contrato"] == sub_anexo.anexo_maestro.contrato_id
    assert cliente_lector.get(f"{BASE}subanexos/obtener/999999/").status_code == 404
