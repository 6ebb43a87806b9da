"""Shared data of the PTE tests: a PEMEX PTE with its checklist and a valid create body."""

import pytest

from operaciones.catalogos.constantes import ClienteId, TipoId
from operaciones.pte.models import Prioridad
from tests.factories import PTEHeaderFactory, ResponsableProyectoFactory


@pytest.fixture
def pte(db):
    return PTEHeaderFactory(con_pasos=True)


@pytest.fixture
def responsable(db):
    return ResponsableProyectoFactory()


@pytest.fixture
def alta(responsable):
    """A valid body for pte/crear/ (only the required fields)."""
    return {
        "id_cliente": ClienteId.PEMEX.value,
        "id_responsable_proyecto": responsable.pk,
        "id_tipo": TipoId.OBRA.value,
        "prioridad": Prioridad.ALTA.value,
        "plazo_dias": "15",
    }
