"""The shared import framework: cell readers, headers by name, row validation, all-or-nothing writes, report."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django import forms

from core.actividad import actividad_registrar_lote
from core.importacion import (
    COLUMNA_OBSERVACIONES,
    ArchivoInvalido,
    CampoCodigo,
    CampoDecimal,
    CampoEntero,
    CampoFecha,
    Columna,
    InformeImportacion,
    Problema,
    ValorInvalido,
    ejecutar_escritura,
    es_vacio,
    leer_codigo,
    leer_decimal,
    leer_entero,
    leer_fecha,
    leer_tabla,
    leer_texto,
    libro_errores,
    limpiar_texto,
    normalizar_encabezado,
    validar_fila,
)
from core.models import Evento, RegistroActividad
from operaciones.catalogos.models import ResponsableProyecto


def _libro(tmp_path, filas, nombre="datos.xlsx", hoja="Datos"):
    libro = openpyxl.Workbook()
    ws = libro.active
    ws.title = hoja
    for fila in filas:
        ws.append(fila)
    ruta = tmp_path / nombre
    libro.save(ruta)
    return ruta


# --- headers ----------------------------------------------------------------------------------------------------


def test_header_names_are_compared_without_case_accents_spaces_or_line_breaks():
    assert normalizar_encabezado("  Fecha\nInicio_Programádo ") == "FECHA INICIO PROGRAMADO"
    assert normalizar_encabezado("fecha_inicio_programado") == normalizar_encabezado("FECHA  INICIO\r\nPROGRAMADO")
    assert normalizar_encabezado("P.U. M.N.") == normalizar_encabezado("P.U.M.N.")
    assert normalizar_encabezado(None) == ""


def test_columns_are_found_by_name_in_any_order_below_title_rows(tmp_path):
    ruta = _libro(
        tmp_path,
        [
            ["Reporte de OTs"],
            [],
            ["Monto", "Descripción\nDel Trabajo", "otra", "FOLIO"],
            ["10.5", "Trabajo A", "x", "OT-1"],
            [None, None, None, None],
            [None, "Trabajo B", None, "OT-2"],
        ],
    )
    columnas = [
        Columna("folio", requerida=True),
        Columna("descripcion", ("descripcion del trabajo",)),
        Columna("monto"),
    ]
    tabla = leer_tabla(ruta, columnas)
    assert tabla.hoja == "Datos"
    assert tabla.ubicacion("folio").letra == "D" and tabla.ubicacion("folio").encabezado == "FOLIO"
    assert tabla.ubicacion("descripcion").letra == "B"
    assert [f.numero for f in tabla.filas] == [4, 6]  # Excel row numbers; the blank row is skipped
    assert tabla.valores(tabla.filas[1]) == {"folio": "OT-2", "descripcion": "Trabajo B", "monto": None}


def test_missing_required_columns_are_named(tmp_path):
    ruta = _libro(tmp_path, [["folio", "fecha"], ["A", None]])
    columnas = [
        Columna("folio", requerida=True),
        Columna("id_tipo_id", requerida=True),
        Columna("ot_principal", requerida=True),
    ]
    with pytest.raises(ArchivoInvalido, match="no tiene las columnas requeridas: id_tipo_id, ot_principal"):
        leer_tabla(ruta, columnas)


def test_a_later_sheet_with_the_headers_is_used(tmp_path):
    libro = openpyxl.Workbook()
    libro.active.append(["notas"])
    libro.create_sheet("Hoja2").append(["folio"])
    libro["Hoja2"].append(["OT-9"])
    ruta = tmp_path / "dos.xlsx"
    libro.save(ruta)
    tabla = leer_tabla(ruta, [Columna("folio", requerida=True)])
    assert tabla.hoja == "Hoja2" and tabla.valores(tabla.filas[0]) == {"folio": "OT-9"}


def test_files_that_are_not_workbooks_are_refused_in_spanish(tmp_path):
    vacio = tmp_path / "vacio.xlsx"
    vacio.write_bytes(b"")
    texto = tmp_path / "texto.xlsx"
    texto.write_text("orden_trabajo,id_tipo_id\nOT-1,4\n")
    columnas = [Columna("folio", requerida=True)]
    with pytest.raises(ArchivoInvalido, match="El archivo está vacío"):
        leer_tabla(vacio, columnas)
    with pytest.raises(ArchivoInvalido, match=r"no es un libro de Excel \(.xlsx\) válido"):
        leer_tabla(texto, columnas)
    with pytest.raises(ArchivoInvalido, match="está vacía"):
        leer_tabla(_libro(tmp_path, []), columnas)
    with pytest.raises(ArchivoInvalido, match="El archivo está vacío"):
        leer_tabla(io.BytesIO(b""), columnas)


# --- cell readers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (datetime.datetime(2023, 4, 17, 0, 0), datetime.date(2023, 4, 17)),
        (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
        ("17/04/2023", datetime.date(2023, 4, 17)),
        ("7/4/23", datetime.date(2023, 4, 7)),
        ("2023-04-17", datetime.date(2023, 4, 17)),
        ("2023-04-17 00:00:00", datetime.date(2023, 4, 17)),
        ("17/04/2023 13:45", datetime.date(2023, 4, 17)),
        ("  ", None),
        (None, None),
    ],
)
def test_dates_come_from_date_cells_or_text(valor, esperado):
    assert leer_fecha(valor) == esperado


@pytest.mark.parametrize(
    ("valor", "mensaje"),
    [
        ("13/112023", "fecha inválida «13/112023»"),
        ("15/04/204", "fecha inválida «15/04/204»"),
        ("31/02/2023", "fecha inválida «31/02/2023»"),
        ("01/01/1850", "fecha fuera de rango «01/01/1850»"),
        ("mañana", "fecha inválida «mañana»"),
        (45000, "fecha inválida «45000»"),
    ],
)
def test_malformed_dates_are_rejected_with_the_value(valor, mensaje):
    with pytest.raises(ValorInvalido, match=mensaje):
        leer_fecha(valor)


def test_decimals_are_built_from_the_cell_text_never_from_float_bits():
    assert leer_decimal(8971698.43) == Decimal("8971698.43")
    assert str(leer_decimal(0.1)) == "0.1"
    assert leer_decimal(12) == Decimal(12)
    assert leer_decimal(" $1,234.50 ") == Decimal("1234.50")
    assert leer_decimal("-3.25") == Decimal("-3.25")
    assert leer_decimal("") is None
    for malo in ("abc", "1.2.3", True, float("nan")):
        with pytest.raises(ValorInvalido, match="número inválido"):
            leer_decimal(malo)


def test_codes_stay_text_and_floats_keep_their_short_form():
    assert leer_codigo("4.10.") == "4.10."
    assert leer_codigo(" BME-3801-015-2023 ") == "BME-3801-015-2023"
    assert leer_codigo(4.4) == "4.4"
    assert leer_codigo(4.0) == "4"
    assert leer_codigo(7) == "7"
    assert leer_codigo(None) is None


def test_integers_from_int_integral_float_or_text():
    assert leer_entero(4) == 4
    assert leer_entero(4.0) == 4
    assert leer_entero(" 12 ") == 12
    assert leer_entero("4.0") == 4
    assert leer_entero("-1") == -1
    for malo in (4.5, "4,5", "diez", True):
        with pytest.raises(ValorInvalido, match="número entero inválido"):
            leer_entero(malo)


def test_text_is_trimmed_of_wrapping_newlines_spaces_and_quotes():
    assert limpiar_texto('\n"REFORZAMIENTO DE DUCTO"\n') == "REFORZAMIENTO DE DUCTO"
    assert limpiar_texto("\n“INSTALACIÓN”\n") == "INSTALACIÓN"
    # quotes that do not wrap the whole text are part of it
    assert limpiar_texto('\n"DUCTO A-A2" (FASE 1)\n') == '"DUCTO A-A2" (FASE 1)'
    assert limpiar_texto('"A" y "B"') == '"A" y "B"'
    assert leer_texto("  \n ") is None
    assert es_vacio("  ") and es_vacio(None) and not es_vacio(0)


# --- row validation and the report ------------------------------------------------------------------------------


class FilaPrueba(forms.Form):
    folio = CampoCodigo(required=True)
    fecha = CampoFecha()
    monto = CampoDecimal(min_value=Decimal(0))
    estatus = CampoEntero(opciones=(-1, 0, 1))


def _tabla(tmp_path, *filas):
    ruta = _libro(tmp_path, [["folio", "fecha", "monto", "estatus"], *filas])
    return leer_tabla(ruta, [Columna("folio", requerida=True), Columna("fecha"), Columna("monto"), Columna("estatus")])


def test_row_errors_name_row_column_and_header(tmp_path):
    tabla = _tabla(tmp_path, ["OT-1", "13/112023", "-5", 10], [None, "01/01/2024", 1, 1])
    informe = InformeImportacion()
    resultados = [validar_fila(FilaPrueba(data=tabla.valores(f)), tabla, f, informe) for f in tabla.filas]
    assert resultados == [None, None]
    assert [str(p) for p in sorted(informe.errores, key=Problema.orden)] == [
        "fila 2, columna B (fecha): fecha inválida «13/112023» (use dd/mm/aaaa)",
        "fila 2, columna C (monto): valor fuera de rango «-5» (mínimo 0)",
        "fila 2, columna D (estatus): valor fuera de rango «10» (se admite: -1, 0, 1)",
        "fila 3, columna A (folio): dato requerido vacío",
    ]


def test_omitting_invalid_cells_leaves_them_empty_with_a_warning(tmp_path):
    tabla = _tabla(tmp_path, ["OT-1", "13/112023", "12.50", None], [None, None, "3", None])
    informe = InformeImportacion()
    buena, mala = (
        validar_fila(FilaPrueba(data=tabla.valores(f)), tabla, f, informe, omitir_invalidos=True) for f in tabla.filas
    )
    assert buena.datos == {"folio": "OT-1", "fecha": None, "monto": Decimal("12.50"), "estatus": None}
    assert buena.omitidos == {"fecha"}
    assert [str(p) for p in informe.advertencias] == [
        "fila 2, columna B (fecha): fecha inválida «13/112023» (use dd/mm/aaaa); se dejó vacío"
    ]
    assert mala is None  # a required column is never omitted
    assert informe.resumen() == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=1 errores=1"
    assert informe.lineas()[-1] == informe.resumen()


def test_writes_happen_only_without_errors_and_a_dry_run_rolls_back(db):
    def escribir():
        ResponsableProyecto.objects.create(descripcion="Líder de prueba de importación")
        informe.creadas += 1

    informe = InformeImportacion()
    informe.error("algo falló", fila=3)
    ejecutar_escritura(informe, escribir)
    assert informe.creadas == 0 and not informe.escrito

    informe = InformeImportacion()
    ejecutar_escritura(informe, escribir, simulacro=True)
    assert informe.creadas == 1 and not informe.escrito
    assert not ResponsableProyecto.objects.filter(descripcion="Líder de prueba de importación").exists()
    assert "Simulacro" in informe.lineas()[-2]

    informe = InformeImportacion()
    ejecutar_escritura(informe, escribir)
    assert informe.escrito
    assert ResponsableProyecto.objects.filter(descripcion="Líder de prueba de importación").count() == 1


def test_import_activity_is_logged_in_one_insert(db, django_assert_num_queries, admin):
    with django_assert_num_queries(1):
        filas = actividad_registrar_lote(
            usuario=admin,
            entidad="OT",
            evento=Evento.IMPORTAR,
            registros=[(1, None, "Creada por importación"), (2, {"oficio_ot": ("A", "B"), "plazo_dias": (3, 4)}, "x")],
        )
    assert len(filas) == 3
    assert set(RegistroActividad.objects.values_list("evento", flat=True)) == {Evento.IMPORTAR}
    cambio = RegistroActividad.objects.get(registro_id=2, campo="plazo_dias")
    assert (cambio.valor_anterior, cambio.valor_actual, cambio.usuario) == ("3", "4", admin)


def test_error_workbook_has_every_row_with_its_observations_first(tmp_path):
    tabla = _tabla(tmp_path, ["4.10.", "13/112023", 4.4, 1], ["OT-2", datetime.datetime(2024, 1, 5), 10, 1])
    informe = InformeImportacion()
    for fila in tabla.filas:
        validar_fila(FilaPrueba(data=tabla.valores(fila)), tabla, fila, informe)
    hoja = openpyxl.load_workbook(io.BytesIO(libro_errores(tabla, informe))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0] == (COLUMNA_OBSERVACIONES, "FILA", "folio", "fecha", "monto", "estatus")
    assert filas[1][0] == "ERROR: columna B (fecha): fecha inválida «13/112023» (use dd/mm/aaaa)"
    assert filas[1][1:] == (2, "4.10.", "13/112023", 4.4, 1)
    assert filas[2][0] is None and filas[2][3] == datetime.datetime(2024, 1, 5)
    assert libro_errores(tabla, InformeImportacion()) is None
