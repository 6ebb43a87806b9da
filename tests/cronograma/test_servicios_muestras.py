"""Acceptance of the schedule import on the real samples of ../shared/samples/mpp/ (values from its README).

Every file is read ONCE per session by the real reader, in one subprocess (`leer_cronogramas`, one JVM start);
the import then gets that reading back for the same bytes, so each test pays for the database only. Anything not
read in that batch (e.g. an unexpected file) still goes through the real `leer_cronograma`.
"""

import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from operaciones.cronograma import services
from operaciones.cronograma.lector import ErrorCronograma, leer_cronograma, leer_cronogramas
from operaciones.cronograma.models import AvanceCronograma, CronogramaVersion, DependenciaTarea, TareaCronograma
from operaciones.cronograma.services import avance_guardar, cronograma_importar
from tests.cronograma.mspdi import mspdi_plan
from tests.factories import OTEFactory

pytestmark = pytest.mark.django_db

MUESTRAS = Path(settings.BASE_DIR).parent / "shared" / "samples" / "mpp"
MEXICO = ZoneInfo("America/Mexico_City")
BASELINES = ("mpp9baseline.mpp", "mpp12baseline.mpp", "mpp14baseline.mpp")
TASK_LINKS = ("task-links-project2007-mpp12.mpp", "task-links-project2019-mpp14.mpp")

# file → (real tasks, max outline level, links) as the README states them.
VALIDOS = {
    "sample.mpp": (22, 3, 6),
    "sample98.mpp": (19, 2, 6),
    "mpp9baseline.mpp": (14, 4, 6),
    "mpp12baseline.mpp": (14, 4, 6),
    "mpp14baseline.mpp": (14, 4, 6),
    "task-links-project2007-mpp12.mpp": (16, 1, 8),
    "task-links-project2019-mpp14.mpp": (16, 1, 8),
    "timephased-cost-rollup.mpp": (9, 3, 2),
    "taskFlags-mpp9Project2013.mpp": (69, 2, 0),
    "mpp14nulltasks.mpp": (5, 2, 0),
    "sample1.xml": (22, 3, 6),
    "mspdirelations.xml": (5, 1, 4),
    "invalid/writepassword9.mpp": (None, None, None),
}
INVALIDOS = (
    "invalid/password-protected-mpp9.mpp",
    "invalid/empty.mpp",
    "invalid/not-a-project.mpp",
    "invalid/truncated-sample.mpp",
)
RELACIONES_SAMPLE = {
    (9, 10, "FS", Decimal("0.00")),
    (11, 12, "FS", Decimal("1.00")),
    (13, 14, "FS", Decimal("-1.00")),
    (15, 16, "SS", Decimal("0.00")),
    (17, 18, "FF", Decimal("0.00")),
    (20, 21, "SF", Decimal("0.00")),
}


def huella(ruta: Path) -> str:
    return hashlib.sha256(Path(ruta).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def plan_generado(tmp_path_factory):
    plan = mspdi_plan(40, titulo="Plan ponderado")
    return plan, plan.escribir(tmp_path_factory.mktemp("plan") / "plan-ponderado.xml")


@pytest.fixture(scope="session")
def lecturas(plan_generado):
    """sha256 of the file → what the real reader made of it (dict or ErrorCronograma), all in one subprocess."""
    rutas = [MUESTRAS / nombre for nombre in [*VALIDOS, *INVALIDOS] if (MUESTRAS / nombre).stat().st_size]
    rutas.append(plan_generado[1])
    return {huella(ruta): lectura for ruta, lectura in zip(rutas, leer_cronogramas(rutas), strict=True)}


@pytest.fixture(autouse=True)
def lector_de_la_sesion(monkeypatch, lecturas):
    def leer(ruta, **opciones):
        ruta = Path(ruta)
        if not ruta.is_file() or huella(ruta) not in lecturas:
            return leer_cronograma(ruta, **opciones)
        lectura = lecturas[huella(ruta)]
        if isinstance(lectura, ErrorCronograma):
            raise lectura
        return lectura

    monkeypatch.setattr(services, "leer_cronograma", leer)


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def importar(nombre: str, ot=None) -> CronogramaVersion:
    return cronograma_importar(ot=ot or OTEFactory(), archivo=MUESTRAS / nombre)


def tareas_de(version) -> dict[int, TareaCronograma]:
    return {t.uid_project: t for t in version.tareas.all()}


def enlaces_de(version) -> set:
    return set(
        DependenciaTarea.objects.filter(version=version).values_list(
            "predecesor_uid", "sucesor_uid", "tipo", "lag_dias"
        )
    )


def local(texto: str) -> datetime:
    return datetime.fromisoformat(texto).replace(tzinfo=MEXICO)


@pytest.mark.parametrize("nombre", [n for n, (reales, _, _) in VALIDOS.items() if reales])
def test_every_valid_sample_imports_its_real_tasks(nombre):
    reales, nivel, enlaces = VALIDOS[nombre]

    version = importar(nombre)

    assert version.es_activo and version.tareas.count() == reales
    assert DependenciaTarea.objects.filter(version=version).count() == enlaces
    leido = version.reporte_importacion["leido"]
    assert (leido["tareas"], leido["niveles"], leido["dependencias"]["total"]) == (reales, nivel, enlaces)
    assert version.archivo_mpp.size == (MUESTRAS / nombre).stat().st_size


def test_sample_mpp_stores_parents_wbs_dates_durations_resources_and_links():
    version = importar("sample.mpp")

    assert version.fecha_inicio_proyecto == local("2003-01-07T08:00")
    assert version.fecha_fin_proyecto == local("2003-03-18T08:00")
    tareas = tareas_de(version)
    assert 0 not in tareas  # the project summary row is not a task
    primera = tareas[1]
    assert (primera.nombre, primera.wbs, primera.nivel_esquema, primera.es_resumen) == ("First Task", "1", 1, True)
    assert primera.padre_uid is None and primera.duracion_dias == Decimal("50.00")
    assert (primera.fecha_inicio, primera.fecha_fin) == (local("2003-01-07T08:00"), local("2003-03-18T08:00"))
    segunda = tareas[2]
    assert (segunda.wbs, segunda.nivel_esquema, segunda.padre_uid) == ("1.1", 2, 1)
    assert segunda.duracion_dias == Decimal("100.00") and segunda.recursos == "First Resource, Second Resource"
    hito = tareas[3]
    assert hito.es_hito and hito.duracion_dias == 0 and hito.fecha_inicio == hito.fecha_fin == local("2003-01-07T08:00")
    assert (tareas[6].id_project, tareas[19].id_project, tareas[19].es_resumen) == (4, 7, True)
    assert (tareas[23].wbs, tareas[23].nivel_esquema, tareas[23].padre_uid) == ("3.13.1", 3, 22)
    assert (tareas[23].recursos, tareas[24].recursos) == ("First Resource", "Second Resource")
    assert enlaces_de(version) == RELACIONES_SAMPLE
    assert version.reporte_importacion["ignorado"]["resumen_proyecto"] == 1


@pytest.mark.parametrize("nombre", BASELINES)
def test_the_same_schedule_saved_by_three_project_versions_imports_the_same(nombre):
    version = importar(nombre)

    assert version.fecha_inicio_proyecto == local("2006-08-24T08:00")
    assert version.fecha_fin_proyecto == local("2006-09-14T17:00")
    tareas = tareas_de(version)
    assert (tareas[1].nombre, tareas[1].es_resumen, tareas[1].porcentaje_completado) == ("Base Task", True, 57)
    assert tareas[1].duracion_dias == Decimal("16.00")
    subtarea = tareas[2]
    assert (subtarea.wbs, subtarea.duracion_dias, subtarea.porcentaje_completado) == ("1.1", 3, 100)
    assert (subtarea.fecha_inicio, subtarea.fecha_fin) == (local("2006-08-24T08:00"), local("2006-08-28T17:00"))
    assert subtarea.recursos == "Wade Golden"
    assert (tareas[7].id_project, tareas[7].duracion_dias, tareas[7].porcentaje_completado) == (5, 10, 50)
    assert tareas[6].recursos == "Jon Iles, Wade Golden" and tareas[6].porcentaje_completado == 0
    assert tareas[5].es_hito and tareas[5].fecha_inicio == local("2006-09-14T17:00")
    assert (tareas[14].wbs, tareas[14].nivel_esquema, tareas[14].padre_uid) == ("2.2.1.1", 4, 13)
    assert (tareas[13].padre_uid, tareas[12].padre_uid) == (12, 8)
    cero = Decimal("0.00")
    assert enlaces_de(version) == {(p, s, "FS", cero) for p, s in [(2, 3), (3, 4), (2, 7), (4, 6), (7, 6), (6, 5)]}


@pytest.mark.parametrize("nombre", TASK_LINKS)
def test_lags_in_weeks_are_stored_in_days(nombre):
    enlaces = {(p, s): (t, lag) for p, s, t, lag in enlaces_de(importar(nombre))}

    assert enlaces[(7, 8)] == ("FS", Decimal("5.00")) and enlaces[(9, 10)] == ("FS", Decimal("10.00"))
    assert enlaces[(11, 12)] == ("SF", Decimal("2.00")) and enlaces[(13, 14)] == ("SS", Decimal("2.00"))
    assert enlaces[(15, 16)] == ("FF", Decimal("2.00"))


def test_negative_lags_are_kept():
    version = importar("timephased-cost-rollup.mpp")

    assert enlaces_de(version) == {(3, 4, "FS", Decimal("-2.00")), (7, 10, "FS", Decimal("-2.00"))}
    tarea = tareas_de(version)[10]
    assert (tarea.wbs, tarea.nivel_esquema, tarea.recursos) == ("3.1.2", 3, "Resource 8a, Resource 8b")


def test_blank_rows_are_not_tasks():
    version = importar("mpp14nulltasks.mpp")

    assert sorted(tareas_de(version)) == [1, 3, 4, 6, 8]
    assert version.reporte_importacion["ignorado"]["filas_en_blanco"] == 3


def test_mspdi_durations_and_lags_in_hours_become_days():
    version = importar("sample1.xml")

    assert tareas_de(version)[1].duracion_dias == Decimal("50.00")
    assert enlaces_de(version) == RELACIONES_SAMPLE


def test_a_file_with_only_a_write_password_imports():
    version = importar("invalid/writepassword9.mpp")

    assert tareas_de(version)[1].nombre == "Task One"
    assert version.reporte_importacion["leido"]["proyecto"]["titulo"] == "writepassword"


@pytest.mark.parametrize("nombre", [*INVALIDOS, "."])
def test_every_invalid_file_is_refused_in_spanish_and_leaves_no_version(nombre, medios):
    ot = OTEFactory()

    with pytest.raises(ErrorCronograma) as rechazo:
        importar(nombre, ot)

    mensaje = str(rechazo.value)
    assert mensaje.startswith(("El archivo", "La ruta")) and "Exception" not in mensaje
    assert not CronogramaVersion.objects.filter(id_ot=ot).exists() and not TareaCronograma.objects.exists()
    assert not (medios / "operaciones").exists()


def test_weights_and_progress_custom_fields_of_a_generated_plan_are_stored(plan_generado):
    plan, ruta = plan_generado

    version = cronograma_importar(ot=OTEFactory(), archivo=ruta)

    esperadas = {t["uid"]: t for t in plan.tareas_esperadas()}
    tareas = tareas_de(version)
    assert sorted(tareas) == sorted(esperadas)
    con_peso = [uid for uid, t in esperadas.items() if t["ponderacion"] is not None]
    assert con_peso and version.reporte_importacion["leido"]["con_ponderacion"] is True
    for uid in con_peso:
        assert tareas[uid].porcentaje_mpp == Decimal(esperadas[uid]["ponderacion"])
    for uid, esperada in esperadas.items():
        avance = esperada["avance_campo"] or esperada["porcentaje_completado"]
        assert tareas[uid].porcentaje_completado == Decimal(avance)
    usos = {c["uso"] for c in version.reporte_importacion["leido"]["campos_personalizados"]}
    assert {"ponderacion", "avance"} <= usos


def guardar(tareas, uid, real, cliente, comentario, usuario):
    avance_guardar(
        tarea=tareas[uid], porcentaje_real=real, porcentaje_cliente=cliente, comentario=comentario, usuario=usuario
    )


def test_reimporting_the_same_plan_as_mspdi_keeps_real_and_client_progress_by_unique_id(capturista):
    ot = OTEFactory()
    tareas = tareas_de(importar("sample.mpp", ot))
    guardar(tareas, 2, "35.5", "30", "medición semana 3", capturista)
    guardar(tareas, 23, "100", "90", "", capturista)
    guardar(tareas, 10, "12.25", "0", "retraso por clima", capturista)

    version = importar("sample1.xml", ot)

    avances = {
        a.tarea.uid_project: a for a in AvanceCronograma.objects.filter(tarea__version=version).select_related("tarea")
    }
    assert sorted(avances) == [2, 10, 23]
    assert (avances[2].porcentaje_real, avances[2].porcentaje_cliente) == (Decimal("35.50"), Decimal("30.00"))
    assert avances[2].comentario == "medición semana 3" and avances[2].actualizado_por == capturista
    assert (avances[23].porcentaje_real, avances[23].porcentaje_cliente) == (Decimal("100.00"), Decimal("90.00"))
    assert (avances[10].porcentaje_real, avances[10].comentario) == (Decimal("12.25"), "retraso por clima")
    cambios = version.reporte_importacion["cambios"]
    assert cambios["avances_conservados"] == 3 and cambios["avances_perdidos"] == []
    assert cambios["agregadas"] == [] and cambios["eliminadas"] == []
    assert list(CronogramaVersion.objects.filter(id_ot=ot).order_by("pk").values_list("es_activo", flat=True)) == [
        False,
        True,
    ]


def test_progress_of_a_task_whose_unique_id_disappears_is_reported_not_carried(capturista):
    ot = OTEFactory()
    tareas = tareas_de(importar("sample.mpp", ot))
    guardar(tareas, 2, "40", "35", "", capturista)
    guardar(tareas, 23, "100", "90", "", capturista)  # "Assigned Task 1": not in the Project 98 file

    version = importar("sample98.mpp", ot)

    nuevas = tareas_de(version)
    assert 23 not in nuevas
    assert AvanceCronograma.objects.get(tarea=nuevas[2]).porcentaje_real == Decimal("40.00")
    assert AvanceCronograma.objects.filter(tarea__version=version).count() == 1
    cambios = version.reporte_importacion["cambios"]
    assert [t["uid"] for t in cambios["eliminadas"]] == [22, 23, 24]
    assert cambios["avances_perdidos"] == [
        {
            "uid": 23,
            "nombre": "Assigned Task 1",
            "porcentaje_real": "100.00",
            "porcentaje_cliente": "90.00",
            "motivo": "la tarea ya no está en el archivo",
        }
    ]
    # uid 19 "Task Relationships" finishes 2003-01-09T17:00 in the Project 98 file.
    refechada = next(r for r in cambios["refechadas"] if r["uid"] == 19)
    assert refechada["fin_despues"] == "2003-01-09T17:00"
    # The earlier version keeps its progress.
    assert AvanceCronograma.objects.filter(tarea__version__id_ot=ot, tarea__uid_project=23).count() == 1
