"""The OT page: summary cards above the list, filters, modals and what each role is offered."""

import json
import re

import pytest

from core import selectors
from operaciones.catalogos.constantes import TipoId
from tests.core import datos_tablero as d
from tests.test_modulos import _tarjetas, sembrar_operacion

pytestmark = pytest.mark.django_db

URL = "/operaciones/ot/"


def _configuracion(respuesta) -> dict:
    html = respuesta.content.decode()
    bloque = re.search(r'<script id="configuracion-ot" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(bloque.group(1))


def test_ot_landing_separates_initial_orders_and_reprogrammings(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=2)
    tarjetas = _tarjetas(cliente_admin.get(URL))
    # each round: one initial with production + one initial holding an inactive schedule; one reprogramming
    assert tarjetas["OTs iniciales vigentes"] == 4
    assert tarjetas["Reprogramaciones vigentes"] == 2
    assert tarjetas["En ejecución"] == 4
    assert tarjetas["Por definir"] == 0


def test_ot_summary_names_reprogrammings_by_number(cliente_admin):
    inicial = d.crear_ot(orden_trabajo="OT-FAMILIA-1")
    d.crear_ot(tipo=TipoId.OT_REPROGRAMACION, principal=inicial, num_reprogramacion=2, orden_trabajo="OT-FAMILIA-1")
    filas = cliente_admin.get(URL).context["resumen"].filas
    assert [fila[1] for fila in filas] == ["Reprogramación 2", "Inicial"]


def test_list_page_has_filters_table_modals_and_its_script(cliente_admin):
    respuesta = cliente_admin.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert '<h1 class="h3 mb-0">Órdenes de trabajo</h1>' in html
    for nombre in ("tipo", "sitio", "responsable_proyecto", "id_cliente", "anio", "estatus", "filtro"):
        assert f'name="{nombre}"' in html, nombre
    for id_html in ("tabla-ots", "modal-editar-ot", "modal-crear-ot", "modal-estatus-ot", "boton-nueva-ot"):
        assert f'id="{id_html}"' in html, id_html
    assert 'name="check_fase_patio"' in html and "js/ot.js" in html
    config = _configuracion(respuesta)
    assert config["urls"]["datatable"] == "/operaciones/ot/datatable/"
    assert config["urls"]["crear_ot"] == "/operaciones/ot/crear-ot-reprogramacion/"
    assert config["puede"] == {"crear": True, "editar": True, "eliminar": True, "editar_pasos": True}


def test_reader_sees_the_list_without_write_actions(cliente_lector):
    respuesta = cliente_lector.get(URL)
    assert respuesta.status_code == 200
    assert 'id="boton-nueva-ot"' not in respuesta.content.decode()
    assert _configuracion(respuesta)["puede"] == {
        "crear": False,
        "editar": False,
        "eliminar": False,
        "editar_pasos": False,
    }


def test_capturer_reads_orders_but_cannot_change_them(cliente_capturista):
    assert _configuracion(cliente_capturista.get(URL))["puede"]["editar"] is False


def test_outsider_gets_403(cliente_externo):
    assert cliente_externo.get(URL).status_code == 403
