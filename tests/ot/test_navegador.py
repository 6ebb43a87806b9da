"""In the browser: the OT list loads, a row expands into its steps, a step is completed, an OT is edited."""

import pytest
from django.contrib.auth.models import Group, User

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId
from operaciones.ot.models import OTE
from tests import factories as f
from tests.conftest import CLAVE, GRUPO_ADMIN
from tests.e2e.comun import entrar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_ot", "admin.ot@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def test_expand_an_ot_complete_a_step_and_edit_its_yard(live_server, pagina, administrador):
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    ot = f.OTEFactory(con_pasos=True, orden_trabajo="OT-<b>E2E</b>", estatus=EstatusRegistro.POR_DEFINIR)
    f.ReprogramacionFactory(ot_principal=ot)
    patio = f.SitioFactory(id_frente=f.frente(FrenteId.PATIO), descripcion="PATIO E2E")
    entrar(pagina, live_server, "admin_ot", "/operaciones/ot/")
    fila = pagina.locator("#tabla-ots tbody tr.ot-por-definir")
    fila.get_by_text("OT-<b>E2E</b>").wait_for()  # escaped text, highlighted as "por definir"

    fila.locator("[data-accion=expandir]").click()
    paso = ot.detalles.order_by("id").first()
    selector = pagina.locator(f'select[data-paso="{paso.pk}"]')
    selector.wait_for()
    with pagina.expect_response(lambda r: "cambiar_estatus_paso" in r.url):
        selector.select_option(str(EstatusId.COMPLETADO.value))
    pagina.locator("#contenedor-avisos").get_by_text("quedó en COMPLETADO").wait_for()
    paso.refresh_from_db()
    assert paso.estatus_paso_id == EstatusId.COMPLETADO and paso.fecha_entrega is not None
    pagina.get_by_role("tab", name="Reprogramaciones").click()
    pagina.locator(".ot-detalle [data-tabla=repro] tbody tr").first.wait_for()

    pagina.locator(f'#tabla-ots button[data-accion=editar][data-id="{ot.pk}"]').click()
    modal = pagina.locator("#modal-editar-ot")
    modal.wait_for(state="visible")
    modal.locator("[name=check_fase_patio]").check()
    modal.locator("[name=id_patio_fase]").select_option(label="PATIO E2E")
    modal.locator("[name=fecha_inicio_patio]").fill("2026-03-10")
    modal.locator("[name=fecha_fin_patio]").fill("2026-03-01")
    modal.get_by_role("button", name="Guardar").click()
    # The server's 400: the toast says what is wrong and the field is marked with the same message.
    mensaje = "El fin en patio no puede ser anterior a su inicio."
    pagina.locator("#contenedor-avisos .toast-body > span").filter(has_text=mensaje).wait_for()
    modal.locator(".is-invalid[name=fecha_fin_patio]").wait_for()
    assert modal.locator("[name=fecha_fin_patio] + .invalid-feedback").inner_text() == mensaje
    modal.locator("[name=fecha_fin_patio]").fill("2026-03-20")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    ot = OTE.objects.get(pk=ot.pk)
    assert ot.estatus == EstatusRegistro.ACTIVO and ot.id_patio == patio and ot.requiere_patio is True
    assert errores == []
