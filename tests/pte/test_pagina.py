"""The PTE list page: summary cards above the table, filter options from the data, and who sees what."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import selectors
from operaciones.pte.models import EstatusPTE
from tests.core import datos_tablero as d
from tests.factories import PTEHeaderFactory
from tests.pte.utiles import cliente_de
from tests.test_modulos import _tarjetas, sembrar_operacion

pytestmark = pytest.mark.django_db

URL = "/operaciones/pte/"


def test_pte_page_counts_live_ptes_in_its_cards(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=6)
    respuesta = cliente_admin.get(URL)
    tarjetas = _tarjetas(respuesta)
    assert tarjetas["PTEs vigentes"] == 12
    assert tarjetas["Pendientes"] == 6
    assert tarjetas["En proceso"] == 6
    d.crear_pte(EstatusPTE.ENTREGADA, oficio_pte="PTE-ULTIMA-2026")
    assert _tarjetas(cliente_admin.get(URL))["Entregadas"] == 1


def test_page_has_title_menu_table_and_modal(cliente_admin):
    html = cliente_admin.get(URL).content.decode()
    assert '<h1 class="h3 mb-0">PTE</h1>' in html
    assert re.search(r'class="nav-link active"[^>]*data-modulo="pte"', html)
    assert 'id="tabla-pte"' in html and 'data-url="/operaciones/pte/datatable/"' in html
    assert 'id="form-pte"' in html and 'name="plazo_dias"' in html and "js/pte.js" in html
    assert 'id="boton-nueva-pte"' in html


def test_year_filter_offers_the_years_present_in_live_folios(cliente_admin):
    PTEHeaderFactory(oficio_pte="BME-1-2019")
    PTEHeaderFactory(oficio_pte="BME-2-2027")
    PTEHeaderFactory(oficio_pte="SIN FOLIO")
    PTEHeaderFactory(oficio_pte="BME-3-2011", estatus=EstatusPTE.ELIMINADA)
    respuesta = cliente_admin.get(URL)
    assert respuesta.context["anios"] == [2027, 2019]
    assert '<option value="2019">2019</option>' in respuesta.content.decode()


def test_type_choices_hide_the_placeholder_tipo_pte(cliente_admin):
    form = cliente_admin.get(URL).context["form"]
    descripciones = {t.descripcion for t in form.fields["id_tipo"].queryset}
    assert "PTE" not in descripciones and "LICITACION" in descripciones


def test_reader_sees_the_list_without_write_buttons(lector):
    respuesta = cliente_de(lector).get(URL)
    assert respuesta.status_code == 200
    assert 'id="boton-nueva-pte"' not in respuesta.content.decode()
    assert respuesta.context["configuracion"]["puede"] == {
        "crear": False,
        "editar": False,
        "eliminar": False,
        "pasos": False,
        "crear_ot": False,
    }


def test_outsider_gets_403_and_anonymous_goes_to_login(client, externo):
    assert cliente_de(externo).get(URL).status_code == 403
    respuesta = client.get(URL)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_page_queries_do_not_grow_with_the_data(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico())
    cliente_admin.get(URL)
    with CaptureQueriesContext(connection) as pocas:
        cliente_admin.get(URL)
    sembrar_operacion(admin, selectors.hoy_mexico(), n=6, cerrado=False)
    with CaptureQueriesContext(connection) as muchas:
        assert cliente_admin.get(URL).status_code == 200
    assert len(pocas) == len(muchas)
