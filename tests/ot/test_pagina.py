"""The OT page: summary cards above the list."""

import pytest

from core import selectors
from operaciones.catalogos.constantes import TipoId
from tests.core import datos_tablero as d
from tests.test_modulos import _tarjetas, sembrar_operacion

pytestmark = pytest.mark.django_db


def test_ot_landing_separates_initial_orders_and_reprogrammings(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=2)
    tarjetas = _tarjetas(cliente_admin.get("/operaciones/ot/"))
    # each round: one initial with production + one initial holding an inactive schedule; one reprogramming
    assert tarjetas["OTs iniciales vigentes"] == 4
    assert tarjetas["Reprogramaciones vigentes"] == 2
    assert tarjetas["En ejecución"] == 4
    assert tarjetas["Por definir"] == 0


def test_ot_landing_names_reprogrammings_by_number(cliente_admin):
    inicial = d.crear_ot(orden_trabajo="OT-FAMILIA-1")
    d.crear_ot(tipo=TipoId.OT_REPROGRAMACION, principal=inicial, num_reprogramacion=2, orden_trabajo="OT-FAMILIA-1")
    filas = cliente_admin.get("/operaciones/ot/").context["resumen"].filas
    assert [fila[1] for fila in filas] == ["Reprogramación 2", "Inicial"]
