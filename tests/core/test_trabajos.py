"""Background jobs: inline without a broker, progress and outcome kept, visible to their owner only."""

import pytest
from django.contrib.auth.models import User

from bme_subtec.celery import app as celery_app
from core.models import EstadoTrabajo
from core.trabajos import ErrorTrabajo, tipo_trabajo, trabajo_lanzar

pytestmark = pytest.mark.django_db


@tipo_trabajo("prueba_suma")
def _sumar(trabajo, reportar):
    total = trabajo.parametros["hasta"]
    suma = 0
    for i in range(1, total + 1):
        suma += i
        reportar(i, total)
    return {"suma": suma}


@tipo_trabajo("prueba_falla_usuario")
def _falla_usuario(trabajo, reportar):
    raise ErrorTrabajo("La hoja «Anexo» no tiene encabezados.")


@tipo_trabajo("prueba_falla_interna")
def _falla_interna(trabajo, reportar):
    raise RuntimeError("detalle interno que no debe verse")


def test_celery_runs_tasks_inline_without_a_broker():
    assert celery_app.conf.task_always_eager is True


def test_job_runs_after_commit_and_keeps_its_result(capturista, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trabajo = trabajo_lanzar(tipo="prueba_suma", usuario=capturista, parametros={"hasta": 10})
    trabajo.refresh_from_db()
    assert trabajo.estado == EstadoTrabajo.TERMINADO
    assert trabajo.resultado == {"suma": 55}
    assert (trabajo.avance, trabajo.total) == (10, 10)
    assert trabajo.fecha_fin is not None


def test_user_facing_failure_keeps_its_message(capturista, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trabajo = trabajo_lanzar(tipo="prueba_falla_usuario", usuario=capturista)
    trabajo.refresh_from_db()
    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.mensaje == "La hoja «Anexo» no tiene encabezados."


def test_internal_failure_never_shows_exception_text(capturista, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trabajo = trabajo_lanzar(tipo="prueba_falla_interna", usuario=capturista)
    trabajo.refresh_from_db()
    assert trabajo.estado == EstadoTrabajo.ERROR
    assert "interno" not in trabajo.mensaje


def test_unknown_job_kind_is_refused(capturista):
    with pytest.raises(ValueError):
        trabajo_lanzar(tipo="no_existe", usuario=capturista)


def test_progress_endpoint_answers_the_owner_only(client, capturista, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        trabajo = trabajo_lanzar(tipo="prueba_suma", usuario=capturista, parametros={"hasta": 3})
    client.force_login(capturista)
    datos = client.get(f"/trabajos/{trabajo.pk}/").json()
    assert datos["exito"] is True
    assert datos["trabajo"]["porcentaje"] == 100
    assert datos["trabajo"]["resultado"] == {"suma": 6}

    otro = User.objects.create_user("otro", password="x-Clave-larga-1")
    client.force_login(otro)
    assert client.get(f"/trabajos/{trabajo.pk}/").status_code == 404
    assert client.get("/trabajos/999999/").status_code == 404
