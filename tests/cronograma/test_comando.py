"""`manage.py importar_cronograma OT ARCHIVO [--nombre] [--dry-run]`, end to end with the real reader: the report,
the summary as the last line and exit code 1 on errors."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from operaciones.cronograma.models import AvanceCronograma, CronogramaVersion
from operaciones.cronograma.services import avance_guardar
from tests.factories import OTEFactory, ReprogramacionFactory

pytestmark = pytest.mark.django_db

MUESTRAS = Path(settings.BASE_DIR).parent / "shared" / "samples" / "mpp"
RESUMEN_ERROR = "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def correr(*argumentos) -> tuple[list[str], bool]:
    """Run the command; (output lines, whether it ended with exit code 1)."""
    salida = io.StringIO()
    try:
        call_command("importar_cronograma", *[str(a) for a in argumentos], stdout=salida)
    except SystemExit as fin:
        assert fin.code == 1
        return salida.getvalue().splitlines(), True
    return salida.getvalue().splitlines(), False


def test_a_schedule_imports_by_folio_and_prints_the_report_with_the_summary_last():
    ot = OTEFactory()

    lineas, fallo = correr(ot.orden_trabajo, MUESTRAS / "sample.mpp")

    version = CronogramaVersion.objects.get(id_ot=ot, es_activo=True)
    assert not fallo
    assert lineas == [
        f"Versión «v1 · sample.mpp» de la OT {ot.orden_trabajo} (id {ot.pk}): id {version.pk}, activa",
        "Proyecto «sample» (MPP), 07/01/2003 08:00 → 18/03/2003 08:00",
        "Leído: 22 tareas (resúmenes: 4, hitos: 1), niveles: 3, dependencias: 6 (FS 3, SS 1, FF 1, SF 1), recursos: 2",
        "Ponderación: duración de las tareas (días)",
        "Primera versión del cronograma de la OT.",
        "Ignorado: fila resumen del proyecto: 1, asignaciones sin recurso: 15",
        "creadas=22 actualizadas=0 sin_cambios=0 advertencias=0 errores=0",
    ]


def test_a_reimport_by_id_with_a_name_reports_the_changes_and_the_progress_not_carried():
    ot = OTEFactory()
    correr(ot.pk, MUESTRAS / "sample.mpp")
    tarea = CronogramaVersion.objects.get(id_ot=ot).tareas.get(uid_project=23)
    avance_guardar(tarea=tarea, porcentaje_real="60", porcentaje_cliente="50", comentario="")

    lineas, fallo = correr(ot.pk, MUESTRAS / "sample98.mpp", "--nombre", "Reprogramación 1")

    assert not fallo
    # Warnings first (as every import command), then the report, the summary last.
    assert lineas[0] == (
        "ADVERTENCIA 1 avance(s) registrados no se conservaron (tareas eliminadas o convertidas en resumen): siguen "
        "en la versión anterior."
    )
    assert lineas[1].startswith(f"Versión «Reprogramación 1» de la OT {ot.orden_trabajo}")
    assert (
        "Cambios contra «v1 · sample.mpp»: 0 agregadas, 3 eliminadas, 0 renombradas, 1 con otras fechas; "
        "0 avances conservados"
    ) in lineas
    assert "  UID 23 «Assigned Task 1» (real 60.00 %, cliente 50.00 %): la tarea ya no está en el archivo" in lineas
    assert (
        "  UID 19 «Task Relationships»: 07/01/2003 08:00 – 14/01/2003 08:00 → 07/01/2003 08:00 – 09/01/2003 17:00"
        in (lineas)
    )
    assert lineas[-1] == "creadas=19 actualizadas=0 sin_cambios=0 advertencias=1 errores=0"
    assert CronogramaVersion.objects.filter(id_ot=ot).count() == 2
    assert AvanceCronograma.objects.filter(tarea__version__es_activo=True).count() == 0


def test_a_dry_run_reports_and_writes_nothing():
    ot = OTEFactory()

    lineas, fallo = correr(ot.pk, MUESTRAS / "mspdirelations.xml", "--dry-run")

    assert not fallo and not CronogramaVersion.objects.exists()
    assert lineas[0] == "Simulacro (--dry-run): se revirtió todo, no se escribió nada."
    assert lineas[1] == f"Versión «v1 · mspdirelations.xml» de la OT {ot.orden_trabajo} (id {ot.pk}) — simulacro"
    assert lineas[-1] == "creadas=5 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"


def test_an_unreadable_file_exits_with_code_1_and_writes_nothing():
    ot = OTEFactory()

    lineas, fallo = correr(ot.pk, MUESTRAS / "invalid" / "truncated-sample.mpp")

    assert fallo and not CronogramaVersion.objects.exists()
    assert lineas[0].startswith("ERROR El archivo no es un cronograma de MS Project reconocible")
    assert lineas[-2:] == ["No se escribió nada: corrija los errores y vuelva a importar.", RESUMEN_ERROR]


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        ("invalid/empty.mpp", "ERROR El archivo está vacío."),
        ("no-existe.mpp", "ERROR No se encontró el archivo del cronograma."),
    ],
)
def test_an_empty_or_missing_file_exits_with_code_1(archivo, mensaje):
    lineas, fallo = correr(OTEFactory().pk, MUESTRAS / archivo)

    assert fallo and lineas[0] == mensaje and lineas[-1] == RESUMEN_ERROR


def test_an_unknown_ot_exits_with_code_1():
    lineas, fallo = correr("OT-NO-EXISTE", MUESTRAS / "sample.mpp")

    assert fallo
    assert lineas[0] == "ERROR No existe la OT «OT-NO-EXISTE» (ni con ese id ni con ese folio)."
    assert lineas[-1] == RESUMEN_ERROR


def test_a_folio_shared_by_an_ot_and_its_reprogramming_asks_for_the_id():
    reprogramacion = ReprogramacionFactory()
    principal = reprogramacion.ot_principal

    lineas, fallo = correr(principal.orden_trabajo, MUESTRAS / "sample.mpp")

    assert fallo and not CronogramaVersion.objects.exists()
    assert lineas[0] == (
        f"ERROR El folio «{principal.orden_trabajo}» corresponde a varias OT (ids {principal.pk}, "
        f"{reprogramacion.pk}): indique el id."
    )
