"""The database itself refuses an inventory row whose balance does not hold, on PostgreSQL and on SQLite alike.

SQLite compares decimals as floats, so the constraint allows half a thousandth (quantities have 3 decimals): on
PostgreSQL's exact numerics that is plain equality, on SQLite it keeps fractional litres from being refused.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from costa_fuera.models import InventarioDiario, TipoRecurso
from tests.costa_fuera.datos import reporte

pytestmark = pytest.mark.django_db


def _fila(rep, **valores):
    return InventarioDiario.objects.create(reporte=rep, tipo_recurso=TipoRecurso.DIESEL, **valores)


def test_fractional_quantities_that_balance_are_stored():
    rep = reporte()
    fila = _fila(
        rep,
        existencia_anterior=Decimal("1000.100"),
        suministro=Decimal("0.200"),
        consumo=Decimal("350.333"),
        trasiego=Decimal("0.001"),
        existencia_actual=Decimal("649.966"),
    )
    fila.refresh_from_db()
    assert fila.existencia_actual == Decimal("649.966")


@pytest.mark.parametrize("actual", ["649.967", "649.965", "650"])
def test_a_balance_off_by_a_thousandth_is_refused(actual):
    rep = reporte()
    with pytest.raises(IntegrityError), transaction.atomic():
        _fila(
            rep,
            existencia_anterior=Decimal("1000.100"),
            suministro=Decimal("0.200"),
            consumo=Decimal("350.333"),
            trasiego=Decimal("0.001"),
            existencia_actual=Decimal(actual),
        )
