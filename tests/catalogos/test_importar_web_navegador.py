"""In the browser: the real contract workbook is imported from the catalogue page with a progress bar and its
report; a bad workbook is refused and its error workbook downloads."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group, User

from core.importacion import COLUMNA_OBSERVACIONES
from operaciones.catalogos.models import ConceptoMaestro
from tests.conftest import CLAVE, GRUPO_ADMIN

from .test_importar_web import MUESTRA, libro_con_errores

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gestor(semillas):
    user = User.objects.create_user("gestor_nav", "gestor.nav@bluemarine.com.mx", CLAVE, is_staff=True)
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def test_a_manager_imports_the_contract_workbook_and_downloads_the_errors_of_a_bad_one(
    live_server, pagina, gestor, tmp_path
):
    pagina.goto(f"{live_server.url}/operaciones/catalogos/conceptos/")
    pagina.fill("input[name=usuario]", "gestor_nav")
    pagina.fill("input[name=password]", CLAVE)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.click("#enlace-importar-catalogo")
    pagina.wait_for_url(f"{live_server.url}/operaciones/catalogos/importar/")

    # The PUE catalogue takes no client; the Anexo C needs its contract.
    pagina.get_by_label("Catálogo de PUEs").check()
    assert not pagina.locator("#importar-cliente").is_visible()
    pagina.get_by_label("Anexo C del contrato").check()
    assert pagina.locator("#importar-cliente").is_visible()
    pagina.set_input_files("#importar-archivo", str(MUESTRA))
    pagina.click("#boton-importar-catalogo")
    assert "is-invalid" in pagina.locator("#importar-contrato").get_attribute("class")

    pagina.fill("#importar-contrato", "PEMEX-640-2023")
    pagina.click("#boton-importar-catalogo")
    informe = pagina.locator("#importar-informe")
    informe.wait_for(state="visible", timeout=60_000)
    assert pagina.locator("#importar-informe-estado").inner_text() == "Importado"
    assert pagina.locator("[data-conteo=creadas]").inner_text() == "1,464"
    assert pagina.locator("[data-conteo=advertencias]").inner_text() == "2"
    assert pagina.locator("#importar-barra").get_attribute("aria-valuenow") == "100"
    avisos = pagina.locator("#tabla-problemas-catalogo tbody tr")
    assert avisos.count() == 2
    textos = " ".join(avisos.all_inner_texts())
    assert "Anexo C-4-CR" in textos and "Anexo C-4-1" in textos and "TOTAL MXN" in textos
    assert pagina.locator("#ver-conceptos").is_visible()
    assert not pagina.locator("#descargar-errores-catalogo").is_visible()
    assert ConceptoMaestro.objects.count() == 1464

    malo = tmp_path / "catalogo_malo.xlsx"
    malo.write_bytes(libro_con_errores())
    pagina.set_input_files("#importar-archivo", str(malo))
    pagina.click("#boton-importar-catalogo")
    pagina.locator("#importar-informe-estado", has_text="Con errores").wait_for(timeout=30_000)
    assert pagina.locator("[data-conteo=errores]").inner_text() == "2"
    assert "PZA. RARA" in pagina.locator("#tabla-problemas-catalogo").inner_text()
    with pagina.expect_download() as descarga:
        pagina.click("#descargar-errores-catalogo")
    archivo = descarga.value
    assert archivo.suggested_filename == "errores_importar_anexo_c.xlsx"
    hoja = openpyxl.load_workbook(io.BytesIO(Path(archivo.path()).read_bytes())).active
    assert next(hoja.iter_rows(values_only=True))[0] == COLUMNA_OBSERVACIONES
    assert ConceptoMaestro.objects.count() == 1464
