"""In the browser: an administrator keeps a catalogue through its modal and finds the change in the log."""

import pytest
from django.contrib.auth.models import Group, User

from operaciones.catalogos.models import UnidadMedida
from tests.conftest import CLAVE, GRUPO_ADMIN

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_cat", "admin.cat@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def _entrar(pagina, live_server, destino):
    pagina.goto(f"{live_server.url}{destino}")
    pagina.fill("input[name=usuario]", "admin_cat")
    pagina.fill("input[name=password]", CLAVE)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_url(f"{live_server.url}{destino}")


def test_admin_creates_edits_and_deactivates_a_unit_from_the_modal(live_server, pagina, administrador):
    _entrar(pagina, live_server, "/operaciones/catalogos/unidad_medida/")
    tabla = pagina.locator("#tabla-catalogo")
    tabla.locator("tbody tr").first.wait_for()

    pagina.click("#boton-nuevo")
    modal = pagina.locator("#modal-catalogo")
    modal.wait_for(state="visible")
    modal.locator("[name=descripcion]").fill("<b>PIE</b> CUBICO")
    modal.locator("[name=clave]").fill("FT3")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    pagina.locator("#contenedor-avisos").get_by_text("Se creó").wait_for()
    unidad = UnidadMedida.objects.get(clave="FT3")

    pagina.get_by_label("Buscar").fill("cubico")
    fila = tabla.locator("tbody tr", has_text="FT3")
    fila.wait_for()
    assert fila.locator("b").count() == 0  # the name is shown as text, never as markup
    assert "<b>PIE</b> CUBICO" in fila.inner_text()

    fila.locator("button[data-accion=editar]").click()
    modal.wait_for(state="visible")
    assert modal.locator("[name=clave]").input_value() == "FT3"
    modal.locator("[name=clave]").fill("")
    modal.get_by_role("button", name="Guardar").click()
    modal.locator(".is-invalid[name=clave]").wait_for()  # the server's 400 marks the field
    modal.locator("[name=clave]").fill("PIE3")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    tabla.locator("tbody tr", has_text="PIE3").wait_for()

    pagina.once("dialog", lambda dialogo: dialogo.accept())
    tabla.locator("tbody tr", has_text="PIE3").locator("button[data-accion=eliminar]").click()
    pagina.locator("#contenedor-avisos").get_by_text("Se desactivó").wait_for()
    unidad.refresh_from_db()
    assert (unidad.clave, unidad.activo) == ("PIE3", False)

    pagina.goto(f"{live_server.url}/operaciones/registro_actividad/")
    pagina.locator("#tabla-actividad tbody tr", has_text="PIE3").first.wait_for()
    assert pagina.locator("#tabla-actividad tbody tr", has_text="Unidad de medida").count() >= 3
