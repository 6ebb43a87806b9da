"""The house rounding policy for money: Decimal, ROUND_HALF_UP to cents."""

from decimal import Decimal

import pytest

from core.money import formato_moneda, redondear_centavos


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (Decimal("2.345"), Decimal("2.35")),
        (Decimal("2.344999"), Decimal("2.34")),
        (Decimal("2.125"), Decimal("2.13")),  # banker's rounding would give 2.12
        (Decimal("-2.345"), Decimal("-2.35")),
        (Decimal("3760.005"), Decimal("3760.01")),
        ("10.005", Decimal("10.01")),
        (7, Decimal("7.00")),
        (None, Decimal("0.00")),
    ],
)
def test_rounds_half_up_to_cents(valor, esperado):
    resultado = redondear_centavos(valor)
    assert resultado == esperado
    assert resultado.as_tuple().exponent == -2


def test_float_is_read_through_its_text_not_its_binary_value():
    # Decimal(1.005) is 1.00499999999999989…; the spreadsheet value the user saw is 1.005.
    assert redondear_centavos(1.005) == Decimal("1.01")


def test_money_text_uses_thousands_commas_and_currency():
    assert formato_moneda(Decimal("1234567.891"), "MXN") == "$1,234,567.89 MXN"
    assert formato_moneda(Decimal("0.335"), "USD") == "$0.34 USD"
    assert formato_moneda(Decimal("-1500"), "MXN") == "-$1,500.00 MXN"
    assert formato_moneda(Decimal("12.5"), "") == "$12.50"
