"""Funnel of statuses, S-curve and the charts PDF: figures, pinned queries, permissions and bad input."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.money import redondear_centavos
from operaciones.catalogos.constantes import EstatusId
from operaciones.consulta import graficas_pdf, selectors
from operaciones.consulta.forms import FiltrosInformacion
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader
from operaciones.produccion.models import RegistroGPU, TipoTiempo
from tests.produccion.datos import familia_con_anexo, producir

URLS = ("consulta:embudo", "consulta:curva_s")


@pytest.fixture
def datos(db, admin):
    """Four C-2 rows (GPU needed): two signed, one of them estimated in a PAID estimation, one in a draft."""
    fam = familia_con_anexo(2, mes=3, anio=2025, precio_mn="10.3333", precio_usd="1.2567", programado="2")
    filas = [
        producir(fam.partidas[0], date(2025, 3, 1), "1.5", sitio=fam.sitio),
        producir(fam.partidas[0], date(2025, 3, 2), "0.25", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA),
        producir(fam.partidas[1], date(2025, 3, 2), "3.333333", sitio=fam.sitio),
        producir(fam.partidas[1], date(2025, 3, 5), "2", sitio=fam.sitio),
    ]
    for fila, estatus in zip(filas, (EstatusId.FIRMADO, EstatusId.FIRMADO, EstatusId.GPU_PENDIENTE, None), strict=True):
        if estatus:
            RegistroGPU.objects.create(id_produccion=fila, id_estatus_id=estatus)
    comunes = {"id_ot": fam.ot, "fecha_estimacion": date(2025, 4, 1), "creado_por": admin}
    pagada = EstimacionHeader.objects.create(
        estado=EstadoEstimacion.PAGADA, fecha_desde=date(2025, 3, 1), fecha_hasta=date(2025, 3, 31), **comunes
    )
    borrador = EstimacionHeader.objects.create(
        estado=EstadoEstimacion.BORRADOR, fecha_desde=date(2025, 3, 1), fecha_hasta=date(2025, 3, 31), **comunes
    )
    EstimacionDetalle.objects.create(
        id_estimacion_header=pagada, id_produccion=filas[0], volumen_estimado="1.5", importe_mn="15.50"
    )
    EstimacionDetalle.objects.create(
        id_estimacion_header=borrador, id_produccion=filas[1], volumen_estimado="0.25", importe_mn="2.58"
    )
    # A cancelled estimation's line is no longer live: it must not count anywhere.
    EstimacionDetalle.objects.create(
        id_estimacion_header=borrador, id_produccion=filas[2], volumen_estimado="1", importe_mn="99", vigente=False
    )
    return fam, filas


def _importe(fila, moneda="mn") -> Decimal:
    return redondear_centavos(fila.volumen_produccion * getattr(fila.id_partida_anexo, f"precio_unitario_{moneda}"))


def _condiciones(**valores):
    filtros = FiltrosInformacion(valores)
    assert filtros.is_valid(), filtros.errors
    return filtros.condicion_produccion(), filtros.condicion_programado()


def test_funnel_follows_the_chain_in_one_query(datos, django_assert_num_queries):
    _fam, filas = datos
    produccion, _ = _condiciones()
    with django_assert_num_queries(1):
        etapas = {e["etapa"]: e for e in selectors.embudo(produccion)}
    assert [e for e, _ in selectors.ETAPAS_EMBUDO] == list(etapas)
    assert etapas["producido"]["registros"] == 4
    assert etapas["producido"]["importe_mn"] == sum(_importe(f) for f in filas)
    assert etapas["producido"]["importe_usd"] == sum(_importe(f, "usd") for f in filas)
    # C-2 needs a GPU: only the two FIRMADO rows are released.
    assert etapas["liberado"]["registros"] == 2
    assert etapas["liberado"]["importe_mn"] == _importe(filas[0]) + _importe(filas[1])
    assert (etapas["estimado"]["registros"], etapas["estimado"]["importe_mn"]) == (2, Decimal("18.08"))
    for etapa in ("aprobado", "facturado", "pagado"):
        assert (etapas[etapa]["registros"], etapas[etapa]["importe_mn"]) == (1, Decimal("15.50"))


def test_funnel_respects_the_filters(datos):
    produccion, _ = _condiciones(tipo_tiempo="CMA")
    etapas = {e["etapa"]: e for e in selectors.embudo(produccion)}
    assert [etapas[e]["registros"] for e in ("producido", "liberado", "estimado", "aprobado")] == [1, 1, 1, 0]


def test_funnel_counts_every_row_released_when_no_anexo_needs_a_gpu(datos, settings):
    settings.SASCOP_ANEXOS_CON_GPU = []
    etapas = {e["etapa"]: e for e in selectors.embudo(_condiciones()[0])}
    assert etapas["liberado"]["registros"] == etapas["producido"]["registros"] == 4


def test_s_curve_accumulates_produced_and_programmed_amounts(datos, django_assert_num_queries):
    fam, filas = datos
    produccion, programado = _condiciones(desde="2025-03-01", hasta="2025-03-05")
    with django_assert_num_queries(2):
        curva = selectors.curva_s(produccion, programado)
    assert [p["fecha"] for p in curva] == [date(2025, 3, d) for d in range(1, 6)]
    por_dia = {1: _importe(filas[0]), 2: _importe(filas[1]) + _importe(filas[2]), 5: _importe(filas[3])}
    acumulado = Decimal(0)
    programado_dia = sum(redondear_centavos(Decimal(2) * p.precio_unitario_mn) for p in fam.partidas)
    for i, punto in enumerate(curva, start=1):
        acumulado += por_dia.get(i, Decimal(0))
        assert punto["producido_mn"] == acumulado  # days without production carry the total forward
        assert punto["programado_mn"] == programado_dia * i
    assert curva[-1]["producido_usd"] == sum(_importe(f, "usd") for f in filas)


def test_s_curve_is_empty_without_rows(db):
    assert selectors.curva_s(*_condiciones()) == []


@pytest.mark.parametrize("nombre", URLS)
def test_anonymous_callers_get_401_or_login(client, nombre):
    url = reverse(nombre)
    assert client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 401
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("nombre", URLS)
def test_users_without_the_bi_permission_get_403(cliente_capturista, nombre):
    assert cliente_capturista.get(reverse(nombre)).status_code == 403


@pytest.mark.parametrize("nombre", URLS)
@pytest.mark.parametrize(
    "parametros, campo",
    [({"desde": "2025-03-10", "hasta": "2025-03-01"}, "hasta"), ({"lider": "x"}, "lider"), ({"ot": "-1"}, "ot")],
)
def test_bad_filters_answer_400_naming_the_field(cliente_lector, nombre, parametros, campo):
    respuesta = cliente_lector.get(reverse(nombre), parametros)
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


@pytest.mark.parametrize("nombre", URLS)
def test_only_get_is_allowed(cliente_lector, nombre):
    assert cliente_lector.post(reverse(nombre)).status_code == 405


def test_endpoints_answer_money_as_strings_with_pinned_queries(cliente_lector, datos, django_assert_num_queries):
    cliente_lector.get(reverse("consulta:embudo"))  # warms the content-type cache
    # Session, user, its two permission reads, then the funnel's single aggregate.
    with django_assert_num_queries(5):
        etapas = cliente_lector.get(reverse("consulta:embudo"), {"tipo_tiempo": "TE"}).json()["etapas"]
    assert etapas[0]["importe_mn"] == str(sum(_importe(f) for f in datos[1] if f.tipo_tiempo == "TE"))
    with django_assert_num_queries(6):
        curva = cliente_lector.get(reverse("consulta:curva_s")).json()["curva"]
    assert curva[0]["fecha"] == "2025-03-01"
    assert isinstance(curva[-1]["producido_mn"], str)


def test_charts_pdf_holds_the_figures_of_the_filter(datos):
    filtros = FiltrosInformacion({"tipo_tiempo": "TE", "desde": "2025-03-01"})
    assert filtros.is_valid()
    contenido, nombre = graficas_pdf.pdf_graficas(
        filtros.condicion_produccion(), filtros.condicion_programado(), graficas_pdf.describir_filtros(filtros)
    )
    assert nombre.startswith("consulta_graficas_") and nombre.endswith(".pdf")
    lector = PdfReader(io.BytesIO(contenido))
    texto = "".join(pagina.extract_text() for pagina in lector.pages)
    assert "Tipo de tiempo: TE" in texto and "Desde: 01/03/2025" in texto
    total = sum(_importe(f) for f in datos[1] if f.tipo_tiempo == "TE")
    assert f"${total:,.2f} MXN" in texto
    assert "GPU firmado / liberado" in texto and "Pagado" in texto
    assert sum(len(p.images) for p in lector.pages) == 4


def test_charts_pdf_of_an_empty_filter_still_renders(db):
    filtros = FiltrosInformacion({})
    assert filtros.is_valid()
    contenido, _ = graficas_pdf.pdf_graficas(filtros.condicion_produccion(), filtros.condicion_programado(), "x")
    assert contenido.startswith(b"%PDF")
    assert "Sin filtros" in graficas_pdf.describir_filtros(filtros)
