"""The estimation document (PDF): the database's totals, watermark by state, lines by anexo, QR and access rules."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from core.models import RegistroActividad
from core.money import formato_moneda, redondear_centavos
from operaciones.estimaciones import documento
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.estimaciones.services import estimacion_ajustar_linea
from operaciones.ot.models import PartidaAnexoImportada
from tests.estimaciones.datos import estimacion_lista

pytestmark = pytest.mark.django_db


def _url(estimacion) -> str:
    return reverse("estimaciones:pdf", args=[estimacion.pk])


def _pdf(cliente, estimacion) -> tuple[PdfReader, str]:
    respuesta = cliente.get(_url(estimacion))
    assert respuesta.status_code == 200, respuesta.content[:300]
    lector = PdfReader(io.BytesIO(respuesta.content))
    return lector, _texto(lector)


def _texto(lector: PdfReader) -> str:
    """The document's text with runs of whitespace as one space (a wrapped cell breaks its text into lines)."""
    return " ".join(" ".join(pagina.extract_text() for pagina in lector.pages).split())


def _esperados(estimacion: EstimacionHeader) -> dict[str, str]:
    """The totals as the header stores them, formatted as money; neto and homologado derived from stored figures."""
    e = EstimacionHeader.objects.get(pk=estimacion.pk)
    neto_mn = e.total_importe_mn - e.importe_retencion_mn - e.importe_amortizacion_mn
    neto_usd = e.total_importe_usd - e.importe_retencion_usd - e.importe_amortizacion_usd
    return {
        "subtotal_mn": formato_moneda(e.total_importe_mn, "MXN"),
        "subtotal_usd": formato_moneda(e.total_importe_usd, "USD"),
        "retencion_mn": formato_moneda(e.importe_retencion_mn, "MXN"),
        "retencion_usd": formato_moneda(e.importe_retencion_usd, "USD"),
        "amortizacion_mn": formato_moneda(e.importe_amortizacion_mn, "MXN"),
        "amortizacion_usd": formato_moneda(e.importe_amortizacion_usd, "USD"),
        "neto_mn": formato_moneda(neto_mn, "MXN"),
        "neto_usd": formato_moneda(neto_usd, "USD"),
        "homologado_subtotal": formato_moneda(e.total_importe_mn + e.total_importe_usd * e.tipo_cambio, "MXN"),
        "homologado_neto": formato_moneda(neto_mn + neto_usd * e.tipo_cambio, "MXN"),
    }


def test_pdf_shows_every_total_exactly_as_the_database_holds_it(cliente_admin):
    _, est = estimacion_lista(
        conceptos=3, dias=4, volumen="3.333333", precio_mn="1234.5678", precio_usd="98.7654", tipo_cambio="17.2345",
        retencion="5.00", amortizacion="12.50",
    )  # fmt: skip
    respuesta = cliente_admin.get(_url(est))
    assert respuesta["Content-Type"] == "application/pdf"
    seguro = est.folio.replace(" ", "_")  # the folio carries the contract number, which may have spaces
    assert respuesta["Content-Disposition"] == f'attachment; filename="Estimacion_{seguro}.pdf"'
    lector, texto = _pdf(cliente_admin, est)
    assert len(lector.pages) > 0
    assert est.folio in texto
    esperados = _esperados(est)
    assert "," in esperados["subtotal_mn"]  # thousands separators are part of what is checked
    for nombre, cantidad in esperados.items():
        assert cantidad in texto, (nombre, cantidad)
    assert "17.2345 MXN/USD" in texto
    assert "5.00 %" in texto and "12.50 %" in texto


def test_pdf_lists_the_lines_by_anexo_with_subtotals_and_marks_adjustments(cliente_admin, admin):
    _, est = estimacion_lista(conceptos=4, dias=2, volumen="2")
    linea = est.detalles.select_related("id_produccion__id_partida_anexo").order_by("pk").first()
    estimacion_ajustar_linea(
        detalle=linea, volumen_estimado=Decimal("1.25"), comentario="Medición del cliente en sitio", usuario=admin
    )
    _, texto = _pdf(cliente_admin, est)
    assert "Anexo C-2" in texto and "Anexo C-3" in texto
    for anexo in ("C-2", "C-3"):
        lineas = est.detalles.filter(id_produccion__id_partida_anexo__anexo=anexo)
        assert formato_moneda(sum(d.importe_mn for d in lineas), "MXN") in texto
        assert formato_moneda(sum(d.importe_usd for d in lineas), "USD") in texto
    assert "* Ajuste: Medición del cliente en sitio" in texto
    assert "1.25 *" in texto
    assert "01/03/2025 TE" in texto and "02/03/2025 TE" in texto
    assert "Resumen por concepto" in texto


@pytest.mark.parametrize(
    ("estado", "marca"),
    [
        (EstadoEstimacion.BORRADOR, documento.MARCA_BORRADOR),
        (EstadoEstimacion.EN_REVISION, documento.MARCA_BORRADOR),
        (EstadoEstimacion.APROBADA, ""),
        (EstadoEstimacion.FACTURADA, ""),
        (EstadoEstimacion.PAGADA, ""),
        (EstadoEstimacion.CANCELADA, documento.MARCA_CANCELADA),
    ],
)
def test_watermark_follows_the_state_on_every_page(cliente_admin, estado, marca):
    _, est = estimacion_lista(conceptos=2, dias=40, estado=estado)  # 80 lines: several pages
    lector, texto = _pdf(cliente_admin, est)
    assert len(lector.pages) > 2
    if marca:
        assert all(marca in pagina.extract_text() for pagina in lector.pages)
    else:
        assert "SIN VALOR" not in texto and "CANCELADA" not in texto
    if estado == EstadoEstimacion.CANCELADA:
        assert "SIN VALOR" not in texto
        assert "Cancelada en la preparación de la prueba" in texto  # the reason is on the carátula


def test_invoiced_and_paid_estimation_shows_invoice_and_payment(cliente_admin):
    _, est = estimacion_lista(estado=EstadoEstimacion.PAGADA)
    est.refresh_from_db()
    _, texto = _pdf(cliente_admin, est)
    assert f"F-0001 del {est.fecha_factura:%d/%m/%Y}" in texto
    assert est.fecha_pago.strftime("%d/%m/%Y") in texto


def test_pages_are_numbered_page_x_of_y(cliente_admin):
    _, est = estimacion_lista(conceptos=3, dias=30)
    lector, _ = _pdf(cliente_admin, est)
    total = len(lector.pages)
    assert total > 2
    for numero, pagina in enumerate(lector.pages, start=1):
        assert f"Página {numero} de {total}" in pagina.extract_text()


def test_signature_block_names_who_prepared_and_who_receives(cliente_admin, admin):
    _, est = estimacion_lista(usuario=admin)
    _, texto = _pdf(cliente_admin, est)
    for rotulo in ("Elaboró", "Revisó", "Autorizó", "Recibió"):
        assert rotulo in texto
    assert "Ana Admin" in texto
    assert f"Por {est.contrato.cliente}" in texto
    assert "BME SubTec" in texto


def test_qr_encodes_the_absolute_verification_url(cliente_admin, monkeypatch):
    _, est = estimacion_lista()
    codificados = []
    original = documento.codigo_qr

    def espia(valor, *args, **kwargs):
        codificados.append(valor)
        return original(valor, *args, **kwargs)

    monkeypatch.setattr(documento, "codigo_qr", espia)
    _, texto = _pdf(cliente_admin, est)
    esperado = "http://testserver" + reverse("estimaciones:verificar", args=[est.codigo_verificacion])
    assert codificados == [esperado]
    assert est.codigo_verificacion in texto


def test_a_missing_verification_code_is_created_once_and_logged(cliente_admin):
    _, est = estimacion_lista()
    EstimacionHeader.objects.filter(pk=est.pk).update(codigo_verificacion="")
    _pdf(cliente_admin, est)
    codigo = EstimacionHeader.objects.get(pk=est.pk).codigo_verificacion
    assert documento.codigo_valido(codigo) and len(codigo) == 32
    registro = RegistroActividad.objects.get(registro_id=est.pk, campo="codigo_verificacion")
    assert registro.valor_actual == codigo
    _pdf(cliente_admin, est)
    assert EstimacionHeader.objects.get(pk=est.pk).codigo_verificacion == codigo
    assert RegistroActividad.objects.filter(registro_id=est.pk, campo="codigo_verificacion").count() == 1


def test_spanish_text_and_markup_characters_render(cliente_admin):
    fam, est = estimacion_lista(conceptos=2)
    PartidaAnexoImportada.objects.filter(pk=fam.partidas[0].pk).update(
        descripcion_concepto="¿Reparación de daño en ménsula? <b>A & B</b> → revisión"
    )
    _, texto = _pdf(cliente_admin, est)
    assert "¿Reparación de daño en ménsula? <b>A & B</b> ? revisión" in texto
    for palabra in ("Estimación", "Retención", "Amortización", "Página"):
        assert palabra in texto


def test_large_estimation_is_summarised_by_concept_with_the_same_totals(cliente_admin, monkeypatch):
    monkeypatch.setattr(documento, "LINEAS_MAXIMAS_DETALLE", 5)
    _, est = estimacion_lista(conceptos=2, dias=6, volumen="1.1")
    _, texto = _pdf(cliente_admin, est)
    assert "Esta estimación tiene 12 líneas" in texto
    assert texto.count("6 líneas, 01/03/2025 a 06/03/2025") == 2  # one row per concept (2 concepts × 6 days)
    assert "02/03/2025 TE" not in texto  # no per-record rows
    for anexo in ("C-2", "C-3"):
        lineas = est.detalles.filter(id_produccion__id_partida_anexo__anexo=anexo)
        assert formato_moneda(sum(d.importe_mn for d in lineas), "MXN") in texto
    for cantidad in _esperados(est).values():
        assert cantidad in texto
    completo = PdfReader(io.BytesIO(documento.estimacion_pdf(estimacion=est, url_verificacion="x", detalle=True)))
    assert "02/03/2025 TE" in _texto(completo)


def test_pdf_queries_do_not_grow_with_the_lines(admin, monkeypatch):
    _, pequena = estimacion_lista(conceptos=2, dias=2)
    _, grande = estimacion_lista(conceptos=6, dias=10)

    def consultas(est) -> int:
        with CaptureQueriesContext(connection) as capturadas:
            documento.estimacion_pdf(estimacion=EstimacionHeader.objects.get(pk=est.pk), url_verificacion="x")
        return len(capturadas)

    listadas = [consultas(pequena), consultas(grande)]
    monkeypatch.setattr(documento, "LINEAS_MAXIMAS_DETALLE", 3)  # both summarised by concept now
    resumidas = [consultas(pequena), consultas(grande)]
    assert listadas[0] == listadas[1] == resumidas[0] == resumidas[1]


def test_file_name_keeps_only_safe_characters():
    est = EstimacionHeader(pk=7, folio='EST-PEMEX/12 "X"-0003')
    assert documento.nombre_archivo(est) == "Estimacion_EST-PEMEX_12_X_-0003.pdf"
    assert documento.nombre_archivo(EstimacionHeader(pk=7, folio="")) == "Estimacion_ID7.pdf"


def test_homologado_uses_the_recorded_exchange_rate():
    _, est = estimacion_lista(tipo_cambio="18.0000")
    e = EstimacionHeader.objects.get(pk=est.pk)
    esperado = redondear_centavos(e.total_importe_mn + e.total_importe_usd * Decimal("18"))
    assert _esperados(e)["homologado_subtotal"] == formato_moneda(esperado, "MXN")


# --- Access --------------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    _, est = estimacion_lista()
    respuesta = client.get(_url(est))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_user_without_permission_is_refused(cliente_externo):
    _, est = estimacion_lista()
    assert cliente_externo.get(_url(est)).status_code == 403


def test_read_only_user_downloads_the_document(cliente_lector):
    _, est = estimacion_lista()
    _, texto = _pdf(cliente_lector, est)
    assert est.folio in texto


def test_unknown_estimation_is_404_and_post_is_refused(cliente_admin):
    _, est = estimacion_lista()
    assert cliente_admin.get(reverse("estimaciones:pdf", args=[est.pk + 1000])).status_code == 404
    assert cliente_admin.get(reverse("estimaciones:pdf", args=[2**64])).status_code == 404
    assert cliente_admin.post(_url(est)).status_code == 405


def test_estimation_without_contract_or_number_still_renders(cliente_admin):
    _, est = estimacion_lista()
    EstimacionHeader.objects.filter(pk=est.pk).update(
        contrato=None, numero=None, comentario="Migrada del sistema anterior"
    )
    _, texto = _pdf(cliente_admin, est)
    assert "Sin contrato" in texto and "Por PEMEX" in texto
    assert "Migrada del sistema anterior" in texto
    verificar = cliente_admin.get(reverse("estimaciones:verificar", args=[est.codigo_verificacion]))
    assert verificar.status_code == 200
