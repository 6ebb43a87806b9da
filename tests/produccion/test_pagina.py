"""The screen "Producción y reportes diarios": who may open it, what each role can change, and the configuration the
page hands to its scripts (endpoints, today in Mexico City, an OT to preselect)."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusRegistro
from tests import factories as f
from tests.conftest import CLAVE, GRUPO_COORDINADOR

pytestmark = pytest.mark.django_db

URL = "/operaciones/produccion/"
BOTONES_CAPTURA = ('id="hoja-guardar"', 'id="rd-guardar"', 'id="gpu-guardar"', 'id="hoja-importar"')


def _configuracion(respuesta) -> dict:
    html = respuesta.content.decode()
    bloque = re.search(r'<script id="configuracion-produccion" type="application/json">(.*?)</script>', html, re.S)
    assert bloque, "la página no trae su configuración"
    return json.loads(bloque.group(1))


def _atributos(respuesta) -> dict:
    html = respuesta.content.decode()
    raiz = re.search(r'<div id="produccion"([^>]*)>', html, re.S).group(1)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', raiz))


def test_anonymous_user_is_sent_to_login(client):
    respuesta = client.get(URL)
    assert respuesta.status_code == 302
    assert respuesta.url.startswith("/accounts/login/")


def test_user_without_production_permission_gets_403(cliente_externo):
    assert cliente_externo.get(URL).status_code == 403


def test_post_is_not_allowed(cliente_admin):
    assert cliente_admin.post(URL).status_code == 405


def test_reader_sees_the_screen_read_only(cliente_lector):
    respuesta = cliente_lector.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="tabla-reportes"' in html and 'id="tabla-hoja"' in html and 'id="tabla-gpu"' in html
    for boton in (*BOTONES_CAPTURA, 'id="hoja-agregar"', 'id="hoja-recalcular"', 'id="rd-boton-guardias"'):
        assert boton not in html, boton
    assert 'id="hoja-exportar"' in html  # reading includes the Excel download
    atributos = _atributos(respuesta)
    assert atributos["puede-capturar"] == "0"
    assert atributos["puede-reportes"] == "0"
    assert atributos["puede-gpu"] == "0"
    assert atributos["puede-autorizar"] == "0"
    permisos = _configuracion(respuesta)["permisos"]
    assert not any(permisos.values()), permisos


def test_capturer_gets_capture_buttons_but_not_the_ot_or_excess_actions(cliente_capturista):
    respuesta = cliente_capturista.get(URL)
    html = respuesta.content.decode()
    for boton in (*BOTONES_CAPTURA, 'id="hoja-recalcular"'):
        assert boton in html, boton
    # Adding a line changes the OT's annex; authorising excess unblocks billing: both need ot.change_ote.
    assert 'id="hoja-agregar"' not in html
    assert 'id="gpu-autorizar"' not in html
    assert 'id="rd-boton-guardias"' not in html
    atributos = _atributos(respuesta)
    assert (atributos["puede-capturar"], atributos["puede-reportes"], atributos["puede-gpu"]) == ("1", "1", "1")
    assert atributos["puede-autorizar"] == "0"
    permisos = _configuracion(respuesta)["permisos"]
    assert permisos["capturar"] and permisos["reportes"] and permisos["archivo"] and permisos["gpu"]
    assert not permisos["vincular"] and not permisos["autorizar"] and not permisos["guardias"]


def test_admin_gets_every_action(cliente_admin):
    respuesta = cliente_admin.get(URL)
    html = respuesta.content.decode()
    for boton in (*BOTONES_CAPTURA, 'id="hoja-agregar"', 'id="gpu-autorizar"', 'id="rd-boton-guardias"'):
        assert boton in html, boton
    assert all(_configuracion(respuesta)["permisos"].values())


def test_coordinator_reads_production_without_capturing_it(client):
    usuario = User.objects.create_user("coordinador_pagina", password=CLAVE)
    usuario.groups.add(Group.objects.get(name=GRUPO_COORDINADOR))
    client.force_login(usuario)
    respuesta = client.get(URL)
    assert respuesta.status_code == 200
    assert 'id="hoja-guardar"' not in respuesta.content.decode()
    assert _atributos(respuesta)["puede-capturar"] == "0"


def test_configuration_names_every_endpoint_and_defaults_to_this_month_in_mexico(cliente_admin):
    config = _configuracion(cliente_admin.get(URL))
    hoy = hoy_mexico()
    assert config["hoy"] == hoy.isoformat()
    assert (config["mes"], config["anio"]) == (hoy.month, hoy.year)
    assert config["ot"] is None
    urls = config["urls"]
    assert urls["hoja"] == "/operaciones/produccion/obtener_partidas_produccion/"
    assert urls["guardar_hoja"] == "/operaciones/produccion/guardar_produccion_masiva/"
    assert urls["reportes"] == "/operaciones/produccion/ots_por_sitio_grid/"
    assert urls["guardar_reportes"] == "/operaciones/produccion/guardar_reportes_diarios_masiva/"
    assert urls["sitios"] == "/operaciones/produccion/obtener_sitios_con_ots_ejecutadas/"
    assert urls["gpus"] == "/operaciones/produccion/obtener_grid_gpus/"
    assert urls["ver_evidencia_gpu"] == "/operaciones/produccion/evidencia_gpu/0/"
    assert urls["conceptos_buscar"] == reverse("catalogos:conceptos_buscar")
    vacias = [clave for clave, url in urls.items() if not url]
    assert vacias == [], f"endpoints sin ruta: {vacias}"


def test_month_in_the_address_is_used_and_a_bad_one_ignored(cliente_admin):
    config = _configuracion(cliente_admin.get(URL, {"mes": "3", "anio": "2025"}))
    assert (config["mes"], config["anio"]) == (3, 2025)
    hoy = hoy_mexico()
    config = _configuracion(cliente_admin.get(URL, {"mes": "13", "anio": "abc", "id_ot": "x"}))
    assert (config["mes"], config["anio"], config["ot"]) == (hoy.month, hoy.year, None)


def test_an_ot_in_the_address_is_preselected_with_its_sites(cliente_admin):
    ot = f.OTEFactory(orden_trabajo="OT-PAGINA-001")
    respuesta = cliente_admin.get(URL, {"id_ot": ot.pk})
    assert respuesta.status_code == 200
    assert _configuracion(respuesta)["ot"] == {
        "id": ot.pk,
        "folio": "OT-PAGINA-001",
        "sitios": [ot.id_embarcacion_id, ot.id_plataforma_id],
    }
    assert _atributos(respuesta)["ot"] == str(ot.pk)


def test_a_reprogramming_opens_its_initial_ot(cliente_admin):
    repro = f.ReprogramacionFactory()
    config = _configuracion(cliente_admin.get(URL, {"id_ot": repro.pk}))
    assert config["ot"]["id"] == repro.ot_principal_id


@pytest.mark.parametrize("ot_id", ["999999", "0", "-4", "99999999999999999999", "1e3"])
def test_an_unknown_ot_is_not_preselected(cliente_admin, ot_id):
    respuesta = cliente_admin.get(URL, {"id_ot": ot_id})
    assert respuesta.status_code == 200
    assert _configuracion(respuesta)["ot"] is None


def test_a_deleted_ot_is_not_preselected(cliente_admin):
    ot = f.OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    assert _configuracion(cliente_admin.get(URL, {"id_ot": ot.pk}))["ot"] is None


def test_page_queries_do_not_depend_on_the_data(cliente_lector, django_assert_num_queries):
    ot = f.OTEFactory()
    cliente_lector.get(URL)  # settles the session's activity stamp
    # session, user, the user's permissions (2), the month's summary (2) and the preselected OT (1)
    with django_assert_num_queries(7):
        cliente_lector.get(URL, {"id_ot": ot.pk})
    for _ in range(3):
        f.OTEFactory()
    with django_assert_num_queries(7):
        cliente_lector.get(URL, {"id_ot": ot.pk})


def test_the_page_loads_its_scripts_and_styles(cliente_admin):
    html = cliente_admin.get(URL).content.decode()
    for recurso in (
        "css/produccion.css",
        "js/produccion.js",
        "js/produccion_reportes.js",
        "js/produccion_hoja.js",
        "js/produccion_hoja_acciones.js",
        "js/produccion_gpu.js",
    ):
        assert recurso in html, recurso
    assert "cdn" not in html.lower()


def test_the_months_are_offered_in_spanish_with_the_current_one_selected(cliente_admin):
    html = cliente_admin.get(URL).content.decode()
    hoy = hoy_mexico()
    assert re.search(rf'<option value="{hoy.month}" selected>', html)
    assert "Enero" in html and "Diciembre" in html


def test_ot_detail_page_links_to_its_production(cliente_admin):
    ot = f.OTEFactory()
    html = cliente_admin.get(f"/operaciones/ot/{ot.pk}/").content.decode()
    assert f'href="/operaciones/produccion/?id_ot={ot.pk}"' in html


def test_ot_detail_of_a_reprogramming_links_to_the_family_production(cliente_admin):
    repro = f.ReprogramacionFactory()
    html = cliente_admin.get(f"/operaciones/ot/{repro.pk}/").content.decode()
    assert f'href="/operaciones/produccion/?id_ot={repro.ot_principal_id}"' in html


def test_ot_detail_hides_the_production_link_without_permission(client):
    usuario = User.objects.create_user("solo_ot", password=CLAVE)
    usuario.user_permissions.add(Permission.objects.get(content_type__app_label="ot", codename="view_ote"))
    client.force_login(usuario)
    ot = f.OTEFactory(fecha_inicio_programado=hoy_mexico() - timedelta(days=3))
    html = client.get(f"/operaciones/ot/{ot.pk}/").content.decode()
    assert 'id="ir-produccion-ot"' not in html
