"""The whole path a proposal takes in the browser: a PTE is created, its checklist is worked to 100 %, its OT is
created "por definir", the OT gets a reprogramming, and the family shows it. Then the database is checked."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from operaciones.catalogos.constantes import ClienteId, EstatusId, EstatusRegistro, TipoId
from operaciones.catalogos.models import Paso, ResponsableProyecto, TipoPaso
from operaciones.catalogos.semillas import PASO_VOLUMETRIA
from operaciones.ot.models import OTE, OTDetalle
from operaciones.pte.models import Prioridad, PTEDetalle, PTEHeader
from tests.conftest import CLAVE, GRUPO_ADMIN
from tests.e2e.comun import captura, entrar, ruta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOLIO_PTE = "BME-3801-901-2026"
FOLIO_OT = "OT-GRZ-801-26-901"
COMPLETADO = str(EstatusId.COMPLETADO.value)


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_flujo", "admin.flujo@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


@pytest.fixture
def responsable(semillas):
    return ResponsableProyecto.objects.create(descripcion="Rosa Responsable Flujo")


def _cambiar_estatus(pagina, contenedor, orden, espera):
    """Pick COMPLETADO in a step's dropdown; the list reloads and rebuilds the checklist (the last request of that
    rebuild is `espera`). Returns the JSON answer of the status change."""
    selector = contenedor.locator(f'select[aria-label="Estatus del paso {orden}"]')
    with (
        pagina.expect_response(ruta(espera)),
        pagina.expect_response(ruta("/operaciones/pte/cambiar_estatus_paso/")) as cambio,
    ):
        selector.select_option(COMPLETADO)
    respuesta = cambio.value
    assert respuesta.status == 200, respuesta.text()
    return respuesta.json()


def _crear_pte(pagina, responsable):
    pagina.locator("#boton-nueva-pte").click()
    modal = pagina.locator("#modal-pte")
    expect(modal).to_be_visible()
    modal.locator("[name=oficio_pte]").fill(FOLIO_PTE)
    modal.locator("[name=id_cliente]").select_option(label="PEMEX")
    modal.locator("[name=id_responsable_proyecto]").select_option(label=responsable.descripcion)
    modal.locator("[name=id_tipo]").select_option(str(TipoId.COSTEO_CLASE_V.value))
    modal.locator("[name=prioridad]").select_option(str(Prioridad.ALTA.value))
    modal.locator("[name=plazo_dias]").fill("30")
    modal.locator("[name=descripcion_trabajo]").fill("Inspección submarina de ductos en Litoral de Tabasco")
    captura(pagina, "flujo", "01_modal_pte")
    # The new PTE's row opens by itself after the save: wait for its checklist.
    with (
        pagina.expect_response(ruta("/operaciones/pte/detalle/datatable/")),
        pagina.expect_response(ruta("/operaciones/pte/crear/")) as alta,
    ):
        modal.get_by_role("button", name="Guardar").click()
    assert alta.value.ok and alta.value.json()["exito"], alta.value.text()
    expect(modal).to_be_hidden()


def _completar_pasos(pagina, pte):
    contenedor = pagina.locator(f'[data-pasos-de="{pte.pk}"]')
    expect(contenedor.locator("select").first).to_be_visible()
    pasos = Paso.objects.filter(id_tipo_cliente=pte.id_cliente.id_tipo_id, activo=True).order_by("id")
    volumetria = pasos.get(pk=PASO_VOLUMETRIA)
    subpasos = list(pasos.filter(paso_padre=volumetria).values_list("orden", flat=True))
    principales = list(pasos.filter(tipo=TipoPaso.PRINCIPAL).exclude(pk=volumetria.pk).values_list("orden", flat=True))
    assert len(subpasos) > 1 and len(principales) > 1

    # Volumetría's deliverables: open them and complete each; the parent completes itself with the last one.
    padre = contenedor.locator(f'select[aria-label="Estatus del paso {volumetria.orden}"]')
    boton = contenedor.locator(f'button[data-subpasos="{pte.pk}:{volumetria.pk}"]')
    expect(boton).to_have_text(f"Entregables 0/{len(subpasos)}")
    with pagina.expect_response(ruta("/operaciones/pte/datatable-subpasos/")):
        boton.click()
    captura(pagina, "flujo", "02_entregables_abiertos")
    for n, orden in enumerate(subpasos, start=1):
        respuesta = _cambiar_estatus(pagina, contenedor, orden, "/operaciones/pte/datatable-subpasos/")
        assert respuesta["exito"], respuesta
        expect(boton).to_have_text(f"Entregables {n}/{len(subpasos)}")
        if n < len(subpasos):
            expect(padre).not_to_have_value(COMPLETADO)
    expect(padre).to_have_value(COMPLETADO)
    expect(contenedor.locator(f'input[aria-label="Comentario del paso {volumetria.orden}"]')).to_have_value(
        "Entregables finalizados"
    )
    captura(pagina, "flujo", "03_volumetria_completa")

    for orden in principales:
        respuesta = _cambiar_estatus(pagina, contenedor, orden, "/operaciones/pte/datatable-subpasos/")
        assert respuesta["exito"], respuesta
        expect(contenedor.locator(f'select[aria-label="Estatus del paso {orden}"]')).to_have_value(COMPLETADO)
    total = len(principales) + 1 + len(subpasos)
    fila = pagina.locator("#tabla-pte > tbody > tr", has_text=FOLIO_PTE)
    expect(fila).to_contain_text(f"{total} / {total} pasos")
    expect(fila.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    captura(pagina, "flujo", "04_pasos_completos")


def _crear_ot_desde_pte(pagina, pte):
    fila = pagina.locator("#tabla-pte > tbody > tr", has_text=FOLIO_PTE)
    crear = fila.locator('button[data-accion="crear-ot"]')
    expect(crear).to_be_visible()
    expect(crear).to_have_text("Crear OT")
    crear.click()
    modal = pagina.locator("#modal-crear-ot")
    expect(modal).to_be_visible()
    expect(modal.locator("#crear-ot-folio")).to_contain_text(FOLIO_PTE)
    modal.locator("[name=oficio]").fill(FOLIO_OT)
    captura(pagina, "flujo", "05_modal_crear_ot")
    with pagina.expect_response(ruta("/operaciones/ot/crear-desde-pte/")) as alta:
        modal.get_by_role("button", name="Crear OT").click()
    assert alta.value.json()["exito"], alta.value.text()
    expect(modal).to_be_hidden()
    expect(fila.get_by_text("Con OT")).to_be_visible()
    expect(crear).to_have_count(0)
    captura(pagina, "flujo", "06_pte_con_ot")


def _reprogramar(pagina):
    fila = pagina.locator("#tabla-ots > tbody > tr", has_text=FOLIO_OT).first
    expect(fila).to_have_class(re.compile(r"\bot-por-definir\b"))
    expect(fila.get_by_text("Por definir")).to_be_visible()
    expect(pagina.get_by_role("link", name="Importar OTs históricas")).to_be_visible()
    captura(pagina, "flujo", "07_lista_ot")
    fila.locator('button[data-accion="reprogramar"]').click()
    modal = pagina.locator("#modal-crear-ot")
    expect(modal).to_be_visible()
    expect(modal.locator("[name=id_tipo]")).to_have_value(str(TipoId.OT_REPROGRAMACION.value))
    expect(modal.locator("[name=orden_trabajo]")).to_have_value(FOLIO_OT)
    captura(pagina, "flujo", "08_modal_reprogramacion")
    with (
        pagina.expect_response(ruta("/operaciones/ot/datatable/")),
        pagina.expect_response(ruta("/operaciones/ot/crear-ot-reprogramacion/")) as alta,
    ):
        modal.get_by_role("button", name="Crear").click()
    assert alta.value.json()["exito"], alta.value.text()
    expect(modal).to_be_hidden()
    return fila


def _ver_familia(pagina, fila):
    fila.locator('button[data-accion="expandir"]').click()
    detalle = pagina.locator(".ot-detalle").first
    expect(detalle.locator("[data-tabla=pasos] tbody tr").first).to_be_visible()
    pestana = detalle.get_by_role("tab", name="Reprogramaciones")
    expect(pestana).to_contain_text("1")
    pestana.click()
    expect(detalle.locator(".tab-pane.show.active [data-tabla=repro]")).to_be_visible()
    repro = detalle.locator("[data-tabla=repro] tbody tr", has_text=FOLIO_OT)
    expect(repro).to_have_count(1)
    expect(repro.get_by_text("R1", exact=True)).to_be_visible()
    captura(pagina, "flujo", "09_familia")


def test_pte_to_ot_and_reprogramming_through_the_ui(live_server, pagina, administrador, responsable):
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    entrar(pagina, live_server, "admin_flujo", "/operaciones/pte/")

    _crear_pte(pagina, responsable)
    pte = PTEHeader.objects.get(oficio_pte=FOLIO_PTE)
    assert pte.id_cliente_id == ClienteId.PEMEX and pte.id_responsable_proyecto == responsable
    assert pte.prioridad == Prioridad.ALTA and pte.plazo_dias == 30 and pte.id_tipo_id == TipoId.COSTEO_CLASE_V

    _completar_pasos(pagina, pte)
    assert not pte.detalles.exclude(estatus_paso=EstatusId.COMPLETADO).exists()
    _crear_ot_desde_pte(pagina, pte)

    with pagina.expect_response(ruta("/operaciones/ot/datatable/")):
        pagina.goto(f"{live_server.url}/operaciones/ot/")
    fila = _reprogramar(pagina)
    _ver_familia(pagina, fila)
    assert errores == []
    with pagina.expect_navigation():
        pagina.get_by_role("link", name="Importar OTs históricas").click()
    assert urlparse(pagina.url).path == "/operaciones/ot/importar/"

    inicial = OTE.objects.get(id_tipo=TipoId.OT_INICIAL)
    repro = OTE.objects.get(id_tipo=TipoId.OT_REPROGRAMACION)
    assert OTE.objects.count() == 2
    assert inicial.orden_trabajo == FOLIO_OT and inicial.id_pte_header == pte
    assert inicial.estatus == EstatusRegistro.POR_DEFINIR
    assert repro.ot_principal == inicial and repro.num_reprogramacion == 1 and repro.id_pte_header == pte
    assert inicial.detalles.exists() and repro.detalles.exists()

    heredados = OTDetalle.objects.filter(id_ot=inicial, id_paso__paso_pte_origen__isnull=False).select_related(
        "id_paso"
    )
    assert heredados.exists()
    for paso_ot in heredados:
        origen = PTEDetalle.objects.get(id_pte_header=pte, id_paso=paso_ot.id_paso.paso_pte_origen_id)
        assert paso_ot.estatus_paso_id == origen.estatus_paso_id == EstatusId.COMPLETADO
        assert paso_ot.fecha_entrega == origen.fecha_entrega is not None
