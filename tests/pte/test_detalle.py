"""The PTE detail page (the original's was broken): header, progress, nested steps, history and OTs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.semillas import PASO_VOLUMETRIA
from operaciones.pte.models import EstatusPTE
from tests.factories import OTEFactory, PTEHeaderFactory
from tests.pte.utiles import cliente_de, marcar, paso

pytestmark = pytest.mark.django_db


def _url(pte):
    return f"/operaciones/pte/{pte.pk}/"


def test_detail_shows_header_progress_nested_steps_history_and_ots(cliente_admin, pte):
    marcar(list(pte.detalles.order_by("id"))[:9])
    OTEFactory(id_pte_header=pte, orden_trabajo="OT-DESDE-PTE-1")
    cliente_admin.post(
        "/operaciones/pte/cambiar_estatus_paso/",
        {"paso_id": paso(pte, 13).pk, "nuevo_estatus": EstatusId.PROCESO.value, "comentario": "<b>revisar</b>"},
    )
    respuesta = cliente_admin.get(_url(pte))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert pte.oficio_pte in html and pte.descripcion_trabajo in html and "PEMEX" in html
    assert 'style="width: 50%"' in html and "9 de 18 pasos" in html
    principales = [d.id_paso_id for d, _ in respuesta.context["pasos"]]
    assert len(principales) == 12 and principales[3] == PASO_VOLUMETRIA
    assert [s.id_paso.orden for s in respuesta.context["pasos"][3][1]] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert "OT-DESDE-PTE-1" in html
    assert "&lt;b&gt;revisar&lt;/b&gt;" in html and "<b>revisar</b>" not in html
    assert any(r.registro_id == paso(pte, 13).pk for r, _ in respuesta.context["actividad"])


def test_detail_of_a_pte_without_client_or_steps(cliente_admin):
    legado = PTEHeaderFactory(id_cliente=None)
    html = cliente_admin.get(_url(legado)).content.decode()
    assert "Sin cliente" in html and "Esta PTE no tiene pasos." in html


def test_detail_access(client, lector, externo, pte):
    assert cliente_de(lector).get(_url(pte)).status_code == 200
    assert cliente_de(externo).get(_url(pte)).status_code == 403
    assert client.get(_url(pte)).status_code == 302
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save()
    assert cliente_de(lector).get(_url(pte)).status_code == 404
    assert cliente_de(lector).get("/operaciones/pte/999999/").status_code == 404


def test_detail_queries_do_not_grow_with_history(cliente_admin, pte, django_assert_max_num_queries):
    for estatus in (EstatusId.PROCESO, EstatusId.COMPLETADO, EstatusId.PENDIENTE) * 3:
        cliente_admin.post(
            "/operaciones/pte/cambiar_estatus_paso/", {"paso_id": paso(pte, 1).pk, "nuevo_estatus": estatus}
        )
    with django_assert_max_num_queries(12):
        assert cliente_admin.get(_url(pte)).status_code == 200


def test_detail_queries_do_not_grow_with_steps_history_or_ots(cliente_admin, pte):
    corta = PTEHeaderFactory(con_pasos=True)
    cliente_admin.get(_url(corta))  # settles the session
    with CaptureQueriesContext(connection) as pocas:
        assert cliente_admin.get(_url(corta)).status_code == 200
    marcar(list(pte.detalles.order_by("id"))[:9])
    for i in range(3):
        OTEFactory(id_pte_header=pte, orden_trabajo=f"OT-DETALLE-{i}")
    with CaptureQueriesContext(connection) as muchas:
        assert cliente_admin.get(_url(pte)).status_code == 200
    assert len(pocas) == len(muchas)
