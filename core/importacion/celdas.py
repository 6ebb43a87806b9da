"""Reading Excel cells: codes stay text, amounts Decimal, dates from cells or text; form fields using them."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from .informe import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    ValorInvalido,
)

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
