"""Pure-Python helpers of the schedule reader: numbers, dates and custom-field aliases (§3.8).

Nothing here touches Java, so both sides of the subprocess (and the tests) can import it cheaply.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENTESIMA = Decimal("0.01")

# Bounds of §3.8, so one absurd value in a file cannot overflow a column.
DURACION_MAXIMA = Decimal("99999.99")
PORCENTAJE_MAXIMO = Decimal("999.99")
LAG_MAXIMO = Decimal("99999.99")

# Aliases the schedulers use for the weight and the measured-progress custom fields (§3.8), normalised.
ALIAS_PONDERACION = ("pond.", "pond", "ponderador", "ponderacion", "peso")
FRAGMENTOS_PONDERACION = ("pond", "peso")
FRAGMENTOS_AVANCE = ("avance real", "% avance", "avance fisico", "fisico")

USO_PONDERACION = "ponderacion"
USO_AVANCE = "avance"
USO_OTRO = "otro"


def normalizar_alias(texto: str | None) -> str:
    """Lower case, no accents, single spaces: "  % Avance  Físico " → "% avance fisico"."""
    if not texto:
        return ""
    sin_acentos = unicodedata.normalize("NFKD", str(texto)).encode("ascii", "ignore").decode("ascii")
    return " ".join(sin_acentos.lower().split())


def uso_de_alias(alias: str | None) -> str:
    """What a custom field is for, judged by its alias: weight, measured progress or anything else."""
    normal = normalizar_alias(alias)
    if not normal:
        return USO_OTRO
    if normal in ALIAS_PONDERACION or any(fragmento in normal for fragmento in FRAGMENTOS_PONDERACION):
        return USO_PONDERACION
    if any(fragmento in normal for fragmento in FRAGMENTOS_AVANCE):
        return USO_AVANCE
    return USO_OTRO


def orden_natural(texto: str) -> tuple:
    """Sort key that puts "Number2" before "Number10"."""
    return tuple(int(parte) if parte.isdigit() else parte for parte in re.split(r"(\d+)", texto))


_NUMERO = re.compile(r"^[+-]?\d+(\.\d+)?$")


def leer_numero(valor) -> Decimal | None:
    """A Decimal from a custom-field value: numbers, or text such as "12,5 %", "1,234.50" or "1.234,50"."""
    if valor is None or isinstance(valor, bool):
        return None
    if isinstance(valor, int | float | Decimal):
        try:
            numero = Decimal(str(valor))
        except InvalidOperation:
            return None
        return numero if numero.is_finite() else None
    texto = str(valor).replace("%", "").replace("\u00a0", "").replace(" ", "").strip()
    if not texto:
        return None
    if "," in texto and "." in texto:
        # The separator written last is the decimal one; the other groups thousands.
        if texto.rfind(",") > texto.rfind("."):
            texto = texto.replace(".", "").replace(",", ".")
        else:
            texto = texto.replace(",", "")
    elif "," in texto:
        texto = texto.replace(",", ".") if texto.count(",") == 1 else texto.replace(",", "")
    if not _NUMERO.match(texto):
        return None
    return Decimal(texto)


def decimal_texto(valor, *, minimo=None, maximo=None) -> str:
    """Two-decimal string ("50.00"), ROUND_HALF_UP, clamped to [minimo, maximo] when given."""
    numero = valor if isinstance(valor, Decimal) else Decimal(str(valor))
    if maximo is not None and numero > maximo:
        numero = Decimal(str(maximo))
    if minimo is not None and numero < minimo:
        numero = Decimal(str(minimo))
    numero = numero.quantize(CENTESIMA, rounding=ROUND_HALF_UP)
    if numero == 0:
        numero = abs(numero)  # no "-0.00"
    return str(numero)


def fecha_texto(valor) -> str | None:
    """ "YYYY-MM-DDTHH:MM" from a LocalDateTime (its str() may carry seconds we do not keep)."""
    if valor is None:
        return None
    return str(valor)[:16]
