"""In the browser: an OT's annex is uploaded from its "Anexo C" tab, its lines and totals show up, a bad annex is
rejected with a downloadable error workbook, and an earlier version can still be looked at."""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from core.importacion import COLUMNA_OBSERVACIONES
from core.models import EstadoTrabajo, TrabajoSegundoPlano
from operaciones.ot.models import ImportacionAnexo, PartidaAnexoImportada
from tests import factories as f
from tests.conftest import CLAVE, GRUPO_COORDINADOR
from tests.e2e.comun import captura, entrar, ruta
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOLIO = "OT-GRZ-801-26-E2E"
USUARIO = "coordinador_anexo"
DIA = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinador_anexo(semillas):
    user = User.objects.create_user(USUARIO, "coordinador.anexo@bluemarine.com.mx", CLAVE, first_name="Carla")
    user.groups.add(Group.objects.get(name=GRUPO_COORDINADOR))
    return user


def _subir(pagina, archivo, *, tipo_cambio=""):
    """Open the upload dialog, send the workbook and wait for the report; returns the dialog."""
    pagina.locator("#boton-cargar-anexo").click()
    modal = pagina.locator("#modal-anexo")
    expect(modal).to_be_visible()
    expect(modal.locator("#anexo-informe")).to_be_hidden()
    modal.locator("[name=archivo]").set_input_files(str(archivo))
    modal.locator("[name=tipo_cambio]").fill(tipo_cambio)
    with pagina.expect_response(ruta("/anexo/importar/")) as envio:
        modal.get_by_role("button", name="Importar").click()
    assert envio.value.status == 202, envio.value.text()
    expect(modal.locator("#anexo-informe")).to_be_visible()
    barra = modal.get_by_role("progressbar", name="Avance de la importación")
    expect(barra).to_have_attribute("aria-valuenow", "100")
    return modal


def _cerrar(modal):
    modal.get_by_role("button", name="Cerrar").first.click()
    expect(modal).to_be_hidden()


def test_upload_an_annex_see_it_then_reject_a_bad_one(live_server, pagina, coordinador_anexo, tmp_path):
    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    cat = catalogo_prueba()
    ot = f.OTEFactory(orden_trabajo=FOLIO)
    bueno = libro_anexo(
        tmp_path / "anexo_bueno.xlsx",
        [
            linea_de(cat.tuberia, volumen=Decimal("12.5"), dias={DIA: Decimal("5")}),
            linea_de(cat.buceo, volumen=Decimal("3")),
        ],
        fechas=[DIA],
    )
    malo = libro_anexo(
        tmp_path / "anexo_malo.xlsx",
        [linea_de(cat.tuberia, volumen=Decimal("1")), linea_de(cat.buceo, unidad="TON")],
    )
    segundo = libro_anexo(tmp_path / "anexo_segundo.xlsx", [linea_de(cat.tuberia, volumen=Decimal("40"))])

    # From the OT list, the folio opens the OT's page; its "Anexo C" tab is empty.
    entrar(pagina, live_server, USUARIO, "/operaciones/ot/", esperar="/operaciones/ot/datatable/")
    with pagina.expect_navigation():
        pagina.locator("#tabla-ots").get_by_role("link", name=FOLIO).click()
    assert urlparse(pagina.url).path == f"/operaciones/ot/{ot.pk}/"
    expect(pagina.get_by_role("heading", level=1)).to_contain_text(FOLIO)
    with pagina.expect_response(ruta("/anexo/versiones/")):
        pagina.get_by_role("tab", name="Anexo C").click()
    expect(pagina.locator("#versiones-anexo")).to_contain_text("todavía no tiene un anexo C")

    # A good annex: progress bar to 100 %, report, then versions, lines and totals reload.
    modal = _subir(pagina, bueno)
    expect(modal.locator("#anexo-informe-estado")).to_have_text("Importado")
    expect(modal.locator("#anexo-informe-resumen")).to_contain_text("creadas=2")
    expect(modal.locator("#descargar-errores-anexo")).to_be_hidden()
    captura(pagina, "anexo", "01_informe_bueno")
    _cerrar(modal)
    version = ImportacionAnexo.objects.get(ot=ot, es_activo=True)
    assert PartidaAnexoImportada.objects.filter(importacion_anexo=version).count() == 2

    versiones = pagina.locator("#versiones-anexo tr[data-version]")
    expect(versiones).to_have_count(1)
    expect(versiones.first).to_contain_text("anexo_bueno.xlsx")
    expect(versiones.first).to_contain_text("Activa")
    lineas = pagina.locator("#tabla-partidas-anexo tbody tr")
    expect(lineas).to_have_count(2)
    expect(lineas.first).to_contain_text("2.1.")
    expect(lineas.first).to_contain_text(cat.tuberia.descripcion)
    expect(lineas.first).to_contain_text("18,756.31")  # 12.5 × 1500.5050
    expect(lineas.nth(1)).to_contain_text("3,703.70")  # 3 × 1234.5678 USD
    expect(pagina.locator("#total-mn")).to_contain_text("18,756.31")
    expect(pagina.locator("#total-usd")).to_contain_text("3,703.70")
    expect(pagina.locator("#total-homologado")).to_contain_text("Indique el tipo de cambio")

    # The homologado comes from the server at the exchange rate typed.
    pagina.locator("#totales-tipo-cambio").fill("18.25")
    with pagina.expect_response(ruta("/anexo/totales/")) as totales:
        pagina.get_by_role("button", name="Calcular homologado").click()
    assert totales.value.json()["totales"]["homologado"] == "86348.84"
    expect(pagina.locator("#total-homologado")).to_contain_text("86,348.84")
    pagina.locator("#totales-tipo-cambio").fill("0")
    with pagina.expect_response(ruta("/anexo/totales/")) as rechazo:
        pagina.get_by_role("button", name="Calcular homologado").click()
    assert rechazo.value.status == 400
    expect(pagina.locator("#totales-tipo-cambio")).to_have_class(re.compile(r"\bis-invalid\b"))
    pagina.locator("#totales-tipo-cambio").fill("")
    captura(pagina, "anexo", "02_lineas_y_totales")

    # Lines filter by sub-anexo.
    with pagina.expect_response(ruta("/anexo/datatable/")):
        pagina.locator("#filtro-anexo").select_option("C-3")
    expect(lineas).to_have_count(1)
    expect(lineas.first).to_contain_text("3.1.")
    with pagina.expect_response(ruta("/anexo/datatable/")):
        pagina.locator("#filtro-anexo").select_option("")

    # A bad annex: nothing written, the errors listed with their row, and the error workbook to download.
    modal = _subir(pagina, malo)
    expect(modal.locator("#anexo-informe-estado")).to_contain_text("Con errores")
    problemas = modal.locator("#tabla-problemas-anexo tbody tr")
    expect(problemas.first).to_be_visible()
    expect(problemas.first).to_contain_text("Error")
    enlace = modal.get_by_role("link", name="Descargar libro de errores")
    expect(enlace).to_be_visible()
    captura(pagina, "anexo", "03_informe_malo")
    with pagina.expect_download() as descarga:
        enlace.click()
    assert descarga.value.suggested_filename == f"errores_anexo_{FOLIO}.xlsx"
    contenido = Path(descarga.value.path()).read_bytes()  # Playwright keeps it under a name without extension
    hoja = openpyxl.load_workbook(io.BytesIO(contenido), read_only=True).active
    assert next(hoja.iter_rows(min_row=1, max_row=1, values_only=True))[0] == COLUMNA_OBSERVACIONES
    trabajo = TrabajoSegundoPlano.objects.filter(usuario=coordinador_anexo).order_by("-pk").first()
    assert trabajo.estado == EstadoTrabajo.ERROR and trabajo.archivo
    assert ImportacionAnexo.objects.filter(ot=ot).count() == 1
    _cerrar(modal)

    # A second good annex becomes the active version; the first one can still be looked at.
    modal = _subir(pagina, segundo)
    expect(modal.locator("#anexo-informe-estado")).to_have_text("Importado")
    _cerrar(modal)
    expect(versiones).to_have_count(2)
    expect(versiones.first).to_contain_text("anexo_segundo.xlsx")
    expect(lineas).to_have_count(1)
    expect(lineas.first).to_contain_text("60,020.20")  # 40 × 1500.5050
    expect(pagina.locator("#total-mn")).to_contain_text("60,020.20")
    anterior = versiones.filter(has_text="anexo_bueno.xlsx")
    with pagina.expect_response(ruta("/anexo/datatable/")):
        anterior.get_by_role("button", name="Ver partidas").click()
    expect(lineas).to_have_count(2)
    expect(pagina.locator("#total-mn")).to_contain_text("18,756.31")
    expect(anterior).to_have_class(re.compile(r"\btable-active\b"))
    captura(pagina, "anexo", "04_version_anterior")
    assert ImportacionAnexo.objects.filter(ot=ot).count() == 2
    assert errores_js == []
