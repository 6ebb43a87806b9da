"""The report centre (/reportes/): every report listed downloads for real, permissions decide what is offered, the
weekly summary PDF download and the vessel daily report finder."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.exportar import TIPO_XLSX
from core.selectors import ZONA_MEXICO
from operaciones.catalogos.constantes import FrenteId
from reportes import centro
from tests.costa_fuera.datos import embarcacion, reporte
from tests.estimaciones.datos import estimacion_lista
from tests.factories import SitioFactory, UserFactory, frente
from tests.produccion.datos import producir

pytestmark = pytest.mark.django_db

CENTRO = "/reportes/"
SEMANAL = "/reportes/resumen-semanal/pdf/"
RDO = "/reportes/reporte-diario-embarcacion/"
JSON = {"HTTP_ACCEPT": "application/json"}
TIPOS = {"PDF": "application/pdf", "Excel": TIPO_XLSX}


def _texto_pdf(contenido: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


def _items(respuesta) -> dict:
    return {item.reporte.clave: item for g in respuesta.context["grupos"] for item in g["reportes"]}


def _usuario_con(*permisos: str):
    usuario = UserFactory()
    for nombre in permisos:
        app, codigo = nombre.split(".")
        usuario.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codigo))
    return usuario


@pytest.fixture
def datos():
    """An OT family with signed production in March 2025 and an estimation of it, and a vessel's daily report."""
    familia, estimacion = estimacion_lista(conceptos=2, dias=3)
    barco = embarcacion("EMBARCACION REPORTES")
    rdo = reporte(barco, date(2025, 3, 10))
    return {"familia": familia, "estimacion": estimacion, "barco": barco, "rdo": rdo}


# --- Access --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CENTRO, SEMANAL, RDO])
def test_anonymous_is_sent_to_login(client, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_user_without_ver_reportes_is_refused_the_centre_and_the_weekly_pdf(cliente_capturista):
    # The production capturer may see production and vessels but not the report centre.
    assert cliente_capturista.get(CENTRO).status_code == 403
    assert cliente_capturista.get(SEMANAL).status_code == 403
    assert cliente_capturista.get(SEMANAL, **JSON).json()["exito"] is False


def test_user_without_vessel_permission_is_refused_the_rdo_finder(client):
    client.force_login(_usuario_con("core.ver_reportes"))
    assert client.get(RDO, {"embarcacion": 1, "fecha": "2025-03-10"}).status_code == 403


def test_other_methods_are_refused(cliente_lector):
    for url in (CENTRO, SEMANAL, RDO):
        assert cliente_lector.post(url).status_code == 405


# --- The page ------------------------------------------------------------------------------------------------------


def test_read_only_role_sees_every_report_enabled_in_its_group(cliente_lector, datos):
    respuesta = cliente_lector.get(CENTRO)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert '<h1 class="h3 mb-0">Reportes</h1>' in html
    items = _items(respuesta)
    assert set(items) == {r.clave for r in centro.REPORTES}
    assert all(item.disponible for item in items.values())
    for _, titulo, _ in centro.GRUPOS:
        assert titulo in html
    for clave in items:
        assert f'data-reporte="{clave}" data-disponible="1"' in html
    assert "Requiere permiso" not in html
    # The pickers offer the real rows: the family's OT with its site, the estimation, the vessel.
    familia = datos["familia"]
    opcion_ot = re.search(
        rf'<option value="{familia.ot.pk}" data-sitios="([0-9,]+)">{familia.ot.orden_trabajo}</option>', html
    )
    assert opcion_ot and str(familia.sitio.pk) in opcion_ot.group(1).split(",")
    assert f'<option value="{datos["estimacion"].pk}">{datos["estimacion"].folio or "Sin folio"}' in html
    assert f'<option value="{datos["barco"].pk}">EMBARCACION REPORTES</option>' in html


def test_reports_the_user_may_not_download_are_disabled_and_leak_no_rows(client, datos):
    client.force_login(_usuario_con("core.ver_reportes"))
    respuesta = client.get(CENTRO)
    assert respuesta.status_code == 200
    items = _items(respuesta)
    assert [c for c, item in items.items() if item.disponible] == ["semanal"]
    assert items["estimacion_pdf"].campos == []
    html = respuesta.content.decode()
    assert "Requiere permiso: ver PTE." in html
    assert "Requiere permiso: ver estimaciones." in html
    assert "Requiere permiso: ver reportes diarios de embarcación." in html
    # No picker is built for a disabled report: no OT folio, estimation or vessel on the page.
    assert datos["familia"].ot.orden_trabajo not in html
    assert "EMBARCACION REPORTES" not in html
    assert html.count('data-disponible="0"') == len(centro.REPORTES) - 1


def test_weekly_form_defaults_to_the_last_complete_week(cliente_lector, monkeypatch):
    monkeypatch.setattr(centro, "hoy_mexico", lambda: date(2025, 6, 18))
    campos = {c.campo.nombre: c.valor for c in _items(cliente_lector.get(CENTRO))["semanal"].campos}
    assert campos == {"desde": "2025-06-09", "hasta": "2025-06-15"}


def test_page_query_count_does_not_grow_with_the_data(cliente_lector):
    estimacion_lista(conceptos=1, dias=1)
    cliente_lector.get(CENTRO)
    with CaptureQueriesContext(connection) as pocas:
        cliente_lector.get(CENTRO)
    for _ in range(3):
        estimacion_lista(conceptos=2, dias=2)
        reporte(embarcacion(), date(2025, 3, 11))
    with CaptureQueriesContext(connection) as muchas:
        assert cliente_lector.get(CENTRO).status_code == 200
    assert len(pocas) == len(muchas)


# --- Every report downloads ----------------------------------------------------------------------------------------


def _direccion(item, valores: dict) -> tuple[str, dict]:
    """What the page's form sends: its action (the path id put in place of the 0) and its fields."""
    parametros = {}
    for c in item.campos:
        valor = valores.get(c.campo.nombre, c.valores[0] if c.valores else "")
        if c.opciones and valor != "":
            assert str(valor) in {str(o[0]) for o in c.opciones}, (item.reporte.clave, c.campo.nombre)
        if valor != "":
            parametros[c.campo.nombre] = valor
    url = item.url
    if item.reporte.parametro_ruta:
        url = url.replace("/0/", f"/{parametros.pop(item.reporte.parametro_ruta)}/")
    return url, parametros


def test_every_listed_report_downloads_its_file(cliente_lector, datos):
    familia = datos["familia"]
    valores = {
        "id_ot": familia.ot.pk,
        "id_sitio": familia.sitio.pk,
        "mes": 3,
        "anio": 2025,
        "tipo_tiempo": "TE",
        "estimacion": datos["estimacion"].pk,
        "embarcacion": datos["barco"].pk,
        "fecha": "2025-03-10",
        "desde": "2025-03-01",
        "hasta": "2025-03-07",
    }
    items = _items(cliente_lector.get(CENTRO))
    for clave, item in items.items():
        url, parametros = _direccion(item, valores)
        respuesta = cliente_lector.get(url, parametros)
        if clave == "rdo":
            # The finder hands over to the offshore module's own document.
            assert respuesta.status_code == 302
            assert respuesta.url == reverse("costa_fuera:rdo_pdf", args=[datos["rdo"].pk])
            respuesta = cliente_lector.get(respuesta.url)
        assert respuesta.status_code == 200, (clave, url, parametros, respuesta.content[:300])
        assert respuesta["Content-Type"].startswith(TIPOS[item.reporte.formato]), clave
        assert "attachment" in respuesta.get("Content-Disposition", ""), clave
        contenido = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
        assert contenido.startswith(b"%PDF" if item.reporte.formato == "PDF" else b"PK"), clave


def test_production_sheet_from_the_centre_has_the_family_lines(cliente_lector, datos):
    from openpyxl import load_workbook

    familia = datos["familia"]
    item = _items(cliente_lector.get(CENTRO))["produccion_hoja"]
    url, parametros = _direccion(
        item, {"id_ot": familia.ot.pk, "id_sitio": familia.sitio.pk, "mes": 3, "anio": 2025, "tipo_tiempo": "TE"}
    )
    libro = load_workbook(io.BytesIO(cliente_lector.get(url, parametros).content), read_only=True)
    celdas = {str(v) for fila in libro.active.iter_rows(values_only=True) for v in fila if v is not None}
    assert {p.id_partida for p in familia.partidas} <= celdas


# --- Weekly summary PDF --------------------------------------------------------------------------------------------


def test_weekly_pdf_defaults_to_the_last_complete_week_in_mexico_city(cliente_lector, monkeypatch):
    import reportes.views

    monkeypatch.setattr(reportes.views, "hoy_mexico", lambda: date(2025, 6, 18))
    respuesta = cliente_lector.get(SEMANAL)
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == 'attachment; filename="resumen_semanal_20250609_20250615.pdf"'
    assert "del 09/06/2025 al 15/06/2025" in _texto_pdf(respuesta.content)


def test_weekly_pdf_default_without_a_fixed_today_is_monday_to_sunday_of_last_week(cliente_lector):
    hoy = timezone.localdate(timezone=ZONA_MEXICO)
    lunes = hoy - timedelta(days=hoy.weekday() + 7)
    domingo = lunes + timedelta(days=6)
    respuesta = cliente_lector.get(SEMANAL)
    assert f"resumen_semanal_{lunes:%Y%m%d}_{domingo:%Y%m%d}.pdf" in respuesta["Content-Disposition"]


def test_weekly_pdf_of_a_week_with_data_shows_its_totals(cliente_lector, datos):
    familia = datos["familia"]
    # Outside the week: must not count.
    producir(familia.partidas[0], date(2025, 3, 17), "100", sitio=familia.sitio)
    # In the week 10..16 March 2025: 2 × 4 × 10.50 MXN and × 1.25 USD, plus 1 × 3 × 10.50 / 1.25.
    producir(familia.partidas[0], date(2025, 3, 10), "4", sitio=familia.sitio)
    producir(familia.partidas[1], date(2025, 3, 12), "4", sitio=familia.sitio)
    producir(familia.partidas[1], date(2025, 3, 16), "3", sitio=familia.sitio)
    respuesta = cliente_lector.get(SEMANAL, {"desde": "2025-03-10", "hasta": "2025-03-16"})
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    texto = _texto_pdf(respuesta.content)
    total_mn = Decimal("4") * 2 * Decimal("10.50") + 3 * Decimal("10.50")
    total_usd = Decimal("4") * 2 * Decimal("1.25") + 3 * Decimal("1.25")
    assert f"${total_mn:,.2f} MXN" in texto and f"${total_usd:,.2f} USD" in texto
    assert "3 registros" in texto
    assert "del 10/03/2025 al 16/03/2025" in texto


def test_weekly_pdf_of_an_empty_week_says_there_was_nothing(cliente_lector):
    respuesta = cliente_lector.get(SEMANAL, {"desde": "2024-01-01", "hasta": "2024-01-07"})
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    texto = _texto_pdf(respuesta.content)
    assert "0 registros" in texto
    assert "No se registraron estimaciones." in texto
    assert "No hubo actividad registrada." in texto


@pytest.mark.parametrize(
    ("parametros", "campo", "mensaje"),
    [
        ({"desde": "2025-02-31", "hasta": "2025-03-02"}, "desde", "La fecha «desde» no es válida"),
        ({"desde": "2025-03-01", "hasta": "mañana"}, "hasta", "La fecha «hasta» no es válida"),
        ({"desde": "2025-03-01"}, "hasta", "Indique también la fecha «hasta»."),
        ({"hasta": "2025-03-01"}, "desde", "Indique también la fecha «desde»."),
        ({"desde": "2025-03-10", "hasta": "2025-03-01"}, "hasta", "no puede ser anterior"),
        ({"desde": "2025-01-01", "hasta": "2025-02-01"}, "hasta", "no puede pasar de 31 días"),
        ({"desde": "9999-12-25", "hasta": "9999-12-31"}, "desde", "entre los años 2000 y 2100"),
    ],
)
def test_weekly_pdf_bad_dates_are_a_spanish_400_naming_the_field(cliente_lector, parametros, campo, mensaje):
    json = cliente_lector.get(SEMANAL, parametros, **JSON)
    assert json.status_code == 400
    assert any(mensaje in m for m in json.json()["errores"][campo])
    # A browser comes back to the centre with the reason and what it typed.
    pagina = cliente_lector.get(SEMANAL, parametros)
    assert pagina.status_code == 400
    assert mensaje in pagina.content.decode()
    semanal = _items(pagina)["semanal"]
    assert semanal.aviso and {c.campo.nombre: c.valor for c in semanal.campos}["desde"] == parametros.get("desde", "")


def test_a_31_day_period_is_accepted(cliente_lector):
    respuesta = cliente_lector.get(SEMANAL, {"desde": "2025-01-01", "hasta": "2025-01-31"})
    assert respuesta.status_code == 200


# --- Vessel daily report finder ------------------------------------------------------------------------------------


def test_rdo_finder_redirects_to_the_document_of_that_vessel_and_day(cliente_lector, datos):
    parametros = {"embarcacion": datos["barco"].pk, "fecha": "2025-03-10"}
    respuesta = cliente_lector.get(RDO, parametros)
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("costa_fuera:rdo_pdf", args=[datos["rdo"].pk])
    excel = cliente_lector.get(RDO, {**parametros, "formato": "excel"})
    assert excel.url == reverse("costa_fuera:rdo_excel", args=[datos["rdo"].pk])
    cliente = cliente_lector.get(RDO, {**parametros, "version": "cliente"})
    assert cliente.url == reverse("costa_fuera:rdo_pdf", args=[datos["rdo"].pk]) + "?version=cliente"
    documento = cliente_lector.get(cliente.url)
    assert documento.status_code == 200 and documento["Content-Type"] == "application/pdf"


def test_rdo_finder_missing_report_is_a_spanish_404(cliente_lector, datos):
    parametros = {"embarcacion": datos["barco"].pk, "fecha": "2025-03-11"}
    respuesta = cliente_lector.get(RDO, parametros)
    assert respuesta.status_code == 404
    assert "No hay reporte diario de EMBARCACION REPORTES del 11/03/2025." in respuesta.content.decode()
    json = cliente_lector.get(RDO, parametros, **JSON)
    assert json.status_code == 404
    assert json.json()["detalles"] == "No hay reporte diario de EMBARCACION REPORTES del 11/03/2025."


def test_rdo_finder_for_a_user_without_the_centre_shows_only_that_form(client, datos):
    client.force_login(_usuario_con("costa_fuera.view_reportediarioembarcacion"))
    respuesta = client.get(RDO, {"embarcacion": datos["barco"].pk, "fecha": "2025-03-11"})
    assert respuesta.status_code == 404
    assert list(_items(respuesta)) == ["rdo"]
    assert client.get(CENTRO).status_code == 403


@pytest.mark.parametrize(
    ("parametros", "campo"),
    [
        ({"fecha": "2025-03-10"}, "embarcacion"),
        ({"embarcacion": "abc", "fecha": "2025-03-10"}, "embarcacion"),
        ({"embarcacion": "99999999999999999999", "fecha": "2025-03-10"}, "embarcacion"),
        ({"embarcacion": "PLATAFORMA", "fecha": "2025-03-10"}, "embarcacion"),
        ({"embarcacion": "BARCO"}, "fecha"),
        ({"embarcacion": "BARCO", "fecha": "31/02/2025"}, "fecha"),
        ({"embarcacion": "BARCO", "fecha": "2025-03-10", "formato": "word"}, "formato"),
        ({"embarcacion": "BARCO", "fecha": "2025-03-10", "version": "publica"}, "version"),
        ({"embarcacion": "BARCO", "fecha": "1999-12-31"}, "fecha"),
    ],
)
def test_rdo_finder_bad_input_is_a_spanish_400_naming_the_field(cliente_lector, datos, parametros, campo):
    plataforma = SitioFactory(id_frente=frente(FrenteId.PLATAFORMA))
    sustituir = {"BARCO": datos["barco"].pk, "PLATAFORMA": plataforma.pk}
    parametros = {k: sustituir.get(v, v) for k, v in parametros.items()}
    respuesta = cliente_lector.get(RDO, parametros, **JSON)
    assert respuesta.status_code == 400
    assert list(respuesta.json()["errores"]) == [campo]
    assert cliente_lector.get(RDO, parametros).status_code == 400


# --- In the browser: the two helpers of static/js/reportes.js ------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_browser_downloads_an_estimation_pdf_and_narrows_the_sheet_sites(live_server, pagina, semillas):
    from django.contrib.auth.models import Group, User
    from playwright.sync_api import expect

    from tests.conftest import CLAVE, GRUPO_CONSULTA
    from tests.e2e.comun import captura, entrar

    familia, estimacion = estimacion_lista(conceptos=1, dias=2)
    otro_sitio = SitioFactory(descripcion="SITIO AJENO A LA OT")
    usuario = User.objects.create_user("lector_e2e", "lector.e2e@bluemarine.com.mx", CLAVE)
    usuario.groups.add(Group.objects.get(name=GRUPO_CONSULTA))

    entrar(pagina, live_server, "lector_e2e", CENTRO)
    expect(pagina.locator("h1")).to_have_text("Reportes")
    captura(pagina, "reportes", "centro")

    # The production sheet: choosing the OT leaves only its sites and picks the first one.
    hoja = pagina.locator("#reporte-produccion_hoja")
    hoja.locator("select[name=id_ot]").select_option(str(familia.ot.pk))
    sitio = hoja.locator("select[name=id_sitio]")
    assert sitio.evaluate("s => s.options[s.selectedIndex].disabled") is False
    ot = familia.ot
    sitios_ot = {str(s) for s in (ot.id_embarcacion_id, ot.id_plataforma_id, ot.id_intercom_id, ot.id_patio_id) if s}
    assert sitio.input_value() in sitios_ot
    ajena = sitio.locator(f"option[value='{otro_sitio.pk}']")
    assert ajena.evaluate("o => o.disabled") is True

    # The estimation document: the chosen id goes into the endpoint's path.
    formulario = pagina.locator("#reporte-estimacion_pdf")
    formulario.locator("select[name=estimacion]").select_option(str(estimacion.pk))
    with pagina.expect_download() as descarga:
        formulario.get_by_role("button", name="Descargar").click()
    archivo = descarga.value
    assert archivo.url.endswith(reverse("estimaciones:pdf", args=[estimacion.pk]))
    with open(archivo.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
