"""The month production sheet as an Excel workbook (issue 5, item 6).

Export: the sheet the screen shows (`hoja_produccion`), so the file and the screen can never disagree. Layout of
the first sheet ("Producción TE" / "Producción CMA"):

    rows 1–7   header block: title, then label in column A and value in column C: OT, Sitio, Mes,
               Tipo de tiempo, Exportado, Días bloqueados
    row 9      table header: ANEXO, PARTIDA, CONCEPTO, UNIDAD, VOL. AUTORIZADO, P.U. M.N., P.U. USD, one column per
               day of the month (header = the date, a real date cell), ACUMULADO MES, IMPORTE M.N., IMPORTE USD,
               and ID (hidden: the line's id_partida_imp, so a re-import is exact)
    rows 10…   per anexo, its subtotal row ("TOTAL ANEXO: C-2", bold, placed before its concepts as on screen),
               then its concepts; blocked days shaded grey, excess cells in red

A second sheet "Resumen" holds the amounts (authorised, this month, accumulated before, remaining; M.N. and
USD) and each blocked day with its reason. Numbers are number cells written from the Decimal's own text.

The import of a file in this layout is `excel_importar.py`.
"""

import io
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.text import get_valid_filename

from .hoja import hoja_produccion
from .models import TipoTiempo

MESES = (
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
)
DIAS_MAXIMOS = 31
FILA_ENCABEZADO = 8  # 0-based: the table header is Excel row 9
HOJA_RESUMEN = "Resumen"
COLOR_CASA = "#F05523"
COLOR_BLOQUEADO = "#D9D9D9"
COLOR_SUBTOTAL = "#FCE4D6"
COLOR_EXCEDENTE = "#C00000"

# Header block labels (column A) and what the import checks among them.
ETIQUETA_OT = "OT"
ETIQUETA_SITIO = "Sitio"
ETIQUETA_MES = "Mes"
ETIQUETA_TIPO = "Tipo de tiempo"
ETIQUETA_EXPORTADO = "Exportado"
ETIQUETA_BLOQUEADOS = "Días bloqueados"

# Table columns before and after the day columns: (header, width, kind of cell).
COLUMNAS_INICIALES = (
    ("ANEXO", 9, "texto"),
    ("PARTIDA", 11, "texto"),
    ("CONCEPTO", 55, "texto"),
    ("UNIDAD", 10, "texto"),
    ("VOL. AUTORIZADO", 14, "volumen"),
    ("P.U. M.N.", 13, "precio"),
    ("P.U. USD", 13, "precio"),
)
COLUMNAS_FINALES = (
    ("ACUMULADO MES", 14, "volumen"),
    ("IMPORTE M.N.", 16, "moneda"),
    ("IMPORTE USD", 16, "moneda"),
)
ENCABEZADO_ID = "ID"
ANCHO_DIA = 9


def nombre_mes(mes: int, anio: int) -> str:
    return f"{MESES[mes - 1]} {anio}"


def _decimal(texto) -> Decimal | None:
    """The contract sends decimals as strings; blank means no value."""
    if texto is None or texto == "":
        return None
    return Decimal(str(texto))


# --- Export ---------------------------------------------------------------------------------------------------------


def _formatos(libro) -> dict:
    base_encabezado = {"bold": True, "font_color": "#FFFFFF", "border": 1, "text_wrap": True, "valign": "vcenter"}
    volumen, precio, moneda = "#,##0.00####", "$#,##0.00##", "$#,##0.00"
    f = {
        "titulo": libro.add_format({"bold": True, "font_size": 14, "font_color": COLOR_CASA}),
        "etiqueta": libro.add_format({"bold": True}),
        "valor": libro.add_format({}),
        "encabezado": libro.add_format({**base_encabezado, "bg_color": COLOR_CASA, "align": "center"}),
        "encabezado_dia": libro.add_format(
            {**base_encabezado, "bg_color": COLOR_CASA, "align": "center", "num_format": "dd/mm"}
        ),
        "encabezado_bloqueado": libro.add_format(
            {**base_encabezado, "bg_color": "#7F7F7F", "align": "center", "num_format": "dd/mm"}
        ),
        "texto": libro.add_format({"border": 1, "border_color": "#BFBFBF"}),
        "concepto": libro.add_format({"border": 1, "border_color": "#BFBFBF", "text_wrap": True}),
        "volumen": libro.add_format({"border": 1, "border_color": "#BFBFBF", "num_format": volumen}),
        "precio": libro.add_format({"border": 1, "border_color": "#BFBFBF", "num_format": precio}),
        "moneda": libro.add_format({"border": 1, "border_color": "#BFBFBF", "num_format": moneda}),
    }
    borde = {"border": 1, "border_color": "#BFBFBF", "num_format": volumen}
    for bloqueado in (False, True):
        for excedente in (False, True):
            propiedades = dict(borde)
            if bloqueado:
                propiedades["bg_color"] = COLOR_BLOQUEADO
            if excedente:
                propiedades.update(font_color=COLOR_EXCEDENTE, bold=True)
            f[("dia", bloqueado, excedente)] = libro.add_format(propiedades)
    subtotal = {"bold": True, "bg_color": COLOR_SUBTOTAL, "border": 1, "border_color": "#BFBFBF"}
    f["sub_texto"] = libro.add_format(subtotal)
    f["sub_volumen"] = libro.add_format({**subtotal, "num_format": volumen})
    f["sub_moneda"] = libro.add_format({**subtotal, "num_format": moneda})
    f[("sub_dia", True)] = libro.add_format({**subtotal, "num_format": volumen, "bg_color": COLOR_BLOQUEADO})
    f[("sub_dia", False)] = f["sub_volumen"]
    f["resumen_moneda"] = libro.add_format({"num_format": moneda})
    f["resumen_fecha"] = libro.add_format({"num_format": "dd/mm/yyyy"})
    return f


def _numero(hoja, fila: int, columna: int, valor, formato) -> None:
    """A number cell from a contract decimal string; blank when there is none.

    The Decimal goes to XlsxWriter as is: the file stores its own digits (no binary float on the way in), and a
    re-import reads them back with `Decimal(str(cell))`.
    """
    numero = _decimal(valor)
    if numero is None:
        hoja.write_blank(fila, columna, None, formato)
    else:
        hoja.write_number(fila, columna, numero, formato)


def _valor_dia(dia: dict | None, tipo_tiempo: str, *, subtotal: bool):
    if not dia:
        return None
    if subtotal:
        return dia.get("te" if tipo_tiempo == TipoTiempo.TE else "cma")
    return dia.get("valor")


def _escribir_encabezado(hoja, f, *, ot, sitio, mes, anio, tipo_tiempo, exportado, usuario, bloqueados) -> None:
    hoja.write_string(0, 0, "Sábana de producción", f["titulo"])
    por = ""
    if usuario is not None and getattr(usuario, "is_authenticated", False):
        por = f" por {usuario.get_full_name() or usuario.get_username()}"
    dias = ", ".join(str(b["dia"]) for b in bloqueados)
    datos = (
        (ETIQUETA_OT, str(ot.orden_trabajo)),
        (ETIQUETA_SITIO, str(sitio)),
        (ETIQUETA_MES, nombre_mes(mes, anio)),
        (ETIQUETA_TIPO, f"{tipo_tiempo} — {TipoTiempo(tipo_tiempo).label}"),
        (ETIQUETA_EXPORTADO, f"{timezone.localtime(exportado):%d/%m/%Y %H:%M}{por}"),
        (ETIQUETA_BLOQUEADOS, f"{dias} (sombreados; motivos en la hoja {HOJA_RESUMEN})" if dias else "Ninguno"),
    )
    for fila, (etiqueta, valor) in enumerate(datos, start=1):
        hoja.write_string(fila, 0, f"{etiqueta}:", f["etiqueta"])
        hoja.write_string(fila, 2, valor, f["valor"])


def _escribir_tabla(hoja, f, datos: dict, *, mes: int, anio: int, tipo_tiempo: str) -> int:
    """The table header and rows; returns the last row written (0-based)."""
    dias_mes = datos["dias_mes"]
    bloqueados = {b["dia"] for b in datos["dias_bloqueados"]}
    primera_dia = len(COLUMNAS_INICIALES)
    despues_dias = primera_dia + dias_mes
    columna_id = despues_dias + len(COLUMNAS_FINALES)
    fila = FILA_ENCABEZADO
    for i, (titulo, ancho, _tipo) in enumerate(COLUMNAS_INICIALES):
        hoja.set_column(i, i, ancho)
        hoja.write_string(fila, i, titulo, f["encabezado"])
    for dia in range(1, dias_mes + 1):
        columna = primera_dia + dia - 1
        hoja.set_column(columna, columna, ANCHO_DIA)
        formato = f["encabezado_bloqueado" if dia in bloqueados else "encabezado_dia"]
        hoja.write_datetime(fila, columna, datetime(anio, mes, dia), formato)
    for i, (titulo, ancho, _tipo) in enumerate(COLUMNAS_FINALES):
        hoja.set_column(despues_dias + i, despues_dias + i, ancho)
        hoja.write_string(fila, despues_dias + i, titulo, f["encabezado"])
    hoja.set_column(columna_id, columna_id, 10, None, {"hidden": True})
    hoja.write_string(fila, columna_id, ENCABEZADO_ID, f["encabezado"])
    hoja.set_row(fila, 30)
    for partida in datos["partidas"]:
        fila += 1
        if partida.get("es_subtitulo"):
            _fila_subtotal(hoja, f, fila, partida, dias_mes, bloqueados, tipo_tiempo)
        else:
            _fila_concepto(hoja, f, fila, partida, dias_mes, bloqueados, columna_id)
    hoja.freeze_panes(FILA_ENCABEZADO + 1, 3)
    return fila


def _fila_subtotal(hoja, f, fila, partida, dias_mes, bloqueados, tipo_tiempo) -> None:
    hoja.write_string(fila, 0, partida.get("anexo") or "", f["sub_texto"])
    hoja.write_blank(fila, 1, None, f["sub_texto"])
    hoja.write_string(fila, 2, partida.get("descripcion") or "", f["sub_texto"])
    for columna in range(3, len(COLUMNAS_INICIALES)):
        hoja.write_blank(fila, columna, None, f["sub_texto"])
    dias = partida.get("dias") or []
    for dia in range(1, dias_mes + 1):
        valor = _valor_dia(dias[dia - 1] if dia <= len(dias) else None, tipo_tiempo, subtotal=True)
        _numero(hoja, fila, len(COLUMNAS_INICIALES) + dia - 1, valor, f[("sub_dia", dia in bloqueados)])
    columna = len(COLUMNAS_INICIALES) + dias_mes
    _numero(hoja, fila, columna, partida.get("acumulado_mes"), f["sub_volumen"])
    _numero(hoja, fila, columna + 1, partida.get("monto_mn"), f["sub_moneda"])
    _numero(hoja, fila, columna + 2, partida.get("monto_usd"), f["sub_moneda"])


def _fila_concepto(hoja, f, fila, partida, dias_mes, bloqueados, columna_id) -> None:
    # write_string: codes such as "4.10." stay text, never numbers.
    hoja.write_string(fila, 0, partida.get("anexo") or "", f["texto"])
    hoja.write_string(fila, 1, partida.get("codigo") or "", f["texto"])
    hoja.write_string(fila, 2, partida.get("descripcion") or "", f["concepto"])
    hoja.write_string(fila, 3, partida.get("unidad") or "", f["texto"])
    _numero(hoja, fila, 4, partida.get("volumen_autorizado"), f["volumen"])
    _numero(hoja, fila, 5, partida.get("pu_mn"), f["precio"])
    _numero(hoja, fila, 6, partida.get("pu_usd"), f["precio"])
    dias = partida.get("dias") or []
    for dia in range(1, dias_mes + 1):
        celda = dias[dia - 1] if dia <= len(dias) else None
        excedente = bool(celda and celda.get("es_excedente"))
        bloqueado = dia in bloqueados or bool(celda and celda.get("bloqueado"))
        valor = _valor_dia(celda, "", subtotal=False)
        _numero(hoja, fila, len(COLUMNAS_INICIALES) + dia - 1, valor, f[("dia", bloqueado, excedente)])
    columna = len(COLUMNAS_INICIALES) + dias_mes
    _numero(hoja, fila, columna, partida.get("acumulado_mes"), f["volumen"])
    _numero(hoja, fila, columna + 1, partida.get("monto_mn"), f["moneda"])
    _numero(hoja, fila, columna + 2, partida.get("monto_usd"), f["moneda"])
    hoja.write_number(fila, columna_id, int(partida["id_partida_imp"]), f["texto"])


def _escribir_resumen(hoja, f, datos: dict, *, mes: int, anio: int) -> None:
    totales = datos.get("totales") or {}
    hoja.set_column(0, 0, 24)
    hoja.set_column(1, 2, 18)
    hoja.set_column(3, 3, 60)
    hoja.write_string(0, 0, f"Importes de {nombre_mes(mes, anio)}", f["titulo"])
    for columna, titulo in enumerate(("Concepto", "M.N.", "USD")):
        hoja.write_string(1, columna, titulo, f["encabezado"])
    filas = (
        ("Autorizado", "aut"),
        ("Producción del mes", "ejec"),
        ("Acumulado anterior", "acum"),
        ("Por producir", "resta"),
    )
    for fila, (titulo, clave) in enumerate(filas, start=2):
        hoja.write_string(fila, 0, titulo)
        _numero(hoja, fila, 1, totales.get(f"{clave}_mn"), f["resumen_moneda"])
        _numero(hoja, fila, 2, totales.get(f"{clave}_usd"), f["resumen_moneda"])
    fila = len(filas) + 3
    hoja.write_string(fila, 0, "Días bloqueados", f["titulo"])
    fila += 1
    for columna, titulo in enumerate(("Día", "Fecha", "", "Motivo")):
        if titulo:
            hoja.write_string(fila, columna, titulo, f["encabezado"])
    if not datos["dias_bloqueados"]:
        hoja.write_string(fila + 1, 0, "Ningún día del mes está bloqueado.")
    for bloqueado in datos["dias_bloqueados"]:
        fila += 1
        hoja.write_number(fila, 0, bloqueado["dia"])
        hoja.write_datetime(fila, 1, datetime(anio, mes, bloqueado["dia"]), f["resumen_fecha"])
        hoja.write_string(fila, 3, bloqueado.get("motivo") or "")


def libro_hoja(datos: dict, *, ot, sitio, mes: int, anio: int, tipo_tiempo: str, usuario=None, exportado=None) -> bytes:
    """The workbook of one month sheet (`datos` = `hoja_produccion(...)`), as bytes."""
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True})
    libro.set_properties({"title": f"Producción {ot.orden_trabajo} {nombre_mes(mes, anio)} {tipo_tiempo}"})
    f = _formatos(libro)
    hoja = libro.add_worksheet(f"Producción {tipo_tiempo}")
    _escribir_encabezado(
        hoja,
        f,
        ot=ot,
        sitio=sitio,
        mes=mes,
        anio=anio,
        tipo_tiempo=tipo_tiempo,
        exportado=exportado or timezone.now(),
        usuario=usuario,
        bloqueados=datos["dias_bloqueados"],
    )
    ultima = _escribir_tabla(hoja, f, datos, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo)
    primera_dia = len(COLUMNAS_INICIALES)
    if ultima > FILA_ENCABEZADO:
        # Excel itself refuses a negative or non-numeric day value while the user types.
        hoja.data_validation(
            FILA_ENCABEZADO + 1,
            primera_dia,
            ultima,
            primera_dia + datos["dias_mes"] - 1,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_title": "Valor no válido",
                "error_message": "El volumen del día debe ser un número mayor o igual a cero (o la celda vacía).",
            },
        )
    hoja.set_landscape()
    hoja.fit_to_pages(1, 0)
    hoja.repeat_rows(FILA_ENCABEZADO)
    _escribir_resumen(libro.add_worksheet(HOJA_RESUMEN), f, datos, mes=mes, anio=anio)
    libro.close()
    return salida.getvalue()


def nombre_archivo(*, ot, mes: int, anio: int, tipo_tiempo: str) -> str:
    return get_valid_filename(f"Produccion_{ot.orden_trabajo}_{tipo_tiempo}_{anio}-{mes:02d}.xlsx")


def hoja_exportar(*, ot, sitio, mes: int, anio: int, tipo_tiempo: str, usuario=None) -> tuple[str, bytes]:
    """(file name, workbook bytes) of the month sheet exactly as the screen loads it."""
    datos = hoja_produccion(ot=ot, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo, sitio=sitio)
    contenido = libro_hoja(datos, ot=ot, sitio=sitio, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo, usuario=usuario)
    return nombre_archivo(ot=ot, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo), contenido
