"""The page the document's QR opens: folio, OT, period, state and totals of the estimation, and whether it is valid."""

import pytest
from django.urls import reverse

from core.money import formato_moneda
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from tests.estimaciones.datos import estimacion_lista

pytestmark = pytest.mark.django_db


def _url(codigo: str) -> str:
    return reverse("estimaciones:verificar", args=[codigo])


def test_verification_page_shows_folio_ot_period_state_and_totals(cliente_lector):
    _, est = estimacion_lista(conceptos=3, dias=2, estado=EstadoEstimacion.APROBADA)
    e = EstimacionHeader.objects.get(pk=est.pk)
    respuesta = cliente_lector.get(_url(e.codigo_verificacion))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert e.folio in html and e.id_ot.orden_trabajo in html
    assert "01/03/2025 al 02/03/2025" in html
    assert 'data-valida="si"' in html and "Aprobada" in html
    neto_mn = e.total_importe_mn - e.importe_retencion_mn - e.importe_amortizacion_mn
    neto_usd = e.total_importe_usd - e.importe_retencion_usd - e.importe_amortizacion_usd
    for cantidad in (
        formato_moneda(e.total_importe_mn, "MXN"),
        formato_moneda(e.total_importe_usd, "USD"),
        formato_moneda(neto_mn, "MXN"),
        formato_moneda(neto_usd, "USD"),
        formato_moneda(neto_mn + neto_usd * e.tipo_cambio, "MXN"),
    ):
        assert cantidad in html


@pytest.mark.parametrize(
    ("estado", "valida", "texto"),
    [
        (EstadoEstimacion.BORRADOR, "borrador", "sin valor para cobro"),
        (EstadoEstimacion.EN_REVISION, "borrador", "sin valor para cobro"),
        (EstadoEstimacion.PAGADA, "si", "Documento válido"),
        (EstadoEstimacion.CANCELADA, "no", "Documento NO válido"),
    ],
)
def test_verification_says_whether_the_document_is_valid(cliente_lector, estado, valida, texto):
    _, est = estimacion_lista(estado=estado)
    html = cliente_lector.get(_url(est.codigo_verificacion)).content.decode()
    assert f'data-valida="{valida}"' in html
    assert texto in html


def test_the_qr_link_of_the_document_opens_the_page(cliente_admin, monkeypatch):
    from operaciones.estimaciones import documento

    _, est = estimacion_lista()
    codificados = []
    original = documento.codigo_qr
    monkeypatch.setattr(documento, "codigo_qr", lambda valor, *a, **k: codificados.append(valor) or original(valor))
    assert cliente_admin.get(reverse("estimaciones:pdf", args=[est.pk])).status_code == 200
    ruta = codificados[0].removeprefix("http://testserver")
    respuesta = cliente_admin.get(ruta)
    assert respuesta.status_code == 200 and est.folio in respuesta.content.decode()


def test_anonymous_is_sent_to_login(client):
    _, est = estimacion_lista()
    respuesta = client.get(_url(est.codigo_verificacion))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_user_without_permission_is_refused(cliente_externo):
    _, est = estimacion_lista()
    assert cliente_externo.get(_url(est.codigo_verificacion)).status_code == 403


@pytest.mark.parametrize("codigo", ["0" * 32, "desconocido", "x" * 33, "no válido", "a.b", "%00"])
def test_unknown_or_malformed_code_is_404(cliente_admin, codigo):
    estimacion_lista()
    assert cliente_admin.get(f"/operaciones/estimaciones/verificar/{codigo}/").status_code == 404


def test_blank_code_never_matches_an_estimation_without_one(cliente_admin):
    _, est = estimacion_lista()
    EstimacionHeader.objects.filter(pk=est.pk).update(codigo_verificacion="")
    assert cliente_admin.get("/operaciones/estimaciones/verificar/%20/").status_code == 404


def test_post_is_refused(cliente_admin):
    _, est = estimacion_lista()
    assert cliente_admin.post(_url(est.codigo_verificacion)).status_code == 405


def test_verification_page_query_count_is_fixed(cliente_lector, django_assert_num_queries):
    _, est = estimacion_lista(conceptos=5, dias=5)
    cliente_lector.get(_url(est.codigo_verificacion))  # the session's periodic write lands here
    # session, user, the user's own and group permissions, the estimation with its OT, contract and client
    with django_assert_num_queries(5):
        assert cliente_lector.get(_url(est.codigo_verificacion)).status_code == 200
