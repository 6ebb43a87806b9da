"""The month production sheet (issue 5 item 2, reference §3.3): consolidation, cells, subtotals, KPIs, queries."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.money import redondear_centavos
from operaciones.catalogos.models import SubAnexo
from operaciones.ot.models import ImportacionAnexo, PartidaProyectada
from operaciones.produccion.hoja import hoja_produccion
from operaciones.produccion.models import Produccion, TipoTiempo
from tests.factories import ImportacionAnexoFactory, SitioFactory
from tests.produccion.datos import (
    conceptos_crear,
    familia_con_anexo,
    firmar_dia,
    lineas_crear,
    producir,
)

pytestmark = pytest.mark.django_db

URL = "/operaciones/produccion/obtener_partidas_produccion/"


def hoja(fam, *, tipo="TE", mes=3, anio=2025, sitio=None, ot=None):
    return hoja_produccion(ot=ot or fam.ot, mes=mes, anio=anio, tipo_tiempo=tipo, sitio=sitio or fam.sitio)


def filas(datos) -> list[dict]:
    return [f for f in datos["partidas"] if not f["es_subtitulo"]]


def fecha_carga(importacion, horas: int) -> None:
    """Order annex versions: loaded `horas` hours after a fixed instant."""
    momento = timezone.make_aware(datetime(2025, 2, 1, 8)) + timedelta(hours=horas)
    ImportacionAnexo.objects.filter(pk=importacion.pk).update(fecha_carga=momento)


def parametros(fam, **extra) -> dict:
    return {"id_ot": fam.ot.pk, "mes": 3, "anio": 2025, "tipo_tiempo": "TE", "id_sitio": fam.sitio.pk} | extra


# --- Consolidation -------------------------------------------------------------------------------------------------


def test_concepts_of_the_family_active_versions_are_consolidated_with_the_latest_version_supplying_volume_and_prices():
    fam = familia_con_anexo(2, volumen="50", precio_mn="10", con_reprogramacion=True)
    fecha_carga(fam.importacion, 0)
    nueva = ImportacionAnexoFactory(ot=fam.reprogramacion, es_activo=True)
    fecha_carga(nueva, 1)
    [linea_nueva] = lineas_crear(nueva, fam.conceptos[:1], volumen="80", precio_mn="12", precio_usd="2")
    vieja = fam.partidas[0]
    producir(vieja, date(2025, 3, 2), "3", sitio=fam.sitio)
    producir(linea_nueva, date(2025, 3, 2), "1", sitio=fam.sitio, ot=fam.reprogramacion)

    datos = hoja(fam)

    primera = filas(datos)[0]
    assert primera["id_partida_imp"] == linea_nueva.pk
    assert primera["ids_agrupados"] == [linea_nueva.pk, vieja.pk]
    assert (primera["volumen_autorizado"], primera["pu_mn"], primera["pu_usd"]) == ("80.000000", "12.0000", "2.0000")
    assert primera["dias"][1]["te"] == "4"  # production of both grouped lines is summed
    assert primera["acumulado_mes"] == "4.000000"
    assert len(filas(datos)) == 2
    # The same sheet is served whichever OT of the family is asked for.
    assert hoja(fam, ot=fam.reprogramacion) == datos


def test_lines_of_inactive_versions_are_not_rows_but_their_production_still_shows():
    fam = familia_con_anexo(1)
    fecha_carga(fam.importacion, 0)
    fam.importacion.es_activo = False
    fam.importacion.save()
    nueva = ImportacionAnexoFactory(ot=fam.ot, es_activo=True)
    fecha_carga(nueva, 1)
    [actual] = lineas_crear(nueva, fam.conceptos, volumen="70")
    producir(fam.partidas[0], date(2025, 3, 4), "2.5", sitio=fam.sitio)

    [fila] = filas(hoja(fam))

    assert fila["ids_agrupados"] == [actual.pk]
    assert fila["dias"][3]["valor"] == "2.5"


def test_rows_sort_by_anexo_with_blank_last_then_by_numeric_code_with_a_subtotal_before_each_anexo():
    fam = familia_con_anexo(0)
    conceptos = conceptos_crear(5, anexos=("C-3", "C-2"))
    codigos = ["2.10.", "2.9.", "3.1.", "2.A.", "10.1."]
    anexos = ["C-2", "C-2", "C-3", "C-2", ""]
    for concepto, codigo, anexo in zip(conceptos, codigos, anexos, strict=True):
        concepto.partida_ordinaria = codigo
        concepto.sub_anexo = SubAnexo.objects.get_or_create(
            anexo_maestro=concepto.sub_anexo.anexo_maestro, clave_anexo=anexo or "SIN"
        )[0]
    lineas = lineas_crear(fam.importacion, conceptos)
    lineas[4].anexo = ""
    lineas[4].save()

    datos = hoja(fam)

    orden = [(f["es_subtitulo"], f["anexo"], f.get("codigo"), f["descripcion"][:17]) for f in datos["partidas"]]
    assert [(s, a, c) for s, a, c, _ in orden] == [
        (True, "C-2", None),
        (False, "C-2", "2.9."),
        (False, "C-2", "2.10."),
        (False, "C-2", "2.A."),
        (True, "C-3", None),
        (False, "C-3", "3.1."),
        (True, "", None),
        (False, "", "10.1."),
    ]
    assert orden[0][3] == "TOTAL ANEXO: C-2"


# --- Cells -------------------------------------------------------------------------------------------------------


def test_day_cells_show_the_selected_time_type_both_values_programmed_volume_and_nulls_beyond_the_month():
    fam = familia_con_anexo(1, mes=2, programado="2")
    partida = fam.partidas[0]
    producir(partida, date(2025, 2, 3), "1.5", sitio=fam.sitio)
    producir(partida, date(2025, 2, 3), "0.25", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA)
    producir(partida, date(2025, 2, 3), "7", sitio=SitioFactory())  # another site: not in this sheet's cells

    te = filas(hoja(fam, mes=2))[0]
    cma = filas(hoja(fam, mes=2, tipo="CMA"))[0]

    assert len(te["dias"]) == 31 and te["dias"][28:] == [None, None, None]
    assert te["dias"][2] == {
        "valor": "1.5",
        "te": "1.5",
        "cma": "0.25",
        "programado": "2",
        "es_excedente": False,
        "bloqueado": False,
    }
    assert cma["dias"][2]["valor"] == "0.25"
    assert te["dias"][0] == {
        "valor": None,
        "te": None,
        "cma": None,
        "programado": "2",
        "es_excedente": False,
        "bloqueado": False,
    }
    assert te["acumulado_mes"] == "1.750000"


def test_programmed_volume_of_a_day_comes_from_the_latest_version_that_programs_it():
    fam = familia_con_anexo(1, con_reprogramacion=True)
    fecha_carga(fam.importacion, 0)
    vieja = fam.partidas[0]
    nueva_version = ImportacionAnexoFactory(ot=fam.reprogramacion)
    fecha_carga(nueva_version, 1)
    [nueva] = lineas_crear(nueva_version, fam.conceptos)
    PartidaProyectada.objects.bulk_create(
        [
            PartidaProyectada(ot=fam.ot, partida_anexo=vieja, fecha=date(2025, 3, 1), volumen_programado=3),
            PartidaProyectada(ot=fam.ot, partida_anexo=vieja, fecha=date(2025, 3, 2), volumen_programado=3),
            PartidaProyectada(ot=fam.reprogramacion, partida_anexo=nueva, fecha=date(2025, 3, 2), volumen_programado=5),
        ]
    )

    dias = filas(hoja(fam))[0]["dias"]

    assert [dias[0]["programado"], dias[1]["programado"], dias[2]["programado"]] == ["3", "5", None]


def test_blocked_days_are_listed_with_their_reason_and_marked_on_every_cell():
    fam = familia_con_anexo(
        1, fecha_inicio_programado=date(2025, 3, 3), fecha_inicio_real=None, fecha_termino_programado=date(2025, 3, 29)
    )
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 10))

    datos = hoja(fam)

    assert datos["dias_mes"] == 31
    assert datos["dias_bloqueados"] == [
        {"dia": 1, "motivo": "Fuera de la vigencia de la OT (03/03/2025 – 29/03/2025)"},
        {"dia": 2, "motivo": "Fuera de la vigencia de la OT (03/03/2025 – 29/03/2025)"},
        {"dia": 10, "motivo": "Reporte diario firmado"},
        {"dia": 30, "motivo": "Fuera de la vigencia de la OT (03/03/2025 – 29/03/2025)"},
        {"dia": 31, "motivo": "Fuera de la vigencia de la OT (03/03/2025 – 29/03/2025)"},
    ]
    assert [n + 1 for n, d in enumerate(filas(datos)[0]["dias"]) if d["bloqueado"]] == [1, 2, 10, 30, 31]


def test_excess_flag_and_gpu_status_follow_the_stored_rows(settings):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2"]
    fam = familia_con_anexo(3, volumen="2")  # 2.1. C-2, 3.1. C-3, 2.2. C-2
    a = producir(fam.partidas[0], date(2025, 3, 1), "3", sitio=fam.sitio)
    producir(fam.partidas[2], date(2025, 3, 1), "1", sitio=fam.sitio)
    Produccion.objects.filter(pk=a.pk).update(es_excedente=True)

    por_codigo = {f["codigo"]: f for f in filas(hoja(fam))}

    assert por_codigo["2.1."]["dias"][0]["es_excedente"] is True
    assert por_codigo["2.1."]["estatus_gpu"] == "BLOQUEADO"
    assert por_codigo["2.2."]["estatus_gpu"] == "AUTORIZADO"
    assert por_codigo["3.1."]["estatus_gpu"] == "NO APLICA"
    Produccion.objects.filter(pk=a.pk).update(excedente_autorizado=True)
    assert {f["codigo"]: f for f in filas(hoja(fam))}["2.1."]["estatus_gpu"] == "AUTORIZADO"


# --- Subtotals and KPIs ------------------------------------------------------------------------------------------


def test_subtotals_and_kpis_round_each_row_to_cents_before_summing():
    # PU 0.005: one unit is 0.005 → 0.01 per row; three rows 0.03 (rounding the sum would give 0.02).
    fam = familia_con_anexo(3, volumen="1", precio_mn="0.005", precio_usd="0.0049")
    otro_sitio = SitioFactory()
    for partida in fam.partidas:
        producir(partida, date(2025, 2, 20), "1", sitio=otro_sitio, tipo_tiempo=TipoTiempo.CMA)  # before the month
        producir(partida, date(2025, 3, 1), "1", sitio=fam.sitio)
        producir(partida, date(2025, 3, 2), "1", sitio=otro_sitio)  # this month, another site

    datos = hoja(fam)

    assert datos["totales"] == {
        "aut_mn": "0.03",
        "aut_usd": "0.00",
        "acum_mn": "0.03",
        "acum_usd": "0.00",
        "ejec_mn": "0.03",  # Σ round(2 × 0.005) = 3 × 0.01
        "ejec_usd": "0.03",  # Σ round(2 × 0.0049) = 3 × 0.01
        "resta_mn": "-0.03",
        "resta_usd": "-0.03",
    }
    primera = filas(datos)[0]
    assert primera["acumulado_previo"] == "1.000000"
    assert (primera["acumulado_mes"], primera["monto_mn"], primera["monto_usd"]) == ("1.000000", "0.01", "0.00")
    subtotal_c2 = datos["partidas"][0]
    assert subtotal_c2["es_subtitulo"] is True
    assert (subtotal_c2["acumulado_mes"], subtotal_c2["monto_mn"]) == ("2.000000", "0.02")
    assert subtotal_c2["dias"][0] == {"te": "2", "cma": "0", "programado": "0"}


def test_kpis_in_mxn_and_usd_follow_the_consolidated_prices():
    fam = familia_con_anexo(2, volumen="100", precio_mn="10.50", precio_usd="1.25")
    producir(fam.partidas[0], date(2025, 1, 15), "10", sitio=fam.sitio)
    producir(fam.partidas[1], date(2025, 3, 5), "4.333", sitio=fam.sitio)

    totales = hoja(fam)["totales"]

    aut = 2 * redondear_centavos(Decimal(100) * Decimal("10.50"))
    acum = redondear_centavos(Decimal(10) * Decimal("10.50"))
    ejec = redondear_centavos(Decimal("4.333") * Decimal("10.50"))
    assert totales["aut_mn"] == str(aut) == "2100.00"
    assert totales["acum_mn"] == str(acum)
    assert totales["ejec_mn"] == str(ejec) == "45.50"
    assert totales["resta_mn"] == str(aut - acum - ejec)
    assert totales["ejec_usd"] == str(redondear_centavos(Decimal("4.333") * Decimal("1.25"))) == "5.42"


# --- Queries -------------------------------------------------------------------------------------------------------


def _consultas(cliente, fam) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(URL, parametros(fam))
    assert respuesta.status_code == 200
    return len(capturadas)


def _con_produccion(n: int):
    fam = familia_con_anexo(n, programado="1")
    for partida in fam.partidas:
        producir(partida, date(2025, 3, 1), "1", sitio=fam.sitio)
        producir(partida, date(2025, 2, 1), "1", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 4))
    return fam


def test_loading_the_sheet_issues_the_same_queries_for_20_and_200_concepts(
    cliente_capturista, django_assert_num_queries
):
    chica, grande = _con_produccion(20), _con_produccion(200)
    cliente_capturista.get(URL, parametros(chica))  # warm the session and permission caches alike

    assert _consultas(cliente_capturista, chica) == _consultas(cliente_capturista, grande)
    # session + user + permissions (2) + OT + site + the sheet's six queries
    with django_assert_num_queries(12):
        cliente_capturista.get(URL, parametros(chica))
    with django_assert_num_queries(12):
        respuesta = cliente_capturista.get(URL, parametros(grande))
    assert len(filas(respuesta.json())) == 200


def test_the_sheet_service_alone_costs_six_queries(django_assert_num_queries):
    fam = _con_produccion(20)

    with django_assert_num_queries(6):
        hoja(fam)


# --- Endpoint ------------------------------------------------------------------------------------------------------


def test_the_endpoint_answers_the_envelope_with_the_sheet(cliente_lector):
    fam = familia_con_anexo(2)

    respuesta = cliente_lector.get(URL, parametros(fam))

    assert respuesta.status_code == 200
    datos = respuesta.json()
    assert (datos["exito"], datos["tipo_aviso"], datos["detalles"]) == (True, "exito", "")
    assert set(datos) >= {"dias_mes", "dias_bloqueados", "partidas", "totales"}
    assert len(filas(datos)) == 2


def test_tipo_tiempo_defaults_to_te_and_accepts_lower_case(cliente_lector):
    fam = familia_con_anexo(1)
    producir(fam.partidas[0], date(2025, 3, 1), "2", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA)

    sin_tipo = cliente_lector.get(URL, parametros(fam) | {"tipo_tiempo": ""}).json()
    cma = cliente_lector.get(URL, parametros(fam) | {"tipo_tiempo": "cma"}).json()

    assert filas(sin_tipo)[0]["dias"][0]["valor"] is None
    assert filas(cma)[0]["dias"][0]["valor"] == "2"


def test_anonymous_and_outsiders_get_no_sheet(cliente_externo):
    fam = familia_con_anexo(1)

    anonimo = Client().get(URL, parametros(fam), headers={"accept": "application/json"})
    externo = cliente_externo.get(URL, parametros(fam), headers={"accept": "application/json"})

    assert anonimo.status_code in (401, 302)
    assert externo.status_code == 403
    assert b"partidas" not in anonimo.content + externo.content


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        ({"mes": "0"}, "mes"),
        ({"mes": "marzo"}, "mes"),
        ({"anio": "1999"}, "anio"),
        ({"tipo_tiempo": "TX"}, "tipo_tiempo"),
        ({"id_ot": "abc"}, "id_ot"),
        ({"id_sitio": ""}, "id_sitio"),
    ],
)
def test_bad_parameters_get_400_with_errors(cliente_lector, cambio, campo):
    fam = familia_con_anexo(1)

    respuesta = cliente_lector.get(URL, parametros(fam, **cambio))

    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


def test_a_missing_or_deleted_ot_and_a_missing_site_are_404(cliente_lector):
    fam = familia_con_anexo(1)

    assert cliente_lector.get(URL, parametros(fam, id_sitio=999999)).status_code == 404
    assert cliente_lector.get(URL, parametros(fam, id_ot=999999)).status_code == 404
    fam.ot.estatus = 0
    fam.ot.save()
    assert cliente_lector.get(URL, parametros(fam)).status_code == 404
