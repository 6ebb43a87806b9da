"""Validity window of an OT family and the days a month has closed (reference §3.3)."""

from datetime import date

import pytest

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId
from operaciones.produccion.ventanas import MOTIVO_FIRMADO, dias_bloqueados, ventana_validez
from tests.factories import OTEFactory, ReprogramacionFactory, SitioFactory, frente
from tests.produccion.datos import firmar_dia

pytestmark = pytest.mark.django_db


def test_window_runs_from_the_real_start_to_the_latest_end_of_the_live_family():
    ot = OTEFactory(
        fecha_inicio_programado=date(2025, 3, 1),
        fecha_inicio_real=date(2025, 3, 4),
        fecha_termino_programado=date(2025, 3, 20),
    )
    ReprogramacionFactory(ot_principal=ot, fecha_termino_programado=date(2025, 4, 10))
    borrada = ReprogramacionFactory(ot_principal=ot, fecha_termino_programado=date(2025, 6, 30))
    borrada.estatus = EstatusRegistro.ELIMINADO
    borrada.save()

    assert ventana_validez(ot=ot, sitio=ot.id_embarcacion) == (date(2025, 3, 4), date(2025, 4, 10))


def test_a_real_end_replaces_the_programmed_one_and_any_family_member_gives_the_same_window():
    ot = OTEFactory(
        fecha_inicio_programado=date(2025, 3, 1),
        fecha_inicio_real=None,
        fecha_termino_programado=date(2025, 3, 20),
        fecha_termino_real=date(2025, 3, 25),
    )
    repro = ReprogramacionFactory(ot_principal=ot, fecha_termino_programado=date(2025, 3, 22))

    assert ventana_validez(ot=ot, sitio=None) == (date(2025, 3, 1), date(2025, 3, 25))
    assert ventana_validez(ot=repro, sitio=None) == (date(2025, 3, 1), date(2025, 3, 25))


def test_at_the_yard_the_yard_window_replaces_the_main_one():
    patio = SitioFactory(id_frente=frente(FrenteId.PATIO))
    ot = OTEFactory(
        fecha_inicio_programado=date(2025, 3, 10),
        fecha_termino_programado=date(2025, 4, 30),
        requiere_patio=True,
        id_patio=patio,
        fecha_inicio_patio=date(2025, 2, 20),
        fecha_fin_patio=date(2025, 3, 5),
    )
    ReprogramacionFactory(
        ot_principal=ot, id_patio=patio, fecha_inicio_patio=date(2025, 2, 20), fecha_fin_patio=date(2025, 3, 8)
    )

    assert ventana_validez(ot=ot, sitio=patio) == (date(2025, 2, 20), date(2025, 3, 8))
    assert ventana_validez(ot=ot, sitio=ot.id_embarcacion)[0] == date(2025, 3, 10)

    bloqueados = dias_bloqueados(ot=ot, sitio=patio, mes=3, anio=2025)
    assert sorted(bloqueados) == list(range(9, 32))
    assert bloqueados[9] == "Fuera de la vigencia de la fase en patio (20/02/2025 – 08/03/2025)"


def test_days_outside_the_window_are_blocked_with_the_window_in_the_reason():
    ot = OTEFactory(
        fecha_inicio_programado=date(2025, 2, 3),
        fecha_inicio_real=date(2025, 2, 3),
        fecha_termino_programado=date(2025, 2, 25),
    )

    bloqueados = dias_bloqueados(ot=ot, sitio=ot.id_embarcacion, mes=2, anio=2025)

    assert sorted(bloqueados) == [1, 2, 26, 27, 28]
    assert bloqueados[1] == "Fuera de la vigencia de la OT (03/02/2025 – 25/02/2025)"


def test_an_ot_without_dates_blocks_nothing_by_window():
    ot = OTEFactory(fecha_inicio_programado=None, fecha_inicio_real=None, fecha_termino_programado=None)

    assert dias_bloqueados(ot=ot, sitio=ot.id_embarcacion, mes=2, anio=2025) == {}


def test_a_signed_report_of_any_family_ot_at_any_site_blocks_the_day_but_other_statuses_do_not():
    ot = OTEFactory(fecha_inicio_programado=date(2025, 1, 1), fecha_termino_programado=date(2025, 12, 31))
    repro = ReprogramacionFactory(ot_principal=ot)
    otro_sitio = SitioFactory()
    firmar_dia(repro, otro_sitio, date(2025, 3, 5))
    firmar_dia(ot, ot.id_embarcacion, date(2025, 3, 6), EstatusId.FALTA_FIRMA_PEMEX)
    firmar_dia(ot, ot.id_embarcacion, date(2025, 4, 7))  # another month
    ajena = OTEFactory(fecha_inicio_programado=date(2025, 1, 1), fecha_termino_programado=date(2025, 12, 31))
    firmar_dia(ajena, ajena.id_embarcacion, date(2025, 3, 8))  # another family

    assert dias_bloqueados(ot=ot, sitio=ot.id_embarcacion, mes=3, anio=2025) == {5: MOTIVO_FIRMADO}


def test_blocked_days_cost_two_queries(django_assert_num_queries):
    ot = OTEFactory()

    with django_assert_num_queries(2):
        dias_bloqueados(ot=ot, sitio=ot.id_embarcacion, mes=3, anio=2025)
