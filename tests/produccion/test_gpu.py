"""GPU services: which production needs one, the status workflow, the excess block and the evidence files."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId
from operaciones.produccion.excedentes import excedentes_recalcular
from operaciones.produccion.gpu import (
    MENSAJE_BLOQUEADO,
    excedente_autorizar,
    gpu_adjuntar_evidencia,
    gpu_bloqueado,
    gpu_cambiar_estatus,
    gpus_sincronizar,
)
from operaciones.produccion.models import Produccion, RegistroGPU, TipoTiempo
from operaciones.produccion.services import produccion_guardar_hoja
from tests.produccion.datos import conceptos_crear, familia_con_anexo, lineas_crear, producir

pytestmark = pytest.mark.django_db

DIA = date(2025, 3, 10)

# Real file signatures, padded: enough for the content check, which reads the first bytes only.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 100
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def familia():
    """An OT with four annex lines (C-2 and C-3 alternating) and one line of C-7, which needs no GPU."""
    fam = familia_con_anexo(4)
    fam.linea_c7 = lineas_crear(fam.importacion, conceptos_crear(1, anexos=("C-7",)))[0]
    return fam


def producir_en(familia, partida, volumen="5", dia=DIA, **extra):
    return producir(partida, dia, volumen, sitio=familia.sitio, **extra)


@pytest.fixture
def produccion(familia):
    """A C-2 production row with its PENDIENTE GPU."""
    p = producir_en(familia, familia.partidas[0])
    gpus_sincronizar(producciones_ids=[p.pk])
    return p


def estatus_de(produccion) -> int:
    return RegistroGPU.objects.get(id_produccion=produccion).id_estatus_id


def archivo(contenido: bytes, nombre="evidencia.jpg", tipo="image/jpeg"):
    return SimpleUploadedFile(nombre, contenido, content_type=tipo)


# --- Which production needs a GPU ----------------------------------------------------------------------------------


def test_sync_creates_pending_gpus_for_configured_anexos_with_volume_only(familia, django_assert_num_queries):
    c2, c3 = familia.partidas[0], familia.partidas[1]
    con_gpu = [producir_en(familia, c2), producir_en(familia, c3, "0.000001")]
    sin_gpu = [producir_en(familia, familia.linea_c7), producir_en(familia, familia.partidas[2], "0")]

    with django_assert_num_queries(2):  # one query finds them, one bulk insert creates them
        gpus_sincronizar(producciones_ids=[p.pk for p in con_gpu + sin_gpu])

    gpus = RegistroGPU.objects.order_by("id_produccion")
    assert [g.id_produccion_id for g in gpus] == sorted(p.pk for p in con_gpu)
    assert {g.id_estatus_id for g in gpus} == {EstatusId.GPU_PENDIENTE}


def test_sync_twice_creates_nothing_new_and_keeps_the_status(produccion, django_assert_num_queries):
    RegistroGPU.objects.filter(id_produccion=produccion).update(id_estatus_id=EstatusId.GPU_PROCESO)

    with django_assert_num_queries(1):
        gpus_sincronizar(producciones_ids=[produccion.pk])

    assert RegistroGPU.objects.count() == 1
    assert estatus_de(produccion) == EstatusId.GPU_PROCESO


def test_sync_without_ids_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        gpus_sincronizar(producciones_ids=[])


def test_the_anexos_needing_a_gpu_are_a_setting_compared_in_upper_case_and_trimmed(familia, settings):
    settings.SASCOP_ANEXOS_CON_GPU = [" c-7 "]
    familia.linea_c7.anexo = "C-7 "
    familia.linea_c7.save(update_fields=["anexo"])
    c2 = producir_en(familia, familia.partidas[0])
    c7 = producir_en(familia, familia.linea_c7)

    gpus_sincronizar(producciones_ids=[c2.pk, c7.pk])

    assert list(RegistroGPU.objects.values_list("id_produccion", flat=True)) == [c7.pk]


# --- Workflow -------------------------------------------------------------------------------------------------------


def test_a_gpu_moves_forward_one_step_at_a_time_up_to_signed_with_evidence(produccion, capturista):
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FALTA_FIRMA_PEMEX, usuario=capturista)
    gpu = gpu_cambiar_estatus(
        produccion=produccion,
        estatus_id=EstatusId.FIRMADO,
        archivo="https://drive.example.com/generadores/ot-801/dia-10.pdf",
        usuario=capturista,
    )

    gpu.refresh_from_db()
    assert gpu.id_estatus_id == EstatusId.FIRMADO
    assert gpu.archivo == "https://drive.example.com/generadores/ot-801/dia-10.pdf"
    cambios = RegistroActividad.objects.filter(registro_id=gpu.pk, campo="id_estatus").order_by("pk")
    assert [(c.valor_anterior, c.valor_actual, c.evento) for c in cambios] == [
        ("PENDIENTE", "PROCESO", Evento.CAMBIO_ESTATUS),
        ("PROCESO", "FALTA FIRMA PEMEX", Evento.CAMBIO_ESTATUS),
        ("FALTA FIRMA PEMEX", "FIRMADO", Evento.CAMBIO_ESTATUS),
    ]
    assert {c.usuario_id for c in cambios} == {capturista.pk}


def test_skipping_a_step_is_refused(produccion, capturista):
    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FALTA_FIRMA_PEMEX, usuario=capturista)

    assert "solo puede avanzar o regresar un paso" in rechazo.value.message_dict["estatus_id"][0]
    assert estatus_de(produccion) == EstatusId.GPU_PENDIENTE
    assert not RegistroActividad.objects.filter(campo="id_estatus").exists()


def test_signing_without_evidence_is_refused(produccion, capturista):
    RegistroGPU.objects.filter(id_produccion=produccion).update(id_estatus_id=EstatusId.FALTA_FIRMA_PEMEX)

    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FIRMADO, usuario=capturista)

    assert "adjunte la evidencia" in rechazo.value.message_dict["archivo"][0]
    assert estatus_de(produccion) == EstatusId.FALTA_FIRMA_PEMEX


def test_an_uploaded_file_is_evidence_enough_to_sign(produccion, capturista):
    RegistroGPU.objects.filter(id_produccion=produccion).update(id_estatus_id=EstatusId.FALTA_FIRMA_PEMEX)
    gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(PDF, "acta.pdf"), usuario=capturista)

    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FIRMADO, usuario=capturista)

    assert estatus_de(produccion) == EstatusId.FIRMADO


def test_a_link_that_is_not_http_is_refused(produccion, capturista):
    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(
            produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, archivo="javascript:alert(1)", usuario=capturista
        )

    assert "http" in rechazo.value.message_dict["archivo"][0]


def test_going_back_one_step_needs_the_gpu_permission(produccion, capturista, lector):
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)

    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, usuario=lector)
    assert "regresar" in rechazo.value.message_dict["estatus_id"][0]

    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, usuario=capturista)
    assert estatus_de(produccion) == EstatusId.GPU_PENDIENTE


def test_the_evidence_of_a_signed_gpu_cannot_change_until_it_goes_back(produccion, capturista):
    RegistroGPU.objects.filter(id_produccion=produccion).update(
        id_estatus_id=EstatusId.FIRMADO, archivo="https://drive.example.com/a.pdf"
    )

    with pytest.raises(ValidationError):
        gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FIRMADO, archivo="", usuario=capturista)
    with pytest.raises(ValidationError):
        gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)

    gpu = gpu_cambiar_estatus(
        produccion=produccion,
        estatus_id=EstatusId.FALTA_FIRMA_PEMEX,
        archivo="https://drive.example.com/b.pdf",
        usuario=capturista,
    )
    assert (gpu.id_estatus_id, gpu.archivo) == (EstatusId.FALTA_FIRMA_PEMEX, "https://drive.example.com/b.pdf")


def test_saving_the_same_status_and_link_again_logs_nothing(produccion, capturista):
    enlace = "https://drive.example.com/a.pdf"
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, archivo=enlace, usuario=capturista)
    registros = RegistroActividad.objects.count()

    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, archivo=enlace, usuario=capturista)

    assert RegistroActividad.objects.count() == registros


def test_production_of_an_anexo_without_gpu_is_refused(familia, capturista):
    c7 = producir_en(familia, familia.linea_c7)

    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(produccion=c7, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)

    assert "no requiere GPU" in rechazo.value.messages[0]
    assert not RegistroGPU.objects.exists()


def test_a_missing_gpu_is_created_when_its_status_is_first_set(familia, capturista):
    p = producir_en(familia, familia.partidas[1])

    gpu_cambiar_estatus(produccion=p, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)

    assert estatus_de(p) == EstatusId.GPU_PROCESO


# --- Excess blocks the GPU -------------------------------------------------------------------------------------------


def test_a_gpu_of_excess_production_stays_pending_until_the_excess_is_authorised(familia, capturista, admin):
    partida = familia.partidas[0]  # authorised volume 100
    dentro = producir_en(familia, partida, "80", dia=date(2025, 3, 3))
    fuera = producir_en(familia, partida, "30", dia=date(2025, 3, 4), tipo_tiempo=TipoTiempo.CMA)
    excedentes_recalcular(ot=familia.ot)
    gpus_sincronizar(producciones_ids=[dentro.pk, fuera.pk])
    fuera.refresh_from_db()
    assert gpu_bloqueado(fuera)

    with pytest.raises(ValidationError) as rechazo:
        gpu_cambiar_estatus(produccion=fuera, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)
    assert rechazo.value.message_dict["estatus_id"] == [MENSAJE_BLOQUEADO]
    gpu_cambiar_estatus(produccion=dentro, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)

    assert excedente_autorizar(producciones_ids=[fuera.pk], usuario=admin) == 1

    fuera.refresh_from_db()
    assert (fuera.excedente_autorizado, fuera.excedente_autorizado_por) == (True, admin)
    assert fuera.fecha_autorizacion_excedente is not None
    assert not gpu_bloqueado(fuera)
    gpu_cambiar_estatus(produccion=fuera, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)
    assert estatus_de(fuera) == EstatusId.GPU_PROCESO
    registro = RegistroActividad.objects.get(registro_id=fuera.pk, campo="excedente_autorizado")
    assert (registro.valor_anterior, registro.valor_actual, registro.usuario) == ("No", "Sí", admin)


def test_a_gpu_already_in_process_can_go_back_but_not_forward_when_its_production_becomes_excess(
    produccion, capturista
):
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PROCESO, usuario=capturista)
    Produccion.objects.filter(pk=produccion.pk).update(es_excedente=True)

    with pytest.raises(ValidationError):
        gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.FALTA_FIRMA_PEMEX, usuario=capturista)
    gpu_cambiar_estatus(produccion=produccion, estatus_id=EstatusId.GPU_PENDIENTE, usuario=capturista)

    assert estatus_de(produccion) == EstatusId.GPU_PENDIENTE


def test_authorising_refuses_unknown_or_non_excess_rows_and_changes_nothing(produccion, familia, admin):
    excedente = producir_en(familia, familia.partidas[1], "500")
    Produccion.objects.filter(pk=excedente.pk).update(es_excedente=True)

    with pytest.raises(ValidationError) as rechazo:
        excedente_autorizar(producciones_ids=[excedente.pk, produccion.pk], usuario=admin)
    assert "no es excedente" in rechazo.value.message_dict["producciones_ids"][0]
    with pytest.raises(ValidationError) as rechazo:
        excedente_autorizar(producciones_ids=[excedente.pk, 99_999_999], usuario=admin)
    assert "99999999" in rechazo.value.message_dict["producciones_ids"][0]

    assert not Produccion.objects.filter(excedente_autorizado=True).exists()


def test_authorising_twice_changes_nothing_the_second_time(familia, admin):
    excedente = producir_en(familia, familia.partidas[1], "500")
    Produccion.objects.filter(pk=excedente.pk).update(es_excedente=True)
    excedente_autorizar(producciones_ids=[excedente.pk], usuario=admin)
    registros = RegistroActividad.objects.count()

    assert excedente_autorizar(producciones_ids=[excedente.pk], usuario=admin) == 0
    assert RegistroActividad.objects.count() == registros


# --- Evidence files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contenido", "nombre", "tipo", "extension"),
    [
        (JPEG, "foto.jpg", "image/jpeg", ".jpg"),
        (PNG, "captura.png", "image/png", ".png"),
        (WEBP, "foto.webp", "image/webp", ".webp"),
        (PDF, "generador.pdf", "application/pdf", ".pdf"),
        (JPEG, "foto_sin_extension", "image/jpeg", ".jpg"),  # the content decides, not the name
    ],
)
def test_evidence_is_stored_with_its_hash_and_the_type_found_in_its_content(
    produccion, capturista, medios, contenido, nombre, tipo, extension
):
    gpu = gpu_adjuntar_evidencia(
        produccion=produccion, archivo=archivo(contenido, nombre, "application/octet-stream"), usuario=capturista
    )

    gpu.refresh_from_db()
    assert gpu.hash_archivo == hashlib.sha256(contenido).hexdigest()
    assert gpu.tipo_archivo == tipo
    assert gpu.archivo_adjunto.name.startswith("gpu/") and gpu.archivo_adjunto.name.endswith(extension)
    assert (medios / gpu.archivo_adjunto.name).read_bytes() == contenido
    registro = RegistroActividad.objects.get(registro_id=gpu.pk, campo="hash_archivo")
    assert (registro.valor_anterior, registro.valor_actual) == ("", gpu.hash_archivo)


def test_a_text_file_renamed_as_jpg_is_refused(produccion, capturista, medios):
    with pytest.raises(ValidationError) as rechazo:
        gpu_adjuntar_evidencia(
            produccion=produccion, archivo=archivo(b"no soy una foto, soy texto\n" * 10), usuario=capturista
        )

    assert "JPEG, PNG, WebP o PDF" in rechazo.value.message_dict["archivo"][0]
    gpu = RegistroGPU.objects.get(id_produccion=produccion)
    assert (gpu.archivo_adjunto.name, gpu.hash_archivo) == ("", "")
    assert not medios.exists() or not any(medios.rglob("*.*"))


def test_evidence_above_the_configured_size_is_refused(produccion, capturista, settings):
    settings.SASCOP_GPU_MAX_BYTES = len(JPEG) - 1

    with pytest.raises(ValidationError) as rechazo:
        gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)

    assert "el máximo es" in rechazo.value.message_dict["archivo"][0]
    settings.SASCOP_GPU_MAX_BYTES = len(JPEG)
    assert gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista).hash_archivo


def test_an_empty_file_is_refused(produccion, capturista):
    with pytest.raises(ValidationError):
        gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(b""), usuario=capturista)


def test_new_evidence_replaces_the_old_file_once_committed(
    produccion, capturista, medios, django_capture_on_commit_callbacks
):
    primera = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)
    vieja = medios / primera.archivo_adjunto.name

    with django_capture_on_commit_callbacks(execute=True):
        segunda = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(PDF, "acta.pdf"), usuario=capturista)

    assert not vieja.exists()
    assert (medios / segunda.archivo_adjunto.name).read_bytes() == PDF
    assert segunda.tipo_archivo == "application/pdf"


# --- With the sheet's save service (helper "hoja") -------------------------------------------------------------------


def test_saving_a_sheet_creates_the_gpus_and_removing_a_value_removes_its_gpu(familia, capturista):
    lineas = [familia.partidas[0], familia.linea_c7]
    valores = [None] * 31
    valores[9] = "2.5"
    partidas = [{"id_partida_imp": p.pk, "codigo": p.id_partida, "valores": list(valores)} for p in lineas]
    parametros = {"ot": familia.ot, "mes": 3, "anio": 2025, "tipo_tiempo": "TE", "sitio": familia.sitio}

    produccion_guardar_hoja(**parametros, partidas=partidas, usuario=capturista)

    gpu = RegistroGPU.objects.select_related("id_produccion__id_partida_anexo").get()
    assert gpu.id_produccion.id_partida_anexo == familia.partidas[0]
    assert (gpu.id_estatus_id, gpu.id_produccion.fecha_produccion) == (EstatusId.GPU_PENDIENTE, DIA)

    partidas[0]["valores"][9] = None
    produccion_guardar_hoja(**parametros, partidas=partidas, usuario=capturista)

    assert not RegistroGPU.objects.exists()
    assert Produccion.objects.get().id_partida_anexo == familia.linea_c7


# --- Evidence files and the transaction ------------------------------------------------------------------------------


def archivos_en(medios) -> list:
    return sorted(p for p in medios.rglob("*") if p.is_file()) if medios.exists() else []


def test_a_failure_after_the_file_is_stored_leaves_neither_file_nor_change(produccion, capturista, medios, monkeypatch):
    def falla(**kwargs):
        raise RuntimeError("bitácora caída")

    monkeypatch.setattr("operaciones.produccion.gpu.actividad_registrar", falla)
    with pytest.raises(RuntimeError):
        gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)

    assert archivos_en(medios) == []
    gpu = RegistroGPU.objects.get(id_produccion=produccion)
    assert (gpu.archivo_adjunto.name, gpu.hash_archivo, gpu.tipo_archivo) == ("", "", "")


def test_a_failed_replacement_keeps_the_old_evidence_and_drops_the_new_file(
    produccion, capturista, medios, monkeypatch
):
    primera = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)
    vieja = medios / primera.archivo_adjunto.name

    def falla(**kwargs):
        raise RuntimeError("bitácora caída")

    monkeypatch.setattr("operaciones.produccion.gpu.actividad_registrar", falla)
    with pytest.raises(RuntimeError):
        gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(PDF, "acta.pdf"), usuario=capturista)

    assert archivos_en(medios) == [vieja] and vieja.read_bytes() == JPEG
    gpu = RegistroGPU.objects.get(id_produccion=produccion)
    assert (gpu.archivo_adjunto.name, gpu.tipo_archivo) == (primera.archivo_adjunto.name, "image/jpeg")


def test_evidence_stored_inside_an_outer_block_that_rolls_back_later_is_deleted(produccion, capturista, medios):
    with pytest.raises(RuntimeError), transaction.atomic():
        gpu = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)
        assert (medios / gpu.archivo_adjunto.name).exists()
        raise RuntimeError("la vista falló después")

    assert archivos_en(medios) == []
    assert RegistroGPU.objects.get(id_produccion=produccion).hash_archivo == ""


def test_the_replaced_evidence_file_stays_until_the_commit(
    produccion, capturista, medios, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        primera = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(JPEG), usuario=capturista)
    vieja = medios / primera.archivo_adjunto.name

    with django_capture_on_commit_callbacks(execute=False) as llamadas:
        segunda = gpu_adjuntar_evidencia(produccion=produccion, archivo=archivo(PDF, "acta.pdf"), usuario=capturista)
    nueva = medios / segunda.archivo_adjunto.name
    assert vieja.exists() and nueva.exists()  # not committed yet: both on disk

    for llamada in llamadas:
        llamada()
    assert not vieja.exists() and nueva.read_bytes() == PDF
