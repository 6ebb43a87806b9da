"""In the browser: the concept catalogue shows exact amounts, a PUE is converted from its modal, and the contract
page sums its sub-anexos."""

import pytest
from django.contrib.auth.models import Group, User

from operaciones.catalogos.models import ConceptoMaestro, EstatusPUE
from tests.conftest import CLAVE, GRUPO_ADMIN

from .test_conceptos_lista import armar_catalogo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_cpt", "admin.cpt@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def _entrar(pagina, live_server, destino):
    pagina.goto(f"{live_server.url}{destino}")
    pagina.fill("input[name=usuario]", "admin_cpt")
    pagina.fill("input[name=password]", CLAVE)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_url(f"{live_server.url}{destino}")


def test_admin_reads_exact_amounts_and_converts_a_pue(live_server, pagina, administrador):
    catalogo = armar_catalogo()
    _entrar(pagina, live_server, "/operaciones/catalogos/conceptos/")
    ordinarios = pagina.locator("#tabla-ordinarios")
    fila_tubo = ordinarios.locator("tbody tr", has_text="TUBO DE ACERO")
    fila_tubo.wait_for()
    texto = fila_tubo.inner_text()
    assert "$1,500.50" in texto and "$18,756.25" in texto and "12.5" in texto
    assert "$0.30" in ordinarios.locator("tbody tr", has_text="CODO").inner_text()

    pagina.click("#pestana-pues")
    pues = pagina.locator("#tabla-pues")
    fila_pue = pues.locator("tbody tr", has_text="C3EXT-0977")
    fila_pue.wait_for()
    assert "$2,500.1234" in fila_pue.inner_text() and "EN ELABORACION" in fila_pue.inner_text()

    fila_pue.locator("button[data-accion=convertir]").click()
    modal = pagina.locator("#modal-convertir")
    modal.wait_for(state="visible")
    modal.locator("[name=sub_anexo_clave]").fill("c-7")
    modal.locator("[name=partida]").fill("1C-010.")
    modal.get_by_role("button", name="Convertir").click()
    modal.wait_for(state="hidden")
    pagina.locator("#contenedor-avisos").get_by_text("convertida a C-7 1C-010.").wait_for()

    pagina.select_option("#filtro-convertida", "si")
    pues.locator("tbody tr", has_text="convertida a C-7 1C-010.").wait_for()
    assert pagina.locator("#filtro-estado").input_value() == "todos"
    pue = ConceptoMaestro.objects.get(pk=catalogo.pue_elaboracion.pk)
    assert (pue.activo, pue.estatus) == (False, EstatusPUE.AUTORIZADO)

    pagina.goto(f"{live_server.url}/operaciones/catalogos/contratos/")
    fila_contrato = pagina.locator("#tabla-contratos tbody tr", has_text="CTO-CONCEPTOS")
    fila_contrato.wait_for()
    fila_contrato.locator("button[data-accion=subanexos]").click()
    panel = pagina.locator("#panel-anexo")
    panel.locator("tbody tr", has_text="C-7").wait_for()
    c2 = panel.locator("tbody tr", has_text="C-2").inner_text()
    assert "$18,756.55" in c2  # 18,756.25 + 0.30, summed as decimals
    assert "$2,500.12" in panel.locator("tbody tr", has_text="C-7").inner_text()


def test_admin_creates_a_pue_authorises_it_and_edits_an_ordinary_line(live_server, pagina, administrador):
    catalogo = armar_catalogo()
    _entrar(pagina, live_server, "/operaciones/catalogos/conceptos/?vista=pues")
    pues = pagina.locator("#tabla-pues")
    pues.locator("tbody tr", has_text="C2EXT-0001").wait_for()

    pagina.click("#boton-nueva-pue")
    modal = pagina.locator("#modal-pue")
    modal.wait_for(state="visible")
    modal.locator("[name=partida_extraordinaria]").fill("c3ext-0977")
    modal.locator("[name=descripcion]").fill("<i>ALQUILER</i> DE GRUA")
    modal.locator("[name=unidad_medida]").select_option(str(catalogo.pieza.pk))
    modal.locator("[name=precio_unitario_mn]").fill("100.25")
    modal.get_by_role("button", name="Guardar").click()
    modal.locator(".is-invalid[name=partida_extraordinaria]").wait_for()  # the code is taken: 400 marks it
    modal.locator("[name=partida_extraordinaria]").fill("C3EXT-1500")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    fila = pues.locator("tbody tr", has_text="C3EXT-1500")
    fila.wait_for()
    assert fila.locator("i", has_text="ALQUILER").count() == 0  # text, never markup
    assert "EN ELABORACION" in fila.inner_text()

    fila.locator("button[data-accion=estatus]").click()
    estatus = pagina.locator("#modal-estatus")
    estatus.wait_for(state="visible")
    estatus.locator("[name=estatus]").select_option("AUTORIZADO")
    estatus.locator("[name=fecha_autorizacion]").fill("2025-02-28")
    estatus.get_by_role("button", name="Cambiar").click()
    estatus.wait_for(state="hidden")
    pues.locator("tbody tr", has_text="C3EXT-1500").filter(has_text="AUTORIZADO").wait_for()
    assert "28/02/2025" in pues.locator("tbody tr", has_text="C3EXT-1500").inner_text()

    pagina.click("#pestana-ordinarios")
    fila_codo = pagina.locator("#tabla-ordinarios tbody tr", has_text="CODO DE 90")
    fila_codo.wait_for()
    fila_codo.locator("button[data-accion=editar]").click()
    ordinario = pagina.locator("#modal-ordinario")
    ordinario.wait_for(state="visible")
    assert ordinario.locator("[name=partida_ordinaria]").input_value() == "2.10."
    ordinario.locator("[name=precio_unitario_mn]").fill("0.35")
    ordinario.get_by_role("button", name="Guardar").click()
    ordinario.wait_for(state="hidden")
    pagina.locator("#tabla-ordinarios tbody tr", has_text="CODO DE 90").filter(has_text="$1.05").wait_for()


def test_admin_creates_a_contract_and_a_sub_anexo(live_server, pagina, administrador):
    _entrar(pagina, live_server, "/operaciones/catalogos/contratos/")
    pagina.click("#boton-nuevo-contrato")
    modal = pagina.locator("#modal-contrato")
    modal.wait_for(state="visible")
    modal.locator("[name=numero_contrato]").fill("PEMEX 640228777")
    modal.locator("[name=cliente]").select_option(label="PEMEX")
    modal.locator("[name=fecha_inicio]").fill("2024-01-01")
    modal.locator("[name=fecha_termino]").fill("2023-01-01")
    modal.get_by_role("button", name="Guardar").click()
    modal.locator(".is-invalid[name=fecha_termino]").wait_for()
    modal.locator("[name=fecha_termino]").fill("2030-12-31")
    modal.locator("[name=monto_mn]").fill("1234567.89")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    fila = pagina.locator("#tabla-contratos tbody tr", has_text="PEMEX 640228777")
    fila.wait_for()
    assert "$1,234,567.89" in fila.inner_text()

    fila.locator("button[data-accion=subanexos]").click()
    panel = pagina.locator("#panel-anexo")
    panel.get_by_text("El contrato aún no tiene sub-anexos.").wait_for()
    pagina.click("#boton-nuevo-subanexo")
    sub = pagina.locator("#modal-subanexo")
    sub.wait_for(state="visible")
    sub.locator("[name=clave_anexo]").fill("c-4-1")
    sub.get_by_role("button", name="Guardar").click()
    sub.wait_for(state="hidden")
    panel.locator("tbody tr", has_text="C-4-1").wait_for()
