"""In the browser: the fleet page lists the vessels, a position typed by hand is refused when out of range (the
field is marked) and, once valid, is stored and shown in the vessel's row; the RDO PDF downloads from the row."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from costa_fuera.models import PosicionEmbarcacion
from tests.conftest import CLAVE, GRUPO_CAPTURISTA
from tests.costa_fuera import datos
from tests.e2e.comun import entrar, ruta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

USUARIO = "flota_e2e"


@pytest.fixture
def capturista_flota(semillas):
    user = User.objects.create_user(USUARIO, "flota.e2e@bluemarine.com.mx", CLAVE, first_name="Flor")
    user.groups.add(Group.objects.get(name=GRUPO_CAPTURISTA))
    return user


def test_fleet_page_records_a_position_and_downloads_the_rdo(live_server, pagina, capturista_flota):
    barco = datos.embarcacion("DSV E2E FLOTA", capacidad_pob=40)
    reporte = datos.reporte(barco, date(2025, 3, 10), representante=capturista_flota)
    entrar(pagina, live_server, USUARIO, "/costa-fuera/")
    fila = pagina.locator(f"#tabla-flota tr[data-embarcacion='{barco.pk}']")
    expect(fila).to_contain_text("10/03/2025")
    expect(fila).to_contain_text("Sin posición")

    formulario = pagina.locator("#form-posicion")
    formulario.locator("select[name=embarcacion]").select_option(str(barco.pk))
    # Out of range: the browser's own check is skipped (novalidate) so the server's Spanish message shows.
    formulario.locator("input[name=latitud]").fill("95")
    formulario.locator("input[name=longitud]").fill("-92.25")
    with pagina.expect_response(ruta("/posiciones/registrar/")) as envio:
        formulario.get_by_role("button", name="Registrar posición").click()
    assert envio.value.status == 400
    expect(formulario.locator("input[name=latitud].is-invalid")).to_be_visible()
    expect(formulario).to_contain_text("entre −90 y 90")
    assert not PosicionEmbarcacion.objects.exists()

    formulario.locator("input[name=latitud]").fill("19.5")
    formulario.locator("input[name=velocidad_nudos]").fill("6.5")
    with pagina.expect_response(ruta("/posiciones/registrar/")) as envio:
        formulario.get_by_role("button", name="Registrar posición").click()
    assert envio.value.status == 201
    expect(fila).to_contain_text("19.500000° N, 92.250000° O")
    expect(fila).to_contain_text("6.50 nudos")
    posicion = PosicionEmbarcacion.objects.get()
    assert (posicion.latitud, posicion.longitud) == (Decimal("19.5"), Decimal("-92.25"))

    enlace = fila.get_by_role("link", name="PDF")
    documento = pagina.request.get(live_server.url + enlace.get_attribute("href"))
    assert documento.status == 200 and documento.body().startswith(b"%PDF")
    assert f"/reportes/{reporte.pk}/rdo.pdf" in enlace.get_attribute("href")
