"""The estimation workflow (issue 6 item 2, 3): transitions, permissions, approval lock, invoice and payment data."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle
from operaciones.estimaciones.services import (
    estados_siguientes,
    estimacion_cambiar_estado,
    estimacion_crear,
    permiso_de_transicion,
)
from operaciones.produccion.models import Produccion, RegistroGPU
from tests.estimaciones.datos import estimacion_lista
from tests.produccion.datos import cuerpo_hoja

pytestmark = pytest.mark.django_db

E = EstadoEstimacion
URL_HOJA = "/operaciones/produccion/guardar_produccion_masiva/"


def usuario(nombre: str, *, grupo: str | None = None, permisos=()) -> User:
    user = User.objects.create_user(username=nombre, password="x")
    if grupo:
        user.groups.add(Group.objects.get(name=grupo))
    for codigo in permisos:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="estimaciones", codename=codigo))
    return User.objects.get(pk=user.pk)  # fresh: no permission cache


@pytest.fixture
def facturacion(db):
    return usuario("facturacion", grupo="Facturación")


def mover(estimacion, estado, usuario=None, **extra):
    return estimacion_cambiar_estado(estimacion=estimacion, estado=estado, usuario=usuario, **extra)


def test_the_whole_workflow_is_walked_step_by_step_and_every_step_is_logged(facturacion):
    _, est = estimacion_lista(conceptos=2, dias=2)

    for estado in (E.EN_REVISION, E.BORRADOR, E.EN_REVISION, E.APROBADA):
        est = mover(est, estado, facturacion)
    est = mover(est, E.FACTURADA, facturacion, numero_factura=" A-1234 ", fecha_factura=date(2025, 4, 5))
    est = mover(est, E.PAGADA, facturacion, fecha_pago=date(2025, 5, 5))

    est.refresh_from_db()
    assert est.estado == E.PAGADA
    assert (est.numero_factura, est.fecha_factura, est.fecha_pago) == ("A-1234", date(2025, 4, 5), date(2025, 5, 5))
    assert (est.aprobado_por, est.fecha_aprobacion is not None) == (facturacion, True)
    pasos = list(
        RegistroActividad.objects.filter(registro_id=est.pk, evento=Evento.CAMBIO_ESTATUS, campo="estado")
        .order_by("pk")
        .values_list("valor_anterior", "valor_actual")
    )
    assert pasos == [
        ("Borrador", "En revisión"),
        ("En revisión", "Borrador"),
        ("Borrador", "En revisión"),
        ("En revisión", "Aprobada"),
        ("Aprobada", "Facturada"),
        ("Facturada", "Pagada"),
    ]
    assert RegistroActividad.objects.filter(registro_id=est.pk, campo="numero_factura", valor_actual="A-1234").exists()


@pytest.mark.parametrize(
    ("origen", "destino"),
    [
        (E.BORRADOR, E.APROBADA),
        (E.BORRADOR, E.FACTURADA),
        (E.EN_REVISION, E.PAGADA),
        (E.APROBADA, E.BORRADOR),
        (E.APROBADA, E.PAGADA),
        (E.FACTURADA, E.CANCELADA),
        (E.PAGADA, E.CANCELADA),
        (E.PAGADA, E.FACTURADA),
        (E.CANCELADA, E.BORRADOR),
        (E.APROBADA, E.APROBADA),
        (E.BORRADOR, "INVENTADO"),
    ],
)
def test_transitions_outside_the_workflow_are_refused(origen, destino):
    _, est = estimacion_lista(conceptos=1, dias=1, estado=origen)

    with pytest.raises(ValidationError) as rechazo:
        mover(est, destino, numero_factura="F", fecha_factura=date(2025, 4, 1), fecha_pago=date(2025, 5, 1), motivo="m")

    assert "estado" in rechazo.value.message_dict
    est.refresh_from_db()
    assert est.estado == origen


def test_the_workflow_helpers_describe_the_allowed_steps():
    assert estados_siguientes(E.BORRADOR) == [E.EN_REVISION, E.CANCELADA]
    assert set(estados_siguientes(E.EN_REVISION)) == {E.BORRADOR, E.APROBADA, E.CANCELADA}
    assert estados_siguientes(E.PAGADA) == []
    assert permiso_de_transicion(E.APROBADA, E.CANCELADA) == "estimaciones.aprobar_estimacion"
    assert permiso_de_transicion(E.FACTURADA, E.PAGADA) == "estimaciones.facturar_estimacion"
    assert permiso_de_transicion(E.PAGADA, E.CANCELADA) is None


@pytest.mark.parametrize(
    ("origen", "destino", "permiso"),
    [
        (E.BORRADOR, E.EN_REVISION, "change_estimacionheader"),
        (E.EN_REVISION, E.APROBADA, "aprobar_estimacion"),
        (E.APROBADA, E.FACTURADA, "facturar_estimacion"),
        (E.FACTURADA, E.PAGADA, "facturar_estimacion"),
        (E.BORRADOR, E.CANCELADA, "change_estimacionheader"),
        (E.APROBADA, E.CANCELADA, "aprobar_estimacion"),
    ],
)
def test_each_transition_needs_its_permission(origen, destino, permiso):
    _, est = estimacion_lista(conceptos=1, dias=1, estado=origen)
    todos = {"change_estimacionheader", "aprobar_estimacion", "facturar_estimacion"}
    sin_el = usuario("sin_permiso", permisos=todos - {permiso})
    con_el = usuario("con_permiso", permisos={permiso})
    datos = {"numero_factura": "F-9", "fecha_factura": date(2025, 4, 1), "fecha_pago": date(2025, 5, 1), "motivo": "m"}

    with pytest.raises(PermissionDenied):
        mover(est, destino, sin_el, **datos)
    est.refresh_from_db()
    assert est.estado == origen

    assert mover(est, destino, con_el, **datos).estado == destino


def test_roles_capturist_and_reader_cannot_move_estimations(capturista, lector, coordinador):
    _, est = estimacion_lista(conceptos=1, dias=1)
    for persona in (capturista, lector, coordinador):
        with pytest.raises(PermissionDenied):
            mover(est, E.EN_REVISION, persona)


# --- Approval ---------------------------------------------------------------------------------------------------------


def test_approval_marks_lines_and_production_as_estimated(facturacion):
    fam, est = estimacion_lista(conceptos=2, dias=2, estado=E.EN_REVISION)
    ajena = Produccion.objects.create(
        id_partida_anexo=fam.partidas[0],
        id_reporte_mensual=Produccion.objects.first().id_reporte_mensual,
        fecha_produccion=date(2025, 3, 20),
        volumen_produccion=Decimal("1"),
        id_sitio_produccion=fam.sitio,
    )

    mover(est, E.APROBADA, facturacion)

    est.refresh_from_db()
    assert est.id_estatus_cobro_id == EstatusId.COBRO_ESTIMADO
    assert set(est.detalles.values_list("id_estatus_cobro_id", flat=True)) == {EstatusId.COBRO_ESTIMADO}
    incluidas = Produccion.objects.filter(estimaciones_detalle__id_estimacion_header=est)
    assert set(incluidas.values_list("id_estatus_cobro_id", flat=True)) == {EstatusId.COBRO_ESTIMADO}
    ajena.refresh_from_db()
    assert ajena.id_estatus_cobro_id == EstatusId.PENDIENTE


def test_approval_is_refused_when_production_changed_after_it_was_estimated():
    _, est = estimacion_lista(conceptos=2, dias=2, estado=E.EN_REVISION)
    linea = est.detalles.order_by("pk").first()
    Produccion.objects.filter(pk=linea.id_produccion_id).update(volumen_produccion=Decimal("9"))

    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.APROBADA)

    mensajes = rechazo.value.message_dict["estado"]
    assert mensajes[0] == "No se puede aprobar: actualice o cancele la estimación."
    assert mensajes[1] == "2.1. del 01/03/2025: la producción cambió después de estimarse."
    est.refresh_from_db()
    assert est.estado == E.EN_REVISION
    assert not Produccion.objects.filter(id_estatus_cobro_id=EstatusId.COBRO_ESTIMADO).exists()


def test_approval_is_refused_when_a_gpu_is_no_longer_signed():
    _, est = estimacion_lista(conceptos=1, dias=2, estado=E.EN_REVISION)
    linea = est.detalles.order_by("pk").last()
    RegistroGPU.objects.filter(id_produccion_id=linea.id_produccion_id).update(
        id_estatus_id=EstatusId.FALTA_FIRMA_PEMEX
    )

    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.APROBADA)

    assert "2.1. del 02/03/2025: su GPU ya no está FIRMADO." in rechazo.value.message_dict["estado"]


def test_approval_is_refused_without_live_lines():
    _, est = estimacion_lista(conceptos=1, dias=1, estado=E.EN_REVISION)
    est.detalles.update(vigente=False)

    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.APROBADA)

    assert rechazo.value.message_dict["estado"] == ["La estimación no tiene líneas vigentes: no se puede aprobar."]


def test_approval_refusal_names_at_most_ten_lines():
    _, est = estimacion_lista(conceptos=4, dias=3, estado=E.EN_REVISION)
    produccion = est.detalles.values("id_produccion_id")
    Produccion.objects.filter(pk__in=produccion).update(volumen_produccion=Decimal("9"))

    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.APROBADA)

    mensajes = rechazo.value.message_dict["estado"]
    assert len(mensajes) == 1 + 10 + 1 and mensajes[-1] == "… y otras líneas."


def test_a_move_to_the_same_or_an_unknown_state_is_refused():
    _, est = estimacion_lista(conceptos=1, dias=1, estado=E.EN_REVISION)
    with pytest.raises(ValidationError) as igual:
        mover(est, E.EN_REVISION)
    with pytest.raises(ValidationError) as desconocido:
        mover(est, "inventado")
    assert igual.value.message_dict["estado"] == ["La estimación ya está en revisión."]
    assert desconocido.value.message_dict["estado"] == ["El estado indicado no existe."]


# --- Invoice and payment ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("datos", "campos"),
    [
        ({}, {"numero_factura", "fecha_factura"}),
        ({"numero_factura": "   ", "fecha_factura": date(2025, 4, 1)}, {"numero_factura"}),
        ({"numero_factura": "F-1"}, {"fecha_factura"}),
        ({"numero_factura": "F" * 61, "fecha_factura": date(2025, 4, 1)}, {"numero_factura"}),
        ({"numero_factura": "F-1", "fecha_factura": "2025-04-01"}, {"fecha_factura"}),
    ],
)
def test_invoicing_needs_an_invoice_number_and_date(datos, campos):
    _, est = estimacion_lista(conceptos=1, dias=1, estado=E.APROBADA)
    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.FACTURADA, **datos)
    assert set(rechazo.value.message_dict) == campos


def test_payment_needs_a_date_not_before_the_invoice():
    _, est = estimacion_lista(conceptos=1, dias=1, estado=E.FACTURADA)  # invoiced on 06/03/2025
    with pytest.raises(ValidationError) as sin_fecha:
        mover(est, E.PAGADA)
    with pytest.raises(ValidationError) as antes:
        mover(est, E.PAGADA, fecha_pago=date(2025, 3, 5))
    assert "fecha_pago" in sin_fecha.value.message_dict
    assert antes.value.message_dict["fecha_pago"] == ["La fecha de pago es anterior a la fecha de la factura."]
    assert mover(est, E.PAGADA, fecha_pago=date(2025, 3, 6)).fecha_pago == date(2025, 3, 6)


# --- Cancellation -----------------------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason():
    _, est = estimacion_lista(conceptos=1, dias=1)
    with pytest.raises(ValidationError) as rechazo:
        mover(est, E.CANCELADA, motivo="  ")
    assert "motivo" in rechazo.value.message_dict


@pytest.mark.parametrize("origen", [E.BORRADOR, E.EN_REVISION, E.APROBADA])
def test_cancelling_releases_the_production_and_keeps_the_document(origen):
    fam, est = estimacion_lista(conceptos=2, dias=2, estado=origen)
    totales = (est.total_importe_mn, est.total_importe_usd)

    est = mover(est, E.CANCELADA, motivo="Periodo equivocado")

    est.refresh_from_db()
    assert (est.estado, est.motivo_cancelacion, est.numero) == (E.CANCELADA, "Periodo equivocado", 1)
    assert est.fecha_cancelacion is not None
    assert (est.total_importe_mn, est.total_importe_usd) == totales
    assert not EstimacionDetalle.objects.filter(id_estimacion_header=est, vigente=True).exists()
    assert est.detalles.count() == 4
    assert set(Produccion.objects.values_list("id_estatus_cobro_id", flat=True)) == {EstatusId.PENDIENTE}
    nueva = estimacion_crear(
        ot=fam.ot,
        fecha_desde=date(2025, 3, 1),
        fecha_hasta=date(2025, 3, 31),
        tipo_cambio=Decimal("18"),
        usuario=None,
    )
    assert (nueva.numero, nueva.detalles.count()) == (2, 4)


# --- Acceptance: approved production is locked; cancelling releases it --------------------------------------------


def test_approved_production_cannot_be_edited_or_estimated_again_until_the_estimation_is_cancelled(
    settings, cliente_capturista
):
    settings.SASCOP_ANEXOS_CON_GPU = []  # the estimation alone locks the production (no signed GPU in the way)
    fam, est = estimacion_lista(conceptos=1, dias=3, volumen="2", estado=E.APROBADA, firmar=False)
    cuerpo = cuerpo_hoja(fam, valores=["2", "5", "2"] + [None] * 28)

    editar = cliente_capturista.post(URL_HOJA, data=json.dumps(cuerpo), content_type="application/json")

    assert editar.status_code == 400
    assert editar.json()["detalles"] == (
        f"2.1. día 2: la producción ya está en la estimación {est.folio} aprobada; no se puede modificar."
    )
    with pytest.raises(ValidationError) as otra:
        estimacion_crear(
            ot=fam.ot,
            fecha_desde=date(2025, 3, 1),
            fecha_hasta=date(2025, 3, 31),
            tipo_cambio=Decimal("18"),
            usuario=None,
        )
    assert otra.value.messages[0].startswith("No hay producción por estimar en el periodo")

    mover(est, E.CANCELADA, motivo="Se reestima")

    editar = cliente_capturista.post(URL_HOJA, data=json.dumps(cuerpo), content_type="application/json")
    assert editar.status_code == 200
    nueva = estimacion_crear(
        ot=fam.ot, fecha_desde=date(2025, 3, 1), fecha_hasta=date(2025, 3, 31), tipo_cambio=Decimal("18"), usuario=None
    )
    assert sorted(nueva.detalles.values_list("volumen_estimado", flat=True)) == [Decimal(2), Decimal(2), Decimal(5)]
