"""The RDO PDF: header, time log with totals per category and OT, POB, consumables, incidents, watermark, pages."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from pypdf import PdfReader

from costa_fuera import documento
from costa_fuera.models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    FotoIncidencia,
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


# --- incident photos in the PDF ------------------------------------------------------------------------------------


def imagen_bytes(color: str, formato: str = "PNG", tamano: tuple[int, int] = (40, 30)) -> bytes:
    salida = io.BytesIO()
    PILImage.new("RGB", tamano, color).save(salida, formato)
    return salida.getvalue()


def foto(incidencia: Incidencia, nombre: str, contenido: bytes | None, tipo: str = "image/png") -> FotoIncidencia:
    """A photo row; `contenido` None leaves the row pointing at a file that is not in storage."""
    registro = FotoIncidencia(
        incidencia=incidencia, nombre_original=nombre, tipo_contenido=tipo, tamano=len(contenido or b""),
        sha256="0" * 64, subida_por=incidencia.registrado_por,
    )  # fmt: skip
    if contenido is None:
        registro.archivo.name = f"costa_fuera/incidencias/2025/03/{nombre}"
        registro.save()
    else:
        registro.archivo.save(nombre, ContentFile(contenido))
    return registro


def imagenes_pdf(contenido: bytes) -> int:
    """Image XObjects drawn on the PDF's pages."""
    return sum(len(p.images) for p in PdfReader(io.BytesIO(contenido)).pages)


@pytest.fixture
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _incidencia(reporte, descripcion: str) -> Incidencia:
    return reporte.incidencias.get(descripcion=descripcion)


def test_pdf_prints_an_incidents_photos_as_thumbnails(medios):
    reporte = reporte_completo()
    visible = _incidencia(reporte, "Casi accidente en cubierta visible")
    foto(visible, "cubierta_proa.png", imagen_bytes("red"))
    foto(visible, "cubierta_popa.png", imagen_bytes("blue", tamano=(30, 60)))
    contenido = documento.rdo_pdf(reporte=reporte)
    assert imagenes_pdf(contenido) == 2
    texto, _ = texto_pdf(contenido)
    assert "cubierta_proa.png" in texto and "cubierta_popa.png" in texto
    assert "no disponible" not in texto


def test_thumbnails_keep_proportions_within_the_box(medios):
    reporte = reporte_completo()
    visible = _incidencia(reporte, "Casi accidente en cubierta visible")
    ancha = foto(visible, "ancha.png", imagen_bytes("green", tamano=(800, 200)))
    alta = foto(visible, "alta.png", imagen_bytes("green", tamano=(100, 400)))
    celda_ancha, celda_alta = (
        documento._celda_foto({"archivo": f.archivo.name, "nombre": f.nombre_original}) for f in (ancha, alta)
    )
    assert celda_ancha[0].drawWidth == pytest.approx(documento.MINIATURA_ANCHO)
    assert celda_ancha[0].drawHeight == pytest.approx(documento.MINIATURA_ANCHO / 4)
    assert celda_alta[0].drawHeight == pytest.approx(documento.MINIATURA_ALTO)
    assert celda_alta[0].drawWidth == pytest.approx(documento.MINIATURA_ALTO / 4)


def test_webp_photos_print_and_missing_or_corrupt_files_are_named_instead(medios):
    reporte = reporte_completo()
    visible = _incidencia(reporte, "Casi accidente en cubierta visible")
    foto(visible, "grua.webp", imagen_bytes("yellow", "WEBP"), "image/webp")
    foto(visible, "borrada.png", None)
    foto(visible, "truncada.jpg", imagen_bytes("black", "JPEG")[:40], "image/jpeg")
    contenido = documento.rdo_pdf(reporte=reporte)
    assert imagenes_pdf(contenido) == 1
    texto, _ = texto_pdf(contenido)
    assert "(foto no disponible: borrada.png)" in texto
    assert "(foto no disponible: truncada.jpg)" in texto


def test_client_version_prints_only_the_photos_of_client_visible_incidents(medios):
    reporte = reporte_completo()
    foto(_incidencia(reporte, "Casi accidente en cubierta visible"), "visible.png", imagen_bytes("red"))
    foto(_incidencia(reporte, "Falla interna del umbilical"), "interna.png", imagen_bytes("blue"))
    interna = documento.rdo_pdf(reporte=reporte)
    assert imagenes_pdf(interna) == 2
    cliente = documento.rdo_pdf(reporte=reporte, solo_cliente=True)
    assert imagenes_pdf(cliente) == 1
    texto, _ = texto_pdf(cliente)
    assert "visible.png" in texto and "interna.png" not in texto


def test_photos_cost_no_extra_queries_and_a_long_gallery_spans_pages(medios):
    reporte = reporte_completo()
    visible = _incidencia(reporte, "Casi accidente en cubierta visible")
    foto(visible, "f0.png", imagen_bytes("#000000"))
    with CaptureQueriesContext(connection) as una:
        documento.rdo_pdf(reporte=reporte)
    for n in range(1, 20):  # the most an incident may hold
        foto(visible, f"f{n}.png", imagen_bytes(f"#{n * 12:02x}0000", tamano=(30, 40)))
    with CaptureQueriesContext(connection) as veinte:
        contenido = documento.rdo_pdf(reporte=reporte)
    assert len(veinte) == len(una)
    assert imagenes_pdf(contenido) == 20
    _, paginas = texto_pdf(contenido)
    assert paginas >= 2


def test_pdf_view_with_photos_in_both_versions(cliente_lector, medios):
    reporte = reporte_completo()
    foto(_incidencia(reporte, "Casi accidente en cubierta visible"), "visible.png", imagen_bytes("red"))
    foto(_incidencia(reporte, "Falla interna del umbilical"), "interna.png", None)
    url = reverse("costa_fuera:rdo_pdf", args=[reporte.pk])
    interna = cliente_lector.get(url)
    assert interna.status_code == 200 and imagenes_pdf(interna.content) == 1
    assert "foto no disponible: interna.png" in texto_pdf(interna.content)[0]
    cliente = cliente_lector.get(url, {"version": "cliente"})
    assert cliente.status_code == 200 and imagenes_pdf(cliente.content) == 1
    assert "interna.png" not in texto_pdf(cliente.content)[0]
