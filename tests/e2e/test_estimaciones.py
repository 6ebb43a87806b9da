"""In the browser: an estimation is created from signed production, its totals are shown, it goes to review and is
approved, its PDF downloads, and the approved production can no longer be changed through the production sheet."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import Contrato
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.produccion.models import Produccion
from tests.conftest import CLAVE, GRUPO_CAPTURISTA, GRUPO_FACTURACION
from tests.e2e.comun import captura, entrar, enviar_json, ruta
from tests.estimaciones.datos import contrato_de, produccion_firmada
from tests.produccion.datos import familia_con_anexo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

USUARIO = "facturacion_e2e"
FOLIO_OT = "OT-E2E-EST-01"
MES, ANIO = 3, 2025


@pytest.fixture
def facturista(semillas):
    """Bills and also captures production, so the sheet's refusal is about the estimation, not a permission."""
    user = User.objects.create_user(USUARIO, "facturacion.e2e@bluemarine.com.mx", CLAVE, first_name="Fernanda")
    user.groups.add(Group.objects.get(name=GRUPO_FACTURACION), Group.objects.get(name=GRUPO_CAPTURISTA))
    return user


def _cambiar_estado(pagina, boton, estado_esperado):
    pagina.locator("#acciones-estimacion").get_by_role("button", name=boton).click()
    dialogo = pagina.locator("#modal-estado")
    expect(dialogo).to_be_visible()
    with pagina.expect_response(ruta("/cambiar-estado/")) as envio:
        dialogo.get_by_role("button", name=boton).click()
    assert envio.value.status == 200, envio.value.text()
    expect(pagina.locator("#estado-estimacion")).to_have_text(estado_esperado)


def test_create_review_approve_download_and_find_the_production_locked(live_server, pagina, facturista):
    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    fam = familia_con_anexo(2, mes=MES, anio=ANIO, precio_mn="10.50", precio_usd="1.25", orden_trabajo=FOLIO_OT)
    contrato = contrato_de(fam)
    Contrato.objects.filter(pk=contrato.pk).update(
        porcentaje_retencion=Decimal("5.00"), porcentaje_amortizacion_anticipo=Decimal("10.00")
    )
    produccion_firmada(fam, dias=3, volumen="1.5", mes=MES, anio=ANIO)
    uno = fam.partidas[0]

    # The list opens after the login; "Nueva estimación" offers the OT, which has production to bill.
    entrar(pagina, live_server, USUARIO, "/operaciones/estimaciones/", esperar="/estimaciones/datatable/")
    expect(pagina.get_by_role("heading", name="Estimaciones")).to_be_visible()
    pagina.get_by_role("button", name="Nueva estimación").click()
    dialogo = pagina.locator("#modal-nueva-estimacion")
    expect(dialogo).to_be_visible()
    with pagina.expect_response(lambda r: "/buscar-ots/" in r.url and "texto=E2E-EST" in r.url):
        dialogo.get_by_role("searchbox", name="OT").fill("E2E-EST")
    opcion = dialogo.locator("#est-ots").get_by_role("option", name=re.compile(FOLIO_OT))
    expect(opcion).to_contain_text("6 registros sin estimar")
    opcion.click()
    expect(dialogo.locator("#n-contrato")).to_have_value(str(contrato.pk))
    dialogo.get_by_label("Periodo desde").fill(f"{ANIO}-{MES:02d}-01")
    dialogo.get_by_label("Periodo hasta").fill(f"{ANIO}-{MES:02d}-31")
    dialogo.get_by_label("Tipo de cambio MXN/USD").fill("18.5000")
    captura(pagina, "estimaciones", "01_nueva")
    with pagina.expect_response(ruta("/estimaciones/crear/")) as envio:
        dialogo.get_by_role("button", name="Crear estimación").click()
    assert envio.value.status == 201, envio.value.text()
    estimacion = EstimacionHeader.objects.get()
    pagina.wait_for_url(f"{live_server.url}/operaciones/estimaciones/{estimacion.pk}/")

    # The detail page shows the database's totals: 6 lines of round(1.5 × 10.50) = 15.75 MXN and 1.88 USD.
    assert (estimacion.total_importe_mn, estimacion.total_importe_usd) == (Decimal("94.50"), Decimal("11.28"))
    expect(pagina.locator("#dato-folio")).to_have_text(estimacion.folio)
    expect(pagina.locator("#estado-estimacion")).to_have_text("Borrador")
    expect(pagina.locator("#total-subtotal-mn")).to_have_text("$94.50")
    expect(pagina.locator("#total-subtotal-usd")).to_have_text("$11.28")
    expect(pagina.locator("#total-retencion-mn")).to_have_text("$4.73")  # 5 % of 94.50, half up
    expect(pagina.locator("#total-amortizacion-usd")).to_have_text("$1.13")  # 10 % of 11.28
    expect(pagina.locator("#total-neto-mn")).to_have_text("$80.32")
    expect(pagina.locator("#total-neto-usd")).to_have_text("$9.59")
    expect(pagina.locator("#total-homologado-subtotal")).to_have_text("$303.18")  # 94.50 + 11.28 × 18.5
    expect(pagina.locator("#tabla-conceptos tbody tr")).to_have_count(2)
    pagina.get_by_role("tab", name="Líneas").click()
    expect(pagina.locator("#tabla-lineas tbody tr")).to_have_count(6)
    expect(pagina.locator("#tabla-lineas tbody tr").first).to_contain_text("$15.75")
    captura(pagina, "estimaciones", "02_detalle")

    # Review and approval, each through its confirmation dialog.
    _cambiar_estado(pagina, "Enviar a revisión", "En revisión")
    _cambiar_estado(pagina, "Aprobar", "Aprobada")
    estimacion.refresh_from_db()
    assert estimacion.estado == EstadoEstimacion.APROBADA and estimacion.aprobado_por == facturista
    estatus = set(
        Produccion.objects.filter(id_partida_anexo__in=fam.partidas).values_list("id_estatus_cobro_id", flat=True)
    )
    assert estatus == {EstatusId.COBRO_ESTIMADO}
    expect(pagina.locator("[data-cambiar-estado='APROBADA']")).to_have_count(0)
    captura(pagina, "estimaciones", "03_aprobada")

    # The PDF downloads from its button, and the document is a real, non-empty PDF.
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="PDF").click()
    assert descarga.value.suggested_filename.lower().endswith(".pdf")
    with open(descarga.value.path(), "rb") as archivo:
        assert archivo.read(5) == b"%PDF-"
    documento = pagina.request.get(live_server.url + pagina.locator("#boton-pdf").get_attribute("href"))
    assert documento.status == 200
    assert documento.headers["content-type"] == "application/pdf"
    assert len(documento.body()) > 1000

    # Changing approved production through the sheet's JSON endpoint is refused in Spanish, naming the estimation.
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
                {"id_partida_imp": uno.pk, "codigo": uno.id_partida, "valores": ["1.5", "9", "1.5"] + [None] * 28}
            ],
        },
    )
    assert 400 <= respuesta["estado"] < 500
    assert respuesta["json"]["exito"] is False
    mensajes = respuesta["json"]["errores"]["partidas[0].valores[1]"]
    assert any(estimacion.folio in m and "no se puede modificar" in m for m in mensajes), mensajes
    assert Produccion.objects.get(id_partida_anexo=uno, fecha_produccion=date(ANIO, MES, 2)).volumen_produccion == (
        Decimal("1.5")
    )

    # The reconciliation of the family follows both concepts from authorised to approved; MXN on demand.
    pagina.get_by_role("link", name="Conciliación").click()
    filas = pagina.locator("#tabla-conciliacion tbody tr")
    expect(filas).to_have_count(3)
    # autorizado, producido, GPU firmado, estimado, aprobado, facturado, pagado (volumes)
    expect(filas.nth(0).locator("td[data-grupo=vol]")).to_have_text(["100", "4.5", "4.5", "4.5", "4.5", "0", "0"])
    expect(filas.nth(2)).to_contain_text("TOTAL")
    pagina.get_by_text("Importe MXN").click()
    expect(filas.nth(2).locator("td[data-grupo=mn]").nth(4)).to_have_text("$94.50")
    expect(filas.nth(2).locator("td[data-grupo=vol]").first).to_be_hidden()
    captura(pagina, "estimaciones", "04_conciliacion")

    # Back in the list, the estimation is there with its state and amounts.
    with pagina.expect_response(ruta("/estimaciones/datatable/")):
        pagina.get_by_role("link", name="Estimaciones", exact=True).first.click()
    fila = pagina.locator("#tabla-estimaciones tbody tr").filter(has_text=estimacion.folio)
    expect(fila).to_contain_text("Aprobada")
    expect(fila).to_contain_text("$80.32")
    captura(pagina, "estimaciones", "05_lista")
    assert errores_js == []
