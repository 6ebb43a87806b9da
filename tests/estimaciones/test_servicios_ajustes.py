"""Adjusting an estimation line (issue 6 item 1): the billed volume may differ from the produced one, with a reason."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Evento, RegistroActividad
from operaciones.estimaciones.models import EstadoEstimacion
from operaciones.estimaciones.services import estimacion_ajustar_linea, estimacion_cambiar_estado
from tests.estimaciones.datos import estimacion_lista

pytestmark = pytest.mark.django_db


def centavos(valor: Decimal) -> Decimal:
    return valor.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ajustar(linea, volumen, comentario="", usuario=None):
    return estimacion_ajustar_linea(detalle=linea, volumen_estimado=volumen, comentario=comentario, usuario=usuario)


def test_an_adjusted_line_recomputes_its_amounts_and_the_header_totals(admin):
    _, est = estimacion_lista(conceptos=2, dias=2, precio_mn="1.0050", precio_usd="1.2345", retencion="5.00")
    linea = est.detalles.order_by("pk").first()

    ajustada = ajustar(linea, Decimal("0.5"), "  Volumen conciliado con PEP  ", admin)

    assert ajustada.volumen_estimado == Decimal("0.5")
    assert (ajustada.importe_mn, ajustada.importe_usd) == (Decimal("0.50"), Decimal("0.62"))  # 0.5025, 0.61725
    assert ajustada.comentario_ajuste == "Volumen conciliado con PEP"
    linea.refresh_from_db()
    assert linea.volumen_actual == Decimal("1.5")  # what was produced does not change
    est.refresh_from_db()
    lineas = list(est.detalles.all())
    assert est.total_importe_mn == sum(centavos(x.volumen_estimado * Decimal("1.0050")) for x in lineas)
    assert est.total_importe_usd == sum(centavos(x.volumen_estimado * Decimal("1.2345")) for x in lineas)
    assert est.total_volumen_estimado == Decimal("5.0") and est.total_volumen_producido == Decimal("6.0")
    assert est.importe_retencion_mn == centavos(est.total_importe_mn * Decimal("0.05"))
    cambios = dict(
        RegistroActividad.objects.filter(registro_id=linea.pk, evento=Evento.ACTUALIZAR).values_list(
            "campo", "valor_actual"
        )
    )
    assert cambios["volumen_estimado"] == "0.5"
    assert cambios["comentario_ajuste"] == "Volumen conciliado con PEP"


@pytest.mark.parametrize("comentario", ["", "   ", None])
def test_a_volume_other_than_the_produced_one_needs_a_comment(comentario):
    _, est = estimacion_lista(conceptos=1, dias=1)
    linea = est.detalles.get()

    with pytest.raises(ValidationError) as rechazo:
        ajustar(linea, Decimal("1"), comentario)

    assert "comentario" in rechazo.value.message_dict
    linea.refresh_from_db()
    assert linea.volumen_estimado == Decimal("1.5")


def test_going_back_to_the_produced_volume_needs_no_comment():
    _, est = estimacion_lista(conceptos=1, dias=1)
    linea = ajustar(est.detalles.get(), Decimal("1"), "Menos")

    linea = ajustar(linea, Decimal("1.500000"), "")

    est.refresh_from_db()
    assert (linea.volumen_estimado, linea.comentario_ajuste) == (Decimal("1.5"), "")
    assert est.total_importe_mn == Decimal("15.75")


@pytest.mark.parametrize("volumen", [Decimal("-0.1"), Decimal("1.0000001"), "abc", None, Decimal("Infinity"), 10**9])
def test_volumes_must_be_non_negative_with_at_most_six_decimals(volumen):
    _, est = estimacion_lista(conceptos=1, dias=1)
    with pytest.raises(ValidationError) as rechazo:
        ajustar(est.detalles.get(), volumen, "motivo")
    assert "volumen_estimado" in rechazo.value.message_dict


def test_a_zero_volume_is_a_valid_adjustment():
    _, est = estimacion_lista(conceptos=1, dias=2)
    ajustar(est.detalles.order_by("pk").first(), Decimal("0"), "No procede")
    est.refresh_from_db()
    assert est.total_importe_mn == Decimal("15.75")


@pytest.mark.parametrize(
    "estado",
    [EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA, EstadoEstimacion.CANCELADA],
)
def test_only_draft_or_in_review_estimations_can_be_adjusted(estado):
    _, est = estimacion_lista(conceptos=1, dias=1, estado=estado)
    with pytest.raises(ValidationError) as rechazo:
        ajustar(est.detalles.get(), Decimal("1"), "motivo")
    assert "estado" in rechazo.value.message_dict


def test_an_estimation_in_review_can_be_adjusted():
    _, est = estimacion_lista(conceptos=1, dias=1, estado=EstadoEstimacion.EN_REVISION)
    assert ajustar(est.detalles.get(), Decimal("1"), "motivo").volumen_estimado == Decimal("1")


def test_adjusting_needs_the_change_permission(lector):
    _, est = estimacion_lista(conceptos=1, dias=1)
    with pytest.raises(PermissionDenied):
        ajustar(est.detalles.get(), Decimal("1"), "motivo", User.objects.get(pk=lector.pk))


def test_an_adjusted_volume_is_what_approval_bills_and_the_production_keeps_its_own():
    _, est = estimacion_lista(conceptos=1, dias=1, estado=EstadoEstimacion.EN_REVISION)
    ajustar(est.detalles.get(), Decimal("1"), "Aceptado parcialmente")

    est = estimacion_cambiar_estado(estimacion=est, estado=EstadoEstimacion.APROBADA, usuario=None)

    est.refresh_from_db()
    assert est.total_importe_mn == Decimal("10.50")
    assert est.detalles.get().id_produccion.volumen_produccion == Decimal("1.5")
