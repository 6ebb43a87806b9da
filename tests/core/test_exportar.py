"""The shared Excel export: typed cells, exact money, text that stays text."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from core.exportar import ColumnaExcel, libro_xlsx, respuesta_xlsx

COLUMNAS = [
    ColumnaExcel("Folio"),
    ColumnaExcel("Fecha", formato="fecha"),
    ColumnaExcel("Monto", formato="moneda"),
    ColumnaExcel("Activo"),
]


def test_cells_keep_their_types_and_folios_stay_text():
    contenido = libro_xlsx(
        "Órdenes de trabajo",
        COLUMNAS,
        [["4.10.", date(2026, 3, 1), Decimal("1234.56"), True], ["=HACK()", None, Decimal("0.10"), False]],
    )
    hoja = load_workbook(io.BytesIO(contenido)).active
    assert hoja.title == "Órdenes de trabajo"
    assert [c.value for c in hoja[1]] == ["Folio", "Fecha", "Monto", "Activo"]
    assert hoja["A2"].value == "4.10."
    assert hoja["B2"].value.date() == date(2026, 3, 1)
    assert hoja["C2"].value == 1234.56
    assert hoja["D2"].value == "Sí"
    assert hoja["A3"].value == "=HACK()" and hoja["A3"].data_type == "s"
    assert hoja["B3"].value is None


def test_download_has_a_dated_file_name():
    respuesta = respuesta_xlsx("Lista_OT", "OT", COLUMNAS, [])
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    assert respuesta["Content-Disposition"].startswith('attachment; filename="Lista_OT_')
    assert load_workbook(io.BytesIO(respuesta.content)).active.max_row == 1
