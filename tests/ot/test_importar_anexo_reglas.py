"""OT annex upload rules: catalogue diagnostics, normalisation, OK and day columns, values, modes."""

import datetime
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.catalogos.models import EstatusPUE
from operaciones.ot.importar_anexo import ModoImportacionAnexo, anexo_ot_importar
from operaciones.ot.models import ImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from tests.factories import ConceptoMaestroFactory, OTEFactory
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = pytest.mark.django_db

DIA_1, DIA_2, DIA_3 = date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)
FILA_1 = 5  # three title rows and the header come first


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cat():
    return catalogo_prueba()


@pytest.fixture
def ot():
    return OTEFactory()


def importar(ot, contenido, **opciones):
    return anexo_ot_importar(ot=ot, archivo=io.BytesIO(contenido), **opciones)


def errores(resultado) -> list[tuple]:
    return [(e.fila, e.columna, e.mensaje) for e in resultado.informe.errores]


def unico_error(ot, linea, **opciones) -> tuple:
    resultado = importar(ot, libro_anexo(None, [linea]), **opciones)
    assert not ImportacionAnexo.objects.exists()
    (error,) = errores(resultado)
    return error


# --- catalogue diagnostics --------------------------------------------------------------------------------------


def test_a_different_description_under_the_same_code_is_reported_on_the_concept_column(cat, ot):
    fila, columna, mensaje = unico_error(ot, linea_de(cat.buceo, concepto="Jornada de buceo con aire"))
    assert (fila, columna) == (FILA_1, "C")
    assert mensaje == "DESCRIPCIÓN DIFERENTE para la partida «3.1.»: el catálogo dice «Jornada de buceo de saturación»"


def test_a_different_unit_names_both_units(cat, ot):
    assert unico_error(ot, linea_de(cat.tuberia, unidad="TON")) == (
        FILA_1,
        "D",
        "UNIDAD DIFERENTE: Excel «TON» vs catálogo «ML»",
    )
    # A unit the unit catalogue does not know is also a different unit when the concept is found.
    assert unico_error(ot, linea_de(cat.tuberia, unidad="PULGADA"))[2] == (
        "UNIDAD DIFERENTE: Excel «PULGADA» vs catálogo «ML»"
    )


def test_a_description_found_under_another_code_is_a_wrong_code(cat, ot):
    fila, columna, mensaje = unico_error(ot, linea_de(cat.inspeccion, partida="3.7."))
    assert (fila, columna) == (FILA_1, "B")
    assert mensaje == "CÓDIGO INCORRECTO: esa descripción está en el catálogo con la partida «3.2.» (C-3)"


def test_a_line_under_another_anexo_is_reported_on_the_anexo_column(cat, ot):
    fila, columna, mensaje = unico_error(ot, linea_de(cat.tuberia, anexo="C-3"))
    assert (fila, columna) == (FILA_1, "A")
    assert mensaje == "ANEXO DIFERENTE: la partida «2.1.» con esa descripción está en el anexo C-2 del catálogo"


def test_an_unknown_line_is_not_found(cat, ot):
    linea = {"anexo": "C-9", "partida": "9.1.", "concepto": "Algo nuevo", "unidad": "PIEZA", "volumen": 1}
    assert unico_error(ot, linea) == (FILA_1, "B", "NO ENCONTRADO en catálogo (anexo C-9, partida «9.1.»)")


def test_only_active_concepts_match(cat, ot):
    cat.tuberia.activo = False
    cat.tuberia.save()
    assert "NO ENCONTRADO" in unico_error(ot, linea_de(cat.tuberia))[2]


def test_a_converted_pue_code_points_to_its_ordinary_concept(cat, ot):
    ordinario = ConceptoMaestroFactory(
        sub_anexo=cat.c3,
        partida_ordinaria="3.50.",
        partida_extraordinaria="C3EXT-0100",
        descripcion="Limpieza de ducto con chorro de agua",
        unidad_medida=cat.unidad["ML"],
        concepto_origen=ConceptoMaestroFactory(
            pue=True,
            partida_extraordinaria="C3EXT-0100",
            descripcion="Limpieza de ducto con chorro de agua",
            activo=False,
        ),
    )
    linea = linea_de(ordinario, anexo="C3EXT", partida="C3EXT-0100")
    assert (
        unico_error(ot, linea)[2]
        == "CÓDIGO INCORRECTO: la PUE «C3EXT-0100» se convirtió en la partida «3.50.» del anexo C-3"
    )


def test_text_is_compared_normalised_and_stored_as_the_catalogue_writes_it(cat, ot):
    linea = linea_de(
        cat.tuberia,
        anexo=" c-2 ",
        partida=2.1,  # a numeric cell, without the trailing dot
        concepto="  SUMINISTRO  de tuberia de\nacero de 8 pulgadas ",
        unidad="ml ",
    )
    resultado = importar(ot, libro_anexo(None, [linea, linea_de(cat.pue, anexo=None)]))

    assert not errores(resultado), resultado.informe.lineas()
    tuberia, pue = resultado.importacion.partidas.order_by("orden_fila")
    assert (tuberia.anexo, tuberia.id_partida, tuberia.descripcion_concepto) == ("C-2", "2.1.", cat.tuberia.descripcion)
    assert tuberia.unidad_medida == cat.unidad["ML"] and tuberia.concepto == cat.tuberia
    assert (pue.anexo, pue.id_partida, pue.concepto) == ("S/A", "C3EXT-0977", cat.pue)


def test_a_duplicated_catalogue_concept_is_a_warning_and_the_oldest_is_used(cat, ot):
    ConceptoMaestroFactory(
        sub_anexo=cat.c2, partida_ordinaria="2.1.", descripcion=cat.tuberia.descripcion, unidad_medida=cat.unidad["ML"]
    )
    resultado = importar(ot, libro_anexo(None, [linea_de(cat.tuberia)]))

    assert resultado.importacion.partidas.get().concepto == cat.tuberia
    aviso = resultado.informe.advertencias[0]
    assert aviso.mensaje.startswith("Posible duplicidad en el catálogo: 2 conceptos")
    assert (aviso.fila, aviso.columna) == (FILA_1, "B")


def test_codes_that_differ_only_in_the_trailing_dot_are_different_concepts(cat, ot):
    # The contract writes both `4.7` (a numeric cell) and `4.7.` with the same description and unit.
    sin_punto = ConceptoMaestroFactory(
        sub_anexo=cat.c2, partida_ordinaria="2.1", descripcion=cat.tuberia.descripcion, unidad_medida=cat.unidad["ML"]
    )
    lineas = [linea_de(cat.tuberia, volumen=1), linea_de(sin_punto, partida=2.1, volumen=2)]
    resultado = importar(ot, libro_anexo(None, lineas))

    assert not resultado.informe.advertencias and not resultado.informe.errores
    partidas = resultado.importacion.partidas.order_by("orden_fila")
    assert [(p.id_partida, p.concepto_id) for p in partidas] == [("2.1.", cat.tuberia.pk), ("2.1", sin_punto.pk)]


def test_a_cancelled_pue_is_loaded_with_a_warning(cat, ot):
    cat.pue.estatus = EstatusPUE.CANCELADA
    cat.pue.save()
    resultado = importar(ot, libro_anexo(None, [linea_de(cat.pue)]))
    assert resultado.informe.creadas == 1
    assert resultado.informe.advertencias[0].mensaje == "la PUE «C3EXT-0977» está CANCELADA en el catálogo"


# --- the workbook -----------------------------------------------------------------------------------------------


def test_a_missing_required_column_is_named(cat, ot):
    contenido = libro_anexo(None, [linea_de(cat.tuberia)], columnas=("anexo", "partida", "concepto", "unidad", "pu_mn"))
    resultado = importar(ot, contenido)
    assert errores(resultado) == [(None, "", "La hoja «ANEXO C OT» no tiene las columnas requeridas: VOLUMEN PTE.")]


def test_header_variants_are_accepted(cat, ot):
    contenido = libro_anexo(
        None,
        [linea_de(cat.tuberia)],
        encabezados={"pu_mn": "P.U.M.N.", "volumen": "Volumen\nPTE", "concepto": "Concepto"},
    )
    assert importar(ot, contenido).informe.creadas == 1


def test_the_annex_sheet_is_found_among_others_and_preferred_by_name(cat, ot):
    libro = openpyxl.Workbook()
    otra = libro.active
    otra.title = "Hoja1"
    otra.append(["ANEXO", "PARTIDA", "CONCEPTO", "UNIDAD", "VOLUMEN PTE", "P.U. M.N."])
    otra.append(["C-9", "9.9.", "Una tabla vieja", "PIEZA", 1, 1])
    anexo = libro.create_sheet("Recursos programados")
    anexo.append(["ANEXO", "PARTIDA", "CONCEPTO", "UNIDAD", "VOLUMEN PTE", "P.U. M.N."])
    anexo.append(["C-2", "2.1.", cat.tuberia.descripcion, "ML", 3, 0])
    salida = io.BytesIO()
    libro.save(salida)

    resultado = importar(ot, salida.getvalue())

    assert not errores(resultado)
    assert resultado.tabla.hoja == "Recursos programados"
    assert resultado.importacion.partidas.get().orden_fila == 2


def test_a_workbook_without_the_table_is_refused(ot):
    contenido = libro_anexo(None, [], columnas=("concepto", "unidad"))
    assert errores(importar(ot, contenido))[0][2] == (
        "La hoja «ANEXO C OT» no tiene las columnas requeridas: ANEXO, PARTIDA, VOLUMEN PTE, P.U. M.N."
    )
    assert (
        errores(importar(ot, b"PK\x03\x04 roto"))[0][2] == "El archivo no es un libro de Excel (.xlsx o .xlsm) válido."
    )
    assert errores(importar(ot, b""))[0][2] == "El archivo está vacío."


def test_blank_heading_and_total_rows_are_skipped(cat, ot):
    lineas = [
        {"concepto": "SERVICIO"},  # heading
        linea_de(cat.tuberia),
        {},  # blank
        linea_de(cat.buceo),
        {"concepto": "TOTAL ANEXO C-3", "pu_mn": 999},  # a subtotal: the lines after it are still read
        linea_de(cat.inspeccion),
        {"pu_usd": "TOTAL", "volumen": 12},
        {"partida": "Ciudad del Carmen, Campeche"},  # after the TOTAL: place, date, signatures
        {"concepto": "Ing. Responsable de la OT"},
    ]
    resultado = importar(ot, libro_anexo(None, lineas))
    assert not errores(resultado), resultado.informe.lineas()
    assert resultado.informe.creadas == 3


def test_a_line_with_code_but_no_unit_or_no_code_is_an_error(cat, ot):
    lineas = [linea_de(cat.tuberia, unidad=None), linea_de(cat.buceo, partida=None)]
    assert errores(importar(ot, libro_anexo(None, lineas))) == [
        (FILA_1, "D", "falta la UNIDAD de esta línea"),
        (FILA_1 + 1, "B", "falta la PARTIDA de esta línea"),
    ]


def test_a_line_twice_is_an_error(cat, ot):
    resultado = importar(ot, libro_anexo(None, [linea_de(cat.tuberia), linea_de(cat.buceo), linea_de(cat.tuberia)]))
    assert errores(resultado) == [(FILA_1 + 2, "B", "la partida «2.1.» del anexo C-2 ya está en la fila 5")]


def test_with_an_ok_column_only_rows_marked_ok_are_imported(cat, ot):
    columnas = ("ok", "anexo", "partida", "concepto", "unidad", "volumen", "pu_mn", "pu_usd")
    lineas = [
        linea_de(cat.tuberia, ok="OK"),
        linea_de(cat.buceo, ok=None),
        linea_de(cat.inspeccion, ok=" ok "),
        linea_de(cat.pue, ok="NO", partida="C3EXT-9999"),  # would fail; not marked, so not read at all
    ]
    resultado = importar(ot, libro_anexo(None, lineas, columnas=columnas))

    assert not errores(resultado), resultado.informe.lineas()
    assert set(resultado.importacion.partidas.values_list("id_partida", flat=True)) == {"2.1.", "3.2."}
    assert resultado.informe.advertencias[0].mensaje == "Se omitieron 2 filas sin «OK» en la columna A (OK)."


def test_day_columns_as_date_cells_or_text_hold_programmed_volumes(cat, ot):
    lineas = [
        linea_de(cat.tuberia, dias={DIA_1: Decimal("1.5"), DIA_3: 0}),
        linea_de(cat.buceo, dias={DIA_2: Decimal("0.000001")}),
    ]
    for como_texto in (False, True):
        PartidaProyectada.objects.all().delete()
        contenido = libro_anexo(None, lineas, fechas=[DIA_1, DIA_2, DIA_3], fechas_como_texto=como_texto)
        importar(ot, contenido)
        assert set(
            PartidaProyectada.objects.values_list("partida_anexo__id_partida", "fecha", "volumen_programado")
        ) == {
            ("2.1.", DIA_1, Decimal("1.5")),
            ("3.1.", DIA_2, Decimal("0.000001")),
        }


def test_invalid_programmed_volumes_are_errors_on_their_day_column(cat, ot):
    lineas = [linea_de(cat.tuberia, dias={DIA_1: Decimal("-1"), DIA_2: "mucho"})]
    resultado = importar(ot, libro_anexo(None, lineas, fechas=[DIA_1, DIA_2]))
    assert errores(resultado) == [
        (FILA_1, "H", "volumen programado negativo «-1»"),
        (FILA_1, "I", "número inválido «mucho»"),
    ]
    assert resultado.informe.errores[0].encabezado == "01/03/2025"


def test_the_same_day_twice_in_the_header_is_refused(cat, ot):
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.append(
        [
            "ANEXO",
            "PARTIDA",
            "CONCEPTO",
            "UNIDAD",
            "VOLUMEN PTE",
            "P.U. M.N.",
            datetime.datetime(2025, 3, 1),
            "01/03/2025",
        ]
    )
    salida = io.BytesIO()
    libro.save(salida)
    assert (
        errores(importar(ot, salida.getvalue()))[0][2]
        == "La fecha 01/03/2025 está en dos columnas (G y H); deje sólo una."
    )


# --- values -----------------------------------------------------------------------------------------------------


def test_volumes_must_be_non_negative_with_at_most_six_decimals(cat, ot):
    lineas = [
        linea_de(cat.tuberia, volumen=Decimal("-2")),
        linea_de(cat.buceo, volumen="1.1234567"),
        linea_de(cat.inspeccion, volumen="diez"),
    ]
    assert errores(importar(ot, libro_anexo(None, lineas))) == [
        (FILA_1, "E", "valor fuera de rango «-2» (mínimo 0)"),
        (FILA_1 + 1, "E", "«1.1234567» tiene más de 6 decimales"),
        (FILA_1 + 2, "E", "número inválido «diez»"),
    ]


def test_the_catalogue_price_wins_and_a_different_file_price_is_a_warning(cat, ot):
    lineas = [linea_de(cat.tuberia, pu_mn=Decimal("1600")), linea_de(cat.inspeccion, pu_mn="-", pu_usd="$1,250.50")]
    resultado = importar(ot, libro_anexo(None, lineas))

    tuberia, inspeccion = resultado.importacion.partidas.order_by("orden_fila")
    assert tuberia.precio_unitario_mn == Decimal("1500.5050")
    assert (inspeccion.precio_unitario_mn, inspeccion.precio_unitario_usd) == (Decimal("0"), Decimal("1250.50"))
    (aviso,) = resultado.informe.advertencias
    assert (aviso.fila, aviso.columna) == (FILA_1, "F")
    assert aviso.mensaje == "el P.U. del archivo (1600) difiere del catálogo (1500.505); se usó el del catálogo"


def test_a_file_price_with_more_than_four_decimals_is_an_error_when_it_is_used(cat, ot):
    assert unico_error(ot, linea_de(cat.inspeccion, pu_mn="10.12345")) == (
        FILA_1,
        "F",
        "«10.12345» tiene más de 4 decimales",
    )


def test_a_blank_volume_is_zero_with_a_warning(cat, ot):
    resultado = importar(ot, libro_anexo(None, [linea_de(cat.tuberia, volumen=None)]))
    assert resultado.importacion.partidas.get().volumen_proyectado == 0
    assert resultado.informe.advertencias[0].mensaje == "VOLUMEN PTE vacío: se tomó 0"


@pytest.mark.parametrize("tipo_cambio", ["0", "-1", "18.12345", "abc", "NaN", "100000000"])
def test_an_invalid_exchange_rate_is_refused(cat, ot, tipo_cambio):
    resultado = importar(ot, libro_anexo(None, [linea_de(cat.tuberia)]), tipo_cambio=tipo_cambio)
    assert errores(resultado)[0][2].startswith(f"Tipo de cambio inválido «{tipo_cambio}»")
    assert not ImportacionAnexo.objects.exists()


def test_an_unknown_mode_and_a_deleted_ot_are_refused(cat, ot):
    assert (
        "Modo de carga desconocido" in errores(importar(ot, libro_anexo(None, [linea_de(cat.tuberia)]), modo="X"))[0][2]
    )
    ot.estatus = EstatusRegistro.ELIMINADO
    ot.save()
    assert errores(importar(ot, libro_anexo(None, [linea_de(cat.tuberia)])))[0][2] == (
        "La OT está eliminada: no se le puede cargar un anexo."
    )


def test_an_empty_table_is_an_error(ot):
    assert (
        errores(importar(ot, libro_anexo(None, [{"concepto": "SERVICIO"}])))[0][2]
        == "El archivo no tiene líneas que importar."
    )


def test_a_dry_run_counts_everything_and_writes_nothing(cat, ot):
    resultado = importar(
        ot, libro_anexo(None, [linea_de(cat.tuberia, dias={DIA_1: 1})], fechas=[DIA_1]), simulacro=True
    )
    assert resultado.informe.creadas == 1 and resultado.informe.simulacro and not resultado.informe.escrito
    assert resultado.importacion is None
    assert not ImportacionAnexo.objects.exists() and not PartidaProyectada.objects.exists()


# --- update mode and versions -----------------------------------------------------------------------------------


def test_update_mode_replaces_the_days_of_the_lines_in_the_file_only(cat, ot):
    inicial = [linea_de(cat.tuberia, dias={DIA_1: 1}), linea_de(cat.buceo, dias={DIA_1: 2})]
    version = importar(ot, libro_anexo(None, inicial, fechas=[DIA_1])).importacion

    cambio = [linea_de(cat.tuberia, dias={DIA_2: 5})]
    resultado = importar(ot, libro_anexo(None, cambio, fechas=[DIA_1, DIA_2]), modo=ModoImportacionAnexo.ACTUALIZACION)

    assert (resultado.informe.actualizadas, resultado.informe.sin_cambios) == (1, 0)
    assert set(
        PartidaProyectada.objects.filter(partida_anexo__importacion_anexo=version).values_list(
            "partida_anexo__id_partida", "fecha", "volumen_programado"
        )
    ) == {("2.1.", DIA_2, Decimal("5")), ("3.1.", DIA_1, Decimal("2"))}

    sin_dias = importar(ot, libro_anexo(None, [linea_de(cat.tuberia)]), modo=ModoImportacionAnexo.ACTUALIZACION)
    assert sin_dias.informe.sin_cambios == 1
    assert PartidaProyectada.objects.filter(partida_anexo__id_partida="2.1.").count() == 1


def test_the_same_file_after_an_update_makes_a_new_version(cat, ot):
    contenido = libro_anexo(None, [linea_de(cat.tuberia)])
    primera = importar(ot, contenido).importacion
    importar(ot, libro_anexo(None, [linea_de(cat.tuberia, volumen=3)]), modo=ModoImportacionAnexo.ACTUALIZACION)

    otra = importar(ot, contenido).importacion

    assert otra.pk != primera.pk
    assert otra.partidas.get().volumen_proyectado == 10
    primera.refresh_from_db()
    assert len(primera.informe["actualizaciones"]) == 1


def test_a_long_file_name_is_kept_and_the_stored_copy_fits(cat, ot):
    nombre = "ANEXO C " + "RECURSOS PROGRAMADOS " * 8 + ".xlsx"
    contenido = libro_anexo(None, [linea_de(cat.tuberia)])
    version = anexo_ot_importar(ot=ot, archivo=io.BytesIO(contenido), nombre_archivo=nombre).importacion
    version.refresh_from_db()
    assert version.nombre_archivo == nombre
    assert len(version.archivo_excel.name) <= 100 and version.archivo_excel.read() == contenido


def test_versions_of_other_ots_are_left_alone(cat, ot):
    otra_ot = OTEFactory()
    de_otra = importar(otra_ot, libro_anexo(None, [linea_de(cat.buceo)])).importacion
    importar(ot, libro_anexo(None, [linea_de(cat.tuberia)]))
    importar(ot, libro_anexo(None, [linea_de(cat.tuberia, volumen=2)]))
    de_otra.refresh_from_db()
    assert de_otra.es_activo
    assert PartidaAnexoImportada.objects.filter(importacion_anexo__ot=ot).count() == 2
