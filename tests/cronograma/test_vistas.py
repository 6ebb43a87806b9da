"""The OT's "Programa" tab endpoints (/operaciones/cronograma/...): who may read and write, the answers' content,
bad input, and the query counts. Schedules are built in code here; the upload tests read real sample files."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import EstadoTrabajo, TrabajoSegundoPlano
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.cronograma.models import AvanceCronograma, CronogramaVersion, DependenciaTarea, TareaCronograma
from operaciones.cronograma.services import ZONA_CRONOGRAMA, avance_guardar
from tests import factories as f

pytestmark = pytest.mark.django_db

MUESTRAS = Path("/work/shared/samples/mpp")
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _momento(dia: int, mes: int = 3, hora: int = 8) -> datetime:
    return datetime(2026, mes, dia, hora, tzinfo=ZONA_CRONOGRAMA)


def programa(ot, *, activo=True, nombre="Programa de prueba", extra_hojas=0) -> CronogramaVersion:
    """1 Obra (summary) > 2 Movilización (10 d), 3 Instalación (summary) > 4 Tendido (30 d), 5 Entrega (milestone).

    `extra_hojas` adds that many more 1-day leaves under "Instalación" (for the query-count tests).
    """
    version = CronogramaVersion.objects.create(
        id_ot=ot,
        nombre_version=nombre,
        es_activo=activo,
        fecha_inicio_proyecto=_momento(2),
        fecha_fin_proyecto=_momento(30, mes=4, hora=17),
        reporte_importacion={"archivo": "obra.mpp", "leido": {"tareas": 5}, "cambios": {}, "ignorado": {}},
    )

    def tarea(uid, nombre, nivel, padre, inicio, fin, dias, resumen=False, hito=False, wbs=""):
        return TareaCronograma.objects.create(
            version=version,
            uid_project=uid,
            id_project=uid,
            wbs=wbs,
            nombre=nombre,
            nivel_esquema=nivel,
            padre_uid=padre,
            es_resumen=resumen,
            es_hito=hito,
            fecha_inicio=inicio,
            fecha_fin=fin,
            duracion_dias=Decimal(dias),
        )

    tarea(1, "Obra", 1, None, _momento(2), _momento(30, 4, 17), "44", resumen=True, wbs="1")
    tarea(2, "Movilización", 2, 1, _momento(2), _momento(13, hora=17), "10", wbs="1.1")
    tarea(3, "Instalación", 2, 1, _momento(16), _momento(30, 4, 17), "34", resumen=True, wbs="1.2")
    tarea(4, "Tendido de ducto", 3, 3, _momento(16), _momento(24, 4, 17), "30", wbs="1.2.1")
    tarea(5, "Entrega", 3, 3, _momento(30, 4, 17), _momento(30, 4, 17), "0", hito=True, wbs="1.2.2")
    for n in range(extra_hojas):
        tarea(100 + n, f"Soldadura {n}", 3, 3, _momento(16), _momento(16, hora=17), "1", wbs=f"1.2.{n + 3}")
    DependenciaTarea.objects.create(version=version, predecesor_uid=2, sucesor_uid=4, tipo="FS", lag_dias=Decimal("-1"))
    return version


def tarea_de(version, uid) -> TareaCronograma:
    return TareaCronograma.objects.get(version=version, uid_project=uid)


@pytest.fixture
def ot(db):
    return f.OTEFactory(orden_trabajo="OT-GRZ-801-26-070")


@pytest.fixture
def version(ot):
    return programa(ot)


@pytest.fixture
def cliente_coordinador(client, coordinador):
    client.force_login(coordinador)
    return client


def urls(ot, version=None, tarea=None) -> dict:
    base = "/operaciones/cronograma/"
    resultado = {"versiones": f"{base}ot/{ot.pk}/versiones/", "importar": f"{base}ot/{ot.pk}/importar/"}
    if version is not None:
        for nombre in ("arbol", "gantt", "curva", "reporte", "archivo"):
            resultado[nombre] = f"{base}version/{version.pk}/{nombre}/"
    if tarea is not None:
        resultado["avance"] = f"{base}tarea/{tarea.pk}/avance/"
    return resultado


LECTURAS = ("versiones", "arbol", "gantt", "curva", "reporte")


# --- Access ----------------------------------------------------------------------------------------------------


def test_anonymous_users_get_login_or_401(client, ot, version):
    u = urls(ot, version, tarea_de(version, 2))
    for nombre in LECTURAS:
        respuesta = client.get(u[nombre])
        assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/"), nombre
        assert client.get(u[nombre], **AJAX).status_code == 401, nombre
    for nombre in ("importar", "avance"):
        assert client.post(u[nombre], {"porcentaje_real": "5"}).status_code == 401, nombre
    assert not AvanceCronograma.objects.exists()


def test_users_without_schedule_permissions_are_refused(cliente_externo, ot, version):
    u = urls(ot, version, tarea_de(version, 2))
    for nombre in LECTURAS:
        respuesta = cliente_externo.get(u[nombre], **AJAX)
        assert respuesta.status_code == 403 and respuesta.json()["exito"] is False, nombre
        assert "Tendido" not in respuesta.content.decode()
    assert cliente_externo.get(u["archivo"]).status_code == 403
    assert cliente_externo.post(u["avance"], {"porcentaje_real": "5"}).status_code == 403
    assert not AvanceCronograma.objects.exists()


def test_the_production_capturer_sees_the_ot_but_not_its_schedule(cliente_capturista, ot, version):
    html = cliente_capturista.get(f"/operaciones/ot/{ot.pk}/").content.decode()
    assert "no tiene permiso para ver el programa" in html
    assert 'id="programa"' not in html and "cronograma.js" not in html and "frappe-gantt" not in html
    assert cliente_capturista.get(urls(ot, version)["arbol"], **AJAX).status_code == 403


def test_reader_cannot_upload_nor_capture(cliente_lector, ot, version):
    u = urls(ot, version, tarea_de(version, 2))
    archivo = SimpleUploadedFile("sample.mpp", (MUESTRAS / "sample.mpp").read_bytes())
    assert cliente_lector.post(u["importar"], {"archivo": archivo}).status_code == 403
    assert cliente_lector.post(u["avance"], {"porcentaje_real": "5"}).status_code == 403
    assert CronogramaVersion.objects.filter(id_ot=ot).count() == 1
    assert not AvanceCronograma.objects.exists()


def test_deleted_ots_and_missing_objects_answer_404(cliente_coordinador, ot, version):
    u = urls(ot, version, tarea_de(version, 2))
    assert cliente_coordinador.get("/operaciones/cronograma/ot/999999/versiones/").status_code == 404
    assert cliente_coordinador.get("/operaciones/cronograma/version/999999/arbol/").status_code == 404
    assert (
        cliente_coordinador.post("/operaciones/cronograma/tarea/999999/avance/", {"porcentaje_real": "1"}).status_code
        == 404
    )
    OTE = type(ot)
    OTE.objects.filter(pk=ot.pk).update(estatus=EstatusRegistro.ELIMINADO)
    for nombre in LECTURAS:
        respuesta = cliente_coordinador.get(u[nombre])
        assert respuesta.status_code == 404, nombre
        assert respuesta.json()["exito"] is False
    assert cliente_coordinador.get(u["archivo"]).status_code == 404
    assert cliente_coordinador.post(u["avance"], {"porcentaje_real": "5"}).status_code == 404
    assert cliente_coordinador.post(u["importar"], {}).status_code == 404
    assert not AvanceCronograma.objects.exists()


def test_reads_only_answer_get_and_writes_only_post(cliente_coordinador, ot, version):
    u = urls(ot, version, tarea_de(version, 2))
    for nombre in LECTURAS:
        assert cliente_coordinador.post(u[nombre]).status_code == 405, nombre
    assert cliente_coordinador.get(u["importar"]).status_code == 405
    assert cliente_coordinador.get(u["avance"]).status_code == 405


# --- The OT page -----------------------------------------------------------------------------------------------


def test_the_ot_page_carries_the_tab_with_its_endpoints_and_the_upload_for_writers(cliente_coordinador, ot):
    html = cliente_coordinador.get(f"/operaciones/ot/{ot.pk}/").content.decode()
    assert 'id="programa"' in html
    assert f'data-url-versiones="/operaciones/cronograma/ot/{ot.pk}/versiones/"' in html
    assert 'data-url-arbol="/operaciones/cronograma/version/0/arbol/"' in html
    assert 'id="boton-cargar-programa"' in html and 'id="form-programa"' in html
    for texto in ('name="archivo"', 'name="nombre_version"', "csrfmiddlewaretoken", "frappe-gantt.umd.js"):
        assert texto in html, texto


def test_readers_get_the_tab_without_the_upload(cliente_lector, ot):
    html = cliente_lector.get(f"/operaciones/ot/{ot.pk}/").content.decode()
    assert 'id="programa"' in html and "cronograma.js" in html
    assert 'id="boton-cargar-programa"' not in html and 'id="form-programa"' not in html


# --- Versions, report, file ------------------------------------------------------------------------------------


def test_versions_list_newest_first_with_the_active_one(cliente_lector, ot, lector, admin):
    vieja = programa(ot, activo=False, nombre="Programa base")
    nueva = programa(ot, nombre="Reprogramación 1")
    CronogramaVersion.objects.filter(pk=nueva.pk).update(usuario_carga=admin)
    otra_ot = programa(f.OTEFactory(), nombre="De otra OT")
    cuerpo = cliente_lector.get(urls(ot)["versiones"]).json()
    assert cuerpo["exito"] is True
    assert [v["id"] for v in cuerpo["versiones"]] == [nueva.pk, vieja.pk]
    assert otra_ot.pk not in [v["id"] for v in cuerpo["versiones"]]
    assert cuerpo["activa"] == nueva.pk
    primera = cuerpo["versiones"][0]
    assert primera["nombre"] == "Reprogramación 1" and primera["es_activo"] is True
    assert primera["archivo"] == "obra.mpp"
    assert primera["usuario"] == "Ana Admin"
    assert primera["tareas"] == 5
    assert (primera["inicio"], primera["fin"]) == ("02/03/2026", "30/04/2026")
    assert cuerpo["puede_importar"] is False and cuerpo["puede_capturar"] is False


def test_an_ot_without_schedule_has_no_versions(cliente_coordinador, ot):
    cuerpo = cliente_coordinador.get(urls(ot)["versiones"]).json()
    assert (cuerpo["versiones"], cuerpo["activa"]) == ([], None)
    assert cuerpo["puede_importar"] is True and cuerpo["puede_capturar"] is True


def test_versions_query_count_does_not_grow_with_versions(cliente_lector, ot, django_assert_num_queries):
    programa(ot)
    cliente_lector.get(urls(ot)["versiones"])  # warms the content-type cache
    # session, user, user permissions, group permissions, OT, versions with uploader and task count
    with django_assert_num_queries(6):
        cliente_lector.get(urls(ot)["versiones"])
    for n in range(4):
        programa(ot, activo=False, nombre=f"Anterior {n}")
    with django_assert_num_queries(6):
        cuerpo = cliente_lector.get(urls(ot)["versiones"]).json()
    assert len(cuerpo["versiones"]) == 5


def test_the_stored_report_of_a_version_is_answered(cliente_lector, ot, version):
    cuerpo = cliente_lector.get(urls(ot, version)["reporte"]).json()
    assert cuerpo["reporte"]["archivo"] == "obra.mpp"
    assert cuerpo["version"]["id"] == version.pk


def test_the_version_file_downloads_for_readers(cliente_lector, ot, version):
    from django.core.files.base import ContentFile

    version.archivo_mpp.save(f"{ot.pk}/obra.mpp", ContentFile(b"contenido del programa"), save=True)
    respuesta = cliente_lector.get(urls(ot, version)["archivo"])
    assert respuesta.status_code == 200
    assert b"".join(respuesta.streaming_content) == b"contenido del programa"
    assert 'filename="obra.mpp"' in respuesta["Content-Disposition"]


def test_a_version_without_file_answers_404(cliente_lector, ot, version):
    assert cliente_lector.get(urls(ot, version)["archivo"]).status_code == 404


# --- Tree, Gantt, S-curve --------------------------------------------------------------------------------------


def test_tree_lists_tasks_in_file_order_with_roll_ups_and_is_editable_for_capturers(cliente_coordinador, ot, version):
    avance_guardar(tarea=tarea_de(version, 4), porcentaje_real="50", porcentaje_cliente="20", comentario="ok")
    cuerpo = cliente_coordinador.get(urls(ot, version)["arbol"]).json()
    assert cuerpo["editable"] is True
    tareas = cuerpo["tareas"]
    assert [t["uid"] for t in tareas] == [1, 2, 3, 4, 5]
    por_uid = {t["uid"]: t for t in tareas}
    assert por_uid[4]["padre_uid"] == 3 and por_uid[4]["nivel"] == 3
    assert (por_uid[4]["avance_real"], por_uid[4]["avance_cliente"], por_uid[4]["comentario"]) == (
        "50.00",
        "20.00",
        "ok",
    )
    # Weighted by duration: 30 d at 50 % against 10 d at 0 % (the milestone weighs 0).
    assert por_uid[1]["avance_real"] == "37.50" and por_uid[1]["es_resumen"] is True
    assert por_uid[3]["avance_real"] == "50.00"
    assert cuerpo["kpis"]["real"] == "37.50" and cuerpo["kpis"]["cliente"] == "15.00"
    assert cuerpo["version"]["es_activo"] is True


def test_earlier_versions_are_read_only(cliente_coordinador, ot):
    anterior = programa(ot, activo=False, nombre="Programa base")
    programa(ot, nombre="Vigente")
    cuerpo = cliente_coordinador.get(urls(ot, anterior)["arbol"]).json()
    assert cuerpo["editable"] is False
    assert len(cuerpo["tareas"]) == 5
    respuesta = cliente_coordinador.post(urls(ot, anterior, tarea_de(anterior, 2))["avance"], {"porcentaje_real": "10"})
    assert respuesta.status_code == 400
    assert "ya no está activa" in respuesta.json()["detalles"]
    assert not AvanceCronograma.objects.exists()


def test_tree_query_count_does_not_grow_with_the_tasks(cliente_lector, ot, django_assert_num_queries):
    pequena = programa(ot, activo=False)
    grande = programa(ot, extra_hojas=40)
    cliente_lector.get(urls(ot, pequena)["arbol"])
    # session, user, user and group permissions, version (+ uploader), OT, tasks for the tree, tasks for the figures
    with django_assert_num_queries(8):
        pocas = cliente_lector.get(urls(ot, pequena)["arbol"]).json()
    with django_assert_num_queries(8):
        muchas = cliente_lector.get(urls(ot, grande)["arbol"]).json()
    assert (len(pocas["tareas"]), len(muchas["tareas"])) == (5, 45)


def test_gantt_has_bars_links_and_its_query_count_is_pinned(cliente_lector, ot, version, django_assert_num_queries):
    cliente_lector.get(urls(ot, version)["gantt"])
    with django_assert_num_queries(8):
        cuerpo = cliente_lector.get(urls(ot, version)["gantt"]).json()
    assert [t["id"] for t in cuerpo["tareas"]] == [1, 2, 3, 4, 5]
    tendido = cuerpo["tareas"][3]
    assert (tendido["parent"], tendido["dependencies"], tendido["start"]) == (3, [2], "2026-03-16T08:00")
    assert cuerpo["dependencias"] == [{"from": 2, "to": 4, "type": "FS", "lag_days": -1.0}]
    grande = programa(ot, activo=False, extra_hojas=30)
    with django_assert_num_queries(8):
        assert len(cliente_lector.get(urls(ot, grande)["gantt"]).json()["tareas"]) == 35


def test_s_curve_goes_from_0_to_100_planned_with_figures(cliente_lector, ot, version, django_assert_num_queries):
    cliente_lector.get(urls(ot, version)["curva"])
    with django_assert_num_queries(9):
        cuerpo = cliente_lector.get(urls(ot, version)["curva"]).json()
    curva = cuerpo["curva"]
    assert curva["fechas"][0] == "2026-03-02" and "2026-04-30" in curva["fechas"]
    assert curva["planeado"][0] == 0 and curva["planeado"][curva["fechas"].index("2026-04-30")] == 100
    assert curva["planeado"] == sorted(curva["planeado"])
    assert len(curva["real"]) == len(curva["cliente"]) == len(curva["fechas"])
    assert set(cuerpo["kpis"]) >= {"planeado", "real", "cliente", "desviacion_real", "desviacion_cliente"}


def test_figures_deviation_is_real_minus_planned(cliente_lector, ot):
    # A schedule wholly in the past: everything was planned done (100 %).
    version = programa(ot)
    TareaCronograma.objects.filter(version=version).update(
        fecha_inicio=datetime(2020, 1, 6, 8, tzinfo=ZONA_CRONOGRAMA),
        fecha_fin=datetime(2020, 2, 6, 17, tzinfo=ZONA_CRONOGRAMA),
    )
    avance_guardar(tarea=tarea_de(version, 2), porcentaje_real="40", porcentaje_cliente="40", comentario="")
    avance_guardar(tarea=tarea_de(version, 4), porcentaje_real="80", porcentaje_cliente="60", comentario="")
    kpis = cliente_lector.get(urls(ot, version)["arbol"]).json()["kpis"]
    # real = (10 × 40 + 30 × 80) / 40 = 70; client = (10 × 40 + 30 × 60) / 40 = 55
    assert (kpis["planeado"], kpis["real"], kpis["cliente"]) == ("100.00", "70.00", "55.00")
    assert (kpis["desviacion_real"], kpis["desviacion_cliente"]) == ("-30.00", "-45.00")
    assert kpis["base_ponderacion"] == "duracion"


# --- Progress capture ------------------------------------------------------------------------------------------


def test_capturing_a_leaf_stores_it_and_answers_the_changed_roll_ups(cliente_coordinador, coordinador, ot, version):
    tendido = tarea_de(version, 4)
    respuesta = cliente_coordinador.post(
        urls(ot, version, tendido)["avance"],
        {"porcentaje_real": "60", "porcentaje_cliente": "40.5", "comentario": "  Tramo 1 soldado  "},
    )
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito"
    avance = AvanceCronograma.objects.get(tarea=tendido)
    assert (avance.porcentaje_real, avance.porcentaje_cliente) == (Decimal("60.00"), Decimal("40.50"))
    assert avance.comentario == "Tramo 1 soldado" and avance.actualizado_por == coordinador
    # The task, then its summary and the summary's summary, with their new roll-ups.
    assert [t["uid"] for t in cuerpo["tareas"]] == [4, 3, 1]
    assert [t["avance_real"] for t in cuerpo["tareas"]] == ["60.00", "60.00", "45.00"]
    assert cuerpo["kpis"]["real"] == "45.00"
    assert cuerpo["kpis"]["cliente"] == "30.38"


def test_a_field_left_out_keeps_its_value(cliente_coordinador, ot, version):
    movilizacion = tarea_de(version, 2)
    u = urls(ot, version, movilizacion)["avance"]
    assert cliente_coordinador.post(u, {"porcentaje_real": "25"}).status_code == 200
    assert cliente_coordinador.post(u, {"porcentaje_cliente": "10"}).status_code == 200
    assert cliente_coordinador.post(u, {"comentario": "Esperando barco"}).status_code == 200
    avance = AvanceCronograma.objects.get(tarea=movilizacion)
    assert (avance.porcentaje_real, avance.porcentaje_cliente, avance.comentario) == (
        Decimal("25.00"),
        Decimal("10.00"),
        "Esperando barco",
    )


@pytest.mark.parametrize(
    ("datos", "campo"),
    [
        ({"porcentaje_real": "100.01"}, "porcentaje_real"),
        ({"porcentaje_real": "-1"}, "porcentaje_real"),
        ({"porcentaje_cliente": "abc"}, "porcentaje_cliente"),
        ({"porcentaje_cliente": "1.234"}, "porcentaje_cliente"),
        ({"porcentaje_real": ""}, "porcentaje_real"),
        ({"porcentaje_real": "NaN"}, "porcentaje_real"),
        ({"comentario": "x" * 2001}, "comentario"),
        ({}, "__all__"),
    ],
)
def test_bad_progress_is_refused_with_the_field_marked(cliente_coordinador, ot, version, datos, campo):
    respuesta = cliente_coordinador.post(urls(ot, version, tarea_de(version, 2))["avance"], datos)
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and campo in cuerpo["errores"]
    assert not AvanceCronograma.objects.exists()


def test_summaries_are_not_captured(cliente_coordinador, ot, version):
    respuesta = cliente_coordinador.post(urls(ot, version, tarea_de(version, 3))["avance"], {"porcentaje_real": "10"})
    assert respuesta.status_code == 400
    assert "resumen" in respuesta.json()["detalles"]
    assert not AvanceCronograma.objects.exists()


def test_capture_query_count_does_not_grow_with_the_tasks(cliente_coordinador, django_assert_num_queries):
    pequena = programa(f.OTEFactory())
    grande = programa(f.OTEFactory(), extra_hojas=40)
    for version in (pequena, grande):  # the first save of each creates the progress row; the second updates it
        cliente_coordinador.post(urls(version.id_ot, version, tarea_de(version, 4))["avance"], {"porcentaje_real": "1"})
    # session, user, permissions (2), task (+ version, progress), OT, then the service (savepoint, locked task, its
    # progress, update, the OT's day in the progress history (tree read, savepoint, select, update), activity log,
    # release) and the answer (tree, figures)
    with django_assert_num_queries(20):
        respuesta = cliente_coordinador.post(
            urls(pequena.id_ot, pequena, tarea_de(pequena, 4))["avance"], {"porcentaje_real": "2"}
        )
    assert respuesta.status_code == 200
    with django_assert_num_queries(20):
        respuesta = cliente_coordinador.post(
            urls(grande.id_ot, grande, tarea_de(grande, 4))["avance"], {"porcentaje_real": "2"}
        )
    assert respuesta.status_code == 200


# --- Upload ----------------------------------------------------------------------------------------------------


def _subir(cliente, ot, ruta: Path, capturar, nombre=None, **datos):
    archivo = SimpleUploadedFile(nombre or ruta.name, ruta.read_bytes(), content_type="application/octet-stream")
    with capturar(execute=True):
        return cliente.post(urls(ot)["importar"], {"archivo": archivo, **datos})


def test_uploading_a_schedule_launches_the_job_and_leaves_the_new_active_version(
    cliente_coordinador, coordinador, ot, django_capture_on_commit_callbacks
):
    anterior = programa(ot, nombre="Programa base")
    respuesta = _subir(
        cliente_coordinador, ot, MUESTRAS / "sample.mpp", django_capture_on_commit_callbacks, nombre_version="Rev. A"
    )
    assert respuesta.status_code == 202, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["url_estado"] == f"/trabajos/{cuerpo['trabajo_id']}/"
    trabajo = cliente_coordinador.get(cuerpo["url_estado"]).json()["trabajo"]
    assert trabajo["estado"] == EstadoTrabajo.TERMINADO, trabajo["mensaje"]
    version = CronogramaVersion.objects.get(id_ot=ot, es_activo=True)
    assert trabajo["resultado"]["version_id"] == version.pk
    assert version.nombre_version == "Rev. A" and version.usuario_carga == coordinador
    assert version.tareas.count() == 22
    reporte = trabajo["resultado"]["reporte"]
    assert reporte["archivo"] == "sample.mpp" and reporte["leido"]["tareas"] == 22
    assert reporte["cambios"]["version_anterior"]["id"] == anterior.pk
    listado = cliente_coordinador.get(urls(ot)["versiones"]).json()
    assert [v["id"] for v in listado["versiones"]] == [version.pk, anterior.pk]
    assert listado["versiones"][0]["archivo"] == "sample.mpp"
    descarga = cliente_coordinador.get(urls(ot, version)["archivo"])
    assert b"".join(descarga.streaming_content) == (MUESTRAS / "sample.mpp").read_bytes()


def test_a_file_that_is_not_a_schedule_ends_the_job_with_a_spanish_error_and_writes_nothing(
    cliente_coordinador, ot, django_capture_on_commit_callbacks
):
    respuesta = _subir(
        cliente_coordinador, ot, MUESTRAS / "invalid" / "not-a-project.mpp", django_capture_on_commit_callbacks
    )
    assert respuesta.status_code == 202
    trabajo = TrabajoSegundoPlano.objects.get(pk=respuesta.json()["trabajo_id"])
    assert trabajo.estado == EstadoTrabajo.ERROR
    assert "no es un cronograma de MS Project" in trabajo.mensaje
    assert not CronogramaVersion.objects.filter(id_ot=ot).exists()


@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("programa.txt", b"hola", "programa de MS Project"),
        ("programa.mpp", b"", "vacío"),
        (None, None, "Seleccione el archivo"),
    ],
)
def test_bad_uploads_are_refused_before_any_job(cliente_coordinador, ot, nombre, contenido, mensaje):
    datos = {"nombre_version": "Rev. B"}
    if nombre:
        datos["archivo"] = SimpleUploadedFile(nombre, contenido)
    respuesta = cliente_coordinador.post(urls(ot)["importar"], datos)
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert mensaje in " ".join(cuerpo["errores"]["archivo"])
    assert not TrabajoSegundoPlano.objects.exists()


def test_a_file_over_30_mb_or_a_long_version_name_is_refused(cliente_coordinador, ot):
    grande = SimpleUploadedFile("grande.mpp", b"\0" * (30 * 1024 * 1024 + 1))
    respuesta = cliente_coordinador.post(urls(ot)["importar"], {"archivo": grande})
    assert respuesta.status_code == 400 and "30 MB" in respuesta.json()["errores"]["archivo"][0]
    archivo = SimpleUploadedFile("sample.mpp", (MUESTRAS / "sample.mpp").read_bytes())
    respuesta = cliente_coordinador.post(urls(ot)["importar"], {"archivo": archivo, "nombre_version": "x" * 201})
    assert respuesta.status_code == 400 and "nombre_version" in respuesta.json()["errores"]
    assert not TrabajoSegundoPlano.objects.exists()
