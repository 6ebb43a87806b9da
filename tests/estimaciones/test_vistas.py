"""The estimation list page, its data, the OT picker and "Nueva estimación" (issue 6 item 1, user side)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from tests.conftest import GRUPO_FACTURACION
from tests.estimaciones.datos import contrato_de, estimacion_lista, produccion_firmada
from tests.factories import ContratoFactory
from tests.produccion.datos import familia_con_anexo

pytestmark = pytest.mark.django_db

URL = "/operaciones/estimaciones/"
DATOS = URL + "datatable/"
BUSCAR = URL + "buscar-ots/"
CREAR = URL + "crear/"


@pytest.fixture
def facturacion(db):
    user = User.objects.create_user("facturacion", "facturacion@bluemarine.com.mx", "x", first_name="Fernanda")
    user.groups.add(Group.objects.get(name=GRUPO_FACTURACION))
    return user


@pytest.fixture
def cliente_facturacion(client, facturacion):
    client.force_login(facturacion)
    return client


def _datos(cliente, **params):
    respuesta = cliente.get(DATOS, {"draw": 2, "start": 0, "length": 50, **params})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def _cuerpo(fam, **extra):
    cuerpo = {
        "id_ot": fam.ot.pk,
        "fecha_desde": "2025-03-01",
        "fecha_hasta": "2025-03-31",
        "tipo_cambio": "18.2500",
    }
    cuerpo.update(extra)
    return cuerpo


# --- List page --------------------------------------------------------------------------------------------------


def test_list_page_shows_a_card_per_state_the_filters_and_the_new_button(cliente_facturacion):
    estimacion_lista(estado=EstadoEstimacion.APROBADA)
    respuesta = cliente_facturacion.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    tarjetas = {t["etiqueta"]: t["valor"] for t in respuesta.context["resumen"].tarjetas}
    assert tarjetas["Aprobada"] == 1 and tarjetas["Borrador"] == 0
    assert 'id="tabla-estimaciones"' in html and 'id="filtros-estimaciones"' in html
    assert 'id="boton-nueva-estimacion"' in html and 'id="modal-nueva-estimacion"' in html
    assert "configuracion-estimaciones" in html


def test_read_only_user_sees_the_list_without_the_new_button(cliente_lector):
    html = cliente_lector.get(URL).content.decode()
    assert 'id="tabla-estimaciones"' in html
    assert "boton-nueva-estimacion" not in html and "modal-nueva-estimacion" not in html


def test_list_page_refuses_users_without_the_view_permission(client, cliente_capturista):
    assert cliente_capturista.get(URL).status_code == 403
    client.logout()
    respuesta = client.get(URL)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_list_page_query_count_does_not_grow_with_the_data(cliente_admin):
    estimacion_lista()
    cliente_admin.get(URL)  # settles the session's activity stamp
    with CaptureQueriesContext(connection) as pocas:
        cliente_admin.get(URL)
    for _ in range(3):
        ContratoFactory()
        estimacion_lista(estado=EstadoEstimacion.EN_REVISION)
    with CaptureQueriesContext(connection) as muchas:
        assert cliente_admin.get(URL).status_code == 200
    # session, user, the state cards and the contracts of the filter
    assert len(pocas) == len(muchas) == 4, [q["sql"] for q in muchas.captured_queries]


# --- List data --------------------------------------------------------------------------------------------------


def test_row_carries_folio_ot_contract_state_and_amounts_as_strings(cliente_lector):
    fam, est = estimacion_lista(conceptos=1, dias=2, volumen="1", precio_mn="100.00", precio_usd="10.00")
    cuerpo = _datos(cliente_lector)
    assert (cuerpo["draw"], cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (2, 1, 1)
    fila = cuerpo["data"][0]
    assert fila["folio"] == est.folio and fila["folio"].startswith("EST-")
    assert fila["ot"] == fam.ot.orden_trabajo
    assert fila["contrato"] == contrato_de(fam).numero_contrato
    assert fila["periodo"] == "01/03/2025 – 02/03/2025"
    assert (fila["estado"], fila["estado_texto"]) == ("BORRADOR", "Borrador")
    # 2 × 1 × 100.00 = 200.00 MXN; 5 % retention and 10 % amortisation → 170.00 net
    assert (fila["subtotal_mn"], fila["subtotal_usd"]) == ("200.00", "20.00")
    assert (fila["neto_mn"], fila["neto_usd"]) == ("170.00", "17.00")
    assert fila["url"] == f"{URL}{est.pk}/"


def test_filters_narrow_by_state_ot_text_contract_and_period(cliente_lector):
    fam_a, a = estimacion_lista(estado=EstadoEstimacion.APROBADA)
    fam_b, b = estimacion_lista(mes=5)

    def folios(**params):
        return sorted(f["folio"] for f in _datos(cliente_lector, **params)["data"])

    assert folios() == sorted([a.folio, b.folio])
    assert folios(estado="APROBADA") == [a.folio]
    assert folios(ot=fam_b.ot.orden_trabajo) == [b.folio]
    assert folios(contrato=contrato_de(fam_a).pk) == [a.folio]
    assert folios(desde="2025-04-15") == [b.folio]
    assert folios(hasta="2025-03-31") == [a.folio]
    assert folios(desde="2025-03-02", hasta="2025-05-01") == sorted([a.folio, b.folio])


def test_bad_filters_answer_400_with_errors(cliente_lector):
    respuesta = cliente_lector.get(
        DATOS, {"draw": 1, "estado": "INVENTADO", "desde": "2025-05-01", "hasta": "2025-04-01"}
    )
    assert respuesta.status_code == 400
    assert {"estado", "hasta"} <= set(respuesta.json()["errores"])


def test_list_data_query_count_does_not_grow_with_the_rows(cliente_lector, django_assert_num_queries):
    estimacion_lista()
    cliente_lector.get(DATOS, {"draw": 1})
    for _ in range(4):
        estimacion_lista()
    # session, user, the user's permissions (2), total count, filtered count, the page
    with django_assert_num_queries(7):
        assert len(_datos(cliente_lector)["data"]) == 5


def test_list_data_refuses_outsiders(cliente_externo):
    respuesta = cliente_externo.get(DATOS, {"draw": 1}, headers={"x-requested-with": "XMLHttpRequest"})
    assert respuesta.status_code == 403 and respuesta.json()["exito"] is False


# --- OT picker --------------------------------------------------------------------------------------------------


def test_picker_lists_families_with_production_to_estimate_and_their_contract(cliente_lector):
    pendiente = familia_con_anexo(2, orden_trabajo="OT-PENDIENTE-01")
    produccion_firmada(pendiente, dias=2)
    familia_con_anexo(1, orden_trabajo="OT-SIN-PRODUCCION")
    ya_estimada, _ = estimacion_lista()
    respuesta = cliente_lector.get(BUSCAR, {"texto": ""})
    assert respuesta.status_code == 200
    ots = {o["orden_trabajo"]: o for o in respuesta.json()["ots"]}
    assert set(ots) == {"OT-PENDIENTE-01"}
    contrato = contrato_de(pendiente)
    assert ots["OT-PENDIENTE-01"]["contratos"] == [{"id": contrato.pk, "numero_contrato": contrato.numero_contrato}]
    assert ots["OT-PENDIENTE-01"]["por_estimar"] == 4
    todas = {o["orden_trabajo"] for o in cliente_lector.get(BUSCAR, {"todas": "on"}).json()["ots"]}
    assert {"OT-PENDIENTE-01", "OT-SIN-PRODUCCION", ya_estimada.ot.orden_trabajo} <= todas
    solo = cliente_lector.get(BUSCAR, {"texto": "sin-prod", "todas": "on"}).json()["ots"]
    assert [o["orden_trabajo"] for o in solo] == ["OT-SIN-PRODUCCION"]


def test_picker_query_count_does_not_grow_with_the_families(cliente_lector, django_assert_num_queries):
    for _ in range(3):
        produccion_firmada(familia_con_anexo(2), dias=2)
    cliente_lector.get(BUSCAR)
    # session, user, permissions (2), the families, their contracts
    with django_assert_num_queries(6):
        assert len(cliente_lector.get(BUSCAR).json()["ots"]) == 3


def test_picker_refuses_a_search_text_too_long(cliente_lector):
    respuesta = cliente_lector.get(BUSCAR, {"texto": "x" * 101})
    assert respuesta.status_code == 400 and "texto" in respuesta.json()["errores"]


# --- Create -----------------------------------------------------------------------------------------------------


def test_creating_an_estimation_answers_its_id_and_page_and_stores_its_lines(cliente_facturacion, facturacion):
    fam = familia_con_anexo(2, precio_mn="10.50", precio_usd="1.25")
    produccion_firmada(fam, dias=3, volumen="1.5")
    respuesta = cliente_facturacion.post(CREAR, _cuerpo(fam, comentario="Primera del mes"))
    assert respuesta.status_code == 201, respuesta.content
    cuerpo = respuesta.json()
    estimacion = EstimacionHeader.objects.get(pk=cuerpo["id_nuevo"])
    assert cuerpo["exito"] is True and estimacion.folio in cuerpo["detalles"]
    assert cuerpo["url"] == f"{URL}{estimacion.pk}/"
    assert estimacion.detalles.count() == 6 and estimacion.creado_por == facturacion
    assert estimacion.tipo_cambio == Decimal("18.2500") and estimacion.comentario == "Primera del mes"
    # 6 × round(1.5 × 10.50, 2) = 6 × 15.75
    assert estimacion.total_importe_mn == Decimal("94.50") and estimacion.total_importe_usd == Decimal("11.28")


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        ({"tipo_cambio": ""}, "tipo_cambio"),
        ({"tipo_cambio": "0"}, "tipo_cambio"),
        ({"tipo_cambio": "abc"}, "tipo_cambio"),
        ({"tipo_cambio": "18.12345"}, "tipo_cambio"),
        ({"fecha_hasta": "2025-02-01"}, "fecha_hasta"),
        ({"fecha_desde": "31/02/2025"}, "fecha_desde"),
        ({"id_ot": "999999"}, "id_ot"),
        ({"id_ot": "abc"}, "id_ot"),
        ({"contrato": "999999"}, "contrato"),
    ],
)
def test_invalid_input_answers_400_naming_the_field_and_creates_nothing(cliente_facturacion, cambio, campo):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    respuesta = cliente_facturacion.post(CREAR, _cuerpo(fam, **cambio))
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and campo in cuerpo["errores"]
    assert not EstimacionHeader.objects.exists()


def test_a_period_without_production_to_estimate_is_refused_in_spanish(cliente_facturacion):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=2, firmar=False)  # C-2 / C-3 need a signed GPU
    respuesta = cliente_facturacion.post(CREAR, _cuerpo(fam))
    assert respuesta.status_code == 400
    assert "No hay producción por estimar" in respuesta.json()["detalles"]
    assert not EstimacionHeader.objects.exists()


def test_a_second_estimation_of_the_same_period_finds_nothing_left(cliente_facturacion):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=2)
    assert cliente_facturacion.post(CREAR, _cuerpo(fam)).status_code == 201
    respuesta = cliente_facturacion.post(CREAR, _cuerpo(fam))
    assert respuesta.status_code == 400 and "fecha_desde" in respuesta.json()["errores"]
    assert EstimacionHeader.objects.count() == 1


def test_only_users_who_may_add_estimations_create_them(client, cliente_lector):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    respuesta = cliente_lector.post(CREAR, _cuerpo(fam))
    assert respuesta.status_code == 403 and respuesta.json()["exito"] is False
    assert cliente_lector.get(CREAR).status_code == 403
    client.logout()
    assert client.post(CREAR, _cuerpo(fam)).status_code == 401
    assert not EstimacionHeader.objects.exists()


def test_the_estimation_date_given_is_recorded(cliente_facturacion):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    respuesta = cliente_facturacion.post(CREAR, _cuerpo(fam, fecha_estimacion="2025-04-02"))
    assert respuesta.status_code == 201
    assert EstimacionHeader.objects.get().fecha_estimacion == date(2025, 4, 2)


def test_the_ot_page_links_to_its_familys_estimations_and_the_list_prefills_the_filter(cliente_admin):
    fam = familia_con_anexo(1, orden_trabajo="OT-ENLACE-7")
    html = cliente_admin.get(f"/operaciones/ot/{fam.ot.pk}/").content.decode()
    assert 'id="pestana-estimaciones"' in html
    assert f'href="{URL}?ot=OT-ENLACE-7"' in html
    assert f'href="{URL}conciliacion/?id_ot={fam.ot.pk}"' in html
    lista = cliente_admin.get(URL, {"ot": "OT-ENLACE-7"}).content.decode()
    assert 'id="filtro-ot" name="ot" maxlength="100" class="form-control form-control-sm" value="OT-ENLACE-7"' in lista


def test_the_ot_page_hides_the_estimations_tab_from_users_who_cannot_see_them(cliente_capturista):
    fam = familia_con_anexo(1)
    html = cliente_capturista.get(f"/operaciones/ot/{fam.ot.pk}/").content.decode()
    assert "pestana-estimaciones" not in html
