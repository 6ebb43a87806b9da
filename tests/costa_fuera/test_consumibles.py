"""Diesel and water of a vessel's day: the balance computed on the server, carried forward, PEMEX's difference."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.models import RegistroActividad
from costa_fuera import consumibles
from costa_fuera.models import EstadoReporte, InventarioDiario
from costa_fuera.selectors_recursos import inventarios_del_reporte
from tests.costa_fuera.datos import embarcacion, reporte

pytestmark = pytest.mark.django_db

D = Decimal
INICIO = date(2025, 3, 1)


def _guardar(rep, usuario, recurso="DIESEL", *, suministro="0", consumo="0", trasiego="0", **extra):
    return consumibles.inventario_guardar(
        reporte_id=rep.pk,
        tipo_recurso=recurso,
        suministro=suministro,
        consumo=consumo,
        trasiego=trasiego,
        usuario=usuario,
        **extra,
    )


def _cadena(barco, dias: int) -> list:
    reportes = []
    for n in range(dias):
        rep = reporte(barco, INICIO + timedelta(days=n))
        consumibles.inventarios_abrir(rep)
        reportes.append(rep)
    return reportes


def _filas(barco, recurso="DIESEL") -> list[InventarioDiario]:
    return list(
        InventarioDiario.objects.filter(reporte__embarcacion=barco, tipo_recurso=recurso).order_by("reporte__fecha")
    )


def _cadena_cuadra(barco, recurso="DIESEL") -> None:
    """Every day balances, and every day starts where the previous one ended."""
    filas = _filas(barco, recurso)
    for previa, fila in zip([None, *filas], filas, strict=False):
        assert fila.existencia_actual == fila.existencia_anterior + fila.suministro - fila.consumo - fila.trasiego
        if previa is not None:
            assert fila.existencia_anterior == previa.existencia_actual, fila.reporte.fecha


def test_opening_a_day_takes_the_previous_reports_closing_stock_or_zero(admin):
    barco = embarcacion()
    primero = reporte(barco, INICIO)
    consumibles.inventarios_abrir(primero)
    assert {(f.tipo_recurso, f.existencia_anterior, f.existencia_actual) for f in primero.inventarios.all()} == {
        ("DIESEL", D("0"), D("0")),
        ("AGUA", D("0"), D("0")),
    }
    _guardar(primero, admin, existencia_anterior="1000", suministro="500", consumo="200.125", trasiego="50")
    _guardar(primero, admin, "AGUA", existencia_anterior="300", consumo="20")
    # A later day opened after a gap still starts from the most recent earlier report.
    segundo = reporte(barco, INICIO + timedelta(days=3))
    consumibles.inventarios_abrir(segundo)
    diesel = segundo.inventarios.get(tipo_recurso="DIESEL")
    assert diesel.existencia_anterior == diesel.existencia_actual == D("1249.875")
    assert segundo.inventarios.get(tipo_recurso="AGUA").existencia_anterior == D("280")
    # Opening twice changes nothing.
    consumibles.inventarios_abrir(segundo)
    assert segundo.inventarios.count() == 2


def test_the_balance_is_computed_on_the_server_and_logged(admin):
    rep = reporte()
    fila, posteriores = _guardar(
        rep, admin, existencia_anterior="1000", suministro="250.5", consumo="100", trasiego="0.5", lectura_pemex="1140"
    )
    assert fila.existencia_actual == D("1150.000") and posteriores == []
    assert RegistroActividad.objects.filter(afectacion=consumibles.ENTIDAD_INVENTARIO, registro_id=fila.pk).exists()


def test_blank_movements_count_as_zero_and_a_blank_reading_as_none(admin):
    fila, _ = _guardar(reporte(), admin, existencia_anterior="40", suministro="", consumo=None, lectura_pemex=" ")
    assert (fila.suministro, fila.consumo, fila.existencia_actual, fila.lectura_pemex) == (0, 0, D("40"), None)


def test_a_negative_result_is_refused(admin):
    rep = reporte()
    with pytest.raises(ValidationError) as e:
        _guardar(rep, admin, existencia_anterior="100", consumo="80", trasiego="30")
    assert "negativa" in e.value.message_dict["consumo"][0]
    assert not InventarioDiario.objects.filter(reporte=rep, consumo__gt=0).exists()


@pytest.mark.parametrize(
    ("campo", "valor", "texto"),
    [
        ("suministro", "-1", "negativa"),
        ("consumo", "1.0005", "3 decimales"),
        ("trasiego", "abc", "número"),
        ("suministro", "NaN", "número"),
        ("consumo", "1e20", "pasar de"),
    ],
)
def test_quantities_are_checked(admin, campo, valor, texto):
    rep = reporte()
    with pytest.raises(ValidationError) as e:
        _guardar(rep, admin, **{campo: valor})
    assert texto in e.value.message_dict[campo][0]


def test_the_opening_stock_can_be_typed_only_on_the_vessels_first_day(admin):
    barco = embarcacion()
    primero, segundo = _cadena(barco, 2)
    _guardar(primero, admin, existencia_anterior="500")
    with pytest.raises(ValidationError) as e:
        _guardar(segundo, admin, existencia_anterior="900")
    assert "viene del reporte del 01/03/2025" in e.value.message_dict["existencia_anterior"][0]
    # The same value (as the page sends it, read-only) is accepted.
    fila, _ = _guardar(segundo, admin, existencia_anterior="500", consumo="10")
    assert fila.existencia_actual == D("490")


def test_a_ten_day_chain_still_balances_after_edits_in_the_middle(admin):
    barco = embarcacion()
    reportes = _cadena(barco, 10)
    _guardar(reportes[0], admin, existencia_anterior="10000", consumo="100")
    for rep in reportes[1:]:
        _guardar(rep, admin, suministro="50", consumo="300", trasiego="25.5")
    _cadena_cuadra(barco)
    assert _filas(barco)[-1].existencia_actual == D("10000") - 100 - 9 * (300 + D("25.5") - 50)

    # A supply forgotten on day 4 moves every later day.
    _, posteriores = _guardar(reportes[3], admin, suministro="2050", consumo="300", trasiego="25.5")
    assert [p.reporte.fecha for p in posteriores] == [r.fecha for r in reportes[4:]]
    _cadena_cuadra(barco)
    # Another edit on day 7, and water on day 2, leave every day balanced too.
    _guardar(reportes[6], admin, suministro="0", consumo="1000", trasiego="0")
    _guardar(reportes[1], admin, "AGUA", suministro="80", consumo="5")
    _cadena_cuadra(barco)
    _cadena_cuadra(barco, "AGUA")
    # 9,900 after day 1; days 2–10 each −275.5; day 4 +2,000 more; day 7 −1,000 instead of −275.5.
    assert _filas(barco)[-1].existencia_actual == D("9900") - 9 * D("275.5") + 2000 - (1000 - D("275.5"))


def test_the_chain_stops_at_a_later_closed_report_and_the_edit_is_refused(admin):
    barco = embarcacion()
    reportes = _cadena(barco, 4)
    _guardar(reportes[0], admin, existencia_anterior="1000")
    for rep in reportes[1:]:
        _guardar(rep, admin, consumo="100")
    reportes[2].estado = EstadoReporte.CERRADO
    reportes[2].save()
    with pytest.raises(ValidationError) as e:
        _guardar(reportes[0], admin, consumo="50")
    assert "reporte cerrado del 03/03/2025" in e.value.message_dict["existencia_actual"][0]
    # Nothing moved: not the day edited, not the open day in between.
    assert [f.existencia_actual for f in _filas(barco)] == [D("1000"), D("900"), D("800"), D("700")]
    # An edit that leaves the day's closing stock as it was does not touch the closed day.
    fila, posteriores = _guardar(reportes[0], admin, suministro="50", consumo="50")
    assert fila.existencia_actual == D("1000") and posteriores == []
    _cadena_cuadra(barco)


def test_a_change_that_drives_a_later_day_negative_is_refused(admin):
    barco = embarcacion()
    primero, segundo = _cadena(barco, 2)
    _guardar(primero, admin, existencia_anterior="1000")
    _guardar(segundo, admin, consumo="900")
    with pytest.raises(ValidationError) as e:
        _guardar(primero, admin, consumo="200")
    assert "02/03/2025" in e.value.message_dict["existencia_actual"][0]
    _cadena_cuadra(barco)


def test_a_closed_report_refuses_the_edit(admin):
    rep = reporte(estado=EstadoReporte.CERRADO)
    with pytest.raises(ValidationError) as e:
        _guardar(rep, admin, consumo="1")
    assert "está cerrado" in e.value.message_dict["reporte"][0]


def test_pemex_difference_and_alert_over_the_tolerance(admin, settings):
    settings.SASCOP_TOLERANCIA_CONSUMIBLES = "2"
    rep = reporte()
    _guardar(rep, admin, existencia_anterior="1000", lectura_pemex="1015")
    _guardar(rep, admin, "AGUA", existencia_anterior="1000", lectura_pemex="970")
    diesel, agua = inventarios_del_reporte(rep)
    assert (diesel["diferencia"], diesel["diferencia_pct"], diesel["alerta"]) == (D("15"), D("1.50"), False)
    assert (agua["diferencia"], agua["diferencia_pct"], agua["alerta"]) == (D("-30"), D("-3.00"), True)
    assert diesel["unidad"] == "L" and diesel["etiqueta"] == "Diésel"
    settings.SASCOP_TOLERANCIA_CONSUMIBLES = "1"
    assert inventarios_del_reporte(rep)[0]["alerta"] is True


def test_no_pemex_reading_means_no_difference_and_zero_stock_with_a_reading_alerts(admin):
    rep = reporte()
    _guardar(rep, admin, "AGUA", lectura_pemex="5")
    diesel, agua = inventarios_del_reporte(rep)
    assert diesel["diferencia"] is None and diesel["alerta"] is False
    assert agua["diferencia"] == D("5") and agua["diferencia_pct"] is None and agua["alerta"] is True


def test_a_bad_tolerance_setting_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SASCOP_TOLERANCIA_CONSUMIBLES = "dos"
    with pytest.raises(ImproperlyConfigured):
        consumibles.tolerancia()


def test_reading_the_days_consumables_takes_a_fixed_number_of_queries(admin, django_assert_num_queries):
    barco = embarcacion()
    reportes = _cadena(barco, 3)
    rep = reportes[-1]
    with django_assert_num_queries(2):
        filas = inventarios_del_reporte(rep)
    assert [f["anterior_editable"] for f in filas] == [False, False]
    assert [f["anterior_editable"] for f in inventarios_del_reporte(reportes[0])] == [True, True]


# --- the endpoint -------------------------------------------------------------------------------------------------


def _url(rep):
    return reverse("costa_fuera:inventario_guardar", args=[rep.pk])


def test_the_endpoint_saves_and_ignores_a_client_side_actual(cliente_capturista):
    rep = reporte()
    respuesta = cliente_capturista.post(
        _url(rep),
        {
            "tipo_recurso": "DIESEL",
            "existencia_anterior": "100",
            "suministro": "10",
            "consumo": "5",
            "trasiego": "0",
            "existencia_actual": "999999",
            "lectura_pemex": "104",
        },
    )
    assert respuesta.status_code == 200, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["inventario"]["existencia_actual"] == "105.000"
    assert cuerpo["inventario"]["diferencia"] == "-1.000"
    assert InventarioDiario.objects.get(reporte=rep, tipo_recurso="DIESEL").existencia_actual == D("105")


def test_the_endpoint_accepts_json_and_refuses_malformed_json(cliente_capturista):
    rep = reporte()
    datos = {"tipo_recurso": "AGUA", "suministro": 10, "consumo": 2.5, "trasiego": 0}
    respuesta = cliente_capturista.post(_url(rep), json.dumps(datos), content_type="application/json")
    assert respuesta.status_code == 200
    assert InventarioDiario.objects.get(reporte=rep, tipo_recurso="AGUA").existencia_actual == D("7.5")
    respuesta = cliente_capturista.post(_url(rep), "{nope", content_type="application/json")
    assert respuesta.status_code == 400 and "JSON" in respuesta.json()["detalles"]


def test_the_endpoint_refuses_bad_input_with_the_field(cliente_capturista):
    rep = reporte()
    respuesta = cliente_capturista.post(_url(rep), {"tipo_recurso": "GAS", "suministro": "1"})
    assert respuesta.status_code == 400 and "tipo_recurso" in respuesta.json()["errores"]
    respuesta = cliente_capturista.post(_url(rep), {"tipo_recurso": "DIESEL", "suministro": "1", "consumo": "x"})
    assert respuesta.status_code == 400 and "consumo" in respuesta.json()["errores"]


def test_the_endpoint_refuses_a_closed_report_in_spanish(cliente_capturista):
    rep = reporte(estado=EstadoReporte.CERRADO)
    respuesta = cliente_capturista.post(_url(rep), {"tipo_recurso": "DIESEL", "suministro": "1"})
    assert respuesta.status_code == 400
    assert "está cerrado y no admite cambios" in respuesta.json()["detalles"]


def test_the_endpoint_needs_login_and_the_change_permission(cliente_lector):
    rep = reporte()
    datos = {"tipo_recurso": "DIESEL", "suministro": "1"}
    assert Client().post(_url(rep), datos).status_code == 401
    assert cliente_lector.post(_url(rep), datos).status_code == 403
    assert cliente_lector.get(_url(rep)).status_code == 403


def test_the_endpoint_answers_404_for_an_unknown_report_and_405_for_get(cliente_capturista):
    respuesta = cliente_capturista.post(
        reverse("costa_fuera:inventario_guardar", args=[999999]), {"tipo_recurso": "DIESEL", "suministro": "1"}
    )
    assert respuesta.status_code == 404 and respuesta.json()["detalles"] == "El reporte diario no existe."
    assert cliente_capturista.get(_url(reporte())).status_code == 405
