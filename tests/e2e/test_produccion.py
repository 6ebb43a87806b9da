"""In the browser: a month of production is captured for an OT and saved in one request, it is there after a reload,
a day signed in "Reportes diarios" locks that day of the sheet, and a direct attempt to change it is refused."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from operaciones.catalogos.constantes import EstatusId
from operaciones.produccion.models import Produccion, ReporteDiario, TipoTiempo
from tests.conftest import CLAVE, GRUPO_CAPTURISTA
from tests.e2e.comun import captura, entrar, enviar_json, ruta
from tests.produccion.datos import familia_con_anexo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

USUARIO = "capturista_produccion"
MES, ANIO = 3, 2025


@pytest.fixture
def capturista_e2e(semillas):
    user = User.objects.create_user(USUARIO, "capturista.produccion@bluemarine.com.mx", CLAVE, first_name="Cecilia")
    user.groups.add(Group.objects.get(name=GRUPO_CAPTURISTA))
    return user


def _celda(pagina, codigo, dia):
    return pagina.get_by_label(f"{codigo} día {dia}", exact=True)


def _volumenes(partida) -> dict[int, Decimal]:
    filas = Produccion.objects.filter(id_partida_anexo=partida, tipo_tiempo=TipoTiempo.TE)
    return {p.fecha_produccion.day: p.volumen_produccion for p in filas}


def test_capture_a_month_sign_a_day_and_see_it_locked(live_server, pagina, capturista_e2e):
    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    fam = familia_con_anexo(3, mes=MES, anio=ANIO, volumen="5", programado="2", orden_trabajo="OT-E2E-PROD-01")
    uno, dos, tres = fam.partidas
    assert (uno.id_partida, dos.id_partida, tres.id_partida) == ("2.1.", "3.1.", "2.2.")

    # The screen opens on the month asked for; the OT's site is offered and its OT listed in "Reportes diarios".
    entrar(
        pagina,
        live_server,
        USUARIO,
        f"/operaciones/produccion/?mes={MES}&anio={ANIO}&id_sitio={fam.sitio.pk}",
        esperar="/ots_por_sitio_grid/",
    )
    expect(pagina.locator("#prod-sitio")).to_have_value(str(fam.sitio.pk))
    expect(pagina.locator("#prod-mes")).to_have_value(str(MES))
    fila_ot = pagina.locator(f'#tabla-reportes tr[data-ot="{fam.ot.pk}"]')
    expect(fila_ot).to_be_visible()
    expect(fila_ot.locator("select.rd-estatus")).to_have_count(31)
    expect(pagina.get_by_role("tab", name="Producción")).to_be_disabled()

    # Choosing the OT opens its sheet: concepts by anexo then code, programmed volume under each cell.
    with pagina.expect_response(ruta("/obtener_partidas_produccion/")):
        fila_ot.get_by_role("button", name="OT-E2E-PROD-01", exact=True).click()
    expect(pagina.get_by_role("tab", name="Producción")).to_have_attribute("aria-selected", "true")
    filas = pagina.locator("#tabla-hoja tbody tr[data-f]")
    expect(filas).to_have_count(3)
    expect(filas.nth(0)).to_contain_text("2.1.")
    expect(filas.nth(1)).to_contain_text("2.2.")
    expect(filas.nth(2)).to_contain_text("3.1.")
    expect(pagina.locator("#tabla-hoja tr.hoja-subtotal")).to_have_count(2)
    expect(_celda(pagina, "2.1.", 1).locator("xpath=following-sibling::span")).to_have_text("2")
    expect(pagina.locator("#hoja-guardar")).to_be_disabled()

    # Typing, arrow keys and Enter move between cells; a row pasted from Excel fills consecutive days.
    _celda(pagina, "2.1.", 2).fill("1.5")
    pagina.keyboard.press("ArrowRight")
    pagina.keyboard.type("2")
    pagina.keyboard.press("ArrowRight")
    pagina.keyboard.type("0.25")
    pagina.keyboard.press("Enter")  # down to 2.2. day 4
    pagina.keyboard.type("7")
    _celda(pagina, "3.1.", 2).focus()
    pagina.evaluate(
        """() => {
            const celda = document.activeElement;
            const datos = new DataTransfer();
            datos.setData("text/plain", "1\\t2\\t3\\t4\\t5\\r\\n");
            celda.dispatchEvent(new ClipboardEvent("paste", {clipboardData: datos, bubbles: true, cancelable: true}));
        }"""
    )
    expect(_celda(pagina, "3.1.", 6)).to_have_value("5")
    expect(pagina.locator("#tabla-hoja td.hoja-sucia")).to_have_count(9)
    pagina.locator("#hoja-tipo-cambio").fill("20")
    captura(pagina, "produccion", "01_captura")

    with pagina.expect_response(ruta("/guardar_produccion_masiva/")) as envio:
        pagina.get_by_role("button", name="Guardar producción").click()
    assert envio.value.status == 200, envio.value.text()
    assert envio.value.json()["creados"] == 9
    assert envio.value.request.post_data_json["partidas"][0]["valores"][1] == "1.5"
    expect(pagina.locator("#contenedor-avisos")).to_contain_text("Se guardaron 9 cambios")
    assert _volumenes(uno) == {2: Decimal("1.5"), 3: Decimal("2"), 4: Decimal("0.25")}
    assert _volumenes(dos) == {d: Decimal(d - 1) for d in range(2, 7)}

    # After a reload the OT is still chosen and the values are there; 3.1. passes its 5 authorised on day 4.
    with pagina.expect_response(ruta("/obtener_partidas_produccion/")):
        pagina.reload()
    expect(_celda(pagina, "2.1.", 2)).to_have_value("1.5")
    expect(_celda(pagina, "2.1.", 4)).to_have_value("0.25")
    expect(_celda(pagina, "2.2.", 4)).to_have_value("7")
    expect(_celda(pagina, "3.1.", 6)).to_have_value("5")
    excedentes = pagina.locator("#tabla-hoja tr[data-f] td.hoja-excedente input")
    expect(excedentes).to_have_count(4)  # 2.2. day 4 (7 > 5) and 3.1. days 4–6 (1+2+3 > 5)
    # At 10.50 MXN / 1.25 USD a unit, rounded per row: 3.75 → 39.38 + 4.69, 7 → 73.50 + 8.75, 15 → 157.50 + 18.75.
    expect(pagina.locator("#kpi-ejec-mn")).to_have_text("$270.38")
    expect(pagina.locator("#kpi-ejec-usd")).to_have_text("US$32.19")
    # The homologado is computed in the page from those strings: 270.38 + 32.19 × 20.
    expect(pagina.locator("#hoja-tipo-cambio")).to_have_value("20")  # remembered from before the reload
    expect(pagina.locator("#kpi-homologado")).to_have_text("$914.18")
    pagina.locator("#hoja-tipo-cambio").fill("18.4567")
    expect(pagina.locator("#kpi-homologado")).to_have_text("$864.50")  # 270.38 + 594.121173, half up
    captura(pagina, "produccion", "02_recargada")

    # Signing day 3 in "Reportes diarios".
    pagina.get_by_role("tab", name="Reportes diarios").click()
    fila_ot.locator('select.rd-estatus[data-dia="3"]').select_option("FIRMADO")
    expect(fila_ot.locator("td.rd-sucio")).to_have_count(1)
    with pagina.expect_response(ruta("/guardar_reportes_diarios_masiva/")) as firma:
        pagina.get_by_role("button", name="Guardar reportes").click()
    assert firma.value.status == 200, firma.value.text()
    expect(pagina.locator("#contenedor-avisos")).to_contain_text("Se guardaron 1 cambios")
    reporte = ReporteDiario.objects.get(id_reporte_mensual__id_ot=fam.ot, fecha=date(ANIO, MES, 3))
    assert reporte.id_estatus_id == EstatusId.FIRMADO
    expect(fila_ot.locator('select.rd-estatus[data-dia="3"]')).to_have_value("FIRMADO")

    # Back in "Producción" day 3 is locked, with its reason.
    with pagina.expect_response(ruta("/obtener_partidas_produccion/")):
        pagina.get_by_role("tab", name="Producción").click()
    cerrada = _celda(pagina, "2.1.", 3)
    expect(cerrada).to_have_value("2")
    expect(cerrada).to_have_attribute("readonly", "")
    expect(pagina.locator("#tabla-hoja th[data-dia='3']")).to_have_attribute("title", re.compile("firmado", re.I))
    expect(pagina.locator("#tabla-hoja td.hoja-bloqueada")).to_have_count(3)
    expect(_celda(pagina, "2.1.", 4)).not_to_have_attribute("readonly", "")
    captura(pagina, "produccion", "03_dia_firmado")

    # A direct JSON POST changing the signed day is refused in Spanish, naming the concept and the day.
    respuesta = enviar_json(
        pagina,
        "/operaciones/produccion/guardar_produccion_masiva/",
        {
            "id_ot": fam.ot.pk,
            "mes": MES,
            "anio": ANIO,
            "tipo_tiempo": "TE",
            "id_sitio": fam.sitio.pk,
            "partidas": [
                {
                    "id_partida_imp": uno.pk,
                    "codigo": uno.id_partida,
                    "valores": [None, "1.5", "9", "0.25"] + [None] * 27,
                }
            ],
        },
    )
    assert respuesta["estado"] == 400
    assert respuesta["json"]["exito"] is False
    mensaje = respuesta["json"]["errores"]["partidas[0].valores[2]"][0]
    assert "2.1." in mensaje and "3" in mensaje
    assert re.search(r"firmad|bloquead", mensaje, re.I), mensaje
    assert _volumenes(uno)[3] == Decimal("2")
    assert errores_js == []
