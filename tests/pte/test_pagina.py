"""The PTE page: summary cards above the list."""

import pytest

from core import selectors
from operaciones.pte.models import EstatusPTE
from tests.core import datos_tablero as d
from tests.test_modulos import _tarjetas, sembrar_operacion

pytestmark = pytest.mark.django_db


def test_pte_landing_counts_live_ptes_and_lists_latest_folios(cliente_admin, admin):
    sembrar_operacion(admin, selectors.hoy_mexico(), n=6)
    respuesta = cliente_admin.get("/operaciones/pte/")
    tarjetas = _tarjetas(respuesta)
    assert tarjetas["PTEs vigentes"] == 12
    assert tarjetas["Pendientes"] == 6
    assert tarjetas["En proceso"] == 6
    filas = respuesta.context["resumen"].filas
    assert len(filas) == 10
    html = respuesta.content.decode()
    assert "PTE-BORRADA-999" not in html
    ultima = d.crear_pte(EstatusPTE.ENTREGADA, oficio_pte="PTE-ULTIMA-2026")
    html = cliente_admin.get("/operaciones/pte/").content.decode()
    assert ultima.oficio_pte in html
