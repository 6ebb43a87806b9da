"""The day's time log: whole-list validation (formats, order, overlaps, gaps, OTs), idempotent save, totals."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import RegistroActividad
from costa_fuera.bitacora import bitacora_guardar, entradas_de_reporte, ots_permitidas, totales_bitacora
from costa_fuera.models import BitacoraTiempo, EstadoReporte
from tests.costa_fuera.datos import bitacora_completa, embarcacion, ot_en_embarcacion, reporte

pytestmark = pytest.mark.django_db

DIA = date(2025, 3, 10)


def _e(inicio, fin, actividad="Actividad", categoria="OPERANDO", ot=None, hueco=False) -> dict:
    return {
        "hora_inicio": inicio,
        "hora_fin": fin,
        "actividad": actividad,
        "estatus_operativo": categoria,
        "ot": ot,
        "hueco_justificado": hueco,
    }


def _rechazo(r, datos, usuario) -> dict:
    with pytest.raises(ValidationError) as rechazo:
        bitacora_guardar(reporte_id=r.pk, datos=datos, usuario=usuario)
    return rechazo.value.message_dict


def test_saving_the_day_stores_midnight_as_time_zero_and_reads_it_back_as_24(coordinador):
    r = reporte(embarcacion(), DIA)
    ot = ot_en_embarcacion(r.embarcacion, DIA)
    datos = [
        _e("12:00", "24:00", "Reparación", ot=ot.pk),
        _e("00:00", "08:00", "Inspección", ot=ot.pk),
        _e("08:00", "12:00", "Espera", "ESPERA_CLIMA"),
    ]
    assert bitacora_guardar(reporte_id=r.pk, datos=datos, usuario=coordinador) is True
    filas = list(r.bitacora.order_by("hora_inicio").values_list("hora_inicio", "hora_fin", "ot"))
    assert filas == [(time(0), time(8), ot.pk), (time(8), time(12), None), (time(12), time(0), ot.pk)]
    assert [e["hora_fin"] for e in entradas_de_reporte(r)] == ["08:00", "12:00", "24:00"]


def test_00_00_as_an_end_means_midnight(coordinador):
    r = reporte(embarcacion(), DIA)
    bitacora_guardar(reporte_id=r.pk, datos=[_e("20:00", "00:00")], usuario=coordinador)
    assert r.bitacora.get().hora_fin == time(0, 0)


def test_saving_the_same_list_twice_changes_nothing(coordinador):
    r = reporte(embarcacion(), DIA)
    datos = [_e("00:00", "10:00"), _e("10:00", "24:00", categoria="TRANSITO")]
    assert bitacora_guardar(reporte_id=r.pk, datos=datos, usuario=coordinador) is True
    ids = list(r.bitacora.values_list("pk", flat=True))
    registros = RegistroActividad.objects.count()
    assert bitacora_guardar(reporte_id=r.pk, datos=list(reversed(datos)), usuario=coordinador) is False
    assert list(r.bitacora.values_list("pk", flat=True)) == ids
    assert RegistroActividad.objects.count() == registros


def test_an_overlap_names_both_activities_in_spanish(coordinador):
    r = reporte(embarcacion(), DIA)
    datos = [_e("00:00", "07:00"), _e("07:00", "09:00"), _e("08:00", "10:00")]
    errores = _rechazo(r, datos, coordinador)
    assert errores == {
        "bitacora[2].hora_inicio": ["La actividad 3 (08:00–10:00) se traslapa con la actividad 2 (07:00–09:00)."]
    }
    assert not r.bitacora.exists()


def test_an_activity_inside_another_overlaps_even_when_not_adjacent(coordinador):
    r = reporte(embarcacion(), DIA)
    errores = _rechazo(r, [_e("00:00", "12:00"), _e("02:00", "03:00"), _e("03:00", "04:00")], coordinador)
    assert (
        "La actividad 2 (02:00–03:00) se traslapa con la actividad 1 (00:00–12:00)."
        in errores["bitacora[1].hora_inicio"]
    )
    assert "se traslapa con la actividad 1" in errores["bitacora[2].hora_inicio"][0]


def test_a_gap_is_refused_unless_the_later_activity_is_marked(coordinador):
    r = reporte(embarcacion(), DIA)
    errores = _rechazo(r, [_e("00:00", "10:00"), _e("11:00", "24:00")], coordinador)
    assert (
        "Hay un hueco de 10:00 a 11:00 entre la actividad 1 y la actividad 2" in errores["bitacora[1].hora_inicio"][0]
    )
    assert bitacora_guardar(
        reporte_id=r.pk, datos=[_e("00:00", "10:00"), _e("11:00", "24:00", hueco=True)], usuario=coordinador
    )
    assert r.bitacora.filter(hueco_justificado=True).count() == 1


@pytest.mark.parametrize(
    ("entrada", "clave"),
    [
        (_e("8:00", "10:00"), "bitacora[0].hora_inicio"),
        (_e("24:00", "24:00"), "bitacora[0].hora_inicio"),
        (_e("08:00", "25:00"), "bitacora[0].hora_fin"),
        (_e("08:00", "08:00"), "bitacora[0].hora_fin"),
        (_e("10:00", "09:00"), "bitacora[0].hora_fin"),
        (_e("08:00", "09:00", actividad="   "), "bitacora[0].actividad"),
        (_e("08:00", "09:00", actividad="x" * 2001), "bitacora[0].actividad"),
        (_e("08:00", "09:00", categoria="BAILANDO"), "bitacora[0].estatus_operativo"),
        (_e("08:00", "09:00", ot="abc"), "bitacora[0].ot"),
        (_e("08:00", "09:00", ot=True), "bitacora[0].ot"),
        (_e("08:00", "09:00", hueco="quizá"), "bitacora[0].hueco_justificado"),
        ({**_e("08:00", "09:00"), "hora_inicio": 800}, "bitacora[0].hora_inicio"),
        ("no soy un objeto", "bitacora[0]"),
    ],
)
def test_bad_entries_are_refused_with_an_error_keyed_by_row_and_field(coordinador, entrada, clave):
    r = reporte(embarcacion(), DIA)
    errores = _rechazo(r, [entrada], coordinador)
    assert clave in errores
    assert all(m and m[0].isupper() for mensajes in errores.values() for m in mensajes)


def test_the_list_itself_must_be_a_list_of_at_most_200(coordinador):
    r = reporte(embarcacion(), DIA)
    assert "bitacora" in _rechazo(r, {"hora_inicio": "00:00"}, coordinador)
    muchas = [_e(f"{h:02d}:00", f"{h:02d}:01") for h in range(24)] * 9
    assert "200" in _rechazo(r, muchas, coordinador)["bitacora"][0]


def test_an_ot_must_work_on_the_vessel_that_month(coordinador):
    barco = embarcacion("ARRECIFE I")
    r = reporte(barco, DIA)
    propia = ot_en_embarcacion(barco, DIA)
    ajena = ot_en_embarcacion(embarcacion(), DIA)
    assert set(ots_permitidas(r)) == {propia.pk}
    errores = _rechazo(r, [_e("00:00", "24:00", ot=ajena.pk)], coordinador)
    assert errores["bitacora[0].ot"] == ["Actividad 1: la OT elegida no trabaja en ARRECIFE I en 03/2025."]
    assert "bitacora[0].ot" in _rechazo(r, [_e("00:00", "24:00", ot=999999)], coordinador)
    assert bitacora_guardar(reporte_id=r.pk, datos=[_e("00:00", "24:00", ot=str(propia.pk))], usuario=coordinador)


def test_an_ot_already_in_the_saved_log_stays_allowed(coordinador):
    r = reporte(embarcacion(), DIA)
    otra = ot_en_embarcacion(embarcacion(), DIA)
    BitacoraTiempo.objects.create(reporte=r, hora_inicio=time(0), hora_fin=time(1), actividad="x", ot=otra)
    assert otra.pk in ots_permitidas(r)


def test_a_closed_report_refuses_the_save_with_the_spanish_message(coordinador):
    r = reporte(embarcacion("ARRECIFE I"), DIA, estado=EstadoReporte.CERRADO)
    errores = _rechazo(r, [_e("00:00", "24:00")], coordinador)
    assert "está cerrado y no admite cambios" in errores["reporte"][0]
    assert not r.bitacora.exists()


def test_totals_per_category_and_ot(django_assert_num_queries):
    r = reporte(embarcacion(), DIA)
    ot = ot_en_embarcacion(r.embarcacion, DIA)
    bitacora_completa(r, ot=ot)
    BitacoraTiempo.objects.filter(reporte=r, hora_inicio=time(8)).update(ot=None, hora_fin=time(12, 20))
    BitacoraTiempo.objects.filter(reporte=r, hora_inicio=time(12)).update(hora_inicio=time(12, 20))
    with django_assert_num_queries(1):
        totales = totales_bitacora(r)
    assert totales["por_categoria"] == [
        {"categoria": "OPERANDO", "etiqueta": "Operando", "horas": Decimal("19.67"), "minutos": 1180},
        {"categoria": "ESPERA_CLIMA", "etiqueta": "Espera por clima", "horas": Decimal("4.33"), "minutos": 260},
    ]
    assert totales["por_ot"] == [
        {"ot_id": ot.pk, "ot": ot.orden_trabajo, "horas": Decimal("19.67"), "minutos": 1180},
        {"ot_id": None, "ot": "Sin OT", "horas": Decimal("4.33"), "minutos": 260},
    ]
    assert totales["total_horas"] == Decimal("24.00")


def test_totals_of_an_empty_log_are_zero():
    totales = totales_bitacora(reporte(embarcacion(), DIA))
    assert totales == {"por_categoria": [], "por_ot": [], "total_horas": Decimal("0.00"), "total_minutos": 0}
