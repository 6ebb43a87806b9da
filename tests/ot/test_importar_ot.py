"""`manage.py importar_ot` on the real historical file (reference §5.3) and on files that are not importable."""

import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId, TipoId
from operaciones.catalogos.models import PasoOt, ResponsableProyecto, Sitio
from operaciones.ot.importar_ot import COMENTARIO_POR_REVISAR
from operaciones.ot.models import OTE, OTDetalle
from operaciones.pte.models import PTEDetalle, PTEHeader

pytestmark = pytest.mark.django_db

MUESTRA = Path(settings.BASE_DIR).parent / "shared" / "samples" / "OT_IMPORTAR.xlsx"
BANDERAS = ("--crear-faltantes", "--omitir-invalidos")


def correr(*argumentos) -> tuple[str, bool]:
    """Run the command; (standard output, whether it failed)."""
    salida = io.StringIO()
    try:
        call_command("importar_ot", *argumentos, stdout=salida)
    except SystemExit as salida_error:
        assert salida_error.code == 1
        assert "No se escribió nada" in salida.getvalue()
        return salida.getvalue(), True
    return salida.getvalue(), False


def ultima_linea(salida: str) -> str:
    return salida.strip().splitlines()[-1]


def filas_muestra() -> list[dict]:
    libro = openpyxl.load_workbook(MUESTRA, read_only=True)
    filas = list(libro.active.iter_rows(values_only=True))
    libro.close()
    return [dict(zip(filas[0], fila, strict=True)) for fila in filas[1:]]


def nada_escrito():
    return not OTE.objects.exists() and not PTEHeader.objects.exists() and not RegistroActividad.objects.exists()


def test_the_sample_file_sits_beside_the_clone():
    assert MUESTRA.is_file()


def test_strict_run_writes_nothing_and_names_the_malformed_dates():
    salida, fallo = correr(str(MUESTRA))
    assert fallo
    assert "fila 9, columna F (fecha_inicio_programado): fecha inválida «13/112023»" in salida
    assert "fila 165, columna F (fecha_inicio_programado): fecha inválida «15/04/204»" in salida
    # the record-life column only accepts -1/0/1; on a fresh database PTEs, leaders and most sites are unknown
    assert "fila 119, columna H (estatus): valor fuera de rango «10»" in salida
    assert "fila 2, columna K (id_pte_header_id): PTE desconocida «BME-3801-015-2023»" in salida
    assert "fila 2, columna L (id_responsable_proyecto_id): responsable desconocido «4»" in salida
    assert "columna W (id_plataforma): sitio desconocido «63»" in salida
    ultima = ultima_linea(salida)
    assert ultima.startswith("creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=")
    assert int(ultima.rsplit("=", 1)[1]) == salida.count("\nERROR ") + salida.startswith("ERROR ")
    assert nada_escrito()


def test_with_both_flags_the_file_loads_with_its_families_and_steps():
    salida, fallo = correr(str(MUESTRA), *BANDERAS)
    assert not fallo, salida
    assert ultima_linea(salida) == "creadas=286 actualizadas=0 sin_cambios=0 advertencias=3 errores=0"
    assert "fila 9, columna F (fecha_inicio_programado): fecha inválida «13/112023»" in salida

    assert OTE.objects.filter(id_tipo=TipoId.OT_INICIAL).count() == 136
    assert OTE.objects.filter(id_tipo=TipoId.OT_REPROGRAMACION).count() == 150
    # every reprogramming hangs from the initial OT the file names, in the same family
    ots = {(o.orden_trabajo, o.id_tipo_id, o.num_reprogramacion): o for o in OTE.objects.select_related("ot_principal")}
    for fila in filas_muestra():
        ot = ots[(fila["orden_trabajo"].strip(), fila["id_tipo_id"], fila["num_reprogramacion"])]
        if fila["id_tipo_id"] == TipoId.OT_REPROGRAMACION:
            assert ot.ot_principal.id_tipo_id == TipoId.OT_INICIAL
            assert ot.ot_principal.orden_trabajo == fila["ot_principal"].strip()
            assert ot.id_familia == ot.ot_principal_id
        else:
            assert ot.ot_principal_id is None
    # each OT has the checklist of its template
    plantilla = Counter(PasoOt.objects.filter(activo=True).values_list("tipo_id", flat=True))
    pasos = Counter(OTDetalle.objects.values_list("id_ot", flat=True))
    for ot in ots.values():
        assert pasos[ot.pk] == plantilla[ot.id_tipo_id] > 0

    # placeholders for review: PTEs with their steps, leaders and sites with the column's category
    assert PTEHeader.objects.count() == 139
    assert PTEHeader.objects.exclude(comentario=COMENTARIO_POR_REVISAR).count() == 0
    assert PTEDetalle.objects.filter(id_pte_header__oficio_pte="BME-3801-015-2023").exists()
    assert ResponsableProyecto.objects.get(pk=3).descripcion == "RESPONSABLE 3 (POR REVISAR)"
    plataforma = Sitio.objects.get(pk=63)
    assert (plataforma.descripcion, plataforma.id_frente_id) == ("PLATAFORMA 63 (POR REVISAR)", 7)
    assert "PTEs creadas por revisar: 139" in salida

    # the malformed cells were left empty; the out-of-range record status fell back to active
    fila9 = OTE.objects.get(orden_trabajo="OT-GRZ-801-23-013-Tentok-A", id_tipo=TipoId.OT_INICIAL)
    assert fila9.fecha_inicio_programado is None and fila9.fecha_termino_programado is not None
    # one IMPORTAR log row per OT
    assert RegistroActividad.objects.filter(afectacion="OT", evento=Evento.IMPORTAR).count() == 286


def test_steps_follow_the_status_of_the_imported_ot():
    correr(str(MUESTRA), *BANDERAS)
    terminada = OTE.objects.filter(id_estatus_ot=EstatusId.TERMINADA, fecha_termino_real__isnull=False).first()
    paso = terminada.detalles.first()
    assert paso.estatus_paso_id == EstatusId.COMPLETADO
    assert (paso.fecha_inicio, paso.fecha_termino, paso.fecha_entrega) == (
        terminada.fecha_inicio_real,
        terminada.fecha_termino_real,
        terminada.fecha_termino_real,
    )
    esperado = {
        EstatusId.EN_EJECUCION: EstatusId.PROCESO,
        EstatusId.ASIGNADA: EstatusId.PROCESO,
        EstatusId.CANCELADA: EstatusId.CANCELADO,
        EstatusId.DIFERIDA_SIN_INICIAR: EstatusId.PENDIENTE,
        EstatusId.SUSPENDIDA: EstatusId.PENDIENTE,
    }
    for estatus_ot, estatus_paso in esperado.items():
        pasos = set(OTDetalle.objects.filter(id_ot__id_estatus_ot=estatus_ot).values_list("estatus_paso", flat=True))
        assert pasos == {estatus_paso}, estatus_ot


def test_second_run_changes_nothing():
    correr(str(MUESTRA), *BANDERAS)
    pasos, actividad = OTDetalle.objects.count(), RegistroActividad.objects.count()
    salida, fallo = correr(str(MUESTRA), *BANDERAS)
    assert not fallo
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=286 advertencias=3 errores=0"
    assert (OTDetalle.objects.count(), RegistroActividad.objects.count()) == (pasos, actividad)
    assert PTEHeader.objects.count() == 139
    # and once the placeholders exist, the strict run only stops at the malformed cells
    salida, fallo = correr(str(MUESTRA))
    assert fallo
    assert "errores=3" in ultima_linea(salida)


def test_dry_run_prints_the_same_report_and_writes_nothing():
    simulacro, fallo = correr(str(MUESTRA), *BANDERAS, "--dry-run")
    assert not fallo
    assert nada_escrito() and not Sitio.objects.filter(pk=63).exists()
    real, _ = correr(str(MUESTRA), *BANDERAS)
    assert (
        ultima_linea(simulacro)
        == ultima_linea(real)
        == ("creadas=286 actualizadas=0 sin_cambios=0 advertencias=3 errores=0")
    )
    assert "Simulacro (--dry-run)" in simulacro
    assert [x for x in simulacro.splitlines() if "Simulacro" not in x] == real.splitlines()


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    falso = tmp_path / "OT_IMPORTAR.xlsx"
    falso.write_text("orden_trabajo;id_tipo_id\nOT-1;4\n", encoding="utf-8")
    salida, fallo = correr(str(falso), *BANDERAS)
    assert fallo
    assert "El archivo no es un libro de Excel (.xlsx) válido." in salida
    assert ultima_linea(salida) == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert nada_escrito()


def test_an_empty_file_is_refused(tmp_path):
    vacio = tmp_path / "vacio.xlsx"
    vacio.write_bytes(b"")
    salida, fallo = correr(str(vacio))
    assert fallo and "El archivo está vacío." in salida and nada_escrito()
    salida, fallo = correr(str(tmp_path / "no_existe.xlsx"))
    assert fallo and "No se encontró el archivo" in salida


def test_a_sheet_without_the_required_headers_is_refused(tmp_path):
    libro = openpyxl.Workbook()
    libro.active.append(["orden_trabajo", "descripcion_trabajo", "fecha"])
    libro.active.append(["OT-1", "Trabajo", "01/01/2024"])
    ruta = tmp_path / "sin_columnas.xlsx"
    libro.save(ruta)
    salida, fallo = correr(str(ruta))
    assert fallo
    assert (
        "no tiene las columnas requeridas: id_estatus_ot_id, id_responsable_proyecto_id, id_tipo_id, "
        "num_reprogramacion, ot_principal." in salida
    )
    assert nada_escrito()
