"""The checklist-step rules shared by PTE and OT steps (operaciones/pte/pasos.py)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from operaciones.catalogos.constantes import EstatusId
from operaciones.ot.models import OTDetalle
from operaciones.pte.models import PTEDetalle
from operaciones.pte.pasos import aplicar_archivo, aplicar_estatus, aplicar_fecha

HOY = date(2026, 11, 22)


@pytest.fixture(params=[PTEDetalle, OTDetalle], ids=["pte", "ot"])
def paso(request):
    return request.param(estatus_paso_id=EstatusId.PENDIENTE, comentario="nota previa")


def test_completing_sets_the_delivery_date_given_recorded_or_today(paso):
    aplicar_estatus(paso, estatus_id=EstatusId.COMPLETADO, hoy=HOY)
    assert paso.fecha_entrega == HOY
    paso.estatus_paso_id, paso.fecha_entrega = EstatusId.PROCESO, date(2026, 11, 1)
    aplicar_estatus(paso, estatus_id=EstatusId.COMPLETADO, hoy=HOY)
    assert paso.fecha_entrega == date(2026, 11, 1)
    aplicar_estatus(paso, estatus_id=EstatusId.COMPLETADO, hoy=HOY, fecha_entrega=date(2026, 10, 5))
    assert paso.fecha_entrega == date(2026, 10, 5)


def test_leaving_completed_clears_the_delivery_date(paso):
    aplicar_estatus(paso, estatus_id=EstatusId.COMPLETADO, hoy=HOY)
    aplicar_estatus(paso, estatus_id=EstatusId.PROCESO, hoy=HOY)
    assert paso.fecha_entrega is None


def test_comment_none_keeps_and_text_replaces(paso):
    aplicar_estatus(paso, estatus_id=EstatusId.PROCESO, hoy=HOY)
    assert paso.comentario == "nota previa"
    aplicar_estatus(paso, estatus_id=EstatusId.PROCESO, hoy=HOY, comentario="  ")
    assert paso.comentario == ""


def test_end_date_before_start_is_refused(paso):
    aplicar_fecha(paso, campo="fecha_inicio", fecha=date(2026, 11, 10))
    with pytest.raises(ValidationError):
        aplicar_fecha(paso, campo="fecha_termino", fecha=date(2026, 11, 9))
    with pytest.raises(ValidationError):
        aplicar_fecha(paso, campo="fecha_cualquiera", fecha=HOY)


def test_evidence_link_is_trimmed_and_blank_removes_it(paso):
    aplicar_archivo(paso, archivo="  https://drive.example.com/x  ")
    assert paso.archivo == "https://drive.example.com/x"
    aplicar_archivo(paso, archivo="")
    assert paso.archivo == ""
