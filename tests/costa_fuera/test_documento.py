"""The RDO PDF: header, time log with totals per category and OT, POB, consumables, incidents, watermark, pages."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from costa_fuera import documento
from costa_fuera.models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    PosicionEmbarcacion,
    Severidad,
    TipoRecurso,
)
from tests.costa_fuera import datos
from tests.factories import OTEFactory, UserFactory

pytestmark = pytest.mark.django_db


def reporte_completo(estado=EstadoReporte.BORRADOR, *, fecha=date(2025, 3, 10)):
    """A day with a time log reaching 24:00 over two OTs, POB, diesel and water, and two incidents."""
    barco = datos.embarcacion("DSV PRUEBA UNO", capacidad_pob=60)
    representante = UserFactory(first_name="Rita", last_name="Representante")
    reporte = datos.reporte(barco, fecha, representante=representante, estado=estado)
    reporte.comentarios_generales = "Operación con oleaje moderado por la tarde."
    reporte.latitud, reporte.longitud = Decimal("19.512345"), Decimal("-92.123456")
    if estado == EstadoReporte.CERRADO:
        reporte.cerrado_por = UserFactory(first_name="Carmen", last_name="Cierre")
        reporte.fecha_cierre = timezone.now()
    reporte.save()
    ot_a = OTEFactory(orden_trabajo="OT-GRZ-801-25-901", id_embarcacion=barco)
    ot_b = OTEFactory(orden_trabajo="OT-GRZ-801-25-902", id_embarcacion=barco)
    entradas = [
        (time(0, 0), time(6, 0), CategoriaOperativa.OPERANDO, ot_a, "Inspección con ROV"),
        (time(6, 0), time(9, 30), CategoriaOperativa.ESPERA_CLIMA, None, "Espera por oleaje"),
        (time(9, 30), time(18, 0), CategoriaOperativa.OPERANDO, ot_b, "Buceo en ducto"),
        (time(18, 0), time(0, 0), CategoriaOperativa.TRANSITO, None, "Tránsito a KU-A"),
    ]
    BitacoraTiempo.objects.bulk_create(
        BitacoraTiempo(reporte=reporte, hora_inicio=i, hora_fin=f, estatus_operativo=c, ot=o, actividad=a)
        for i, f, c, o, a in entradas
    )
    PersonalABordo.objects.bulk_create(
        [
            PersonalABordo(reporte=reporte, compania="BME SubTec", categoria="Buzos", cantidad=18),
            PersonalABordo(reporte=reporte, compania="PEMEX", categoria="Supervisión", cantidad=3),
        ]
    )
    InventarioDiario.objects.create(
        reporte=reporte, tipo_recurso=TipoRecurso.DIESEL, existencia_anterior=Decimal("250.000"),
        suministro=Decimal("100.000"), consumo=Decimal("12.500"), trasiego=Decimal("2.000"),
        existencia_actual=Decimal("335.500"), lectura_pemex=Decimal("334.000"),
    )  # fmt: skip
    InventarioDiario.objects.create(
        reporte=reporte, tipo_recurso=TipoRecurso.AGUA, existencia_anterior=Decimal("120.000"),
        consumo=Decimal("15.250"), existencia_actual=Decimal("104.750"), lectura_pemex=Decimal("90.000"),
    )  # fmt: skip
    Incidencia.objects.create(
        reporte=reporte, tipo="Seguridad", severidad=Severidad.BAJA, descripcion="Casi accidente en cubierta visible",
        visible_cliente=True, registrado_por=representante,
    )  # fmt: skip
    Incidencia.objects.create(
        reporte=reporte, tipo="Equipo", severidad=Severidad.MEDIA, descripcion="Falla interna del umbilical",
        visible_cliente=False, registrado_por=representante,
    )  # fmt: skip
    return reporte


def texto_pdf(contenido: bytes) -> tuple[str, int]:
    lector = PdfReader(io.BytesIO(contenido))
    return "\n".join(p.extract_text() for p in lector.pages), len(lector.pages)


def test_contenido_sums_hours_per_category_and_ot_with_midnight_as_24(db):
    c = documento.contenido_rdo(reporte_completo())
    assert c.total_horas == Decimal("24.00")
    assert c.bitacora[-1]["fin"] == "24:00"
    assert {x["categoria"]: x["horas"] for x in c.por_categoria} == {
        "OPERANDO": Decimal("14.50"), "ESPERA_CLIMA": Decimal("3.50"), "TRANSITO": Decimal("6.00"),
    }  # fmt: skip
    assert [(x["ot"], x["horas"]) for x in c.por_ot] == [
        ("OT-GRZ-801-25-901", Decimal("6.00")), ("OT-GRZ-801-25-902", Decimal("8.50")), ("Sin OT", Decimal("9.50")),
    ]  # fmt: skip
    assert c.pob_total == 21 and c.capacidad_pob == 60
    diesel, agua = c.inventarios
    assert diesel["diferencia"] == Decimal("-1.500") and not diesel["fuera_de_tolerancia"]
    assert agua["diferencia"] == Decimal("-14.750") and agua["fuera_de_tolerancia"]


def test_pdf_prints_header_time_log_totals_pob_consumables_and_every_incident(db):
    reporte = reporte_completo()
    texto, paginas = texto_pdf(documento.rdo_pdf(reporte=reporte))
    for esperado in (
        "BME SubTec", "Reporte diario de operaciones (RDO)", "DSV PRUEBA UNO", "10/03/2025", "Borrador",
        "Rita Representante", "19.512345° N", "92.123456° O", "24:00", "Inspección con ROV", "OT-GRZ-801-25-901",
        "Espera por clima", "14.50", "24.00", "Buceo en ducto", "Supervisión", "Total a bordo", "21", "60",
        "250.000", "100.000", "12.500", "2.000", "335.500", "334.000", "-1.500", "104.750", "-14.750",
        "Casi accidente en cubierta visible", "Falla interna del umbilical", "Versión interna",
        "Operación con oleaje moderado", "Nombre y firma", f"Página 1 de {paginas}",
    ):  # fmt: skip
        assert esperado in texto, esperado
    assert "BORRADOR" in texto  # watermark of a report not yet closed


def test_client_version_prints_only_client_visible_incidents_and_says_so(db):
    texto, _ = texto_pdf(documento.rdo_pdf(reporte=reporte_completo(), solo_cliente=True))
    assert "Casi accidente en cubierta visible" in texto
    assert "Falla interna del umbilical" not in texto
    assert "solo las incidencias visibles para el cliente" in texto


def test_closed_report_has_no_watermark_and_names_who_closed_it(db):
    texto, _ = texto_pdf(documento.rdo_pdf(reporte=reporte_completo(EstadoReporte.CERRADO)))
    assert "BORRADOR" not in texto
    assert "Cerrado por" in texto and "Carmen Cierre" in texto


def test_long_time_log_spans_pages_numbered_x_of_y(db):
    reporte = datos.reporte()
    BitacoraTiempo.objects.bulk_create(
        BitacoraTiempo(reporte=reporte, hora_inicio=time(h, m), hora_fin=time(h, m + 10),
                       actividad="Actividad detallada " * 12)
        for h in range(24) for m in (0, 20, 40)
    )  # fmt: skip
    texto, paginas = texto_pdf(documento.rdo_pdf(reporte=reporte))
    assert paginas >= 2
    assert f"Página 1 de {paginas}" in texto and f"Página {paginas} de {paginas}" in texto


def test_empty_report_says_what_is_missing_and_falls_back_to_the_days_last_position(db):
    reporte = datos.reporte(fecha=date(2025, 3, 10))
    momento = timezone.make_aware(datetime(2025, 3, 10, 12, 0))
    PosicionEmbarcacion.objects.create(
        embarcacion=reporte.embarcacion, timestamp=momento, latitud=Decimal("-10.5"), longitud=Decimal("45.25")
    )
    PosicionEmbarcacion.objects.create(
        embarcacion=reporte.embarcacion, timestamp=momento + timedelta(days=1), latitud=1, longitud=1
    )
    texto, _ = texto_pdf(documento.rdo_pdf(reporte=reporte))
    assert "10.500000° S" in texto and "45.250000° E" in texto
    assert "no tiene actividades en la bitácora" in texto
    assert "no tiene personal a bordo" in texto
    assert "Sin incidencias" in texto


# --- the view ------------------------------------------------------------------------------------------------------


def test_pdf_download_is_an_attachment_named_after_vessel_and_date(cliente_lector):
    reporte = reporte_completo()
    respuesta = cliente_lector.get(reverse("costa_fuera:rdo_pdf", args=[reporte.pk]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == 'attachment; filename="RDO_DSV_PRUEBA_UNO_2025-03-10.pdf"'
    texto, _ = texto_pdf(respuesta.content)
    assert "Falla interna del umbilical" in texto


def test_pdf_view_client_version_and_invalid_version(cliente_lector):
    reporte = reporte_completo()
    url = reverse("costa_fuera:rdo_pdf", args=[reporte.pk])
    texto, _ = texto_pdf(cliente_lector.get(url, {"version": "cliente"}).content)
    assert "Falla interna del umbilical" not in texto
    respuesta = cliente_lector.get(url, {"version": "todas"})
    assert respuesta.status_code == 400
    assert "version" in respuesta.json()["errores"]


def test_pdf_view_anonymous_forbidden_and_missing(client, cliente_externo, django_user_model):
    reporte = datos.reporte()
    url = reverse("costa_fuera:rdo_pdf", args=[reporte.pk])
    anonimo = Client().get(url)
    assert anonimo.status_code == 302 and "/accounts/login/" in anonimo["Location"]
    assert cliente_externo.get(url).status_code == 403
    lector = django_user_model.objects.create_user("lector_pdf")
    lector.user_permissions.add(Permission.objects.get(codename="view_reportediarioembarcacion"))
    cliente_externo.force_login(lector)
    assert cliente_externo.get(url).status_code == 200
    faltante = cliente_externo.get(reverse("costa_fuera:rdo_pdf", args=[reporte.pk + 1000]))
    assert faltante.status_code == 404
    enorme = cliente_externo.get(f"/costa-fuera/reportes/{2**70}/rdo.pdf")
    assert enorme.status_code == 404
    assert "no existe" in enorme.content.decode()
