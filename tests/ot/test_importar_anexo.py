"""OT annex upload: a good file becomes the active version; a bad line writes nothing; versions keep history."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from core.importacion import COLUMNA_OBSERVACIONES, libro_errores
from core.models import Evento, RegistroActividad
from core.money import redondear_centavos
from operaciones.ot.importar_anexo import (
    ENTIDAD_ANEXO,
    ModoImportacionAnexo,
    anexo_ot_importar,
    anexo_totales,
)
from operaciones.ot.models import ImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from operaciones.produccion.models import Produccion
from tests.factories import OTEFactory, ProduccionFactory
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = pytest.mark.django_db

DIA_1, DIA_2 = date(2025, 3, 1), date(2025, 3, 2)


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cat():
    return catalogo_prueba()


@pytest.fixture
def ot():
    return OTEFactory()


def lineas_buenas(cat):
    return [
        linea_de(cat.tuberia, volumen=Decimal("12.345"), dias={DIA_1: Decimal("2.5"), DIA_2: Decimal("3")}),
        linea_de(cat.buceo, volumen=Decimal("3.5"), dias={DIA_2: Decimal("1")}),
        linea_de(cat.inspeccion, volumen=Decimal("2"), pu_mn=Decimal("8500.25"), pu_usd=Decimal("100.1")),
        linea_de(cat.pue, volumen=Decimal("7.125")),
    ]


def importar(ot, contenido, **opciones):
    return anexo_ot_importar(ot=ot, archivo=io.BytesIO(contenido), nombre_archivo="anexo_ot.xlsx", **opciones)


def test_a_good_file_becomes_the_active_version_with_lines_days_and_totals(cat, ot, admin):
    contenido = libro_anexo(None, lineas_buenas(cat), fechas=[DIA_1, DIA_2])

    resultado = importar(ot, contenido, usuario=admin, tipo_cambio=Decimal("18.5432"))

    informe = resultado.informe
    assert not informe.errores, informe.lineas()
    assert informe.escrito and informe.creadas == 4
    version = resultado.importacion
    assert version.es_activo and version.ot == ot and version.usuario_carga == admin
    assert version.total_registros == 4 and version.modo == ModoImportacionAnexo.COMPLETA
    assert version.nombre_archivo == "anexo_ot.xlsx" and len(version.hash_archivo) == 64
    assert version.archivo_excel.read() == contenido
    assert version.informe["creadas"] == 4 and version.informe["escrito"] is True
    partidas = {p.id_partida: p for p in version.partidas.all()}
    assert set(partidas) == {"2.1.", "3.1.", "3.2.", "C3EXT-0977"}
    assert partidas["2.1."].concepto == cat.tuberia and partidas["2.1."].anexo == "C-2"
    assert partidas["C3EXT-0977"].concepto == cat.pue and partidas["C3EXT-0977"].anexo == "C3EXT"
    assert partidas["2.1."].volumen_proyectado == Decimal("12.345")
    assert partidas["2.1."].orden_fila == 5  # three title rows, the header, then the first line
    # The catalogue price wins; an unpriced concept takes the file's.
    assert partidas["2.1."].precio_unitario_mn == Decimal("1500.5050")
    assert (partidas["3.2."].precio_unitario_mn, partidas["3.2."].precio_unitario_usd) == (
        Decimal("8500.25"),
        Decimal("100.1"),
    )
    dias = set(
        PartidaProyectada.objects.filter(ot=ot).values_list("partida_anexo__id_partida", "fecha", "volumen_programado")
    )
    assert dias == {
        ("2.1.", DIA_1, Decimal("2.5")),
        ("2.1.", DIA_2, Decimal("3")),
        ("3.1.", DIA_2, Decimal("1")),
    }
    esperado_mn = sum(
        (redondear_centavos(p.volumen_proyectado * p.precio_unitario_mn) for p in partidas.values()), Decimal(0)
    )
    esperado_usd = sum(
        (redondear_centavos(p.volumen_proyectado * p.precio_unitario_usd) for p in partidas.values()), Decimal(0)
    )
    # 12.345 × 1500.505 = 18523.734225 → 18523.73; 2 × 8500.25; 7.125 × 200.125 = 1425.890625 → 1425.89
    assert esperado_mn == Decimal("18523.73") + Decimal("17000.50") + Decimal("1425.89")
    assert (version.total_mn, version.total_usd) == (esperado_mn, esperado_usd)
    totales = anexo_totales(version)
    assert totales["mn"] == esperado_mn and totales["usd"] == esperado_usd and totales["lineas"] == 4
    assert totales["tipo_cambio"] == Decimal("18.5432")
    assert totales["homologado"] == redondear_centavos(esperado_mn + esperado_usd * Decimal("18.5432"))
    assert RegistroActividad.objects.filter(
        afectacion=ENTIDAD_ANEXO, registro_id=version.pk, evento=Evento.IMPORTAR
    ).exists()


def test_without_an_exchange_rate_there_is_no_homologado(cat, ot):
    version = importar(ot, libro_anexo(None, lineas_buenas(cat))).importacion
    totales = anexo_totales(version)
    assert version.tipo_cambio is None
    assert totales["homologado"] is None and totales["tipo_cambio"] is None
    assert anexo_totales(version, Decimal("20"))["homologado"] == redondear_centavos(
        totales["mn"] + totales["usd"] * 20
    )


def test_one_bad_line_writes_nothing_and_the_error_workbook_names_the_reason(cat, ot):
    lineas = lineas_buenas(cat)
    lineas.insert(1, linea_de(cat.buceo, partida="3.99.", concepto="Concepto que no existe"))
    contenido = libro_anexo(None, lineas, fechas=[DIA_1, DIA_2])

    resultado = importar(ot, contenido)

    assert resultado.importacion is None and not resultado.informe.escrito
    assert [(e.fila, e.columna) for e in resultado.informe.errores] == [(6, "B")]
    assert "NO ENCONTRADO" in resultado.informe.errores[0].mensaje
    assert not ImportacionAnexo.objects.filter(ot=ot).exists()
    assert not PartidaAnexoImportada.objects.exists() and not PartidaProyectada.objects.exists()
    hoja = openpyxl.load_workbook(io.BytesIO(libro_errores(resultado.tabla, resultado.informe))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == COLUMNA_OBSERVACIONES
    malas = [f for f in filas[1:] if f[0]]
    assert len(malas) == 1 and malas[0][1] == 6 and "NO ENCONTRADO" in malas[0][0]


def test_a_second_full_load_keeps_the_first_version_and_the_production_on_its_lines(cat, ot):
    primera = importar(ot, libro_anexo(None, lineas_buenas(cat))).importacion
    linea_vieja = primera.partidas.get(id_partida="2.1.")
    produccion = ProduccionFactory(id_partida_anexo=linea_vieja, volumen_produccion=Decimal("5"))

    lineas = lineas_buenas(cat)
    lineas[0]["volumen"] = Decimal("20")
    segunda = importar(ot, libro_anexo(None, lineas)).importacion

    primera.refresh_from_db()
    assert segunda.pk != primera.pk and segunda.es_activo and not primera.es_activo
    assert primera.partidas.count() == 4
    produccion.refresh_from_db()
    assert produccion.id_partida_anexo_id == linea_vieja.pk
    assert ImportacionAnexo.objects.filter(ot=ot, es_activo=True).get() == segunda
    assert segunda.partidas.get(id_partida="2.1.").volumen_proyectado == Decimal("20")


def test_the_same_file_twice_creates_no_new_version(cat, ot):
    contenido = libro_anexo(None, lineas_buenas(cat))
    primera = importar(ot, contenido).importacion

    otra = importar(ot, contenido)

    assert otra.informe.resumen() == "creadas=0 actualizadas=0 sin_cambios=4 advertencias=1 errores=0"
    assert "idéntico" in otra.informe.advertencias[0].mensaje
    assert otra.importacion == primera
    assert ImportacionAnexo.objects.filter(ot=ot).count() == 1


def test_update_mode_really_updates_volumes_and_prices_and_appends_new_lines(cat, ot, admin):
    inicial = [linea_de(cat.tuberia, volumen=Decimal("10")), linea_de(cat.inspeccion, pu_mn=Decimal("100"))]
    version = importar(ot, libro_anexo(None, inicial)).importacion
    linea = version.partidas.get(id_partida="3.2.")
    cambios = [
        linea_de(cat.inspeccion, volumen=Decimal("4.5"), pu_mn=Decimal("120.75")),
        linea_de(cat.pue, volumen=Decimal("1")),
    ]

    resultado = importar(ot, libro_anexo(None, cambios), modo=ModoImportacionAnexo.ACTUALIZACION, usuario=admin)

    informe = resultado.informe
    assert not informe.errores, informe.lineas()
    assert (informe.creadas, informe.actualizadas, informe.sin_cambios) == (1, 1, 0)
    assert "se conservaron" in informe.advertencias[0].mensaje  # 2.1. is not in the file and stays
    assert resultado.importacion == version
    linea.refresh_from_db()
    assert (linea.volumen_proyectado, linea.precio_unitario_mn) == (Decimal("4.5"), Decimal("120.75"))
    version.refresh_from_db()
    assert version.partidas.count() == 3 and version.total_registros == 3
    assert version.modo == ModoImportacionAnexo.ACTUALIZACION
    assert version.total_mn == anexo_totales(version)["mn"]
    assert ImportacionAnexo.objects.filter(ot=ot).count() == 1
    log = RegistroActividad.objects.filter(registro_id=linea.pk, campo="volumen_proyectado").get()
    assert (log.valor_anterior, log.valor_actual) == ("10.000000", "4.5")

    otra_vez = importar(ot, libro_anexo(None, cambios), modo=ModoImportacionAnexo.ACTUALIZACION)
    assert (otra_vez.informe.creadas, otra_vez.informe.actualizadas, otra_vez.informe.sin_cambios) == (0, 0, 2)


def test_update_mode_needs_an_active_version(cat, ot):
    resultado = importar(ot, libro_anexo(None, lineas_buenas(cat)), modo=ModoImportacionAnexo.ACTUALIZACION)
    assert "no tiene una versión activa" in resultado.informe.errores[0].mensaje
    assert not ImportacionAnexo.objects.exists()


def test_excess_is_recomputed_after_the_upload(cat, ot):
    version = importar(ot, libro_anexo(None, [linea_de(cat.tuberia, volumen=Decimal("10"))])).importacion
    linea = version.partidas.get()
    p1 = ProduccionFactory(id_partida_anexo=linea, fecha_produccion=DIA_1, volumen_produccion=Decimal("6"))
    p2 = ProduccionFactory(id_partida_anexo=linea, fecha_produccion=DIA_2, volumen_produccion=Decimal("6"))
    assert not Produccion.objects.filter(es_excedente=True).exists()

    resultado = importar(ot, libro_anexo(None, [linea_de(cat.tuberia, volumen=Decimal("10.5"))]))

    assert resultado.informe.escrito
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert (p1.es_excedente, p2.es_excedente) == (False, True)


def _consultas(ot, contenido, **opciones) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as consultas:
        resultado = importar(ot, contenido, **opciones)
    assert resultado.informe.escrito, resultado.informe.lineas()
    return len(consultas)


def test_the_number_of_queries_does_not_grow_with_the_rows(cat, ot):
    from tests.factories import ConceptoMaestroFactory

    muchos = [
        ConceptoMaestroFactory(sub_anexo=cat.c3, partida_ordinaria=f"3.{100 + i}.", unidad_medida=cat.unidad["PIEZA"])
        for i in range(40)
    ]
    pocas = [linea_de(c, dias={DIA_1: 1}) for c in muchos[:3]]
    todas = [linea_de(c, dias={DIA_1: 1}) for c in muchos]
    otra_ot = OTEFactory()

    assert _consultas(ot, libro_anexo(None, pocas, fechas=[DIA_1])) == _consultas(
        otra_ot, libro_anexo(None, todas, fechas=[DIA_1])
    )
    # Update mode too: every line changes its volume and its day.
    cambio_pocas = [linea_de(c, volumen=3, dias={DIA_2: 2}) for c in muchos[:3]]
    cambio_todas = [linea_de(c, volumen=3, dias={DIA_2: 2}) for c in muchos]
    actualizar = {"modo": ModoImportacionAnexo.ACTUALIZACION}
    assert _consultas(ot, libro_anexo(None, cambio_pocas, fechas=[DIA_2]), **actualizar) == _consultas(
        otra_ot, libro_anexo(None, cambio_todas, fechas=[DIA_2]), **actualizar
    )


def test_totals_round_each_half_cent_up_exactly(cat, ot):
    # 0.5 × 100.01 = 50.005 → 50.01; as a binary float 50.005 is 50.00499… and would lose the cent.
    lineas = [
        linea_de(cat.inspeccion, volumen=Decimal("0.5"), pu_mn=Decimal("100.01"), pu_usd=Decimal("0.0010")),
        linea_de(cat.pue, volumen=Decimal("0.000002")),
    ]
    version = importar(ot, libro_anexo(None, lineas), tipo_cambio=Decimal("17.0001")).importacion

    totales = anexo_totales(version)

    # 0.000002 × 200.125 = 0.00040025 → 0.00; USD 0.5 × 0.001 = 0.0005 → 0.00 and 0.000002 × 15.5 → 0.00
    assert (totales["mn"], totales["usd"], totales["lineas"]) == (Decimal("50.01"), Decimal("0.00"), 2)
    assert totales["homologado"] == Decimal("50.01")
    assert (version.total_mn, version.total_usd) == (Decimal("50.01"), Decimal("0.00"))
