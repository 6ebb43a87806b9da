"""The schedule import service on lector answers built in code: versions, rows, the report, all-or-nothing."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.cronograma.lector import ErrorCronograma
from operaciones.cronograma.models import AvanceCronograma, CronogramaVersion, DependenciaTarea, TareaCronograma
from operaciones.cronograma.services import avance_guardar, cronograma_importar
from tests.cronograma.falso import cronograma, enlace, plan_basico, tarea, usar_lector
from tests.factories import OTEFactory

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archivo(tmp_path):
    ruta = tmp_path / "programa obra.mpp"
    ruta.write_bytes(b"contenido del cronograma")
    return ruta


def archivos_guardados(medios) -> list:
    carpeta = medios / "operaciones" / "mpps"
    return sorted(p for p in carpeta.rglob("*") if p.is_file()) if carpeta.exists() else []


def importar(ot, archivo, **opciones):
    return cronograma_importar(ot=ot, archivo=archivo, **opciones)


def test_an_import_stores_a_new_active_version_with_its_tasks_links_and_file(monkeypatch, archivo, admin, medios):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())

    version = importar(ot, archivo, usuario=admin)

    version.refresh_from_db()
    assert version.es_activo and version.id_ot == ot and version.usuario_carga == admin
    assert version.nombre_version == "v1 · programa obra.mpp"
    assert version.fecha_inicio_proyecto == datetime(2026, 1, 5, 8, 0, tzinfo=MEXICO)
    assert version.fecha_fin_proyecto == datetime(2026, 1, 20, 17, 0, tzinfo=MEXICO)
    assert version.archivo_mpp.name.startswith(f"operaciones/mpps/{ot.pk}/")
    assert version.archivo_mpp.read() == b"contenido del cronograma"
    tareas = {t.uid_project: t for t in TareaCronograma.objects.filter(version=version)}
    assert sorted(tareas) == [1, 2, 3, 4, 5]
    levantamiento = tareas[2]
    assert (levantamiento.wbs, levantamiento.nivel_esquema, levantamiento.padre_uid) == ("1.1", 2, 1)
    assert levantamiento.fecha_inicio == datetime(2026, 1, 5, 8, 0, tzinfo=MEXICO)
    assert levantamiento.fecha_fin == datetime(2026, 1, 9, 17, 0, tzinfo=MEXICO)
    assert levantamiento.duracion_dias == Decimal("5.00") and levantamiento.recursos == "Buzo A, Supervisor"
    assert tareas[1].es_resumen and tareas[4].es_hito and tareas[5].padre_uid is None
    enlaces = set(
        DependenciaTarea.objects.filter(version=version).values_list(
            "predecesor_uid", "sucesor_uid", "tipo", "lag_dias"
        )
    )
    assert enlaces == {(2, 3, "FS", Decimal("0.00")), (3, 4, "SS", Decimal("-1.00")), (4, 5, "FF", Decimal("2.00"))}
    registro = RegistroActividad.objects.get(afectacion="Cronograma", registro_id=version.pk)
    assert registro.evento == Evento.IMPORTAR and registro.usuario == admin
    assert "5 tareas" in registro.detalle and ot.orden_trabajo in registro.detalle


def test_the_report_says_what_was_read_and_ignored(monkeypatch, archivo):
    datos = plan_basico()
    datos["campos_personalizados"] = [{"campo": "Text1", "alias": "Notas", "uso": "otro"}]
    datos["ignorado"] = {
        "resumen_proyecto": 1,
        "filas_en_blanco": 3,
        "dependencias_a_tareas_ignoradas": 1,
        "asignaciones_sin_recurso": 7,
    }
    datos["dependencias"].append(enlace(2, 99))  # a task that is not in the file
    datos["dependencias"].append(enlace(2, 3))  # the same link twice
    usar_lector(monkeypatch, datos)

    reporte = importar(OTEFactory(), archivo).reporte_importacion

    leido = reporte["leido"]
    assert (leido["tareas"], leido["resumenes"], leido["hitos"], leido["niveles"]) == (5, 1, 1, 2)
    assert leido["dependencias"] == {"total": 3, "FS": 1, "SS": 1, "FF": 1, "SF": 0}
    assert (leido["recursos"], leido["lista_recursos"]) == (2, ["Buzo A", "Supervisor"])
    assert leido["campos_personalizados"] == [{"campo": "Text1", "alias": "Notas", "uso": "otro"}]
    assert leido["con_ponderacion"] is False
    assert leido["proyecto"]["titulo"] == "Plan" and leido["proyecto"]["inicio"] == "2026-01-05T08:00"
    assert reporte["ignorado"] == {
        "resumen_proyecto": 1,
        "filas_en_blanco": 3,
        "dependencias_a_tareas_ignoradas": 2,
        "asignaciones_sin_recurso": 7,
        "dependencias_repetidas": 1,
        "padres_desconocidos": 0,
    }
    assert reporte["advertencias"] == ["1 dependencia(s) apuntan a tareas que no se importaron y se descartaron."]
    assert reporte["cambios"]["version_anterior"] is None and reporte["cambios"]["agregadas"][0] == {
        "uid": 1,
        "nombre": "Fase de ingeniería",
    }


def test_weights_and_the_progress_custom_field_are_stored(monkeypatch, archivo):
    usar_lector(
        monkeypatch,
        cronograma(
            [
                tarea(1, ponderacion="60.50", avance_campo="25.00", completado="80.00"),
                tarea(2, ponderacion="39.5", completado="100.00"),
                tarea(3, ponderacion=None, completado="150.00", dias="-3.00"),
            ]
        ),
    )

    version = importar(OTEFactory(), archivo)

    tareas = {t.uid_project: t for t in version.tareas.all()}
    assert tareas[1].porcentaje_mpp == Decimal("60.50") and tareas[2].porcentaje_mpp == Decimal("39.50")
    assert tareas[3].porcentaje_mpp == 0
    # The progress custom field wins over MS Project's % complete; out-of-range values are clamped.
    assert [tareas[u].porcentaje_completado for u in (1, 2, 3)] == [
        Decimal("25.00"),
        Decimal("100.00"),
        Decimal("100.00"),
    ]
    assert tareas[3].duracion_dias == 0
    assert version.reporte_importacion["leido"]["con_ponderacion"] is True


def test_an_upload_is_read_from_a_temporary_file_that_is_removed_afterwards(monkeypatch):
    falso = usar_lector(monkeypatch, plan_basico())
    subida = SimpleUploadedFile("C:\\Obras\\Programa KU-A.xml", b"<Project/>", content_type="text/xml")

    version = cronograma_importar(ot=OTEFactory(), archivo=subida)

    assert falso.contenidos == [b"<Project/>"]
    assert falso.rutas[0].suffix == ".xml" and not falso.rutas[0].exists()
    assert version.nombre_version == "v1 · Programa KU-A.xml"
    assert version.reporte_importacion["archivo"] == "Programa KU-A.xml"


def test_the_given_version_name_and_file_name_are_used(monkeypatch, archivo):
    usar_lector(monkeypatch, plan_basico())

    version = importar(OTEFactory(), archivo, nombre_version="  Reprogramación 2  ", nombre_archivo="real.mpp")

    assert version.nombre_version == "Reprogramación 2"
    assert version.reporte_importacion["archivo"] == "real.mpp"


def test_progress_is_reported_at_read_start_read_end_write_and_end(monkeypatch, archivo):
    usar_lector(monkeypatch, plan_basico())
    pasos = []

    importar(OTEFactory(), archivo, reportar=lambda avance, total: pasos.append((avance, total)))

    assert pasos == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_second_import_keeps_the_first_version_inactive_and_reports_the_changes(monkeypatch, archivo, capturista):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())
    primera = importar(ot, archivo)
    tareas = {t.uid_project: t for t in primera.tareas.all()}
    avance_guardar(
        tarea=tareas[2], porcentaje_real="40", porcentaje_cliente="30", comentario="medido", usuario=capturista
    )
    avance_guardar(tarea=tareas[3], porcentaje_real="10", porcentaje_cliente="0", comentario="", usuario=capturista)
    avance_guardar(tarea=tareas[5], porcentaje_real="5", porcentaje_cliente="5", comentario="", usuario=capturista)
    fecha_medicion = AvanceCronograma.objects.get(tarea=tareas[2]).fecha_actualizacion
    cambiado = cronograma(
        [
            tarea(1, "Fase de ingeniería", resumen=True, fin="2026-01-23T17:00", dias="15.00"),
            tarea(2, "Levantamiento batimétrico", padre=1, nivel=2),
            tarea(3, "Planos", resumen=True, padre=1, nivel=2, inicio="2026-01-12T08:00", fin="2026-01-23T17:00"),
            tarea(6, "Planos de detalle", padre=3, nivel=3, inicio="2026-01-12T08:00", fin="2026-01-23T17:00"),
            tarea(4, "Entrega", padre=1, nivel=2, hito=True, inicio="2026-01-23T17:00", fin="2026-01-23T17:00"),
        ]
    )
    usar_lector(monkeypatch, cambiado)

    segunda = importar(ot, archivo)

    primera.refresh_from_db()
    assert not primera.es_activo and primera.tareas.count() == 5
    assert segunda.es_activo and segunda.nombre_version == "v2 · programa obra.mpp"
    assert list(CronogramaVersion.objects.filter(id_ot=ot, es_activo=True)) == [segunda]
    cambios = segunda.reporte_importacion["cambios"]
    assert cambios["version_anterior"] == {"id": primera.pk, "nombre": primera.nombre_version}
    assert cambios["agregadas"] == [{"uid": 6, "nombre": "Planos de detalle"}]
    assert cambios["eliminadas"] == [{"uid": 5, "nombre": "Cierre"}]
    assert cambios["renombradas"] == [{"uid": 2, "antes": "Levantamiento", "despues": "Levantamiento batimétrico"}]
    refechadas = {r["uid"]: r for r in cambios["refechadas"]}
    assert sorted(refechadas) == [1, 3, 4]
    assert refechadas[4] == {
        "uid": 4,
        "nombre": "Entrega",
        "inicio_antes": "2026-01-16T17:00",
        "inicio_despues": "2026-01-23T17:00",
        "fin_antes": "2026-01-09T17:00",
        "fin_despues": "2026-01-23T17:00",
    }
    # Task 2 keeps its progress (same uid, still a leaf); 3 became a summary and 5 left the file: reported.
    assert cambios["avances_conservados"] == 1
    assert cambios["avances_perdidos"] == [
        {
            "uid": 3,
            "nombre": "Planos",
            "porcentaje_real": "10.00",
            "porcentaje_cliente": "0.00",
            "motivo": "la tarea ahora es un resumen",
        },
        {
            "uid": 5,
            "nombre": "Cierre",
            "porcentaje_real": "5.00",
            "porcentaje_cliente": "5.00",
            "motivo": "la tarea ya no está en el archivo",
        },
    ]
    assert any("2 avance(s) registrados no se conservaron" in a for a in segunda.reporte_importacion["advertencias"])
    copia = AvanceCronograma.objects.get(tarea__version=segunda)
    assert copia.tarea.uid_project == 2
    assert (copia.porcentaje_real, copia.porcentaje_cliente) == (Decimal("40.00"), Decimal("30.00"))
    assert copia.comentario == "medido" and copia.actualizado_por == capturista
    assert copia.fecha_actualizacion == fecha_medicion
    # The old version keeps its own progress rows.
    assert AvanceCronograma.objects.filter(tarea__version=primera).count() == 3


def test_an_unreadable_file_writes_nothing(monkeypatch, archivo, medios):
    ot = OTEFactory()
    usar_lector(monkeypatch, ErrorCronograma("El archivo está vacío."))

    with pytest.raises(ErrorCronograma, match="El archivo está vacío"):
        importar(ot, archivo)

    assert not CronogramaVersion.objects.exists() and not TareaCronograma.objects.exists()
    assert not RegistroActividad.objects.filter(afectacion="Cronograma").exists()
    assert archivos_guardados(medios) == []


def test_a_failure_while_writing_rolls_back_and_deletes_the_stored_file(monkeypatch, archivo, medios):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())
    primera = importar(ot, archivo)
    guardados = archivos_guardados(medios)

    def falla(*args, **kwargs):
        raise IntegrityError("simulado")

    monkeypatch.setattr(DependenciaTarea.objects, "bulk_create", falla)
    with pytest.raises(ValidationError, match="no se escribió nada"):
        importar(ot, archivo)

    primera.refresh_from_db()
    assert primera.es_activo and CronogramaVersion.objects.filter(id_ot=ot).count() == 1
    assert TareaCronograma.objects.count() == 5
    assert archivos_guardados(medios) == guardados


def test_the_file_is_stored_before_the_transaction_that_locks_the_ot(monkeypatch, archivo):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())
    fuera = len(connection.atomic_blocks)  # the test's own blocks
    profundidades = []
    guardar = FileSystemStorage.save

    def espiar(almacen, *args, **kwargs):
        profundidades.append(len(connection.atomic_blocks))
        return guardar(almacen, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", espiar)
    version = importar(ot, archivo)

    assert profundidades == [fuera]
    assert version.archivo_mpp.read() == b"contenido del cronograma"


def test_an_outer_rollback_deletes_the_stored_file(monkeypatch, archivo, medios):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())

    with pytest.raises(RuntimeError), transaction.atomic():
        importar(ot, archivo)
        assert len(archivos_guardados(medios)) == 1
        raise RuntimeError("the caller's block fails after the import")

    assert not CronogramaVersion.objects.exists()
    assert archivos_guardados(medios) == []


def test_a_dry_run_reports_without_writing(monkeypatch, archivo, medios):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan_basico())

    version = importar(ot, archivo, simulacro=True)

    assert version.pk is None and version.reporte_importacion["leido"]["tareas"] == 5
    assert not CronogramaVersion.objects.exists() and not TareaCronograma.objects.exists()
    assert archivos_guardados(medios) == []


@pytest.mark.parametrize(
    ("datos", "mensaje"),
    [
        (cronograma([]), "no tiene tareas"),
        (cronograma([tarea(1), tarea(1, "Otra")]), "repite el identificador único \\(UID\\) 1"),
    ],
)
def test_a_schedule_without_tasks_or_with_repeated_uids_is_refused(monkeypatch, archivo, datos, mensaje):
    usar_lector(monkeypatch, datos)

    with pytest.raises(ValidationError, match=mensaje):
        importar(OTEFactory(), archivo)

    assert not CronogramaVersion.objects.exists()


def test_a_malformed_lector_answer_is_a_spanish_error(monkeypatch, archivo):
    usar_lector(monkeypatch, {"tareas": [{"nombre": "sin uid"}]})

    with pytest.raises(ErrorCronograma, match="No se pudo interpretar"):
        importar(OTEFactory(), archivo)


def test_a_deleted_ot_gets_no_schedule(monkeypatch, archivo):
    falso = usar_lector(monkeypatch, plan_basico())

    with pytest.raises(ValidationError, match="La OT está eliminada"):
        importar(OTEFactory(estatus=EstatusRegistro.ELIMINADO), archivo)

    assert falso.rutas == []


def test_an_unknown_parent_is_dropped_and_counted(monkeypatch, archivo):
    usar_lector(monkeypatch, cronograma([tarea(1, padre=0), tarea(2, padre=77, nivel=2)]))

    version = importar(OTEFactory(), archivo)

    assert list(version.tareas.values_list("padre_uid", flat=True)) == [None, None]
    assert version.reporte_importacion["ignorado"]["padres_desconocidos"] == 2


# --- avance_guardar ----------------------------------------------------------------------------------------------


@pytest.fixture
def tareas(monkeypatch, archivo):
    usar_lector(monkeypatch, plan_basico())
    version = importar(OTEFactory(), archivo)
    return {t.uid_project: t for t in version.tareas.all()}


def test_progress_of_a_leaf_task_is_saved_and_logged(tareas, capturista):
    avance = avance_guardar(
        tarea=tareas[2],
        porcentaje_real="45.5",
        porcentaje_cliente=Decimal("40.25"),
        comentario=" ok ",
        usuario=capturista,
    )

    avance.refresh_from_db()
    assert (avance.porcentaje_real, avance.porcentaje_cliente, avance.comentario) == (
        Decimal("45.50"),
        Decimal("40.25"),
        "ok",
    )
    assert avance.actualizado_por == capturista
    filas = {r.campo: r for r in RegistroActividad.objects.filter(afectacion="Avance de tarea", registro_id=avance.pk)}
    assert filas["porcentaje_real"].evento == Evento.CREAR
    assert (filas["porcentaje_real"].valor_anterior, filas["porcentaje_real"].valor_actual) == ("0.00", "45.50")
    assert filas["comentario"].valor_actual == "ok" and filas["porcentaje_real"].usuario == capturista


def test_a_change_of_progress_logs_the_values_before_and_after(tareas, capturista, coordinador):
    avance_guardar(tarea=tareas[2], porcentaje_real=10, porcentaje_cliente=5, comentario="", usuario=capturista)

    avance = avance_guardar(
        tarea=tareas[2], porcentaje_real=20, porcentaje_cliente=5, comentario="", usuario=coordinador
    )

    assert avance.actualizado_por == coordinador
    cambio = RegistroActividad.objects.get(
        afectacion="Avance de tarea", registro_id=avance.pk, evento=Evento.ACTUALIZAR
    )
    assert (cambio.campo, cambio.valor_anterior, cambio.valor_actual) == ("porcentaje_real", "10.00", "20.00")


def test_saving_the_same_progress_again_logs_nothing(tareas, capturista):
    avance_guardar(tarea=tareas[2], porcentaje_real=10, porcentaje_cliente=5, comentario="x", usuario=capturista)
    filas = RegistroActividad.objects.count()

    avance_guardar(tarea=tareas[2], porcentaje_real="10.00", porcentaje_cliente="5", comentario="x", usuario=None)

    assert RegistroActividad.objects.count() == filas
    assert AvanceCronograma.objects.get(tarea=tareas[2]).actualizado_por == capturista


@pytest.mark.parametrize(
    ("real", "cliente", "campo", "mensaje"),
    [
        ("100.01", "0", "porcentaje_real", "El avance real debe estar entre 0 y 100."),
        ("0", "-1", "porcentaje_cliente", "El avance del cliente debe estar entre 0 y 100."),
        ("12.345", "0", "porcentaje_real", "El avance real admite a lo sumo 2 decimales."),
        ("abc", "0", "porcentaje_real", "El avance real debe ser un número entre 0 y 100."),
        ("NaN", "0", "porcentaje_real", "El avance real debe ser un número entre 0 y 100."),
        ("0", None, "porcentaje_cliente", "El avance del cliente debe ser un número entre 0 y 100."),
    ],
)
def test_progress_outside_0_to_100_or_with_more_decimals_is_refused(tareas, real, cliente, campo, mensaje):
    with pytest.raises(ValidationError) as rechazo:
        avance_guardar(tarea=tareas[2], porcentaje_real=real, porcentaje_cliente=cliente, comentario="", usuario=None)

    assert rechazo.value.message_dict[campo] == [mensaje]
    assert not AvanceCronograma.objects.exists()


def test_a_too_long_comment_is_refused(tareas):
    with pytest.raises(ValidationError) as rechazo:
        avance_guardar(tarea=tareas[2], porcentaje_real=1, porcentaje_cliente=1, comentario="x" * 2001, usuario=None)

    assert "comentario" in rechazo.value.message_dict


def test_a_summary_task_takes_no_typed_progress(tareas):
    with pytest.raises(ValidationError, match="es una tarea resumen"):
        avance_guardar(tarea=tareas[1], porcentaje_real=50, porcentaje_cliente=50, comentario="", usuario=None)

    assert not AvanceCronograma.objects.exists()


def test_progress_goes_only_on_the_active_version(monkeypatch, tareas, archivo):
    ot = tareas[2].version.id_ot
    importar(ot, archivo)  # the first version becomes inactive

    with pytest.raises(ValidationError, match="ya no está activa"):
        avance_guardar(tarea=tareas[2], porcentaje_real=50, porcentaje_cliente=50, comentario="", usuario=None)
