"""The reconciliation page of an OT family and its Excel export (issue 6 item 5)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from operaciones.estimaciones.models import EstadoEstimacion
from tests.estimaciones.datos import estimacion_lista, produccion_firmada
from tests.factories import ReprogramacionFactory
from tests.produccion.datos import conceptos_crear, lineas_crear, producir

pytestmark = pytest.mark.django_db

URL = "/operaciones/estimaciones/conciliacion/"
EXCEL = URL + "excel/"


def _familia_conciliada():
    """Two concepts (100 authorised each) with 2 × 10 estimated and approved, 90 more produced on the first (excess:
    110 > 100), and a PUE line with production of its own."""
    fam, est = estimacion_lista(conceptos=2, dias=2, volumen="10", estado=EstadoEstimacion.APROBADA)
    producir(fam.partidas[0], date(2025, 4, 1), "90", sitio=fam.sitio)
    (pue,) = lineas_crear(fam.importacion, conceptos_crear(1, anexos=("C-3EXT",), precio_mn="5.00", precio_usd="0.50"))
    producir(pue, date(2025, 4, 2), "3", sitio=fam.sitio)
    return fam, est, pue


def test_without_an_ot_the_page_offers_the_picker_only(cliente_lector):
    respuesta = cliente_lector.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="conc-buscar-ot"' in html and 'id="tabla-conciliacion"' not in html
    assert "Elija una OT" in html


def test_each_concept_goes_from_authorised_to_paid_with_excess_and_pue_flagged(cliente_lector):
    fam, _est, pue = _familia_conciliada()
    respuesta = cliente_lector.get(URL, {"id_ot": fam.ot.pk})
    assert respuesta.status_code == 200
    filas = respuesta.context["filas"]
    assert [f["codigo"] for f in filas] == ["2.1.", "3.1.", pue.id_partida, ""]
    primera, segunda, extra, total = filas
    # stages: autorizado, producido, GPU firmado, estimado, aprobado, facturado, pagado
    assert primera["vol"] == ["100", "110", "20", "20", "20", "0", "0"]
    assert primera["es_excedente"] is True and segunda["es_excedente"] is False
    assert segunda["mn"][:5] == ["$1,050.00", "$210.00", "$210.00", "$210.00", "$210.00"]
    assert extra["es_pue"] is True and extra["vol"][1] == "3"
    assert total["es_total"] is True and total["vol"] == [""] * 7
    assert total["mn"][3] == "$420.00" and total["usd"][3] == "$50.00"
    html = respuesta.content.decode()
    assert html.count("data-excedente") == 1 and html.count("data-pue") == 1
    assert 'class="badge text-bg-warning">Excedente<' in html and 'class="badge text-bg-info">PUE<' in html
    assert 'class="conc-total"' in html and "TOTAL" in html
    assert respuesta.context["excedentes"] == 1 and respuesta.context["pues"] == 1
    assert f'href="{EXCEL}?id_ot={fam.ot.pk}"' in html


def test_a_reprogramming_shows_its_familys_reconciliation(cliente_lector):
    fam, _est, _pue = _familia_conciliada()
    repro = ReprogramacionFactory(ot_principal=fam.ot)
    filas = cliente_lector.get(URL, {"id_ot": repro.pk}).context["filas"]
    assert len(filas) == 4 and filas[0]["vol"][3] == "20"


def test_unknown_ot_is_404_and_junk_is_400(cliente_lector):
    assert cliente_lector.get(URL, {"id_ot": 999999}).status_code == 404
    respuesta = cliente_lector.get(URL, {"id_ot": "abc"})
    assert respuesta.status_code == 400 and 'id="conciliacion-error"' in respuesta.content.decode()


def test_page_query_count_does_not_grow_with_concepts_or_rows(cliente_admin, django_assert_num_queries):
    fam, _est, _pue = _familia_conciliada()
    cliente_admin.get(URL, {"id_ot": fam.ot.pk})
    # session, user, the OT, then the annex lines, the production and the estimation lines of the family
    with django_assert_num_queries(6):
        cliente_admin.get(URL, {"id_ot": fam.ot.pk})
    grande, _ = estimacion_lista(conceptos=8, dias=6, estado=EstadoEstimacion.PAGADA)
    produccion_firmada(grande, dias=4, mes=5)
    with django_assert_num_queries(6):
        assert len(cliente_admin.get(URL, {"id_ot": grande.ot.pk}).context["filas"]) == 9


def test_outsiders_are_refused(cliente_externo):
    assert cliente_externo.get(URL).status_code == 403
    assert cliente_externo.get(EXCEL, {"id_ot": 1}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


def test_excel_holds_the_same_rows_for_the_family_asked(cliente_lector):
    fam, _est, pue = _familia_conciliada()
    respuesta = cliente_lector.get(EXCEL, {"id_ot": fam.ot.pk})
    assert respuesta.status_code == 200
    assert "conciliacion_" in respuesta["Content-Disposition"]
    filas = list(load_workbook(io.BytesIO(respuesta.content)).active.iter_rows(values_only=True))
    assert filas[0][:7] == (
        "Anexo",
        "Partida",
        "Descripción",
        "Unidad",
        "Autorizado Volumen",
        "Autorizado MXN",
        "Autorizado USD",
    )
    cuerpo = filas[1:]
    assert [f[1] for f in cuerpo] == ["2.1.", "3.1.", pue.id_partida, None]
    primera, *_resto, total = cuerpo
    assert Decimal(str(primera[7])) == Decimal("110")  # producido volumen
    assert primera[-2:] == ("Sí", "No")
    assert total[2] == "TOTAL" and Decimal(str(total[14])) == Decimal("420.00")  # estimado MXN


def test_excel_needs_an_existing_ot(cliente_lector):
    respuesta = cliente_lector.get(EXCEL)
    assert respuesta.status_code == 400 and "id_ot" in respuesta.json()["errores"]
    assert cliente_lector.get(EXCEL, {"id_ot": 999999}).status_code == 404
