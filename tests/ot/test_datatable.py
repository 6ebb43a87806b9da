"""The OT list data (`/operaciones/ot/datatable/`): row shape, progress, filters, query count, export."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.ot.models import OTDetalle
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/operaciones/ot/datatable/"


def _datos(cliente, **params):
    respuesta = cliente.get(URL, {"draw": 3, "start": 0, "length": 100, **params})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def _folios(cliente, **params):
    return sorted(fila["orden_trabajo"] for fila in _datos(cliente, **params)["data"])


def test_row_carries_the_reference_keys_and_progress(cliente_lector):
    hoy = hoy_mexico()
    ot = f.OTEFactory(
        con_pasos=True,
        fecha_inicio_programado=hoy - timedelta(days=9),
        fecha_termino_programado=hoy + timedelta(days=10),
        fecha_inicio_real=hoy - timedelta(days=4),
        id_pte_header=f.PTEHeaderFactory(oficio_pte="BME-PTE-77-2025"),
    )
    pasos = list(ot.detalles.order_by("id"))
    OTDetalle.objects.filter(pk__in=[p.pk for p in pasos[:2]]).update(estatus_paso_id=EstatusId.COMPLETADO)
    OTDetalle.objects.filter(pk=pasos[2].pk).update(estatus_paso_id=EstatusId.NO_APLICA)
    OTDetalle.objects.filter(pk=pasos[3].pk).update(estatus_paso_id=EstatusId.CANCELADO)
    f.ReprogramacionFactory(ot_principal=ot)
    cuerpo = _datos(cliente_lector)
    # recordsTotal counts every live OT (the reprogramming too); the type filter narrows to the initial one
    assert (cuerpo["draw"], cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (3, 2, 1)
    fila = cuerpo["data"][0]
    total = len(pasos)
    # done = COMPLETADO or NO APLICA (DESIGN §6); CANCELADO is not done
    assert fila["total_pasos"] == total and fila["pasos_completados"] == 3
    assert fila["progreso_pasos"] == 300 // total
    assert (fila["plazo_total"], fila["dias_transcurridos"], fila["dias_restantes"]) == (20, 10, 10)
    assert fila["progreso_tiempo"] == 50
    assert fila["progreso_final"] == int(Decimal("0.7") * 50 + Decimal("0.3") * (300 // total))
    assert (fila["plazo_total_real"], fila["dias_transcurridos_real"]) == (15, 5)
    assert fila["progreso_tiempo_real"] == 33
    assert fila["tiene_reprogramaciones"] is True and fila["count_reprogramaciones"] == 1
    assert fila["pte_padre"] == "BME-PTE-77-2025" and fila["id_pte_id"] == ot.id_pte_header_id
    assert fila["fecha_inicio_programado"] == (hoy - timedelta(days=9)).strftime("%d/%m/%Y")
    assert fila["estatus"] == "Activo" and fila["estatus_numero"] == 1
    assert fila["estatus_ot_id"] == EstatusId.EN_EJECUCION and fila["estatus_ot_texto"] == "EN EJECUCION"
    assert fila["embarcacion"] == ot.id_embarcacion.descripcion and fila["id_embarcacion"] == ot.id_embarcacion_id
    esperadas = {
        "id", "id_tipo_id", "id_frente", "id_embarcacion", "id_plataforma", "id_intercom", "id_patio",
        "descripcion_tipo", "estatus", "estatus_numero", "estatus_ot_id", "estatus_ot_texto",
        "responsable_proyecto", "responsable_cliente", "id_pte_id", "pte_padre", "oficio_ot", "orden_trabajo",
        "descripcion_trabajo", "fecha_inicio_programado", "fecha_termino_programado", "fecha_inicio_real",
        "fecha_termino_real", "comentario", "ot_principal", "plazo_dias", "num_reprogramacion", "total_pasos",
        "pasos_completados", "progreso_pasos", "progreso_tiempo", "progreso_final", "dias_restantes",
        "dias_transcurridos", "plazo_total", "progreso_tiempo_real", "progreso_final_real", "dias_restantes_real",
        "dias_transcurridos_real", "plazo_total_real", "tiene_reprogramaciones", "count_reprogramaciones",
    }  # fmt: skip
    assert esperadas <= set(fila)


def test_reprogrammings_do_not_multiply_the_step_counts(cliente_lector):
    ot = f.OTEFactory(con_pasos=True)
    for _ in range(3):
        f.ReprogramacionFactory(ot_principal=ot)
    fila = _datos(cliente_lector)["data"][0]
    assert fila["total_pasos"] == ot.detalles.count()
    assert fila["count_reprogramaciones"] == 3


def test_deleted_ots_and_deleted_reprogrammings_are_never_listed_nor_counted(cliente_lector):
    ot = f.OTEFactory(orden_trabajo="VIVA")
    f.OTEFactory(orden_trabajo="BORRADA", estatus=EstatusRegistro.ELIMINADO)
    f.OTEFactory(orden_trabajo="POR-DEFINIR", estatus=EstatusRegistro.POR_DEFINIR)
    f.ReprogramacionFactory(ot_principal=ot, estatus=EstatusRegistro.ELIMINADO)
    cuerpo = _datos(cliente_lector)
    assert sorted(fila["orden_trabajo"] for fila in cuerpo["data"]) == ["POR-DEFINIR", "VIVA"]
    assert cuerpo["recordsTotal"] == 2
    viva = next(fila for fila in cuerpo["data"] if fila["orden_trabajo"] == "VIVA")
    assert viva["count_reprogramaciones"] == 0 and viva["tiene_reprogramaciones"] is False


def test_type_filter_defaults_to_initial_and_family_filter_lists_its_reprogrammings(cliente_lector):
    ot = f.OTEFactory(orden_trabajo="OT-A")
    f.ReprogramacionFactory(ot_principal=ot, num_reprogramacion=1)
    f.ReprogramacionFactory(ot_principal=ot, num_reprogramacion=2)
    f.ReprogramacionFactory(ot_principal=f.OTEFactory(orden_trabajo="OT-B"))
    assert _folios(cliente_lector) == ["OT-A", "OT-B"]
    familia = _datos(cliente_lector, tipo=TipoId.OT_REPROGRAMACION, ot_principal=ot.pk)["data"]
    assert sorted(fila["num_reprogramacion"] for fila in familia) == [1, 2]
    assert {fila["ot_principal"] for fila in familia} == {ot.pk}


def test_filters_by_status_responsible_client_and_site(cliente_lector):
    responsable = f.ResponsableProyectoFactory()
    intercom = f.ClienteFactory()
    patio = f.SitioFactory(id_frente=f.frente(FrenteId.PATIO))
    f.OTEFactory(orden_trabajo="ASIGNADA", id_estatus_ot=f.estatus(EstatusId.ASIGNADA))
    f.OTEFactory(orden_trabajo="DEL-RESPONSABLE", id_responsable_proyecto=responsable)
    f.OTEFactory(orden_trabajo="INTERCOM", id_cliente=intercom)
    f.OTEFactory(orden_trabajo="EN-PATIO", id_patio=patio, id_embarcacion=None)
    assert _folios(cliente_lector, estatus=EstatusId.ASIGNADA) == ["ASIGNADA"]
    assert _folios(cliente_lector, responsable_proyecto=responsable.pk) == ["DEL-RESPONSABLE"]
    assert _folios(cliente_lector, id_cliente=intercom.pk) == ["INTERCOM"]
    assert _folios(cliente_lector, sitio=patio.pk) == ["EN-PATIO"]


def test_year_filter_reads_the_letter_year_else_the_programmed_start(cliente_lector):
    f.OTEFactory(orden_trabajo="OFICIO-2024", oficio_ot="PEP-DG-1-2024", fecha_inicio_programado=date(2025, 5, 1))
    f.OTEFactory(orden_trabajo="SIN-ANIO-2024", oficio_ot="PENDIENTE", fecha_inicio_programado=date(2024, 3, 1))
    f.OTEFactory(orden_trabajo="OFICIO-2025", oficio_ot="PEP-DG-2-2025", fecha_inicio_programado=date(2024, 3, 1))
    assert _folios(cliente_lector, anio=2024) == ["OFICIO-2024", "SIN-ANIO-2024"]
    assert _folios(cliente_lector, anio=2025) == ["OFICIO-2025"]


def test_free_text_filter_and_search_box(cliente_lector):
    f.OTEFactory(orden_trabajo="OT-KU-1", id_pte_header=f.PTEHeaderFactory(oficio_pte="BME-0099-2025"))
    f.OTEFactory(orden_trabajo="OT-AKAL-2", oficio_ot="PEP-CARTA-55-2025")
    f.OTEFactory(orden_trabajo="OT-OTRA-3")
    assert _folios(cliente_lector, filtro="0099") == ["OT-KU-1"]
    assert _folios(cliente_lector, filtro="carta-55") == ["OT-AKAL-2"]
    assert _folios(cliente_lector, filtro="akal") == ["OT-AKAL-2"]
    assert _folios(cliente_lector, **{"search[value]": "ot-otra"}) == ["OT-OTRA-3"]


@pytest.mark.parametrize(
    "parametros",
    [{"length": -1}, {"length": 501}, {"tipo": 18}, {"anio": "veinte"}, {"sitio": "x"}, {"ot_principal": -3}],
)
def test_bad_parameters_answer_400_never_everything(cliente_lector, parametros):
    f.OTEFactory()
    respuesta = cliente_lector.get(URL, {"draw": 1, "start": 0, "length": 10, **parametros})
    assert respuesta.status_code == 400
    assert respuesta.json()["exito"] is False and respuesta.json()["errores"]


def _sembrar(n):
    for _ in range(n):
        ot = f.OTEFactory(con_pasos=True)
        f.ReprogramacionFactory(ot_principal=ot)


def _consultas(cliente, length):
    cliente.get(URL, {"draw": 1, "start": 0, "length": length})  # settles the session's activity stamp
    with CaptureQueriesContext(connection) as capturadas:
        assert cliente.get(URL, {"draw": 1, "start": 0, "length": length}).status_code == 200
    return len(capturadas)


def test_query_count_is_the_same_for_10_and_100_rows_and_at_most_8(cliente_lector):
    _sembrar(3)
    pocas = _consultas(cliente_lector, 10)
    _sembrar(30)
    muchas = _consultas(cliente_lector, 100)
    assert pocas == muchas <= 8


def test_query_count_pinned(cliente_lector, django_assert_num_queries):
    _sembrar(12)
    cliente_lector.get(URL, {"draw": 1, "start": 0, "length": 10})
    # session, user, the user's own and group permissions, total count, filtered count, page
    with django_assert_num_queries(7):
        cliente_lector.get(URL, {"draw": 1, "start": 0, "length": 100})


def test_export_downloads_the_filtered_list(cliente_lector):
    f.OTEFactory(orden_trabajo="OT-EXPORTADA", monto_mxn=Decimal("1234.56"), id_cliente=f.ClienteFactory())
    f.OTEFactory(orden_trabajo="OT-FUERA")
    intercom = f.OTEFactory(orden_trabajo="OT-INTERCOM", id_cliente=f.ClienteFactory())
    respuesta = cliente_lector.get("/operaciones/ot/exportar/", {"filtro": "OT-EXPORTADA"})
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith('attachment; filename="ordenes_de_trabajo_')
    hoja = load_workbook(io.BytesIO(respuesta.content), read_only=True).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == "Folio OT" and len(filas) == 2
    assert filas[1][0] == "OT-EXPORTADA" and Decimal(str(filas[1][17])) == Decimal("1234.56")
    por_cliente = cliente_lector.get("/operaciones/ot/exportar/", {"id_cliente": intercom.id_cliente_id})
    filas = list(load_workbook(io.BytesIO(por_cliente.content), read_only=True).active.iter_rows(values_only=True))
    assert [fila[0] for fila in filas[1:]] == ["OT-INTERCOM"]


def test_export_refuses_bad_filters(cliente_lector):
    assert cliente_lector.get("/operaciones/ot/exportar/", {"anio": "x"}).status_code == 400


def _consultas_exportar(cliente) -> int:
    cliente.get("/operaciones/ot/exportar/")  # settles the session's activity stamp
    with CaptureQueriesContext(connection) as capturadas:
        assert cliente.get("/operaciones/ot/exportar/").status_code == 200
    return len(capturadas)


def test_export_queries_do_not_grow_with_the_rows(cliente_lector):
    _sembrar(2)
    pocas = _consultas_exportar(cliente_lector)
    _sembrar(6)
    assert _consultas_exportar(cliente_lector) == pocas


def test_export_honours_the_search_box_and_refuses_an_overlong_one(cliente_lector):
    f.OTEFactory(orden_trabajo="OT-BUSCADA-1")
    f.OTEFactory(orden_trabajo="OT-OTRA-2")
    respuesta = cliente_lector.get("/operaciones/ot/exportar/", {"search[value]": "buscada"})
    filas = list(load_workbook(io.BytesIO(respuesta.content), read_only=True).active.iter_rows(values_only=True))
    assert [fila[0] for fila in filas[1:]] == ["OT-BUSCADA-1"]
    larga = cliente_lector.get("/operaciones/ot/exportar/", {"search[value]": "x" * 101})
    assert larga.status_code == 400
    assert larga.json()["detalles"] == "La búsqueda admite a lo más 100 caracteres."
