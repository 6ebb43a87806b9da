"""The one rounding policy for money (DESIGN §5): Decimal only, ROUND_HALF_UP to cents."""

from decimal import ROUND_HALF_UP, Decimal

CENTAVO = Decimal("0.01")


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
