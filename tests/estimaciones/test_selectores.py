"""Estimation reads (issue 6 items 1 and 5): scoped list, lines, totals, per-concept summary and reconciliation."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from operaciones.catalogos.constantes import EstatusId, TipoId
from operaciones.catalogos.models import ConceptoMaestro, Contrato
from operaciones.estimaciones.models import EstadoEstimacion
from operaciones.estimaciones.selectors import (
    conciliacion_familia,
    estimacion_conceptos,
    estimacion_lineas,
    estimacion_para_usuario,
    estimacion_por_codigo,
    estimacion_totales,
    estimaciones_para_usuario,
)
from operaciones.estimaciones.services import estimacion_ajustar_linea, estimacion_cambiar_estado, estimacion_crear
from operaciones.produccion.models import Produccion, RegistroGPU
from tests.estimaciones.datos import estimacion_lista, produccion_firmada
from tests.factories import UnidadMedidaFactory, tipo
from tests.produccion.datos import familia_con_anexo, lineas_crear, producir

pytestmark = pytest.mark.django_db

E = EstadoEstimacion
SEIS = Decimal("0.000001")


def centavos(valor: Decimal) -> Decimal:
    return valor.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def estimar(fam, desde, hasta, tipo_cambio="18"):
    return estimacion_crear(
        ot=fam.ot, fecha_desde=desde, fecha_hasta=hasta, tipo_cambio=Decimal(tipo_cambio), usuario=None
    )


def mover(est, *estados):
    for estado in estados:
        est = estimacion_cambiar_estado(
            estimacion=est,
            estado=estado,
            usuario=None,
            numero_factura="F-1",
            fecha_factura=date(2025, 6, 1),
            fecha_pago=date(2025, 7, 1),
            motivo="prueba",
        )
    return est


# --- List and access --------------------------------------------------------------------------------------------------


def test_users_with_the_view_permission_see_every_estimation_and_others_none(lector, externo, capturista):
    _, est = estimacion_lista(conceptos=1, dias=1)
    lector, externo = User.objects.get(pk=lector.pk), User.objects.get(pk=externo.pk)

    assert list(estimaciones_para_usuario(lector)) == [est]
    assert estimacion_para_usuario(lector, str(est.pk)) == est
    assert list(estimaciones_para_usuario(externo)) == []
    assert list(estimaciones_para_usuario(None)) == []
    for pk in (est.pk, "abc", None, 99999):
        with pytest.raises(Http404):
            estimacion_para_usuario(externo if pk == est.pk else lector, pk)


def test_the_list_needs_one_query_whatever_its_length(lector, django_assert_num_queries):
    for _ in range(3):
        estimacion_lista(conceptos=1, dias=1)
    lector = User.objects.get(pk=lector.pk)
    lector.has_perm("estimaciones.view_estimacionheader")  # warm the permission cache
    with django_assert_num_queries(1):
        filas = [
            (e.folio, e.id_ot.orden_trabajo, e.contrato.numero_contrato) for e in estimaciones_para_usuario(lector)
        ]
    assert len(filas) == 3


def test_the_verification_code_finds_its_estimation_only():
    _, est = estimacion_lista(conceptos=1, dias=1)
    assert estimacion_por_codigo(est.codigo_verificacion) == est
    assert estimacion_por_codigo("x" * 32) is None
    assert estimacion_por_codigo("") is None
    assert estimacion_por_codigo("x" * 500) is None


# --- Lines and totals -------------------------------------------------------------------------------------------------


def test_lines_carry_what_the_document_shows_in_one_query(django_assert_num_queries):
    fam, est = estimacion_lista(conceptos=3, dias=2)
    with django_assert_num_queries(1):
        lineas = list(estimacion_lineas(est))
        vistos = [(x.anexo, x.codigo, x.fecha, x.tipo_tiempo, x.sitio, x.unidad, x.descripcion) for x in lineas]
        _ = [x.id_produccion.id_partida_anexo.unidad_medida.clave for x in lineas]
    assert [v[:3] for v in vistos] == [
        ("C-2", "2.1.", date(2025, 3, 1)),
        ("C-2", "2.1.", date(2025, 3, 2)),
        ("C-2", "2.2.", date(2025, 3, 1)),
        ("C-2", "2.2.", date(2025, 3, 2)),
        ("C-3", "3.1.", date(2025, 3, 1)),
        ("C-3", "3.1.", date(2025, 3, 2)),
    ]
    assert vistos[0][3:5] == ("TE", fam.sitio.descripcion)
    assert vistos[0][6] == fam.partidas[0].descripcion_concepto


def test_totals_give_net_amounts_and_the_homologado_at_the_estimations_exchange_rate():
    _, est = estimacion_lista(
        conceptos=1,
        dias=3,
        volumen="1",
        precio_mn="33.3300",
        precio_usd="3.3300",
        tipo_cambio="17.2345",
        retencion="5.00",
        amortizacion="12.50",
    )

    totales = estimacion_totales(est)

    assert totales["subtotal_mn"] == Decimal("99.99") and totales["subtotal_usd"] == Decimal("9.99")
    assert totales["retencion_mn"] == Decimal("5.00") and totales["amortizacion_mn"] == Decimal("12.50")
    assert totales["neto_mn"] == Decimal("82.49")
    assert totales["neto_usd"] == Decimal("9.99") - Decimal("0.50") - Decimal("1.25")
    assert totales["tipo_cambio"] == Decimal("17.2345")
    assert totales["homologado_subtotal"] == centavos(Decimal("99.99") + Decimal("9.99") * Decimal("17.2345"))
    assert totales["homologado_neto"] == centavos(Decimal("82.49") + Decimal("8.24") * Decimal("17.2345"))


# --- Per-concept summary ----------------------------------------------------------------------------------------------


def test_concepts_show_previous_this_period_accumulated_and_remaining(settings):
    fam = familia_con_anexo(1, volumen="10", precio_mn="2.0000", precio_usd="0.5000")
    produccion_firmada(fam, dias=2, volumen="3")  # March: 6
    produccion_firmada(fam, dias=1, volumen="2", mes=4)  # April: 2
    produccion_firmada(fam, dias=1, volumen="1", mes=5)  # May: 1
    produccion_firmada(fam, dias=1, volumen="4", mes=6)  # June: 4 (a later approved one: not "previous")
    marzo = mover(estimar(fam, date(2025, 3, 1), date(2025, 3, 31)), E.EN_REVISION, E.APROBADA, E.FACTURADA)
    abril = estimar(fam, date(2025, 4, 1), date(2025, 4, 30))  # still a draft: not "previous" either
    mayo = estimar(fam, date(2025, 5, 1), date(2025, 5, 31))
    mover(estimar(fam, date(2025, 6, 1), date(2025, 6, 30)), E.EN_REVISION, E.APROBADA)

    [fila] = estimacion_conceptos(mayo)

    assert (fila["anexo"], fila["codigo"], fila["unidad"]) == ("C-2", "2.1.", fam.partidas[0].unidad_medida.descripcion)
    assert (fila["pu_mn"], fila["pu_usd"]) == (Decimal("2.0000"), Decimal("0.5000"))
    assert fila["autorizado"] == Decimal("10").quantize(SEIS)
    assert (fila["anterior"], fila["periodo"], fila["acumulado"]) == (Decimal(6), Decimal(1), Decimal(7))
    assert fila["restante"] == Decimal(3)
    assert (fila["autorizado_mn"], fila["anterior_mn"], fila["periodo_mn"]) == (Decimal(20), Decimal(12), Decimal(2))
    assert (fila["acumulado_mn"], fila["restante_mn"]) == (Decimal(14), Decimal(6))
    assert (fila["acumulado_usd"], fila["restante_usd"]) == (Decimal("3.5"), Decimal("1.5"))
    [de_abril] = estimacion_conceptos(abril)
    assert (de_abril["anterior"], de_abril["periodo"]) == (Decimal(6), Decimal(2))
    [de_marzo] = estimacion_conceptos(marzo)
    assert (de_marzo["anterior"], de_marzo["periodo"]) == (Decimal(0), Decimal(6))


def test_a_cancelled_previous_estimation_does_not_count_and_adjusted_volumes_do():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=2, volumen="3")
    produccion_firmada(fam, dias=1, volumen="1", mes=4)
    primera = estimar(fam, date(2025, 3, 1), date(2025, 3, 1))
    mover(primera, E.CANCELADA)
    segunda = estimar(fam, date(2025, 3, 1), date(2025, 3, 31))
    estimacion_ajustar_linea(
        detalle=segunda.detalles.order_by("pk").first(), volumen_estimado=Decimal("2"), comentario="c", usuario=None
    )
    mover(segunda, E.EN_REVISION, E.APROBADA)
    abril = estimar(fam, date(2025, 4, 1), date(2025, 4, 30))

    [fila] = estimacion_conceptos(abril)

    assert (fila["anterior"], fila["periodo"]) == (Decimal(5), Decimal(1))


def test_concepts_are_sorted_by_anexo_then_numeric_code_and_restante_goes_negative_on_excess():
    _, est = estimacion_lista(conceptos=22, dias=1, volumen="150")  # authorised 100 each
    filas = estimacion_conceptos(est)
    codigos = [f["codigo"] for f in filas]
    assert codigos[:11] == [f"2.{i}." for i in range(1, 12)]
    assert codigos[11:] == [f"3.{i}." for i in range(1, 12)]
    assert all(f["restante"] == Decimal(-50) for f in filas)


@pytest.mark.parametrize("conceptos", [2, 20])
def test_the_concept_summary_costs_two_queries_whatever_the_number_of_concepts(conceptos, django_assert_num_queries):
    fam, previa = estimacion_lista(conceptos=conceptos, dias=2, estado=E.APROBADA)
    produccion_firmada(fam, dias=2, mes=4)
    est = estimar(fam, date(2025, 4, 1), date(2025, 4, 30))
    with django_assert_num_queries(2):
        filas = estimacion_conceptos(est)
    assert len(filas) == conceptos
    assert all(f["anterior"] == Decimal(3) and f["periodo"] == Decimal(3) for f in filas)
    assert sum(f["periodo_mn"] for f in filas) == est.total_importe_mn
    assert previa.numero == 1


# --- Reconciliation ---------------------------------------------------------------------------------------------------


def _fila(filas, codigo):
    return next(f for f in filas if f["codigo"] == codigo)


def test_reconciliation_follows_each_concept_from_authorised_to_paid(settings):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2", "C-3"]
    fam = familia_con_anexo(2, volumen="10", precio_mn="1.0050", precio_usd="1.2345")
    c2 = fam.partidas[0]
    produccion_firmada(fam, dias=2, volumen="1.5")  # 2.1. and 3.1.: March 1–2, signed
    pagada = mover(estimar(fam, date(2025, 3, 1), date(2025, 3, 1)), E.EN_REVISION, E.APROBADA, E.FACTURADA, E.PAGADA)
    mover(estimar(fam, date(2025, 3, 2), date(2025, 3, 2)), E.EN_REVISION, E.APROBADA)
    produccion_firmada(fam, dias=1, volumen="0.5", mes=4)
    borrador = estimar(fam, date(2025, 4, 1), date(2025, 4, 30))
    producir(c2, date(2025, 5, 3), "2.5", sitio=fam.sitio)  # produced, GPU not signed

    filas = conciliacion_familia(ot=fam.ot)

    a, b, total = _fila(filas, "2.1."), _fila(filas, "3.1."), filas[-1]
    assert [f["codigo"] for f in filas] == ["2.1.", "3.1.", ""]
    assert a["autorizado"] == Decimal(10) and a["autorizado_mn"] == Decimal("10.05")
    assert (a["producido"], a["gpu_firmado"], a["estimado"]) == (Decimal("6"), Decimal("3.5"), Decimal("3.5"))
    assert (a["aprobado"], a["facturado"], a["pagado"]) == (Decimal(3), Decimal("1.5"), Decimal("1.5"))
    assert (b["producido"], b["gpu_firmado"], b["estimado"]) == (Decimal("3.5"), Decimal("3.5"), Decimal("3.5"))
    # 1.5 × 1.0050 = 1.5075 → 1.51 per record; 0.5 × 1.0050 = 0.5025 → 0.50; 2.5 × 1.0050 = 2.5125 → 2.51
    assert a["producido_mn"] == Decimal("1.51") * 2 + Decimal("0.50") + Decimal("2.51")
    assert a["estimado_mn"] == Decimal("1.51") * 2 + Decimal("0.50")
    assert a["pagado_mn"] == Decimal("1.51") and a["pagado_usd"] == Decimal("1.85")
    assert b["producido_mn"] == b["estimado_mn"]  # fully estimated: the same per-record rounding on both sides
    assert (a["es_excedente"], a["es_pue"], a["es_total"]) == (False, False, False)
    assert total["es_total"] is True and total["producido"] is None
    for clave in ("autorizado_mn", "producido_usd", "estimado_mn", "aprobado_usd", "pagado_mn"):
        assert total[clave] == a[clave] + b[clave]
    assert borrador.detalles.count() == 2
    assert pagada.total_importe_mn == a["pagado_mn"] + b["pagado_mn"]


def test_a_cancelled_estimation_leaves_the_reconciliation():
    fam, est = estimacion_lista(conceptos=1, dias=2, estado=E.APROBADA)
    mover(est, E.CANCELADA)
    [fila, _] = conciliacion_familia(ot=fam.ot)
    assert (fila["producido"], fila["estimado"], fila["aprobado"]) == (Decimal(3), Decimal(0), Decimal(0))


def test_excess_and_pue_exposure_are_flagged(settings):
    settings.SASCOP_ANEXOS_CON_GPU = []
    fam = familia_con_anexo(1, volumen="2")
    pue = ConceptoMaestro.objects.create(
        partida_extraordinaria="C3EXT-0977",
        descripcion="PUE de prueba",
        unidad_medida=UnidadMedidaFactory(),
        id_tipo_partida=tipo(TipoId.PARTIDA_EXTRAORDINARIA),
        precio_unitario_mn=Decimal("100"),
    )
    [linea_pue] = lineas_crear(fam.importacion, [pue], volumen="0")
    producir(fam.partidas[0], date(2025, 3, 1), "3", sitio=fam.sitio)
    producir(linea_pue, date(2025, 3, 1), "1", sitio=fam.sitio)

    filas = conciliacion_familia(ot=fam.ot)

    ordinaria, extra = _fila(filas, "2.1."), _fila(filas, "C3EXT-0977")
    assert (ordinaria["es_excedente"], ordinaria["es_pue"]) == (True, False)
    assert (extra["es_excedente"], extra["es_pue"], extra["anexo"]) == (True, True, "C3EXT")
    assert extra["producido_mn"] == Decimal("100.00")
    assert filas[-1]["es_excedente"] is True


def test_production_of_a_line_never_linked_to_the_catalogue_is_reconciled_by_anexo_and_code(settings):
    settings.SASCOP_ANEXOS_CON_GPU = []
    fam = familia_con_anexo(1)
    suelta = lineas_crear(fam.importacion, fam.conceptos)[0]
    suelta.concepto = None
    suelta.anexo, suelta.id_partida = "C-9", "9.1."
    suelta.save()
    producir(suelta, date(2025, 3, 1), "1", sitio=fam.sitio)
    filas = conciliacion_familia(ot=fam.ot)
    fila = _fila(filas, "9.1.")
    assert (fila["concepto_id"], fila["anexo"], fila["producido"]) == (None, "C-9", Decimal(1))


@pytest.mark.parametrize("conceptos", [2, 20])
def test_the_reconciliation_costs_three_queries_whatever_the_number_of_concepts(conceptos, django_assert_num_queries):
    fam, _ = estimacion_lista(conceptos=conceptos, dias=3, estado=E.PAGADA)
    produccion_firmada(fam, dias=2, mes=4)
    RegistroGPU.objects.filter(id_produccion__fecha_produccion__month=4).update(id_estatus_id=EstatusId.GPU_PROCESO)
    with django_assert_num_queries(3):
        filas = conciliacion_familia(ot=fam.ot)
    assert len(filas) == conceptos + 1
    assert all(f["producido"] == Decimal("7.5") and f["gpu_firmado"] == Decimal("4.5") for f in filas[:-1])
    assert Produccion.objects.count() == conceptos * 5
    assert Contrato.objects.count() >= 1


def test_a_family_without_annex_or_production_reconciles_to_a_zero_total():
    fam = familia_con_anexo(0)
    [total] = conciliacion_familia(ot=fam.ot)
    assert total["es_total"] is True
    assert total["autorizado_mn"] == total["producido_usd"] == total["pagado_mn"] == Decimal(0)
