"""Excel exports of lists (XlsxWriter): one helper, so every list downloads with the same look.

`respuesta_xlsx` writes rows as they come (constant-memory mode), with a bold header in the house colour, frozen
header row, auto-filter, and proper cell types: dates as dates, Decimals as numbers with two decimals
(money keeps its exact value; nothing goes through a float before this point).
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ColumnaExcel:
    titulo: str
    ancho: int = 15
    formato: str = "texto"  # texto | entero | decimal | moneda | fecha | fecha_hora | porcentaje


def _formatos(libro) -> dict:
    return {
        "encabezado": libro.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": "#F05523", "border": 1, "text_wrap": True}
        ),
        "texto": libro.add_format({"text_wrap": False}),
        "entero": libro.add_format({"num_format": "#,##0"}),
        "decimal": libro.add_format({"num_format": "#,##0.00####"}),
        "moneda": libro.add_format({"num_format": "$#,##0.00"}),
        "fecha": libro.add_format({"num_format": "dd/mm/yyyy"}),
        "fecha_hora": libro.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        "porcentaje": libro.add_format({"num_format": "0%"}),
    }


def _escribir(hoja, fila: int, columna: int, valor, formato) -> None:
    if valor is None or valor == "":
        hoja.write_blank(fila, columna, None, formato)
    elif isinstance(valor, datetime):
        local = timezone.localtime(valor) if timezone.is_aware(valor) else valor
        hoja.write_datetime(fila, columna, local.replace(tzinfo=None), formato)
    elif isinstance(valor, date):
        hoja.write_datetime(fila, columna, datetime(valor.year, valor.month, valor.day), formato)
    elif isinstance(valor, bool):
        hoja.write_string(fila, columna, "Sí" if valor else "No", formato)
    elif isinstance(valor, (int, Decimal)):
        hoja.write_number(fila, columna, valor, formato)
    else:
        # write_string: a text that looks like a formula or a number stays text (folios such as "4.10.").
        hoja.write_string(fila, columna, str(valor), formato)


def libro_xlsx(titulo_hoja: str, columnas: Sequence[ColumnaExcel], filas: Iterable[Sequence]) -> bytes:
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"constant_memory": True, "in_memory": True})
    formatos = _formatos(libro)
    hoja = libro.add_worksheet(titulo_hoja[:31])
    for i, columna in enumerate(columnas):
        hoja.set_column(i, i, columna.ancho)
        hoja.write_string(0, i, columna.titulo, formatos["encabezado"])
    hoja.freeze_panes(1, 0)
    total = 0
    for total, fila in enumerate(filas, start=1):
        for i, (columna, valor) in enumerate(zip(columnas, fila, strict=True)):
            _escribir(hoja, total, i, valor, formatos[columna.formato])
    hoja.autofilter(0, 0, max(total, 1), len(columnas) - 1)
    libro.close()
    return salida.getvalue()


def respuesta_xlsx(
    nombre_base: str, titulo_hoja: str, columnas: Sequence[ColumnaExcel], filas: Iterable[Sequence]
) -> HttpResponse:
    """Download named `<nombre_base>_AAAAMMDD_HHMM.xlsx` (Mexico City time)."""
    contenido = libro_xlsx(titulo_hoja, columnas, filas)
    nombre = f"{nombre_base}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    respuesta = HttpResponse(contenido, content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
