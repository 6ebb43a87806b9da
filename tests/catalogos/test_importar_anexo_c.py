"""`manage.py importar_anexo_c` on the real contract workbook (reference §5.1) and on small broken workbooks."""

import io
import re
import zipfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command

from core.models import Evento, RegistroActividad
from core.money import redondear_centavos
from operaciones.catalogos.constantes import ClienteId, TipoId
from operaciones.catalogos.importar_anexo_c import ENTIDAD_CONCEPTO, importar_anexo_c
from operaciones.catalogos.models import (
    AnexoContrato,
    Cliente,
    ConceptoMaestro,
    Contrato,
    SubAnexo,
    TipoAnexo,
    UnidadMedida,
)

pytestmark = pytest.mark.django_db

CONTRATO = "PEMEX-640-2023"
POR_SUBANEXO = {"C-2": 501, "C-3": 649, "C-4": 88, "C-4-1": 27, "C-5": 185, "C-5-1": 10, "C-6": 4}
RESUMEN_PRIMERA = "creadas=1464 actualizadas=0 sin_cambios=0 advertencias=2 errores=0"


@pytest.fixture(scope="module")
def muestra() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "samples" / "ANEXO_C_CONTRATO.xlsx"


def correr(*argumentos) -> tuple[str, bool]:
    """Run the command; (standard output, whether it failed with exit code 1)."""
    salida = io.StringIO()
    try:
        call_command("importar_anexo_c", *argumentos, stdout=salida)
    except SystemExit as fin:
        assert fin.code == 1
        assert "No se escribió nada" in salida.getvalue()
        return salida.getvalue(), True
    return salida.getvalue(), False


def ultima_linea(salida: str) -> str:
    return salida.strip().splitlines()[-1]


def nada_escrito() -> bool:
    return not (
        Contrato.objects.exists()
        or SubAnexo.objects.exists()
        or ConceptoMaestro.objects.exists()
        or RegistroActividad.objects.exists()
    )


def lineas_del_libro(ruta: Path) -> dict[str, list[tuple]]:
    """ANEXO → item rows (PARTIDA and UNIDAD filled, before the TOTAL row) as the workbook holds them."""
    libro = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    lineas = defaultdict(list)
    for hoja in libro.worksheets:
        filas = list(hoja.iter_rows(values_only=True))
        if "ANEXO" not in filas[5]:
            continue  # the summary sheet
        for fila in filas[6:]:
            if any(isinstance(v, str) and v.strip() == "TOTAL" for v in fila):
                break
            if fila[1] is not None and fila[3] is not None:
                lineas[fila[0]].append(fila)
    libro.close()
    return lineas


def test_the_sample_file_sits_beside_the_clone(muestra):
    assert muestra.is_file()


def test_fresh_database_gets_the_1464_concepts_in_seven_subanexos(muestra):
    salida, fallo = correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    assert not fallo, salida
    assert ultima_linea(salida) == RESUMEN_PRIMERA
    assert "Sub-anexos creados: 7" in salida and "Contratos creados: 1" in salida

    contrato = Contrato.objects.get(numero_contrato=CONTRATO)
    assert contrato.cliente_id == ClienteId.PEMEX
    anexo = AnexoContrato.objects.get(contrato=contrato)
    assert (anexo.clave, anexo.tipo) == ("C", TipoAnexo.FINANCIERO)
    conteo = Counter(ConceptoMaestro.objects.values_list("sub_anexo__clave_anexo", flat=True))
    assert conteo == POR_SUBANEXO
    assert set(SubAnexo.objects.values_list("anexo_maestro", flat=True)) == {anexo.pk}
    assert set(ConceptoMaestro.objects.values_list("id_tipo_partida", flat=True)) == {TipoId.PARTIDA_ORDINARIA}
    # the sub-anexo is described by its anexo title row, which is not imported as a concept
    assert SubAnexo.objects.get(clave_anexo="C-4-1").descripcion == "Plantilla base de personal."
    assert not ConceptoMaestro.objects.filter(partida_ordinaria__in=["2", "C-4-1", "C-5-1"]).exists()
    # one IMPORTAR log row per new concept
    assert RegistroActividad.objects.filter(afectacion=ENTIDAD_CONCEPTO, evento=Evento.IMPORTAR).count() == 1464


def test_each_subanexo_adds_up_to_its_lines_to_the_cent_in_both_currencies(muestra):
    correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    for anexo, filas in lineas_del_libro(muestra).items():
        # the sheet's M.N. / U.S.D. columns, each line to the cent
        hoja_mn = sum(redondear_centavos(f[7] or 0) for f in filas)
        hoja_usd = sum(redondear_centavos(f[8] or 0) for f in filas)
        conceptos = ConceptoMaestro.objects.filter(sub_anexo__clave_anexo=anexo)
        assert conceptos.count() == len(filas) == POR_SUBANEXO[anexo]
        mn = sum(redondear_centavos(c.cantidad * c.precio_unitario_mn) for c in conceptos)
        usd = sum(redondear_centavos(c.cantidad * c.precio_unitario_usd) for c in conceptos)
        assert (mn, usd) == (hoja_mn, hoja_usd), anexo
        subanexo = SubAnexo.objects.get(clave_anexo=anexo)
        assert (subanexo.importe_mn, subanexo.importe_usd) == (hoja_mn, hoja_usd), anexo
    assert SubAnexo.objects.get(clave_anexo="C-2").importe_mn == Decimal("1598191781.43")
    assert SubAnexo.objects.get(clave_anexo="C-5").importe_usd == Decimal("40570968.84")


def test_codes_are_stored_as_written_never_through_a_float(muestra):
    correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    # the C-4-1 sheet holds some codes as binary floats (B9 is 4.4000000000000004 in the file itself)
    with zipfile.ZipFile(muestra) as libro:
        hoja = libro.read("xl/worksheets/sheet5.xml").decode()
    assert re.search(r'<c r="B9"[^>]*><v>4\.4000000000000004</v>', hoja)
    codigos = Counter(ConceptoMaestro.objects.filter(sub_anexo__clave_anexo="C-4-1").values_list(
        "partida_ordinaria", flat=True))  # fmt: skip
    assert {"4.4", "4.5", "4.7", "4.11", "4.13", "4.16"} <= set(codigos)
    assert codigos["4.7."] == 7 and codigos["4.11."] == 7
    # text codes keep their trailing dot; 4.10. is not 4.1
    c4 = set(ConceptoMaestro.objects.filter(sub_anexo__clave_anexo="C-4").values_list("partida_ordinaria", flat=True))
    assert {"4.1.", "4.10.", "4.39."} <= c4
    # every stored code is exactly the cell's text, or the shortest form of its number
    for anexo, filas in lineas_del_libro(muestra).items():
        esperados = Counter(f[1].strip() if isinstance(f[1], str) else repr(f[1]) for f in filas)
        guardados = Counter(
            ConceptoMaestro.objects.filter(sub_anexo__clave_anexo=anexo).values_list("partida_ordinaria", flat=True)
        )
        assert guardados == esperados, anexo


def test_heading_levels_are_kept_without_non_breaking_or_trailing_spaces(muestra):
    correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    ayudante = ConceptoMaestro.objects.get(sub_anexo__clave_anexo="C-4-1", descripcion="AYUDANTE DE OPERARIO ESPTA.")
    assert (ayudante.categoria, ayudante.subcategoria, ayudante.clasificacion) == (
        "Plantilla base de personal",
        "MAR",
        "PERSONAL (MAR)",  # the cell is "\xa0PERSONAL (MAR)"
    )
    revision = ConceptoMaestro.objects.get(sub_anexo__clave_anexo="C-4", partida_ordinaria="4.1.")
    assert revision.subcategoria == "PERSONAL TÉCNICO Y DE INGENIERÍA"
    for niveles in ConceptoMaestro.objects.values_list("categoria", "subcategoria", "clasificacion"):
        for nivel in niveles:
            assert nivel == " ".join(nivel.split())
    assert ConceptoMaestro.objects.exclude(categoria="").count() > 1000


def test_warnings_name_the_two_sheets_whose_total_differs(muestra):
    salida, _ = correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    avisos = [linea for linea in salida.splitlines() if linea.startswith("ADVERTENCIA")]
    assert len(avisos) == 2
    assert any("hoja «Anexo C-4-CR»" in a and "$2,800,063,006.14 MXN" in a for a in avisos)
    assert any("hoja «Anexo C-4-1»" in a and "$103,246.16 MXN" in a for a in avisos)
    assert all("TOTAL MXN" in a for a in avisos)


def test_second_run_creates_nothing_and_logs_nothing(muestra):
    correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    actividad = RegistroActividad.objects.count()
    salida, fallo = correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes")
    assert not fallo
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=1464 advertencias=2 errores=0"
    assert RegistroActividad.objects.count() == actividad
    assert ConceptoMaestro.objects.count() == 1464 and SubAnexo.objects.count() == 7


def test_a_rerun_updates_only_what_differs_and_logs_each_change(muestra):
    correr(str(muestra), "--contrato", CONTRATO)
    concepto = ConceptoMaestro.objects.get(sub_anexo__clave_anexo="C-6", partida_ordinaria="6.1.")
    hom_dia = concepto.unidad_medida
    ConceptoMaestro.objects.filter(pk=concepto.pk).update(
        precio_unitario_mn=Decimal("1"), clasificacion="OTRA", unidad_medida=UnidadMedida.objects.get(clave="DÍA")
    )
    SubAnexo.objects.filter(clave_anexo="C-6").update(importe_mn=0)
    salida, fallo = correr(str(muestra), "--contrato", CONTRATO)
    assert not fallo
    assert ultima_linea(salida) == "creadas=0 actualizadas=1 sin_cambios=1463 advertencias=2 errores=0"
    concepto.refresh_from_db()
    assert (concepto.precio_unitario_mn, concepto.clasificacion, concepto.unidad_medida) == (
        Decimal("475"),
        "HOSPEDAJE Y ALIMENTACIÓN OPTATIVOS",
        hom_dia,
    )
    cambios = {
        r.campo: (r.valor_anterior, r.valor_actual, r.detalle)
        for r in RegistroActividad.objects.filter(afectacion=ENTIDAD_CONCEPTO, registro_id=concepto.pk, campo__gt="")
    }
    assert set(cambios) == {"precio_unitario_mn", "clasificacion", "unidad_medida"}
    assert cambios["precio_unitario_mn"][:2] == ("1.0000", "475")
    assert cambios["unidad_medida"][:2] == ("DÍA", "HOM/DÍA")
    assert "hoja «Anexo C-6-CR», fila 8" in cambios["clasificacion"][2]
    assert SubAnexo.objects.get(clave_anexo="C-6").importe_mn == Decimal("513874637.50")


def test_dry_run_reports_the_real_counts_and_writes_nothing(muestra):
    simulacro, fallo = correr(str(muestra), "--contrato", CONTRATO, "--crear-faltantes", "--dry-run")
    assert not fallo
    assert ultima_linea(simulacro) == RESUMEN_PRIMERA
    assert "Simulacro (--dry-run)" in simulacro
    assert nada_escrito()


def test_a_named_client_is_used_and_an_unknown_one_needs_crear_faltantes(muestra):
    salida, fallo = correr(str(muestra), "--contrato", "OTRO-1", "--cliente", "Operadora Marina")
    assert fallo and "Cliente desconocido «Operadora Marina»" in salida and nada_escrito()
    salida, fallo = correr(str(muestra), "--contrato", "OTRO-1", "--cliente", "Operadora Marina", "--crear-faltantes")
    assert not fallo and "Clientes creados por revisar: 1" in salida
    assert Contrato.objects.get(numero_contrato="OTRO-1").cliente.descripcion == "Operadora Marina"
    # an existing client is found by name whatever its case
    correr(str(muestra), "--contrato", "OTRO-2", "--cliente", "pemex")
    assert Contrato.objects.get(numero_contrato="OTRO-2").cliente_id == ClienteId.PEMEX
    assert Cliente.objects.filter(descripcion__iexact="operadora marina").count() == 1


def test_the_import_runs_in_bulk_and_reports_progress(muestra, django_assert_max_num_queries):
    avances = []
    # bulk inserts in batches: the count depends on the backend's batch size, never on one query per row
    with django_assert_max_num_queries(80), open(muestra, "rb") as archivo:
        informe = importar_anexo_c(
            archivo, contrato=CONTRATO, reportar=lambda avance, total: avances.append((avance, total))
        )
    assert informe.resumen() == RESUMEN_PRIMERA and informe.escrito
    assert len(avances) > 10
    assert [a for a, _ in avances] == sorted(a for a, _ in avances)
    assert avances[-1][0] == avances[-1][1]
    # the idempotent re-run reads the contract, units, sub-anexos and concepts once each
    with django_assert_max_num_queries(10):
        informe = importar_anexo_c(muestra, contrato=CONTRATO)
    assert informe.sin_cambios == 1464


# --- Small generated workbooks ----------------------------------------------------------------------------------

ENCABEZADO = [
    "ANEXO",
    "PARTIDA",
    "CONCEPTO",
    "UNIDAD",
    "CANTIDADES DE REFERENCIA",
    "P.U. MN",
    "P.U. USD",
    "M.N.",
    "U.S.D.",
    "ID PADRE",
    "ID MADRE",
    "ID HIJO",
]


def libro(tmp_path, lineas, *, encabezado=ENCABEZADO, despues_total=(), total=None) -> str:
    """A contract workbook like the real one: summary sheet, then one detail sheet with preamble and TOTAL."""
    wb = openpyxl.Workbook()
    wb.active.title = "Anexo C-CR"
    wb.active.append([None, "PART.", "DESCRIPCIÓN DE CONCEPTOS", "UNID.", "CANT."])
    hoja = wb.create_sheet("Anexo C-9-CR")
    for texto in ("Subdirección…", "Gerencia…", "Descripción de los trabajos", None, "Anexo C-9-CR: prueba"):
        hoja.append([None, texto])
    hoja.append(encabezado)
    hoja.append(["C-9", 9, "Catálogo de prueba", None, None, None, None, None, None])
    hoja.append(["C-9", None, "Tubos", None])
    for linea in lineas:
        hoja.append(linea)
    suma = sum(Decimal(str(fila[7] or 0)) for fila in lineas if len(fila) > 7 and isinstance(fila[7], int | float))
    hoja.append([None, None, None, None, None, None, "TOTAL ", total if total is not None else float(suma), 0])
    hoja.append([None, "Ciudad del Carmen, Campeche a 10 de Enero de 2023"])
    for fila in despues_total:
        hoja.append(fila)
    ruta = tmp_path / "anexo.xlsx"
    wb.save(ruta)
    return str(ruta)


def linea(partida, concepto, unidad="PIEZA", cantidad=2, pu_mn=10.5, pu_usd=0):
    return ["C-9", partida, concepto, unidad, cantidad, pu_mn, pu_usd, cantidad * pu_mn, cantidad * pu_usd, "Tubos"]


def test_a_generated_workbook_loads_with_its_codes_as_text(tmp_path):
    ruta = libro(
        tmp_path,
        [
            linea("9.10.", "TUBO A"),
            linea(9.1, "TUBO B", unidad=" pieza "),
            linea("9.10.", "TUBO C", "hom / día"),
            linea("9.11.", "TOTAL"),  # an item, not the TOTAL row: it has PARTIDA and UNIDAD
        ],
        despues_total=[linea("9.99.", "DESPUÉS DEL TOTAL")],
    )
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA")
    assert not fallo, salida
    assert ultima_linea(salida) == "creadas=4 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    codigos = dict(ConceptoMaestro.objects.values_list("descripcion", "partida_ordinaria"))
    assert codigos == {"TUBO A": "9.10.", "TUBO B": "9.1", "TUBO C": "9.10.", "TOTAL": "9.11."}
    assert set(ConceptoMaestro.objects.values_list("unidad_medida__clave", flat=True)) == {"PIEZA", "HOM/DÍA"}
    assert SubAnexo.objects.get().importe_mn == Decimal("84.00")


def test_an_unknown_unit_is_an_error_naming_row_and_column_unless_created(tmp_path):
    ruta = libro(tmp_path, [linea("9.1.", "TUBO A"), linea("9.2.", "TUBO B", unidad="PZA.")])
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA")
    assert fallo
    assert "ERROR fila 10, columna D (UNIDAD): unidad desconocida «PZA.»" in salida
    assert "(hoja «Anexo C-9-CR»)" in salida
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert nada_escrito()
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA", "--crear-faltantes")
    assert not fallo and "Unidades de medida creadas por revisar: 1" in salida
    nueva = UnidadMedida.objects.get(clave="PZA.")
    assert ConceptoMaestro.objects.get(descripcion="TUBO B").unidad_medida == nueva


def test_negative_or_non_numeric_amounts_are_errors_naming_row_and_column(tmp_path):
    ruta = libro(
        tmp_path,
        [linea("9.1.", "TUBO A", pu_mn=-5), ["C-9", "9.2.", "TUBO B", "PIEZA", "dos", 1, 0], linea("9.3.", "TUBO C")],
        total=0,
    )
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA", "--crear-faltantes")
    assert fallo
    assert "ERROR fila 9, columna F (P.U. MN): valor fuera de rango «-5»" in salida
    assert "ERROR fila 10, columna E (CANTIDADES DE REFERENCIA): número inválido «dos»" in salida
    assert nada_escrito()


def test_a_detail_sheet_without_a_required_column_is_refused(tmp_path):
    sin_unidad = [c for c in ENCABEZADO if c != "UNIDAD"]
    ruta = libro(tmp_path, [["C-9", "9.1.", "TUBO A", 2, 10, 0, 20, 0]], encabezado=sin_unidad)
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA")
    assert fallo
    assert "ERROR fila 6: La hoja «Anexo C-9-CR» no tiene las columnas requeridas: UNIDAD." in salida
    assert nada_escrito()


def test_the_same_identity_twice_is_an_error_unless_the_rows_are_identical(tmp_path):
    ruta = libro(tmp_path, [linea("9.1.", "TUBO  A"), linea("9.1.", "TUBO A", pu_mn=11)], total=0)
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA")
    assert fallo
    assert (
        "fila 10: la partida «9.1.» con la misma descripción ya está en la fila 9 de la hoja «Anexo C-9-CR»" in salida
    )
    assert nada_escrito()
    ruta = libro(tmp_path, [linea("9.1.", "TUBO A"), linea("9.1.", "TUBO A")])
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA")
    assert not fallo
    assert "ADVERTENCIA fila 10: repite la partida «9.1.» de la fila 9" in salida
    assert ConceptoMaestro.objects.count() == 1


def test_files_that_cannot_be_imported_are_refused_in_spanish(tmp_path):
    texto = tmp_path / "anexo.xlsx"
    texto.write_text("ANEXO;PARTIDA\nC-2;2.1.\n", encoding="utf-8")
    vacio = tmp_path / "vacio.xlsx"
    vacio.write_bytes(b"")
    otro = tmp_path / "otro.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["orden_trabajo", "descripcion"])
    wb.save(otro)
    casos = {
        str(texto): "El archivo no es un libro de Excel (.xlsx) válido.",
        str(vacio): "El archivo está vacío.",
        str(tmp_path): "es una carpeta, no un libro de Excel (.xlsx).",
        str(tmp_path / "no_existe.xlsx"): "No se encontró el archivo",
        str(otro): "El libro no tiene hojas de detalle del Anexo C",
    }
    for ruta, mensaje in casos.items():
        salida, fallo = correr(ruta, "--contrato", "C-PRUEBA", "--crear-faltantes")
        assert fallo and mensaje in salida, ruta
        assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert nada_escrito()


def test_an_inactive_unit_is_an_error_even_with_crear_faltantes(tmp_path):
    UnidadMedida.objects.filter(clave="LOTE").update(activo=False)
    ruta = libro(tmp_path, [linea("9.1.", "TUBO A", unidad="lote")])
    salida, fallo = correr(ruta, "--contrato", "C-PRUEBA", "--crear-faltantes")
    assert fallo and "fila 9, columna D (UNIDAD): la unidad «LOTE» está inactiva" in salida
    assert UnidadMedida.objects.filter(clave="LOTE").count() == 1


def test_concepts_missing_from_the_file_are_kept_with_a_warning(tmp_path):
    correr(libro(tmp_path, [linea("9.1.", "TUBO A"), linea("9.2.", "TUBO B")]), "--contrato", "C-PRUEBA")
    salida, fallo = correr(libro(tmp_path, [linea("9.1.", "TUBO A")]), "--contrato", "C-PRUEBA", "--cliente", "Otro")
    assert not fallo
    assert "El sub-anexo C-9 tiene 1 concepto(s) activo(s) que no están en el archivo; se conservan." in salida
    assert "El contrato «C-PRUEBA» ya existe con el cliente «PEMEX»; se conserva." in salida
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=1 advertencias=2 errores=0"
    assert ConceptoMaestro.objects.filter(activo=True).count() == 2
    assert SubAnexo.objects.get().importe_mn == Decimal("21.00")
