"""In the browser: an OT's MS Project schedule is uploaded from its "Programa" tab, its report and task tree show up,
real and client progress are captured in the tree and roll up to the summaries, the Gantt and the S-curves are
drawn, a file that is not a schedule is refused in Spanish, and a re-import keeps the progress captured."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from operaciones.cronograma.models import AvanceCronograma, CronogramaVersion
from operaciones.cronograma.selectors import arbol_tareas
from tests import factories as f
from tests.conftest import CLAVE, GRUPO_COORDINADOR
from tests.e2e.comun import captura, entrar, ruta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOLIO = "OT-GRZ-801-26-PRG"
USUARIO = "coordinador_programa"
MUESTRAS = Path("/work/shared/samples/mpp")


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinador_programa(semillas):
    user = User.objects.create_user(USUARIO, "coordinador.programa@bluemarine.com.mx", CLAVE, first_name="Carla")
    user.groups.add(Group.objects.get(name=GRUPO_COORDINADOR))
    return user


def _subir(pagina, archivo, nombre_version=""):
    """Open the upload dialog, send the file and wait until the job ends (report or error); returns the dialog."""
    pagina.locator("#boton-cargar-programa").click()
    modal = pagina.locator("#modal-programa")
    expect(modal).to_be_visible()
    expect(modal.locator("#programa-informe")).to_be_hidden()
    modal.locator("[name=archivo]").set_input_files(str(archivo))
    modal.locator("[name=nombre_version]").fill(nombre_version)
    with pagina.expect_response(ruta("/importar/")) as envio:
        modal.get_by_role("button", name="Importar").click()
    assert envio.value.status == 202, envio.value.text()
    barra = modal.get_by_role("progressbar", name="Avance de la importación")
    expect(barra).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    return modal


def _cerrar(modal):
    modal.get_by_role("button", name="Cerrar").first.click()
    expect(modal).to_be_hidden()


def _fila(pagina, uid):
    return pagina.locator(f'#arbol-tareas tr[data-uid="{uid}"]')


def _capturar(pagina, uid, campo, valor):
    """Click a cell of the tree, type the value and press Enter; returns the answer of the save."""
    _fila(pagina, uid).locator(f'td[data-campo="{campo}"]').click()
    entrada = _fila(pagina, uid).locator(f'td[data-campo="{campo}"] input')
    expect(entrada).to_be_focused()
    entrada.fill(valor)
    with pagina.expect_response(ruta("/avance/")) as respuesta:
        entrada.press("Enter")
    return respuesta.value


def _texto_porcentaje(valor) -> str:
    """What the tree shows for a server percentage ("37.50" → "37.5 %")."""
    texto = f"{valor:f}".rstrip("0").rstrip(".") if "." in f"{valor:f}" else f"{valor:f}"
    return f"{texto} %"


def test_upload_a_schedule_capture_progress_see_gantt_and_curves(live_server, pagina, coordinador_programa):
    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    ot = f.OTEFactory(orden_trabajo=FOLIO)

    # The OT's page, "Programa" tab: no schedule yet.
    entrar(pagina, live_server, USUARIO, f"/operaciones/ot/{ot.pk}/")
    with pagina.expect_response(ruta("/versiones/")):
        pagina.get_by_role("tab", name="Programa").click()
    expect(pagina.locator("#versiones-programa")).to_contain_text("todavía no tiene un programa")

    # sample.mpp: the job's bar reaches 100 %, the report says what was read.
    modal = _subir(pagina, MUESTRAS / "sample.mpp", "Programa base")
    expect(modal.locator("#programa-informe")).to_be_visible()
    expect(modal.locator("#programa-informe-estado")).to_have_text("Importado")
    informe = modal.locator("#programa-informe-cuerpo")
    expect(informe.locator('[data-conteo="tareas"]')).to_have_text("22")
    expect(informe.locator('[data-conteo="niveles"]')).to_have_text("3")
    expect(informe.locator('[data-conteo="dependencias"]')).to_contain_text("6")
    expect(informe.locator('[data-seccion="cambios"]')).to_contain_text("primera versión")
    expect(informe.locator('[data-seccion="ignorado"]')).to_contain_text("Fila resumen del proyecto")
    captura(pagina, "programa", "01_informe", pausa_ms=800)
    _cerrar(modal)
    version = CronogramaVersion.objects.get(id_ot=ot, es_activo=True)
    assert version.nombre_version == "Programa base" and version.tareas.count() == 22

    versiones = pagina.locator("#versiones-programa tr[data-version]")
    expect(versiones).to_have_count(1)
    expect(versiones.first).to_contain_text("sample.mpp")
    expect(versiones.first).to_contain_text("Activa")

    # The tree: 22 tasks, summaries in bold with their toggles, leaves editable.
    filas = pagina.locator("#arbol-tareas tr[data-uid]")
    expect(filas).to_have_count(22)
    expect(_fila(pagina, 22)).to_have_class(re.compile(r"\bcronograma-resumen\b"))
    expect(_fila(pagina, 23)).to_contain_text("Assigned Task 1")
    expect(_fila(pagina, 23)).to_contain_text("3.13.1")
    expect(_fila(pagina, 22).locator("td.cronograma-editable")).to_have_count(0)
    expect(_fila(pagina, 22).locator('td[data-campo="porcentaje_real"]')).to_contain_text("0 %")
    expect(pagina.locator("#kpi-real")).to_have_text("0 %")
    captura(pagina, "programa", "02_arbol", pausa_ms=800)

    # Real and client progress of a leaf: stored, and its summary's roll-up follows.
    assert _capturar(pagina, 23, "porcentaje_real", "50").status == 200
    assert _capturar(pagina, 23, "porcentaje_cliente", "30").status == 200
    assert _capturar(pagina, 23, "comentario", "Medido en sitio").status == 200
    avance = AvanceCronograma.objects.get(tarea__version=version, tarea__uid_project=23)
    assert (str(avance.porcentaje_real), str(avance.porcentaje_cliente), avance.comentario) == (
        "50.00",
        "30.00",
        "Medido en sitio",
    )
    por_uid = {t["uid"]: t for t in arbol_tareas(version)}
    assert por_uid[22]["avance_real"] > 0
    resumen = _fila(pagina, 22)
    expect(resumen.locator('td[data-campo="porcentaje_real"]')).to_have_text(
        _texto_porcentaje(por_uid[22]["avance_real"])
    )
    expect(resumen.locator('td[data-campo="porcentaje_cliente"]')).to_have_text(
        _texto_porcentaje(por_uid[22]["avance_cliente"])
    )
    expect(_fila(pagina, 23).locator('td[data-campo="porcentaje_real"]')).to_have_text("50 %")
    expect(_fila(pagina, 23).locator('td[data-campo="comentario"]')).to_have_text("Medido en sitio")
    expect(pagina.locator("#kpi-real")).not_to_have_text("0 %")

    # A value out of range is refused on the cell itself, in Spanish; Esc leaves the stored value.
    assert _capturar(pagina, 24, "porcentaje_real", "150").status == 400
    celda = _fila(pagina, 24).locator('td[data-campo="porcentaje_real"]')
    expect(celda).to_have_class(re.compile(r"\bcronograma-con-error\b"))
    expect(celda).to_contain_text("entre 0 y 100")
    captura(pagina, "programa", "03_error_en_celda", pausa_ms=800)
    celda.locator("input").press("Escape")
    expect(celda).to_have_text("0 %")
    assert not AvanceCronograma.objects.filter(tarea__uid_project=24).exists()

    # Summaries collapse and expand.
    resumen.locator("[data-alternar]").click()
    expect(_fila(pagina, 23)).to_be_hidden()
    expect(resumen).to_have_attribute("aria-expanded", "false")
    resumen.locator("[data-alternar]").click()
    expect(_fila(pagina, 23)).to_be_visible()

    # Gantt: one bar per task, the six links, summaries collapse on click, day / week / month scales.
    with pagina.expect_response(ruta("/gantt/")):
        pagina.get_by_role("tab", name="Gantt").click()
    gantt = pagina.locator("#gantt-programa")
    expect(gantt.locator(".bar-wrapper")).to_have_count(22)
    expect(gantt.locator(".bar-wrapper.gantt-resumen")).to_have_count(
        por_resumen := sum(t["es_resumen"] for t in por_uid.values())
    )
    assert por_resumen >= 3
    expect(gantt.locator("g.arrow path[data-from]")).to_have_count(6)
    expect(pagina.locator("#gantt-nota")).to_contain_text("fuera del periodo")  # a 2003 schedule
    captura(pagina, "programa", "04_gantt", pausa_ms=800)
    gantt.locator('.bar-wrapper[data-id="t22"] .bar').click()
    expect(gantt.locator(".bar-wrapper")).to_have_count(20)
    gantt.locator('.bar-wrapper[data-id="t22"] .bar').click()
    expect(gantt.locator(".bar-wrapper")).to_have_count(22)
    pagina.locator("label[for=gantt-mes]").click()
    expect(gantt.locator(".lower-text").first).to_be_visible()
    pagina.locator("#gantt-nivel").select_option("1")
    expect(gantt.locator(".bar-wrapper")).to_have_count(sum(t["nivel"] == 1 for t in por_uid.values()))
    pagina.locator("#gantt-nivel").select_option("")

    # S-curves: planned, real and client, drawn on the canvas.
    with pagina.expect_response(ruta("/curva/")) as curva:
        pagina.get_by_role("tab", name="Curva S").click()
    datos = curva.value.json()["curva"]
    assert datos["planeado"][0] == 0 and max(datos["planeado"]) == 100
    lienzo = pagina.locator("#curva-programa")
    expect(lienzo).to_be_visible()
    series = pagina.evaluate(
        "() => window.Chart.getChart(document.getElementById('curva-programa')).data.datasets.map(d => d.label)"
    )
    assert series == ["Planeado", "Real", "Cliente"]
    captura(pagina, "programa", "05_curva", pausa_ms=800)

    # A file that is not a schedule: a Spanish error, nothing written.
    modal = _subir(pagina, MUESTRAS / "invalid" / "not-a-project.mpp")
    expect(modal.locator("#programa-error")).to_be_visible()
    expect(modal.locator("#programa-error")).to_contain_text("no es un cronograma de MS Project")
    expect(modal.locator("#programa-informe")).to_be_hidden()
    captura(pagina, "programa", "06_archivo_invalido", pausa_ms=800)
    _cerrar(modal)
    assert CronogramaVersion.objects.filter(id_ot=ot).count() == 1

    # Re-importing keeps the captured progress; the earlier version stays, read-only.
    modal = _subir(pagina, MUESTRAS / "sample.mpp", "Reprogramación 1")
    expect(modal.locator('[data-conteo="avances_conservados"]')).to_contain_text("1")
    _cerrar(modal)
    expect(versiones).to_have_count(2)
    expect(versiones.first).to_contain_text("Reprogramación 1")
    pagina.get_by_role("tab", name="Tareas y avance").click()
    expect(_fila(pagina, 23).locator('td[data-campo="porcentaje_real"]')).to_have_text("50 %")
    anterior = versiones.filter(has_text="Programa base")
    with pagina.expect_response(ruta("/arbol/")):
        anterior.get_by_role("button", name="Ver").click()
    expect(pagina.locator("#programa-solo-lectura")).to_be_visible()
    expect(pagina.locator("#arbol-tareas td.cronograma-editable")).to_have_count(0)
    expect(_fila(pagina, 23).locator('td[data-campo="porcentaje_real"]')).to_have_text("50 %")
    captura(pagina, "programa", "07_version_anterior", pausa_ms=800)
    assert errores_js == []


def test_a_reader_sees_today_on_a_current_schedule_but_cannot_capture(live_server, pagina, semillas):
    from datetime import timedelta

    from django.utils import timezone

    from operaciones.cronograma.models import TareaCronograma

    errores_js = []
    pagina.on("pageerror", lambda e: errores_js.append(str(e)))
    User.objects.create_user("lector_programa", "lector.programa@bluemarine.com.mx", CLAVE).groups.add(
        Group.objects.get(name="Consulta")
    )
    ot = f.OTEFactory(orden_trabajo="OT-GRZ-801-26-HOY")
    ahora = timezone.now()
    version = CronogramaVersion.objects.create(
        id_ot=ot,
        nombre_version="Vigente",
        fecha_inicio_proyecto=ahora - timedelta(days=20),
        fecha_fin_proyecto=ahora + timedelta(days=40),
    )
    comunes = {"version": version, "nivel_esquema": 2, "padre_uid": 1}
    TareaCronograma.objects.create(
        uid_project=1,
        id_project=1,
        wbs="1",
        nombre="Obra",
        nivel_esquema=1,
        es_resumen=True,
        version=version,
        fecha_inicio=ahora - timedelta(days=20),
        fecha_fin=ahora + timedelta(days=40),
        duracion_dias=60,
    )
    TareaCronograma.objects.create(
        uid_project=2,
        id_project=2,
        wbs="1.1",
        nombre="Buceo",
        fecha_inicio=ahora - timedelta(days=20),
        fecha_fin=ahora + timedelta(days=10),
        duracion_dias=30,
        **comunes,
    )
    TareaCronograma.objects.create(
        uid_project=3,
        id_project=3,
        wbs="1.2",
        nombre="Pruebas",
        fecha_inicio=ahora + timedelta(days=10),
        fecha_fin=ahora + timedelta(days=40),
        duracion_dias=30,
        **comunes,
    )

    pagina.goto(f"{live_server.url}/accounts/login/")
    pagina.fill("input[name=usuario]", "lector_programa")
    pagina.fill("input[name=password]", CLAVE)
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Entrar").click()
    # A link to the tab (#programa) opens it straight away.
    with pagina.expect_response(ruta("/arbol/")):
        pagina.goto(f"{live_server.url}/operaciones/ot/{ot.pk}/#programa")
    expect(pagina.get_by_role("tab", name="Programa")).to_have_attribute("aria-selected", "true")
    expect(pagina.locator("#boton-cargar-programa")).to_have_count(0)
    expect(pagina.locator("#arbol-tareas tr[data-uid]")).to_have_count(3)
    expect(pagina.locator("#arbol-tareas td.cronograma-editable")).to_have_count(0)
    expect(pagina.locator("#arbol-ayuda-captura")).to_be_hidden()
    # Two thirds of "Buceo" (30 of the 60 days weighed) are planned done by today: a third of the OT.
    expect(pagina.locator("#kpi-planeado")).to_have_text(re.compile(r"^(3[2-4](\.\d+)?) %$"))

    with pagina.expect_response(ruta("/gantt/")):
        pagina.get_by_role("tab", name="Gantt").click()
    gantt = pagina.locator("#gantt-programa")
    expect(gantt.locator(".bar-wrapper")).to_have_count(3)
    expect(gantt.locator(".current-highlight")).to_have_count(1)
    expect(pagina.locator("#gantt-nota")).to_have_text("La línea vertical marca hoy.")
    pagina.locator("label[for=gantt-dia]").click()
    expect(gantt.locator(".current-highlight")).to_have_count(1)
    captura(pagina, "programa", "08_gantt_hoy", pausa_ms=800)
    assert errores_js == []
