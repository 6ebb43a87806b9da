"""`manage.py generar_datos_demo` builds a consistent data set; the shared factories build valid rows."""

import re
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from core import demo
from core.models import RegistroActividad
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.catalogos.models import ConceptoMaestro, Estatus, Paso, PasoOt
from operaciones.ot.models import OTE, ImportacionAnexo, PartidaAnexoImportada
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteDiario, ReporteMensual
from operaciones.pte.models import PTEHeader
from tests import factories

MODELOS = (PTEHeader, OTE, ImportacionAnexo, PartidaAnexoImportada, ReporteMensual, ReporteDiario, Produccion)


def generar(*args) -> str:
    salida = StringIO()
    call_command("generar_datos_demo", *args, stdout=salida)
    return salida.getvalue()


def cuentas() -> dict[str, int]:
    return {modelo.__name__: modelo.objects.count() for modelo in MODELOS}


class _Deshacer(Exception):
    pass


def huella_con_semilla(semilla: int) -> tuple[dict[str, int], Decimal, list[str]]:
    """Counts, total produced volume and folios of one run, rolled back afterwards."""
    try:
        with transaction.atomic():
            generar("--escala", "1", "--semilla", str(semilla))
            resultado = (
                cuentas(),
                Produccion.objects.aggregate(total=Sum("volumen_produccion"))["total"],
                sorted(PTEHeader.objects.values_list("oficio_pte", flat=True)),
            )
            raise _Deshacer
    except _Deshacer:
        return resultado


def revisar_reprogramaciones():
    reprogramaciones = OTE.objects.filter(id_tipo=TipoId.OT_REPROGRAMACION).select_related("ot_principal")
    assert reprogramaciones.exists()
    numeros = defaultdict(list)
    for ot in reprogramaciones:
        assert ot.ot_principal.id_tipo_id == TipoId.OT_INICIAL
        assert ot.orden_trabajo == ot.ot_principal.orden_trabajo
        numeros[ot.ot_principal_id].append(ot.num_reprogramacion)
    for lista in numeros.values():
        assert sorted(lista) == list(range(1, len(lista) + 1))


def revisar_pasos_pte():
    pasos = defaultdict(set)
    for paso_id, tipo_cliente in Paso.objects.filter(activo=True).values_list("pk", "id_tipo_cliente"):
        pasos[tipo_cliente].add(paso_id)
    completas = 0
    for pte in PTEHeader.objects.select_related("id_cliente").prefetch_related("detalles"):
        detalles = pte.detalles.all()
        assert {d.id_paso_id for d in detalles} == pasos[pte.id_cliente.id_tipo_id], pte.oficio_pte
        assert re.fullmatch(r"BME-3801-\d{3}-\d{4}", pte.oficio_pte)
        completas += all(d.estatus_paso_id in (EstatusId.COMPLETADO, EstatusId.NO_APLICA) for d in detalles)
    assert completas, "some PTEs must be 100 % complete"


def revisar_ots():
    for ot in OTE.objects.select_related("id_cliente").prefetch_related("detalles"):
        esperados = set(
            PasoOt.objects.filter(activo=True, tipo_id=ot.id_tipo_id)
            .filter(Q(id_tipo_cliente__isnull=True) | Q(id_tipo_cliente=ot.id_cliente.id_tipo_id))
            .values_list("pk", flat=True)
        )
        assert {d.id_paso_id for d in ot.detalles.all()} == esperados, ot.orden_trabajo
        assert re.fullmatch(r"OT-GRZ-801-\d{2}-\d{3}", ot.orden_trabajo)
        assert ot.id_cliente_id == ClienteId.PEMEX
        if ot.id_frente_id == FrenteId.BARCO:
            assert ot.id_embarcacion_id and ot.id_plataforma_id
        elif ot.id_frente_id == FrenteId.CP_PS:
            assert ot.id_plataforma_id and not ot.id_embarcacion_id
        else:
            assert ot.id_patio_id and not ot.id_embarcacion_id
        if ot.requiere_patio:
            assert ot.id_patio_id and ot.fecha_inicio_patio <= ot.fecha_fin_patio


def revisar_anexos():
    importaciones = ImportacionAnexo.objects.select_related("ot")
    assert importaciones.exists()
    for importacion in importaciones:
        assert importacion.es_activo
        assert importacion.ot.id_tipo_id == TipoId.OT_INICIAL
        assert importacion.ot.fecha_inicio_real is not None
        assert importacion.total_registros == importacion.partidas.count() == 15
    for partida in PartidaAnexoImportada.objects.select_related("concepto"):
        concepto: ConceptoMaestro = partida.concepto
        assert partida.precio_unitario_mn == concepto.precio_unitario_mn
        assert partida.precio_unitario_usd == concepto.precio_unitario_usd
        assert partida.id_partida in (concepto.partida_ordinaria, concepto.partida_extraordinaria)


def revisar_produccion():
    """Site of the OT, Decimal volumes, monthly report of the same OT, and excess = running total > projected."""
    producciones = Produccion.objects.select_related(
        "id_partida_anexo__importacion_anexo__ot", "id_reporte_mensual"
    ).order_by("fecha_produccion", "id")
    assert producciones.exists()
    acumulado = defaultdict(Decimal)
    for produccion in producciones:
        partida = produccion.id_partida_anexo
        ot = partida.importacion_anexo.ot
        assert isinstance(produccion.volumen_produccion, Decimal)
        assert produccion.volumen_produccion > 0
        assert produccion.id_sitio_produccion_id is not None
        assert produccion.id_sitio_produccion_id in {ot.id_embarcacion_id, ot.id_plataforma_id, ot.id_patio_id}
        assert produccion.id_reporte_mensual.id_ot_id == ot.pk
        acumulado[partida.pk] += produccion.volumen_produccion
        assert produccion.es_excedente == (acumulado[partida.pk] > partida.volumen_proyectado)
    assert Produccion.objects.filter(es_excedente=True).exists()
    assert Produccion.objects.filter(tipo_tiempo="CMA").exists()


def revisar_reportes_y_gpu():
    dias = set(ReporteDiario.objects.values_list("id_reporte_mensual__id_ot", "fecha"))
    for ot_id, fecha in Produccion.objects.values_list("id_reporte_mensual__id_ot", "fecha_produccion"):
        assert (ot_id, fecha) in dias
    estatus = set(ReporteDiario.objects.values_list("id_estatus", flat=True))
    assert EstatusId.FIRMADO in estatus and len(estatus) >= 2
    anexos_con_gpu = set(RegistroGPU.objects.values_list("id_produccion__id_partida_anexo__anexo", flat=True))
    assert anexos_con_gpu and anexos_con_gpu <= demo.ANEXOS_GPU
    assert not Produccion.objects.filter(id_partida_anexo__anexo__in=demo.ANEXOS_GPU, gpu__isnull=True).exists()


def test_demo_escala_1_builds_a_consistent_data_set(db):
    salida = generar("--escala", "1", "--semilla", "11")
    assert "Datos de demostración (escala 1, semilla 11)" in salida
    assert "Registros de producción" in salida
    assert PTEHeader.objects.count() == 30
    assert OTE.objects.filter(id_tipo=TipoId.OT_INICIAL).count() == 20
    revisar_reprogramaciones()
    revisar_pasos_pte()
    revisar_ots()
    revisar_anexos()
    revisar_produccion()
    revisar_reportes_y_gpu()
    assert set(RegistroActividad.objects.values_list("usuario__username", flat=True)) == {demo.USUARIO_DEMO}
    assert not RegistroActividad.objects.filter(fecha__gt=timezone.now()).exists()


def test_si_vacia_adds_nothing_and_a_plain_rerun_adds_a_second_set_with_fresh_folios(db):
    generar("--escala", "1", "--semilla", "11")
    antes = cuentas()
    assert "ya tiene PTEs" in generar("--escala", "1", "--si-vacia")
    assert cuentas() == antes
    generar("--escala", "1", "--semilla", "11")
    assert PTEHeader.objects.count() == 2 * antes["PTEHeader"]
    folios = list(PTEHeader.objects.values_list("oficio_pte", flat=True))
    assert len(folios) == len(set(folios))


def test_the_same_seed_gives_the_same_data_and_another_seed_differs(db):
    primera = huella_con_semilla(5)
    assert primera == huella_con_semilla(5)
    assert primera[1] != huella_con_semilla(6)[1]


def test_missing_seed_is_a_spanish_command_error(db):
    Estatus.objects.all().delete()
    with pytest.raises(CommandError, match="seed_catalogos"):
        generar("--escala", "1")
    assert not PTEHeader.objects.exists()


def test_escala_below_one_is_rejected(db):
    with pytest.raises(CommandError, match="escala"):
        generar("--escala", "0")


# --- factories ------------------------------------------------------------------------------------------------


def test_factories_build_a_consistent_ot_family_with_production(db):
    ot = factories.OTEFactory(con_pasos=True)
    repro = factories.ReprogramacionFactory(ot_principal=ot)
    segunda = factories.ReprogramacionFactory(ot_principal=ot)
    partida = factories.PartidaAnexoImportadaFactory(importacion_anexo__ot=ot)
    produccion = factories.ProduccionFactory(id_partida_anexo=partida)
    factories.RegistroGPUFactory(id_produccion=produccion)
    factories.ReporteDiarioFactory(id_reporte_mensual=produccion.id_reporte_mensual)
    assert (repro.num_reprogramacion, segunda.num_reprogramacion) == (1, 2)
    assert repro.orden_trabajo == ot.orden_trabajo
    assert ot.detalles.count() == PasoOt.objects.filter(activo=True, tipo_id=TipoId.OT_INICIAL).count()
    assert produccion.id_reporte_mensual.id_ot == ot
    assert produccion.id_sitio_produccion == ot.id_embarcacion
    assert partida.precio_unitario_mn == partida.concepto.precio_unitario_mn


def test_factories_build_ptes_pues_and_activity(db):
    pte = factories.PTEHeaderFactory(con_pasos=True)
    assert pte.detalles.count() == Paso.objects.filter(activo=True, id_tipo_cliente=TipoId.CLIENTE_CONTRATO).count()
    detalle = factories.PTEDetalleFactory(id_pte_header=pte)
    assert detalle.estatus_paso_id == EstatusId.PENDIENTE
    pue = factories.ConceptoMaestroFactory(pue=True)
    assert pue.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA and pue.partida_extraordinaria.startswith("C3EXT")
    linea_pue = factories.PartidaAnexoImportadaFactory(concepto=pue)
    assert linea_pue.anexo == "C3EXT"
    assert factories.ClienteFactory().id_tipo_id == TipoId.CLIENTE_INTERCOM
    assert factories.RegistroActividadFactory().usuario is not None
    assert factories.SitioFactory(id_frente=factories.frente(FrenteId.PATIO)).id_frente_id == FrenteId.PATIO


def test_demo_bills_first_months_through_the_estimation_services(db):
    from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader

    generar("--escala", "1", "--semilla", "11")

    estados = set(EstimacionHeader.objects.values_list("estado", flat=True))
    assert EstadoEstimacion.FACTURADA in estados and EstadoEstimacion.BORRADOR in estados
    for estimacion in EstimacionHeader.objects.all():
        lineas = EstimacionDetalle.objects.filter(id_estimacion_header=estimacion)
        assert lineas.exists()
        assert estimacion.total_importe_mn == lineas.aggregate(t=Sum("importe_mn"))["t"]
        # Only production cleared for billing: a signed GPU where the annex needs one.
        assert (
            not lineas.filter(
                id_produccion__id_partida_anexo__anexo__in=demo.ANEXOS_GPU,
            )
            .exclude(id_produccion__gpu__id_estatus=EstatusId.FIRMADO)
            .exists()
        )
    aprobadas = EstimacionDetalle.objects.filter(
        vigente=True, id_estimacion_header__estado__in=[EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA]
    )
    assert set(aprobadas.values_list("id_produccion__id_estatus_cobro", flat=True)) == {EstatusId.COBRO_ESTIMADO}
