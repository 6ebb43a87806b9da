"""The one rounding policy for money (DESIGN §5): Decimal only, ROUND_HALF_UP to cents."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F
from django.db.models.functions import Round

CENTAVO = Decimal("0.01")
IMPORTE_SQL = DecimalField(max_digits=38, decimal_places=10)


def redondear_centavos(valor: Decimal | int | float | str | None) -> Decimal:
    """Round an amount to cents, halves away from zero (2.345 → 2.35; −2.345 → −2.35). None counts as 0."""
    if valor is None:
        return Decimal("0.00")
    if isinstance(valor, float):
        # A float has already lost the cents; build the Decimal from its shortest repr, never from its bits.
        valor = str(valor)
    return Decimal(valor).quantize(CENTAVO, rounding=ROUND_HALF_UP)


def formato_moneda(valor: Decimal | int | float | str | None, moneda: str = "MXN") -> str:
    """`$1,234,567.89 MXN`: rounded with the house policy, thousands with commas as es-MX writes money."""
    cantidad = redondear_centavos(valor)
    signo = "-" if cantidad < 0 else ""
    texto = f"{abs(cantidad):,.2f}"
    sufijo = f" {moneda}" if moneda else ""
    return f"{signo}${texto}{sufijo}"


def importe_produccion_sql(precio: str, prefijo: str = ""):
    """round(volume × unit price, 2) of one production row, in the database: the per-row rule every production
    amount (dashboard, BI, API, estimations) is summed from. `precio` is precio_unitario_mn or _usd; `prefijo`
    reaches Produccion from a related model."""
    producto = ExpressionWrapper(
        F(f"{prefijo}volumen_produccion") * F(f"{prefijo}id_partida_anexo__{precio}"), output_field=IMPORTE_SQL
    )
    return Round(producto, 2, output_field=IMPORTE_SQL)
