"""In the browser: a coordinator creates a PTE from the modal and completes its checklist until "Crear OT" shows."""

import pytest
from django.contrib.auth.models import Group, User

from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import ResponsableProyecto
from operaciones.pte.models import PTEDetalle, PTEHeader
from tests.conftest import CLAVE, GRUPO_ADMIN
from tests.e2e.comun import entrar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPLETADO = str(EstatusId.COMPLETADO.value)


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_pte", "admin.pte@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    ResponsableProyecto.objects.create(descripcion="Ing. Marina López")
    return user


def _completar(pagina, detalle_id: int, recarga: str) -> None:
    """Choose COMPLETADO in a step's status select and wait until the re-drawn checklist shows it."""
    with pagina.expect_response(lambda r: recarga in r.url):
        pagina.locator(f'tr[data-paso="{detalle_id}"] select').select_option(COMPLETADO)
    pagina.wait_for_function(
        '([id, v]) => { const s = document.querySelector(`tr[data-paso="${id}"] select`); return s && s.value === v; }',
        arg=[detalle_id, COMPLETADO],
    )


def test_create_a_pte_and_complete_its_steps_until_crear_ot_shows(live_server, pagina, administrador):
    entrar(pagina, live_server, "admin_pte", "/operaciones/pte/")
    tabla = pagina.locator("#tabla-pte")
    pagina.click("#boton-nueva-pte")
    modal = pagina.locator("#modal-pte")
    modal.wait_for(state="visible")
    modal.locator("[name=oficio_pte]").fill("BME-<i>E2E</i>-2026")
    modal.locator("[name=id_cliente]").select_option(label="PEMEX")
    modal.locator("[name=id_responsable_proyecto]").select_option(label="Ing. Marina López")
    modal.locator("[name=id_tipo]").select_option(label="OBRA")
    modal.locator("[name=prioridad]").select_option(label="ALTA")
    modal.locator("[name=plazo_dias]").fill("0")
    modal.get_by_role("button", name="Guardar").click()
    modal.locator(".is-invalid[name=plazo_dias]").wait_for()  # the server's 400 marks the field
    # The toast says what is wrong (the field's first message), not a generic "check the form".
    pagina.locator("#contenedor-avisos .toast-body > span").filter(
        has_text="El plazo debe ser de al menos 1 día."
    ).wait_for()
    assert modal.locator("[data-errores=plazo_dias]").inner_text() == "El plazo debe ser de al menos 1 día."
    assert not PTEHeader.objects.exists()
    modal.locator("[name=plazo_dias]").fill("12")
    modal.get_by_role("button", name="Guardar").click()
    modal.wait_for(state="hidden")
    pagina.locator("#contenedor-avisos").get_by_text("Se creó la PTE").wait_for()

    pte = PTEHeader.objects.get()
    fila = tabla.locator("tbody tr", has_text="E2E").first
    assert fila.locator("i").filter(has_text="E2E").count() == 0  # the folio is text, never markup
    assert "BME-<i>E2E</i>-2026" in fila.inner_text()
    pasos = PTEDetalle.objects.filter(id_pte_header=pte).select_related("id_paso")
    principales = [d for d in pasos if d.id_paso.paso_padre_id is None]
    padre = next(d for d in principales if d.id_paso.subpasos.exists())
    subpasos = [d for d in pasos if d.id_paso.paso_padre_id == padre.id_paso_id]

    # The new PTE opens its checklist by itself.
    pagina.locator(f'tr[data-paso="{principales[0].pk}"]').wait_for()
    assert tabla.locator("button[data-accion=crear-ot]").count() == 0
    for detalle in principales:
        if detalle.pk != padre.pk:
            _completar(pagina, detalle.pk, "/detalle/datatable/")

    pagina.locator(f'tr[data-paso="{padre.pk}"] button[data-subpasos]').click()
    for detalle in subpasos:
        pagina.locator(f'tr[data-paso="{detalle.pk}"]').wait_for()
        _completar(pagina, detalle.pk, "/datatable-subpasos/")

    # The last deliverable completed the parent step by itself, so the PTE is at 100 %.
    boton = tabla.locator("button[data-accion=crear-ot]")
    boton.wait_for()
    padre.refresh_from_db()
    assert padre.estatus_paso_id == EstatusId.COMPLETADO and padre.comentario == "Entregables finalizados"
    assert "100%" in tabla.locator("tbody tr", has_text="E2E").first.inner_text()
    boton.click()
    ot = pagina.locator("#modal-crear-ot")
    ot.wait_for(state="visible")
    assert "BME-<i>E2E</i>-2026" in ot.locator("#crear-ot-folio").inner_text()
