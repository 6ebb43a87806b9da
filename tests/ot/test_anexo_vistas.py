"""The read side of the OT's "Anexo C" tab: versions, lines (server-side DataTables) and totals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from operaciones.ot.models import ModoImportacionAnexo, PartidaProyectada
from tests import factories as f

pytestmark = pytest.mark.django_db

D = Decimal


def _urls(ot) -> dict:
    base = f"/operaciones/ot/{ot.pk}/anexo/"
    return {n: f"{base}{n}/" for n in ("versiones", "datatable", "totales")}


def _linea(version, anexo, codigo, descripcion, unidad, volumen, pu_mn, pu_usd="0"):
    sub = f.SubAnexoFactory(anexo_maestro=f.AnexoContratoFactory(), clave_anexo=anexo)
    concepto = f.ConceptoMaestroFactory(
        sub_anexo=sub,
        partida_ordinaria=codigo,
        descripcion=descripcion,
        unidad_medida=unidad,
        precio_unitario_mn=D(pu_mn),
        precio_unitario_usd=D(pu_usd),
    )
    return f.PartidaAnexoImportadaFactory(importacion_anexo=version, concepto=concepto, volumen_proyectado=D(volumen))


@pytest.fixture
def anexo():
    """An OT with two versions: the active one (3 lines, 2 sub-anexos, one line programmed) and an older one."""
    ot = f.OTEFactory(orden_trabajo="OT-ANEXO-001")
    pza = f.UnidadMedidaFactory(clave="PZA", descripcion="PIEZA")
    m2 = f.UnidadMedidaFactory(clave="M2", descripcion="METRO CUADRADO")
    usuario = f.UserFactory(username="rosa", first_name="Rosa", last_name="Responsable")
    vieja = f.ImportacionAnexoFactory(
        ot=ot, es_activo=False, nombre_archivo="anexo_v1.xlsx", usuario_carga=usuario, total_mn=D("100.00")
    )
    _linea(vieja, "C-2", "2.9.", "LINEA DE LA VERSION ANTERIOR", pza, "1", "100.00")
    activa = f.ImportacionAnexoFactory(
        ot=ot,
        es_activo=True,
        nombre_archivo="anexo_v2.xlsx",
        usuario_carga=usuario,
        modo=ModoImportacionAnexo.COMPLETA,
        total_mn=D("2752.51"),
        total_usd=D("1000.20"),
        tipo_cambio=D("18.5000"),
    )
    primera = _linea(activa, "C-2", "2.1.", "INSPECCION VISUAL DE DUCTO", pza, "3", "0.835")
    _linea(activa, "C-2", "2.10.", "LIMPIEZA CON CHORRO DE AGUA", m2, "2.5", "1000.00", "400.08")
    _linea(activa, "C-3", "3.4", "SOLDADURA HUMEDA", pza, "1", "250.00")
    inicio = date(2026, 3, 2)
    for dia, volumen in enumerate(("1", "2", "0")):
        PartidaProyectada.objects.create(
            ot=ot, partida_anexo=primera, fecha=inicio + timedelta(days=dia), volumen_programado=D(volumen)
        )
    return {"ot": ot, "activa": activa, "vieja": vieja, "urls": _urls(ot)}


def _tabla(cliente, url, **params):
    respuesta = cliente.get(url, {"draw": 2, "start": 0, "length": 50, **params})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


# --- Access -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
def test_anonymous_callers_get_401_or_login(client, anexo, nombre):
    url = anexo["urls"][nombre]
    assert client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 401
    respuesta = client.get(url)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
def test_users_without_permission_get_403_and_no_data(cliente_externo, anexo, nombre):
    respuesta = cliente_externo.get(anexo["urls"][nombre], HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert respuesta.status_code == 403
    assert respuesta.json()["exito"] is False and "INSPECCION" not in respuesta.content.decode()


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
def test_missing_ot_is_404(cliente_lector, nombre):
    respuesta = cliente_lector.get(f"/operaciones/ot/999999/anexo/{nombre}/")
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
def test_a_version_of_another_ot_is_404(cliente_lector, anexo, nombre):
    ajena = f.ImportacionAnexoFactory()
    respuesta = cliente_lector.get(anexo["urls"][nombre], {"version": ajena.pk})
    assert respuesta.status_code == 404
    assert respuesta.json()["detalles"] == "La versión del anexo no existe para esta OT."


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
@pytest.mark.parametrize("version", ["abc", "0", "-3", "9" * 30, "1.5"])
def test_a_malformed_version_is_400_with_errores(cliente_lector, anexo, nombre, version):
    respuesta = cliente_lector.get(anexo["urls"][nombre], {"version": version})
    assert respuesta.status_code == 400
    assert "version" in respuesta.json()["errores"]


@pytest.mark.parametrize("nombre", ["versiones", "datatable", "totales"])
def test_endpoints_only_answer_get(cliente_lector, anexo, nombre):
    assert cliente_lector.post(anexo["urls"][nombre]).status_code == 405


# --- Versions ---------------------------------------------------------------------------------------------------


def test_versions_list_every_upload_newest_first_with_the_active_one_shown(cliente_lector, anexo):
    cuerpo = cliente_lector.get(anexo["urls"]["versiones"]).json()
    assert cuerpo["exito"] is True
    assert cuerpo["version"] == anexo["activa"].pk
    assert [v["id"] for v in cuerpo["versiones"]] == [anexo["activa"].pk, anexo["vieja"].pk]
    activa = cuerpo["versiones"][0]
    assert activa["es_activo"] is True and cuerpo["versiones"][1]["es_activo"] is False
    assert activa["nombre_archivo"] == "anexo_v2.xlsx"
    assert activa["usuario"] == "Rosa Responsable"
    assert activa["modo"] == "COMPLETA" and activa["lineas"] == 3
    assert (activa["total_mn"], activa["total_usd"], activa["tipo_cambio"]) == ("2752.51", "1000.20", "18.5000")
    assert cuerpo["anexos"] == [{"anexo": "C-2", "lineas": 2}, {"anexo": "C-3", "lineas": 1}]


def test_an_earlier_version_can_be_chosen(cliente_lector, anexo):
    cuerpo = cliente_lector.get(anexo["urls"]["versiones"], {"version": anexo["vieja"].pk}).json()
    assert cuerpo["version"] == anexo["vieja"].pk
    assert cuerpo["anexos"] == [{"anexo": "C-2", "lineas": 1}]
    filas = _tabla(cliente_lector, anexo["urls"]["datatable"], version=anexo["vieja"].pk)["data"]
    assert [fila["descripcion_concepto"] for fila in filas] == ["LINEA DE LA VERSION ANTERIOR"]


def test_an_ot_without_annex_has_no_versions_no_lines_and_no_totals(cliente_lector):
    ot = f.OTEFactory()
    urls = _urls(ot)
    cuerpo = cliente_lector.get(urls["versiones"]).json()
    assert (cuerpo["versiones"], cuerpo["version"], cuerpo["anexos"]) == ([], None, [])
    tabla = _tabla(cliente_lector, urls["datatable"])
    assert (tabla["recordsTotal"], tabla["data"]) == (0, [])
    respuesta = cliente_lector.get(urls["totales"])
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False


def test_versions_query_count_does_not_grow_with_versions(cliente_lector, anexo, django_assert_num_queries):
    cliente_lector.get(anexo["urls"]["versiones"])  # warm the caches (content types)
    # session, user, user and group permissions, OT, version shown, versions with their users, sub-anexos
    with django_assert_num_queries(8):
        cliente_lector.get(anexo["urls"]["versiones"])
    for _ in range(4):
        f.ImportacionAnexoFactory(ot=anexo["ot"], es_activo=False)
    with django_assert_num_queries(8):
        cuerpo = cliente_lector.get(anexo["urls"]["versiones"]).json()
    assert len(cuerpo["versiones"]) == 6


# --- Lines ------------------------------------------------------------------------------------------------------


def test_lines_of_the_active_version_with_importes_to_the_cent(cliente_lector, anexo):
    cuerpo = _tabla(cliente_lector, anexo["urls"]["datatable"])
    assert (cuerpo["draw"], cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (2, 3, 3)
    primera, segunda, tercera = cuerpo["data"]
    assert primera["anexo"] == "C-2" and primera["id_partida"] == "2.1." and primera["unidad"] == "PZA"
    assert primera["descripcion_concepto"] == "INSPECCION VISUAL DE DUCTO"
    assert primera["volumen_proyectado"] == "3" and primera["precio_unitario_mn"] == "0.8350"
    # 3 × 0.835 = 2.505: half up to cents (a float or banker's rounding would give 2.50)
    assert primera["importe_mn"] == "2.51" and primera["importe_usd"] == "0.00"
    assert primera["dias_programados"] == 2  # the day with volume 0 is not programmed
    assert segunda["id_partida"] == "2.10." and segunda["volumen_proyectado"] == "2.5"
    assert (segunda["importe_mn"], segunda["importe_usd"]) == ("2500.00", "1000.20")
    assert segunda["dias_programados"] == 0
    assert tercera["id_partida"] == "3.4" and tercera["anexo"] == "C-3"


def test_lines_filter_by_anexo_and_text(cliente_lector, anexo):
    url = anexo["urls"]["datatable"]
    assert [r["id_partida"] for r in _tabla(cliente_lector, url, anexo="C-3")["data"]] == ["3.4"]
    assert [r["id_partida"] for r in _tabla(cliente_lector, url, anexo="c-2")["data"]] == ["2.1.", "2.10."]
    cuerpo = _tabla(cliente_lector, url, texto="limpieza agua")
    assert (cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (3, 1)
    assert [r["id_partida"] for r in _tabla(cliente_lector, url, texto="M2")["data"]] == ["2.10."]
    assert _tabla(cliente_lector, url, anexo="C-3", texto="ducto")["data"] == []
    assert [r["id_partida"] for r in _tabla(cliente_lector, url, **{"search[value]": "soldadura"})["data"]] == ["3.4"]


def test_lines_sort_by_a_declared_column_only(cliente_lector, anexo):
    url = anexo["urls"]["datatable"]
    filas = _tabla(cliente_lector, url, **{"order[0][column]": 5, "order[0][dir]": "desc"})["data"]
    assert [r["volumen_proyectado"] for r in filas] == ["3", "2.5", "1"]
    respuesta = cliente_lector.get(url, {"draw": 1, "order[0][column]": 8})  # importe: computed, not sortable
    assert respuesta.status_code == 400 and "errores" in respuesta.json()


def test_lines_reject_malformed_filters(cliente_lector, anexo):
    url = anexo["urls"]["datatable"]
    for params in ({"anexo": "x" * 51}, {"texto": "x" * 101}, {"length": "0"}, {"start": "-1"}):
        respuesta = cliente_lector.get(url, params)
        assert respuesta.status_code == 400 and respuesta.json()["errores"], params


def test_lines_query_count_is_pinned_at_any_size(cliente_lector, anexo, django_assert_num_queries):
    url = anexo["urls"]["datatable"]
    params = {"draw": 1, "start": 0, "length": 100}
    cliente_lector.get(url, params)  # warm the caches (content types)
    # session, user, user and group permissions, OT, version, total count, filtered count, page (units, days)
    with django_assert_num_queries(9):
        cliente_lector.get(url, params)
    m3 = f.UnidadMedidaFactory(clave="M3")
    for n in range(20):
        _linea(anexo["activa"], "C-4", f"4.{n}.", f"CONCEPTO EXTRA {n}", m3, "1", "10")
    with django_assert_num_queries(9):
        cuerpo = cliente_lector.get(url, params).json()
    assert cuerpo["recordsTotal"] == 23 and len(cuerpo["data"]) == 23


# --- Totals -----------------------------------------------------------------------------------------------------


def test_totals_without_exchange_rate_use_the_one_entered_at_upload(cliente_lector, anexo):
    respuesta = cliente_lector.get(anexo["urls"]["totales"])
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["version"] == anexo["activa"].pk
    totales = cuerpo["totales"]
    assert (totales["mn"], totales["usd"]) == ("2752.51", "1000.20")
    assert isinstance(totales["mn"], str) and isinstance(totales["usd"], str)
    assert totales["lineas"] == 3
    # the upload stored 18.5 as typed by its user: 2752.51 + 1000.20 × 18.5
    assert (totales["tipo_cambio"], totales["homologado"]) == ("18.5000", "21256.21")


def test_totals_without_any_exchange_rate_have_no_homologado(cliente_lector, anexo):
    anexo["activa"].tipo_cambio = None
    anexo["activa"].save(update_fields=["tipo_cambio"])
    totales = cliente_lector.get(anexo["urls"]["totales"]).json()["totales"]
    assert (totales["mn"], totales["usd"]) == ("2752.51", "1000.20")
    assert totales["homologado"] is None and totales["tipo_cambio"] is None


def test_totals_homologate_usd_at_the_exchange_rate_typed(cliente_lector, anexo):
    totales = cliente_lector.get(anexo["urls"]["totales"], {"tipo_cambio": "18.5"}).json()["totales"]
    # 2752.51 + 1000.20 × 18.5 = 2752.51 + 18503.70
    assert totales["homologado"] == "21256.21"
    assert D(totales["tipo_cambio"]) == D("18.5")
    otro = cliente_lector.get(anexo["urls"]["totales"], {"tipo_cambio": "20"}).json()["totales"]
    assert otro["homologado"] == "22756.51" and D(otro["tipo_cambio"]) == D("20")


def test_totals_of_an_earlier_version(cliente_lector, anexo):
    cuerpo = cliente_lector.get(anexo["urls"]["totales"], {"version": anexo["vieja"].pk, "tipo_cambio": "17"})
    totales = cuerpo.json()["totales"]
    assert (totales["mn"], totales["usd"], totales["homologado"], totales["lineas"]) == ("100.00", "0.00", "100.00", 1)


@pytest.mark.parametrize("tipo_cambio", ["0", "-18.5", "abc", "NaN", "Infinity", "1e400", "18.123456", "1" * 20])
def test_a_bad_exchange_rate_is_400_with_errores(cliente_lector, anexo, tipo_cambio):
    respuesta = cliente_lector.get(anexo["urls"]["totales"], {"tipo_cambio": tipo_cambio})
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and "tipo_cambio" in cuerpo["errores"]
    assert "mayor que cero" in cuerpo["detalles"]
