"""`manage.py importar_anexo_ot OT_ID ARCHIVO`: same report and exit codes as the other imports."""

import io
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from operaciones.ot.models import ImportacionAnexo, ModoImportacionAnexo
from tests.factories import OTEFactory
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cat():
    return catalogo_prueba()


def correr(*argumentos) -> tuple[list[str], bool]:
    """Run the command; (output lines, whether it failed with exit code 1)."""
    salida = io.StringIO()
    try:
        call_command("importar_anexo_ot", *[str(a) for a in argumentos], stdout=salida)
    except SystemExit as fin:
        assert fin.code == 1
        return salida.getvalue().splitlines(), True
    return salida.getvalue().splitlines(), False


def test_a_good_file_loads_and_prints_totals_before_the_summary(cat, tmp_path):
    ot = OTEFactory()
    ruta = libro_anexo(tmp_path / "anexo.xlsx", [linea_de(cat.tuberia, volumen=2), linea_de(cat.buceo, volumen=1)])

    lineas, fallo = correr(ot.pk, ruta, "--tipo-cambio", "18.5")

    version = ImportacionAnexo.objects.get(ot=ot, es_activo=True)
    assert not fallo
    assert lineas[-1] == "creadas=2 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    # 2 × 1500.505 = 3001.01 MXN; 1 × 1234.5678 → 1234.57 USD; 3001.01 + 1234.57 × 18.5 = 25840.555 → 25840.56
    assert lineas[-2] == (
        f"Versión {version.pk} de la OT {ot}: 2 partidas, $3,001.01 MXN + $1,234.57 USD; "
        "homologado $25,840.56 MXN (TC 18.5)"
    )
    assert version.tipo_cambio == Decimal("18.5") and version.nombre_archivo == "anexo.xlsx"


def test_errors_exit_with_code_1_and_the_summary_last(cat, tmp_path):
    ot = OTEFactory()
    ruta = libro_anexo(tmp_path / "anexo.xlsx", [linea_de(cat.tuberia, concepto="Otra cosa")])

    lineas, fallo = correr(ot.pk, ruta)

    assert fallo
    assert lineas[0].startswith("ERROR fila 5, columna C (CONCEPTO): DESCRIPCIÓN DIFERENTE")
    assert lineas[-2] == "No se escribió nada: corrija los errores y vuelva a importar."
    assert lineas[-1] == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert not ImportacionAnexo.objects.exists()


def test_dry_run_and_update_mode(cat, tmp_path):
    ot = OTEFactory()
    ruta = libro_anexo(tmp_path / "anexo.xlsx", [linea_de(cat.tuberia)])

    lineas, _ = correr(ot.pk, ruta, "--dry-run")
    assert lineas[-2:] == [
        "Simulacro (--dry-run): se revirtió todo, no se escribió nada.",
        "creadas=1 actualizadas=0 sin_cambios=0 advertencias=0 errores=0",
    ]
    assert not ImportacionAnexo.objects.exists()

    lineas, fallo = correr(ot.pk, ruta, "--actualizar")
    assert fallo and "no tiene una versión activa" in lineas[0]

    correr(ot.pk, ruta)
    cambio = libro_anexo(tmp_path / "cambio.xlsx", [linea_de(cat.tuberia, volumen=Decimal("99.5"))])
    lineas, fallo = correr(ot.pk, cambio, "--actualizar")
    assert not fallo and lineas[-1] == "creadas=0 actualizadas=1 sin_cambios=0 advertencias=0 errores=0"
    version = ImportacionAnexo.objects.get(ot=ot)
    assert version.modo == ModoImportacionAnexo.ACTUALIZACION
    assert version.partidas.get().volumen_proyectado == Decimal("99.5")


def test_an_unknown_ot_or_a_missing_file_fail_with_code_1(cat, tmp_path):
    lineas, fallo = correr(999999, tmp_path / "x.xlsx")
    assert fallo and lineas[0] == "ERROR No existe la OT con id 999999."

    lineas, fallo = correr(OTEFactory().pk, tmp_path / "no_existe.xlsx")
    assert fallo and lineas[0] == f"ERROR No se encontró el archivo «{tmp_path / 'no_existe.xlsx'}»."


def test_a_bad_exchange_rate_is_a_command_line_error():
    with pytest.raises(CommandError, match="tipo de cambio inválido"):
        call_command("importar_anexo_ot", "1", "x.xlsx", "--tipo-cambio", "1.23456")


def test_the_exit_codes_seen_by_the_shell(tmp_path):
    """Exit code 2 for a wrong command line (argparse); checked in a real process, without touching the DB."""
    resultado = subprocess.run(
        [sys.executable, "manage.py", "importar_anexo_ot", "no-es-un-id", "x.xlsx"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultado.returncode == 2
