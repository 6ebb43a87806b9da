"""The PTE list: DataTables endpoint (filters, sort, paging, pinned queries) and its Excel export."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from operaciones.catalogos.constantes import ClienteId, EstatusId, TipoId
from operaciones.pte.models import EstatusPTE
from tests.factories import (
    ClienteFactory,
    OTEFactory,
    PTEHeaderFactory,
    ResponsableProyectoFactory,
    cliente_pemex,
    tipo,
)
from tests.pte.utiles import cliente_de, marcar

pytestmark = pytest.mark.django_db

URL = "/operaciones/pte/datatable/"
EXPORTAR = "/operaciones/pte/exportar/"


def _datos(c, **parametros):
    respuesta = c.get(URL, {"draw": "1", "length": "100", **parametros})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def _folios(c, **parametros):
    return [f["oficio_pte"] for f in _datos(c, **parametros)["data"]]


def test_rows_carry_the_reference_keys_and_hide_deleted_ptes(cliente_lector, pte):
    PTEHeaderFactory(oficio_pte="BORRADA-2025", estatus=EstatusPTE.ELIMINADA)
    marcar(list(pte.detalles.order_by("id"))[:9])
    pte.fecha_entrega = date(2026, 3, 9)
    pte.save()
    cuerpo = _datos(cliente_lector)
    assert (cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (1, 1)
    fila = cuerpo["data"][0]
    claves = {
        "id", "id_tipo_id", "descripcion_tipo", "oficio_pte", "estatus", "estatus_texto", "oficio_solicitud",
        "descripcion_trabajo", "fecha_solicitud", "fecha_entrega", "responsable_proyecto", "responsable_nombre",
        "plazo_dias", "progreso", "pasos_completados", "total_pasos", "id_cliente_id", "tipo_cliente",
    }  # fmt: skip
    assert claves <= set(fila)
    assert fila["fecha_solicitud"] == pte.fecha_solicitud.isoformat() and fila["fecha_entrega"] == "09/03/2026"
    assert (fila["progreso"], fila["pasos_completados"], fila["total_pasos"]) == (50, 9, 18)
    assert (fila["tipo_cliente"], fila["responsable_proyecto"]) == (
        TipoId.CLIENTE_CONTRATO,
        pte.id_responsable_proyecto_id,
    )
    assert fila["listo_para_ot"] is False and fila["tiene_ot"] is False


def test_a_pte_without_client_does_not_break_the_list(cliente_admin):
    PTEHeaderFactory(id_cliente=None, oficio_pte="LEGADO-2022")
    fila = _datos(cliente_admin)["data"][0]
    assert (fila["oficio_pte"], fila["id_cliente_id"], fila["tipo_cliente"], fila["cliente"]) == (
        "LEGADO-2022",
        None,
        None,
        "",
    )
    assert fila["progreso"] == 0 and fila["total_pasos"] == 0


def test_ot_gate_counts_cancelled_steps_as_closed_and_knows_existing_ots(cliente_admin, pte):
    detalles = list(pte.detalles.order_by("id"))
    marcar(detalles[:-1])
    marcar(detalles[-1:], EstatusId.CANCELADO)
    fila = _datos(cliente_admin)["data"][0]
    assert fila["listo_para_ot"] is True and fila["progreso"] == 94
    OTEFactory(id_pte_header=pte)
    assert _datos(cliente_admin)["data"][0]["tiene_ot"] is True


def test_free_text_filter_searches_folio_request_and_description(cliente_admin):
    PTEHeaderFactory(oficio_pte="BME-A-2025", descripcion_trabajo="Reparación de riser")
    PTEHeaderFactory(oficio_pte="BME-B-2025", oficio_solicitud="PEP-ESPECIAL-1")
    PTEHeaderFactory(oficio_pte="BME-C-2025")
    assert _folios(cliente_admin, filtro="RISER") == ["BME-A-2025"]
    assert _folios(cliente_admin, filtro="especial") == ["BME-B-2025"]
    assert _folios(cliente_admin, filtro="bme-c") == ["BME-C-2025"]
    assert _folios(cliente_admin, **{"search[value]": "bme-c"}) == ["BME-C-2025"]


def test_status_type_responsible_client_and_year_filters(cliente_admin):
    responsable = ResponsableProyectoFactory()
    intercom = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_INTERCOM))
    PTEHeaderFactory(oficio_pte="F1-2024", estatus=EstatusPTE.PROCESO, id_tipo=tipo(TipoId.LICITACION))
    PTEHeaderFactory(oficio_pte="F2-2025", id_tipo=tipo(TipoId.UDC), id_responsable_proyecto=responsable)
    PTEHeaderFactory(oficio_pte="F3-2025", estatus=EstatusPTE.SUSPENDIDA, id_cliente=intercom)
    assert _folios(cliente_admin, estatus=EstatusPTE.PROCESO.value) == ["F1-2024"]
    assert _folios(cliente_admin, estatus=EstatusPTE.SUSPENDIDA.value) == ["F3-2025"]
    assert sorted(_folios(cliente_admin, tipo=[TipoId.LICITACION, TipoId.UDC])) == ["F1-2024", "F2-2025"]
    assert _folios(cliente_admin, **{"tipo[]": [TipoId.UDC]}) == ["F2-2025"]
    assert _folios(cliente_admin, responsable_proyecto=responsable.pk) == ["F2-2025"]
    assert _folios(cliente_admin, cliente=intercom.pk) == ["F3-2025"]
    assert _folios(cliente_admin, anio=2024) == ["F1-2024"]
    assert sorted(_folios(cliente_admin, anio=2025, cliente=ClienteId.PEMEX.value)) == ["F2-2025"]


@pytest.mark.parametrize(
    "parametros",
    [{"estatus": "0"}, {"estatus": "x"}, {"anio": "dos mil"}, {"tipo": "999999"}, {"cliente": "x"}, {"length": "9999"}],
)
def test_invalid_filters_answer_400(cliente_admin, parametros):
    respuesta = cliente_admin.get(URL, parametros)
    assert respuesta.status_code == 400 and respuesta.json()["errores"]


def test_sorts_by_folio_dates_status_and_progress(cliente_admin):
    hoy = date(2026, 5, 1)
    a = PTEHeaderFactory(con_pasos=True, oficio_pte="C-2025", fecha_solicitud=hoy, estatus=EstatusPTE.PROCESO)
    b = PTEHeaderFactory(con_pasos=True, oficio_pte="A-2025", fecha_solicitud=hoy - timedelta(days=5))
    PTEHeaderFactory(con_pasos=True, oficio_pte="B-2025", fecha_solicitud=hoy + timedelta(days=5))
    marcar(list(a.detalles.all())[:9])
    marcar(list(b.detalles.all())[:3])

    def orden(columna, sentido="asc"):
        return _folios(
            cliente_admin, **{"order[0][column]": "0", "columns[0][data]": columna, "order[0][dir]": sentido}
        )

    assert orden("oficio_pte") == ["A-2025", "B-2025", "C-2025"]
    assert orden("fecha_solicitud") == ["A-2025", "C-2025", "B-2025"]
    assert orden("estatus", "desc")[0] == "C-2025"
    assert orden("progreso", "desc") == ["C-2025", "A-2025", "B-2025"]
    no_ordenable = cliente_admin.get(URL, {"order[0][column]": "0", "columns[0][data]": "cliente"})
    assert no_ordenable.status_code == 400


def test_default_order_is_newest_first_and_paging_is_stable(cliente_admin):
    creadas = [PTEHeaderFactory().oficio_pte for _ in range(7)]
    pagina1 = _folios(cliente_admin, start=0, length=4)
    pagina2 = _folios(cliente_admin, start=4, length=4)
    assert pagina1 + pagina2 == list(reversed(creadas))
    assert _datos(cliente_admin, start=4, length=4)["recordsFiltered"] == 7


def _crear_ptes(n: int) -> None:
    intercom = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_INTERCOM))
    for i in range(n):
        cliente = None if i % 5 == 0 else intercom if i % 3 == 0 else cliente_pemex()
        pte = PTEHeaderFactory(con_pasos=cliente is not None, id_cliente=cliente)
        marcar(list(pte.detalles.all())[: i % 4])


def test_list_queries_do_not_grow_with_the_data(cliente_admin, django_assert_num_queries):
    _crear_ptes(5)
    cliente_admin.get(URL)  # settles the session
    parametros = {
        "draw": "1",
        "length": "50",
        "tipo": [TipoId.OBRA],
        "order[0][column]": "0",
        "columns[0][data]": "progreso",
    }
    # session, user, the type filter's validation, total count, filtered count, page
    with django_assert_num_queries(6):
        assert len(cliente_admin.get(URL, parametros).json()["data"]) == 5
    _crear_ptes(35)
    with django_assert_num_queries(6):
        assert len(cliente_admin.get(URL, parametros).json()["data"]) == 40


def test_list_permissions(client, lector, externo):
    assert client.get(URL).status_code in (302, 401)
    assert cliente_de(externo).get(URL).status_code == 403
    assert cliente_de(lector).get(URL).status_code == 200


# --- Export -------------------------------------------------------------------------------------------------------


def test_export_writes_the_filtered_list_to_excel(cliente_lector):
    pte = PTEHeaderFactory(con_pasos=True, oficio_pte="EXP-1-2025", total_homologado=Decimal("1500.25"))
    PTEHeaderFactory(oficio_pte="EXP-2-2024", estatus=EstatusPTE.PROCESO)
    PTEHeaderFactory(oficio_pte="EXP-BORRADA-2025", estatus=EstatusPTE.ELIMINADA)
    marcar(list(pte.detalles.order_by("id"))[:9])
    respuesta = cliente_lector.get(EXPORTAR, {"anio": "2025"})
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith('attachment; filename="PTEs_')
    hoja = load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == "Folio PTE" and "Avance (%)" in filas[0]
    assert len(filas) == 2
    fila = dict(zip(filas[0], filas[1], strict=True))
    assert fila["Folio PTE"] == "EXP-1-2025" and fila["Cliente"] == "PEMEX"
    assert fila["Avance (%)"] == 50 and fila["Total de pasos"] == 18 and fila["Total homologado"] == 1500.25
    assert fila["Fecha de solicitud"].date() == pte.fecha_solicitud
    todas = load_workbook(io.BytesIO(cliente_lector.get(EXPORTAR).content)).active
    assert todas.max_row == 3  # header + two live PTEs


def test_export_rejects_bad_filters_and_outsiders(cliente_admin, externo):
    assert cliente_admin.get(EXPORTAR, {"estatus": "x"}).status_code == 400
    assert cliente_de(externo).get(EXPORTAR).status_code == 403


def test_export_queries_do_not_grow_with_the_rows(cliente_lector):
    def consultas() -> int:
        cliente_lector.get(EXPORTAR)  # settles the session's activity stamp
        with CaptureQueriesContext(connection) as capturadas:
            assert cliente_lector.get(EXPORTAR).status_code == 200
        return len(capturadas)

    PTEHeaderFactory(con_pasos=True)
    pocas = consultas()
    for _ in range(4):
        PTEHeaderFactory(con_pasos=True)
    assert consultas() == pocas
