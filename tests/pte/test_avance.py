"""The one definition of progress (DESIGN §6)."""

from datetime import date
from decimal import Decimal

import pytest

from operaciones.catalogos.constantes import EstatusId
from operaciones.pte.avance import (
    anotar_avance_pasos,
    avance_de,
    avance_final,
    avance_tiempo,
    porcentaje_pasos,
)
from operaciones.pte.models import PTEHeader
from tests.factories import PTEHeaderFactory


def test_count_based_progress_when_no_weights():
    assert porcentaje_pasos(total_pasos=3, pasos_hechos=1) == 33
    assert porcentaje_pasos(total_pasos=0, pasos_hechos=0) == 0
    assert porcentaje_pasos(total_pasos=4, pasos_hechos=4) == 100


def test_weighted_progress_when_weights_are_set():
    assert porcentaje_pasos(total_pasos=3, pasos_hechos=1, peso_total=Decimal("10"), peso_hecho=Decimal("8")) == 80


def test_progress_is_rounded_down_so_100_means_everything_done():
    assert porcentaje_pasos(total_pasos=1000, pasos_hechos=999) == 99


def test_time_progress_before_during_and_after_the_period():
    inicio, fin = date(2026, 1, 1), date(2026, 1, 10)
    assert avance_tiempo(inicio, fin, date(2025, 12, 31)).porcentaje == 0
    durante = avance_tiempo(inicio, fin, date(2026, 1, 5))
    resumen = (durante.plazo_total, durante.dias_transcurridos, durante.dias_restantes, durante.porcentaje)
    assert resumen == (10, 5, 5, 50)
    assert avance_tiempo(inicio, fin, date(2026, 2, 1)).porcentaje == 100
    assert avance_tiempo(None, fin, date(2026, 1, 5)).plazo_total == 0
    assert avance_tiempo(fin, inicio, date(2026, 1, 5)).porcentaje == 0


def test_ot_progress_is_seventy_percent_time_thirty_percent_steps():
    assert avance_final(50, 100) == 65
    assert avance_final(100, 0) == 70
    assert avance_final(33, 33) == 33


@pytest.mark.django_db
def test_annotation_counts_done_and_not_applicable_steps_in_one_query(django_assert_num_queries):
    pte = PTEHeaderFactory(con_pasos=True)
    pasos = list(pte.detalles.order_by("id"))
    pasos[0].estatus_paso_id = EstatusId.COMPLETADO
    pasos[1].estatus_paso_id = EstatusId.NO_APLICA
    pasos[2].estatus_paso_id = EstatusId.CANCELADO
    for paso in pasos[:3]:
        paso.save()
    with django_assert_num_queries(1):
        fila = anotar_avance_pasos(PTEHeader.objects.filter(pk=pte.pk)).get()
    assert fila.total_pasos == len(pasos)
    assert fila.pasos_hechos == 2
    assert avance_de(fila) == 2 * 100 // len(pasos)
