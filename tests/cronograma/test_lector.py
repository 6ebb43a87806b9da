"""The MS Project reader on every valid sample of ../shared/samples/mpp/ (values from its README) and on generated
MSPDI plans. All files are read ONCE per session, in one subprocess (one JVM start), by `leer_cronogramas`."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from operaciones.cronograma.lector import ErrorCronograma, leer_cronograma, leer_cronogramas
from tests.cronograma.mspdi import mspdi_plan

MUESTRAS = Path(settings.BASE_DIR).parent / "shared" / "samples" / "mpp"
BASELINES = ("mpp9baseline.mpp", "mpp12baseline.mpp", "mpp14baseline.mpp")
TASK_LINKS = ("task-links-project2007-mpp12.mpp", "task-links-project2019-mpp14.mpp")

# file → (all tasks as mpxj counts them, real tasks, MPP/MSPDI, application version, max outline level)
VALIDOS = {
    "sample.mpp": (23, 22, "MPP", 9, 3),
    "sample98.mpp": (19, 19, "MPP", 8, 2),
    "mpp9baseline.mpp": (15, 14, "MPP", 9, 4),
    "mpp12baseline.mpp": (15, 14, "MPP", 12, 4),
    "mpp14baseline.mpp": (15, 14, "MPP", 14, 4),
    "task-links-project2007-mpp12.mpp": (17, 16, "MPP", 12, 1),
    "task-links-project2019-mpp14.mpp": (17, 16, "MPP", 16, 1),
    "timephased-cost-rollup.mpp": (10, 9, "MPP", 14, 3),
    "taskFlags-mpp9Project2013.mpp": (70, 69, "MPP", 15, 2),
    "mpp14nulltasks.mpp": (9, 5, "MPP", 14, 2),
    "sample1.xml": (23, 22, "MSPDI", 14, 3),
    "mspdirelations.xml": (6, 5, "MSPDI", 12, 1),
}
ESCRITURA_PROTEGIDA = "invalid/writepassword9.mpp"
RELACIONES_SAMPLE = {
    (9, 10, "FS", "0.00"),
    (11, 12, "FS", "1.00"),
    (13, 14, "FS", "-1.00"),
    (15, 16, "SS", "0.00"),
    (17, 18, "FF", "0.00"),
    (20, 21, "SF", "0.00"),
}


@pytest.fixture(scope="session")
def planes(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("planes")
    generados = {
        "plan-300.xml": mspdi_plan(300, titulo="Plan de 300"),
        "plan-sin-campos.xml": mspdi_plan(12, con_campos=False),
        "plan-peso.xml": mspdi_plan(12, alias_ponderacion="PESO (%)", alias_avance="Avance físico"),
        "plan-otros.xml": mspdi_plan(12, alias_ponderacion="Costo extra", alias_avance="Notas"),
        "plan-transcurrido.xml": plan_transcurrido(),
    }
    return {nombre: (plan, plan.escribir(carpeta / nombre)) for nombre, plan in generados.items()}


def plan_transcurrido():
    """A small plan whose first link lags "1 ed" (one elapsed day, 24 h) and whose uid 6 lasts "2 ed" (48 h)."""
    plan = mspdi_plan(6, con_campos=False)
    link = "<LinkLag>0</LinkLag><LagFormat>7</LagFormat>"
    plan.xml = plan.xml.replace(link, "<LinkLag>14400</LinkLag><LagFormat>8</LagFormat>", 1)
    inicio = plan.xml.index("<UID>6</UID>")
    tarea = plan.xml[inicio : plan.xml.index("</Task>", inicio)]
    duracion = tarea[tarea.index("<Duration>") : tarea.index("</DurationFormat>")]
    nueva = tarea.replace(duracion, "<Duration>PT48H0M0S</Duration><DurationFormat>8")
    # And a link from the project summary (uid 0), which is not a task, so neither is the link.
    nueva += "<PredecessorLink><PredecessorUID>0</PredecessorUID><Type>1</Type></PredecessorLink>"
    plan.xml = plan.xml.replace(tarea, nueva)
    return plan


@pytest.fixture(scope="session")
def lecturas(planes):
    """Every sample and generated plan, read in one subprocess: {file name: dict | ErrorCronograma}."""
    rutas = {nombre: MUESTRAS / nombre for nombre in [*VALIDOS, ESCRITURA_PROTEGIDA]}
    rutas.update({nombre: ruta for nombre, (_, ruta) in planes.items()})
    return dict(zip(rutas, leer_cronogramas(list(rutas.values())), strict=True))


def leido(lecturas, nombre) -> dict:
    resultado = lecturas[nombre]
    assert not isinstance(resultado, ErrorCronograma), f"{nombre}: {resultado} ({resultado.detalle})"
    return resultado


def por_uid(resultado) -> dict[int, dict]:
    return {tarea["uid"]: tarea for tarea in resultado["tareas"]}


def relaciones(resultado) -> set[tuple]:
    return {(d["predecesor_uid"], d["sucesor_uid"], d["tipo"], d["lag_dias"]) for d in resultado["dependencias"]}


# --- every valid sample ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", VALIDOS)
def test_cada_muestra_da_sus_tareas_reales_y_cuenta_lo_ignorado(lecturas, nombre):
    todas, reales, formato, version, nivel_maximo = VALIDOS[nombre]
    resultado = leido(lecturas, nombre)
    tareas = resultado["tareas"]
    ignorado = resultado["ignorado"]
    assert len(tareas) == reales
    assert len(tareas) + ignorado["resumen_proyecto"] + ignorado["filas_en_blanco"] == todas
    assert resultado["proyecto"]["formato"] == formato
    assert resultado["proyecto"]["version_aplicacion"] == version
    assert max(t["nivel"] for t in tareas) == nivel_maximo
    assert min(t["nivel"] for t in tareas) == 1
    assert len({t["uid"] for t in tareas}) == len(tareas)
    assert 0 not in {t["uid"] for t in tareas}


@pytest.mark.parametrize("nombre", VALIDOS)
def test_cada_muestra_tiene_un_arbol_coherente(lecturas, nombre):
    tareas = leido(lecturas, nombre)["tareas"]
    uids = {t["uid"]: t for t in tareas}
    for tarea in tareas:
        if tarea["nivel"] == 1:
            assert tarea["padre_uid"] is None
        else:
            padre = uids[tarea["padre_uid"]]
            assert padre["nivel"] == tarea["nivel"] - 1
            assert padre["es_resumen"]
    # Links only between real tasks, with the four types and lags as two-decimal strings.
    for dependencia in leido(lecturas, nombre)["dependencias"]:
        assert dependencia["predecesor_uid"] in uids
        assert dependencia["sucesor_uid"] in uids
        assert dependencia["tipo"] in {"FS", "SS", "FF", "SF"}
        assert dependencia["lag_dias"].count(".") == 1
        assert len(dependencia["lag_dias"].split(".")[1]) == 2


# --- sample.mpp (MPP9) -------------------------------------------------------------------------------------------


def test_sample_mpp_proyecto_y_tareas(lecturas):
    resultado = leido(lecturas, "sample.mpp")
    assert resultado["proyecto"] == {
        "titulo": "sample",
        "inicio": "2003-01-07T08:00",
        "fin": "2003-03-18T08:00",
        "formato": "MPP",
        "version_aplicacion": 9,
        "horas_por_dia": "8.00",
        "horas_por_semana": "40.00",
    }
    assert resultado["ignorado"]["resumen_proyecto"] == 1
    tareas = por_uid(resultado)
    assert tareas[1] == {
        "uid": 1,
        "id": 1,
        "wbs": "1",
        "nombre": "First Task",
        "nivel": 1,
        "es_resumen": True,
        "es_hito": False,
        "padre_uid": None,  # its parent is the project summary uid 0, which is not a task
        "inicio": "2003-01-07T08:00",
        "fin": "2003-03-18T08:00",
        "duracion_dias": "50.00",
        "porcentaje_completado": "0.00",
        "ponderacion": None,
        "avance_campo": None,
        "recursos": [],
    }
    segunda = tareas[2]
    assert (segunda["nombre"], segunda["wbs"], segunda["nivel"], segunda["padre_uid"]) == ("Second Task", "1.1", 2, 1)
    assert segunda["duracion_dias"] == "100.00"
    assert segunda["recursos"] == ["First Resource", "Second Resource"]
    tercera = tareas[3]
    assert tercera["nombre"] == "Third task"
    assert tercera["es_hito"]
    assert tercera["duracion_dias"] == "0.00"
    assert tercera["inicio"] == tercera["fin"] == "2003-01-07T08:00"
    assert (tareas[6]["nombre"], tareas[6]["id"]) == ("Recurring Task", 4)
    assert (tareas[19]["nombre"], tareas[19]["id"], tareas[19]["wbs"], tareas[19]["es_resumen"]) == (
        "Task Relationships",
        7,
        "3",
        True,
    )
    assert (tareas[22]["nombre"], tareas[22]["wbs"], tareas[22]["nivel"], tareas[22]["es_resumen"]) == (
        "Resource Assignments",
        "3.13",
        2,
        True,
    )
    assert (tareas[23]["nombre"], tareas[23]["wbs"], tareas[23]["nivel"], tareas[23]["padre_uid"]) == (
        "Assigned Task 1",
        "3.13.1",
        3,
        22,
    )
    assert tareas[23]["recursos"] == ["First Resource"]
    assert (tareas[24]["nombre"], tareas[24]["padre_uid"], tareas[24]["recursos"]) == (
        "Assigned Task 2",
        22,
        ["Second Resource"],
    )
    assert relaciones(resultado) == RELACIONES_SAMPLE


def test_sample_mpp_ignora_las_asignaciones_sin_recurso(lecturas):
    resultado = leido(lecturas, "sample.mpp")
    # 19 assignments, 4 of them to a named resource: the 15 "unassigned" placeholders are counted, not listed.
    assert resultado["ignorado"]["asignaciones_sin_recurso"] == 15
    assert sum(len(t["recursos"]) for t in resultado["tareas"]) == 4
    assert {nombre for t in resultado["tareas"] for nombre in t["recursos"]} == {"First Resource", "Second Resource"}


def test_tareas_en_el_orden_del_archivo(lecturas):
    ids = [t["id"] for t in leido(lecturas, "sample.mpp")["tareas"]]
    assert ids == sorted(ids)
    assert ids[:4] == [1, 2, 3, 4]


# --- sample98.mpp (MPP8, no uid 0) -------------------------------------------------------------------------------


def test_sample98_sin_tarea_resumen_de_proyecto(lecturas):
    resultado = leido(lecturas, "sample98.mpp")
    assert resultado["ignorado"]["resumen_proyecto"] == 0
    tareas = por_uid(resultado)
    assert set(tareas) == set(range(1, 22)) - {4, 5}
    assert all(t["padre_uid"] is None for t in tareas.values() if t["nivel"] == 1)
    assert tareas[19]["nombre"] == "Task Relationships"
    assert tareas[19]["fin"] == "2003-01-09T17:00"
    assert tareas[19]["duracion_dias"] == "3.00"
    assert relaciones(resultado) == RELACIONES_SAMPLE
    # The same tasks as sample.mpp, without its "Resource Assignments" block.
    mpp9 = por_uid(leido(lecturas, "sample.mpp"))
    for uid, tarea in tareas.items():
        assert (tarea["nombre"], tarea["wbs"], tarea["nivel"]) == (
            mpp9[uid]["nombre"],
            mpp9[uid]["wbs"],
            mpp9[uid]["nivel"],
        )


# --- the same schedule saved by Project 2000, 2007 and 2010 -----------------------------------------------------


@pytest.mark.parametrize("nombre", BASELINES)
def test_baseline_mismo_cronograma_en_tres_versiones(lecturas, nombre):
    resultado = leido(lecturas, nombre)
    proyecto = resultado["proyecto"]
    assert (proyecto["titulo"], proyecto["inicio"], proyecto["fin"]) == (
        "MPP12BaselineTest-9",
        "2006-08-24T08:00",
        "2006-09-14T17:00",
    )
    tareas = por_uid(resultado)
    assert len(tareas) == 14
    base = tareas[1]
    assert (base["nombre"], base["es_resumen"], base["nivel"], base["padre_uid"]) == ("Base Task", True, 1, None)
    assert (base["duracion_dias"], base["porcentaje_completado"]) == ("16.00", "57.00")
    esperadas = {
        2: ("Subtask 1", "1.1", "2006-08-24T08:00", "2006-08-28T17:00", "3.00", "100.00", ["Wade Golden"]),
        3: ("Subtask 2", "1.2", "2006-08-30T08:00", "2006-09-05T17:00", "5.00", "100.00", ["Jon Iles"]),
        7: ("Subtask 4", "1.4", "2006-08-29T08:00", "2006-09-11T17:00", "10.00", "50.00", ["Wade Golden"]),
        6: ("Subtask 5", "1.5", "2006-09-12T08:00", "2006-09-14T17:00", "3.00", "0.00", ["Jon Iles", "Wade Golden"]),
    }
    for uid, (nombre_tarea, wbs, inicio, fin, dias, avance, recursos) in esperadas.items():
        tarea = tareas[uid]
        assert (tarea["nombre"], tarea["wbs"], tarea["nivel"], tarea["padre_uid"]) == (nombre_tarea, wbs, 2, 1)
        assert (tarea["inicio"], tarea["fin"], tarea["duracion_dias"]) == (inicio, fin, dias)
        assert tarea["porcentaje_completado"] == avance
        assert tarea["recursos"] == recursos
    assert tareas[7]["id"] == 5
    completa = tareas[5]
    assert (completa["nombre"], completa["id"], completa["es_hito"], completa["duracion_dias"]) == (
        "Complete",
        7,
        True,
        "0.00",
    )
    assert completa["inicio"] == completa["fin"] == "2006-09-14T17:00"
    # The deepest branch: 14 → 13 → 12 → 8.
    assert (tareas[14]["nombre"], tareas[14]["wbs"], tareas[14]["nivel"]) == ("Subtask B1a", "2.2.1.1", 4)
    cadena, uid = [], 14
    while uid is not None:
        cadena.append(uid)
        uid = tareas[uid]["padre_uid"]
    assert cadena == [14, 13, 12, 8]
    assert tareas[8]["nombre"] == "Complex Outline Number"
    assert relaciones(resultado) == {(2, 3, "FS", "0.00"), (3, 4, "FS", "0.00"), (2, 7, "FS", "0.00")} | {
        (4, 6, "FS", "0.00"),
        (7, 6, "FS", "0.00"),
        (6, 5, "FS", "0.00"),
    }


def test_baselines_leen_lo_mismo_en_las_tres_versiones(lecturas):
    mpp9, mpp12, mpp14 = (leido(lecturas, nombre) for nombre in BASELINES)
    assert mpp9["tareas"] == mpp12["tareas"] == mpp14["tareas"]
    assert mpp9["dependencias"] == mpp12["dependencias"] == mpp14["dependencias"]


# --- links and lags ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nombre", "inicio", "fin", "inicio_uid10"),
    [
        (TASK_LINKS[0], "2014-10-17T08:00", "2014-11-03T17:00", "2014-11-03T08:00"),
        (TASK_LINKS[1], "2018-10-18T08:00", "2018-11-02T17:00", "2018-11-02T08:00"),
    ],
)
def test_task_links_tipos_y_retardos_en_dias(lecturas, nombre, inicio, fin, inicio_uid10):
    resultado = leido(lecturas, nombre)
    assert (resultado["proyecto"]["inicio"], resultado["proyecto"]["fin"]) == (inicio, fin)
    tareas = por_uid(resultado)
    assert set(tareas) == set(range(1, 17))
    assert all(t["nivel"] == 1 and t["padre_uid"] is None and t["duracion_dias"] == "1.00" for t in tareas.values())
    assert Counter(t["nombre"] for t in tareas.values()) == {"Task 1": 8, "Task 2": 8}
    assert tareas[10]["inicio"] == inicio_uid10
    # 1 w and 2 w converted with the project's 40 h week and 8 h day: 5 and 10 days.
    assert relaciones(resultado) == {
        (1, 2, "FS", "0.00"),
        (3, 4, "FS", "1.00"),
        (5, 6, "FS", "2.00"),
        (7, 8, "FS", "5.00"),
        (9, 10, "FS", "10.00"),
        (11, 12, "SF", "2.00"),
        (13, 14, "SS", "2.00"),
        (15, 16, "FF", "2.00"),
    }


def test_timephased_retardo_negativo_y_resumen_con_recurso(lecturas):
    resultado = leido(lecturas, "timephased-cost-rollup.mpp")
    assert (resultado["proyecto"]["inicio"], resultado["proyecto"]["fin"]) == ("2026-02-11T08:00", "2026-02-20T17:00")
    tareas = por_uid(resultado)
    seis = tareas[6]
    assert (seis["nombre"], seis["wbs"], seis["es_resumen"], seis["recursos"]) == (
        "Task 6",
        "3.1",
        True,
        ["Resource 6"],
    )
    ocho = tareas[10]
    assert (ocho["nombre"], ocho["id"], ocho["wbs"], ocho["nivel"], ocho["padre_uid"]) == ("Task 8", 8, "3.1.2", 3, 6)
    assert ocho["recursos"] == ["Resource 8a", "Resource 8b"]
    assert (ocho["inicio"], ocho["fin"]) == ("2026-02-16T08:00", "2026-02-20T17:00")
    assert relaciones(resultado) == {(3, 4, "FS", "-2.00"), (7, 10, "FS", "-2.00")}


def test_mspdirelations_cuatro_tipos(lecturas):
    resultado = leido(lecturas, "mspdirelations.xml")
    assert (resultado["proyecto"]["inicio"], resultado["proyecto"]["fin"]) == ("2006-09-21T08:00", "2006-09-25T17:00")
    tareas = por_uid(resultado)
    assert [tareas[uid]["nombre"] for uid in range(1, 6)] == [f"Task {n}" for n in range(1, 6)]
    assert all(t["duracion_dias"] == "1.00" for t in tareas.values())
    assert relaciones(resultado) == {
        (1, 2, "FS", "0.00"),
        (2, 3, "SS", "1.00"),
        (3, 4, "FF", "0.00"),
        (4, 5, "SF", "0.00"),
    }


# --- the largest file, blank rows, MSPDI vs MPP ------------------------------------------------------------------


def test_taskflags_el_mas_grande(lecturas):
    resultado = leido(lecturas, "taskFlags-mpp9Project2013.mpp")
    assert (resultado["proyecto"]["inicio"], resultado["proyecto"]["fin"]) == ("2013-09-02T08:00", "2013-09-11T17:00")
    tareas = por_uid(resultado)
    assert len(tareas) == 69
    assert sum(1 for t in tareas.values() if t["nivel"] == 1 and t["es_resumen"]) == 11
    assert resultado["dependencias"] == []
    assert (tareas[5]["nombre"], tareas[5]["id"], tareas[5]["es_resumen"]) == ("Ignore Resource Calendars", 1, True)
    assert (tareas[1]["id"], tareas[1]["padre_uid"]) == (2, 5)
    # Flagged as a milestone although it lasts 8 days: the flag is kept as the file says.
    assert (tareas[32]["nombre"], tareas[32]["es_hito"], tareas[32]["duracion_dias"]) == (
        "Milestone: Yes",
        True,
        "8.00",
    )
    assert (tareas[69]["nombre"], tareas[69]["id"]) == ("Mode: Manual", 67)
    # Its only named resource (flag5) has no assignment.
    assert all(t["recursos"] == [] for t in tareas.values())


def test_filas_en_blanco_no_son_tareas(lecturas):
    resultado = leido(lecturas, "mpp14nulltasks.mpp")
    assert resultado["ignorado"]["filas_en_blanco"] == 3
    assert resultado["ignorado"]["resumen_proyecto"] == 1
    tareas = por_uid(resultado)
    assert set(tareas) == {1, 3, 4, 6, 8}  # uids 2, 5 and 7 are blank rows
    assert {uid: (t["nombre"], t["padre_uid"], t["es_resumen"]) for uid, t in tareas.items()} == {
        1: ("Task 1", None, True),
        3: ("Task 2", 1, False),
        4: ("Task 3", 1, False),
        6: ("Task 4", None, True),
        8: ("Task 5", 6, False),
    }
    for tarea in tareas.values():
        assert (tarea["inicio"], tarea["fin"], tarea["duracion_dias"]) == (
            "2008-11-03T09:00",
            "2008-11-14T12:00",
            "10.00",
        )
    # This file's calendar has 7.5 h days: durations stay in the days Project shows.
    assert resultado["proyecto"]["horas_por_dia"] == "7.50"


def test_sample1_xml_equivale_a_sample_mpp(lecturas):
    xml = leido(lecturas, "sample1.xml")
    mpp = leido(lecturas, "sample.mpp")
    assert xml["proyecto"]["titulo"] == "MPXJ Sample"
    assert (xml["proyecto"]["inicio"], xml["proyecto"]["fin"]) == (mpp["proyecto"]["inicio"], mpp["proyecto"]["fin"])
    # MSPDI stores hours (uid 1 is 400 h, lags ±8 h): converted, everything matches the .mpp task by task.
    assert xml["tareas"] == mpp["tareas"]
    assert por_uid(xml)[1]["duracion_dias"] == "50.00"
    assert relaciones(xml) == relaciones(mpp) == RELACIONES_SAMPLE


def test_solo_contrasena_de_escritura_se_lee(lecturas):
    resultado = leido(lecturas, ESCRITURA_PROTEGIDA)
    assert resultado["proyecto"]["titulo"] == "writepassword"
    assert por_uid(resultado)[1]["nombre"] == "Task One"


# --- generated MSPDI plans: custom fields by alias, units, a bigger tree -----------------------------------------


def test_plan_generado_se_lee_completo(lecturas, planes):
    plan, _ = planes["plan-300.xml"]
    resultado = leido(lecturas, "plan-300.xml")
    assert resultado["proyecto"]["titulo"] == "Plan de 300"
    assert resultado["proyecto"]["fin"] == plan.fin
    assert resultado["tareas"] == plan.tareas_esperadas()
    assert resultado["dependencias"] == plan.dependencias_esperadas()
    assert Counter(t["nivel"] for t in resultado["tareas"]) == Counter(t["nivel"] for t in plan.tareas)
    tipos = Counter(d["tipo"] for d in resultado["dependencias"])
    assert set(tipos) == {"FS", "SS", "FF", "SF"}
    lags = {d["lag_dias"] for d in resultado["dependencias"]}
    assert {"1.00", "-1.00", "5.00"} <= lags  # written as 8 h, −1 d and 1 w


def test_campos_personalizados_por_alias(lecturas):
    resultado = leido(lecturas, "plan-300.xml")
    assert resultado["campos_personalizados"] == [
        {"campo": "Number1", "alias": "Pond.", "uso": "ponderacion"},
        {"campo": "Text1", "alias": "% Avance real", "uso": "avance"},
    ]
    actividad = next(t for t in resultado["tareas"] if t["nivel"] == 3)
    assert actividad["ponderacion"] is not None
    assert actividad["avance_campo"] is not None  # read from text such as "12,5 %"
    assert all(t["ponderacion"] is None for t in resultado["tareas"] if t["es_resumen"])


def test_alias_peso_y_avance_fisico(lecturas, planes):
    plan, _ = planes["plan-peso.xml"]
    resultado = leido(lecturas, "plan-peso.xml")
    assert [c["uso"] for c in resultado["campos_personalizados"]] == ["ponderacion", "avance"]
    assert resultado["tareas"] == plan.tareas_esperadas()


def test_alias_que_no_son_ponderacion_ni_avance(lecturas):
    resultado = leido(lecturas, "plan-otros.xml")
    assert [(c["alias"], c["uso"]) for c in resultado["campos_personalizados"]] == [
        ("Costo extra", "otro"),
        ("Notas", "otro"),
    ]
    assert all(t["ponderacion"] is None and t["avance_campo"] is None for t in resultado["tareas"])


def test_unidades_transcurridas_son_dias_de_calendario(lecturas):
    # "1 ed" is one calendar day, not 24 working hours (= 3 days of 8 h).
    resultado = leido(lecturas, "plan-transcurrido.xml")
    assert resultado["dependencias"][0]["lag_dias"] == "1.00"
    assert por_uid(resultado)[6]["duracion_dias"] == "2.00"


def test_vinculo_con_el_resumen_del_proyecto_se_ignora_y_se_cuenta(lecturas, planes):
    plan, _ = planes["plan-transcurrido.xml"]
    resultado = leido(lecturas, "plan-transcurrido.xml")
    assert resultado["ignorado"]["dependencias_a_tareas_ignoradas"] == 1
    assert len(resultado["dependencias"]) == len(plan.dependencias)
    assert all(d["predecesor_uid"] != 0 for d in resultado["dependencias"])


def test_sin_campos_personalizados(lecturas):
    resultado = leido(lecturas, "plan-sin-campos.xml")
    assert resultado["campos_personalizados"] == []
    assert all(t["ponderacion"] is None and t["avance_campo"] is None for t in resultado["tareas"])


# --- one file at a time, and never a JVM in this process -------------------------------------------------------


def test_leer_cronograma_de_un_archivo_da_lo_mismo(lecturas):
    assert leer_cronograma(MUESTRAS / "mspdirelations.xml") == leido(lecturas, "mspdirelations.xml")


def test_la_jvm_nunca_arranca_en_el_proceso_que_llama(lecturas):
    import jpype

    assert not jpype.isJVMStarted()
