"""Uploading an OT's annex from the "Anexo C" tab: the job it launches, its report and the error workbook."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importacion import COLUMNA_OBSERVACIONES
from core.models import EstadoTrabajo, TrabajoSegundoPlano
from operaciones.ot.importar_anexo import TIPO_TRABAJO_ANEXO
from operaciones.ot.models import ImportacionAnexo, ModoImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from tests import factories as f
from tests.ot.libro_anexo import catalogo_prueba, libro_anexo, linea_de

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIA = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cat(db):
    return catalogo_prueba()


@pytest.fixture
def ot(db):
    return f.OTEFactory(orden_trabajo="OT-GRZ-801-26-050")


@pytest.fixture
def escritor(client, coordinador):
    client.force_login(coordinador)
    return client


def _url(ot, final="importar/") -> str:
    return f"/operaciones/ot/{ot.pk}/anexo/{final}"


def _libro_bueno(cat) -> bytes:
    return libro_anexo(
        None,
        [
            linea_de(cat.tuberia, volumen=Decimal("12.5"), dias={DIA: Decimal("5")}),
            linea_de(cat.buceo, volumen=Decimal("3")),
        ],
        fechas=[DIA],
    )


def _libro_malo(cat) -> bytes:
    return libro_anexo(
        None,
        [
            linea_de(cat.tuberia, volumen=Decimal("1")),
            linea_de(cat.buceo, concepto="Una descripción que no está en el catálogo"),
        ],
    )


def _subir(cliente, ot, contenido, *, nombre="anexo_ot.xlsx", capturar=None, **datos):
    archivo = SimpleUploadedFile(nombre, contenido, content_type=XLSX)
    cuerpo = {"archivo": archivo, "modo": ModoImportacionAnexo.COMPLETA, **datos}
    if capturar is None:
        return cliente.post(_url(ot), cuerpo)
    # No broker: the job runs inline once the request's transaction commits.
    with capturar(execute=True):
        return cliente.post(_url(ot), cuerpo)


# --- Access -----------------------------------------------------------------------------------------------------


def test_anonymous_upload_is_401(client, ot, cat):
    respuesta = client.post(_url(ot), {"archivo": SimpleUploadedFile("a.xlsx", _libro_bueno(cat))})
    assert respuesta.status_code == 401
    assert not TrabajoSegundoPlano.objects.exists()


def test_readers_and_outsiders_cannot_upload(cliente_lector, ot, cat, client, externo):
    assert _subir(cliente_lector, ot, _libro_bueno(cat)).status_code == 403
    client.force_login(externo)
    assert _subir(client, ot, _libro_bueno(cat)).status_code == 403
    assert not TrabajoSegundoPlano.objects.exists() and not ImportacionAnexo.objects.exists()


def test_upload_is_post_only_and_404_for_a_missing_ot(escritor, cat):
    assert escritor.get("/operaciones/ot/999999/anexo/importar/").status_code == 405
    respuesta = escritor.post("/operaciones/ot/999999/anexo/importar/", {"modo": "COMPLETA"})
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False


# --- Bad input: 400 with errores, no job ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nombre", "contenido", "datos", "campo"),
    [
        ("anexo.xlsx", None, {}, "archivo"),
        ("anexo.csv", b"PK\x03\x04resto", {}, "archivo"),
        ("anexo.xlsx", b"esto no es un libro de Excel", {}, "archivo"),
        ("anexo.xlsx", b"PK\x03\x04", {"modo": "TODO"}, "modo"),
        ("anexo.xlsx", b"PK\x03\x04", {"tipo_cambio": "0"}, "tipo_cambio"),
        ("anexo.xlsx", b"PK\x03\x04", {"tipo_cambio": "-17"}, "tipo_cambio"),
        ("anexo.xlsx", b"PK\x03\x04", {"tipo_cambio": "18.123456"}, "tipo_cambio"),
        ("anexo.xlsx", b"PK\x03\x04", {"tipo_cambio": "dieciocho"}, "tipo_cambio"),
        ("anexo.xlsx", b"PK\x03\x04", {"modo": "ACTUALIZACION"}, "modo"),  # nothing active to update yet
    ],
)
def test_bad_input_is_400_with_errores_and_launches_nothing(escritor, ot, nombre, contenido, datos, campo):
    cuerpo = {"modo": "COMPLETA", **datos}
    if contenido is not None:
        cuerpo["archivo"] = SimpleUploadedFile(nombre, contenido)
    respuesta = escritor.post(_url(ot), cuerpo)
    assert respuesta.status_code == 400
    sobre = respuesta.json()
    assert sobre["exito"] is False and campo in sobre["errores"], sobre
    assert not TrabajoSegundoPlano.objects.exists()


def test_a_file_over_10_mb_is_refused(escritor, ot):
    grande = SimpleUploadedFile("anexo.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024))
    respuesta = escritor.post(_url(ot), {"archivo": grande, "modo": "COMPLETA"})
    assert respuesta.status_code == 400 and "10 MB" in respuesta.json()["errores"]["archivo"][0]


# --- Happy path -------------------------------------------------------------------------------------------------


def test_a_good_annex_becomes_the_active_version_through_a_job(
    escritor, coordinador, ot, cat, django_capture_on_commit_callbacks
):
    anterior = f.ImportacionAnexoFactory(ot=ot, es_activo=True, nombre_archivo="anterior.xlsx")
    respuesta = _subir(
        escritor, ot, _libro_bueno(cat), tipo_cambio="18.25", capturar=django_capture_on_commit_callbacks
    )
    assert respuesta.status_code == 202, respuesta.content
    sobre = respuesta.json()
    assert sobre["exito"] is True and sobre["url_estado"] == f"/trabajos/{sobre['trabajo_id']}/"

    trabajo = TrabajoSegundoPlano.objects.get(pk=sobre["trabajo_id"])
    assert (trabajo.tipo, trabajo.usuario, trabajo.estado) == (TIPO_TRABAJO_ANEXO, coordinador, EstadoTrabajo.TERMINADO)
    assert not trabajo.archivo
    nueva = ImportacionAnexo.objects.get(ot=ot, es_activo=True)
    assert trabajo.resultado["importacion_id"] == nueva.pk and trabajo.resultado["ot_id"] == ot.pk
    assert trabajo.resultado["creadas"] == 2 and trabajo.resultado["errores"] == []
    assert nueva.nombre_archivo == "anexo_ot.xlsx" and nueva.usuario_carga == coordinador
    assert nueva.tipo_cambio == Decimal("18.25")
    assert PartidaAnexoImportada.objects.filter(importacion_anexo=nueva).count() == 2
    assert PartidaProyectada.objects.filter(partida_anexo__importacion_anexo=nueva, fecha=DIA).count() == 1
    anterior.refresh_from_db()
    assert anterior.es_activo is False  # kept, no longer active

    # The page polls the job, then reloads versions, lines and totals.
    estado = escritor.get(sobre["url_estado"]).json()["trabajo"]
    assert (estado["estado"], estado["porcentaje"]) == ("TERMINADO", 100)
    versiones = escritor.get(_url(ot, "versiones/")).json()
    assert versiones["version"] == nueva.pk and len(versiones["versiones"]) == 2
    filas = escritor.get(_url(ot, "datatable/"), {"draw": 1})
    assert [r["id_partida"] for r in filas.json()["data"]] == ["2.1.", "3.1."]
    totales = escritor.get(_url(ot, "totales/")).json()["totales"]
    # 12.5 × 1500.5050 = 18756.3125 → 18756.31; 3 × 1234.5678 = 3703.7034 → 3703.70
    assert (totales["mn"], totales["usd"]) == ("18756.31", "3703.70")
    assert totales["homologado"] == "86348.84"  # 18756.31 + 3703.70 × 18.25 = 86348.835, half up


def test_a_dry_run_reports_and_writes_nothing(escritor, ot, cat, django_capture_on_commit_callbacks):
    respuesta = _subir(escritor, ot, _libro_bueno(cat), dry_run="on", capturar=django_capture_on_commit_callbacks)
    trabajo = TrabajoSegundoPlano.objects.get(pk=respuesta.json()["trabajo_id"])
    assert trabajo.estado == EstadoTrabajo.TERMINADO
    assert trabajo.resultado["simulacro"] is True and trabajo.resultado["creadas"] == 2
    assert trabajo.resultado["importacion_id"] is None
    assert not ImportacionAnexo.objects.filter(ot=ot).exists()


def test_update_mode_updates_the_active_version(escritor, ot, cat, django_capture_on_commit_callbacks):
    _subir(escritor, ot, _libro_bueno(cat), capturar=django_capture_on_commit_callbacks)
    activa = ImportacionAnexo.objects.get(ot=ot, es_activo=True)
    nuevo = libro_anexo(None, [linea_de(cat.tuberia, volumen=Decimal("20"))])
    respuesta = _subir(escritor, ot, nuevo, modo="ACTUALIZACION", capturar=django_capture_on_commit_callbacks)
    trabajo = TrabajoSegundoPlano.objects.get(pk=respuesta.json()["trabajo_id"])
    assert trabajo.estado == EstadoTrabajo.TERMINADO and trabajo.resultado["actualizadas"] == 1
    assert ImportacionAnexo.objects.filter(ot=ot).count() == 1
    linea = PartidaAnexoImportada.objects.get(importacion_anexo=activa, id_partida="2.1.")
    assert linea.volumen_proyectado == Decimal("20")
    versiones = escritor.get(_url(ot, "versiones/")).json()["versiones"]
    assert versiones[0]["modo"] == "ACTUALIZACION"


# --- Bad line: nothing written, report with rows, error workbook for the uploader only ------------------------


def test_a_bad_line_writes_nothing_and_the_uploader_downloads_the_error_workbook(
    escritor, ot, cat, django_capture_on_commit_callbacks
):
    respuesta = _subir(escritor, ot, _libro_malo(cat), capturar=django_capture_on_commit_callbacks)
    assert respuesta.status_code == 202
    trabajo = TrabajoSegundoPlano.objects.get(pk=respuesta.json()["trabajo_id"])
    assert trabajo.estado == EstadoTrabajo.ERROR
    assert not ImportacionAnexo.objects.filter(ot=ot).exists()
    errores = trabajo.resultado["errores"]
    assert errores and all(e["fila"] for e in errores)
    assert any(e["columna"] for e in errores)
    assert trabajo.resultado["escrito"] is False

    estado = escritor.get(f"/trabajos/{trabajo.pk}/").json()["trabajo"]
    assert estado["estado"] == "ERROR" and estado["resultado"]["errores"] == errores

    descarga = escritor.get(_url(ot, f"errores/{trabajo.pk}/"))
    assert descarga.status_code == 200
    assert f"errores_anexo_{ot.orden_trabajo}.xlsx" in descarga["Content-Disposition"]
    hoja = openpyxl.load_workbook(io.BytesIO(b"".join(descarga.streaming_content)), read_only=True).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == COLUMNA_OBSERVACIONES
    observaciones = [fila[0] for fila in filas[1:] if fila[0]]
    assert len(observaciones) == 1


def test_only_the_uploader_gets_the_error_workbook(
    escritor, ot, cat, client, admin, django_capture_on_commit_callbacks
):
    respuesta = _subir(escritor, ot, _libro_malo(cat), capturar=django_capture_on_commit_callbacks)
    trabajo_id = respuesta.json()["trabajo_id"]
    client.force_login(admin)  # every permission, but not the uploader
    assert client.get(_url(ot, f"errores/{trabajo_id}/")).status_code == 404
    assert client.get(f"/trabajos/{trabajo_id}/").status_code == 404


def test_the_error_workbook_is_only_reachable_through_its_own_ot(escritor, ot, cat, django_capture_on_commit_callbacks):
    respuesta = _subir(escritor, ot, _libro_malo(cat), capturar=django_capture_on_commit_callbacks)
    trabajo_id = respuesta.json()["trabajo_id"]
    otra = f.OTEFactory()
    assert escritor.get(_url(otra, f"errores/{trabajo_id}/")).status_code == 404
    assert escritor.get(_url(ot, "errores/999999/")).status_code == 404
    assert escritor.get(f"/operaciones/ot/999999/anexo/errores/{trabajo_id}/").status_code == 404


def test_a_job_without_error_workbook_has_nothing_to_download(escritor, ot, cat, django_capture_on_commit_callbacks):
    respuesta = _subir(escritor, ot, _libro_bueno(cat), capturar=django_capture_on_commit_callbacks)
    assert escritor.get(_url(ot, f"errores/{respuesta.json()['trabajo_id']}/")).status_code == 404


def test_readers_cannot_download_error_workbooks(cliente_lector, ot):
    assert cliente_lector.get(_url(ot, "errores/1/")).status_code == 404
