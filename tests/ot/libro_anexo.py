"""Builds OT annex workbooks (reference §5.5) for the tests, from catalogue concepts or raw cell values.

    lineas = [linea_de(concepto, volumen=Decimal("12.5")), {"partida": "9.9.", "concepto": "X", ...}]
    ruta = libro_anexo(tmp_path / "anexo.xlsx", lineas, fechas=[date(2025, 3, 1)])

A line is a dict of cells by column: anexo, partida, concepto, unidad, volumen, pu_mn, pu_usd, ok, and `dias`
({date: volume}) for the day columns. Missing keys are blank cells. The sheet starts with a title block, as
the real annexes do, so the header is never on row 1.
"""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl

ENCABEZADOS = {
    "anexo": "ANEXO",
    "partida": "PARTIDA",
    "concepto": "CONCEPTO",
    "unidad": "UNIDAD",
    "volumen": "VOLUMEN PTE",
    "pu_mn": "P.U. M.N.",
    "pu_usd": "P.U. USD",
    "ok": "OK",
}
TITULO = (("PEMEX EXPLORACIÓN Y PRODUCCIÓN",), ("RECURSOS PROGRAMADOS DE LA OT",), ())


def linea_de(concepto, /, *, volumen=Decimal("10"), dias=None, **cambios) -> dict:
    """The line of a catalogue concept as the annex writes it (its code, description, unit and prices)."""
    linea = {
        "anexo": concepto.sub_anexo.clave_anexo if concepto.sub_anexo_id else "C3EXT",
        "partida": concepto.partida_ordinaria or concepto.partida_extraordinaria,
        "concepto": concepto.descripcion,
        "unidad": concepto.unidad_medida.clave,
        "volumen": volumen,
        "pu_mn": concepto.precio_unitario_mn,
        "pu_usd": concepto.precio_unitario_usd,
    }
    if dias:
        linea["dias"] = dias
    linea.update(cambios)
    return linea


def _celda(valor):
    # Excel stores numbers as binary floats; write them so, to read them back as a real file would be read.
    if isinstance(valor, Decimal):
        return float(valor)
    return valor


def libro_anexo(
    destino=None,
    lineas=(),
    *,
    hoja: str = "ANEXO C OT",
    columnas=("anexo", "partida", "concepto", "unidad", "volumen", "pu_mn", "pu_usd"),
    fechas=(),
    fechas_como_texto: bool = False,
    otras_hojas=(),
    encabezados: dict | None = None,
    titulo=TITULO,
    pie=(),
):
    """Write the workbook to `destino` (a path; returns it) or return its bytes when `destino` is None."""
    nombres = {**ENCABEZADOS, **(encabezados or {})}
    libro = openpyxl.Workbook()
    primera = libro.active
    primera.title = otras_hojas[0] if otras_hojas else hoja
    for nombre in otras_hojas[1:]:
        libro.create_sheet(nombre).append(("NOTAS", "sin tabla"))
    if otras_hojas:
        primera.append(("RESUMEN", "esta hoja no tiene la tabla"))
    datos = libro.create_sheet(hoja) if otras_hojas else primera
    for fila in titulo:
        datos.append(fila)
    cabecera = [nombres[c] for c in columnas]
    for fecha in fechas:
        cabecera.append(f"{fecha:%d/%m/%Y}" if fechas_como_texto else datetime.datetime.combine(fecha, datetime.time()))
    datos.append(cabecera)
    for linea in lineas:
        dias = linea.get("dias", {})
        datos.append([_celda(linea.get(c)) for c in columnas] + [_celda(dias.get(f)) for f in fechas])
    for fila in pie:
        datos.append(fila)
    if destino is None:
        salida = io.BytesIO()
        libro.save(salida)
        return salida.getvalue()
    libro.save(destino)
    return Path(destino)


def catalogo_prueba():
    """A small active catalogue: ordinary concepts in C-2 and C-3 (MXN, USD, unpriced) and one PUE."""
    from types import SimpleNamespace

    from operaciones.catalogos.models import UnidadMedida
    from tests.factories import AnexoContratoFactory, ConceptoMaestroFactory, SubAnexoFactory

    anexo = AnexoContratoFactory(clave="C")
    c2 = SubAnexoFactory(anexo_maestro=anexo, clave_anexo="C-2")
    c3 = SubAnexoFactory(anexo_maestro=anexo, clave_anexo="C-3")
    unidad = {u.clave: u for u in UnidadMedida.objects.filter(clave__in=["ML", "JORNADA", "SERVICIO", "TON", "PIEZA"])}
    tuberia = ConceptoMaestroFactory(
        sub_anexo=c2,
        partida_ordinaria="2.1.",
        descripcion="Suministro de tubería de acero de 8 pulgadas",
        unidad_medida=unidad["ML"],
        precio_unitario_mn=Decimal("1500.5050"),
        precio_unitario_usd=Decimal("0"),
    )
    buceo = ConceptoMaestroFactory(
        sub_anexo=c3,
        partida_ordinaria="3.1.",
        descripcion="Jornada de buceo de saturación",
        unidad_medida=unidad["JORNADA"],
        precio_unitario_mn=Decimal("0"),
        precio_unitario_usd=Decimal("1234.5678"),
    )
    inspeccion = ConceptoMaestroFactory(
        sub_anexo=c3,
        partida_ordinaria="3.2.",
        descripcion="Inspección visual con ROV",
        unidad_medida=unidad["SERVICIO"],
        precio_unitario_mn=Decimal("0"),
        precio_unitario_usd=Decimal("0"),
    )
    pue = ConceptoMaestroFactory(
        pue=True,
        partida_extraordinaria="C3EXT-0977",
        descripcion="Retiro de lastre de concreto",
        unidad_medida=unidad["TON"],
        precio_unitario_mn=Decimal("200.1250"),
        precio_unitario_usd=Decimal("15.5000"),
    )
    return SimpleNamespace(
        anexo=anexo, c2=c2, c3=c3, unidad=unidad, tuberia=tuberia, buceo=buceo, inspeccion=inspeccion, pue=pue
    )
