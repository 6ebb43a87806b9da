"""The estimation page: header and totals, per-concept account, lines, adjustments, workflow and the Excel export."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from openpyxl import load_workbook

from core.models import RegistroActividad
from operaciones.catalogos.constantes import EstatusId
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle
from operaciones.produccion.models import Produccion
from tests.conftest import GRUPO_FACTURACION
from tests.estimaciones.datos import estimacion_lista

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


@pytest.fixture
def facturacion(db):
    user = User.objects.create_user("facturacion", "facturacion@bluemarine.com.mx", "x", first_name="Fernanda")
    user.groups.add(Group.objects.get(name=GRUPO_FACTURACION))
    return user


@pytest.fixture
def cliente_facturacion(client, facturacion):
    client.force_login(facturacion)
    return client


def url(est, final=""):
    return f"/operaciones/estimaciones/{est.pk}/{final}"


def _lineas(cliente, est, **params):
    respuesta = cliente.get(url(est, "lineas/"), {"draw": 1, "start": 0, "length": 100, **params})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


# --- Page -------------------------------------------------------------------------------------------------------


def test_page_shows_header_totals_deductions_and_homologado(cliente_lector):
    fam, est = estimacion_lista(
        conceptos=2, dias=2, volumen="1", precio_mn="100.00", precio_usd="10.00", tipo_cambio="18.0000"
    )
    respuesta = cliente_lector.get(url(est))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert est.folio in html and fam.ot.orden_trabajo in html and "01/03/2025 al 02/03/2025" in html
    t = respuesta.context["totales"]
    assert (t["subtotal_mn"], t["subtotal_usd"]) == (Decimal("400.00"), Decimal("40.00"))
    # 5 % retention, 10 % advance amortisation; homologado = MXN + USD × 18
    assert 'id="total-subtotal-mn">$400.00<' in html and 'id="total-subtotal-usd">$40.00<' in html
    assert 'id="total-retencion-mn">$20.00<' in html and 'id="total-amortizacion-usd">$4.00<' in html
    assert 'id="total-neto-mn">$340.00<' in html and 'id="total-neto-usd">$34.00<' in html
    assert 'id="total-homologado-subtotal">$1,120.00<' in html
    assert 'id="total-homologado-neto">$952.00<' in html
    assert "18.0000" in html


def test_per_concept_tab_shows_previous_period_accumulated_authorised_and_remaining(cliente_lector):
    fam, primera = estimacion_lista(conceptos=1, dias=2, volumen="10", estado=EstadoEstimacion.APROBADA)
    _, segunda = estimacion_lista(familia=fam, dias=3, volumen="10", mes=4)
    respuesta = cliente_lector.get(url(segunda))
    (concepto,) = respuesta.context["conceptos"]
    assert concepto["codigo"] == fam.partidas[0].id_partida
    # authorised 100; previous 20 (first estimation); this period 30; accumulated 50; remaining 50
    assert concepto["vol"] == ["100", "20", "30", "50", "50"]
    assert concepto["mn"] == ["$1,050.00", "$210.00", "$315.00", "$525.00", "$525.00"]
    assert concepto["excedido"] is False
    html = respuesta.content.decode()
    assert 'id="tabla-conceptos"' in html and "Este periodo" in html and primera.folio not in html


def test_actions_follow_the_state_and_the_users_permissions(cliente_facturacion):
    _, est = estimacion_lista(estado=EstadoEstimacion.EN_REVISION)
    respuesta = cliente_facturacion.get(url(est))
    assert [a["estado"] for a in respuesta.context["acciones"]] == ["BORRADOR", "APROBADA", "CANCELADA"]
    html = respuesta.content.decode()
    assert 'data-cambiar-estado="APROBADA"' in html and 'id="modal-estado"' in html
    assert 'id="modal-ajustar"' in html  # still editable in revision


def test_read_only_user_sees_no_action_and_no_line_editor(cliente_lector):
    _, est = estimacion_lista()
    respuesta = cliente_lector.get(url(est))
    assert respuesta.context["acciones"] == []
    html = respuesta.content.decode()
    assert "data-cambiar-estado" not in html and "modal-ajustar" not in html
    assert respuesta.context["configuracion"]["editable"] is False
    assert 'id="boton-excel"' in html


def test_approved_estimation_offers_invoice_and_cancel_but_no_line_editing(cliente_facturacion):
    _, est = estimacion_lista(estado=EstadoEstimacion.APROBADA)
    respuesta = cliente_facturacion.get(url(est))
    assert [a["estado"] for a in respuesta.context["acciones"]] == ["FACTURADA", "CANCELADA"]
    assert respuesta.context["configuracion"]["editable"] is False


def test_outsiders_are_refused_the_page_and_its_lines(cliente_externo):
    _, est = estimacion_lista()
    assert cliente_externo.get(url(est)).status_code == 403
    assert cliente_externo.get(url(est, "lineas/"), headers=XHR).status_code == 403


def test_unknown_estimation_answers_404(cliente_lector):
    assert cliente_lector.get("/operaciones/estimaciones/999999/").status_code == 404
    respuesta = cliente_lector.get("/operaciones/estimaciones/999999/lineas/", {"draw": 1}, headers=XHR)
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False


def test_page_query_count_does_not_grow_with_the_lines(cliente_admin, django_assert_num_queries):
    _, pequena = estimacion_lista(conceptos=1, dias=1)
    _, grande = estimacion_lista(conceptos=6, dias=10)
    cliente_admin.get(url(pequena))
    # session, user, the estimation, its per-concept account (lines, authorised annex lines)
    with django_assert_num_queries(5):
        cliente_admin.get(url(pequena))
    with django_assert_num_queries(5):
        assert cliente_admin.get(url(grande)).status_code == 200


# --- Lines ------------------------------------------------------------------------------------------------------


def test_lines_carry_production_and_snapshotted_prices_as_strings(cliente_lector):
    fam, est = estimacion_lista(conceptos=2, dias=2, volumen="1.5", precio_mn="10.50", precio_usd="1.25")
    cuerpo = _lineas(cliente_lector, est)
    assert (cuerpo["recordsTotal"], cuerpo["recordsFiltered"]) == (4, 4)
    fila = cuerpo["data"][0]
    assert fila["fecha"] == "01/03/2025" and fila["sitio"] == fam.sitio.descripcion and fila["tipo_tiempo"] == "TE"
    assert fila["anexo"] == "C-2" and fila["codigo"] == "2.1."
    assert (fila["volumen_actual"], fila["volumen_estimado"]) == ("1.500000", "1.500000")
    assert (fila["precio_unitario_mn"], fila["importe_mn"], fila["importe_usd"]) == ("10.5000", "15.75", "1.88")
    assert fila["ajustada"] is False and fila["vigente"] is True
    assert [f["codigo"] for f in cuerpo["data"]] == ["2.1.", "2.1.", "3.1.", "3.1."]
    assert [f["codigo"] for f in _lineas(cliente_lector, est, **{"search[value]": "3.1"})["data"]] == ["3.1.", "3.1."]


def test_lines_query_count_does_not_grow_with_the_lines(cliente_lector, django_assert_num_queries):
    _, est = estimacion_lista(conceptos=5, dias=8)
    cliente_lector.get(url(est, "lineas/"), {"draw": 1})
    # session, user, permissions (2), the estimation, total count, filtered count, the page
    with django_assert_num_queries(8):
        assert len(_lineas(cliente_lector, est)["data"]) == 40


# --- Adjusting a line -------------------------------------------------------------------------------------------


def _primera_linea(est):
    return EstimacionDetalle.objects.filter(id_estimacion_header=est).order_by("pk").first()


def test_adjusting_a_line_recomputes_its_amounts_and_the_totals(cliente_facturacion):
    _, est = estimacion_lista(conceptos=1, dias=2, volumen="2", precio_mn="10.00", precio_usd="1.00")
    linea = _primera_linea(est)
    respuesta = cliente_facturacion.post(
        url(est, "ajustar-linea/"), {"detalle": linea.pk, "volumen_estimado": "1.5", "comentario": "Medición PEMEX"}
    )
    assert respuesta.status_code == 200, respuesta.content
    linea.refresh_from_db()
    est.refresh_from_db()
    assert (linea.volumen_estimado, linea.importe_mn, linea.comentario_ajuste) == (
        Decimal("1.5"),
        Decimal("15.00"),
        "Medición PEMEX",
    )
    assert est.total_importe_mn == Decimal("35.00")
    assert respuesta.json()["totales"]["subtotal_mn"] == "35.00"
    fila = next(f for f in _lineas(cliente_facturacion, est)["data"] if f["id"] == linea.pk)
    assert fila["ajustada"] is True


def test_a_different_volume_without_its_reason_is_refused(cliente_facturacion):
    _, est = estimacion_lista(conceptos=1, dias=1)
    linea = _primera_linea(est)
    respuesta = cliente_facturacion.post(url(est, "ajustar-linea/"), {"detalle": linea.pk, "volumen_estimado": "0.5"})
    assert respuesta.status_code == 400 and "comentario" in respuesta.json()["errores"]
    linea.refresh_from_db()
    assert linea.volumen_estimado == linea.volumen_actual


@pytest.mark.parametrize("volumen", ["-1", "abc", "", "1.1234567", "1e40"])
def test_an_invalid_volume_is_refused_with_400(cliente_facturacion, volumen):
    _, est = estimacion_lista(conceptos=1, dias=1)
    datos = {"detalle": _primera_linea(est).pk, "volumen_estimado": volumen, "comentario": "x"}
    respuesta = cliente_facturacion.post(url(est, "ajustar-linea/"), datos)
    assert respuesta.status_code == 400 and "volumen_estimado" in respuesta.json()["errores"]


def test_a_line_of_another_estimation_is_a_404(cliente_facturacion):
    _, est = estimacion_lista(conceptos=1, dias=1)
    _, otra = estimacion_lista(conceptos=1, dias=1)
    datos = {"detalle": _primera_linea(otra).pk, "volumen_estimado": "1", "comentario": "x"}
    assert cliente_facturacion.post(url(est, "ajustar-linea/"), datos).status_code == 404


def test_an_approved_estimation_refuses_adjustments_in_spanish(cliente_facturacion):
    _, est = estimacion_lista(conceptos=1, dias=1, estado=EstadoEstimacion.APROBADA)
    datos = {"detalle": _primera_linea(est).pk, "volumen_estimado": "1", "comentario": "x"}
    respuesta = cliente_facturacion.post(url(est, "ajustar-linea/"), datos)
    assert respuesta.status_code == 400 and "no admite ajustes" in respuesta.json()["detalles"]


def test_read_only_users_cannot_adjust(cliente_lector):
    _, est = estimacion_lista(conceptos=1, dias=1)
    datos = {"detalle": _primera_linea(est).pk, "volumen_estimado": "0", "comentario": "x"}
    assert cliente_lector.post(url(est, "ajustar-linea/"), datos).status_code == 403
    assert _primera_linea(est).volumen_estimado != 0


# --- Workflow ---------------------------------------------------------------------------------------------------


def _estado(cliente, est, estado, **extra):
    return cliente.post(url(est, "cambiar-estado/"), {"estado": estado, **extra})


def test_the_whole_workflow_through_the_endpoint(cliente_facturacion):
    _, est = estimacion_lista(conceptos=1, dias=2)
    assert _estado(cliente_facturacion, est, "EN_REVISION").status_code == 200
    respuesta = _estado(cliente_facturacion, est, "APROBADA")
    assert respuesta.status_code == 200 and respuesta.json()["estado"] == "APROBADA"
    assert "quedó aprobada" in respuesta.json()["detalles"]
    producidas = Produccion.objects.filter(estimaciones_detalle__id_estimacion_header=est)
    assert set(producidas.values_list("id_estatus_cobro_id", flat=True)) == {EstatusId.COBRO_ESTIMADO}
    datos = {"numero_factura": "A-123", "fecha_factura": "2025-04-10"}
    assert _estado(cliente_facturacion, est, "FACTURADA", **datos).status_code == 200
    assert _estado(cliente_facturacion, est, "PAGADA", fecha_pago="2025-05-10").status_code == 200
    est.refresh_from_db()
    assert (est.estado, est.numero_factura, est.fecha_factura, est.fecha_pago) == (
        "PAGADA",
        "A-123",
        date(2025, 4, 10),
        date(2025, 5, 10),
    )
    assert RegistroActividad.objects.filter(registro_id=str(est.pk)).count() >= 5


@pytest.mark.parametrize(
    ("estado", "datos", "campo"),
    [
        ("FACTURADA", {"fecha_factura": "2025-04-10"}, "numero_factura"),
        ("FACTURADA", {"numero_factura": "A-1"}, "fecha_factura"),
        ("CANCELADA", {}, "motivo"),
        ("INVENTADO", {}, "estado"),
    ],
)
def test_a_step_without_its_data_is_refused_with_400(cliente_facturacion, estado, datos, campo):
    _, est = estimacion_lista(estado=EstadoEstimacion.APROBADA)
    respuesta = _estado(cliente_facturacion, est, estado, **datos)
    assert respuesta.status_code == 400 and campo in respuesta.json()["errores"]
    est.refresh_from_db()
    assert est.estado == "APROBADA"


def test_a_step_the_workflow_does_not_allow_is_refused_in_spanish(cliente_facturacion):
    _, est = estimacion_lista()
    respuesta = _estado(cliente_facturacion, est, "PAGADA", fecha_pago="2025-05-01")
    assert respuesta.status_code == 400 and "no puede pasar a pagada" in respuesta.json()["detalles"]


def test_cancelling_releases_the_production(cliente_facturacion):
    _, est = estimacion_lista(estado=EstadoEstimacion.APROBADA)
    respuesta = _estado(cliente_facturacion, est, "CANCELADA", motivo="Periodo mal capturado")
    assert respuesta.status_code == 200
    assert not EstimacionDetalle.objects.filter(id_estimacion_header=est, vigente=True).exists()
    html = cliente_facturacion.get(url(est)).content.decode()
    assert 'id="aviso-cancelada"' in html and "Periodo mal capturado" in html


def test_users_without_the_steps_permission_get_403(cliente_lector, coordinador, client):
    _, est = estimacion_lista(estado=EstadoEstimacion.EN_REVISION)
    assert _estado(cliente_lector, est, "APROBADA").status_code == 403
    client.force_login(coordinador)
    assert _estado(client, est, "APROBADA").status_code == 403
    est.refresh_from_db()
    assert est.estado == "EN_REVISION"


def test_approval_needs_the_approval_permission(cliente_facturacion, facturacion):
    facturacion.groups.clear()
    codigos = ("view_estimacionheader", "change_estimacionheader")
    facturacion.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="estimaciones", codename__in=codigos)
    )
    _, est = estimacion_lista(estado=EstadoEstimacion.EN_REVISION)
    assert _estado(cliente_facturacion, est, "APROBADA").status_code == 403
    assert _estado(cliente_facturacion, est, "BORRADOR").status_code == 200


# --- Excel ------------------------------------------------------------------------------------------------------


def test_excel_has_every_line_and_the_totals_of_the_database(cliente_lector):
    _, est = estimacion_lista(conceptos=2, dias=3, volumen="1.5", precio_mn="10.50", precio_usd="1.25")
    respuesta = cliente_lector.get(url(est, "excel/"))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{est.folio.replace(" ", "_")}_' in respuesta["Content-Disposition"]
    hoja = load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:6] == ("Fecha", "Sitio", "TE/CMA", "Anexo", "Partida", "Descripción")
    lineas = [f for f in filas[1:] if f[0] is not None]
    assert len(lineas) == 6
    assert sum(Decimal(str(f[11])) for f in lineas) == est.total_importe_mn
    totales = {f[5]: (f[11], f[12]) for f in filas if f[0] is None and f[5]}
    assert Decimal(str(totales["Subtotal"][0])) == est.total_importe_mn
    assert Decimal(str(totales["Subtotal"][1])) == est.total_importe_usd
    assert (
        Decimal(str(totales["Neto"][0]))
        == est.total_importe_mn - est.importe_retencion_mn - est.importe_amortizacion_mn
    )


def test_excel_of_a_missing_estimation_is_a_404(cliente_lector):
    assert cliente_lector.get("/operaciones/estimaciones/999999/excel/").status_code == 404
