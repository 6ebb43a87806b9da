"""OT checklist endpoints: the steps table, status with delivery date, dates and evidence links."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Evento, RegistroActividad
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/operaciones/ot/"


@pytest.fixture
def ot():
    return f.OTEFactory(con_pasos=True)


def _primer_paso(ot):
    return ot.detalles.order_by("id").first()


def test_steps_table_lists_the_checklist_of_one_ot(cliente_lector, ot, django_assert_max_num_queries):
    otra = f.OTEFactory(con_pasos=True)
    paso = _primer_paso(ot)
    paso.archivo = "https://drive.example.com/oficio"
    paso.fecha_inicio = date(2025, 4, 1)
    paso.save()
    respuesta = cliente_lector.get(BASE + "detalle/datatable/", {"draw": 1, "start": 0, "length": 50, "id_ot": ot.pk})
    cuerpo = respuesta.json()
    assert respuesta.status_code == 200 and cuerpo["recordsFiltered"] == ot.detalles.count()
    assert cuerpo["recordsTotal"] == ot.detalles.count() + otra.detalles.count()
    fila = cuerpo["data"][0]
    assert (
        fila["id"] == paso.pk and fila["orden"] == paso.id_paso.orden and fila["desc_paso"] == paso.id_paso.descripcion
    )
    assert fila["estatus_paso"] == EstatusId.PENDIENTE and fila["estatus_texto"] == "PENDIENTE"
    assert fila["fecha_inicio"] == "01/04/2025" and fila["archivo"] == "https://drive.example.com/oficio"
    assert fila["oficio_ot"] == ot.orden_trabajo and fila["id_ot"] == ot.pk
    with django_assert_max_num_queries(7):
        cliente_lector.get(BASE + "detalle/datatable/", {"draw": 1, "start": 0, "length": 50, "id_ot": ot.pk})


def test_steps_table_needs_the_ot(cliente_lector):
    respuesta = cliente_lector.get(BASE + "detalle/datatable/", {"draw": 1})
    assert respuesta.status_code == 400 and respuesta.json()["errores"]["id_ot"] == ["Indique la OT."]


def test_steps_of_a_deleted_ot_are_not_listed(cliente_lector):
    ot = f.OTEFactory(con_pasos=True, estatus=EstatusRegistro.ELIMINADO)
    cuerpo = cliente_lector.get(BASE + "detalle/datatable/", {"draw": 1, "id_ot": ot.pk}).json()
    assert cuerpo["data"] == []


def test_completing_a_step_sets_delivery_and_leaving_clears_it(cliente_admin, ot):
    paso = _primer_paso(ot)
    url = BASE + "cambiar_estatus_paso/"
    respuesta = cliente_admin.post(url, {"paso_id": paso.pk, "nuevo_estatus": EstatusId.COMPLETADO, "comentario": "ok"})
    cuerpo = respuesta.json()
    assert respuesta.status_code == 200 and cuerpo["tipo_aviso"] == "exito"
    total = ot.detalles.count()
    assert (cuerpo["pasos_completados"], cuerpo["total_pasos"], cuerpo["progreso"]) == (1, total, 100 // total)
    paso.refresh_from_db()
    assert paso.fecha_entrega == hoy_mexico() and paso.comentario == "ok"
    datos = {"paso_id": paso.pk, "nuevo_estatus": EstatusId.COMPLETADO, "fecha_entrega": "2025-02-03"}
    cliente_admin.post(url, datos)
    paso.refresh_from_db()
    assert paso.fecha_entrega == date(2025, 2, 3)
    cliente_admin.post(url, {"paso_id": paso.pk, "nuevo_estatus": EstatusId.PROCESO})
    paso.refresh_from_db()
    assert paso.fecha_entrega is None and paso.estatus_paso_id == EstatusId.PROCESO
    assert RegistroActividad.objects.filter(registro_id=paso.pk, evento=Evento.CAMBIO_ESTATUS).exists()


def test_no_aplica_counts_as_done(cliente_admin, ot):
    cuerpo = cliente_admin.post(
        BASE + "cambiar_estatus_paso/", {"paso_id": _primer_paso(ot).pk, "nuevo_estatus": EstatusId.NO_APLICA}
    ).json()
    assert cuerpo["pasos_completados"] == 1


@pytest.mark.parametrize("estatus", [EstatusId.TERMINADA, EstatusId.FIRMADO, 999, "x"])
def test_step_status_must_be_a_step_status(cliente_admin, ot, estatus):
    respuesta = cliente_admin.post(
        BASE + "cambiar_estatus_paso/", {"paso_id": _primer_paso(ot).pk, "nuevo_estatus": estatus}
    )
    assert respuesta.status_code == 400 and "nuevo_estatus" in respuesta.json()["errores"]


def test_step_of_missing_ot_is_404(cliente_admin):
    respuesta = cliente_admin.post(
        BASE + "cambiar_estatus_paso/", {"paso_id": 999999, "nuevo_estatus": EstatusId.PROCESO}
    )
    assert respuesta.status_code == 404


@pytest.mark.parametrize(("tipo", "campo"), [(1, "fecha_inicio"), (2, "fecha_termino"), (3, "fecha_entrega")])
def test_dates_of_a_step_are_set_and_cleared(cliente_admin, ot, tipo, campo):
    paso = _primer_paso(ot)
    url = BASE + "actualizar-fecha/"
    cuerpo = cliente_admin.post(url, {"id_paso": paso.pk, "tipo": tipo, "fecha": "2025-07-15"}).json()
    assert cuerpo["exito"] is True and cuerpo["fecha_actualizada"] == "15/07/2025"
    paso.refresh_from_db()
    assert getattr(paso, campo) == date(2025, 7, 15)
    cuerpo = cliente_admin.post(url, {"id_paso": paso.pk, "tipo": tipo, "fecha": ""}).json()
    assert cuerpo["fecha_actualizada"] == ""
    paso.refresh_from_db()
    assert getattr(paso, campo) is None


@pytest.mark.parametrize(
    ("datos", "campo"), [({"tipo": 4, "fecha": "2025-01-01"}, "tipo"), ({"tipo": 1, "fecha": "ayer"}, "fecha")]
)
def test_bad_step_dates_are_refused(cliente_admin, ot, datos, campo):
    respuesta = cliente_admin.post(BASE + "actualizar-fecha/", {"id_paso": _primer_paso(ot).pk, **datos})
    assert respuesta.status_code == 400 and campo in respuesta.json()["errores"]


def test_step_end_before_start_is_refused(cliente_admin, ot):
    paso = _primer_paso(ot)
    cliente_admin.post(BASE + "actualizar-fecha/", {"id_paso": paso.pk, "tipo": 1, "fecha": "2025-07-15"})
    respuesta = cliente_admin.post(BASE + "actualizar-fecha/", {"id_paso": paso.pk, "tipo": 2, "fecha": "2025-07-01"})
    assert respuesta.status_code == 400


def test_evidence_link_is_an_http_url_or_blank(cliente_admin, ot):
    paso = _primer_paso(ot)
    url = BASE + "guardar_archivo_ot/"
    assert cliente_admin.post(url, {"paso_id": paso.pk, "archivo": "https://drive.google.com/x"}).status_code == 200
    paso.refresh_from_db()
    assert paso.archivo == "https://drive.google.com/x"
    for malo in ("javascript:alert(1)", "ftp://servidor/archivo", "no es enlace"):
        respuesta = cliente_admin.post(url, {"paso_id": paso.pk, "archivo": malo})
        assert respuesta.status_code == 400 and "archivo" in respuesta.json()["errores"], malo
    assert cliente_admin.post(url, {"paso_id": paso.pk, "archivo": ""}).json()["archivo"] == ""
    paso.refresh_from_db()
    assert paso.archivo == ""
    assert RegistroActividad.objects.filter(registro_id=paso.pk, campo="archivo").count() == 2


def test_reader_and_capturer_cannot_change_steps(cliente_lector, capturista, client, ot):
    paso = _primer_paso(ot)
    datos = {"paso_id": paso.pk, "nuevo_estatus": EstatusId.COMPLETADO}
    assert cliente_lector.post(BASE + "cambiar_estatus_paso/", datos).status_code == 403
    client.force_login(capturista)
    assert client.post(BASE + "cambiar_estatus_paso/", datos).status_code == 403
    assert client.get(BASE + "detalle/datatable/", {"draw": 1, "id_ot": ot.pk}).status_code == 200


def test_steps_table_queries_do_not_grow_with_the_rows(cliente_lector, ot, django_assert_num_queries):
    url = BASE + "detalle/datatable/"
    cliente_lector.get(url, {"draw": 1, "start": 0, "length": 2, "id_ot": ot.pk})  # settles the session
    with CaptureQueriesContext(connection) as pocas:
        assert len(cliente_lector.get(url, {"draw": 1, "start": 0, "length": 2, "id_ot": ot.pk}).json()["data"]) == 2
    with CaptureQueriesContext(connection) as todas:
        filas = cliente_lector.get(url, {"draw": 1, "start": 0, "length": 100, "id_ot": ot.pk}).json()["data"]
    assert len(filas) == ot.detalles.count() > 2
    assert len(pocas) == len(todas)
