"""Concept catalogue lists: both DataTables views, their filters and query counts, the picker search, the export."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from operaciones.catalogos.models import ConceptoMaestro, Contrato, EstatusPUE, SubAnexo, UnidadMedida
from tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/operaciones/catalogos/conceptos/"


@dataclass
class Catalogo:
    contrato: Contrato
    c2: SubAnexo
    c3: SubAnexo
    ton: UnidadMedida
    pieza: UnidadMedida
    tubo: ConceptoMaestro
    codo: ConceptoMaestro
    soldadura: ConceptoMaestro
    retirado: ConceptoMaestro
    pue_elaboracion: ConceptoMaestro
    pue_autorizada: ConceptoMaestro
    pue_cancelada: ConceptoMaestro


def armar_catalogo(numero: str = "CTO-CONCEPTOS") -> Catalogo:
    """A contract with an Anexo C (C-2, C-3), four ordinary lines (one inactive) and three PUEs, one per status."""
    contrato = f.ContratoFactory(numero_contrato=numero)
    anexo = f.AnexoContratoFactory(contrato=contrato, clave="C")
    c2 = f.SubAnexoFactory(anexo_maestro=anexo, clave_anexo="C-2")
    c3 = f.SubAnexoFactory(anexo_maestro=anexo, clave_anexo="C-3")
    ton = f.UnidadMedidaFactory(clave="TONX", descripcion="TONELADA X")
    pieza = f.UnidadMedidaFactory(clave="PZAX", descripcion="PIEZA X")

    def ordinario(sub_anexo, partida, descripcion, unidad, cantidad, mn, usd="0", **extra):
        return f.ConceptoMaestroFactory(
            sub_anexo=sub_anexo,
            partida_ordinaria=partida,
            descripcion=descripcion,
            unidad_medida=unidad,
            cantidad=Decimal(cantidad),
            precio_unitario_mn=Decimal(mn),
            precio_unitario_usd=Decimal(usd),
            **extra,
        )

    # PUE codes are unique among active concepts: a second catalogue gets its own.
    sufijo = "" if numero == "CTO-CONCEPTOS" else f"-{numero}"

    def pue(codigo, descripcion, estatus, **extra):
        return f.ConceptoMaestroFactory(
            pue=True,
            partida_extraordinaria=codigo + sufijo,
            descripcion=descripcion,
            unidad_medida=pieza,
            precio_unitario_mn=Decimal("2500.1234"),
            estatus=estatus,
            **extra,
        )

    return Catalogo(
        contrato=contrato,
        c2=c2,
        c3=c3,
        ton=ton,
        pieza=pieza,
        tubo=ordinario(c2, "2.1.", "TUBO DE ACERO AL CARBON 6 PULGADAS", ton, "12.5", "1500.5", categoria="Tubos"),
        codo=ordinario(c2, "2.10.", "CODO DE 90 GRADOS", pieza, "3", "0.1"),
        soldadura=ordinario(c3, "3.1.", "SOLDADURA SUBMARINA HUMEDA", pieza, "3653", "0", "90000"),
        retirado=ordinario(c3, "3.2.", "CONCEPTO RETIRADO", pieza, "1", "1", activo=False),
        pue_elaboracion=pue(
            "C3EXT-0977",
            "SERVICIO DE BUCEO EXTRAORDINARIO",
            EstatusPUE.EN_ELABORACION,
            pte_creacion="BME-3801-035-2023",
            ot_creacion="OT-BME-001",
        ),
        pue_autorizada=pue(
            "C2EXT-0001", "SUMINISTRO EXTRA DE BRIDAS", EstatusPUE.AUTORIZADO, fecha_autorizacion=date(2024, 3, 15)
        ),
        pue_cancelada=pue("C3EXT-0005", "SOLDADURA CANCELADA DE PRUEBA", EstatusPUE.CANCELADA),
    )


@pytest.fixture
def catalogo() -> Catalogo:
    return armar_catalogo()


def tabla(cliente, vista="ordinarios", **parametros):
    respuesta = cliente.get(
        f"{BASE}datatable/", {"draw": "4", "start": "0", "length": "100", "vista": vista, **parametros}
    )
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def codigos(cliente, vista="ordinarios", **parametros) -> list[str]:
    return [fila["codigo"] for fila in tabla(cliente, vista, **parametros)["data"]]


# --- ordinary list ------------------------------------------------------------------------------------------------


def test_ordinary_row_carries_amounts_as_exact_text(cliente_lector, catalogo):
    cuerpo = tabla(cliente_lector, contrato=catalogo.contrato.pk)
    assert cuerpo["draw"] == 4 and cuerpo["recordsFiltered"] == 3
    fila = next(fila for fila in cuerpo["data"] if fila["id"] == catalogo.tubo.pk)
    assert fila["codigo"] == "2.1." and fila["sub_anexo"] == "C-2" and fila["contrato"] == "CTO-CONCEPTOS"
    assert fila["unidad"] == "TONX" and fila["categoria"] == "Tubos"
    assert (fila["cantidad"], fila["precio_unitario_mn"], fila["precio_unitario_usd"]) == (
        "12.500000",
        "1500.5000",
        "0.0000",
    )
    # 12.5 × 1500.5 = 18756.25 exactly, sent as text
    assert (fila["importe_mn"], fila["importe_usd"]) == ("18756.25", "0.00")
    codo = next(fila for fila in cuerpo["data"] if fila["id"] == catalogo.codo.pk)
    assert codo["importe_mn"] == "0.30" and codo["codigo"] == "2.10."
    assert codo["origen_pue"] == "" and codo["tipo"] == "ordinario"


def test_ordinary_list_is_in_sheet_order_and_hides_pues_and_inactive_lines(cliente_lector, catalogo):
    assert codigos(cliente_lector, contrato=catalogo.contrato.pk) == ["2.1.", "2.10.", "3.1."]


@pytest.mark.parametrize(
    ("filtros", "esperados"),
    [
        ({"sub_anexo": "c2"}, ["2.1.", "2.10."]),
        ({"unidad": "ton"}, ["2.1."]),
        ({"texto": "2.10."}, ["2.10."]),
        ({"texto": "soldadura  humeda"}, ["3.1."]),
        ({"texto": "Tubo ACERO"}, ["2.1."]),
        ({"estado": "inactivos"}, ["3.2."]),
        ({"estado": "todos", "sub_anexo": "c3"}, ["3.1.", "3.2."]),
        ({"convertida": "si"}, []),
        ({"convertida": "no"}, ["2.1.", "2.10.", "3.1."]),
    ],
)
def test_ordinary_filters(cliente_lector, catalogo, filtros, esperados):
    valores = {
        clave: {"c2": catalogo.c2.pk, "c3": catalogo.c3.pk, "ton": catalogo.ton.pk}.get(valor, valor)
        for clave, valor in filtros.items()
    }
    assert codigos(cliente_lector, contrato=catalogo.contrato.pk, **valores) == esperados


def test_contract_filter_keeps_other_contracts_out(cliente_lector, catalogo):
    otro = armar_catalogo("CTO-OTRO")
    ids = {fila["id"] for fila in tabla(cliente_lector, contrato=otro.contrato.pk)["data"]}
    assert ids == {otro.tubo.pk, otro.codo.pk, otro.soldadura.pk}


def test_sorting_by_unit_price(cliente_lector, catalogo):
    orden = {"order[0][column]": "5", "order[0][dir]": "desc", "columns[5][data]": "precio_unitario_mn"}
    assert codigos(cliente_lector, contrato=catalogo.contrato.pk, **orden) == ["2.1.", "2.10.", "3.1."]
    orden = {"order[0][column]": "6", "order[0][dir]": "desc", "columns[6][data]": "precio_unitario_usd"}
    assert codigos(cliente_lector, contrato=catalogo.contrato.pk, **orden)[0] == "3.1."


@pytest.mark.parametrize(
    "parametros",
    [{"vista": "todas"}, {"estatus": "APROBADA"}, {"contrato": "abc"}, {"convertida": "tal vez"}, {"texto": "x" * 101}],
)
def test_bad_filters_are_400(cliente_lector, parametros):
    respuesta = cliente_lector.get(f"{BASE}datatable/", {"draw": "1", **parametros})
    assert respuesta.status_code == 400 and "errores" in respuesta.json()


# --- PUE list -----------------------------------------------------------------------------------------------------


def test_pue_row_shows_creation_sanction_and_status(cliente_lector, catalogo):
    filas = {fila["codigo"]: fila for fila in tabla(cliente_lector, "pues", texto="EXT")["data"]}
    assert set(filas) == {"C3EXT-0977", "C2EXT-0001", "C3EXT-0005"}
    elaboracion = filas["C3EXT-0977"]
    assert (elaboracion["pte_creacion"], elaboracion["ot_creacion"]) == ("BME-3801-035-2023", "OT-BME-001")
    assert elaboracion["estatus"] == "EN ELABORACION" and elaboracion["tipo"] == "pue"
    assert elaboracion["precio_unitario_mn"] == "2500.1234" and elaboracion["importe_mn"] == "2500.12"
    assert elaboracion["sub_anexo"] == "" and elaboracion["convertida_a"] == ""
    assert filas["C2EXT-0001"]["fecha_autorizacion"] == "15/03/2024"


@pytest.mark.parametrize(
    ("estatus", "esperados"),
    [
        ("EN ELABORACION", ["C3EXT-0977"]),
        ("AUTORIZADO", ["C2EXT-0001"]),
        ("CANCELADA", ["C3EXT-0005"]),
    ],
)
def test_pue_status_filter(cliente_lector, catalogo, estatus, esperados):
    assert codigos(cliente_lector, "pues", estatus=estatus, texto="EXT") == esperados


def test_pue_list_sorts_by_sanction_date(cliente_lector, catalogo):
    # every row dated: where empty dates sort differs between databases
    ConceptoMaestro.objects.filter(pk__in=[catalogo.pue_elaboracion.pk, catalogo.pue_cancelada.pk]).update(
        fecha_autorizacion=date(2023, 1, 1)
    )
    orden = {"order[0][column]": "9", "order[0][dir]": "desc", "columns[9][data]": "fecha_autorizacion"}
    assert codigos(cliente_lector, "pues", texto="EXT", **orden)[0] == "C2EXT-0001"


@pytest.mark.parametrize("vista", ["ordinarios", "pues"])
def test_table_query_count_is_pinned(client, lector, django_assert_num_queries, vista):
    client.force_login(lector)
    armar_catalogo("CTO-1")
    tabla(client, vista)
    for n in range(8):
        armar_catalogo(f"CTO-N{n}")
    # session, user, the user's own and group permissions, total count, filtered count, page (joins + conversions)
    with django_assert_num_queries(7):
        cuerpo = tabla(client, vista, estado="todos")
    assert len(cuerpo["data"]) >= 27


# --- picker search ------------------------------------------------------------------------------------------------


def buscar(cliente, **parametros):
    respuesta = cliente.get(f"{BASE}buscar/", parametros)
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True
    return cuerpo["resultados"]


def test_search_finds_active_lines_and_live_pues_by_description(cliente_lector, catalogo):
    resultados = buscar(cliente_lector, q="soldadura")
    ids = [r["id"] for r in resultados]
    # the cancelled PUE says "SOLDADURA" too, but nothing may be billed against it
    assert ids == [catalogo.soldadura.pk]
    r = resultados[0]
    assert r == {
        "id": catalogo.soldadura.pk,
        "codigo": "3.1.",
        "descripcion": "SOLDADURA SUBMARINA HUMEDA",
        "unidad": "PZAX",
        "anexo": "C-3",
        "tipo": "ordinario",
        "precio_unitario_mn": "0.0000",
        "precio_unitario_usd": "90000.0000",
    }


def test_search_by_code_puts_the_exact_code_first(cliente_lector, catalogo):
    assert [r["codigo"] for r in buscar(cliente_lector, q="2.1")][:2] == ["2.1.", "2.10."]
    assert [r["codigo"] for r in buscar(cliente_lector, q="2.10.")] == ["2.10."]
    pue = buscar(cliente_lector, q="c3ext-0977")
    assert [(r["codigo"], r["tipo"], r["anexo"]) for r in pue] == [("C3EXT-0977", "pue", "")]


def test_search_scopes_by_contract_and_sub_anexo(cliente_lector, catalogo):
    armar_catalogo("CTO-OTRO")
    en_contrato = {r["id"] for r in buscar(cliente_lector, contrato=catalogo.contrato.pk, limite=50)}
    assert {catalogo.tubo.pk, catalogo.codo.pk, catalogo.soldadura.pk, catalogo.pue_elaboracion.pk} <= en_contrato
    assert not en_contrato & set(
        ConceptoMaestro.objects.filter(sub_anexo__anexo_maestro__contrato__numero_contrato="CTO-OTRO").values_list(
            "pk", flat=True
        )
    )
    en_c2 = [r["id"] for r in buscar(cliente_lector, sub_anexo=catalogo.c2.pk)]
    assert en_c2 == [catalogo.tubo.pk, catalogo.codo.pk]


def test_search_leaves_out_lines_of_inactive_contracts(cliente_lector, catalogo):
    Contrato.objects.filter(pk=catalogo.contrato.pk).update(activo=False)
    assert buscar(cliente_lector, q="TUBO DE ACERO") == []


def test_search_limit_is_bounded_and_validated(cliente_lector, catalogo):
    for n in range(25):
        f.ConceptoMaestroFactory(sub_anexo=catalogo.c2, descripcion=f"BRIDA {n}")
    assert len(buscar(cliente_lector, q="brida")) == 20
    assert len(buscar(cliente_lector, q="brida", limite=5)) == 5
    for malo in ({"limite": "51"}, {"limite": "0"}, {"contrato": "x"}, {"q": "x" * 101}):
        respuesta = cliente_lector.get(f"{BASE}buscar/", malo)
        assert respuesta.status_code == 400 and "errores" in respuesta.json()


def test_search_costs_one_query(cliente_lector, catalogo, django_assert_num_queries):
    buscar(cliente_lector, q="x")
    # session, user, the user's own and group permissions, the search
    with django_assert_num_queries(5):
        buscar(cliente_lector, q="soldadura", contrato=catalogo.contrato.pk)


def test_search_needs_the_view_permission(cliente_externo):
    assert cliente_externo.get(f"{BASE}buscar/", {"q": "x"}).status_code == 403
    anonimo = Client()
    assert anonimo.get(f"{BASE}buscar/", {"q": "x"}, headers={"accept": "application/json"}).status_code == 401


# --- export -------------------------------------------------------------------------------------------------------


def hoja(respuesta):
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta["Content-Disposition"].startswith("attachment; filename=")
    libro = load_workbook(io.BytesIO(respuesta.content), read_only=True)
    filas = list(libro.active.iter_rows(values_only=True))
    return filas[0], [dict(zip(filas[0], fila, strict=True)) for fila in filas[1:]]


def test_export_of_ordinary_lines_follows_the_filters(cliente_lector, catalogo):
    respuesta = cliente_lector.get(f"{BASE}exportar/", {"vista": "ordinarios", "sub_anexo": catalogo.c2.pk})
    assert 'filename="catalogo_conceptos_' in respuesta["Content-Disposition"]
    encabezado, filas = hoja(respuesta)
    assert encabezado[:4] == ("Tipo", "Contrato", "Sub-anexo", "Partida")
    assert [(fila["Partida"], fila["Sub-anexo"]) for fila in filas] == [("2.1.", "C-2"), ("2.10.", "C-2")]
    tubo = filas[0]
    assert tubo["Tipo"] == "Ordinario" and tubo["Contrato"] == "CTO-CONCEPTOS" and tubo["Unidad"] == "TONX"
    assert tubo["Cantidad"] == 12.5 and tubo["P.U. M.N."] == 1500.5 and tubo["Importe M.N."] == 18756.25
    assert tubo["ID PADRE"] == "Tubos" and tubo["Activo"] == "Sí"


def test_export_keeps_codes_as_text_and_honours_text_and_search_box(cliente_lector, catalogo):
    _, filas = hoja(cliente_lector.get(f"{BASE}exportar/", {"texto": "codo", "contrato": catalogo.contrato.pk}))
    assert [fila["Partida"] for fila in filas] == ["2.10."]  # never the number 2.1
    _, filas = hoja(
        cliente_lector.get(f"{BASE}exportar/", {"contrato": catalogo.contrato.pk, "search[value]": "SUBMARINA"})
    )
    assert [fila["Partida"] for fila in filas] == ["3.1."]


def test_export_of_pues_carries_status_creation_and_sanction(cliente_lector, catalogo):
    respuesta = cliente_lector.get(f"{BASE}exportar/", {"vista": "pues", "texto": "EXT", "estado": "todos"})
    assert 'filename="catalogo_pues_' in respuesta["Content-Disposition"]
    _, filas = hoja(respuesta)
    por_clave = {fila["Clave PUE"]: fila for fila in filas}
    assert set(por_clave) == {"C3EXT-0977", "C2EXT-0001", "C3EXT-0005"}
    assert por_clave["C3EXT-0977"]["Estatus"] == "EN ELABORACION"
    assert por_clave["C3EXT-0977"]["PTE creación"] == "BME-3801-035-2023"
    assert por_clave["C2EXT-0001"]["Fecha sanción"].date() == date(2024, 3, 15)
    assert por_clave["C2EXT-0001"]["Tipo"] == "PUE" and por_clave["C2EXT-0001"]["Sub-anexo"] is None


@pytest.mark.parametrize("vista", ["ordinarios", "pues"])
def test_export_queries_do_not_grow_with_the_rows(cliente_lector, vista):
    def exportar() -> tuple[int, int]:
        cliente_lector.get(f"{BASE}exportar/", {"vista": vista})  # settles the session's activity stamp
        with CaptureQueriesContext(connection) as capturadas:
            respuesta = cliente_lector.get(f"{BASE}exportar/", {"vista": vista})
        return len(capturadas), len(hoja(respuesta)[1])

    armar_catalogo()
    consultas, filas = exportar()
    armar_catalogo("CTO-CONCEPTOS-2")
    consultas_despues, filas_despues = exportar()
    assert filas_despues > filas and consultas_despues == consultas


def test_export_rejects_bad_filters(cliente_lector):
    assert cliente_lector.get(f"{BASE}exportar/", {"vista": "x"}).status_code == 400
    assert cliente_lector.get(f"{BASE}exportar/", {"search[value]": "x" * 200}).status_code == 400


def test_export_is_refused_to_outsiders(cliente_externo):
    assert cliente_externo.get(f"{BASE}exportar/").status_code == 403
