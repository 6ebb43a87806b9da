"""The OT detail page (`/operaciones/ot/<pk>/`): who may open it, its header and its tabs."""

from decimal import Decimal

import pytest

from operaciones.catalogos.constantes import EstatusRegistro
from tests import factories as f

pytestmark = pytest.mark.django_db


def _url(ot) -> str:
    return f"/operaciones/ot/{ot.pk}/"


def test_anonymous_users_are_sent_to_login(client):
    ot = f.OTEFactory()
    respuesta = client.get(_url(ot))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_users_without_the_ot_permission_are_refused(cliente_externo):
    ot = f.OTEFactory()
    respuesta = cliente_externo.get(_url(ot))
    assert respuesta.status_code == 403
    assert ot.orden_trabajo not in respuesta.content.decode()


def test_missing_or_deleted_ots_answer_404(cliente_lector):
    borrada = f.OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    assert cliente_lector.get(_url(borrada)).status_code == 404
    assert cliente_lector.get("/operaciones/ot/999999/").status_code == 404


def test_page_only_answers_get(cliente_lector):
    ot = f.OTEFactory()
    assert cliente_lector.post(_url(ot)).status_code == 405


def test_reader_sees_the_header_and_every_tab_but_cannot_upload(cliente_lector):
    pte = f.PTEHeaderFactory(oficio_pte="BME-3801-321-2025")
    ot = f.OTEFactory(
        orden_trabajo="OT-GRZ-801-25-777",
        id_pte_header=pte,
        monto_mxn=Decimal("1234567.895"),
        monto_usd=Decimal("1000.00"),
    )
    respuesta = cliente_lector.get(_url(ot))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for texto in (
        "OT-GRZ-801-25-777",
        "BME-3801-321-2025",
        ot.id_responsable_proyecto.descripcion,
        ot.id_embarcacion.descripcion,
        ot.id_plataforma.descripcion,
        "EN EJECUCION",
        "$1,234,567.90 MXN",
        "$1,000.00 USD",
        ot.fecha_inicio_programado.strftime("%d/%m/%Y"),
    ):
        assert texto in html, texto
    for pestana in ("Resumen", "Anexo C", "Programa", "Producción"):
        assert f">{pestana}</button>" in html, pestana
    assert 'id="programa"' in html  # the "Programa" tab holds the schedule (tests/cronograma/test_vistas.py)
    assert 'href="/operaciones/ot/"' in html  # back to the list
    assert respuesta.context["configuracion"]["puede_importar"] is False
    assert 'id="modal-anexo"' not in html and 'id="boton-cargar-anexo"' not in html


def test_writer_gets_the_upload_form(client, coordinador):
    ot = f.OTEFactory()
    client.force_login(coordinador)
    respuesta = client.get(_url(ot))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="boton-cargar-anexo"' in html and 'id="form-anexo"' in html
    for nombre in ('name="archivo"', 'name="modo"', 'name="tipo_cambio"', 'name="dry_run"', "csrfmiddlewaretoken"):
        assert nombre in html, nombre
    config = respuesta.context["configuracion"]
    assert config["puede_importar"] is True
    assert config["urls"]["datatable"] == f"/operaciones/ot/{ot.pk}/anexo/datatable/"
    assert config["urls"]["totales"] == f"/operaciones/ot/{ot.pk}/anexo/totales/"
    assert config["urls"]["importar"] == f"/operaciones/ot/{ot.pk}/anexo/importar/"
    assert config["urls"]["errores"] == f"/operaciones/ot/{ot.pk}/anexo/errores/"
    assert config["urls"]["trabajo"] == "/trabajos/"


def test_a_reprogramming_links_back_to_its_initial_ot(cliente_lector):
    repro = f.ReprogramacionFactory()
    html = cliente_lector.get(_url(repro)).content.decode()
    assert f'href="/operaciones/ot/{repro.ot_principal_id}/"' in html
    assert "· R1" in html


def test_text_from_the_database_is_escaped(cliente_lector):
    ot = f.OTEFactory(orden_trabajo="OT-<b>X</b>", descripcion_trabajo="<script>alert(1)</script>")
    html = cliente_lector.get(_url(ot)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "OT-<b>X</b>" not in html


def test_an_ot_por_definir_is_flagged(cliente_lector):
    ot = f.OTEFactory(estatus=EstatusRegistro.POR_DEFINIR)
    assert "Por definir</span>" in cliente_lector.get(_url(ot)).content.decode()
    activa = f.OTEFactory()
    assert "Por definir</span>" not in cliente_lector.get(_url(activa)).content.decode()
