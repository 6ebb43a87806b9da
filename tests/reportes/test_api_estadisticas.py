"""GET /operaciones/api/estadisticas/: every figure equals an independent ORM computation; access and method rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from core.money import redondear_centavos
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.consulta.api import estadisticas
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.ot.models import OTE
from operaciones.produccion.models import Produccion, TipoTiempo
from operaciones.pte.models import EstatusPTE, PTEHeader
from tests.factories import (
    ImportacionAnexoFactory,
    OTEFactory,
    PartidaAnexoImportadaFactory,
    ProduccionFactory,
    PTEHeaderFactory,
)

pytestmark = pytest.mark.django_db

URL = "/operaciones/api/estadisticas/"
DIA = date(2025, 6, 18)


def _partida(importacion, mn: str, usd: str):
    return PartidaAnexoImportadaFactory(
        importacion_anexo=importacion, precio_unitario_mn=Decimal(mn), precio_unitario_usd=Decimal(usd)
    )


@pytest.fixture
def datos():
    ot = OTEFactory()
    borrada = OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    importacion = ImportacionAnexoFactory(ot=ot)
    p_mn = _partida(importacion, "100.003", "0")
    p_usd = _partida(importacion, "0", "33.335")
    p_borrada = _partida(ImportacionAnexoFactory(ot=borrada), "1000", "1000")
    # 1.5 × 100.003 = 150.0045 → 150.00 per row; rounding the sum instead would give 300.01.
    ProduccionFactory(id_partida_anexo=p_mn, fecha_produccion=date(2025, 6, 2), volumen_produccion=Decimal("1.5"))
    ProduccionFactory(
        id_partida_anexo=p_mn,
        fecha_produccion=date(2025, 6, 3),
        volumen_produccion=Decimal("1.5"),
        tipo_tiempo=TipoTiempo.CMA,
    )
    ProduccionFactory(
        id_partida_anexo=p_usd, fecha_produccion=date(2025, 6, 30), volumen_produccion=Decimal("3"), es_excedente=True
    )
    ProduccionFactory(id_partida_anexo=p_usd, fecha_produccion=date(2025, 2, 10), volumen_produccion=Decimal("2"))
    ProduccionFactory(id_partida_anexo=p_mn, fecha_produccion=date(2024, 12, 31), volumen_produccion=Decimal("9"))
    ProduccionFactory(id_partida_anexo=p_borrada, fecha_produccion=date(2025, 6, 5), volumen_produccion=Decimal("1"))
    PTEHeaderFactory(estatus=EstatusPTE.PENDIENTE)
    PTEHeaderFactory(estatus=EstatusPTE.PROCESO)
    PTEHeaderFactory(estatus=EstatusPTE.ELIMINADA)
    comunes = {"id_ot": ot, "fecha_estimacion": DIA, "fecha_desde": date(2025, 6, 1), "fecha_hasta": date(2025, 6, 15)}
    EstimacionHeader.objects.create(
        estado=EstadoEstimacion.APROBADA,
        total_importe_mn=Decimal("10.10"),
        total_importe_usd=Decimal("2.02"),
        **comunes,
    )
    EstimacionHeader.objects.create(
        estado=EstadoEstimacion.APROBADA, total_importe_mn=Decimal("5.05"), total_importe_usd=Decimal("0"), **comunes
    )
    EstimacionHeader.objects.create(
        estado=EstadoEstimacion.CANCELADA, total_importe_mn=Decimal("99"), total_importe_usd=Decimal("99"), **comunes
    )
    return ot


def _esperado(desde: date, hasta: date) -> dict:
    """The same figure computed row by row from model instances."""
    filas = (
        Produccion.objects.filter(fecha_produccion__range=(desde, hasta))
        .exclude(id_reporte_mensual__id_ot__estatus=EstatusRegistro.ELIMINADO)
        .select_related("id_partida_anexo")
    )
    total = {"mxn": Decimal("0"), "usd": Decimal("0")}
    exc = {"mxn": Decimal("0"), "usd": Decimal("0")}
    for p in filas:
        mn = redondear_centavos(p.volumen_produccion * p.id_partida_anexo.precio_unitario_mn)
        usd = redondear_centavos(p.volumen_produccion * p.id_partida_anexo.precio_unitario_usd)
        total["mxn"] += mn
        total["usd"] += usd
        if p.es_excedente:
            exc["mxn"] += mn
            exc["usd"] += usd
    return {k: f"{v:.2f}" for k, v in total.items()}, {k: f"{v:.2f}" for k, v in exc.items()}


def test_produccion_del_mes_y_del_anio_igual_al_calculo_por_fila(datos):
    resultado = estadisticas(DIA)["produccion"]
    total, exc = _esperado(date(2025, 6, 1), date(2025, 6, 30))
    assert resultado["mes"]["importe"] == total == {"mxn": "300.00", "usd": "100.01"}
    assert resultado["mes"]["excedente"] == exc == {"mxn": "0.00", "usd": "100.01"}
    assert resultado["mes"]["registros"] == 3
    total, exc = _esperado(date(2025, 1, 1), date(2025, 12, 31))
    assert resultado["anio"]["importe"] == total == {"mxn": "300.00", "usd": "166.68"}
    assert resultado["anio"]["excedente"] == exc
    assert resultado["anio"]["registros"] == 4


def test_conteos_de_pte_y_ot_igual_a_la_base(datos):
    resultado = estadisticas(DIA)
    ptes = dict(PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA).values_list("estatus").annotate(n=Count("id")))
    assert {e["estatus"]: e["total"] for e in resultado["ptes"]["por_estatus"] if e["total"]} == ptes
    assert resultado["ptes"]["total"] == sum(ptes.values())
    ots = dict(
        OTE.objects.filter(estatus__in=(EstatusRegistro.ACTIVO, EstatusRegistro.POR_DEFINIR))
        .values_list("id_estatus_ot")
        .annotate(n=Count("id"))
    )
    assert {e["id"]: e["total"] for e in resultado["ots"]["por_estatus"]} == ots
    assert resultado["ots"]["total"] == sum(ots.values())
    assert all(e["etiqueta"] for e in resultado["ots"]["por_estatus"])


def test_estimaciones_por_estado_sin_mezclar_monedas_y_sin_canceladas_en_el_total(datos):
    resultado = estadisticas(DIA)["estimaciones"]
    por_estado = {e["estado"]: e for e in resultado["por_estado"]}
    assert set(por_estado) == set(EstadoEstimacion.values)
    assert por_estado["APROBADA"]["total"] == 2
    assert por_estado["APROBADA"]["importe"] == {"mxn": "15.15", "usd": "2.02"}
    assert por_estado["BORRADOR"]["total"] == 0
    assert resultado["total_vigentes"] == EstimacionHeader.objects.exclude(estado=EstadoEstimacion.CANCELADA).count()
    assert resultado["importe_vigentes"] == {"mxn": "15.15", "usd": "2.02"}


def test_lector_recibe_json(cliente_lector, datos):
    respuesta = cliente_lector.get(URL)
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True
    assert set(cuerpo) >= {"ptes", "ots", "produccion", "estimaciones", "fecha"}
    assert cuerpo["ptes"]["total"] == 2


def test_anonimo_no_recibe_datos(client):
    respuesta = client.get(URL)
    assert respuesta.status_code in (302, 401)
    assert b"ptes" not in respuesta.content


def test_sin_permiso_403(cliente_capturista):
    respuesta = cliente_capturista.get(URL)
    assert respuesta.status_code == 403
    assert respuesta.json()["exito"] is False


def test_basta_ver_reportes(client, externo):
    externo.user_permissions.add(Permission.objects.get(codename="ver_reportes", content_type__app_label="core"))
    client.force_login(externo)
    assert client.get(URL).status_code == 200


def test_post_no_permitido(cliente_lector):
    assert cliente_lector.post(URL).status_code == 405


def test_consultas_no_crecen_con_los_datos(cliente_lector, datos, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as antes:
        cliente_lector.get(URL)
    ot = OTEFactory()
    importacion = ImportacionAnexoFactory(ot=ot)
    for n in range(5):
        ProduccionFactory(id_partida_anexo=_partida(importacion, "10", "1"), volumen_produccion=Decimal(n + 1))
        PTEHeaderFactory()
    with django_assert_max_num_queries(len(antes)):
        cliente_lector.get(URL)


def test_el_tablero_de_inicio_da_la_misma_produccion_del_mes_que_la_api(datos):
    """One rule for production money: Σ round(volume × P.U., 2) per row on the home dashboard too (rounding the
    sum instead would give 300.01 MXN here)."""
    from core.selectors import produccion_del_mes

    tablero = produccion_del_mes(DIA)
    api = estadisticas(DIA)["produccion"]["mes"]["importe"]

    assert (f"{tablero['importe_mn']:.2f}", f"{tablero['importe_usd']:.2f}") == (api["mxn"], api["usd"])
    assert (tablero["importe_mn"], tablero["importe_usd"]) == (Decimal("300.00"), Decimal("100.01"))
