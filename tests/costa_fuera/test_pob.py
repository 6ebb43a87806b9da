"""Persons on board of a vessel's day: rows by company and category, the vessel's capacity, the endpoint."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.models import RegistroActividad
from costa_fuera import pob
from costa_fuera.models import EstadoReporte, PersonalABordo
from costa_fuera.selectors_recursos import pob_del_reporte
from tests.costa_fuera.datos import embarcacion, reporte

pytestmark = pytest.mark.django_db

FILAS = [
    {"compania": "  BME SubTec ", "categoria": "Buzos", "cantidad": 12},
    {"compania": "BME SubTec", "categoria": "Supervisión", "cantidad": "3"},
    {"compania": "Naviera del Golfo", "categoria": "Tripulación", "cantidad": 20},
    {"compania": "PEMEX", "categoria": "Supervisión", "cantidad": 2},
]


def _errores(excinfo) -> str:
    return " ".join(excinfo.value.message_dict["filas"])


def test_the_days_rows_are_saved_trimmed_and_summarised(admin):
    rep = reporte()
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS, usuario=admin)
    resumen = pob_del_reporte(rep)
    assert resumen["total"] == 37 and resumen["capacidad"] == 60 and resumen["excede"] is False
    assert resumen["porcentaje"] == 61.7
    assert [(f["compania"], f["categoria"], f["cantidad"]) for f in resumen["filas"]][:2] == [
        ("BME SubTec", "Buzos", 12),
        ("BME SubTec", "Supervisión", 3),
    ]
    assert resumen["por_compania"] == [
        {"compania": "Naviera del Golfo", "total": 20},
        {"compania": "BME SubTec", "total": 15},
        {"compania": "PEMEX", "total": 2},
    ]
    assert {"categoria": "Supervisión", "total": 5} in resumen["por_categoria"]
    assert RegistroActividad.objects.filter(afectacion=pob.ENTIDAD_POB, registro_id=rep.pk).exists()


def test_saving_again_replaces_the_rows_and_the_same_rows_log_nothing(admin):
    rep = reporte()
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS, usuario=admin)
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS[2:], usuario=admin)
    assert PersonalABordo.objects.filter(reporte=rep).count() == 2
    registros = RegistroActividad.objects.count()
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS[2:], usuario=admin)
    assert RegistroActividad.objects.count() == registros
    pob.pob_guardar(reporte_id=rep.pk, filas=[], usuario=admin)
    assert pob_del_reporte(rep)["total"] == 0


def test_above_the_vessels_capacity_is_refused_in_spanish(admin):
    rep = reporte(embarcacion(capacidad_pob=60))
    filas = [
        {"compania": "BME", "categoria": "Buzos", "cantidad": 40},
        {"compania": "PEMEX", "categoria": "X", "cantidad": 24},
    ]
    with pytest.raises(ValidationError) as e:
        pob.pob_guardar(reporte_id=rep.pk, filas=filas, usuario=admin)
    assert _errores(e) == "El personal a bordo (64) excede la capacidad de la embarcación (60)."
    assert not PersonalABordo.objects.filter(reporte=rep).exists()
    # Exactly at capacity is fine.
    filas[1]["cantidad"] = 20
    pob.pob_guardar(reporte_id=rep.pk, filas=filas, usuario=admin)
    assert pob_del_reporte(rep)["porcentaje"] == 100.0


def test_a_vessel_without_capacity_has_no_limit(admin):
    rep = reporte(embarcacion(capacidad_pob=None))
    pob.pob_guardar(reporte_id=rep.pk, filas=[{"compania": "A", "categoria": "B", "cantidad": 500}], usuario=admin)
    resumen = pob_del_reporte(rep)
    assert resumen["capacidad"] is None and resumen["porcentaje"] is None and resumen["excede"] is False


def test_a_vessel_of_capacity_zero_takes_no_one_and_reads_full_with_anyone(admin):
    rep = reporte(embarcacion(capacidad_pob=0))
    assert pob_del_reporte(rep)["porcentaje"] == 0.0
    with pytest.raises(ValidationError) as e:
        pob.pob_guardar(reporte_id=rep.pk, filas=[{"compania": "A", "categoria": "B", "cantidad": 1}], usuario=admin)
    assert _errores(e) == "El personal a bordo (1) excede la capacidad de la embarcación (0)."
    PersonalABordo.objects.create(reporte=rep, compania="A", categoria="B", cantidad=1)  # as if stored earlier
    resumen = pob_del_reporte(rep)
    assert resumen["porcentaje"] == 100.0 and resumen["porcentaje_barra"] == 100.0 and resumen["excede"] is True


def test_a_repeated_company_and_category_is_refused_naming_both_rows(admin):
    rep = reporte()
    filas = [*FILAS, {"compania": "bme  subtec", "categoria": "BUZOS", "cantidad": 1}]
    with pytest.raises(ValidationError) as e:
        pob.pob_guardar(reporte_id=rep.pk, filas=filas, usuario=admin)
    assert "Los renglones 1 y 5 repiten la compañía" in _errores(e)


@pytest.mark.parametrize(
    ("filas", "texto"),
    [
        ("nada", "lista"),
        ([["BME", "Buzos", 1]], "Renglón 1"),
        ([{"compania": "  ", "categoria": "Buzos", "cantidad": 1}], "indique la compañía"),
        ([{"compania": "BME", "categoria": "", "cantidad": 1}], "indique la categoría"),
        ([{"compania": "BME", "categoria": 5, "cantidad": 1}], "debe ser texto"),
        ([{"compania": "B" * 201, "categoria": "X", "cantidad": 1}], "200 caracteres"),
        ([{"compania": "BME", "categoria": "X", "cantidad": -1}], "número entero"),
        ([{"compania": "BME", "categoria": "X", "cantidad": 1.5}], "número entero"),
        ([{"compania": "BME", "categoria": "X", "cantidad": True}], "número entero"),
        ([{"compania": "BME", "categoria": "X", "cantidad": "diez"}], "número entero"),
        ([{"compania": "BME", "categoria": "X", "cantidad": 1000}], "número entero"),
        ([{"compania": "BME", "categoria": "X"}], "número entero"),
        ([{"compania": f"C{n}", "categoria": "X", "cantidad": 0} for n in range(201)], "200 renglones"),
    ],
)
def test_malformed_rows_are_refused_naming_the_row(admin, filas, texto):
    rep = reporte(embarcacion(capacidad_pob=None))
    with pytest.raises(ValidationError) as e:
        pob.pob_guardar(reporte_id=rep.pk, filas=filas, usuario=admin)
    assert texto in _errores(e)


def test_a_closed_report_refuses_the_pob(admin):
    rep = reporte(estado=EstadoReporte.CERRADO)
    with pytest.raises(ValidationError) as e:
        pob.pob_guardar(reporte_id=rep.pk, filas=FILAS, usuario=admin)
    assert "está cerrado" in e.value.message_dict["reporte"][0]


def test_reading_the_pob_takes_one_query(admin, django_assert_num_queries):
    rep = reporte()
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS, usuario=admin)
    rep = type(rep).objects.select_related("embarcacion").get(pk=rep.pk)
    with django_assert_num_queries(1):
        pob_del_reporte(rep)


# --- the endpoint -------------------------------------------------------------------------------------------------


def _url(rep):
    return reverse("costa_fuera:pob_guardar", args=[rep.pk])


def test_the_endpoint_takes_a_json_body_or_a_form_field(cliente_capturista):
    rep = reporte()
    respuesta = cliente_capturista.post(_url(rep), json.dumps({"filas": FILAS}), content_type="application/json")
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["pob"]["total"] == 37
    respuesta = cliente_capturista.post(_url(rep), {"filas": json.dumps(FILAS[:1])})
    assert respuesta.status_code == 200 and respuesta.json()["pob"]["total"] == 12


def test_the_endpoint_refuses_malformed_json_and_bad_rows_with_400(cliente_capturista):
    rep = reporte()
    respuesta = cliente_capturista.post(_url(rep), "[{", content_type="application/json")
    assert respuesta.status_code == 400 and "JSON" in respuesta.json()["detalles"]
    respuesta = cliente_capturista.post(_url(rep), {"filas": "[{"})
    assert respuesta.status_code == 400 and "JSON" in respuesta.json()["detalles"]
    respuesta = cliente_capturista.post(_url(rep), {})
    assert respuesta.status_code == 400
    filas = [{"compania": "A", "categoria": "B", "cantidad": 61}]
    respuesta = cliente_capturista.post(_url(rep), {"filas": json.dumps(filas)})
    assert respuesta.status_code == 400
    assert respuesta.json()["detalles"] == "El personal a bordo (61) excede la capacidad de la embarcación (60)."


def test_the_endpoint_refuses_a_closed_report(cliente_capturista):
    rep = reporte(estado=EstadoReporte.CERRADO)
    respuesta = cliente_capturista.post(_url(rep), {"filas": json.dumps(FILAS)})
    assert respuesta.status_code == 400 and "cerrado" in respuesta.json()["detalles"]


def test_the_endpoint_needs_login_and_the_change_permission(cliente_lector):
    rep = reporte()
    assert Client().post(_url(rep), {"filas": "[]"}).status_code == 401
    assert cliente_lector.post(_url(rep), {"filas": "[]"}).status_code == 403


def test_the_endpoint_answers_404_for_an_unknown_report(cliente_capturista):
    respuesta = cliente_capturista.post(reverse("costa_fuera:pob_guardar", args=[999999]), {"filas": "[]"})
    assert respuesta.status_code == 404 and respuesta.json()["detalles"] == "El reporte diario no existe."


# --- the day page's tabs (the page itself belongs to the report part) --------------------------------------------


def _dia_con_datos(admin):
    from costa_fuera import consumibles, incidencias

    rep = reporte()
    consumibles.inventarios_abrir(rep)
    pob.pob_guardar(reporte_id=rep.pk, filas=FILAS, usuario=admin)
    consumibles.inventario_guardar(
        reporte_id=rep.pk,
        tipo_recurso="DIESEL",
        existencia_anterior="1000",
        suministro="0",
        consumo="100",
        trasiego="0",
        lectura_pemex="950",
        usuario=admin,
    )
    incidencias.incidencia_crear(
        reporte_id=rep.pk, tipo="Clima", severidad="CRITICA", descripcion="<b>Norte</b> fuerte", usuario=admin
    )
    return rep


def test_the_day_page_renders_the_pob_consumables_and_incidents_tabs(cliente_admin, admin):
    rep = _dia_con_datos(admin)
    respuesta = cliente_admin.get(reverse("costa_fuera:reporte", args=[rep.pk]))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="pob-panel"' in html and 'value="Naviera del Golfo"' in html and 'id="pob-guardar"' in html
    assert 'id="pob-total">37<' in html and "/ 60 de capacidad" in html
    assert 'id="consumibles-panel"' in html and "Diferencia fuera de tolerancia" in html
    assert 'name="existencia_anterior"' in html
    assert 'id="incidencias-panel"' in html and "Crítica" in html and 'id="incidencia-form"' in html
    assert "&lt;b&gt;Norte&lt;/b&gt;" in html and "<b>Norte</b>" not in html
    assert reverse("costa_fuera:incidencia_borrar", args=[rep.incidencias.get().pk]) in html


def test_the_day_page_is_read_only_for_a_reader_and_for_a_closed_report(client, admin, lector):
    rep = _dia_con_datos(admin)
    client.force_login(lector)
    html = client.get(reverse("costa_fuera:reporte", args=[rep.pk])).content.decode()
    assert 'id="pob-panel"' in html and "Naviera del Golfo" in html
    assert 'id="pob-guardar"' not in html and 'name="suministro"' not in html and 'id="incidencia-form"' not in html
    rep.estado = EstadoReporte.CERRADO
    rep.save()
    client.force_login(admin)
    html = client.get(reverse("costa_fuera:reporte", args=[rep.pk])).content.decode()
    assert 'id="pob-guardar"' not in html and 'name="suministro"' not in html and "incidencia-borrar" not in html
