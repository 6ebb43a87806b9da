"""Module landing pages: title, real summary figures of the module's own tables, permission and query count."""

import re
from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import selectors
from costa_fuera.models import EstadoReporte
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, TipoId
from operaciones.estimaciones.models import EstadoEstimacion
from operaciones.produccion.models import TipoTiempo
from operaciones.pte.models import EstatusPTE
from tests.core import datos_tablero as d

pytestmark = pytest.mark.django_db

# PTE and OT are list pages with their own tests (tests/pte, tests/ot).
# url, title shown, menu key, queries of the page for a superuser (session + user + the module's own reads)
MODULOS = [
    ("/operaciones/produccion/", "Producción", "produccion", 4),
    ("/operaciones/estimaciones/", "Estimaciones", "estimaciones", 4),
    ("/operaciones/cronograma/", "Cronogramas", "cronograma", 4),
    ("/operaciones/centro_consulta/", "Centro de consulta", "consulta", 7),
    ("/costa-fuera/", "Costa fuera", "costa_fuera", 7),
    ("/reportes/", "Reportes", "reportes", 12),
]
IDS = [m[2] for m in MODULOS]
_dias_atras = count(1)


def sembrar_operacion(usuario, hoy, n: int = 1, cerrado: bool = True):
    """n of every kind of row each landing page counts, plus deleted rows that must not count."""
    for _ in range(n):
        d.crear_pte(EstatusPTE.PENDIENTE)
        d.crear_pte(EstatusPTE.PROCESO)
        inicial = d.crear_ot()
        d.crear_ot(tipo=TipoId.OT_REPROGRAMACION, principal=inicial, estatus_ot=EstatusId.ASIGNADA)
        partida = d.crear_partida(inicial, "100.0000", "5.0000")
        d.crear_produccion(partida, hoy.replace(day=1), "1.5")
        d.crear_produccion(partida, hoy.replace(day=1), "1", tipo=TipoTiempo.CMA)
        d.crear_estimacion(inicial, EstadoEstimacion.BORRADOR)
        d.crear_estimacion(inicial, EstadoEstimacion.APROBADA)
        d.crear_cronograma(inicial, tareas=3)
        d.crear_cronograma(d.crear_ot(), tareas=1, activo=False)
    d.crear_pte(EstatusPTE.ELIMINADA, oficio_pte="PTE-BORRADA-999")
    d.crear_ot(estatus=EstatusRegistro.ELIMINADO, orden_trabajo="OT-BORRADA-999")
    barco = d.embarcaciones().first()
    for _ in range(n):
        d.crear_reporte_barco(barco, selectors.hoy_mexico() - timedelta(days=next(_dias_atras)), usuario)
    if cerrado:
        d.crear_reporte_barco(barco, selectors.hoy_mexico(), usuario, estado=EstadoReporte.CERRADO)


def _tarjetas(respuesta) -> dict:
    return {t["etiqueta"]: t["valor"] for t in respuesta.context["resumen"].tarjetas}


@pytest.mark.parametrize(("url", "titulo", "clave", "consultas"), MODULOS, ids=IDS)
def test_admin_opens_each_module_with_its_title_and_active_menu_entry(cliente_admin, url, titulo, clave, consultas):
    respuesta = cliente_admin.get(url)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert f'<h1 class="h3 mb-0">{titulo}</h1>' in html
    assert f"<title>{titulo} · SASCOP BME SubTec</title>" in html
    assert re.search(rf'class="nav-link active"[^>]*data-modulo="{clave}"', html)


@pytest.mark.parametrize(("url", "titulo", "clave", "consultas"), MODULOS, ids=IDS)
def test_user_without_permission_gets_the_spanish_403_page(cliente_externo, url, titulo, clave, consultas):
    respuesta = cliente_externo.get(url)
    assert respuesta.status_code == 403
    html = respuesta.content.decode()
    assert "Acceso denegado" in html
    assert "No tiene permiso para ver esta página" in html


@pytest.mark.parametrize(("url", "titulo", "clave", "consultas"), MODULOS, ids=IDS)
def test_landing_query_count_does_not_grow_with_the_data(cliente_admin, admin, url, titulo, clave, consultas):
    hoy = selectors.hoy_mexico()
    sembrar_operacion(admin, hoy)
    cliente_admin.get(url)  # settles the session's activity stamp
    with CaptureQueriesContext(connection) as pocas:
        cliente_admin.get(url)
    sembrar_operacion(admin, hoy - timedelta(days=40), n=4, cerrado=False)
    sembrar_operacion(admin, hoy, n=3, cerrado=False)
    with CaptureQueriesContext(connection) as muchas:
        assert cliente_admin.get(url).status_code == 200
    assert len(pocas) == len(muchas) == consultas, [q["sql"] for q in muchas.captured_queries]


def test_production_landing_counts_this_month_only(cliente_admin, admin):
    hoy = selectors.hoy_mexico()
    sembrar_operacion(admin, hoy, n=2)
    sembrar_operacion(admin, hoy.replace(day=1) - timedelta(days=1), cerrado=False)
    respuesta = cliente_admin.get("/operaciones/produccion/")
    tarjetas = _tarjetas(respuesta)
    assert tarjetas["Registros del mes"] == 4
    assert tarjetas["OTs con producción"] == 2
    # 2 × (1.5 + 1) × 100.00 MXN and × 5.00 USD
    assert str(tarjetas["Producción del mes (MXN)"]) == "500.00"
    assert str(tarjetas["Producción del mes (USD)"]) == "25.00"
    html = respuesta.content.decode()
    assert "$500.00 <small>MXN</small>" in html and "$25.00 <small>USD</small>" in html
    assert "Producción del mes por sitio" in html and d.embarcaciones().first().descripcion in html


def test_estimations_landing_counts_by_state(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=3)
    tarjetas = _tarjetas(cliente_admin.get("/operaciones/estimaciones/"))
    assert tarjetas["Borrador"] == 3
    assert tarjetas["Aprobada"] == 3
    assert tarjetas["Pagada"] == 0
    assert set(tarjetas) == {e.label for e in EstadoEstimacion}


def test_schedule_landing_counts_active_versions_and_their_tasks(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=2)
    respuesta = cliente_admin.get("/operaciones/cronograma/")
    tarjetas = _tarjetas(respuesta)
    assert tarjetas["Versiones activas"] == 2
    assert tarjetas["Tareas en versiones activas"] == 6
    assert [fila[-1] for fila in respuesta.context["resumen"].filas] == ["3", "3"]


def test_bi_landing_counts_every_table(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=2)
    tarjetas = _tarjetas(cliente_admin.get("/operaciones/centro_consulta/"))
    assert tarjetas == {
        "PTEs vigentes": 4,
        "OTs vigentes": 6,
        "Registros de producción": 4,
        "Estimaciones": 4,
    }


def test_offshore_landing_counts_vessels_and_lists_latest_reports(cliente_admin, admin):
    hoy = selectors.hoy_mexico()
    sembrar_operacion(admin, hoy, n=2)
    respuesta = cliente_admin.get("/costa-fuera/")
    tarjetas = _tarjetas(respuesta)
    assert tarjetas["Embarcaciones activas"] == d.embarcaciones().count() > 0
    assert tarjetas["Reportes sin cerrar"] == 2
    filas = respuesta.context["resumen"].filas
    assert filas[0][0] == hoy.strftime("%d/%m/%Y")
    assert filas[0][2] == "Ana Admin"
    assert filas[0][3] == "Cerrado"


def test_reports_landing_is_the_report_centre(cliente_admin):
    html = cliente_admin.get("/reportes/").content.decode()
    assert "Disponible próximamente" not in html
    for titulo in ("Hoja de producción mensual", "Resumen semanal", "Reporte diario de embarcación"):
        assert titulo in html, titulo


def test_lector_role_opens_read_only_landings(cliente_lector):
    for url in ("/operaciones/pte/", "/operaciones/ot/", "/operaciones/centro_consulta/", "/reportes/"):
        assert cliente_lector.get(url).status_code == 200, url


def test_capturista_opens_production_but_not_estimations(cliente_capturista):
    assert cliente_capturista.get("/operaciones/produccion/").status_code == 200
    assert cliente_capturista.get("/operaciones/estimaciones/").status_code == 403


def test_unknown_address_gets_the_spanish_404_page_inside_the_layout(cliente_admin):
    respuesta = cliente_admin.get("/no-existe-esta-ruta/")
    assert respuesta.status_code == 404
    html = respuesta.content.decode()
    assert "Página no encontrada" in html and 'id="menu-lateral"' in html


def test_500_page_renders_without_request_or_context():
    from django.template import loader

    html = loader.get_template("errores/500.html").render({})
    assert "Ocurrió un error en el servidor" in html
    assert "{%" not in html and "/static/" not in html
