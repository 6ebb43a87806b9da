"""Creating an estimation (issue 6 item 1): eligible production, snapshotted prices, totals, folio, contract."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Evento, RegistroActividad
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, TipoId
from operaciones.catalogos.models import ConceptoMaestro, Contrato
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader
from operaciones.estimaciones.services import estimacion_crear
from operaciones.ot.models import PartidaAnexoImportada
from operaciones.produccion.models import Produccion, RegistroGPU, TipoTiempo
from tests.estimaciones.datos import contrato_de, estimacion_lista, produccion_firmada
from tests.factories import ContratoFactory, ImportacionAnexoFactory, ReprogramacionFactory, UnidadMedidaFactory, tipo
from tests.produccion.datos import conceptos_crear, familia_con_anexo, lineas_crear, producir

pytestmark = pytest.mark.django_db

MARZO = (date(2025, 3, 1), date(2025, 3, 31))
CENTAVO = Decimal("0.01")


def crear(fam, desde=MARZO[0], hasta=MARZO[1], **extra):
    extra.setdefault("tipo_cambio", Decimal("18.5000"))
    extra.setdefault("usuario", None)
    return estimacion_crear(ot=extra.pop("ot", fam.ot), fecha_desde=desde, fecha_hasta=hasta, **extra)


def firmar(*producciones, estatus=EstatusId.FIRMADO):
    RegistroGPU.objects.bulk_create(RegistroGPU(id_produccion=p, id_estatus_id=estatus) for p in producciones)


def a_centavos(valor: Decimal) -> Decimal:
    return valor.quantize(CENTAVO, rounding=ROUND_HALF_UP)


# --- Totals -----------------------------------------------------------------------------------------------------------


def test_totals_equal_the_sum_of_each_line_rounded_to_cents_in_each_currency():
    fam = familia_con_anexo(2, precio_mn="1.0050", precio_usd="1.2345")
    volumenes = ["0.5", "1.5", "2.5", "0.333333", "7.1", "0.000001", "0.3", "0.7"]
    filas = [
        producir(fam.partidas[i % 2], date(2025, 3, 1 + i), volumen, sitio=fam.sitio)
        for i, volumen in enumerate(volumenes)
    ]
    firmar(*filas)

    estimacion = crear(fam)

    precios = {"mn": Decimal("1.0050"), "usd": Decimal("1.2345")}
    esperado = {m: sum(a_centavos(Decimal(v) * p) for v in volumenes) for m, p in precios.items()}
    # The half cents make per-line rounding differ from rounding the sum: the test would catch either mistake.
    for moneda, precio in precios.items():
        assert esperado[moneda] != a_centavos(sum(Decimal(v) for v in volumenes) * precio)
    assert (estimacion.total_importe_mn, estimacion.total_importe_usd) == (esperado["mn"], esperado["usd"])
    lineas = list(estimacion.detalles.all())
    assert len(lineas) == len(volumenes)
    for linea in lineas:
        assert linea.importe_mn == a_centavos(linea.volumen_estimado * precios["mn"])
        assert linea.importe_usd == a_centavos(linea.volumen_estimado * precios["usd"])
    assert sum(linea.importe_mn for linea in lineas) == estimacion.total_importe_mn
    assert sum(linea.importe_usd for linea in lineas) == estimacion.total_importe_usd
    total_volumen = sum(Decimal(v) for v in volumenes)
    assert estimacion.total_volumen_producido == estimacion.total_volumen_estimado == total_volumen


def test_deductions_use_the_contracts_percentages_copied_on_the_header():
    _, estimacion = estimacion_lista(
        conceptos=1,
        dias=3,
        volumen="1",
        precio_mn="33.3300",
        precio_usd="3.3300",
        retencion="5.00",
        amortizacion="12.50",
    )
    # subtotal 99.99 MXN / 9.99 USD
    assert (estimacion.total_importe_mn, estimacion.total_importe_usd) == (Decimal("99.99"), Decimal("9.99"))
    assert (estimacion.porcentaje_retencion, estimacion.porcentaje_amortizacion_anticipo) == (
        Decimal("5.00"),
        Decimal("12.50"),
    )
    assert estimacion.importe_retencion_mn == Decimal("5.00")  # 4.9995 → 5.00
    assert estimacion.importe_retencion_usd == Decimal("0.50")  # 0.4995 → 0.50
    assert estimacion.importe_amortizacion_mn == Decimal("12.50")  # 12.49875 → 12.50
    assert estimacion.importe_amortizacion_usd == Decimal("1.25")  # 1.24875 → 1.25

    Contrato.objects.filter(pk=estimacion.contrato_id).update(porcentaje_retencion=Decimal("50"))
    estimacion.refresh_from_db()
    assert estimacion.porcentaje_retencion == Decimal("5.00")


def test_lines_snapshot_the_unit_prices_of_their_annex_line():
    _, estimacion = estimacion_lista(conceptos=1, dias=2, precio_mn="10.5000", precio_usd="1.2500")
    PartidaAnexoImportada.objects.update(precio_unitario_mn=Decimal("99"), precio_unitario_usd=Decimal("9"))

    linea = estimacion.detalles.first()

    assert (linea.precio_unitario_mn, linea.precio_unitario_usd) == (Decimal("10.5000"), Decimal("1.2500"))
    assert linea.volumen_actual == linea.volumen_estimado == Decimal("1.5")
    assert linea.vigente is True


# --- Eligible production ----------------------------------------------------------------------------------------------


def test_only_eligible_production_of_the_family_and_period_is_estimated(settings):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2"]  # 2.x lines need a signed GPU; 3.x lines need none
    fam = familia_con_anexo(2, con_reprogramacion=True)
    c2, c3 = fam.partidas
    sitio = fam.sitio
    firmada = producir(c2, date(2025, 3, 2), "1", sitio=sitio)
    sin_firma = producir(c2, date(2025, 3, 3), "1", sitio=sitio)
    falta_firma = producir(c2, date(2025, 3, 4), "1", sitio=sitio)
    firmar(firmada)
    firmar(falta_firma, estatus=EstatusId.FALTA_FIRMA_PEMEX)
    sin_gpu = producir(c3, date(2025, 3, 2), "1", sitio=sitio)
    cma = producir(c3, date(2025, 3, 2), "1", sitio=sitio, tipo_tiempo=TipoTiempo.CMA)
    cero = producir(c3, date(2025, 3, 5), "0", sitio=sitio)
    fuera = producir(c3, date(2025, 4, 1), "1", sitio=sitio)
    excedente = producir(c3, date(2025, 3, 6), "1", sitio=sitio)
    autorizado = producir(c3, date(2025, 3, 7), "1", sitio=sitio)
    Produccion.objects.filter(pk=excedente.pk).update(es_excedente=True)
    Produccion.objects.filter(pk=autorizado.pk).update(es_excedente=True, excedente_autorizado=True)
    # The reprogramming's own annex: its production belongs to the family.
    repro = ImportacionAnexoFactory(ot=fam.reprogramacion, es_activo=True)
    linea_repro = lineas_crear(repro, fam.conceptos[1:])[0]
    de_repro = producir(linea_repro, date(2025, 3, 8), "1", sitio=sitio, ot=fam.ot)
    otra = familia_con_anexo(1)
    ajena = producir(otra.partidas[0], date(2025, 3, 2), "1", sitio=otra.sitio)
    firmar(ajena)

    estimacion = crear(fam)

    incluidas = set(estimacion.detalles.values_list("id_produccion_id", flat=True))
    assert incluidas == {firmada.pk, sin_gpu.pk, cma.pk, autorizado.pk, de_repro.pk}
    assert not incluidas & {sin_firma.pk, falta_firma.pk, cero.pk, fuera.pk, excedente.pk, ajena.pk}


def test_production_of_a_deleted_reprogramming_is_not_estimated(settings):
    settings.SASCOP_ANEXOS_CON_GPU = []
    fam = familia_con_anexo(1)
    borrada = ReprogramacionFactory(ot_principal=fam.ot, estatus=EstatusRegistro.ELIMINADO)
    linea = lineas_crear(ImportacionAnexoFactory(ot=borrada, es_activo=True), fam.conceptos)[0]
    producir(linea, date(2025, 3, 2), "1", sitio=fam.sitio, ot=fam.ot)
    buena = producir(fam.partidas[0], date(2025, 3, 2), "1", sitio=fam.sitio)

    estimacion = crear(fam)

    assert list(estimacion.detalles.values_list("id_produccion_id", flat=True)) == [buena.pk]


def test_an_estimation_created_from_a_reprogramming_belongs_to_the_initial_ot(settings):
    settings.SASCOP_ANEXOS_CON_GPU = []
    fam = familia_con_anexo(1, con_reprogramacion=True)
    producir(fam.partidas[0], date(2025, 3, 2), "1", sitio=fam.sitio)

    estimacion = crear(fam, ot=fam.reprogramacion)

    assert estimacion.id_ot_id == fam.ot.pk
    assert estimacion.detalles.count() == 1


def test_production_in_a_live_line_is_not_estimated_twice():
    fam, primera = estimacion_lista(conceptos=2, dias=3)
    abril = produccion_firmada(fam, dias=2, mes=4)

    segunda = crear(fam, hasta=date(2025, 4, 30))

    assert primera.detalles.count() == 6
    assert set(segunda.detalles.values_list("id_produccion_id", flat=True)) == {p.pk for p in abril}


def test_an_empty_period_is_refused_and_nothing_is_written():
    fam, _ = estimacion_lista(conceptos=1, dias=2)
    antes = (EstimacionHeader.objects.count(), EstimacionDetalle.objects.count(), RegistroActividad.objects.count())

    with pytest.raises(ValidationError) as rechazo:
        crear(fam)

    assert "No hay producción por estimar en el periodo 01/03/2025 al 31/03/2025" in rechazo.value.messages[0]
    despues = (EstimacionHeader.objects.count(), EstimacionDetalle.objects.count(), RegistroActividad.objects.count())
    assert despues == antes


def test_a_period_without_any_production_is_refused():
    fam = familia_con_anexo(1)
    with pytest.raises(ValidationError) as rechazo:
        crear(fam, date(2025, 6, 1), date(2025, 6, 30))
    assert "fecha_desde" in rechazo.value.message_dict
    assert EstimacionHeader.objects.count() == 0


# --- Parameters -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tipo_cambio", [Decimal("0"), Decimal("-1"), None, "abc", Decimal("NaN"), Decimal("1.00001")])
def test_the_exchange_rate_must_be_a_positive_number_with_four_decimals(tipo_cambio):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    with pytest.raises(ValidationError) as rechazo:
        crear(fam, tipo_cambio=tipo_cambio)
    assert "tipo_cambio" in rechazo.value.message_dict
    assert EstimacionHeader.objects.count() == 0


def test_the_exchange_rate_is_recorded_on_the_estimation():
    _, estimacion = estimacion_lista(conceptos=1, dias=1, tipo_cambio="19.8765")
    assert estimacion.tipo_cambio == Decimal("19.8765")


def test_a_period_that_ends_before_it_starts_is_refused():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    with pytest.raises(ValidationError) as rechazo:
        crear(fam, date(2025, 3, 31), date(2025, 3, 1))
    assert "fecha_hasta" in rechazo.value.message_dict


def test_the_estimation_date_defaults_to_today_in_mexico():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    assert crear(fam).fecha_estimacion == hoy_mexico()
    produccion_firmada(fam, dias=1, mes=4)
    assert crear(fam, fecha_estimacion=date(2025, 5, 2), hasta=date(2025, 4, 30)).fecha_estimacion == date(2025, 5, 2)


def test_a_deleted_ot_cannot_be_estimated():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    fam.ot.estatus = EstatusRegistro.ELIMINADO
    fam.ot.save(update_fields=["estatus"])
    with pytest.raises(ValidationError) as rechazo:
        crear(fam)
    assert "ot" in rechazo.value.message_dict


def test_creation_is_logged_with_folio_period_and_totals(admin):
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=2)

    estimacion = crear(fam, usuario=admin, comentario="  Primera del mes  ")

    assert (estimacion.creado_por, estimacion.comentario) == (admin, "Primera del mes")
    registro = dict(
        RegistroActividad.objects.filter(
            afectacion="Estimación", registro_id=estimacion.pk, evento=Evento.CREAR
        ).values_list("campo", "valor_actual")
    )
    assert registro["folio"] == estimacion.folio
    assert registro["periodo"] == "01/03/2025 al 31/03/2025"
    assert registro["total_importe_mn"] == str(estimacion.total_importe_mn)
    assert len(estimacion.codigo_verificacion) == 32


def test_creation_runs_a_fixed_number_of_queries_whatever_the_size():
    def consultas(conceptos, dias):
        fam = familia_con_anexo(conceptos)
        produccion_firmada(fam, dias=dias)
        with CaptureQueriesContext(connection) as captura:
            crear(fam)
        return len(captura.captured_queries)

    assert consultas(1, 1) == consultas(5, 6)


# --- Contract and folio -----------------------------------------------------------------------------------------------


def test_the_contract_is_inferred_from_the_familys_concepts_and_the_folio_counts_per_contract():
    fam, primera = estimacion_lista(conceptos=1, dias=1)
    produccion_firmada(fam, dias=1, mes=4)
    segunda = crear(fam, hasta=date(2025, 4, 30))
    _, de_otro = estimacion_lista(conceptos=1, dias=1)
    contrato = contrato_de(fam)

    assert (primera.contrato, primera.numero, segunda.numero) == (contrato, 1, 2)
    assert primera.folio == f"EST-{contrato.numero_contrato}-0001"
    assert segunda.folio == f"EST-{contrato.numero_contrato}-0002"
    assert (de_otro.numero, de_otro.folio.endswith("-0001")) == (1, True)


def test_a_cancelled_estimation_keeps_its_number_so_folios_have_no_gaps():
    fam, primera = estimacion_lista(conceptos=1, dias=2, estado=EstadoEstimacion.CANCELADA)

    segunda = crear(fam)

    primera.refresh_from_db()
    assert (primera.numero, segunda.numero) == (1, 2)
    assert segunda.detalles.count() == 2  # the cancelled one released its production


def _familia_sin_contrato():
    fam = familia_con_anexo(1)
    ConceptoMaestro.objects.filter(pk__in=[c.pk for c in fam.conceptos]).update(sub_anexo=None)
    produccion_firmada(fam, dias=1)
    return fam


def test_a_family_without_a_contract_must_name_one():
    fam = _familia_sin_contrato()
    with pytest.raises(ValidationError) as rechazo:
        crear(fam)
    assert "elija el contrato" in rechazo.value.message_dict["contrato"][0]

    contrato = ContratoFactory()
    estimacion = crear(fam, contrato=contrato)
    assert (estimacion.contrato, estimacion.numero) == (contrato, 1)


def test_a_contract_foreign_to_the_family_is_refused():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=1)
    with pytest.raises(ValidationError) as rechazo:
        crear(fam, contrato=ContratoFactory())
    assert "no corresponde" in rechazo.value.message_dict["contrato"][0]


def test_a_family_of_two_contracts_must_choose_and_then_bills_only_that_contracts_work():
    fam = familia_con_anexo(1)
    otros = conceptos_crear(1, anexos=("C-7",))
    linea_otra = lineas_crear(fam.importacion, otros)[0]
    pue = ConceptoMaestro.objects.create(
        partida_extraordinaria="C7EXT-0001",
        descripcion="PUE sin contrato propio",
        unidad_medida=UnidadMedidaFactory(),
        id_tipo_partida=tipo(TipoId.PARTIDA_EXTRAORDINARIA),
    )
    linea_pue = lineas_crear(fam.importacion, [pue])[0]
    produccion_firmada(fam, dias=1, partidas=[fam.partidas[0], linea_otra, linea_pue])
    with pytest.raises(ValidationError) as rechazo:
        crear(fam)
    assert "varios contratos" in rechazo.value.message_dict["contrato"][0]

    estimacion = crear(fam, contrato=contrato_de(fam))

    partidas = set(estimacion.detalles.values_list("id_produccion__id_partida_anexo_id", flat=True))
    assert partidas == {fam.partidas[0].pk, linea_pue.pk}
    otra = crear(fam, contrato=otros[0].sub_anexo.anexo_maestro.contrato)
    assert set(otra.detalles.values_list("id_produccion__id_partida_anexo_id", flat=True)) == {linea_otra.pk}
    assert otra.numero == 1


def test_the_next_number_follows_the_highest_even_from_another_family():
    fam, _ = estimacion_lista(conceptos=1, dias=1)
    vecina = familia_con_anexo(1)
    lineas = lineas_crear(ImportacionAnexoFactory(ot=vecina.ot, es_activo=False), fam.conceptos)
    produccion_firmada(vecina, dias=1, partidas=lineas)

    estimacion = crear(vecina, ot=vecina.ot, contrato=contrato_de(fam))

    assert estimacion.numero == 2


def test_dates_of_the_lines_stay_inside_the_period():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=20)
    estimacion = crear(fam, date(2025, 3, 5), date(2025, 3, 9))
    fechas = sorted(estimacion.detalles.values_list("id_produccion__fecha_produccion", flat=True))
    assert fechas == [date(2025, 3, 5) + timedelta(days=d) for d in range(5)]
