"""Schedule reads: weighted roll-ups of real / client / planned progress, the S-curve, the Gantt, query counts."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from operaciones.cronograma.models import AvanceOtHistorial
from operaciones.cronograma.selectors import (
    arbol_tareas,
    avance_ot,
    curva_s,
    gantt,
    reporte_lineas,
    version_activa,
    versiones_de_ot,
)
from operaciones.cronograma.services import avance_guardar, cronograma_importar
from tests.cronograma.falso import cronograma, enlace, tarea, usar_lector
from tests.factories import OTEFactory

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")


def momento(texto: str) -> datetime:
    return datetime.fromisoformat(texto).replace(tzinfo=MEXICO)


@pytest.fixture(autouse=True)
def medios(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def archivo(tmp_path):
    ruta = tmp_path / "plan.mpp"
    ruta.write_bytes(b"mpp")
    return ruta


def plan(ponderaciones: dict | None = None) -> dict:
    """Phase A (summary) > 2 (4 d), 3 (6 d); phase B (summary) > sub B (summary) > 6 (10 d), milestone 7.

    Back to back from 2026-03-02 to 2026-03-22 (20 calendar days), so with duration weights the plan is linear.
    """
    ponderaciones = ponderaciones or {}
    return cronograma(
        [
            tarea(1, "Fase A", resumen=True, inicio="2026-03-02T00:00", fin="2026-03-12T00:00", dias="10.00"),
            tarea(
                2,
                "Buceo",
                padre=1,
                nivel=2,
                inicio="2026-03-02T00:00",
                fin="2026-03-06T00:00",
                dias="4.00",
                ponderacion=ponderaciones.get(2),
            ),
            tarea(
                3,
                "Soldadura",
                padre=1,
                nivel=2,
                inicio="2026-03-06T00:00",
                fin="2026-03-12T00:00",
                dias="6.00",
                ponderacion=ponderaciones.get(3),
            ),
            tarea(4, "Fase B", resumen=True, inicio="2026-03-12T00:00", fin="2026-03-22T00:00", dias="10.00"),
            tarea(5, "Sub B", resumen=True, padre=4, nivel=2, inicio="2026-03-12T00:00", fin="2026-03-22T00:00"),
            tarea(
                6,
                "Inspección",
                padre=5,
                nivel=3,
                inicio="2026-03-12T00:00",
                fin="2026-03-22T00:00",
                dias="10.00",
                ponderacion=ponderaciones.get(6),
            ),
            tarea(
                7,
                "Entrega",
                padre=4,
                nivel=2,
                hito=True,
                inicio="2026-03-22T00:00",
                fin="2026-03-22T00:00",
                dias="0.00",
                ponderacion=ponderaciones.get(7),
            ),
        ],
        [enlace(2, 3), enlace(3, 6, "SS", "-1.50"), enlace(6, 7)],
    )


AVANCES = {2: ("50", "25"), 3: ("100", "50"), 6: ("10", "0"), 7: ("100", "100")}


def importar_con_avances(monkeypatch, archivo, datos, ot=None):
    usar_lector(monkeypatch, datos)
    version = cronograma_importar(ot=ot or OTEFactory(), archivo=archivo)
    tareas = {t.uid_project: t for t in version.tareas.all()}
    for uid, (real, cliente) in AVANCES.items():
        avance_guardar(tarea=tareas[uid], porcentaje_real=real, porcentaje_cliente=cliente, comentario=f"t{uid}")
    return version


@pytest.fixture
def version(monkeypatch, archivo):
    return importar_con_avances(monkeypatch, archivo, plan())


def por_uid(filas: list[dict], clave: str = "uid") -> dict:
    return {fila[clave]: fila for fila in filas}


def test_summaries_and_the_ot_are_the_duration_weighted_mean_of_their_leaves(version):
    filas = por_uid(arbol_tareas(version, ahora=momento("2026-03-07T00:00")))

    assert (filas[1]["avance_real"], filas[1]["avance_cliente"]) == (Decimal("80.00"), Decimal("40.00"))
    # Sub B has one leaf; phase B's milestone weighs 0 days, so it does not move the mean.
    assert (filas[5]["avance_real"], filas[5]["avance_cliente"]) == (Decimal("10.00"), Decimal("0.00"))
    assert (filas[4]["avance_real"], filas[4]["avance_cliente"]) == (Decimal("10.00"), Decimal("0.00"))
    assert (filas[2]["avance_real"], filas[2]["comentario"]) == (Decimal("50.00"), "t2")
    assert (filas[2]["peso"], filas[2]["peso_porcentaje"]) == (Decimal("4.00"), Decimal("20.00"))
    assert (filas[1]["peso"], filas[1]["peso_porcentaje"]) == (Decimal("10.00"), Decimal("50.00"))
    # Planned at day 5 of 20: task 2 done, task 3 at 1/6.
    assert filas[2]["avance_planeado"] == Decimal("100.00") and filas[3]["avance_planeado"] == Decimal("16.67")
    assert filas[1]["avance_planeado"] == Decimal("50.00") and filas[6]["avance_planeado"] == Decimal("0.00")
    assert avance_ot(version, ahora=momento("2026-03-07T00:00")) == {
        "planeado": Decimal("25.00"),
        "real": Decimal("45.00"),
        "cliente": Decimal("20.00"),
        "base_ponderacion": "duracion",
    }


def test_the_tree_keeps_file_order_levels_parents_and_what_can_be_edited(version):
    filas = arbol_tareas(version)

    assert [f["uid"] for f in filas] == [1, 2, 3, 4, 5, 6, 7]
    assert [(f["nivel"], f["padre_uid"]) for f in filas][:3] == [(1, None), (2, 1), (2, 1)]
    assert [f["editable"] for f in filas] == [False, True, True, False, False, True, True]
    assert filas[0]["comentario"] == "" and filas[0]["actualizado_por"] == ""
    assert filas[1]["actualizado_por"] == "Sistema" and filas[1]["fecha_actualizacion"]
    assert (filas[1]["inicio"], filas[1]["fin"]) == ("2026-03-02T00:00", "2026-03-06T00:00")


def test_weights_from_the_file_win_over_durations(monkeypatch, archivo):
    version = importar_con_avances(monkeypatch, archivo, plan({2: "70", 3: "30"}))

    filas = por_uid(arbol_tareas(version))

    assert avance_ot(version)["real"] == Decimal("65.00") and avance_ot(version)["base_ponderacion"] == "ponderacion"
    assert avance_ot(version)["cliente"] == Decimal("32.50")
    # Phase B's leaves all weigh 0: its % is their plain mean.
    assert filas[4]["avance_real"] == Decimal("55.00") and filas[4]["peso_porcentaje"] == Decimal("0.00")


def test_when_every_leaf_is_a_milestone_each_counts_the_same(monkeypatch, archivo):
    datos = cronograma(
        [
            tarea(1, hito=True, inicio="2026-03-02T08:00", fin="2026-03-02T08:00", dias="0.00"),
            tarea(2, hito=True, inicio="2026-03-09T08:00", fin="2026-03-09T08:00", dias="0.00"),
        ]
    )
    usar_lector(monkeypatch, datos)
    version = cronograma_importar(ot=OTEFactory(), archivo=archivo)
    avance_guardar(tarea=version.tareas.get(uid_project=1), porcentaje_real=100, porcentaje_cliente=100)

    resultado = avance_ot(version, ahora=momento("2026-03-05T00:00"))

    assert resultado == {
        "planeado": Decimal("50.00"),
        "real": Decimal("50.00"),
        "cliente": Decimal("50.00"),
        "base_ponderacion": "igual",
    }


def test_a_leaf_without_recorded_progress_counts_as_zero(monkeypatch, archivo):
    usar_lector(monkeypatch, plan())
    version = cronograma_importar(ot=OTEFactory(), archivo=archivo)

    assert avance_ot(version, ahora=momento("2026-03-22T00:00")) == {
        "planeado": Decimal("100.00"),
        "real": Decimal("0.00"),
        "cliente": Decimal("0.00"),
        "base_ponderacion": "duracion",
    }
    assert avance_ot(None) == {"planeado": None, "real": None, "cliente": None, "base_ponderacion": None}


def test_the_s_curve_has_weekly_points_today_and_the_current_real_and_client_values(version):
    curva = curva_s(version, ahora=momento("2026-03-10T12:00"))

    assert curva["fechas"] == ["2026-03-02", "2026-03-09", "2026-03-10", "2026-03-16", "2026-03-22"]
    # Day 8 (end of 9 March), 8.5 (today, noon), 15 (end of 16 March), 20 of 20.
    assert curva["planeado"] == [0.0, 40.0, 42.5, 75.0, 100.0]
    # No history before today: real and client stay at the start's 0 % until today's values; nothing after today.
    assert curva["real"] == [0.0, 0.0, 45.0, None, None]
    assert curva["cliente"] == [0.0, 0.0, 20.0, None, None]
    assert curva["hoy"] == "2026-03-10" and curva["base_ponderacion"] == "duracion"


def test_the_s_curve_after_the_finish_ends_at_today_and_before_the_start_has_no_real_points(version):
    despues = curva_s(version, ahora=momento("2026-04-01T09:00"))
    antes = curva_s(version, ahora=momento("2026-02-01T09:00"))

    assert despues["fechas"][-2:] == ["2026-03-22", "2026-04-01"]
    assert despues["planeado"][-2:] == [100.0, 100.0] and despues["real"][-1] == 45.0
    assert antes["fechas"] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-22"]
    assert antes["planeado"] == [0.0, 40.0, 75.0, 100.0]
    assert antes["real"] == [None] * 4 and antes["cliente"] == [None] * 4


def test_the_gantt_has_tasks_by_unique_id_with_parents_progress_and_predecessors(version):
    datos = gantt(version, ahora=momento("2026-03-10T12:00"))

    tareas = por_uid(datos["tareas"], "id")
    assert list(tareas) == [1, 2, 3, 4, 5, 6, 7]
    assert tareas[3] == {
        "id": 3,
        "pk": tareas[3]["pk"],
        "name": "Soldadura",
        "wbs": "3",
        "level": 2,
        "parent": 1,
        "start": "2026-03-06T00:00",
        "end": "2026-03-12T00:00",
        "progress": 100.0,
        "client_progress": 50.0,
        "planned_progress": 75.0,
        "is_summary": False,
        "is_milestone": False,
        "dependencies": [2],
    }
    assert tareas[1]["is_summary"] and tareas[1]["progress"] == 80.0 and tareas[1]["parent"] is None
    assert tareas[7]["is_milestone"] and tareas[7]["dependencies"] == [6]
    assert datos["dependencias"] == [
        {"from": 2, "to": 3, "type": "FS", "lag_days": 0.0},
        {"from": 3, "to": 6, "type": "SS", "lag_days": -1.5},
        {"from": 6, "to": 7, "type": "FS", "lag_days": 0.0},
    ]
    assert (datos["inicio"], datos["fin"], datos["hoy"]) == ("2026-03-02T00:00", "2026-03-22T00:00", "2026-03-10T12:00")


def test_the_planned_curve_agrees_with_the_planned_progress_at_each_point(monkeypatch, archivo):
    version = importar_con_avances(monkeypatch, archivo, plan({2: "70", 3: "30", 6: "20", 7: "10"}))
    ahora = momento("2026-03-18T15:30")

    curva = curva_s(version, ahora=ahora)

    assert curva["fechas"] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-18", "2026-03-22"]
    # Project start, end of each weekly day, now, project finish.
    instantes = [momento(t) for t in ("2026-03-02T00:00", "2026-03-10T00:00", "2026-03-17T00:00")]
    instantes += [ahora, momento("2026-03-22T00:00")]
    esperado = [float(avance_ot(version, ahora=instante)["planeado"]) for instante in instantes]
    assert curva["planeado"] == esperado
    # The weighted milestone (10 of 130) only counts from its date on.
    assert esperado[-2] < esperado[-1] == 100.0 and esperado[-2] < 100 * 120 / 130


def test_versions_of_an_ot_newest_first_and_the_active_one(monkeypatch, archivo):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan())
    primera = cronograma_importar(ot=ot, archivo=archivo)
    segunda = cronograma_importar(ot=ot, archivo=archivo)
    OTEFactory()  # another OT's schedule is not listed

    versiones = list(versiones_de_ot(ot))

    assert versiones == [segunda, primera] and versiones[0].num_tareas == 7
    assert version_activa(ot) == segunda
    assert version_activa(OTEFactory()) is None


def test_reads_take_a_fixed_number_of_queries(monkeypatch, archivo, django_assert_num_queries):
    ot = OTEFactory()
    grande = importar_con_avances(monkeypatch, archivo, plan(), ot=ot)

    with django_assert_num_queries(1):
        assert len(arbol_tareas(grande)) == 7
    with django_assert_num_queries(1):
        avance_ot(grande)
    with django_assert_num_queries(2):  # the tasks and the OT's progress history
        curva_s(grande)
    with django_assert_num_queries(2):
        gantt(grande)
    with django_assert_num_queries(1):
        assert [v.num_tareas for v in versiones_de_ot(ot)] == [7]
    with django_assert_num_queries(1):
        version_activa(ot)


def test_the_number_of_queries_does_not_grow_with_the_tasks(monkeypatch, archivo, django_assert_num_queries):
    datos = cronograma(
        [tarea(1, resumen=True)] + [tarea(uid, padre=1, nivel=2, dias="1.00") for uid in range(2, 202)],
        [enlace(uid, uid + 1) for uid in range(2, 201)],
    )
    usar_lector(monkeypatch, datos)
    version = cronograma_importar(ot=OTEFactory(), archivo=archivo)
    for tarea_ in version.tareas.filter(uid_project__lte=40, es_resumen=False):
        avance_guardar(tarea=tarea_, porcentaje_real=100, porcentaje_cliente=50)

    with django_assert_num_queries(1):
        filas = arbol_tareas(version)
    with django_assert_num_queries(2):
        gantt(version)

    assert filas[0]["avance_real"] == Decimal("19.50")  # 39 of 200 equal leaves done
    assert filas[0]["avance_cliente"] == Decimal("9.75")


def test_the_import_report_reads_as_text(monkeypatch, archivo):
    ot = OTEFactory()
    usar_lector(monkeypatch, plan())
    cronograma_importar(ot=ot, archivo=archivo)
    cambiado = plan()
    cambiado["tareas"][1]["nombre"] = "Buceo de inspección"
    del cambiado["tareas"][2]
    usar_lector(monkeypatch, cambiado)
    reporte = cronograma_importar(ot=ot, archivo=archivo).reporte_importacion

    lineas = reporte_lineas(reporte)

    assert lineas[0] == "Proyecto «Plan» (MPP), 02/03/2026 00:00 → 22/03/2026 00:00"
    assert lineas[1] == ("Leído: 6 tareas (resúmenes: 3, hitos: 1), niveles: 3, dependencias: 1 (FS 1), recursos: 0")
    assert "Ponderación: duración de las tareas (días)" in lineas
    assert (
        "Cambios contra «v1 · plan.mpp»: 0 agregadas, 1 eliminadas, 1 renombradas, 0 con otras fechas; 0 avances "
        "conservados" in lineas
    )
    assert "  UID 2 «Buceo» → «Buceo de inspección»" in lineas
    assert "  UID 3 «Soldadura»" in lineas
    assert lineas[-1] == "Ignorado: fila resumen del proyecto: 1, dependencias a tareas no importadas: 2"


def test_the_real_and_client_s_curves_follow_the_daily_progress_history(version):
    AvanceOtHistorial.objects.create(
        id_ot=version.id_ot, fecha=date(2026, 3, 5), porcentaje_real=Decimal("10"), porcentaje_cliente=Decimal("5")
    )
    AvanceOtHistorial.objects.create(  # after "today": not part of the curve
        id_ot=version.id_ot, fecha=date(2026, 3, 20), porcentaje_real=Decimal("99"), porcentaje_cliente=Decimal("99")
    )

    curva = curva_s(version, ahora=momento("2026-03-10T12:00"))

    assert curva["fechas"] == ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-10", "2026-03-16", "2026-03-22"]
    assert curva["real"] == [0.0, 10.0, 10.0, 45.0, None, None]
    assert curva["cliente"] == [0.0, 5.0, 5.0, 20.0, None, None]
    fin_del_5 = momento("2026-03-06T00:00")  # a history day's point is taken at the end of that day
    assert curva["planeado"][1] == float(avance_ot(version, ahora=fin_del_5)["planeado"])


def test_recording_progress_keeps_one_history_row_per_ot_and_day_with_the_rolled_up_values(version):
    hoja = next(t for t in version.tareas.order_by("pk") if not t.es_resumen)
    AvanceOtHistorial.objects.all().delete()

    avance_guardar(tarea=hoja, porcentaje_real=Decimal("100"), porcentaje_cliente=Decimal("60"))
    avance_guardar(tarea=hoja, porcentaje_real=Decimal("90"), porcentaje_cliente=Decimal("60"))

    historial = list(AvanceOtHistorial.objects.filter(id_ot=version.id_ot))
    assert len(historial) == 1
    cifras = avance_ot(version)
    assert (historial[0].porcentaje_real, historial[0].porcentaje_cliente) == (cifras["real"], cifras["cliente"])
    assert historial[0].version_id == version.pk
