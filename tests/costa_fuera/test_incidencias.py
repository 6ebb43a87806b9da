"""Incidents of a vessel's day and their photos: services, endpoints, type by content, size, permissions."""

import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.models import RegistroActividad
from costa_fuera import incidencias
from costa_fuera.models import EstadoReporte, FotoIncidencia, Incidencia
from costa_fuera.selectors_recursos import incidencias_del_reporte
from tests.costa_fuera.datos import reporte

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"x" * 100


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _foto(contenido=JPEG, nombre="cubierta.jpg"):
    return SimpleUploadedFile(nombre, contenido, content_type="image/jpeg")


def _incidencia(usuario, rep=None, **extra):
    datos = {"tipo": "Seguridad", "severidad": "ALTA", "descripcion": "Caída de objeto en cubierta.", **extra}
    return incidencias.incidencia_crear(reporte_id=(rep or reporte()).pk, usuario=usuario, **datos)


def _cerrar(rep):
    rep.estado = EstadoReporte.CERRADO
    rep.save()


# --- services -----------------------------------------------------------------------------------------------------


def test_an_incident_is_registered_by_the_acting_user_and_logged(capturista):
    incidencia = _incidencia(capturista, tipo="  Falla   de equipo ", visible_cliente=True)
    assert incidencia.tipo == "Falla de equipo" and incidencia.registrado_por == capturista
    assert RegistroActividad.objects.filter(
        afectacion=incidencias.ENTIDAD_INCIDENCIA, registro_id=incidencia.pk, evento="CREAR"
    ).exists()


def test_incident_fields_are_checked(capturista):
    with pytest.raises(ValidationError) as e:
        _incidencia(capturista, tipo=" ", severidad="GRAVE", descripcion="", visible_cliente="si")
    assert set(e.value.message_dict) == {"tipo", "severidad", "descripcion", "visible_cliente"}


def test_an_incident_is_edited_and_only_real_changes_are_logged(capturista):
    incidencia = _incidencia(capturista)
    datos = {"tipo": "Seguridad", "severidad": "CRITICA", "descripcion": "Otra", "visible_cliente": False}
    incidencias.incidencia_editar(incidencia_id=incidencia.pk, usuario=capturista, **datos)
    incidencia.refresh_from_db()
    assert (incidencia.severidad, incidencia.descripcion) == ("CRITICA", "Otra")
    antes = RegistroActividad.objects.count()
    incidencias.incidencia_editar(incidencia_id=incidencia.pk, usuario=capturista, **datos)
    assert RegistroActividad.objects.count() == antes


def test_the_list_puts_the_most_severe_first_and_can_keep_only_what_the_client_sees(capturista):
    rep = reporte()
    _incidencia(capturista, rep, severidad="BAJA", visible_cliente=True)
    _incidencia(capturista, rep, severidad="CRITICA")
    _incidencia(capturista, rep, severidad="MEDIA", visible_cliente=True)
    assert [i["severidad"] for i in incidencias_del_reporte(rep)] == ["CRITICA", "MEDIA", "BAJA"]
    assert [i["severidad"] for i in incidencias_del_reporte(rep, solo_cliente=True)] == ["MEDIA", "BAJA"]


def test_a_photo_is_stored_under_our_name_with_its_hash_and_detected_type(capturista, medios):
    incidencia = _incidencia(capturista)
    for contenido, tipo in ((JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp")):
        foto = incidencias.foto_subir(
            incidencia_id=incidencia.pk, archivo=_foto(contenido, "../../etc/mi foto.jpg"), usuario=capturista
        )
        assert foto.tipo_contenido == tipo and foto.tamano == len(contenido)
        assert foto.sha256 == hashlib.sha256(contenido).hexdigest()
        assert foto.nombre_original == "mi foto.jpg"
        assert foto.archivo.name.split("/")[-1].startswith(f"incidencia_{incidencia.pk}_{foto.sha256[:16]}")
        assert (medios / foto.archivo.name).read_bytes() == contenido


@pytest.mark.parametrize("contenido", [PDF, b"hola, no soy una foto" * 10, b"GIF89a" + b"\x00" * 50])
def test_a_file_named_jpg_that_is_not_a_photo_is_refused(capturista, contenido):
    incidencia = _incidencia(capturista)
    with pytest.raises(ValidationError) as e:
        incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(contenido), usuario=capturista)
    assert "JPEG, PNG o WebP" in e.value.message_dict["foto"][0]
    assert not FotoIncidencia.objects.exists()


def test_a_photo_above_the_configured_size_is_refused(capturista, settings):
    incidencia = _incidencia(capturista)
    settings.SASCOP_FOTO_MAX_BYTES = len(JPEG) - 1
    with pytest.raises(ValidationError) as e:
        incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    assert "el máximo es" in e.value.message_dict["foto"][0]
    settings.SASCOP_FOTO_MAX_BYTES = len(JPEG)
    incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)


def test_an_empty_photo_is_refused(capturista):
    incidencia = _incidencia(capturista)
    with pytest.raises(ValidationError) as e:
        incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(b""), usuario=capturista)
    assert "vacía" in e.value.message_dict["foto"][0]


def test_deleting_an_incident_removes_its_photos_files_once_committed(
    capturista, medios, django_capture_on_commit_callbacks
):
    incidencia = _incidencia(capturista)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    ruta = medios / foto.archivo.name
    with django_capture_on_commit_callbacks(execute=True):
        incidencias.incidencia_borrar(incidencia_id=incidencia.pk, usuario=capturista)
    assert not Incidencia.objects.exists() and not FotoIncidencia.objects.exists()
    assert not ruta.exists()


def test_deleting_a_photo_removes_its_file_once_committed(capturista, medios, django_capture_on_commit_callbacks):
    incidencia = _incidencia(capturista)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    ruta = medios / foto.archivo.name
    with django_capture_on_commit_callbacks(execute=True):
        incidencias.foto_borrar(foto_id=foto.pk, usuario=capturista)
    assert not ruta.exists() and Incidencia.objects.filter(pk=incidencia.pk).exists()


def test_every_write_of_a_closed_report_is_refused(capturista):
    rep = reporte()
    incidencia = _incidencia(capturista, rep)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    _cerrar(rep)
    datos = {"tipo": "Clima", "severidad": "BAJA", "descripcion": "x", "visible_cliente": False}
    intentos = [
        lambda: incidencias.incidencia_crear(reporte_id=rep.pk, usuario=capturista, **datos),
        lambda: incidencias.incidencia_editar(incidencia_id=incidencia.pk, usuario=capturista, **datos),
        lambda: incidencias.incidencia_borrar(incidencia_id=incidencia.pk, usuario=capturista),
        lambda: incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(PNG), usuario=capturista),
        lambda: incidencias.foto_borrar(foto_id=foto.pk, usuario=capturista),
    ]
    for intento in intentos:
        with pytest.raises(ValidationError) as e:
            intento()
        assert "está cerrado y no admite cambios" in e.value.message_dict["reporte"][0]
    assert Incidencia.objects.count() == 1 and FotoIncidencia.objects.count() == 1


def test_reading_the_incidents_takes_a_fixed_number_of_queries(capturista, django_assert_num_queries):
    rep = reporte()
    for _ in range(3):
        incidencia = _incidencia(capturista, rep)
        incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    with django_assert_num_queries(2):
        filas = incidencias_del_reporte(rep)
    assert len(filas) == 3 and all(len(f["fotos"]) == 1 for f in filas)


# --- endpoints ------------------------------------------------------------------------------------------------------

DATOS = {"tipo": "Medio ambiente", "severidad": "MEDIA", "descripcion": "Brillo de aceite a estribor."}


def test_creating_editing_and_deleting_through_the_endpoints(cliente_admin, admin):
    rep = reporte()
    respuesta = cliente_admin.post(
        reverse("costa_fuera:incidencia_crear", args=[rep.pk]), {**DATOS, "visible_cliente": "true"}
    )
    assert respuesta.status_code == 201, respuesta.json()
    incidencia = Incidencia.objects.get(pk=respuesta.json()["id_nuevo"])
    assert incidencia.visible_cliente and incidencia.registrado_por == admin
    cuerpo = json.dumps({**DATOS, "severidad": "ALTA", "visible_cliente": False})
    respuesta = cliente_admin.post(
        reverse("costa_fuera:incidencia_editar", args=[incidencia.pk]), cuerpo, content_type="application/json"
    )
    assert respuesta.status_code == 200 and respuesta.json()["incidencia"]["severidad"] == "ALTA"
    incidencia.refresh_from_db()
    assert not incidencia.visible_cliente
    respuesta = cliente_admin.post(reverse("costa_fuera:incidencia_borrar", args=[incidencia.pk]))
    assert respuesta.status_code == 200 and not Incidencia.objects.exists()


def test_the_endpoints_refuse_bad_input_malformed_json_and_unknown_ids(cliente_admin):
    rep = reporte()
    url = reverse("costa_fuera:incidencia_crear", args=[rep.pk])
    respuesta = cliente_admin.post(url, {**DATOS, "severidad": "GRAVE"})
    assert respuesta.status_code == 400 and "severidad" in respuesta.json()["errores"]
    respuesta = cliente_admin.post(url, "{", content_type="application/json")
    assert respuesta.status_code == 400 and "JSON" in respuesta.json()["detalles"]
    respuesta = cliente_admin.post(reverse("costa_fuera:incidencia_crear", args=[999999]), DATOS)
    assert respuesta.status_code == 404 and respuesta.json()["detalles"] == "El reporte diario no existe."
    for nombre in ("incidencia_editar", "incidencia_borrar", "incidencia_foto_subir"):
        respuesta = cliente_admin.post(reverse(f"costa_fuera:{nombre}", args=[999999]), DATOS)
        assert respuesta.status_code in (400, 404)
    respuesta = cliente_admin.post(reverse("costa_fuera:incidencia_editar", args=[999999]), DATOS)
    assert respuesta.status_code == 404 and respuesta.json()["detalles"] == "La incidencia no existe."
    respuesta = cliente_admin.post(reverse("costa_fuera:incidencia_foto_borrar", args=[999999]))
    assert respuesta.status_code == 404 and respuesta.json()["detalles"] == "La foto no existe."


def test_photo_upload_endpoint_checks_the_bytes_and_names_the_field(cliente_capturista, capturista):
    incidencia = _incidencia(capturista)
    url = reverse("costa_fuera:incidencia_foto_subir", args=[incidencia.pk])
    respuesta = cliente_capturista.post(url, {"foto": _foto(PDF, "evidencia.jpg")})
    assert respuesta.status_code == 400 and "foto" in respuesta.json()["errores"]
    respuesta = cliente_capturista.post(url, {})
    assert respuesta.status_code == 400 and "foto" in respuesta.json()["errores"]
    respuesta = cliente_capturista.post(url, {"foto": _foto(PNG, "cubierta.png")})
    assert respuesta.status_code == 201 and respuesta.json()["tipo_contenido"] == "image/png"


def test_photo_upload_endpoint_honours_the_size_setting(cliente_capturista, capturista, settings):
    incidencia = _incidencia(capturista)
    settings.SASCOP_FOTO_MAX_BYTES = 10
    respuesta = cliente_capturista.post(
        reverse("costa_fuera:incidencia_foto_subir", args=[incidencia.pk]), {"foto": _foto()}
    )
    assert respuesta.status_code == 400 and "máximo" in respuesta.json()["errores"]["foto"][0]


def test_a_photo_is_served_only_to_users_who_may_see_the_report(cliente_lector, capturista, externo):
    incidencia = _incidencia(capturista)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(PNG), usuario=capturista)
    url = reverse("costa_fuera:incidencia_foto", args=[foto.pk])
    respuesta = cliente_lector.get(url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/png" and respuesta["X-Content-Type-Options"] == "nosniff"
    assert b"".join(respuesta.streaming_content) == PNG
    assert cliente_lector.get(reverse("costa_fuera:incidencia_foto", args=[999999])).status_code == 404
    anonimo = Client().get(url)
    assert anonimo.status_code == 302 and "/accounts/login/" in anonimo["Location"]
    sin_permiso = Client()
    sin_permiso.force_login(externo)
    assert sin_permiso.get(url).status_code == 403


def test_the_endpoints_refuse_a_closed_report(cliente_admin, admin):
    rep = reporte()
    incidencia = _incidencia(admin, rep)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=admin)
    _cerrar(rep)
    peticiones = [
        (reverse("costa_fuera:incidencia_crear", args=[rep.pk]), DATOS),
        (reverse("costa_fuera:incidencia_editar", args=[incidencia.pk]), DATOS),
        (reverse("costa_fuera:incidencia_borrar", args=[incidencia.pk]), {}),
        (reverse("costa_fuera:incidencia_foto_subir", args=[incidencia.pk]), {"foto": _foto(PNG)}),
        (reverse("costa_fuera:incidencia_foto_borrar", args=[foto.pk]), {}),
    ]
    for url, datos in peticiones:
        respuesta = cliente_admin.post(url, datos)
        assert respuesta.status_code == 400, url
        assert "está cerrado y no admite cambios" in respuesta.json()["detalles"]


def test_the_endpoints_need_login_and_their_permission(cliente_capturista, capturista, lector):
    rep = reporte()
    incidencia = _incidencia(capturista, rep)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    urls = [
        reverse("costa_fuera:incidencia_crear", args=[rep.pk]),
        reverse("costa_fuera:incidencia_editar", args=[incidencia.pk]),
        reverse("costa_fuera:incidencia_borrar", args=[incidencia.pk]),
        reverse("costa_fuera:incidencia_foto_subir", args=[incidencia.pk]),
        reverse("costa_fuera:incidencia_foto_borrar", args=[foto.pk]),
    ]
    for url in urls:
        assert Client().post(url, DATOS).status_code == 401, url
    # The read-only role may not write; the capturer may create and edit but not delete an incident.
    solo_lectura = Client()
    solo_lectura.force_login(lector)
    for url in urls:
        assert solo_lectura.post(url, DATOS).status_code == 403, url
    respuesta = cliente_capturista.post(reverse("costa_fuera:incidencia_borrar", args=[incidencia.pk]))
    assert respuesta.status_code == 403 and Incidencia.objects.filter(pk=incidencia.pk).exists()


# --- photo files and the transaction ------------------------------------------------------------------------------


def _archivos_en(medios) -> list:
    return sorted(p for p in medios.rglob("*") if p.is_file()) if medios.exists() else []


def test_a_failure_after_the_photo_is_stored_leaves_neither_file_nor_row(capturista, medios, monkeypatch):
    incidencia = _incidencia(capturista)

    def falla(**kwargs):
        raise RuntimeError("bitácora caída")

    monkeypatch.setattr("costa_fuera.incidencias.actividad_registrar", falla)
    with pytest.raises(RuntimeError):
        incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)

    assert _archivos_en(medios) == []
    assert not FotoIncidencia.objects.exists()


def test_a_photo_stored_inside_an_outer_block_that_rolls_back_later_is_deleted(capturista, medios):
    incidencia = _incidencia(capturista)
    with pytest.raises(RuntimeError), transaction.atomic():
        foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
        assert (medios / foto.archivo.name).exists()
        raise RuntimeError("la vista falló después")

    assert _archivos_en(medios) == []
    assert not FotoIncidencia.objects.exists()


def test_a_stored_photo_is_kept_once_committed(capturista, medios, django_capture_on_commit_callbacks):
    incidencia = _incidencia(capturista)
    with django_capture_on_commit_callbacks(execute=True):
        foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)

    assert _archivos_en(medios) == [medios / foto.archivo.name]
    assert FotoIncidencia.objects.filter(pk=foto.pk).exists()


def test_a_deleted_photo_file_stays_until_the_commit(capturista, medios, django_capture_on_commit_callbacks):
    incidencia = _incidencia(capturista)
    with django_capture_on_commit_callbacks(execute=True):
        foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    ruta = medios / foto.archivo.name

    with django_capture_on_commit_callbacks(execute=False) as llamadas:
        incidencias.foto_borrar(foto_id=foto.pk, usuario=capturista)
    assert ruta.exists() and not FotoIncidencia.objects.exists()

    for llamada in llamadas:
        llamada()
    assert not ruta.exists()


def test_a_rolled_back_photo_deletion_keeps_the_file(capturista, medios):
    incidencia = _incidencia(capturista)
    foto = incidencias.foto_subir(incidencia_id=incidencia.pk, archivo=_foto(), usuario=capturista)
    ruta = medios / foto.archivo.name

    with pytest.raises(RuntimeError), transaction.atomic():
        incidencias.foto_borrar(foto_id=foto.pk, usuario=capturista)
        raise RuntimeError("la vista falló después")

    assert ruta.exists() and FotoIncidencia.objects.filter(pk=foto.pk).exists()
