"""Finding the header row and the columns by name, reading the rows, validating each row through a form."""

import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .celdas import es_vacio
from .informe import FILAS_BUSQUEDA_ENCABEZADO, ArchivoInvalido, InformeImportacion


def normalizar_encabezado(texto) -> str:
    """Header as compared: upper case, no accents, line breaks/underscores/runs of spaces as one space."""
    if texto is None:
        return ""
    sin_acentos = "".join(c for c in unicodedata.normalize("NFKD", str(texto)) if not unicodedata.combining(c)).upper()
    texto = re.sub(r"[\s_]+", " ", sin_acentos).strip()
    return re.sub(r"\s*\.\s*", ".", texto)


@dataclass(frozen=True)
class Columna:
    """A column an import reads: the form field it feeds and the header names that identify it."""

    campo: str
    nombres: tuple[str, ...] = ()
    requerida: bool = False

    def nombres_normalizados(self) -> set[str]:
        return {normalizar_encabezado(n) for n in (self.nombres or (self.campo,))}


@dataclass(frozen=True)
class Ubicacion:
    indice: int
    letra: str
    encabezado: str


@dataclass(frozen=True)
class FilaExcel:
    numero: int
    celdas: tuple


@dataclass
class TablaExcel:
    """The data of one sheet: header texts, where each known column is, and the non-blank rows."""

    hoja: str
    encabezados: list[str]
    ubicaciones: dict[str, Ubicacion]
    filas: list[FilaExcel]

    def valores(self, fila: FilaExcel) -> dict:
        """Field → raw cell value; columns absent from the sheet are absent from the dict."""
        return {
            campo: (fila.celdas[u.indice] if u.indice < len(fila.celdas) else None)
            for campo, u in self.ubicaciones.items()
        }

    def ubicacion(self, campo: str) -> Ubicacion | None:
        return self.ubicaciones.get(campo)

    def lugar(self, fila: int, campo: str) -> dict:
        """Where a field's problem goes in the report: row, column letter and header; the field's name when the
        sheet has no such column."""
        ubicacion = self.ubicacion(campo)
        if ubicacion is None:
            return {"fila": fila, "encabezado": campo}
        return {"fila": fila, "columna": ubicacion.letra, "encabezado": ubicacion.encabezado}


def abrir_libro(archivo):
    """A read-only workbook from a path or a file object; ArchivoInvalido (Spanish) for anything else."""
    if isinstance(archivo, str | Path):
        ruta = Path(archivo)
        if ruta.is_dir():
            raise ArchivoInvalido(f"«{ruta}» es una carpeta, no un libro de Excel (.xlsx).")
        if not ruta.is_file():
            raise ArchivoInvalido(f"No se encontró el archivo «{ruta}».")
        if ruta.stat().st_size == 0:
            raise ArchivoInvalido("El archivo está vacío.")
        origen = ruta
    else:
        contenido = archivo.read()
        if not contenido:
            raise ArchivoInvalido("El archivo está vacío.")
        origen = io.BytesIO(contenido)
    try:
        return openpyxl.load_workbook(origen, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as exc:
        raise ArchivoInvalido("El archivo no es un libro de Excel (.xlsx) válido.") from exc


def ubicar_columnas(fila: tuple, columnas: Sequence[Columna]) -> dict[str, Ubicacion]:
    """Field → where its column is in a header row: the first text cell that, normalised, is one of its names.

    A cell that is not text (a date or a number heading a column of days) never names a known column.
    """
    normalizados = [normalizar_encabezado(v) if isinstance(v, str) else "" for v in fila]
    ubicaciones: dict[str, Ubicacion] = {}
    for columna in columnas:
        nombres = columna.nombres_normalizados()
        for j, texto in enumerate(normalizados):
            if texto and texto in nombres:
                ubicaciones[columna.campo] = Ubicacion(j, get_column_letter(j + 1), str(fila[j]).strip())
                break
    return ubicaciones


def tabla_de_filas(hoja: str, filas: list[tuple], indice: int, ubicaciones: dict[str, Ubicacion]) -> TablaExcel:
    """The table under the header row `filas[indice]`: its header texts and its non-blank rows with their number."""
    encabezados = ["" if v is None else str(v).strip() for v in filas[indice]]
    datos = [
        FilaExcel(numero, fila)
        for numero, fila in enumerate(filas[indice + 1 :], start=indice + 2)
        if any(not es_vacio(v) for v in fila)
    ]
    return TablaExcel(hoja, encabezados, ubicaciones, datos)


def _buscar_encabezado(filas: list[tuple], columnas: Sequence[Columna]) -> tuple[int, dict[str, Ubicacion], set]:
    """Index of the first row holding every required header, its column map, and the missing required ones."""
    requeridas = [c for c in columnas if c.requerida]
    mejor = (-1, {}, {c.campo for c in requeridas}, -1)
    for i, fila in enumerate(filas):
        ubicaciones = ubicar_columnas(fila, columnas)
        faltan = {c.campo for c in requeridas if c.campo not in ubicaciones}
        if not faltan:
            return i, ubicaciones, set()
        if len(ubicaciones) > mejor[3]:
            mejor = (i, ubicaciones, faltan, len(ubicaciones))
    return mejor[0], mejor[1], mejor[2]


def leer_tabla(archivo, columnas: Sequence[Columna], *, hoja: str | None = None) -> TablaExcel:
    """Read the first sheet (or `hoja`) whose header row has every required column; `ArchivoInvalido` otherwise."""
    libro = abrir_libro(archivo)
    try:
        nombres = [hoja] if hoja else libro.sheetnames
        if hoja and hoja not in libro.sheetnames:
            raise ArchivoInvalido(f"El libro no tiene la hoja «{hoja}».")
        primer_faltante = None
        for nombre in nombres:
            filas = [tuple(f) for f in libro[nombre].iter_rows(values_only=True)]
            if not any(not es_vacio(v) for f in filas for v in f):
                primer_faltante = primer_faltante or f"La hoja «{nombre}» está vacía."
                continue
            indice, ubicaciones, faltan = _buscar_encabezado(filas[:FILAS_BUSQUEDA_ENCABEZADO], columnas)
            if faltan:
                orden = [c.campo for c in columnas if c.campo in faltan]
                primer_faltante = primer_faltante or (
                    f"La hoja «{nombre}» no tiene las columnas requeridas: {', '.join(orden)}."
                )
                continue
            return tabla_de_filas(nombre, filas, indice, ubicaciones)
        raise ArchivoInvalido(primer_faltante or "El libro no tiene hojas.")
    finally:
        libro.close()


# --- Validating rows --------------------------------------------------------------------------------------------


@dataclass
class FilaValidada:
    """A row that passed: its cleaned values and the fields to leave alone (omitted or absent columns)."""

    fila: FilaExcel
    datos: dict
    omitidos: set[str]


def validar_fila(
    formulario: forms.Form,
    tabla: TablaExcel,
    fila: FilaExcel,
    informe: InformeImportacion,
    *,
    omitir_invalidos: bool = False,
) -> FilaValidada | None:
    """Run a bound row form; report its errors against their cells. None when the row cannot be imported.

    With `omitir_invalidos`, an invalid value of an omissible, optional column becomes a warning and the field
    is left empty; errors of required columns and of the row as a whole still fail the row.
    """
    formulario.is_valid()
    datos = dict(formulario.cleaned_data)
    omitidos = {campo for campo in formulario.fields if tabla.ubicacion(campo) is None}
    fallo = False
    for campo, errores in formulario.errors.as_data().items():
        campo_form = formulario.fields.get(campo)
        lugar = {"fila": fila.numero} if campo == NON_FIELD_ERRORS else tabla.lugar(fila.numero, campo)
        omitible = (
            omitir_invalidos
            and campo_form is not None
            and getattr(campo_form, "omitible", False)
            and not campo_form.required
        )
        for error in errores:
            for mensaje in error.messages:
                if omitible:
                    informe.advertencia(f"{mensaje}; {campo_form.al_omitir}", **lugar)
                else:
                    informe.error(mensaje, **lugar)
        if omitible:
            datos[campo] = None
            omitidos.add(campo)
        else:
            fallo = True
    return None if fallo else FilaValidada(fila, datos, omitidos)
