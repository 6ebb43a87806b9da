"""Centro de consulta, mode "Información": every figure against an independent sum over the stored rows."""

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.money import redondear_centavos
from operaciones.consulta import selectors
from operaciones.consulta.forms import FiltrosInformacion
from operaciones.ot.models import PartidaProyectada
from operaciones.produccion.models import Produccion, TipoTiempo
from tests.produccion.datos import familia_con_anexo, producir

URLS = ("consulta:indicadores", "consulta:datatable", "consulta:graficas", "consulta:exportar")


@pytest.fixture
def datos(db):
    """Two OTs of two leaders in two years, TE and CMA rows, one excess row, prices with four decimals."""
    f1 = familia_con_anexo(2, mes=3, anio=2025, precio_mn="10.3333", precio_usd="1.2567", programado="2")
    f2 = familia_con_anexo(2, mes=4, anio=2024, precio_mn="7.2500", precio_usd="0.7500")
    producir(f1.partidas[0], date(2025, 3, 1), "1.5", sitio=f1.sitio)
    producir(f1.partidas[0], date(2025, 3, 1), "0.25", sitio=f1.sitio, tipo_tiempo=TipoTiempo.CMA)
    producir(f1.partidas[1], date(2025, 3, 2), "3.333333", sitio=f1.sitio)
    excedente = producir(f1.partidas[1], date(2025, 3, 20), "0.5", sitio=f1.sitio, tipo_tiempo=TipoTiempo.CMA)
    Produccion.objects.filter(pk=excedente.pk).update(es_excedente=True)
    producir(f2.partidas[0], date(2024, 4, 10), "4", sitio=f2.sitio)
    producir(f2.partidas[1], date(2024, 4, 11), "1.111111", sitio=f2.sitio, tipo_tiempo=TipoTiempo.CMA)
    return f1, f2


def _esperado(filas) -> dict:
    """The KPI figures computed in Python, row by row, from the stored rows."""
    filas = list(filas)
    return {
        "importe_mn": sum(
            (redondear_centavos(p.volumen_produccion * p.id_partida_anexo.precio_unitario_mn) for p in filas),
            Decimal(0),
        ),
        "importe_usd": sum(
            (redondear_centavos(p.volumen_produccion * p.id_partida_anexo.precio_unitario_usd) for p in filas),
            Decimal(0),
        ),
        "volumen": sum((p.volumen_produccion for p in filas), Decimal(0)),
        "excedente_mn": sum(
            (
                redondear_centavos(p.volumen_produccion * p.id_partida_anexo.precio_unitario_mn)
                for p in filas
                if p.es_excedente
            ),
            Decimal(0),
        ),
        "ots": len({p.id_reporte_mensual.id_ot_id for p in filas}),
        "filas": len(filas),
    }


def _filtros(**valores) -> FiltrosInformacion:
    filtros = FiltrosInformacion(valores)
    assert filtros.is_valid(), filtros.errors
    return filtros


def _todas():
    return Produccion.objects.select_related("id_partida_anexo", "id_reporte_mensual")


@pytest.mark.parametrize(
    "valores, seleccion",
    [
        ({}, lambda p: True),
        ({"tipo_tiempo": "TE"}, lambda p: p.tipo_tiempo == "TE"),
        ({"tipo_tiempo": "CMA"}, lambda p: p.tipo_tiempo == "CMA"),
        ({"solo_excedentes": "on"}, lambda p: p.es_excedente),
        ({"desde": "2025-03-02", "hasta": "2025-03-31"}, lambda p: date(2025, 3, 2) <= p.fecha_produccion),
        ({"anexo": "c-2"}, lambda p: p.id_partida_anexo.anexo == "C-2"),
    ],
)
def test_kpi_cards_equal_an_independent_row_by_row_sum(datos, valores, seleccion):
    filtros = _filtros(**valores)
    k = selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())
    esperado = _esperado(p for p in _todas() if seleccion(p))
    assert esperado["filas"] > 0
    assert k["importe_mn"] == esperado["importe_mn"]
    assert k["importe_usd"] == esperado["importe_usd"]
    assert k["volumen_producido"] == esperado["volumen"]
    assert k["excedente_mn"] == esperado["excedente_mn"]
    assert k["ots"] == esperado["ots"]
    assert k["filas"] == esperado["filas"]


def test_usd_and_cma_rows_are_counted(datos):
    k = selectors.indicadores(_filtros().condicion_produccion(), _filtros().condicion_programado())
    solo_te = _filtros(tipo_tiempo="TE")
    te = selectors.indicadores(solo_te.condicion_produccion(), solo_te.condicion_programado())
    assert k["importe_usd"] > 0
    assert k["importe_mn"] > te["importe_mn"] > 0
    assert k["filas"] == Produccion.objects.count()


def test_leader_and_ot_filters_narrow_to_that_ot(datos):
    _f1, f2 = datos
    por_lider = _filtros(lider=str(f2.ot.id_responsable_proyecto_id))
    por_ot = _filtros(ot=str(f2.ot.pk))
    esperado = _esperado(p for p in _todas() if p.id_reporte_mensual.id_ot_id == f2.ot.pk)
    for filtros in (por_lider, por_ot):
        k = selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())
        assert (k["importe_mn"], k["filas"], k["ots"]) == (esperado["importe_mn"], esperado["filas"], 1)


def test_programmed_volume_equals_the_stored_programme(datos):
    _f1, _ = datos
    filtros = _filtros(desde="2025-03-01", hasta="2025-03-10")
    k = selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())
    esperado = sum(
        p.volumen_programado
        for p in PartidaProyectada.objects.filter(fecha__range=(date(2025, 3, 1), date(2025, 3, 10)))
    )
    assert k["volumen_programado"] == esperado == Decimal("40")


def test_kpis_cost_two_queries(datos, django_assert_num_queries):
    filtros = _filtros(tipo_tiempo="TE", anexo="C-2", concepto="prueba")
    with django_assert_num_queries(2):
        selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())


def test_daily_series_matches_rows_and_programme_per_day(datos, django_assert_num_queries):
    filtros = _filtros(desde="2025-03-01", hasta="2025-03-31")
    with django_assert_num_queries(2):
        serie = selectors.serie_diaria(filtros.condicion_produccion(), filtros.condicion_programado())
    producido = defaultdict(Decimal)
    for p in Produccion.objects.filter(fecha_produccion__year=2025):
        producido[p.fecha_produccion] += p.volumen_produccion
    assert len(serie) == 31
    assert [d["fecha"] for d in serie] == sorted(d["fecha"] for d in serie)
    for dia in serie:
        assert dia["producido"] == producido[dia["fecha"]]
        assert dia["programado"] == Decimal("4")  # two lines × 2 programmed every day


def test_bars_per_leader_equal_the_leaders_rows(datos, django_assert_num_queries):
    with django_assert_num_queries(1):
        barras = selectors.por_lider(_filtros().condicion_produccion())
    grupos = defaultdict(list)
    for p in _todas().select_related("id_reporte_mensual__id_ot"):
        grupos[p.id_reporte_mensual.id_ot.id_responsable_proyecto_id].append(p)
    assert {b["lider_id"] for b in barras} == set(grupos)
    for barra in barras:
        esperado = _esperado(grupos[barra["lider_id"]])
        assert (barra["importe_mn"], barra["importe_usd"]) == (esperado["importe_mn"], esperado["importe_usd"])


def test_period_drill_down_goes_year_month_day(datos, django_assert_num_queries):
    condicion = _filtros().condicion_produccion()
    with django_assert_num_queries(1):
        anios = selectors.por_periodo(condicion, "anio")
    assert [a["periodo"] for a in anios] == [2024, 2025]
    assert anios[1]["importe_mn"] == _esperado(p for p in _todas() if p.fecha_produccion.year == 2025)["importe_mn"]
    meses = selectors.por_periodo(condicion, "mes", 2025)
    assert [m["periodo"] for m in meses] == [3]
    dias = selectors.por_periodo(condicion, "dia", 2025, 3)
    assert [d["periodo"] for d in dias] == [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 20)]
    assert dias[0]["volumen"] == Decimal("1.75")
    assert sum(d["importe_mn"] for d in dias) == anios[1]["importe_mn"]


# --- Endpoints ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", (*URLS, "consulta:inicio"))
def test_anonymous_callers_get_401_or_login(client, nombre):
    url = reverse(nombre)
    assert client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 401
    respuesta = client.get(url)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


@pytest.mark.parametrize("nombre", (*URLS, "consulta:inicio"))
def test_users_without_the_bi_permission_get_403(cliente_capturista, datos, nombre):
    assert cliente_capturista.get(reverse(nombre)).status_code == 403


def test_page_renders_for_a_reader(cliente_lector):
    respuesta = cliente_lector.get(reverse("consulta:inicio"))
    assert respuesta.status_code == 200
    assert b"configuracion-consulta" in respuesta.content


def test_indicators_endpoint_answers_the_same_figures(cliente_lector, datos):
    respuesta = cliente_lector.get(reverse("consulta:indicadores"), {"tipo_tiempo": "CMA"})
    assert respuesta.status_code == 200
    k = respuesta.json()["indicadores"]
    esperado = _esperado(p for p in _todas() if p.tipo_tiempo == "CMA")
    assert Decimal(k["importe_mn"]) == esperado["importe_mn"]
    assert Decimal(k["importe_usd"]) == esperado["importe_usd"]
    assert k["filas"] == esperado["filas"]


@pytest.mark.parametrize(
    "nombre, parametros, campo",
    [
        ("consulta:indicadores", {"desde": "2025-03-10", "hasta": "2025-03-01"}, "hasta"),
        ("consulta:graficas", {"nivel": "mes"}, "anio"),
        ("consulta:graficas", {"nivel": "dia", "anio": "2025"}, "mes"),
        ("consulta:exportar", {"tipo_tiempo": "XX"}, "tipo_tiempo"),
        ("consulta:datatable", {"sitio": "abc"}, "sitio"),
    ],
)
def test_bad_filters_answer_400_with_errores(cliente_lector, nombre, parametros, campo):
    respuesta = cliente_lector.get(reverse(nombre), parametros)
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


def test_charts_endpoint_drills_down(cliente_lector, datos):
    respuesta = cliente_lector.get(reverse("consulta:graficas"), {"nivel": "dia", "anio": "2025", "mes": "3"})
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert [f["periodo"] for f in cuerpo["periodo"]["filas"]] == ["2025-03-01", "2025-03-02", "2025-03-20"]
    assert len(cuerpo["lideres"]) == 2
    assert cuerpo["diaria"]


def test_production_table_is_filtered_and_paged_with_pinned_queries(cliente_lector, datos, django_assert_num_queries):
    url = reverse("consulta:datatable")
    parametros = {"draw": "1", "start": "0", "length": "2", "tipo_tiempo": "CMA"}
    cliente_lector.get(url, parametros)  # warms the content-type cache
    # Session, user and its two permission reads, then the helper's total count, filtered count and page.
    with django_assert_num_queries(7):
        respuesta = cliente_lector.get(url, parametros)
    cuerpo = respuesta.json()
    assert cuerpo["recordsTotal"] == Produccion.objects.count()
    assert cuerpo["recordsFiltered"] == Produccion.objects.filter(tipo_tiempo="CMA").count()
    assert len(cuerpo["data"]) == 2
    primera = Produccion.objects.select_related("id_partida_anexo").get(pk=cuerpo["data"][0]["id"])
    assert Decimal(cuerpo["data"][0]["importe_mn"]) == redondear_centavos(
        primera.volumen_produccion * primera.id_partida_anexo.precio_unitario_mn
    )


def test_excel_export_holds_the_filtered_rows_and_totals(cliente_lector, datos):
    respuesta = cliente_lector.get(reverse("consulta:exportar"), {"desde": "2025-01-01"})
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"].startswith('attachment; filename="consulta_produccion_')
    libro = openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))
    filas = list(libro.active.iter_rows(values_only=True))
    assert filas[0][0] == "Fecha" and filas[0][11] == "Importe MXN"
    esperado = _esperado(p for p in _todas() if p.fecha_produccion.year == 2025)
    assert len(filas) - 1 == esperado["filas"]
    total_mn = sum(Decimal(str(f[11])) for f in filas[1:])
    total_usd = sum(Decimal(str(f[12])) for f in filas[1:])
    assert total_mn == esperado["importe_mn"]
    assert total_usd == esperado["importe_usd"]
    assert sorted(f[13] for f in filas[1:]) == ["NO", "NO", "NO", "SÍ"]
