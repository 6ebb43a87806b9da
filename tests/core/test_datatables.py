"""core/datatables.py: the protocol form, counts, search, filters, ordering, paging and the query budget."""

import json

import pytest
from django import forms
from django.db import connection
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.datatables import Columna, FiltrosDataTable, filtro_busqueda, responder_datatable
from operaciones.catalogos.models import UnidadMedida

pytestmark = pytest.mark.django_db

MARCA = "prueba-datatables"
COLUMNAS = [
    Columna("id", "Id", orden=True),
    Columna("clave", "Clave", busqueda=True, orden=True),
    Columna("descripcion", "Descripción", busqueda=True, orden=True),
    Columna("comentario", "Comentario"),
]


class SoloActivas(FiltrosDataTable):
    activo = forms.ChoiceField(choices=[("", "todas"), ("si", "sí"), ("no", "no")], required=False)

    def filtrar(self, queryset):
        if self.cleaned_data["activo"]:
            queryset = queryset.filter(activo=self.cleaned_data["activo"] == "si")
        return queryset


def _unidades(*filas):
    return [
        UnidadMedida.objects.create(clave=clave, descripcion=descripcion, comentario=MARCA, activo=activo)
        for clave, descripcion, activo in filas
    ]


def _base():
    return UnidadMedida.objects.filter(comentario=MARCA)


def _fila(u):
    return {"id": u.pk, "clave": u.clave, "descripcion": u.descripcion}


def _pedir(parametros=None, *, metodo="get", filtros_form=None):
    request = getattr(RequestFactory(), metodo)("/tabla", parametros or {})
    respuesta = responder_datatable(request, _base(), columnas=COLUMNAS, fila=_fila, filtros_form=filtros_form)
    return respuesta.status_code, json.loads(respuesta.content)


def test_answers_the_datatables_envelope_with_draw_echoed_as_int():
    _unidades(("M", "METRO", True), ("KG", "KILOGRAMO", True))
    status, cuerpo = _pedir({"draw": "7", "start": "0", "length": "10"})
    assert status == 200
    assert cuerpo["draw"] == 7
    assert cuerpo["recordsTotal"] == 2
    assert cuerpo["recordsFiltered"] == 2
    assert {f["clave"] for f in cuerpo["data"]} == {"M", "KG"}


def test_missing_parameters_take_safe_defaults():
    _unidades(*[(f"U{i}", f"UNIDAD {i}", True) for i in range(12)])
    status, cuerpo = _pedir()
    assert status == 200
    assert cuerpo["draw"] == 0
    assert len(cuerpo["data"]) == 10


def test_pages_are_sliced_by_start_and_length_and_stable_on_ties():
    # Same description everywhere: only the pk tie-breaker keeps pages disjoint.
    creadas = _unidades(*[(f"C{i}", "IGUAL", True) for i in range(7)])
    vistos = []
    for inicio in (0, 3, 6):
        _, cuerpo = _pedir({"start": inicio, "length": 3, "order[0][column]": "2", "order[0][dir]": "asc"})
        vistos += [f["id"] for f in cuerpo["data"]]
    assert vistos == [u.pk for u in creadas]


def test_orders_by_a_sortable_column_in_both_directions():
    _unidades(("B", "BETA", True), ("A", "ALFA", True), ("C", "GAMMA", True))
    _, asc = _pedir({"order[0][column]": "1", "order[0][dir]": "asc"})
    _, desc = _pedir({"order[0][column]": "1", "order[0][dir]": "desc"})
    assert [f["clave"] for f in asc["data"]] == ["A", "B", "C"]
    assert [f["clave"] for f in desc["data"]] == ["C", "B", "A"]


def test_the_sorted_column_is_found_by_its_data_name_when_the_client_sends_it():
    _unidades(("B", "ALFA", True), ("A", "BETA", True))
    # The client's column 0 is "descripcion" even though the server lists it third.
    _, cuerpo = _pedir({"order[0][column]": "0", "order[0][dir]": "asc", "columns[0][data]": "descripcion"})
    assert [f["descripcion"] for f in cuerpo["data"]] == ["ALFA", "BETA"]


def test_search_requires_every_word_in_some_searchable_column():
    _unidades(("M2", "METRO CUADRADO", True), ("M3", "METRO CUBICO", True), ("KG", "KILOGRAMO", True))
    _, cuerpo = _pedir({"search[value]": "metro  cub"})
    assert [f["clave"] for f in cuerpo["data"]] == ["M3"]
    assert cuerpo["recordsTotal"] == 3
    assert cuerpo["recordsFiltered"] == 1
    _, por_clave = _pedir({"search[value]": "kg"})
    assert [f["clave"] for f in por_clave["data"]] == ["KG"]


def test_search_ignores_columns_not_marked_searchable():
    assert filtro_busqueda("x", [Columna("comentario")]) is None
    _unidades(("M", "METRO", True))
    _, cuerpo = _pedir({"search[value]": MARCA})
    assert cuerpo["recordsFiltered"] == 0


def test_filter_form_narrows_filtered_count_but_not_total():
    _unidades(("A", "ACTIVA", True), ("I", "INACTIVA", False))
    status, cuerpo = _pedir({"activo": "si"}, filtros_form=SoloActivas)
    assert status == 200
    assert cuerpo["recordsTotal"] == 2
    assert cuerpo["recordsFiltered"] == 1
    assert cuerpo["data"][0]["clave"] == "A"


def test_parameters_may_come_in_a_post_body():
    _unidades(("A", "ALFA", True))
    status, cuerpo = _pedir({"draw": "3", "length": "5"}, metodo="post")
    assert status == 200
    assert cuerpo["draw"] == 3


@pytest.mark.parametrize(
    ("parametros", "campo"),
    [
        ({"draw": "abc"}, "draw"),
        ({"draw": "-1"}, "draw"),
        ({"start": "-1"}, "start"),
        ({"start": "x"}, "start"),
        ({"length": "0"}, "length"),
        ({"length": "501"}, "length"),
        ({"length": "100000"}, "length"),
        ({"length": "-1"}, "length"),
        ({"order[0][column]": "99"}, "orden_columna"),
        ({"order[0][column]": "3"}, "orden_columna"),  # exists but is not sortable
        ({"order[0][column]": "uno"}, "orden_columna"),
        ({"order[0][column]": "0", "columns[0][data]": "comentario"}, "orden_columna"),
        ({"order[0][column]": "0", "order[0][dir]": "sideways"}, "orden_direccion"),
        ({"search[value]": "x" * 101}, "busqueda"),
    ],
)
def test_malformed_protocol_is_a_400_with_errors_never_a_500(parametros, campo):
    _unidades(("A", "ALFA", True))
    status, cuerpo = _pedir(parametros)
    assert status == 400
    assert cuerpo["exito"] is False
    assert campo in cuerpo["errores"]


def test_invalid_filter_is_a_400_naming_the_filter():
    status, cuerpo = _pedir({"activo": "quizas"}, filtros_form=SoloActivas)
    assert status == 400
    assert "activo" in cuerpo["errores"]
    assert cuerpo["detalles"] == cuerpo["errores"]["activo"][0]  # the toast says what is wrong


@pytest.mark.parametrize(
    ("parametros", "mensaje"),
    [
        ({"start": "-3"}, "El parámetro start (primer renglón) de la tabla debe ser un número entero entre 0 y"),
        ({"length": "uno"}, "El parámetro length (renglones por página) de la tabla debe ser un número entero"),
        ({"order[0][column]": "0", "order[0][dir]": "sideways"}, "La dirección de orden debe ser «asc» o «desc»."),
        ({"order[0][column]": "3"}, "La columna no existe o no se puede ordenar."),
    ],
)
def test_a_malformed_protocol_names_the_parameter_in_the_message(parametros, mensaje):
    _unidades(("A", "ALFA", True))
    status, cuerpo = _pedir(parametros)
    assert status == 400
    assert cuerpo["detalles"].startswith(mensaje)


def test_length_of_500_is_accepted():
    status, _ = _pedir({"length": "500"})
    assert status == 200


@pytest.mark.parametrize("filas", [1, 30])
def test_every_request_costs_two_counts_and_one_page(django_assert_num_queries, filas):
    _unidades(*[(f"Q{i}", f"UNIDAD {i}", True) for i in range(filas)])
    with django_assert_num_queries(3):
        status, cuerpo = _pedir({"length": "50", "search[value]": "unidad", "activo": "si"}, filtros_form=SoloActivas)
    assert status == 200
    assert len(cuerpo["data"]) == filas


def test_row_aggregates_are_added_to_the_page_query_only():
    _unidades(("A1", "UNIDAD A", True), ("B1", "UNIDAD B", True))
    request = RequestFactory().get("/tabla", {"length": "10", "order[0][column]": "1", "order[0][dir]": "asc"})
    with CaptureQueriesContext(connection) as consultas:
        respuesta = responder_datatable(
            request,
            _base(),
            columnas=COLUMNAS,
            fila=lambda u: {"clave": u.clave, "conceptos": u.num_conceptos},
            anotar=lambda qs: qs.annotate(num_conceptos=Count("conceptos")),
        )
    cuerpo = json.loads(respuesta.content)
    assert [f["clave"] for f in cuerpo["data"]] == ["A1", "B1"]
    assert [f["conceptos"] for f in cuerpo["data"]] == [0, 0]
    conteos, pagina = consultas.captured_queries[:2], consultas.captured_queries[2]
    assert all("GROUP BY" not in q["sql"] for q in conteos)
    assert "GROUP BY" in pagina["sql"]
