"""Excel export of the current "Información" filter, with bounded memory at any size.

XlsxWriter's constant_memory mode flushes each row to a temporary file as it is written, and the queryset is
read in chunks, so 100 000 rows cost the same memory as 1 000; the finished file is streamed with FileResponse.
"""

import tempfile

import xlsxwriter
from django.db.models import F, Q
from django.http import FileResponse
from django.utils import timezone

from core.exportar import TIPO_XLSX

from .selectors import importe_sql

COLUMNAS = (
    # (title, width, format, value path)
    ("Fecha", 12, "fecha", "fecha_produccion"),
    ("OT", 26, None, "id_reporte_mensual__id_ot__orden_trabajo"),
    ("Líder", 24, None, "id_reporte_mensual__id_ot__id_responsable_proyecto__descripcion"),
    ("Anexo", 10, None, "id_partida_anexo__anexo"),
    ("Partida", 12, None, "id_partida_anexo__id_partida"),
    ("Descripción", 60, None, "id_partida_anexo__descripcion_concepto"),
    ("Sitio", 20, None, "id_sitio_produccion__descripcion"),
    ("Tiempo", 8, None, "tipo_tiempo"),
    ("Volumen", 14, "volumen", "volumen_produccion"),
    ("PU MXN", 14, "moneda", "id_partida_anexo__precio_unitario_mn"),
    ("PU USD", 14, "moneda", "id_partida_anexo__precio_unitario_usd"),
    ("Importe MXN", 16, "moneda", "importe_mn"),
    ("Importe USD", 16, "moneda", "importe_usd"),
    ("Excedente", 10, None, "excedente"),
)
TROZO = 2000


def filas_exportacion(condicion: Q):
    """Rows of the export as tuples, read in chunks (one server-side cursor on PostgreSQL)."""
    from operaciones.produccion.models import Produccion

    qs = (
        Produccion.objects.filter(condicion)
        .annotate(importe_mn=importe_sql("precio_unitario_mn"), importe_usd=importe_sql("precio_unitario_usd"))
        .annotate(excedente=F("es_excedente"))
        .order_by("fecha_produccion", "pk")
        .values_list(*(c[3] for c in COLUMNAS))
    )
    return qs.iterator(chunk_size=TROZO)


def escribir_libro(ruta: str, filas) -> int:
    """Write the workbook at `ruta` row by row; returns how many data rows were written."""
    libro = xlsxwriter.Workbook(ruta, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    encabezado = libro.add_format({"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "border": 1})
    formatos = {
        "fecha": libro.add_format({"num_format": "dd/mm/yyyy"}),
        "moneda": libro.add_format({"num_format": "#,##0.00"}),
        "volumen": libro.add_format({"num_format": "#,##0.000000"}),
        None: None,
    }
    hoja = libro.add_worksheet("Producción")
    for i, (titulo, ancho, _formato, _ruta) in enumerate(COLUMNAS):
        hoja.set_column(i, i, ancho)
        hoja.write_string(0, i, titulo, encabezado)
    hoja.freeze_panes(1, 0)
    total = 0
    for total, fila in enumerate(filas, start=1):
        for i, valor in enumerate(fila):
            formato = formatos[COLUMNAS[i][2]]
            if valor is None:
                hoja.write_blank(total, i, None, formato)
            elif isinstance(valor, bool):
                hoja.write_string(total, i, "SÍ" if valor else "NO")
            elif COLUMNAS[i][2] in ("moneda", "volumen"):
                # Excel stores doubles; the value shown is the exact Decimal rounded by the database.
                hoja.write_number(total, i, float(valor), formato)
            elif COLUMNAS[i][2] == "fecha":
                hoja.write_datetime(total, i, valor, formato)
            else:
                hoja.write_string(total, i, str(valor))
    hoja.autofilter(0, 0, max(total, 1), len(COLUMNAS) - 1)
    libro.close()
    return total


def archivo_exportacion(condicion: Q):
    """The export as an open temporary file (deleted when closed) positioned at its start, and its name."""
    archivo = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    escribir_libro(archivo.name, filas_exportacion(condicion))
    archivo.seek(0)
    nombre = f"consulta_produccion_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    return archivo, nombre


def respuesta_exportacion(condicion: Q) -> FileResponse:
    """The export as a download streamed from its temporary file."""
    archivo, nombre = archivo_exportacion(condicion)
    return FileResponse(archivo, as_attachment=True, filename=nombre, content_type=TIPO_XLSX)
