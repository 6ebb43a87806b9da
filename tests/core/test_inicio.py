"""Home dashboard: real figures from the database, a constant number of queries, sections by permission."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import selectors
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.produccion.models import TipoTiempo
from operaciones.pte.models import EstatusPTE
from tests.core import datos_tablero as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoy():
    return selectors.hoy_mexico()


@pytest.fixture
def operacion(hoy, admin):
    """A small but complete picture: PTEs in every state, live and deleted OTs, production in and out of the month."""
    for estatus in (EstatusPTE.PENDIENTE, EstatusPTE.PENDIENTE, EstatusPTE.PROCESO, EstatusPTE.ENTREGADA):
        d.crear_pte(estatus)
    d.crear_pte(EstatusPTE.ELIMINADA)

    inicial = d.crear_ot(estatus_ot=EstatusId.EN_EJECUCION, frente=FrenteId.BARCO)
    d.crear_ot(
        tipo=TipoId.OT_REPROGRAMACION, principal=inicial, estatus_ot=EstatusId.EN_EJECUCION, frente=FrenteId.BARCO
    )
    d.crear_ot(estatus=EstatusRegistro.POR_DEFINIR, estatus_ot=EstatusId.ASIGNADA, frente=FrenteId.TIERRA)
    borrada = d.crear_ot(estatus=EstatusRegistro.ELIMINADO, estatus_ot=EstatusId.EN_EJECUCION, frente=FrenteId.TIERRA)

    primero = hoy.replace(day=1)
    # 2 × 1500 + 0.5 × 1500 = 3750.00 MXN; 2 × 75.50 + 0.5 × 75.50 = 188.75 USD
    partida_a = d.crear_partida(inicial, "1500.0000", "75.5000")
    d.crear_produccion(partida_a, primero, "2.000000")
    d.crear_produccion(partida_a, primero + timedelta(days=1), "0.500000", tipo=TipoTiempo.CMA)
    # 1 × 10.005 MXN and 1 × 0.335 USD: the half cent rounds up (ROUND_HALF_UP), not to even.
    partida_b = d.crear_partida(inicial, "10.0050", "0.3350")
    d.crear_produccion(partida_b, primero, "1.000000")
    # Outside the month, and inside the month of a deleted OT: neither counts.
    d.crear_produccion(partida_a, primero - timedelta(days=1), "100.000000")
    d.crear_produccion(d.crear_partida(borrada, "999.0000", "99.0000"), primero, "5.000000")

    for n in range(1, 11):
        d.crear_actividad(admin, f"Entidad-{n:02d}", registro_id=n)
    return {"inicial": inicial}


def _datos_grafica(html: str, identificador: str) -> dict:
    m = re.search(rf'<script id="{identificador}" type="application/json">(.*?)</script>', html, re.S)
    assert m, identificador
    return json.loads(m.group(1))


def test_anonymous_visitor_is_sent_to_login(client):
    respuesta = client.get("/")
    assert respuesta.status_code == 302
    assert respuesta.url == "/accounts/login/?next=/"


def test_ptes_by_status_excludes_deleted_and_lists_every_status(operacion):
    por_estatus = {e["estatus"]: e["total"] for e in selectors.ptes_por_estatus()}
    assert EstatusPTE.ELIMINADA not in por_estatus
    assert por_estatus == {
        EstatusPTE.PENDIENTE: 2,
        EstatusPTE.PROCESO: 1,
        EstatusPTE.ENTREGADA: 1,
        EstatusPTE.CANCELADA: 0,
        EstatusPTE.SUSPENDIDA: 0,
    }


def test_ots_by_status_and_front_count_only_live_orders(operacion):
    assert {e["id"]: e["total"] for e in selectors.ots_por_estatus()} == {
        EstatusId.ASIGNADA: 1,
        EstatusId.EN_EJECUCION: 2,
    }
    assert [(f["id"], f["total"]) for f in selectors.ots_por_frente()] == [
        (FrenteId.BARCO, 2),
        (FrenteId.TIERRA, 1),
    ]


def test_month_production_is_valued_at_annex_prices_and_rounded_half_up(operacion, hoy):
    produccion = selectors.produccion_del_mes(hoy)
    assert produccion["registros"] == 3
    assert produccion["ots"] == 1
    assert produccion["importe_mn"] == Decimal("3760.01")
    assert produccion["importe_usd"] == Decimal("189.09")


def test_previous_month_has_its_own_production(operacion, hoy):
    mes_anterior = hoy.replace(day=1) - timedelta(days=1)
    produccion = selectors.produccion_del_mes(mes_anterior)
    assert produccion["registros"] == 1
    assert produccion["importe_mn"] == Decimal("150000.00")
    assert produccion["importe_usd"] == Decimal("7550.00")


def test_empty_month_is_zero_not_none(db, hoy):
    produccion = selectors.produccion_del_mes(hoy)
    assert produccion["registros"] == 0
    assert produccion["importe_mn"] == Decimal("0.00")
    assert produccion["texto_mn"] == "$0.00"


def test_admin_dashboard_shows_the_figures_charts_and_latest_activity(cliente_admin, operacion):
    respuesta = cliente_admin.get("/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "$3,760.01 <small>MXN</small>" in html
    assert "$189.09 <small>USD</small>" in html
    assert 'id="seccion-ptes"' in html and 'id="seccion-ots"' in html and 'id="seccion-actividad"' in html

    ptes = _datos_grafica(html, "datos-grafica-ptes")
    assert dict(zip(ptes["etiquetas"], ptes["valores"], strict=True)) == {
        "Pendiente": 2,
        "Proceso": 1,
        "Entregada": 1,
        "Cancelada": 0,
        "Suspendida": 0,
    }
    ots = _datos_grafica(html, "datos-grafica-ots")
    assert sorted(ots["valores"]) == [1, 2]

    # The eight newest entries of the activity log, never the older ones.
    for n in range(3, 11):
        assert f"Entidad-{n:02d}" in html
    assert "Entidad-01" not in html and "Entidad-02" not in html


def test_dashboard_marks_home_as_the_active_menu_entry(cliente_admin):
    html = cliente_admin.get("/").content.decode()
    assert re.search(r'class="nav-link active"[^>]*data-modulo="inicio"', html)
    assert not re.search(r'class="nav-link active"[^>]*data-modulo="pte"', html)
    assert "Cerrar sesión" in html and "Ana Admin" in html


def _consultas_de_inicio(client) -> int:
    client.get("/")  # settles the session's activity stamp, which is written at most every 30 s
    with CaptureQueriesContext(connection) as consultas:
        assert client.get("/").status_code == 200
    return len(consultas)


def test_dashboard_query_count_is_constant(cliente_admin, django_assert_num_queries, operacion, admin):
    # session + user, then one query per block: PTEs, OTs by status, OTs by front, production, activity.
    cliente_admin.get("/")
    with django_assert_num_queries(7):
        cliente_admin.get("/")

    for n in range(5):
        d.crear_pte(EstatusPTE.PROCESO)
        ot = d.crear_ot(frente=FrenteId.CP_PS, estatus_ot=EstatusId.SUSPENDIDA)
        d.crear_produccion(d.crear_partida(ot, "1.0000", "1.0000"), selectors.hoy_mexico().replace(day=1), "1")
        d.crear_actividad(admin, f"Mas-{n}")
    with django_assert_num_queries(7):
        cliente_admin.get("/")


def test_query_count_does_not_grow_for_a_user_with_role_permissions(client, lector, operacion):
    client.force_login(lector)
    antes = _consultas_de_inicio(client)
    for _ in range(5):
        d.crear_ot(frente=FrenteId.TIERRA, estatus_ot=EstatusId.TERMINADA)
    assert _consultas_de_inicio(client) == antes


def test_capturista_sees_ots_and_production_but_not_ptes_or_activity(cliente_capturista, operacion):
    html = cliente_capturista.get("/").content.decode()
    assert 'id="seccion-ots"' in html
    assert "$3,760.01 <small>MXN</small>" in html
    assert 'id="seccion-ptes"' not in html and 'id="datos-grafica-ptes"' not in html
    assert 'id="seccion-actividad"' not in html and "Entidad-10" not in html


def test_activity_needs_its_own_permission(client, capturista, operacion):
    capturista.user_permissions.add(Permission.objects.get(codename="view_registroactividad"))
    client.force_login(capturista)
    html = client.get("/").content.decode()
    assert 'id="seccion-actividad"' in html and "Entidad-10" in html


def test_user_without_permissions_gets_a_page_without_figures(cliente_externo, operacion):
    respuesta = cliente_externo.get("/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "no tiene módulos asignados" in html
    for marca in ("seccion-ptes", "seccion-ots", "seccion-actividad", "MXN"):
        assert marca not in html
    assert 'data-modulo="pte"' not in html


def test_user_without_permissions_runs_no_dashboard_query(client, externo):
    client.force_login(externo)
    client.get("/")
    with CaptureQueriesContext(connection) as consultas:
        client.get("/")
    tablas = " ".join(c["sql"] for c in consultas.captured_queries)
    for tabla in ("pte_header", '"ot"', "produccion", "registro_actividad"):
        assert tabla not in tablas


def test_chart_labels_are_sentence_case_and_keep_acronyms(db):
    d.crear_ot(frente=FrenteId.CP_PS, estatus_ot=EstatusId.DIFERIDA_SIN_INICIAR)
    d.crear_ot(frente=None, estatus_ot=EstatusId.EN_EJECUCION)
    assert {f["etiqueta"] for f in selectors.ots_por_frente()} == {"CP/PS", "Sin asignar"}
    assert {e["etiqueta"] for e in selectors.ots_por_estatus()} == {"Diferida (sin iniciar)", "En ejecucion"}
