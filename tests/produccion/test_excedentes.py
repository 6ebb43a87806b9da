"""The one excess service (DESIGN §6): running total per family and concept, in date order, above the annex."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.produccion.excedentes import excedentes_de_familia, excedentes_recalcular
from operaciones.produccion.models import Produccion, TipoTiempo
from tests.factories import (
    ConceptoMaestroFactory,
    ImportacionAnexoFactory,
    OTEFactory,
    PartidaAnexoImportadaFactory,
    ProduccionFactory,
    ReprogramacionFactory,
    SitioFactory,
)

pytestmark = pytest.mark.django_db

INICIO = date(2025, 3, 1)


def dia(n: int) -> date:
    return INICIO + timedelta(days=n - 1)


def version(ot, *, cargada: int = 0, activa: bool = True):
    """An annex version of `ot`, loaded `cargada` hours after a fixed instant (to order versions)."""
    importacion = ImportacionAnexoFactory(ot=ot, es_activo=activa)
    momento = timezone.make_aware(datetime(2025, 2, 1, 8)) + timedelta(hours=cargada)
    type(importacion).objects.filter(pk=importacion.pk).update(fecha_carga=momento)
    return importacion


def linea(importacion, concepto, volumen, **extra):
    return PartidaAnexoImportadaFactory(
        importacion_anexo=importacion, concepto=concepto, volumen_proyectado=Decimal(volumen), **extra
    )


def producir(partida, n: int, volumen, tipo=TipoTiempo.TE, sitio=None):
    extra = {"id_sitio_produccion": sitio} if sitio else {}
    return ProduccionFactory(
        id_partida_anexo=partida,
        fecha_produccion=dia(n),
        volumen_produccion=Decimal(volumen),
        tipo_tiempo=tipo,
        **extra,
    )


def marcas(*producciones) -> list[bool]:
    return [Produccion.objects.get(pk=p.pk).es_excedente for p in producciones]


@pytest.fixture
def concepto():
    return ConceptoMaestroFactory()


def test_rows_past_the_authorised_volume_are_excess_across_types_and_sites_in_date_order(concepto):
    ot = OTEFactory()
    partida = linea(version(ot), concepto, "10")
    otro_sitio = SitioFactory()
    # Created out of date order on purpose: the walk follows fecha_produccion, then id.
    p3 = producir(partida, 3, "2", TipoTiempo.CMA)
    p1 = producir(partida, 1, "4")
    p2 = producir(partida, 2, "4", sitio=otro_sitio)  # running total 8
    p4 = producir(partida, 3, "1")  # same day, later id: 8 + 2 + 1 = 11 > 10
    p5 = producir(partida, 4, "0")

    assert excedentes_recalcular(ot=ot) == 2

    assert marcas(p1, p2, p3, p4, p5) == [False, False, False, True, True]
    assert excedentes_recalcular(ot=ot) == 0


def test_reaching_the_authorised_volume_exactly_is_not_excess_and_sums_are_exact(concepto):
    ot = OTEFactory()
    partida = linea(version(ot), concepto, "0.3")
    filas = [producir(partida, 1, "0.1"), producir(partida, 2, "0.2"), producir(partida, 3, "0.000001")]

    excedentes_recalcular(ot=ot)

    # 0.1 + 0.2 is 0.3 in Decimal (as binary floats it would be 0.30000000000000004 and wrongly excess).
    assert marcas(*filas) == [False, False, True]


def test_the_family_shares_the_volume_of_its_most_recent_active_version(concepto):
    inicial = OTEFactory()
    repro = ReprogramacionFactory(ot_principal=inicial)
    vieja = linea(version(inicial, cargada=0), concepto, "5")
    nueva = linea(version(repro, cargada=1), concepto, "8")  # the reprogramming's annex is the most recent
    a = producir(vieja, 1, "4")
    b = producir(nueva, 2, "3")  # 7 ≤ 8
    c = producir(vieja, 3, "2")  # 9 > 8

    assert excedentes_recalcular(ot=repro) == 1  # any OT of the family recomputes the whole family
    assert marcas(a, b, c) == [False, False, True]


def test_production_on_lines_of_inactive_versions_still_counts_for_its_concept(concepto):
    ot = OTEFactory()
    anterior = linea(version(ot, cargada=0, activa=False), concepto, "100")
    actual = linea(version(ot, cargada=1), concepto, "6")
    antes = producir(anterior, 1, "5")
    despues = producir(actual, 2, "2")

    excedentes_recalcular(ot=ot)

    assert marcas(antes, despues) == [False, True]


def test_lines_without_concept_are_known_by_anexo_and_code_without_trailing_dot():
    ot = OTEFactory()
    sin_concepto = {
        "descripcion_concepto": "Buceo",
        "unidad_medida": ConceptoMaestroFactory().unidad_medida,
        "precio_unitario_mn": Decimal("1"),
        "precio_unitario_usd": Decimal("0"),
    }
    anterior = linea(version(ot, cargada=0, activa=False), None, "50", anexo="C-3", id_partida="3.1.", **sin_concepto)
    actual = linea(version(ot, cargada=1), None, "3", anexo="c-3", id_partida="3.1", **sin_concepto)
    otra = linea(version(OTEFactory()), None, "1", anexo="C-2", id_partida="3.1", **sin_concepto)
    a, b = producir(anterior, 1, "2"), producir(actual, 2, "2")
    ajena = producir(otra, 1, "1")

    excedentes_recalcular(ot=ot)

    assert marcas(a, b, ajena) == [False, True, False]


def test_a_concept_no_active_version_contains_has_nothing_authorised(concepto):
    ot = OTEFactory()
    retirada = linea(version(ot, cargada=0, activa=False), concepto, "100")
    linea(version(ot, cargada=1), ConceptoMaestroFactory(), "100")
    cero, positiva = producir(retirada, 1, "0"), producir(retirada, 2, "1")

    excedentes_recalcular(ot=ot)

    assert marcas(cero, positiva) == [False, True]


def test_deleted_reprogrammings_and_other_families_are_left_out(concepto):
    inicial = OTEFactory()
    borrada = ReprogramacionFactory(ot_principal=inicial, estatus=EstatusRegistro.ELIMINADO)
    propia = linea(version(inicial), concepto, "5")
    de_borrada = linea(version(borrada, cargada=1), concepto, "1")
    ajena_ot = OTEFactory()
    ajena = producir(linea(version(ajena_ot), concepto, "1"), 1, "3")
    a = producir(propia, 2, "4")
    b = producir(de_borrada, 3, "4")  # not part of the family: neither counted nor flagged

    excedentes_recalcular(ot=inicial)

    assert marcas(a, b, ajena) == [False, False, False]


def test_flags_cleared_when_the_annex_grows(concepto):
    ot = OTEFactory()
    partida = linea(version(ot), concepto, "1")
    fila = producir(partida, 1, "2")
    excedentes_recalcular(ot=ot)
    assert marcas(fila) == [True]

    type(partida).objects.filter(pk=partida.pk).update(volumen_proyectado=Decimal("2"))

    assert excedentes_recalcular(ot=ot) == 1
    assert marcas(fila) == [False]


def test_the_recalculation_runs_a_fixed_number_of_queries(concepto, django_assert_num_queries):
    ot = OTEFactory()
    partidas = [linea(version(ot), concepto, "1")] + [
        linea(ot.importaciones_anexo.get(), ConceptoMaestroFactory(), "1") for _ in range(3)
    ]
    for n, partida in enumerate(partidas, start=1):
        producir(partida, n, "2")
        producir(partida, n + 1, "2")

    # family, authorised lines, production, one bulk update (8 rows: every one of them changes)
    with django_assert_num_queries(4):
        assert excedentes_recalcular(ot=ot) == 8
    with django_assert_num_queries(3):
        assert excedentes_recalcular(ot=ot) == 0


def test_family_summary_per_concept(concepto):
    inicial = OTEFactory()
    partida = linea(version(inicial), concepto, "5")
    sin_produccion = linea(inicial.importaciones_anexo.get(), ConceptoMaestroFactory(), "7")
    producir(partida, 1, "4")
    producir(partida, 2, "3", TipoTiempo.CMA)

    filas = {f["concepto_id"]: f for f in excedentes_de_familia(ot=inicial)}

    assert filas[concepto.pk]["autorizado"] == Decimal("5")
    assert filas[concepto.pk]["producido"] == Decimal("7")
    assert filas[concepto.pk]["excedente"] == Decimal("2")
    assert filas[concepto.pk]["partida"] == partida.id_partida
    otra = filas[sin_produccion.concepto_id]
    assert (otra["autorizado"], otra["producido"], otra["excedente"]) == (Decimal("7"), 0, 0)
