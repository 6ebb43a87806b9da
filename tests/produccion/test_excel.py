"""Excel of the month production sheet: what the export contains, and the import of the same layout."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import Evento, RegistroActividad
from operaciones.produccion.excel import FILA_ENCABEZADO
from operaciones.produccion.excel_importar import ENTIDAD_IMPORTACION, hoja_importar
from operaciones.produccion.models import Produccion, TipoTiempo
from operaciones.produccion.services import produccion_guardar_hoja
from tests.produccion.datos import cuerpo_hoja, familia_con_anexo, firmar_dia, valores_mes

pytestmark = pytest.mark.django_db

URL_EXPORTAR = reverse("produccion:exportar_hoja")
URL_IMPORTAR = reverse("produccion:importar_hoja")
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
FILA_TITULOS = FILA_ENCABEZADO + 1  # Excel row of the table header
COLUMNAS_FIJAS = 7  # ANEXO … P.U. USD; day 1 is the 8th column (H)
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parametros(familia, **extra):
    return {"id_ot": familia.ot.pk, "mes": 3, "anio": 2025, "tipo_tiempo": "TE", "id_sitio": familia.sitio.pk, **extra}


def exportar(cliente, familia, **extra):
    return cliente.get(URL_EXPORTAR, parametros(familia, **extra))


def importar(cliente, familia, contenido: bytes, nombre="hoja.xlsx", **extra):
    archivo = SimpleUploadedFile(nombre, contenido, content_type=TIPO_XLSX)
    return cliente.post(URL_IMPORTAR, {**parametros(familia, **extra), "archivo": archivo})


def abrir(contenido: bytes):
    return openpyxl.load_workbook(io.BytesIO(contenido))


def guardar_libro(libro) -> bytes:
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def capturar(familia, usuario, valores=None, *, tipo_tiempo="TE", partidas=None):
    cuerpo = cuerpo_hoja(familia, valores=valores, tipo_tiempo=tipo_tiempo, partidas=partidas)
    return produccion_guardar_hoja(
        ot=familia.ot,
        mes=3,
        anio=2025,
        tipo_tiempo=tipo_tiempo,
        sitio=familia.sitio,
        partidas=cuerpo["partidas"],
        usuario=usuario,
    )


def encabezados(hoja) -> list:
    return [c.value for c in hoja[FILA_TITULOS]]


def columna_de(hoja, titulo) -> int:
    """1-based column of a header (a text, or a date for a day)."""
    return encabezados(hoja).index(titulo) + 1


def fila_de_id(hoja, ident: int) -> int:
    columna = columna_de(hoja, "ID")
    for numero in range(FILA_TITULOS + 1, hoja.max_row + 1):
        if hoja.cell(numero, columna).value == ident:
            return numero
    raise AssertionError(f"ID {ident} no está en la hoja")


def letra_dia(dia: int) -> str:
    return openpyxl.utils.get_column_letter(COLUMNAS_FIJAS + dia)


def volumenes(familia, tipo_tiempo="TE") -> dict:
    filas = Produccion.objects.filter(id_partida_anexo__in=familia.partidas, tipo_tiempo=tipo_tiempo)
    return {(p.id_partida_anexo_id, p.fecha_produccion.day): p.volumen_produccion for p in filas}


@pytest.fixture
def familia():
    return familia_con_anexo(3)


# --- Export ---------------------------------------------------------------------------------------------------------


def test_export_has_header_block_table_subtotals_and_hidden_ids(cliente_lector, familia, admin):
    c2_1, c3_1, c2_2 = familia.partidas  # conceptos_crear alternates C-2, C-3
    capturar(familia, admin, valores_mes(3, 2025, "1.5"), partidas=[c2_1, c3_1])
    capturar(familia, admin, valores_mes(3, 2025, "0.25"), tipo_tiempo="CMA", partidas=[c2_1])
    firmar_dia(familia.ot, familia.sitio, date(2025, 3, 5))

    respuesta = exportar(cliente_lector, familia)

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == TIPO_XLSX
    assert f'filename="Produccion_{familia.ot.orden_trabajo}_TE_2025-03.xlsx"' in respuesta["Content-Disposition"]
    libro = abrir(respuesta.content)
    assert libro.sheetnames == ["Producción TE", "Resumen"]
    hoja = libro["Producción TE"]
    bloque = {hoja.cell(f, 1).value: hoja.cell(f, 3).value for f in range(2, 8)}
    assert bloque["OT:"] == familia.ot.orden_trabajo
    assert bloque["Sitio:"] == str(familia.sitio)
    assert bloque["Mes:"] == "Marzo 2025"
    assert bloque["Tipo de tiempo:"].startswith("TE")
    assert bloque["Exportado:"].endswith("por Luis Lector")
    assert bloque["Días bloqueados:"].startswith("5 ")

    titulos = encabezados(hoja)
    assert titulos[:COLUMNAS_FIJAS] == [
        "ANEXO",
        "PARTIDA",
        "CONCEPTO",
        "UNIDAD",
        "VOL. AUTORIZADO",
        "P.U. M.N.",
        "P.U. USD",
    ]
    assert titulos[COLUMNAS_FIJAS : COLUMNAS_FIJAS + 31] == [datetime(2025, 3, d) for d in range(1, 32)]
    assert titulos[COLUMNAS_FIJAS + 31 :] == ["ACUMULADO MES", "IMPORTE M.N.", "IMPORTE USD", "ID"]
    columna_id = openpyxl.utils.get_column_letter(len(titulos))
    assert hoja.column_dimensions[columna_id].hidden

    # Anexo C-2: its subtotal row first, then its concepts in code order; then C-3.
    filas = [[c.value for c in fila] for fila in hoja.iter_rows(min_row=FILA_TITULOS + 1)]
    assert [(f[0], f[1], f[-1]) for f in filas] == [
        ("C-2", None, None),
        ("C-2", "2.1.", c2_1.pk),
        ("C-2", "2.2.", c2_2.pk),
        ("C-3", None, None),
        ("C-3", "3.1.", c3_1.pk),
    ]
    subtotal_c2, concepto, vacio = filas[0], filas[1], filas[2]
    assert subtotal_c2[2] == "TOTAL ANEXO: C-2"
    assert subtotal_c2[COLUMNAS_FIJAS] == 1.5  # the TE sheet sums the TE volumes of the day
    assert concepto[2:COLUMNAS_FIJAS] == [c2_1.descripcion_concepto, str(c2_1.unidad_medida), 100, 10.5, 1.25]
    assert concepto[COLUMNAS_FIJAS : COLUMNAS_FIJAS + 31] == [1.5] * 31
    # ACUMULADO MES is TE + CMA of the month (as on screen): 31 × 1.75; amounts at the line's prices.
    assert concepto[COLUMNAS_FIJAS + 31 : COLUMNAS_FIJAS + 34] == [54.25, 569.63, 67.81]
    assert subtotal_c2[COLUMNAS_FIJAS + 31 : COLUMNAS_FIJAS + 34] == [54.25, 569.63, 67.81]
    assert vacio[COLUMNAS_FIJAS : COLUMNAS_FIJAS + 31] == [None] * 31
    assert isinstance(hoja.cell(fila_de_id(hoja, c2_1.pk), 2).value, str)

    gris = "FFD9D9D9"
    assert hoja[f"{letra_dia(5)}{fila_de_id(hoja, c2_1.pk)}"].fill.fgColor.rgb == gris
    assert hoja[f"{letra_dia(6)}{fila_de_id(hoja, c2_1.pk)}"].fill.fgColor.rgb != gris

    resumen = {fila[0]: fila[1:3] for fila in libro["Resumen"].iter_rows(min_row=3, max_row=6, values_only=True)}
    assert resumen["Autorizado"] == (3150, 375)  # 3 lines × 100 × 10.50 / 1.25
    assert resumen["Producción del mes"] == (1057.88, 125.94)  # each row rounded to cents, then summed
    motivos = [f for f in libro["Resumen"].iter_rows(values_only=True) if f and f[0] == 5]
    assert motivos[0][3] == "Reporte diario firmado"


def test_export_of_the_cma_sheet_shows_cma_values(cliente_lector, familia, admin):
    capturar(familia, admin, valores_mes(3, 2025, "2"), tipo_tiempo="CMA", partidas=familia.partidas[:1])
    hoja = abrir(exportar(cliente_lector, familia, tipo_tiempo="CMA").content)["Producción CMA"]
    fila = fila_de_id(hoja, familia.partidas[0].pk)
    assert hoja[f"{letra_dia(1)}{fila}"].value == 2
    assert hoja.cell(5, 1).value == "Tipo de tiempo:"
    assert hoja.cell(5, 3).value == "CMA — Costo mínimo aplicado"
    assert hoja.title == "Producción CMA"


def test_export_keeps_six_decimals_and_nine_integer_digits_exactly(cliente_lector, familia, admin):
    valores = [None] * 31
    valores[0], valores[1] = "123456789.123456", "0.000001"
    capturar(familia, admin, valores, partidas=familia.partidas[:1])
    hoja = abrir(exportar(cliente_lector, familia).content).active
    fila = fila_de_id(hoja, familia.partidas[0].pk)
    assert Decimal(str(hoja[f"H{fila}"].value)) == Decimal("123456789.123456")
    assert Decimal(str(hoja[f"I{fila}"].value)) == Decimal("0.000001")


def test_export_issues_the_same_queries_for_3_and_for_30_concepts(cliente_lector, admin, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cuentas = []
    for n in (3, 30):
        fam = familia_con_anexo(n)
        capturar(fam, admin)
        exportar(cliente_lector, fam)  # the session's last-activity write happens on the first request only
        with CaptureQueriesContext(connection) as consultas:
            assert exportar(cliente_lector, fam).status_code == 200
        cuentas.append(len(consultas))
    assert cuentas[0] == cuentas[1]
    with django_assert_num_queries(cuentas[0]):
        exportar(cliente_lector, fam)


# --- Import: round trip and changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("tipo_tiempo", ["TE", "CMA"])
def test_untouched_export_imports_with_no_change(cliente_capturista, familia, admin, tipo_tiempo):
    capturar(familia, admin, valores_mes(3, 2025, "1.123456"))
    capturar(familia, admin, valores_mes(3, 2025, "7"), tipo_tiempo="CMA", partidas=familia.partidas[:1])
    firmar_dia(familia.ot, familia.sitio, date(2025, 3, 5))
    antes = {tipo: volumenes(familia, tipo) for tipo in ("TE", "CMA")}
    contenido = exportar(cliente_capturista, familia, tipo_tiempo=tipo_tiempo).content

    respuesta = importar(cliente_capturista, familia, contenido, tipo_tiempo=tipo_tiempo)

    assert respuesta.status_code == 200, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True
    assert (cuerpo["creadas"], cuerpo["actualizadas"], cuerpo["eliminadas"]) == (0, 0, 0)
    assert cuerpo["sin_cambios"] == (3 * 31 if tipo_tiempo == "TE" else 31)
    assert cuerpo["errores"] == []
    assert cuerpo["detalles"].startswith("Sin cambios")
    assert {tipo: volumenes(familia, tipo) for tipo in ("TE", "CMA")} == antes
    assert not RegistroActividad.objects.filter(evento=Evento.IMPORTAR).exists()


def test_import_creates_updates_and_deletes_cells_in_one_go(cliente_capturista, familia, admin):
    a, b, c = familia.partidas
    capturar(familia, admin, valores_mes(3, 2025, "1"), partidas=[a, b])
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    hoja[f"{letra_dia(2)}{fila_de_id(hoja, a.pk)}"] = 4.5  # update
    hoja[f"{letra_dia(3)}{fila_de_id(hoja, a.pk)}"] = None  # delete
    hoja[f"{letra_dia(4)}{fila_de_id(hoja, c.pk)}"] = "2.25"  # create, typed as text
    hoja[f"{letra_dia(5)}{fila_de_id(hoja, c.pk)}"] = 0.1  # create

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 200, respuesta.json()
    cuerpo = respuesta.json()
    assert (cuerpo["creadas"], cuerpo["actualizadas"], cuerpo["eliminadas"]) == (2, 1, 1)
    assert cuerpo["sin_cambios"] == 2 * 31 - 2
    ahora = volumenes(familia)
    assert ahora[(a.pk, 2)] == Decimal("4.5")
    assert (a.pk, 3) not in ahora
    assert ahora[(c.pk, 4)] == Decimal("2.25")
    assert ahora[(c.pk, 5)] == Decimal("0.1")
    assert ahora[(b.pk, 1)] == Decimal("1")
    registro = RegistroActividad.objects.get(evento=Evento.IMPORTAR, afectacion=ENTIDAD_IMPORTACION)
    assert "«hoja.xlsx»" in registro.detalle and "2 nuevas, 1 modificadas, 1 eliminadas" in registro.detalle
    assert registro.usuario.username == "capturista"


def test_dry_run_reports_the_changes_and_writes_nothing(cliente_capturista, familia, admin):
    capturar(familia, admin, valores_mes(3, 2025, "1"), partidas=familia.partidas[:1])
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    hoja[f"{letra_dia(1)}{fila_de_id(hoja, familia.partidas[1].pk)}"] = 3
    hoja[f"{letra_dia(1)}{fila_de_id(hoja, familia.partidas[0].pk)}"] = 2
    antes = volumenes(familia)

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro), dry_run="true")

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert (cuerpo["creadas"], cuerpo["actualizadas"], cuerpo["simulacro"], cuerpo["escrito"]) == (1, 1, True, False)
    assert cuerpo["detalles"].startswith("Simulacro")
    assert volumenes(familia) == antes
    assert not RegistroActividad.objects.filter(evento=Evento.IMPORTAR).exists()


def test_rows_without_id_map_by_anexo_partida_and_concepto(cliente_capturista, familia, admin):
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    columna_id = columna_de(hoja, "ID")
    objetivo = familia.partidas[2]
    fila = fila_de_id(hoja, objetivo.pk)
    for numero in range(FILA_TITULOS + 1, hoja.max_row + 1):
        hoja.cell(numero, columna_id).value = None
    hoja[f"{letra_dia(10)}{fila}"] = 8

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 200, respuesta.json()
    assert volumenes(familia) == {(objetivo.pk, 10): Decimal("8")}


def test_days_missing_from_the_file_keep_their_stored_value(cliente_capturista, familia, admin):
    capturar(familia, admin, valores_mes(3, 2025, "1"))
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    hoja.delete_cols(COLUMNAS_FIJAS + 3, 5)  # days 3 to 7 removed by the user
    antes = volumenes(familia)

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["creadas"] + respuesta.json()["eliminadas"] == 0
    assert volumenes(familia) == antes


# --- Import: errors -------------------------------------------------------------------------------------------------


def test_import_errors_name_the_excel_row_and_column_and_nothing_is_written(cliente_capturista, familia, admin):
    a, b, c = familia.partidas
    capturar(familia, admin, valores_mes(3, 2025, "1"), partidas=[a])
    firmar_dia(familia.ot, familia.sitio, date(2025, 3, 5))
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    fa, fb, fc = (fila_de_id(hoja, p.pk) for p in (a, b, c))
    hoja[f"{letra_dia(1)}{fb}"] = 2  # valid: must not be written because of the errors below
    hoja[f"{letra_dia(2)}{fa}"] = "abc"
    hoja[f"{letra_dia(3)}{fb}"] = -1
    hoja[f"{letra_dia(5)}{fa}"] = 9  # blocked day changed
    hoja[f"{letra_dia(4)}{fc}"] = "1.1234567"  # 7 decimals
    columna_id = openpyxl.utils.get_column_letter(columna_de(hoja, "ID"))
    nueva = hoja.max_row + 1
    hoja[f"A{nueva}"], hoja[f"B{nueva}"], hoja[f"C{nueva}"] = "C-9", "9.9.", "NO EXISTE"
    otra = nueva + 1
    hoja[f"A{otra}"], hoja[f"B{otra}"], hoja[f"{columna_id}{otra}"] = "C-2", "2.1.", 99_999_999
    antes = volumenes(familia)

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False
    lugares = {(e["fila"], e["columna"]): e["mensaje"] for e in cuerpo["errores"]}
    assert "número inválido" in lugares[(fa, letra_dia(2))]
    assert "negativo" in lugares[(fb, letra_dia(3))]
    assert "bloqueado" in lugares[(fa, letra_dia(5))]
    assert "decimales" in lugares[(fc, letra_dia(4))]
    assert "desconocido" in lugares[(nueva, "B")]
    assert "99999999" in lugares[(otra, columna_id)]
    assert len(cuerpo["errores"]) == 6
    assert cuerpo["detalles"].startswith("No se importó nada: el archivo tiene 6 errores")
    assert volumenes(familia) == antes


def test_an_unchanged_value_on_a_blocked_day_is_accepted(cliente_capturista, familia, admin):
    capturar(familia, admin, valores_mes(3, 2025, "1"), partidas=familia.partidas[:1])
    firmar_dia(familia.ot, familia.sitio, date(2025, 3, 5))
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    hoja[f"{letra_dia(6)}{fila_de_id(hoja, familia.partidas[0].pk)}"] = 3

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["actualizadas"] == 1


def test_a_day_column_outside_the_month_is_refused_naming_the_column(cliente_capturista, familia):
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    hoja[f"{letra_dia(3)}{FILA_TITULOS}"] = datetime(2025, 4, 3)

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 400
    error = respuesta.json()["errores"][0]
    assert (error["fila"], error["columna"]) == (FILA_TITULOS, letra_dia(3))
    assert error["mensaje"] == f"la fecha 03/04/2025 de la columna {letra_dia(3)} no es de marzo 2025"


def test_a_file_of_the_other_time_type_or_month_is_refused(cliente_capturista, familia):
    contenido = exportar(cliente_capturista, familia).content  # TE, March

    tipo = importar(cliente_capturista, familia, contenido, tipo_tiempo="CMA")
    mes = importar(cliente_capturista, familia, contenido, mes=4)

    assert tipo.status_code == 400
    assert any(e["fila"] == 5 and "TE" in e["mensaje"] for e in tipo.json()["errores"])
    assert mes.status_code == 400
    assert len(mes.json()["errores"]) == 31  # every day column names itself


def test_repeated_rows_and_rows_without_partida_are_errors(cliente_capturista, familia):
    libro = abrir(exportar(cliente_capturista, familia).content)
    hoja = libro.active
    fila = fila_de_id(hoja, familia.partidas[0].pk)
    copia = hoja.max_row + 1
    for columna in range(1, hoja.max_column + 1):
        hoja.cell(copia, columna).value = hoja.cell(fila, columna).value
    hoja.cell(copia + 1, 3).value = "UNA NOTA SUELTA"

    respuesta = importar(cliente_capturista, familia, guardar_libro(libro))

    assert respuesta.status_code == 400
    mensajes = {e["fila"]: e["mensaje"] for e in respuesta.json()["errores"]}
    assert f"ya viene en la fila {fila}" in mensajes[copia]
    assert "no tiene PARTIDA ni ID" in mensajes[copia + 1]


def test_import_service_can_be_called_without_a_request(familia, admin):
    """The same function the view uses, fed bytes (as a command or a job would)."""
    from operaciones.produccion.excel import hoja_exportar

    capturar(familia, admin, valores_mes(3, 2025, "2"))
    _, contenido = hoja_exportar(ot=familia.ot, sitio=familia.sitio, mes=3, anio=2025, tipo_tiempo=TipoTiempo.TE)
    resultado = hoja_importar(
        ot=familia.ot, sitio=familia.sitio, mes=3, anio=2025, tipo_tiempo="TE", archivo=contenido, usuario=admin
    )
    assert resultado.resumen() == "creadas=0 actualizadas=0 eliminadas=0 sin_cambios=93 advertencias=0 errores=0"


# --- Junk files and access ------------------------------------------------------------------------------------------


def _xlsx_sin_tabla() -> bytes:
    libro = openpyxl.Workbook()
    libro.active["A1"] = "hola"
    return guardar_libro(libro)


def _xlsx_sin_dias() -> bytes:
    libro = openpyxl.Workbook()
    libro.active.append(["ANEXO", "PARTIDA", "CONCEPTO", "ID"])
    libro.active.append(["C-2", "2.1.", "X", 1])
    return guardar_libro(libro)


@pytest.mark.parametrize(
    ("nombre", "contenido"),
    [
        ("hoja.xlsx", b""),
        ("hoja.xlsx", b"esto no es un libro"),
        ("hoja.xlsx", b"PK\x03\x04" + b"\x00" * 200),
        ("hoja.csv", b"ANEXO,PARTIDA\n"),
        ("hoja.xlsx", None),
        ("hoja.xlsx", "sin_dias"),
        ("hoja.xlsx", "vacia"),
    ],
)
def test_junk_files_are_refused_with_400_never_500(cliente_capturista, familia, nombre, contenido):
    if contenido is None:
        contenido = _xlsx_sin_tabla()
    elif contenido == "sin_dias":
        contenido = _xlsx_sin_dias()
    elif contenido == "vacia":
        contenido = guardar_libro(openpyxl.Workbook())

    respuesta = importar(cliente_capturista, familia, contenido, nombre=nombre)

    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["errores"]
    assert cuerpo["detalles"]


def test_files_over_10_mb_are_refused(cliente_capturista, familia):
    respuesta = importar(cliente_capturista, familia, b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024))
    assert respuesta.status_code == 400
    assert "10 MB" in respuesta.json()["errores"]["archivo"][0]


def test_import_without_file_or_with_bad_parameters_answers_form_errors(cliente_capturista, familia):
    respuesta = cliente_capturista.post(URL_IMPORTAR, {"id_ot": "x", "mes": 13, "anio": 2025, "id_sitio": 1})
    assert respuesta.status_code == 400
    assert {"id_ot", "mes", "archivo"} <= set(respuesta.json()["errores"])


def test_export_refuses_bad_parameters_and_unknown_ot_or_site(cliente_lector, familia):
    assert exportar(cliente_lector, familia, mes=13).status_code == 400
    assert exportar(cliente_lector, familia, tipo_tiempo="XX").status_code == 400
    assert exportar(cliente_lector, familia, id_ot=99_999_999).status_code == 404
    assert exportar(cliente_lector, familia, id_sitio=99_999_999).status_code == 404
    assert importar(cliente_lector, familia, b"x").status_code == 403


def test_access_rules_of_export_and_import(cliente_externo, familia):
    anonimo = Client()
    assert anonimo.get(URL_EXPORTAR, parametros(familia)).status_code == 302
    assert anonimo.get(URL_EXPORTAR, parametros(familia), **XHR).status_code == 401
    assert anonimo.post(URL_IMPORTAR, parametros(familia)).status_code in (302, 401)
    assert exportar(cliente_externo, familia).status_code == 403
    assert importar(cliente_externo, familia, _xlsx_sin_tabla()).status_code == 403
    assert Produccion.objects.count() == 0


def test_import_needs_post_and_export_needs_get(cliente_capturista, familia):
    assert cliente_capturista.get(URL_IMPORTAR).status_code == 405
    assert cliente_capturista.post(URL_EXPORTAR, parametros(familia)).status_code == 405
