"""`manage.py importar_pues` on a workbook shaped like ANEXO_C_PUES.xlsx (reference §5.2; see libro_pues.py)."""

import datetime
import io
from collections import Counter
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import ClienteId, TipoId
from operaciones.catalogos.importar_pues import ENTIDAD_CONCEPTO, importar_pues
from operaciones.catalogos.models import AnexoContrato, ConceptoMaestro, Contrato, EstatusPUE, SubAnexo, UnidadMedida
from operaciones.catalogos.unidades import normalizar_unidad
from tests.factories import ConceptoMaestroFactory, ContratoFactory

from .libro_pues import COL, COLUMNAS_PUES, HOJA, TABLA, LibroPUEs, filas_pues, libro_pues

pytestmark = pytest.mark.django_db

CONTRATO = "PEMEX-640228800"
PEQUENO = 60  # rows of the small workbooks: every feature of the real file is still there


def correr(*argumentos) -> tuple[str, bool]:
    """Run the command; (standard output, whether it failed with exit code 1)."""
    salida = io.StringIO()
    try:
        call_command("importar_pues", *argumentos, stdout=salida)
    except SystemExit as fin:
        assert fin.code == 1
        assert "No se escribió nada" in salida.getvalue()
        return salida.getvalue(), True
    return salida.getvalue(), False


def ultima_linea(salida: str) -> str:
    return salida.strip().splitlines()[-1]


def nada_escrito(unidades_antes: int) -> bool:
    return (
        not ConceptoMaestro.objects.exists()
        and not SubAnexo.objects.exists()
        and not RegistroActividad.objects.exists()
        and UnidadMedida.objects.count() == unidades_antes
    )


@pytest.fixture
def contrato():
    return ContratoFactory(numero_contrato=CONTRATO)


def escribir(tmp_path, nombre="pues.xlsx", **opciones) -> tuple[str, LibroPUEs]:
    ruta = tmp_path / nombre
    libro = libro_pues(ruta, **opciones)
    return str(ruta), libro


def convertidas(libro: LibroPUEs) -> list[int]:
    return [i for i, fila in enumerate(libro.filas) if fila[COL["ANEXO"]]]


def sin_convertir(libro: LibroPUEs) -> list[int]:
    return [i for i, fila in enumerate(libro.filas) if not fila[COL["ANEXO"]]]


# --- the generated workbook -------------------------------------------------------------------------------------


def test_the_generated_workbook_has_the_shape_and_counts_of_the_real_file(tmp_path):
    ruta, libro = escribir(tmp_path)
    assert libro.filas == filas_pues()  # deterministic
    completo = openpyxl.load_workbook(ruta)
    assert completo.sheetnames == [HOJA]
    assert dict(completo[HOJA].tables.items()) == {TABLA: "A1:S3057"}
    assert completo[HOJA]["H2"].value.startswith(f"={TABLA}[[#This Row],[P.U. M.N.]]")

    leido = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    filas = list(leido[HOJA].iter_rows(values_only=True))
    leido.close()
    assert filas[0] == COLUMNAS_PUES
    datos = filas[1:]
    assert len(datos) == 3056
    assert {f[COL["M.N."]] for f in datos} == {None}  # formulas without a cached value
    assert Counter(f[COL["PARTIDA EXT"]].split("-")[0] for f in datos) == {
        "C1EXT": 5,
        "C2EXT": 985,
        "C3EXT": 1869,
        "C4EXT": 28,
        "C5EXT": 168,
        "C6EXT": 1,
    }
    assert len({f[COL["PARTIDA EXT"]] for f in datos}) == 3056
    assert sum(1 for f in datos if f[COL["ANEXO"]] and f[COL["PARTIDA"]]) == 180
    assert {f[COL["ANEXO"]] for f in datos if f[COL["ANEXO"]]} == {f"C-{n}" for n in range(7, 21)}
    assert {"1C-010.", "10C-11."} <= {f[COL["PARTIDA"]] for f in datos}
    assert Counter(f[COL["ESTATUS"]] for f in datos) == {None: 2052, "EN ELABORACION": 752, "CANCELADA": 252}
    assert sum(isinstance(f[COL["FECHA SANCION"]], datetime.datetime) for f in datos) == 151
    assert sum(1 for f in datos if f[COL["PTE CREACION"]]) == 2264
    assert sum(1 for f in datos if f[COL["OT CREACION"]]) == 1541
    assert sum(1 for f in datos if f[COL["COMENTARIO"]]) == 2417
    assert Counter(f[COL["UNIDAD"]] for f in datos)["TON "] == 3
    assert {"ton", "Pieza", "M2/DÍA", "SERV/DIA", "HOM/DÍA"} <= {f[COL["UNIDAD"]] for f in datos}
    assert sum(1 for n in Counter(f[COL["CONCEPTO"]] for f in datos).values() if n > 1) == 22
    for columna in ("ID PADRE", "ID MADRE", "ID HIJO", "ID BME"):
        assert {f[COL[columna]] for f in datos} == {None}
    for columna in ("CONCEPTO", "UNIDAD", "CANTIDADES DE REFERENCIA", "P.U. M.N.", "P.U. USD"):
        assert all(f[COL[columna]] is not None for f in datos)


# --- the full workbook ------------------------------------------------------------------------------------------


def test_a_full_pue_workbook_imports_completely_and_a_second_run_changes_nothing(tmp_path, contrato):
    ruta, libro = escribir(tmp_path)
    unidades_antes = UnidadMedida.objects.count()
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo, salida
    n, convertidos = len(libro.filas), convertidas(libro)
    assert ultima_linea(salida) == f"creadas={n} actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    anexos = {libro.filas[i][COL["ANEXO"]] for i in convertidos}
    assert f"Partidas ordinarias creadas (PUEs ya convertidas): {len(convertidos)}" in salida
    assert f"Sub-anexos creados: {len(anexos)}" in salida

    pues = {
        c.partida_extraordinaria: c
        for c in ConceptoMaestro.objects.filter(id_tipo_partida=TipoId.PARTIDA_EXTRAORDINARIA)
    }
    assert len(pues) == n
    for fila in libro.filas:
        pue = pues[fila[COL["PARTIDA EXT"]]]
        assert pue.sub_anexo_id is None and pue.partida_ordinaria == ""
        assert pue.descripcion == fila[COL["CONCEPTO"]]
        assert pue.precio_unitario_mn == Decimal(str(fila[COL["P.U. M.N."]]))
        assert pue.precio_unitario_usd == Decimal(str(fila[COL["P.U. USD"]]))
        assert pue.cantidad == 1
        assert pue.estatus == (fila[COL["ESTATUS"]] or EstatusPUE.AUTORIZADO)
        fecha = fila[COL["FECHA SANCION"]]
        assert pue.fecha_autorizacion == (fecha.date() if fecha else None)
        assert pue.pte_creacion == (fila[COL["PTE CREACION"]] or "")
        assert pue.ot_creacion == (fila[COL["OT CREACION"]] or "")
        assert pue.comentario == (fila[COL["COMENTARIO"]] or "")
        assert pue.activo is not bool(fila[COL["ANEXO"]])

    # units normalised onto the seeded ones: no unit created, none with a trailing space
    assert UnidadMedida.objects.count() == unidades_antes
    assert not [u for u in UnidadMedida.objects.values_list("clave", flat=True) if u != u.strip()]
    claves = dict(ConceptoMaestro.objects.values_list("partida_extraordinaria", "unidad_medida__clave"))
    for fila in libro.filas:
        assert normalizar_unidad(claves[fila[COL["PARTIDA EXT"]]]) == normalizar_unidad(fila[COL["UNIDAD"]])
    ton = next(f for f in libro.filas if f[COL["UNIDAD"]] == "TON ")
    assert pues[ton[COL["PARTIDA EXT"]]].unidad_medida.clave == "TON"

    # already converted PUEs: the PUE row is history, an ordinary line of the contract's Anexo C carries the code
    ordinarias = ConceptoMaestro.objects.filter(id_tipo_partida=TipoId.PARTIDA_ORDINARIA).select_related(
        "sub_anexo__anexo_maestro", "concepto_origen"
    )
    assert ordinarias.count() == len(convertidos)
    por_codigo = {o.partida_extraordinaria: o for o in ordinarias}
    for i in convertidos:
        fila = libro.filas[i]
        ordinaria = por_codigo[fila[COL["PARTIDA EXT"]]]
        assert ordinaria.activo
        assert ordinaria.concepto_origen == pues[fila[COL["PARTIDA EXT"]]]
        assert ordinaria.concepto_origen.estatus == EstatusPUE.AUTORIZADO
        assert ordinaria.sub_anexo.clave_anexo == fila[COL["ANEXO"]]
        assert ordinaria.partida_ordinaria == fila[COL["PARTIDA"]]
        assert ordinaria.sub_anexo.anexo_maestro.contrato == contrato
        assert ordinaria.sub_anexo.anexo_maestro.clave == "C"
        assert ordinaria.descripcion == fila[COL["CONCEPTO"]]
        assert ordinaria.precio_unitario_mn == Decimal(str(fila[COL["P.U. M.N."]]))
    assert set(SubAnexo.objects.values_list("clave_anexo", flat=True)) == anexos
    registros = RegistroActividad.objects.filter(evento=Evento.IMPORTAR, afectacion=ENTIDAD_CONCEPTO)
    assert registros.count() == n + len(convertidos)

    antes = RegistroActividad.objects.count()
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo, salida
    assert ultima_linea(salida) == f"creadas=0 actualizadas=0 sin_cambios={n} advertencias=0 errores=0"
    assert ConceptoMaestro.objects.count() == n + len(convertidos)
    assert RegistroActividad.objects.count() == antes


# --- dry run, errors ----------------------------------------------------------------------------------------------


def test_dry_run_reports_the_real_counts_and_writes_nothing(tmp_path, contrato):
    ruta, _ = escribir(tmp_path, filas=PEQUENO)
    unidades = UnidadMedida.objects.count()
    salida, fallo = correr(ruta, "--contrato", CONTRATO, "--dry-run")
    assert not fallo
    assert "Simulacro (--dry-run)" in salida
    assert ultima_linea(salida) == f"creadas={PEQUENO} actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    assert nada_escrito(unidades)
    assert not AnexoContrato.objects.exists()


def _primera_sin_convertir(filas):
    return next(i for i, f in enumerate(filas) if not f[COL["ANEXO"]])


def _romper_unidad(filas):
    filas[3][COL["UNIDAD"]] = "BARRIL"
    return 3, "D", "UNIDAD", "unidad desconocida «BARRIL»"


def _repetir_codigo(filas):
    filas[9][COL["PARTIDA EXT"]] = filas[2][COL["PARTIDA EXT"]]
    return 9, "P", "PARTIDA EXT", f"la PARTIDA EXT «{filas[2][COL['PARTIDA EXT']]}» ya está en la fila 4"


def _romper_fecha(filas):
    filas[5][COL["FECHA SANCION"]] = "31/02/2024"
    return 5, "O", "FECHA SANCION", "fecha inválida «31/02/2024»"


def _romper_estatus(filas):
    i = _primera_sin_convertir(filas)
    filas[i][COL["ESTATUS"]] = "APROBADA"
    return i, "Q", "ESTATUS", "estatus inválido «APROBADA»"


def _precio_negativo(filas):
    filas[7][COL["P.U. M.N."]] = -150.5
    return 7, "F", "P.U. M.N.", "valor fuera de rango «-150.5» (mínimo 0)"


@pytest.mark.parametrize(
    "romper",
    [_romper_unidad, _repetir_codigo, _romper_fecha, _romper_estatus, _precio_negativo],
    ids=lambda f: f.__name__,
)
def test_one_bad_row_writes_nothing_and_names_its_row_and_column(tmp_path, contrato, romper):
    esperado = {}

    def ajustar(filas):
        esperado["error"] = romper(filas)

    ruta, libro = escribir(tmp_path, filas=PEQUENO, ajustar=ajustar)
    indice, letra, encabezado, mensaje = esperado["error"]
    unidades = UnidadMedida.objects.count()
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert fallo
    assert f"ERROR fila {libro.numero_fila(indice)}, columna {letra} ({encabezado}): {mensaje}" in salida
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert nada_escrito(unidades)


def test_an_unreadable_file_is_one_error(tmp_path):
    ruta = tmp_path / "no_es_excel.xlsx"
    ruta.write_text("hola")
    salida, fallo = correr(str(ruta))
    assert fallo
    assert "no es un libro de Excel" in salida


# --- re-runs that change something --------------------------------------------------------------------------------


def test_a_changed_price_updates_exactly_that_pue_and_logs_before_and_after(tmp_path, contrato):
    ruta, libro = escribir(tmp_path, filas=PEQUENO)
    correr(ruta, "--contrato", CONTRATO)
    i = _primera_sin_convertir(libro.filas)
    codigo = libro.filas[i][COL["PARTIDA EXT"]]
    anterior = ConceptoMaestro.objects.get(partida_extraordinaria=codigo).precio_unitario_mn
    otros = dict(ConceptoMaestro.objects.exclude(partida_extraordinaria=codigo).values_list("pk", "precio_unitario_mn"))
    registros_antes = set(RegistroActividad.objects.values_list("pk", flat=True))

    def subir_precio(filas):
        filas[i][COL["P.U. M.N."]] = 98765.43

    ruta, _ = escribir(tmp_path, "pues2.xlsx", filas=PEQUENO, ajustar=subir_precio)
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo
    assert ultima_linea(salida) == f"creadas=0 actualizadas=1 sin_cambios={PEQUENO - 1} advertencias=0 errores=0"
    pue = ConceptoMaestro.objects.get(partida_extraordinaria=codigo)
    assert pue.precio_unitario_mn == Decimal("98765.43")
    assert dict(ConceptoMaestro.objects.exclude(pk=pue.pk).values_list("pk", "precio_unitario_mn")) == otros
    nuevos = RegistroActividad.objects.exclude(pk__in=registros_antes)
    assert list(nuevos.values_list("registro_id", "evento", "afectacion", "campo")) == [
        (pue.pk, Evento.IMPORTAR, ENTIDAD_CONCEPTO, "precio_unitario_mn")
    ]
    registro = nuevos.get()
    assert Decimal(registro.valor_anterior) == anterior
    assert Decimal(registro.valor_actual) == Decimal("98765.43")
    assert "fila" in registro.detalle


def test_a_changed_price_of_a_converted_pue_updates_it_and_its_ordinary_line(tmp_path, contrato):
    ruta, libro = escribir(tmp_path, filas=PEQUENO)
    correr(ruta, "--contrato", CONTRATO)
    i = convertidas(libro)[0]
    codigo = libro.filas[i][COL["PARTIDA EXT"]]

    def cambiar(filas):
        filas[i][COL["P.U. USD"]] = 1234.5

    ruta, _ = escribir(tmp_path, "pues2.xlsx", filas=PEQUENO, ajustar=cambiar)
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo
    assert ultima_linea(salida) == f"creadas=0 actualizadas=1 sin_cambios={PEQUENO - 1} advertencias=0 errores=0"
    assert {c.precio_unitario_usd for c in ConceptoMaestro.objects.filter(partida_extraordinaria=codigo)} == {
        Decimal("1234.5")
    }
    assert ConceptoMaestro.objects.filter(partida_extraordinaria=codigo).count() == 2


def test_a_pue_converted_in_a_later_file_keeps_its_row_and_gains_the_ordinary_line(tmp_path, contrato):
    _, libro = escribir(tmp_path, filas=PEQUENO)
    i = convertidas(libro)[0]
    codigo = libro.filas[i][COL["PARTIDA EXT"]]

    def sin_convertir_aun(filas):
        filas[i][COL["ANEXO"]] = filas[i][COL["PARTIDA"]] = None

    antes, _ = escribir(tmp_path, "antes.xlsx", filas=PEQUENO, ajustar=sin_convertir_aun)
    correr(antes, "--contrato", CONTRATO)
    pue = ConceptoMaestro.objects.get(partida_extraordinaria=codigo)
    assert pue.activo

    despues, _ = escribir(tmp_path, "despues.xlsx", filas=PEQUENO)
    salida, fallo = correr(despues, "--contrato", CONTRATO)
    assert not fallo, salida
    assert ultima_linea(salida) == f"creadas=0 actualizadas=1 sin_cambios={PEQUENO - 1} advertencias=0 errores=0"
    pue.refresh_from_db()
    assert not pue.activo and pue.estatus == EstatusPUE.AUTORIZADO
    ordinaria = ConceptoMaestro.objects.get(concepto_origen=pue)
    assert ordinaria.activo and ordinaria.partida_extraordinaria == codigo
    assert ordinaria.partida_ordinaria == libro.filas[i][COL["PARTIDA"]]
    assert ConceptoMaestro.objects.filter(id_tipo_partida=TipoId.PARTIDA_EXTRAORDINARIA).count() == PEQUENO

    # a later file that no longer says where it went keeps the conversion (and says so)
    salida, fallo = correr(antes, "--contrato", CONTRATO)
    assert not fallo
    assert f"la PUE ya está convertida en la partida «{ordinaria.partida_ordinaria}»" in salida
    assert ultima_linea(salida) == f"creadas=0 actualizadas=0 sin_cambios={PEQUENO} advertencias=1 errores=0"
    pue.refresh_from_db()
    assert not pue.activo


def test_a_code_held_by_an_unrelated_active_concept_is_an_error(tmp_path, contrato):
    ruta, libro = escribir(tmp_path, filas=PEQUENO)
    i = _primera_sin_convertir(libro.filas)
    ajeno = ConceptoMaestroFactory(partida_extraordinaria=libro.filas[i][COL["PARTIDA EXT"]])
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert fallo
    assert (
        f"ERROR fila {libro.numero_fila(i)}, columna P (PARTIDA EXT): el código «{ajeno.partida_extraordinaria}» "
        f"ya lo usa la partida «{ajeno.partida_ordinaria}» del sub-anexo «{ajeno.sub_anexo}», ajeno a esta PUE"
    ) in salida
    assert ConceptoMaestro.objects.count() == 1


def test_an_ordinary_line_already_in_the_anexo_is_adopted_instead_of_duplicated(tmp_path, contrato):
    ruta, libro = escribir(tmp_path, filas=PEQUENO)
    fila = libro.filas[convertidas(libro)[0]]
    anexo_c = AnexoContrato.objects.create(contrato=contrato, clave="C", tipo="FINANCIERO")
    sub_anexo = SubAnexo.objects.create(anexo_maestro=anexo_c, clave_anexo=fila[COL["ANEXO"]])
    previa = ConceptoMaestroFactory(
        sub_anexo=sub_anexo,
        partida_ordinaria=fila[COL["PARTIDA"]],
        descripcion="  " + fila[COL["CONCEPTO"]].replace(" ", "  ", 1),  # same text, other spacing
        partida_extraordinaria="",
    )
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo, salida
    assert f"Partidas ordinarias creadas (PUEs ya convertidas): {len(convertidas(libro)) - 1}" in salida
    previa.refresh_from_db()
    assert previa.concepto_origen.partida_extraordinaria == fila[COL["PARTIDA EXT"]]
    assert previa.partida_extraordinaria == fila[COL["PARTIDA EXT"]]
    assert ConceptoMaestro.objects.filter(sub_anexo=sub_anexo, partida_ordinaria=fila[COL["PARTIDA"]]).count() == 1


def test_a_converted_pue_with_another_status_stays_authorised_with_a_warning(tmp_path, contrato):
    esperado = {}

    def en_elaboracion(filas):
        esperado["i"] = next(i for i, f in enumerate(filas) if f[COL["ANEXO"]])
        filas[esperado["i"]][COL["ESTATUS"]] = "EN ELABORACION"

    ruta, libro = escribir(tmp_path, filas=PEQUENO, ajustar=en_elaboracion)
    salida, fallo = correr(ruta, "--contrato", CONTRATO)
    assert not fallo
    fila = libro.numero_fila(esperado["i"])
    assert f"ADVERTENCIA fila {fila}, columna Q (ESTATUS): una PUE ya convertida en partida ordinaria" in salida
    codigo = libro.filas[esperado["i"]][COL["PARTIDA EXT"]]
    estatus = dict(
        ConceptoMaestro.objects.filter(partida_extraordinaria=codigo).values_list("id_tipo_partida", "estatus")
    )
    # the status belongs to the PUE row (the history); the ordinary line has none, as after a conversion
    assert estatus == {TipoId.PARTIDA_EXTRAORDINARIA: EstatusPUE.AUTORIZADO, TipoId.PARTIDA_ORDINARIA: ""}


# --- contract of the converted PUEs, missing units ----------------------------------------------------------------


def test_converted_rows_without_a_contract_need_one_active_contract(tmp_path):
    ruta, libro = escribir(tmp_path, filas=PEQUENO)
    unidades = UnidadMedida.objects.count()
    salida, fallo = correr(ruta)
    assert fallo
    assert f"{len(convertidas(libro))} filas traen ANEXO y PARTIDA" in salida
    assert "no hay ningún contrato activo: indique el contrato con --contrato NUMERO" in salida
    assert nada_escrito(unidades)

    ContratoFactory()
    ContratoFactory()
    salida, fallo = correr(ruta)
    assert fallo
    assert "hay varios contratos activos" in salida

    Contrato.objects.filter(pk=Contrato.objects.order_by("pk").first().pk).update(activo=False)
    salida, fallo = correr(ruta)
    assert not fallo, salida
    unico = Contrato.objects.get(activo=True)
    assert set(SubAnexo.objects.values_list("anexo_maestro__contrato", flat=True)) == {unico.pk}


def test_a_file_without_converted_rows_needs_no_contract(tmp_path):
    def sin_anexos(filas):
        for fila in filas:
            fila[COL["ANEXO"]] = fila[COL["PARTIDA"]] = None

    ruta, _ = escribir(tmp_path, filas=PEQUENO, ajustar=sin_anexos)
    salida, fallo = correr(ruta)
    assert not fallo, salida
    assert ConceptoMaestro.objects.filter(activo=True).count() == PEQUENO
    assert not AnexoContrato.objects.exists()


def test_a_missing_contract_is_an_error_unless_created_for_pemex(tmp_path):
    ruta, _ = escribir(tmp_path, filas=PEQUENO)
    salida, fallo = correr(ruta, "--contrato", "NUEVO-1")
    assert fallo
    assert "El contrato «NUEVO-1» no existe; use --crear-faltantes para crearlo" in salida
    assert not Contrato.objects.exists()

    salida, fallo = correr(ruta, "--contrato", "NUEVO-1", "--crear-faltantes")
    assert not fallo, salida
    assert "Contratos creados por revisar: 1" in salida
    nuevo = Contrato.objects.get(numero_contrato="NUEVO-1")
    assert nuevo.cliente_id == ClienteId.PEMEX
    anexo = AnexoContrato.objects.get(contrato=nuevo)
    assert (anexo.clave, anexo.tipo) == ("C", "FINANCIERO")


def test_unknown_units_are_created_once_with_crear_faltantes(tmp_path, contrato):
    def barriles(filas):
        filas[1][COL["UNIDAD"]] = "Barril"
        filas[4][COL["UNIDAD"]] = "BARRIL "

    ruta, libro = escribir(tmp_path, filas=PEQUENO, ajustar=barriles)
    salida, fallo = correr(ruta, "--contrato", CONTRATO, "--crear-faltantes")
    assert not fallo, salida
    assert "Unidades creadas por revisar: 1" in salida
    barril = UnidadMedida.objects.get(clave="BARRIL")
    codigos = {libro.filas[i][COL["PARTIDA EXT"]] for i in (1, 4)}
    assert set(barril.conceptos.values_list("partida_extraordinaria", flat=True)) >= codigos
    salida, _ = correr(ruta, "--contrato", CONTRATO)
    assert ultima_linea(salida).startswith("creadas=0 actualizadas=0")


# --- layout tolerance, progress -----------------------------------------------------------------------------------


def test_header_below_a_title_text_dates_status_variants_and_blank_rows_are_read(tmp_path):
    filas = filas_pues(filas=12)
    for fila in filas:
        fila[COL["ANEXO"]] = fila[COL["PARTIDA"]] = None
    filas[0][COL["FECHA SANCION"]] = "15/03/2024"
    filas[0][COL["ESTATUS"]] = "en elaboración"
    filas[1][COL["ESTATUS"]] = " Cancelada "
    filas[2][COL["ID PADRE"]] = "\xa0PERSONAL (MAR) "
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.append(["Catálogo de PUEs"])
    hoja.append([])
    hoja.append(list(COLUMNAS_PUES))
    for fila in filas[:6]:
        hoja.append(fila)
    hoja.append([None] * len(COLUMNAS_PUES))
    for fila in filas[6:]:
        hoja.append(fila)
    ruta = tmp_path / "con_titulo.xlsx"
    libro.save(ruta)

    avances = []
    informe = importar_pues(str(ruta), reportar=lambda avance, total: avances.append((avance, total)))
    assert informe.resumen() == "creadas=12 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    assert avances[-1] == (12, 12)
    primera = ConceptoMaestro.objects.get(partida_extraordinaria=filas[0][COL["PARTIDA EXT"]])
    assert primera.fecha_autorizacion == datetime.date(2024, 3, 15)
    assert primera.estatus == EstatusPUE.EN_ELABORACION
    assert ConceptoMaestro.objects.get(partida_extraordinaria=filas[1][COL["PARTIDA EXT"]]).estatus == "CANCELADA"
    assert ConceptoMaestro.objects.get(partida_extraordinaria=filas[2][COL["PARTIDA EXT"]]).categoria == (
        "PERSONAL (MAR)"
    )


def test_progress_is_reported_every_200_rows(tmp_path, contrato):
    ruta, _ = escribir(tmp_path, filas=450)
    avances = []
    informe = importar_pues(ruta, contrato=CONTRATO, reportar=lambda avance, total: avances.append((avance, total)))
    assert not informe.hay_errores
    assert avances == [(200, 450), (400, 450), (450, 450)]
