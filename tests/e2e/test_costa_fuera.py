"""In the browser: a coordinator opens a vessel's day, logs the whole day against an OT, sees the totals, is refused
an overlap in Spanish, moves the report to pre-cierre and closes it, finds it read-only, and gets its PDF (RDO)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion
from tests.conftest import CLAVE, GRUPO_COORDINADOR
from tests.costa_fuera.datos import embarcacion, ot_en_embarcacion
from tests.e2e.comun import captura, entrar, ruta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

USUARIO = "coordinador_e2e_cf"


@pytest.fixture
def coordinador_e2e(semillas):
    user = User.objects.create_user(USUARIO, "coordinador.cf@bluemarine.com.mx", CLAVE, first_name="Carla")
    user.groups.add(Group.objects.get(name=GRUPO_COORDINADOR))
    return user


def _fila(pagina, indice):
    return pagina.locator("#bitacora-filas tr").nth(indice)


def _llenar(pagina, indice, fin, actividad, categoria, ot=None):
    fila = _fila(pagina, indice)
    fila.locator("[name=hora_fin]").fill(fin)
    fila.locator("[name=actividad]").fill(actividad)
    fila.locator("[name=estatus_operativo]").select_option(categoria)
    if ot is not None:
        fila.locator("[name=ot]").select_option(str(ot.pk))


def _guardar(pagina, estado_http):
    with pagina.expect_response(ruta("/bitacora/")) as envio:
        pagina.get_by_role("button", name="Guardar bitácora").click()
    assert envio.value.status == estado_http, envio.value.text()


def _paso(pagina, boton, estado):
    with pagina.expect_response(ruta("/estado/")) as envio:
        pagina.get_by_role("button", name=boton).click()
    assert envio.value.status == 200, envio.value.text()
    expect(pagina.locator("#estado-reporte")).to_have_text(estado)


def test_log_a_vessel_day_close_it_and_print_the_rdo(live_server, pagina, coordinador_e2e):
    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    hoy = timezone.localdate()
    barco = embarcacion("ARRECIFE E2E")
    ot = ot_en_embarcacion(barco, hoy, orden_trabajo="OT-E2E-CF-01")

    # The list opens after the login; "Nuevo reporte" opens the vessel's day.
    entrar(pagina, live_server, USUARIO, "/costa-fuera/reportes/", esperar="/reportes/datatable/")
    pagina.get_by_role("button", name="Nuevo reporte").click()
    dialogo = pagina.locator("#modal-nuevo-reporte")
    expect(dialogo).to_be_visible()
    dialogo.get_by_label("Embarcación").select_option(str(barco.pk))
    dialogo.get_by_label("Fecha").fill(hoy.isoformat())
    with pagina.expect_response(ruta("/reportes/nuevo/")) as envio:
        dialogo.get_by_role("button", name="Crear reporte").click()
    assert envio.value.status == 201, envio.value.text()
    reporte = ReporteDiarioEmbarcacion.objects.get()
    pagina.wait_for_url(f"{live_server.url}/costa-fuera/reportes/{reporte.pk}/")
    expect(pagina.locator("#estado-reporte")).to_have_text("Borrador")

    # Three activities cover 00:00–24:00; each new row starts where the previous one ended.
    agregar = pagina.get_by_role("button", name="Agregar actividad")
    agregar.click()
    _llenar(pagina, 0, "08:00", "Inspección ROV del ducto", "OPERANDO", ot)
    agregar.click()
    expect(_fila(pagina, 1).locator("[name=hora_inicio]")).to_have_value("08:00")
    _llenar(pagina, 1, "12:00", "Espera por mal tiempo", "ESPERA_CLIMA")
    _fila(pagina, 1).locator("[name=ot]").select_option("")
    agregar.click()
    _llenar(pagina, 2, "24:00", "Reparación con abrazadera", "OPERANDO", ot)
    _guardar(pagina, 200)
    expect(pagina.locator("#total-horas")).to_have_text("24.00")
    expect(pagina.locator("#totales-ot")).to_contain_text("OT-E2E-CF-01")
    expect(pagina.locator("#totales-ot tr").first).to_contain_text("20.00")
    expect(pagina.locator("#totales-categoria")).to_contain_text("Espera por clima")
    assert reporte.bitacora.count() == 3
    captura(pagina, "costa_fuera", "01_bitacora")

    # An overlap is refused in Spanish and marked on its row; the saved log does not change.
    _fila(pagina, 2).locator("[name=hora_inicio]").fill("11:00")
    _guardar(pagina, 400)
    mensaje = "La actividad 3 (11:00–24:00) se traslapa con la actividad 2 (08:00–12:00)."
    expect(pagina.locator("#contenedor-avisos")).to_contain_text(mensaje)
    expect(_fila(pagina, 2).locator("[name=hora_inicio]")).to_have_class(re.compile("is-invalid"))
    assert reporte.bitacora.filter(hora_inicio="11:00").count() == 0
    pagina.reload()

    # Pre-cierre, then close: the page becomes read-only.
    _paso(pagina, "Enviar a pre-cierre", "Pre-cierre")
    _paso(pagina, "Cerrar reporte", "Cerrado")
    reporte.refresh_from_db()
    assert reporte.estado == EstadoReporte.CERRADO and reporte.cerrado_por == coordinador_e2e
    expect(pagina.locator("#aviso-solo-lectura")).to_contain_text("cerrado")
    expect(pagina.get_by_role("button", name="Guardar bitácora")).to_have_count(0)
    expect(pagina.locator("#bitacora-filas")).to_contain_text("Reparación con abrazadera")
    expect(pagina.locator("#bitacora-filas input")).to_have_count(0)
    captura(pagina, "costa_fuera", "02_cerrado")

    # The RDO PDF: the button links to its route, and the route answers a PDF with the page's session.
    url_pdf = reverse("costa_fuera:rdo_pdf", args=[reporte.pk])
    enlace = pagina.get_by_role("link", name="PDF (RDO)")
    assert enlace.get_attribute("href") == url_pdf
    respuesta = pagina.request.get(f"{live_server.url}{url_pdf}")
    assert respuesta.status == 200, respuesta.status
    assert respuesta.headers["content-type"].startswith("application/pdf")
    assert not errores_js, errores_js
