"""GPU endpoints: the concept × day grid, status changes, evidence upload and download, excess authorisation."""

import hashlib
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from operaciones.produccion.gpu import MENSAJE_BLOQUEADO, gpu_adjuntar_evidencia, gpus_sincronizar
from operaciones.produccion.models import Produccion, RegistroGPU, TipoTiempo
from tests.factories import SitioFactory
from tests.produccion.datos import conceptos_crear, familia_con_anexo, lineas_crear, producir

pytestmark = pytest.mark.django_db

URL_GRID = reverse("produccion:obtener_grid_gpus")
URL_ESTATUS = reverse("produccion:guardar_estatus_gpu")
URL_EVIDENCIA = reverse("produccion:subir_evidencia_gpu")
URL_AUTORIZAR = reverse("produccion:autorizar_excedente")
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def familia():
    fam = familia_con_anexo(4)
    fam.linea_c7 = lineas_crear(fam.importacion, conceptos_crear(1, anexos=("C-7",)))[0]
    return fam


def producir_con_gpu(familia, partida, dia: int, volumen="5", **extra):
    extra.setdefault("sitio", familia.sitio)
    p = producir(partida, date(2025, 3, dia), volumen, **extra)
    gpus_sincronizar(producciones_ids=[p.pk])
    return p


def post_json(cliente, url, cuerpo):
    return cliente.post(url, data=json.dumps(cuerpo), content_type="application/json")


def grid(cliente, familia, **extra):
    return cliente.get(URL_GRID, {"id_ot": familia.ot.pk, "mes": 3, "anio": 2025, **extra})


# --- Grid -----------------------------------------------------------------------------------------------------------


def test_grid_needs_login_and_the_gpu_view_permission(cliente_externo, familia):
    client = Client()
    assert client.get(URL_GRID, {"id_ot": familia.ot.pk, "mes": 3, "anio": 2025}).status_code == 302
    assert client.get(URL_GRID, **XHR).status_code == 401
    assert grid(cliente_externo, familia).status_code == 403


def test_grid_refuses_bad_parameters_and_unknown_ots(cliente_lector, familia):
    respuesta = cliente_lector.get(URL_GRID, {"id_ot": "x", "mes": "13", "anio": "2025"})
    assert respuesta.status_code == 400
    assert set(respuesta.json()["errores"]) == {"id_ot", "mes"}
    assert cliente_lector.get(URL_GRID, {"id_ot": 99_999_999, "mes": 3, "anio": 2025}).status_code == 404
    familia.ot.estatus = EstatusRegistro.ELIMINADO
    familia.ot.save(update_fields=["estatus"])
    assert grid(cliente_lector, familia).status_code == 404


def test_grid_shows_one_row_per_line_time_type_and_site_with_a_cell_per_day(cliente_lector, familia):
    c2, c3 = familia.partidas[0], familia.partidas[1]
    te = producir_con_gpu(familia, c2, 1, "2.5")
    cma = producir_con_gpu(familia, c2, 1, "1", tipo_tiempo=TipoTiempo.CMA)
    producir_con_gpu(familia, c3, 31, "7")
    producir_con_gpu(familia, familia.linea_c7, 2)  # anexo without GPU: not in the grid
    producir(c2, date(2025, 3, 3), "0", sitio=familia.sitio)  # no volume, no GPU
    producir(c2, date(2025, 4, 1), "3", sitio=familia.sitio)  # another month
    RegistroGPU.objects.filter(id_produccion=te).update(
        id_estatus_id=EstatusId.GPU_PROCESO, archivo="https://drive.example.com/g.pdf"
    )

    respuesta = grid(cliente_lector, familia)

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert (cuerpo["exito"], cuerpo["dias_mes"]) == (True, 31)
    filas = cuerpo["data"]
    assert [(f["codigo"], f["anexo"], f["tipo_tiempo"]) for f in filas] == [
        (c2.id_partida, "C-2", "TE"),
        (c2.id_partida, "C-2", "CMA"),
        (c3.id_partida, "C-3", "TE"),
    ]
    primera = filas[0]
    assert primera["id_partida_anexo"] == c2.pk
    assert primera["descripcion"] == c2.descripcion_concepto
    assert primera["unidad"] == c2.unidad_medida.descripcion
    assert len(primera["dias"]) == 31
    assert primera["dias"][0] == {
        "id_produccion": te.pk,
        "volumen": "2.500000",
        "tipo_tiempo": "TE",
        "estatus_id": EstatusId.GPU_PROCESO,
        "estatus_texto": "PROCESO",
        "archivo": "https://drive.example.com/g.pdf",
        "tiene_adjunto": False,
        "tipo_archivo": "",
        "id_gpu": te.gpu.pk,
        "es_excedente": False,
        "excedente_autorizado": False,
        "bloqueado": False,
    }
    assert primera["dias"][1:] == [None] * 30
    assert filas[1]["dias"][0]["id_produccion"] == cma.pk
    assert filas[2]["dias"][30]["volumen"] == "7.000000"


def test_grid_days_beyond_the_month_are_null_and_a_site_can_be_chosen(cliente_lector):
    fam = familia_con_anexo(2, mes=2, anio=2025)
    otro = SitioFactory()
    producir(fam.partidas[0], date(2025, 2, 28), "1", sitio=fam.sitio)
    producir(fam.partidas[0], date(2025, 2, 27), "1", sitio=otro)
    gpus_sincronizar(producciones_ids=list(Produccion.objects.values_list("pk", flat=True)))

    todos = cliente_lector.get(URL_GRID, {"id_ot": fam.ot.pk, "mes": 2, "anio": 2025}).json()
    uno = cliente_lector.get(URL_GRID, {"id_ot": fam.ot.pk, "mes": 2, "anio": 2025, "id_sitio": otro.pk}).json()

    assert todos["dias_mes"] == 28
    assert len(todos["data"]) == 2
    assert [f["id_sitio"] for f in uno["data"]] == [otro.pk]
    assert uno["data"][0]["dias"][28:] == [None, None, None]


def test_grid_marks_blocked_excess_and_shows_production_of_the_whole_family(cliente_lector):
    fam = familia_con_anexo(2, con_reprogramacion=True)
    linea_repro = lineas_crear(
        type(fam.importacion).objects.create(ot=fam.reprogramacion, es_activo=True, total_registros=0),
        conceptos_crear(1, anexos=("C3EXT",)),
    )[0]
    p = producir_con_gpu(fam, linea_repro, 5, ot=fam.reprogramacion)
    Produccion.objects.filter(pk=p.pk).update(es_excedente=True)

    filas = cliente_lector.get(URL_GRID, {"id_ot": fam.reprogramacion.pk, "mes": 3, "anio": 2025}).json()["data"]

    assert [f["anexo"] for f in filas] == ["C3EXT"]
    celda = filas[0]["dias"][4]
    assert (celda["es_excedente"], celda["bloqueado"], celda["estatus_texto"]) == (True, True, "PENDIENTE")


def test_grid_sorts_by_anexo_then_numeric_code(cliente_lector, familia):
    for partida, codigo in zip(familia.partidas, ["2.10.", "3.1.", "2.9.", "3.1.2"], strict=True):
        partida.id_partida = codigo
        partida.save(update_fields=["id_partida"])
        producir_con_gpu(familia, partida, 1)

    filas = grid(cliente_lector, familia).json()["data"]

    assert [f["codigo"] for f in filas] == ["2.9.", "2.10.", "3.1.", "3.1.2"]


def _consultas_del_grid(cliente, familia) -> int:
    grid(cliente, familia)  # the first request of a session also touches the session row
    with CaptureQueriesContext(connection) as consultas:
        assert grid(cliente, familia).status_code == 200
    return len(consultas)


def test_grid_query_count_does_not_grow_with_concepts_or_days(cliente_lector, django_assert_num_queries):
    pequena = familia_con_anexo(2)
    grande = familia_con_anexo(20)
    for fam, dias in ((pequena, 1), (grande, 31)):
        for partida in fam.partidas:
            for d in range(1, dias + 1):
                producir(partida, date(2025, 3, d), "1", sitio=fam.sitio)
    gpus_sincronizar(producciones_ids=list(Produccion.objects.values_list("pk", flat=True)))
    assert RegistroGPU.objects.count() == 2 + 20 * 31

    assert _consultas_del_grid(cliente_lector, pequena) == _consultas_del_grid(cliente_lector, grande)
    # session, user, user and group permissions, then OT + family + production (line, unit, site, GPU joined)
    with django_assert_num_queries(7):
        grid(cliente_lector, grande)


# --- Status ---------------------------------------------------------------------------------------------------------


def test_status_change_needs_the_gpu_change_permission(cliente_lector, familia):
    client = Client()
    p = producir_con_gpu(familia, familia.partidas[0], 1)
    cuerpo = {"id_produccion": p.pk, "estatus_id": EstatusId.GPU_PROCESO}

    assert post_json(client, URL_ESTATUS, cuerpo).status_code == 401
    assert post_json(cliente_lector, URL_ESTATUS, cuerpo).status_code == 403
    assert p.gpu.id_estatus_id == EstatusId.GPU_PENDIENTE


def test_status_change_moves_the_gpu_and_answers_its_state(cliente_capturista, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)

    respuesta = post_json(
        cliente_capturista,
        URL_ESTATUS,
        {"id_produccion": p.pk, "estatus_id": EstatusId.GPU_PROCESO, "archivo": "https://drive.example.com/x"},
    )

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True
    assert cuerpo["gpu"]["estatus_id"] == EstatusId.GPU_PROCESO
    gpu = RegistroGPU.objects.get(id_produccion=p)
    assert (gpu.id_estatus_id, gpu.archivo) == (EstatusId.GPU_PROCESO, "https://drive.example.com/x")


@pytest.mark.parametrize(
    "cuerpo",
    [
        {},
        {"id_produccion": "abc", "estatus_id": 20},
        {"id_produccion": 1, "estatus_id": 3},
        {"id_produccion": 1, "estatus_id": True},
        {"id_produccion": [1], "estatus_id": "20"},
    ],
)
def test_status_change_refuses_malformed_bodies_with_errors(cliente_capturista, cuerpo):
    respuesta = post_json(cliente_capturista, URL_ESTATUS, cuerpo)

    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]


def test_status_change_of_unknown_production_is_404_and_bad_json_400(cliente_capturista):
    assert (
        post_json(cliente_capturista, URL_ESTATUS, {"id_produccion": 99_999_999, "estatus_id": 20}).status_code == 404
    )
    respuesta = cliente_capturista.post(URL_ESTATUS, data="[1, 2]", content_type="application/json")
    assert respuesta.status_code == 400
    assert respuesta.json()["detalles"] == "El cuerpo de la solicitud no es JSON válido."


def test_refused_transitions_answer_400_in_spanish(cliente_capturista, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)
    salto = post_json(cliente_capturista, URL_ESTATUS, {"id_produccion": p.pk, "estatus_id": EstatusId.FIRMADO})
    Produccion.objects.filter(pk=p.pk).update(es_excedente=True)
    bloqueado = post_json(cliente_capturista, URL_ESTATUS, {"id_produccion": p.pk, "estatus_id": 20})

    assert salto.status_code == 400
    assert "solo puede avanzar o regresar un paso" in salto.json()["detalles"]
    assert bloqueado.status_code == 400
    assert bloqueado.json()["detalles"] == MENSAJE_BLOQUEADO
    assert RegistroGPU.objects.get(id_produccion=p).id_estatus_id == EstatusId.GPU_PENDIENTE


# --- Evidence -------------------------------------------------------------------------------------------------------


def test_uploading_evidence_stores_the_file_with_its_hash(cliente_capturista, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)

    respuesta = cliente_capturista.post(
        URL_EVIDENCIA, {"id_produccion": p.pk, "archivo": SimpleUploadedFile("foto.jpeg", JPEG, "image/jpeg")}
    )

    assert respuesta.status_code == 200, respuesta.json()
    gpu = RegistroGPU.objects.get(id_produccion=p)
    assert gpu.hash_archivo == hashlib.sha256(JPEG).hexdigest() == respuesta.json()["gpu"]["hash_archivo"]
    assert gpu.tipo_archivo == "image/jpeg"


def test_uploading_a_text_file_renamed_jpg_is_refused(cliente_capturista, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)

    respuesta = cliente_capturista.post(
        URL_EVIDENCIA,
        {"id_produccion": p.pk, "archivo": SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", "image/jpeg")},
    )

    assert respuesta.status_code == 400
    assert "archivo" in respuesta.json()["errores"]
    assert not RegistroGPU.objects.get(id_produccion=p).archivo_adjunto


def test_uploading_needs_permission_and_a_file(lector, cliente_capturista, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)
    cliente_lector = Client()
    cliente_lector.force_login(lector)
    archivo = SimpleUploadedFile("foto.jpg", JPEG, "image/jpeg")

    assert cliente_lector.post(URL_EVIDENCIA, {"id_produccion": p.pk, "archivo": archivo}).status_code == 403
    sin_archivo = cliente_capturista.post(URL_EVIDENCIA, {"id_produccion": p.pk})
    assert sin_archivo.status_code == 400
    assert "archivo" in sin_archivo.json()["errores"]


def test_evidence_is_downloaded_through_the_permission_checked_view(cliente_lector, familia, capturista, externo):
    p = producir_con_gpu(familia, familia.partidas[0], 1)
    gpu = gpu_adjuntar_evidencia(
        produccion=p, archivo=SimpleUploadedFile("x.jpg", JPEG, "image/jpeg"), usuario=capturista
    )
    url = reverse("produccion:evidencia_gpu", args=[gpu.pk])

    respuesta = cliente_lector.get(url)

    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/jpeg"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert b"".join(respuesta.streaming_content) == JPEG
    assert Client().get(url).status_code == 302
    cliente_externo = Client()
    cliente_externo.force_login(externo)
    assert cliente_externo.get(url).status_code == 403


def test_downloading_a_gpu_without_file_or_of_a_deleted_ot_is_404(cliente_lector, familia, capturista):
    p = producir_con_gpu(familia, familia.partidas[0], 1)
    sin_archivo = reverse("produccion:evidencia_gpu", args=[p.gpu.pk])
    assert cliente_lector.get(sin_archivo).status_code == 404

    gpu = gpu_adjuntar_evidencia(
        produccion=p, archivo=SimpleUploadedFile("x.jpg", JPEG, "image/jpeg"), usuario=capturista
    )
    familia.ot.estatus = EstatusRegistro.ELIMINADO
    familia.ot.save(update_fields=["estatus"])
    assert cliente_lector.get(reverse("produccion:evidencia_gpu", args=[gpu.pk])).status_code == 404


# --- Excess authorisation ---------------------------------------------------------------------------------------------


def test_authorising_excess_is_the_coordinators_permission_not_the_capturers(cliente_capturista, coordinador, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1, "500")
    Produccion.objects.filter(pk=p.pk).update(es_excedente=True)

    assert post_json(cliente_capturista, URL_AUTORIZAR, {"producciones_ids": [p.pk]}).status_code == 403
    p.refresh_from_db()
    assert p.excedente_autorizado is False

    client = Client()
    client.force_login(coordinador)
    assert post_json(client, URL_AUTORIZAR, {"producciones_ids": [p.pk]}).status_code == 200
    p.refresh_from_db()
    assert p.excedente_autorizado is True
    assert p.excedente_autorizado_por == coordinador


def test_authorising_excess_unblocks_the_gpu(cliente_admin, admin, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1, "500")
    Produccion.objects.filter(pk=p.pk).update(es_excedente=True)

    respuesta = post_json(cliente_admin, URL_AUTORIZAR, {"producciones_ids": [p.pk]})

    assert respuesta.status_code == 200
    assert respuesta.json()["autorizadas"] == 1
    p.refresh_from_db()
    assert (p.excedente_autorizado, p.excedente_autorizado_por) == (True, admin)
    celda = grid(cliente_admin, familia).json()["data"][0]["dias"][0]
    assert (celda["bloqueado"], celda["excedente_autorizado"]) == (False, True)
    movido = post_json(cliente_admin, URL_ESTATUS, {"id_produccion": p.pk, "estatus_id": EstatusId.GPU_PROCESO})
    assert movido.status_code == 200


@pytest.mark.parametrize("ids", [[], ["x"], "1,a", [0], {"a": 1}, [True]])
def test_authorising_refuses_malformed_id_lists(cliente_admin, ids):
    respuesta = post_json(cliente_admin, URL_AUTORIZAR, {"producciones_ids": ids})

    assert respuesta.status_code == 400
    assert "producciones_ids" in respuesta.json()["errores"]


def test_authorising_rows_that_are_not_excess_is_refused(cliente_admin, familia):
    p = producir_con_gpu(familia, familia.partidas[0], 1)

    respuesta = post_json(cliente_admin, URL_AUTORIZAR, {"producciones_ids": [p.pk]})

    assert respuesta.status_code == 400
    assert "no es excedente" in respuesta.json()["detalles"]
