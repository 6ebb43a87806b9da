"""The import contract shared by every Excel import (DESIGN §5 "Imports"): parse → validate → write → report.

- Parse: `leer_tabla` opens an .xlsx in read-only mode, finds the header row and each column by its normalised
  name (never by position) and keeps every data row with its Excel row number.
- Validate: each row goes through a Django form whose fields are the `Campo*` classes below (they read Excel
  cells: codes stay text, amounts are `Decimal(str(cell))`, dates come from date cells or text); `validar_fila`
  turns the form's errors into report entries with row, column letter and header name.
- Write: `ejecutar_escritura` runs the writer in one `transaction.atomic(durable=True)` only when the report has
  no errors; a dry run executes everything and rolls back, so its counts are the real ones.
- Report: `InformeImportacion` collects created / updated / unchanged / warnings / errors; the command prints it
  (last line `creadas=N actualizadas=N sin_cambios=N advertencias=N errores=N`) and the web upload shows it, with
  `libro_errores` giving back the rejected rows and the reason for each.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .actividad import valor_legible
from .exportar import ColumnaExcel, libro_xlsx
from .models import EstadoTrabajo, Evento, RegistroActividad, TrabajoSegundoPlano

COLUMNA_OBSERVACIONES = "OBSERVACIONES_SISTEMA"
FILAS_BUSQUEDA_ENCABEZADO = 20
ANIO_MINIMO, ANIO_MAXIMO = 1900, 2100


class ArchivoInvalido(Exception):
    """The file as a whole cannot be imported (not an xlsx, empty, missing headers). Message in Spanish."""


class ValorInvalido(ValueError):
    """One cell's value cannot be read as the type its column needs. Message in Spanish, without location."""


# --- The report -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problema:
    """An error or a warning, located in the workbook when it belongs to a cell or a row."""

    mensaje: str
    fila: int | None = None
    columna: str = ""
    encabezado: str = ""

    def __str__(self) -> str:
        lugar = []
        if self.fila:
            lugar.append(f"fila {self.fila}")
        if self.columna:
            nombre = f" ({self.encabezado})" if self.encabezado else ""
            lugar.append(f"columna {self.columna}{nombre}")
        elif self.encabezado:
            lugar.append(f"columna {self.encabezado}")
        return f"{', '.join(lugar)}: {self.mensaje}" if lugar else self.mensaje

    def orden(self) -> tuple:
        return (self.fila or 0, len(self.columna), self.columna)

    def como_dict(self) -> dict:
        return {"fila": self.fila, "columna": self.columna, "encabezado": self.encabezado, "mensaje": self.mensaje}


@dataclass
class InformeImportacion:
    """What an import did (or would do): counts, and every problem with its place in the workbook."""

    creadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    advertencias: list[Problema] = field(default_factory=list)
    errores: list[Problema] = field(default_factory=list)
    # Rows created besides the imported entity (e.g. placeholders "por revisar"), by kind.
    otros_creados: Counter = field(default_factory=Counter)
    simulacro: bool = False
    escrito: bool = False

    def error(self, mensaje: str, *, fila: int | None = None, columna: str = "", encabezado: str = "") -> None:
        self.errores.append(Problema(mensaje, fila, columna, encabezado))

    def advertencia(self, mensaje: str, *, fila: int | None = None, columna: str = "", encabezado: str = "") -> None:
        self.advertencias.append(Problema(mensaje, fila, columna, encabezado))

    @property
    def hay_errores(self) -> bool:
        return bool(self.errores)

    def resumen(self) -> str:
        return (
            f"creadas={self.creadas} actualizadas={self.actualizadas} sin_cambios={self.sin_cambios} "
            f"advertencias={len(self.advertencias)} errores={len(self.errores)}"
        )

    def lineas(self) -> list[str]:
        """The report as printed by the commands; the summary is always the last line."""
        salida = [f"ERROR {p}" for p in sorted(self.errores, key=Problema.orden)]
        salida += [f"ADVERTENCIA {p}" for p in sorted(self.advertencias, key=Problema.orden)]
        salida += [f"{nombre}: {cantidad}" for nombre, cantidad in sorted(self.otros_creados.items())]
        if self.errores:
            salida.append("No se escribió nada: corrija los errores y vuelva a importar.")
        elif self.simulacro:
            salida.append("Simulacro (--dry-run): se revirtió todo, no se escribió nada.")
        salida.append(self.resumen())
        return salida

    def problemas_por_fila(self) -> dict[int, list[str]]:
        """Row number → its problems as text ("columna F (…): …"), errors first."""
        por_fila: dict[int, list[str]] = {}
        for prefijo, problemas in (("ERROR", self.errores), ("ADVERTENCIA", self.advertencias)):
            for p in problemas:
                if p.fila:
                    sin_fila = Problema(p.mensaje, None, p.columna, p.encabezado)
                    por_fila.setdefault(p.fila, []).append(f"{prefijo}: {sin_fila}")
        return por_fila

    def como_dict(self) -> dict:
        """JSON-serialisable form (kept on a job row or shown by the upload page)."""
        return {
            "creadas": self.creadas,
            "actualizadas": self.actualizadas,
            "sin_cambios": self.sin_cambios,
            "advertencias": [p.como_dict() for p in sorted(self.advertencias, key=Problema.orden)],
            "errores": [p.como_dict() for p in sorted(self.errores, key=Problema.orden)],
            "otros_creados": dict(self.otros_creados),
            "simulacro": self.simulacro,
            "escrito": self.escrito,
            "resumen": self.resumen(),
        }


# --- Cell readers -----------------------------------------------------------------------------------------------

_COMILLAS_APERTURA = "\"'“‘«"
_COMILLAS_CIERRE = "\"'”’»"
_TODAS_COMILLAS = set(_COMILLAS_APERTURA + _COMILLAS_CIERRE)


def es_vacio(valor) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def limpiar_texto(valor) -> str:
    """Text without wrapping blanks/newlines, and without one pair of wrapping quotes when they enclose it all."""
    texto = str(valor).strip()
    if (
        len(texto) >= 2
        and texto[0] in _COMILLAS_APERTURA
        and texto[-1] in _COMILLAS_CIERRE
        and not _TODAS_COMILLAS.intersection(texto[1:-1])
    ):
        texto = texto[1:-1].strip()
    return texto


def _muestra(valor) -> str:
    texto = str(valor).strip()
    return texto if len(texto) <= 60 else texto[:57] + "…"


def leer_codigo(valor) -> str | None:
    """A code written in a cell (folio, partida): text stays as written ("4.10."); 4.0 → "4", 4.4 → "4.4"."""
    if es_vacio(valor):
        return None
    if isinstance(valor, bool):
        raise ValorInvalido(f"código inválido «{valor}»")
    if isinstance(valor, float):
        # str() of a float is its shortest repr (4.4 → "4.4"), never the binary expansion.
        return str(int(valor)) if valor.is_integer() else str(valor)
    if isinstance(valor, datetime.datetime | datetime.date):
        raise ValorInvalido(f"se esperaba un código y la celda tiene una fecha «{valor:%d/%m/%Y}»")
    return str(valor).strip()


def leer_texto(valor) -> str | None:
    """Free text: cleaned of wrapping blanks and quotes; numbers as `leer_codigo` writes them."""
    if es_vacio(valor):
        return None
    if isinstance(valor, datetime.datetime | datetime.date):
        return f"{valor:%d/%m/%Y}"
    if isinstance(valor, int | float) and not isinstance(valor, bool):
        return leer_codigo(valor)
    return limpiar_texto(valor) or None


_NUMERO = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def leer_decimal(valor) -> Decimal | None:
    """An amount as Decimal, built from the cell's text (`Decimal(str(cell))`), never through binary float math."""
    if es_vacio(valor):
        return None
    if isinstance(valor, bool | datetime.date):
        raise ValorInvalido(f"número inválido «{_muestra(valor)}»")
    if isinstance(valor, int):
        return Decimal(valor)
    if isinstance(valor, float):
        if valor != valor or valor in (float("inf"), float("-inf")):
            raise ValorInvalido(f"número inválido «{valor}»")
        return Decimal(str(valor))
    texto = str(valor).strip().replace("$", "").replace(",", "").replace(" ", "")
    if not _NUMERO.match(texto):
        raise ValorInvalido(f"número inválido «{_muestra(valor)}»")
    try:
        return Decimal(texto)
    except InvalidOperation as exc:
        raise ValorInvalido(f"número inválido «{_muestra(valor)}»") from exc


_ENTERO = re.compile(r"^[+-]?\d+(\.0*)?$")


def leer_entero(valor) -> int | None:
    """An integer from an int cell, a float with integral value (4.0) or text ("4", "4.0")."""
    if es_vacio(valor):
        return None
    if isinstance(valor, bool | datetime.date):
        raise ValorInvalido(f"número entero inválido «{_muestra(valor)}»")
    if isinstance(valor, int):
        return valor
    if isinstance(valor, float):
        if valor.is_integer():
            return int(valor)
        raise ValorInvalido(f"número entero inválido «{valor}»")
    texto = str(valor).strip()
    if not _ENTERO.match(texto):
        raise ValorInvalido(f"número entero inválido «{_muestra(valor)}»")
    return int(texto.split(".")[0])


_HORA = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_FECHA_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})" + _HORA + "$")
_FECHA_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _HORA + "$")


def leer_fecha(valor) -> datetime.date | None:
    """A date from a date cell or text: dd/mm/yyyy, d/m/yy, yyyy-mm-dd, each with an optional time."""
    if es_vacio(valor):
        return None
    if isinstance(valor, datetime.datetime):
        fecha = valor.date()
    elif isinstance(valor, datetime.date):
        fecha = valor
    elif isinstance(valor, str):
        fecha = _fecha_de_texto(valor.strip())
    else:
        raise ValorInvalido(f"fecha inválida «{_muestra(valor)}» (use dd/mm/aaaa)")
    if not ANIO_MINIMO <= fecha.year <= ANIO_MAXIMO:
        raise ValorInvalido(f"fecha fuera de rango «{_muestra(valor)}»")
    return fecha


def _fecha_de_texto(texto: str) -> datetime.date:
    if m := _FECHA_DMY.match(texto):
        dia, mes, anio = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            anio += 2000
    elif m := _FECHA_ISO.match(texto):
        anio, mes, dia = (int(g) for g in m.groups())
    else:
        raise ValorInvalido(f"fecha inválida «{_muestra(texto)}» (use dd/mm/aaaa)")
    try:
        return datetime.date(anio, mes, dia)
    except ValueError as exc:
        raise ValorInvalido(f"fecha inválida «{_muestra(texto)}»") from exc


# --- Form fields that read Excel cells --------------------------------------------------------------------------


class CampoExcel(forms.Field):
    """A form field fed with the raw cell value; `lector` does the reading, Django the required check.

    `omitible`: with the importer's "omit invalid" option a bad value in this column is dropped with a warning
    instead of failing the row (never for required columns).
    """

    lector: Callable = staticmethod(leer_texto)
    default_error_messages = {"required": "dato requerido vacío"}

    def __init__(self, *, omitible: bool = True, al_omitir: str = "se dejó vacío", **kwargs):
        kwargs.setdefault("required", False)
        self.omitible = omitible
        self.al_omitir = al_omitir
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return self.lector(value)
        except ValorInvalido as exc:
            raise ValidationError(str(exc), code="invalido") from exc


class CampoTexto(CampoExcel):
    def __init__(self, *, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and self.max_length and len(value) > self.max_length:
            raise ValidationError(
                f"texto demasiado largo ({len(value)} caracteres; máximo {self.max_length})", code="largo"
            )


class CampoCodigo(CampoTexto):
    lector = staticmethod(leer_codigo)


class CampoFecha(CampoExcel):
    lector = staticmethod(leer_fecha)


class CampoEntero(CampoExcel):
    lector = staticmethod(leer_entero)

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, opciones=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        self.opciones = tuple(opciones) if opciones is not None else None
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.opciones is not None and value not in self.opciones:
            admitidos = ", ".join(str(o) for o in self.opciones)
            raise ValidationError(f"valor fuera de rango «{value}» (se admite: {admitidos})", code="rango")
        if (self.min_value is not None and value < self.min_value) or (
            self.max_value is not None and value > self.max_value
        ):
            raise ValidationError(f"valor fuera de rango «{value}»", code="rango")


class CampoDecimal(CampoExcel):
    lector = staticmethod(leer_decimal)

    def __init__(self, *, min_value: Decimal | None = None, decimales: int | None = None, **kwargs):
        self.min_value, self.decimales = min_value, decimales
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(f"valor fuera de rango «{value}» (mínimo {self.min_value})", code="rango")
        if self.decimales is not None and value != value.quantize(Decimal(1).scaleb(-self.decimales)):
            raise ValidationError(f"«{value}» tiene más de {self.decimales} decimales", code="decimales")


# --- Reading the workbook ---------------------------------------------------------------------------------------


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


def _abrir_libro(archivo):
    if isinstance(archivo, str | Path):
        ruta = Path(archivo)
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


def _buscar_encabezado(filas: list[tuple], columnas: Sequence[Columna]) -> tuple[int, dict[str, Ubicacion], set]:
    """Index of the first row holding every required header, its column map, and the missing required ones."""
    requeridas = [c for c in columnas if c.requerida]
    mejor = (-1, {}, {c.campo for c in requeridas}, -1)
    for i, fila in enumerate(filas):
        normalizados = [normalizar_encabezado(v) for v in fila]
        ubicaciones: dict[str, Ubicacion] = {}
        for columna in columnas:
            nombres = columna.nombres_normalizados()
            for j, texto in enumerate(normalizados):
                if texto and texto in nombres:
                    ubicaciones[columna.campo] = Ubicacion(j, get_column_letter(j + 1), str(fila[j]).strip())
                    break
        faltan = {c.campo for c in requeridas if c.campo not in ubicaciones}
        if not faltan:
            return i, ubicaciones, set()
        if len(ubicaciones) > mejor[3]:
            mejor = (i, ubicaciones, faltan, len(ubicaciones))
    return mejor[0], mejor[1], mejor[2]


def leer_tabla(archivo, columnas: Sequence[Columna], *, hoja: str | None = None) -> TablaExcel:
    """Read the first sheet (or `hoja`) whose header row has every required column; `ArchivoInvalido` otherwise."""
    libro = _abrir_libro(archivo)
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
            encabezados = ["" if v is None else str(v).strip() for v in filas[indice]]
            datos = [
                FilaExcel(numero, fila)
                for numero, fila in enumerate(filas[indice + 1 :], start=indice + 2)
                if any(not es_vacio(v) for v in fila)
            ]
            return TablaExcel(nombre, encabezados, ubicaciones, datos)
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
        ubicacion = tabla.ubicacion(campo) if campo != NON_FIELD_ERRORS else None
        lugar = {"fila": fila.numero}
        if ubicacion:
            lugar.update(columna=ubicacion.letra, encabezado=ubicacion.encabezado)
        elif campo != NON_FIELD_ERRORS:
            lugar.update(encabezado=campo)
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


# --- Writing ----------------------------------------------------------------------------------------------------


def ejecutar_escritura(informe: InformeImportacion, escribir: Callable[[], None], *, simulacro: bool = False) -> None:
    """Write only when there are no errors, in one durable transaction; a dry run rolls everything back."""
    informe.simulacro = simulacro
    if informe.hay_errores:
        return
    with transaction.atomic(durable=True):
        escribir()
        if informe.hay_errores or simulacro:
            transaction.set_rollback(True)
        else:
            informe.escrito = True


def reiniciar_secuencias(modelos: Iterable) -> None:
    """Move id sequences past rows inserted with explicit ids (PostgreSQL; nothing to do on SQLite)."""
    sentencias = connection.ops.sequence_reset_sql(no_style(), list(modelos))
    if sentencias:
        with connection.cursor() as cursor:
            for sentencia in sentencias:
                cursor.execute(sentencia)


def actividad_importacion(
    *, usuario, entidad: str, registros: Iterable[tuple[int, dict[str, tuple[object, object]] | None, str]]
) -> list[RegistroActividad]:
    """Log IMPORTAR rows for many records in one insert: (id, changed fields or None, detail) per record.

    Same row shape as `core.actividad.actividad_registrar` (one row per changed field, else one row), batched
    because an import touches hundreds of records.
    """
    if usuario is not None and not getattr(usuario, "is_authenticated", False):
        usuario = None
    filas = []
    for registro_id, cambios, detalle in registros:
        comunes = {
            "usuario": usuario,
            "afectacion": entidad[:100],
            "registro_id": registro_id,
            "evento": Evento.IMPORTAR,
            "detalle": detalle,
        }
        if not cambios:
            filas.append(RegistroActividad(**comunes))
            continue
        filas.extend(
            RegistroActividad(
                campo=str(campo)[:100],
                valor_anterior=valor_legible(anterior),
                valor_actual=valor_legible(actual),
                **comunes,
            )
            for campo, (anterior, actual) in cambios.items()
        )
    return RegistroActividad.objects.bulk_create(filas, batch_size=1000)


# --- Error workbook ---------------------------------------------------------------------------------------------


def _valor_para_libro(valor):
    if isinstance(valor, float):
        return Decimal(str(valor)) if valor == valor else str(valor)
    return valor


def libro_errores(tabla: TablaExcel, informe: InformeImportacion) -> bytes | None:
    """Every row as read, behind a first column OBSERVACIONES_SISTEMA with its problems (blank when none).

    Keeping the good rows lets the user correct the workbook in place and upload it again: the two added
    columns are ignored by the import, which finds its columns by name. None when no row has a problem.
    """
    por_fila = informe.problemas_por_fila()
    if not por_fila:
        return None
    ancho = max([len(tabla.encabezados)] + [len(f.celdas) for f in tabla.filas])
    columnas = [ColumnaExcel(COLUMNA_OBSERVACIONES, 60), ColumnaExcel("FILA", 8, "entero")]
    for i in range(ancho):
        titulo = tabla.encabezados[i] if i < len(tabla.encabezados) else ""
        valores = [f.celdas[i] for f in tabla.filas if i < len(f.celdas)]
        formato = "texto"
        if any(isinstance(v, datetime.date) for v in valores):
            formato = "fecha"
        elif any(isinstance(v, float) for v in valores):
            formato = "decimal"
        columnas.append(ColumnaExcel(titulo or get_column_letter(i + 1), 18, formato))
    datos = (
        ["\n".join(por_fila.get(f.numero, [])), f.numero]
        + [_valor_para_libro(f.celdas[i]) if i < len(f.celdas) else None for i in range(ancho)]
        for f in tabla.filas
    )
    return libro_xlsx("Errores", columnas, datos)


# --- Web uploads ------------------------------------------------------------------------------------------------


def importacion_registrar(
    *, tipo: str, usuario, parametros: dict, informe: InformeImportacion, tabla: TablaExcel | None
) -> TrabajoSegundoPlano:
    """Keep a web upload's report, and its error workbook when a row has a problem, on a job row of the uploader."""
    filas = len(tabla.filas) if tabla else 0
    trabajo = TrabajoSegundoPlano(
        tipo=tipo,
        usuario=usuario,
        estado=EstadoTrabajo.ERROR if informe.hay_errores else EstadoTrabajo.TERMINADO,
        avance=filas,
        total=filas,
        parametros=parametros,
        resultado=informe.como_dict(),
        mensaje=informe.resumen(),
        fecha_fin=timezone.now(),
    )
    libro = libro_errores(tabla, informe) if tabla else None
    if libro:
        trabajo.archivo.save(f"errores_{tipo}_{get_random_string(16)}.xlsx", ContentFile(libro), save=False)
    trabajo.save()
    return trabajo


def libro_errores_de(*, usuario, tipo: str, pk: int) -> TrabajoSegundoPlano | None:
    """The job row holding an error workbook, only for the user who uploaded the file."""
    trabajo = TrabajoSegundoPlano.objects.filter(pk=pk, usuario=usuario, tipo=tipo).first()
    return trabajo if trabajo is not None and trabajo.archivo else None
