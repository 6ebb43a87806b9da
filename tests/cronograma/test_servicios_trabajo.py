"""The schedule upload as a background job: progress, the result on the job row, the upload always deleted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import EstadoTrabajo
from core.trabajos import trabajo_como_json, trabajo_ejecutar
from operaciones.cronograma.lector import ErrorCronograma
from operaciones.cronograma.models import CronogramaVersion
from operaciones.cronograma.services import TIPO_TRABAJO_CRONOGRAMA, cronograma_lanzar
from tests.cronograma.falso import cronograma, plan_basico, tarea, usar_lector
from tests.factories import OTEFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def subidas_pendientes(medios) -> list:
    carpeta = medios / "importaciones" / "cronogramas"
    return list(carpeta.iterdir()) if carpeta.exists() else []


def lanzar(ot, usuario, capturar, nombre="Programa KU-A.mpp", contenido=b"mpp", **opciones):
    subida = SimpleUploadedFile(nombre, contenido, content_type="application/vnd.ms-project")
    with capturar(execute=True):
        trabajo = cronograma_lanzar(ot=ot, archivo_subido=subida, usuario=usuario, **opciones)
    trabajo.refresh_from_db()
    return trabajo


def test_an_upload_runs_as_a_job_and_leaves_the_version_and_its_report(
    monkeypatch, coordinador, django_capture_on_commit_callbacks, medios
):
    ot = OTEFactory()
    falso = usar_lector(monkeypatch, plan_basico())

    trabajo = lanzar(ot, coordinador, django_capture_on_commit_callbacks, nombre_version="Programa base")

    assert trabajo.tipo == TIPO_TRABAJO_CRONOGRAMA and trabajo.usuario == coordinador
    assert trabajo.estado == EstadoTrabajo.TERMINADO, trabajo.mensaje
    version = CronogramaVersion.objects.get(id_ot=ot, es_activo=True)
    assert set(trabajo.resultado) == {"version_id", "ot_id", "reporte"}
    assert trabajo.resultado["version_id"] == version.pk and trabajo.resultado["ot_id"] == ot.pk
    assert trabajo.resultado["reporte"] == version.reporte_importacion
    assert trabajo.resultado["reporte"]["archivo"] == "Programa KU-A.mpp"
    assert version.nombre_version == "Programa base" and version.usuario_carga == coordinador
    assert (trabajo.avance, trabajo.total) == (3, 3)
    assert trabajo_como_json(trabajo)["porcentaje"] == 100
    assert falso.contenidos == [b"mpp"]
    # The stored upload is gone; the version keeps its own copy.
    assert subidas_pendientes(medios) == []
    assert version.archivo_mpp.read() == b"mpp"


def test_an_unreadable_upload_ends_the_job_in_error_with_the_spanish_message(
    monkeypatch, coordinador, django_capture_on_commit_callbacks, medios
):
    ot = OTEFactory()
    usar_lector(monkeypatch, ErrorCronograma("El archivo está protegido con contraseña de lectura."))

    trabajo = lanzar(ot, coordinador, django_capture_on_commit_callbacks)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.mensaje == "El archivo está protegido con contraseña de lectura."
    assert trabajo.resultado == {"version_id": None, "ot_id": ot.pk, "reporte": None}
    assert not CronogramaVersion.objects.exists()
    assert subidas_pendientes(medios) == []


def test_a_refused_schedule_ends_the_job_in_error(monkeypatch, coordinador, django_capture_on_commit_callbacks):
    usar_lector(monkeypatch, cronograma([tarea(1), tarea(1)]))

    trabajo = lanzar(OTEFactory(), coordinador, django_capture_on_commit_callbacks)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert "repite el identificador único (UID) 1" in trabajo.mensaje


def test_the_job_of_an_ot_deleted_meanwhile_ends_in_error(
    monkeypatch, coordinador, django_capture_on_commit_callbacks, medios
):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())
    subida = SimpleUploadedFile("plan.mpp", b"mpp")
    trabajo = cronograma_lanzar(ot=ot, archivo_subido=subida, usuario=coordinador)
    ot.delete()  # nothing points at it yet

    trabajo_ejecutar(trabajo.pk)

    trabajo.refresh_from_db()
    assert trabajo.estado == EstadoTrabajo.ERROR and trabajo.mensaje == "La OT ya no existe."
    assert subidas_pendientes(medios) == []
