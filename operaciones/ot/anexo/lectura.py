"""Reading an OT annex workbook: the sheet, its header row found by name, the day columns, the data rows."""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.importacion import (
    ArchivoInvalido,
    Columna,
    FilaExcel,
    TablaExcel,
    ValorInvalido,
    es_vacio,
    leer_fecha,
    normalizar_encabezado,
    ubicar_columnas,
)

# Sheets whose name holds one of these are looked at first (reference §5.5); any other sheet may still hold it.
HOJAS_PREFERIDAS = ("ANEXO C", "RECURSOS PROGRAMADOS")
# The annexes carry a title block (OT, platform, dates…) above the table; the original looked 100 rows down.
FILAS_BUSQUEDA = 100

COLUMNAS = (
    Columna("anexo", ("ANEXO",), requerida=True),
    Columna("partida", ("PARTIDA",), requerida=True),
    Columna("concepto", ("CONCEPTO", "DESCRIPCION DEL CONCEPTO"), requerida=True),
    Columna("unidad", ("UNIDAD", "UNIDAD DE MEDIDA"), requerida=True),
    Columna("volumen", ("VOLUMEN PTE", "VOLUMEN P.T.E."), requerida=True),
    Columna("pu_mn", ("P.U. M.N.", "P.U.M.N.", "P.U. MN", "P.U. M.N", "PU MN"), requerida=True),
    Columna("pu_usd", ("P.U. USD", "P.U.USD", "P.U. U.S.D.", "PU USD")),
    Columna("ok", ("OK",)),
)
# How a missing column is named to the user: as the file should write it.
NOMBRE_COLUMNA = {c.campo: c.nombres[0] for c in COLUMNAS}

_FECHA_TEXTO = re.compile(r"^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$|^\d{4}-\d{1,2}-\d{1,2}")


@dataclass(frozen=True)
class ColumnaFecha:
    """A header that is a date: the column holds each line's programmed volume for that day."""

    indice: int
    fecha: datetime.date
    letra: str
    encabezado: str


@dataclass
class LibroAnexo:
    tabla: TablaExcel
    fechas: list[ColumnaFecha]


def _abrir(contenido: bytes):
    if not contenido:
        raise ArchivoInvalido("El archivo está vacío.")
    try:
        return openpyxl.load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as exc:
        raise ArchivoInvalido("El archivo no es un libro de Excel (.xlsx o .xlsm) válido.") from exc


def _orden_hojas(nombres: list[str]) -> list[str]:
    def preferida(nombre: str) -> bool:
        normal = normalizar_encabezado(nombre)
        return any(p in normal for p in HOJAS_PREFERIDAS)

    return sorted(nombres, key=lambda n: not preferida(n))  # stable: workbook order within each group


def fecha_de_encabezado(valor) -> datetime.date | None:
    """The day a header names: a date cell, or text written dd/mm/aaaa (or aaaa-mm-dd); None otherwise."""
    if isinstance(valor, datetime.datetime | datetime.date):
        candidato = valor
    elif isinstance(valor, str) and _FECHA_TEXTO.match(valor.strip()):
        candidato = valor.strip()
    else:
        return None
    try:
        return leer_fecha(candidato)
    except ValorInvalido:
        return None


def _texto_encabezado(valor) -> str:
    if isinstance(valor, datetime.datetime | datetime.date):
        return f"{valor:%d/%m/%Y}"
    return "" if valor is None else str(valor).strip()


def _columnas_fecha(fila: tuple, conocidas: set[int]) -> list[ColumnaFecha]:
    fechas: list[ColumnaFecha] = []
    vistas: dict[datetime.date, str] = {}
    for j, valor in enumerate(fila):
        fecha = None if j in conocidas else fecha_de_encabezado(valor)
        if fecha is None:
            continue
        letra = get_column_letter(j + 1)
        if fecha in vistas:
            raise ArchivoInvalido(
                f"La fecha {fecha:%d/%m/%Y} está en dos columnas ({vistas[fecha]} y {letra}); deje sólo una."
            )
        vistas[fecha] = letra
        fechas.append(ColumnaFecha(j, fecha, letra, f"{fecha:%d/%m/%Y}"))
    return fechas


def leer_anexo(contenido: bytes) -> LibroAnexo:
    """The annex table of the workbook, preferring sheets named ANEXO C / RECURSOS PROGRAMADOS; ArchivoInvalido."""
    libro = _abrir(contenido)
    try:
        mejor: tuple[int, str, set[str]] | None = None
        requeridas = [c.campo for c in COLUMNAS if c.requerida]
        for nombre in _orden_hojas(libro.sheetnames):
            hoja = libro[nombre]
            if not hasattr(hoja, "iter_rows"):
                continue  # a chart sheet
            # Some generators write a wrong <dimension>; without it read-only mode reads every cell there is.
            hoja.reset_dimensions()
            filas = hoja.iter_rows(values_only=True)
            for numero, fila in enumerate(filas, start=1):
                if numero > FILAS_BUSQUEDA:
                    break
                ubicaciones = ubicar_columnas(fila, COLUMNAS)
                faltan = {c for c in requeridas if c not in ubicaciones}
                if not faltan:
                    return _tabla(nombre, numero, fila, ubicaciones, filas)
                if ubicaciones and (mejor is None or len(faltan) < len(mejor[2])):
                    mejor = (len(ubicaciones), nombre, faltan)
        if mejor is None:
            nombres = ", ".join(NOMBRE_COLUMNA[c] for c in requeridas)
            raise ArchivoInvalido(f"Ninguna hoja del libro tiene la tabla del anexo (columnas {nombres}).")
        faltan = ", ".join(NOMBRE_COLUMNA[c] for c in requeridas if c in mejor[2])
        punto = "" if faltan.endswith(".") else "."
        raise ArchivoInvalido(f"La hoja «{mejor[1]}» no tiene las columnas requeridas: {faltan}{punto}")
    finally:
        libro.close()


def _tabla(nombre: str, numero_encabezado: int, encabezado: tuple, ubicaciones: dict, resto) -> LibroAnexo:
    fechas = _columnas_fecha(encabezado, {u.indice for u in ubicaciones.values()})
    datos = [
        FilaExcel(numero, tuple(fila))
        for numero, fila in enumerate(resto, start=numero_encabezado + 1)
        if any(not es_vacio(v) for v in fila)
    ]
    encabezados = [_texto_encabezado(v) for v in encabezado]
    return LibroAnexo(TablaExcel(nombre, encabezados, ubicaciones, datos), fechas)
