"""PTE header endpoints: create, edit, read, soft delete and status (reference §3.1, DESIGN §4 envelope)."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from core.models import Evento
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import ClienteId, EstatusRegistro, TipoId
from operaciones.catalogos.models import Paso
from operaciones.pte.models import EstatusPTE, PTEDetalle, PTEHeader
from tests.factories import ClienteFactory, OTEFactory, PTEHeaderFactory, tipo
from tests.pte.utiles import actividad_pte, cliente_de

pytestmark = pytest.mark.django_db

CREAR = "/operaciones/pte/crear/"
EDITAR = "/operaciones/pte/editar/"
OBTENER = "/operaciones/pte/obtener_datos/"
ELIMINAR = "/operaciones/pte/eliminar/"
ESTATUS = "/operaciones/pte/cambiar_estatus_pte/"


# --- Create -------------------------------------------------------------------------------------------------------


def test_create_saves_header_with_defaults_and_every_step_of_the_client_type(cliente_admin, alta, admin):
    respuesta = cliente_admin.post(CREAR, alta)
    assert respuesta.status_code == 201
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito"
    assert cuerpo["id_nuevo"] == cuerpo["registro_id"]
    pte = PTEHeader.objects.get(pk=cuerpo["id_nuevo"])
    assert (pte.oficio_pte, pte.oficio_solicitud, pte.descripcion_trabajo) == ("SIN FOLIO", "PENDIENTE", "POR DEFINIR")
    assert pte.estatus == EstatusPTE.PENDIENTE and pte.total_homologado == Decimal("0") and pte.plazo_dias == 15
    esperados = list(
        Paso.objects.filter(activo=True, id_tipo_cliente_id=TipoId.CLIENTE_CONTRATO)
        .order_by("id")
        .values_list("id", flat=True)
    )
    creados = list(PTEDetalle.objects.filter(id_pte_header=pte).order_by("id").values_list("id_paso_id", flat=True))
    assert creados == esperados and len(creados) == 18
    alta_log = actividad_pte(pte.pk, Evento.CREAR)
    assert alta_log.filter(campo="plazo_dias", valor_actual="15", usuario=admin).exists()
    assert alta_log.filter(campo="id_cliente", valor_actual="PEMEX").exists()


def test_create_keeps_given_values_normalises_the_folio_and_accepts_dd_mm_yyyy_dates(cliente_admin, alta):
    alta.update(
        oficio_pte="  BME-3801-100-2026 ",
        oficio_solicitud="PEP-DG-1",
        descripcion_trabajo="Inspección",
        fecha_solicitud="05/02/2026",
        total_homologado="1234.50",
        comentario="urgente",
    )
    pte = PTEHeader.objects.get(pk=cliente_admin.post(CREAR, alta).json()["id_nuevo"])
    assert pte.oficio_pte == "BME-3801-100-2026"
    assert pte.fecha_solicitud == date(2026, 2, 5)
    assert pte.total_homologado == Decimal("1234.50")
    assert pte.comentario == "urgente"


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        ({"plazo_dias": "0"}, "plazo_dias"),
        ({"plazo_dias": ""}, "plazo_dias"),
        ({"total_homologado": "-1"}, "total_homologado"),
        ({"total_homologado": "abc"}, "total_homologado"),
        ({"id_cliente": ""}, "id_cliente"),
        ({"id_responsable_proyecto": "999999"}, "id_responsable_proyecto"),
        ({"id_tipo": str(TipoId.PTE.value)}, "id_tipo"),  # the hidden placeholder type
        ({"id_tipo": str(TipoId.OT_INICIAL.value)}, "id_tipo"),  # not a PTE type
        ({"prioridad": "9"}, "prioridad"),
        ({"fecha_solicitud": "31/02/2026"}, "fecha_solicitud"),
    ],
)
def test_create_rejects_bad_input_naming_the_field_and_writes_nothing(cliente_admin, alta, cambio, campo):
    alta.update(cambio)
    respuesta = cliente_admin.post(CREAR, alta)
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]
    assert not PTEHeader.objects.exists()


def test_create_refuses_inactive_client(cliente_admin, alta):
    inactivo = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_CONTRATO), activo=False)
    alta["id_cliente"] = inactivo.pk
    assert "id_cliente" in cliente_admin.post(CREAR, alta).json()["errores"]


def test_create_without_steps_for_the_client_type_writes_nothing(cliente_admin, alta):
    """No header without steps: the whole create is one transaction (the original kept the header)."""
    Paso.objects.filter(id_tipo_cliente_id=TipoId.CLIENTE_INTERCOM).update(activo=False)
    alta["id_cliente"] = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_INTERCOM)).pk
    respuesta = cliente_admin.post(CREAR, alta)
    assert respuesta.status_code == 400
    assert "No hay pasos configurados para el tipo de cliente INTERCOM" in respuesta.json()["errores"]["id_cliente"][0]
    assert not PTEHeader.objects.exists() and not PTEDetalle.objects.exists()
    assert not actividad_pte(None).exists()


def test_intercom_client_gets_the_intercom_checklist(cliente_admin, alta):
    alta["id_cliente"] = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_INTERCOM)).pk
    pte_id = cliente_admin.post(CREAR, alta).json()["id_nuevo"]
    tipos = set(PTEDetalle.objects.filter(id_pte_header_id=pte_id).values_list("id_paso__id_tipo_cliente", flat=True))
    assert tipos == {TipoId.CLIENTE_INTERCOM}


def test_folio_is_unique_among_live_ptes_ignoring_case_and_spaces(cliente_admin, alta):
    PTEHeaderFactory(oficio_pte="BME-3801-015-2023")
    alta["oficio_pte"] = " bme-3801-015-2023  "
    respuesta = cliente_admin.post(CREAR, alta)
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["oficio_pte"] == ["Ya existe una PTE vigente con ese folio."]


def test_deleted_pte_frees_its_folio_and_sin_folio_may_repeat(cliente_admin, alta):
    PTEHeaderFactory(oficio_pte="BME-3801-015-2023", estatus=EstatusPTE.ELIMINADA)
    PTEHeaderFactory(oficio_pte="SIN FOLIO")
    assert cliente_admin.post(CREAR, {**alta, "oficio_pte": "BME-3801-015-2023"}).status_code == 201
    assert cliente_admin.post(CREAR, {**alta, "oficio_pte": "sin folio"}).status_code == 201
    assert PTEHeader.objects.filter(oficio_pte="SIN FOLIO").count() == 2


def test_create_permissions(cliente_externo, alta):
    assert Client().post(CREAR, alta).status_code in (302, 401)
    assert cliente_externo.post(CREAR, alta).status_code == 403
    assert not PTEHeader.objects.exists()


def test_reader_cannot_create_and_get_is_not_allowed(lector, cliente_admin, alta):
    assert cliente_de(lector).post(CREAR, alta).status_code == 403
    assert cliente_admin.get(CREAR).status_code == 405
    assert not PTEHeader.objects.exists()


def test_coordinator_creates(client, coordinador, alta):
    client.force_login(coordinador)
    assert client.post(CREAR, alta).status_code == 201


# --- Read and edit -------------------------------------------------------------------------------------------------


def test_obtener_datos_returns_the_reference_shape(cliente_lector, pte):
    cuerpo = cliente_lector.get(OBTENER, {"id": pte.pk}).json()
    assert cuerpo["exito"] is True
    datos = cuerpo["datos"]
    esperadas = {
        "id", "oficio_pte", "oficio_solicitud", "descripcion_trabajo", "fecha_solicitud", "plazo_dias", "id_prioridad",
        "id_tipo", "id_cliente", "fecha_entrega", "id_responsable_proyecto", "total_homologado", "id_orden_trabajo",
        "comentario", "estatus",
    }  # fmt: skip
    assert esperadas <= set(datos)
    assert datos["fecha_solicitud"] == pte.fecha_solicitud.isoformat()
    assert datos["id_prioridad"] == pte.prioridad and datos["total_homologado"] == "1250000.00"


def test_obtener_datos_bad_id_and_deleted_pte(cliente_admin, pte):
    assert cliente_admin.get(OBTENER, {"id": "x"}).status_code == 400
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save()
    assert cliente_admin.get(OBTENER, {"id": pte.pk}).status_code == 404


def _cuerpo_edicion(pte, **cambios):
    cuerpo = {
        "id": pte.pk,
        "oficio_pte": pte.oficio_pte,
        "id_cliente": pte.id_cliente_id,
        "id_responsable_proyecto": pte.id_responsable_proyecto_id,
        "id_tipo": pte.id_tipo_id,
        "prioridad": pte.prioridad,
        "oficio_solicitud": pte.oficio_solicitud,
        "descripcion_trabajo": pte.descripcion_trabajo,
        "plazo_dias": pte.plazo_dias,
        "total_homologado": str(pte.total_homologado),
    }
    cuerpo.update(cambios)
    return cuerpo


def test_edit_saves_and_logs_before_and_after(cliente_admin, pte):
    respuesta = cliente_admin.post(EDITAR, _cuerpo_edicion(pte, plazo_dias="45", descripcion_trabajo="Nueva"))
    assert respuesta.status_code == 200 and respuesta.json()["exito"] is True
    pte.refresh_from_db()
    assert (pte.plazo_dias, pte.descripcion_trabajo) == (45, "Nueva")
    log = actividad_pte(pte.pk, Evento.ACTUALIZAR)
    assert log.filter(campo="plazo_dias", valor_anterior="20", valor_actual="45").exists()
    assert set(log.values_list("campo", flat=True)) == {"plazo_dias", "descripcion_trabajo"}


def test_edit_keeps_its_own_folio_but_not_anothers(cliente_admin, pte):
    otra = PTEHeaderFactory(oficio_pte="BME-OTRA-2024")
    assert cliente_admin.post(EDITAR, _cuerpo_edicion(pte)).status_code == 200
    respuesta = cliente_admin.post(EDITAR, _cuerpo_edicion(pte, oficio_pte="bme-otra-2024"))
    assert respuesta.status_code == 400 and "oficio_pte" in respuesta.json()["errores"]
    assert otra.oficio_pte == "BME-OTRA-2024"


def test_edit_refuses_a_client_of_another_type_while_the_pte_has_steps(cliente_admin, pte):
    intercom = ClienteFactory(id_tipo=tipo(TipoId.CLIENTE_INTERCOM))
    respuesta = cliente_admin.post(EDITAR, _cuerpo_edicion(pte, id_cliente=intercom.pk))
    assert respuesta.status_code == 400 and "id_cliente" in respuesta.json()["errores"]
    pte.refresh_from_db()
    assert pte.id_cliente_id == ClienteId.PEMEX


def test_edit_gives_steps_to_a_legacy_pte_without_client(cliente_admin):
    legado = PTEHeaderFactory(id_cliente=None)
    assert cliente_admin.post(EDITAR, _cuerpo_edicion(legado, id_cliente=ClienteId.PEMEX.value)).status_code == 200
    assert legado.detalles.count() == 18


def test_edit_errors_and_permissions(cliente_admin, lector, pte):
    assert cliente_admin.post(EDITAR, {"id": "abc"}).status_code == 400
    assert cliente_admin.post(EDITAR, _cuerpo_edicion(pte, id=999999)).status_code == 404
    respuesta = cliente_admin.post(EDITAR, _cuerpo_edicion(pte, plazo_dias="-3"))
    assert respuesta.status_code == 400 and "plazo_dias" in respuesta.json()["errores"]
    assert cliente_de(lector).post(EDITAR, _cuerpo_edicion(pte, plazo_dias="45")).status_code == 403
    pte.refresh_from_db()
    assert pte.plazo_dias == 20


# --- Delete -------------------------------------------------------------------------------------------------------


def test_delete_is_soft_and_logged(cliente_admin, pte):
    respuesta = cliente_admin.post(ELIMINAR, {"id": pte.pk})
    assert respuesta.status_code == 200
    pte.refresh_from_db()
    assert pte.estatus == EstatusPTE.ELIMINADA and pte.detalles.count() == 18
    assert actividad_pte(pte.pk, Evento.ELIMINAR).filter(valor_actual="ELIMINADA").exists()
    assert cliente_admin.post(ELIMINAR, {"id": pte.pk}).status_code == 404


def test_delete_needs_the_delete_permission(cliente_lector, cliente_externo, pte):
    assert cliente_lector.post(ELIMINAR, {"id": pte.pk}).status_code == 403
    assert cliente_externo.post(ELIMINAR, {"id": pte.pk}).status_code == 403
    pte.refresh_from_db()
    assert pte.estatus == EstatusPTE.PENDIENTE


def test_delete_refused_while_the_pte_has_a_live_ot(cliente_admin, pte):
    OTEFactory(id_pte_header=pte)
    respuesta = cliente_admin.post(ELIMINAR, {"id": pte.pk})
    assert respuesta.status_code == 400 and respuesta.json()["exito"] is False
    OTEFactory._meta.model.objects.filter(id_pte_header=pte).update(estatus=EstatusRegistro.ELIMINADO)
    assert cliente_admin.post(ELIMINAR, {"id": pte.pk}).status_code == 200


# --- Header status ---------------------------------------------------------------------------------------------------


def test_switching_to_entregada_sets_today_and_leaving_it_clears_the_date(cliente_admin, pte):
    respuesta = cliente_admin.post(ESTATUS, {"pte_id": pte.pk, "nuevo_estatus": EstatusPTE.ENTREGADA.value})
    assert respuesta.status_code == 200 and respuesta.json()["estatus_texto"] == "ENTREGADA"
    pte.refresh_from_db()
    assert pte.fecha_entrega == hoy_mexico()
    cliente_admin.post(
        ESTATUS, {"pte_id": pte.pk, "nuevo_estatus": EstatusPTE.PROCESO.value, "comentario": "reabierta"}
    )
    pte.refresh_from_db()
    assert (pte.estatus, pte.fecha_entrega, pte.comentario) == (EstatusPTE.PROCESO, None, "reabierta")
    cambios = actividad_pte(pte.pk, Evento.CAMBIO_ESTATUS)
    assert cambios.filter(campo="estatus", valor_anterior="ENTREGADA", valor_actual="PROCESO").exists()


def test_entregada_with_a_given_date_and_suspendida_is_15(cliente_admin, pte):
    cliente_admin.post(
        ESTATUS, {"pte_id": pte.pk, "nuevo_estatus": EstatusPTE.ENTREGADA.value, "fecha_entrega": "2026-01-15"}
    )
    pte.refresh_from_db()
    assert pte.fecha_entrega == date(2026, 1, 15)
    cliente_admin.post(ESTATUS, {"pte_id": pte.pk, "nuevo_estatus": "15"})
    pte.refresh_from_db()
    assert pte.estatus == EstatusPTE.SUSPENDIDA and pte.get_estatus_display() == "SUSPENDIDA"


@pytest.mark.parametrize("valor", ["0", "9", "x", ""])
def test_status_outside_the_list_is_refused(cliente_admin, pte, valor):
    respuesta = cliente_admin.post(ESTATUS, {"pte_id": pte.pk, "nuevo_estatus": valor})
    assert respuesta.status_code == 400 and "nuevo_estatus" in respuesta.json()["errores"]
    pte.refresh_from_db()
    assert pte.estatus == EstatusPTE.PENDIENTE


def test_status_permissions_and_deleted_pte(lector, cliente_admin, pte):
    cuerpo = {"pte_id": pte.pk, "nuevo_estatus": EstatusPTE.PROCESO.value}
    assert cliente_de(lector).post(ESTATUS, cuerpo).status_code == 403
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save()
    assert cliente_admin.post(ESTATUS, cuerpo).status_code == 404


def test_edit_is_partial_fields_not_sent_keep_their_value(cliente_admin, pte):
    assert cliente_admin.post(EDITAR, {"id": pte.pk, "comentario": "sólo esto"}).status_code == 200
    antes = pte.fecha_solicitud
    pte.refresh_from_db()
    assert (pte.comentario, pte.fecha_solicitud, pte.plazo_dias) == ("sólo esto", antes, 20)
    assert list(actividad_pte(pte.pk, Evento.ACTUALIZAR).values_list("campo", flat=True)) == ["comentario"]
