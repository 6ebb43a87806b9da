"""The annex upload as a background job: progress, the report on the job row, the error workbook on errors."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importacion import COLUMNA_OBSERVACIONES
from core.models import EstadoTrabajo
from operaciones.ot.importar_anexo import (
    TIPO_TRABAJO_ANEXO,
    ModoImportacionAnexo,
    anexo_ot_importar,
    anexo_ot_lanzar,
)
from operaciones.ot.models import ImportacionAnexo
from tests.factories import OTEFactory
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cat():
    return catalogo_prueba()


def subir(contenido: bytes, nombre: str = "anexo.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, content_type="application/vnd.ms-excel")


def lanzar(ot, contenido, usuario, capturar, **opciones):
    parametros = {"modo": ModoImportacionAnexo.COMPLETA, "tipo_cambio": None, "simulacro": False, **opciones}
    with capturar(execute=True):
        trabajo = anexo_ot_lanzar(ot=ot, archivo_subido=subir(contenido), usuario=usuario, **parametros)
    trabajo.refresh_from_db()
    return trabajo


def test_a_good_upload_runs_as_a_job_and_keeps_the_report_and_the_version(
    cat, admin, django_capture_on_commit_callbacks, medios_temporales
):
    ot = OTEFactory()
    lineas = [linea_de(cat.tuberia), linea_de(cat.buceo), linea_de(cat.pue)]

    trabajo = lanzar(
        ot, libro_anexo(None, lineas), admin, django_capture_on_commit_callbacks, tipo_cambio=Decimal("19.25")
    )

    assert trabajo.tipo == TIPO_TRABAJO_ANEXO and trabajo.usuario == admin
    assert trabajo.estado == EstadoTrabajo.TERMINADO, trabajo.mensaje
    version = ImportacionAnexo.objects.get(ot=ot, es_activo=True)
    assert trabajo.resultado["importacion_id"] == version.pk and trabajo.resultado["ot_id"] == ot.pk
    assert trabajo.resultado["resumen"] == "creadas=3 actualizadas=0 sin_cambios=0 advertencias=0 errores=0"
    assert trabajo.resultado["totales"]["mn"] == str(version.total_mn)
    assert Decimal(trabajo.resultado["totales"]["tipo_cambio"]) == Decimal("19.25")
    assert (trabajo.avance, trabajo.total) == (3, 3)
    assert not trabajo.archivo
    assert version.nombre_archivo == "anexo.xlsx" and version.tipo_cambio == Decimal("19.25")
    # The temporary upload is gone; the version keeps its own copy of the workbook.
    assert not list((medios_temporales / "importaciones" / "anexos").iterdir())
    assert version.archivo_excel.name.startswith(f"operaciones/anexos_ot/{ot.pk}/")


def test_a_bad_upload_ends_in_error_with_the_report_and_the_error_workbook(
    cat, admin, django_capture_on_commit_callbacks
):
    ot = OTEFactory()
    lineas = [linea_de(cat.tuberia), linea_de(cat.buceo, unidad="PIEZA")]

    trabajo = lanzar(ot, libro_anexo(None, lineas), admin, django_capture_on_commit_callbacks)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.mensaje == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=1"
    assert trabajo.resultado["importacion_id"] is None and trabajo.resultado["ot_id"] == ot.pk
    error = trabajo.resultado["errores"][0]
    assert (error["fila"], error["columna"]) == (6, "D")
    assert error["mensaje"] == "UNIDAD DIFERENTE: Excel «PIEZA» vs catálogo «JORNADA»"
    assert not ImportacionAnexo.objects.filter(ot=ot).exists()
    hoja = openpyxl.load_workbook(io.BytesIO(trabajo.archivo.read())).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == COLUMNA_OBSERVACIONES
    assert [f[1] for f in filas[1:] if f[0]] == [6]
    assert "UNIDAD DIFERENTE" in filas[2][0]


def test_a_file_that_is_not_a_workbook_ends_in_error_without_workbook(admin, django_capture_on_commit_callbacks):
    trabajo = lanzar(OTEFactory(), b"no soy un libro", admin, django_capture_on_commit_callbacks)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.resultado["errores"][0]["mensaje"] == "El archivo no es un libro de Excel (.xlsx o .xlsm) válido."
    assert not trabajo.archivo


def test_a_dry_run_job_reports_without_writing(cat, admin, django_capture_on_commit_callbacks):
    ot = OTEFactory()

    trabajo = lanzar(
        ot, libro_anexo(None, [linea_de(cat.tuberia)]), admin, django_capture_on_commit_callbacks, simulacro=True
    )

    assert trabajo.estado == EstadoTrabajo.TERMINADO
    assert trabajo.resultado["simulacro"] is True and trabajo.resultado["creadas"] == 1
    assert trabajo.resultado["importacion_id"] is None
    assert not ImportacionAnexo.objects.exists()


def test_progress_is_reported_every_hundred_rows(cat):
    avances = []
    titulo = {"concepto": "Plantilla base de equipos"}  # a heading row: read, counted, not imported
    lineas = [titulo] * 249 + [linea_de(cat.tuberia)]

    resultado = anexo_ot_importar(
        ot=OTEFactory(),
        archivo=io.BytesIO(libro_anexo(None, lineas)),
        reportar=lambda avance, total: avances.append((avance, total)),
    )

    assert resultado.informe.creadas == 1
    assert avances == [(100, 250), (200, 250), (250, 250)]
