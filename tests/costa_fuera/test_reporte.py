"""The daily report's life: create (one per vessel and day), clone the previous day, workflow and reopening."""

from datetime import date, time, timedelta

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from core.models import Evento, RegistroActividad
from costa_fuera import reglas
from costa_fuera.models import BitacoraTiempo, EstadoReporte, PersonalABordo, ReporteDiarioEmbarcacion
from costa_fuera.services_reporte import (
    reporte_cambiar_estado,
    reporte_cambiar_representante,
    reporte_clonar_anterior,
    reporte_crear,
    reporte_reabrir,
    representantes_posibles,
)
from operaciones.catalogos.constantes import FrenteId
from tests.costa_fuera.datos import bitacora_completa, embarcacion, ot_en_embarcacion, reporte
from tests.factories import SitioFactory, frente

pytestmark = pytest.mark.django_db

DIA = date(2025, 3, 10)


def _mensaje(rechazo: pytest.ExceptionInfo, campo: str) -> str:
    return " ".join(rechazo.value.message_dict[campo])


def test_create_opens_a_draft_with_the_creator_as_representative_and_logs_it(coordinador):
    barco = embarcacion("ARRECIFE I")
    nuevo = reporte_crear(embarcacion=barco, fecha=DIA, usuario=coordinador)
    assert (nuevo.estado, nuevo.representante, nuevo.embarcacion) == (EstadoReporte.BORRADOR, coordinador, barco)
    log = RegistroActividad.objects.filter(afectacion=reglas.ENTIDAD_REPORTE, registro_id=nuevo.pk)
    assert log.filter(evento=Evento.CREAR, campo="estado", valor_actual="Borrador").exists()


def test_a_second_report_for_the_same_vessel_and_day_is_refused_naming_the_existing_one(coordinador):
    barco = embarcacion("ARRECIFE I")
    existente = reporte(barco, DIA)
    with pytest.raises(ValidationError) as rechazo:
        reporte_crear(embarcacion=barco, fecha=DIA, usuario=coordinador)
    texto = _mensaje(rechazo, "fecha")
    assert "Ya existe el reporte diario de ARRECIFE I del 10/03/2025" in texto and f"reporte {existente.pk}" in texto
    assert ReporteDiarioEmbarcacion.objects.count() == 1


def test_future_dates_and_sites_that_are_not_active_vessels_are_refused(coordinador):
    manana = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as rechazo:
        reporte_crear(embarcacion=embarcacion(), fecha=manana, usuario=coordinador)
    assert "posterior a hoy" in _mensaje(rechazo, "fecha")
    plataforma = SitioFactory(id_frente=frente(FrenteId.PLATAFORMA))
    inactivo = SitioFactory(activo=False)
    for sitio in (plataforma, inactivo):
        with pytest.raises(ValidationError) as rechazo:
            reporte_crear(embarcacion=sitio, fecha=DIA, usuario=coordinador)
        assert "no es una embarcación activa" in _mensaje(rechazo, "embarcacion")
    # Today itself is fine.
    assert reporte_crear(embarcacion=embarcacion(), fecha=timezone.localdate(), usuario=coordinador).pk


def test_clone_copies_the_time_log_and_pob_of_the_latest_earlier_report(coordinador):
    barco = embarcacion("ARRECIFE I")
    ot = ot_en_embarcacion(barco, DIA)
    origen = reporte(barco, DIA - timedelta(days=3))  # the most recent earlier report, not necessarily yesterday
    reporte(barco, DIA - timedelta(days=10))
    bitacora_completa(origen, ot=ot)
    PersonalABordo.objects.create(reporte=origen, compania="BME", categoria="Buzo", cantidad=12)
    PersonalABordo.objects.create(reporte=origen, compania="PEMEX", categoria="Supervisor", cantidad=2)

    nuevo, mensaje = reporte_clonar_anterior(embarcacion=barco, fecha=DIA, usuario=coordinador)

    copia = list(
        nuevo.bitacora.order_by("hora_inicio").values_list("hora_inicio", "hora_fin", "estatus_operativo", "ot")
    )
    esperado = list(
        origen.bitacora.order_by("hora_inicio").values_list("hora_inicio", "hora_fin", "estatus_operativo", "ot")
    )
    assert copia == esperado and copia[-1][1] == time(0, 0) and copia[0][3] == ot.pk
    assert sorted(nuevo.pob.values_list("compania", "cantidad")) == [("BME", 12), ("PEMEX", 2)]
    assert "copiando el del 07/03/2025" in mensaje
    assert "3 actividades de bitácora y 2 renglones de personal a bordo (14 personas)" in mensaje
    assert nuevo.estado == EstadoReporte.BORRADOR and origen.bitacora.count() == 3


def test_clone_without_an_earlier_report_is_refused(coordinador):
    barco = embarcacion("ARRECIFE I")
    reporte(barco, DIA + timedelta(days=1))  # a later report does not count
    with pytest.raises(ValidationError) as rechazo:
        reporte_clonar_anterior(embarcacion=barco, fecha=DIA, usuario=coordinador)
    assert "no tiene un reporte anterior" in _mensaje(rechazo, "clonar")
    assert ReporteDiarioEmbarcacion.objects.filter(fecha=DIA).count() == 0


def test_clone_leaves_blank_an_ot_that_no_longer_works_on_the_vessel(coordinador):
    barco = embarcacion()
    origen = reporte(barco, DIA - timedelta(days=1))
    ajena = ot_en_embarcacion(embarcacion(), DIA)  # works on another vessel
    bitacora_completa(origen, ot=ajena)
    nuevo, mensaje = reporte_clonar_anterior(embarcacion=barco, fecha=DIA, usuario=coordinador)
    assert not nuevo.bitacora.filter(ot__isnull=False).exists()
    assert "3 actividades quedaron sin OT" in mensaje


def test_pre_close_needs_the_whole_day_logged(coordinador):
    r = reporte(embarcacion("ARRECIFE I"), DIA)
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador)
    assert "vacía" in _mensaje(rechazo, "bitacora")
    BitacoraTiempo.objects.create(reporte=r, hora_inicio=time(0, 0), hora_fin=time(18, 0), actividad="Tránsito")
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador)
    assert "falta de 18:00 a 24:00" in _mensaje(rechazo, "bitacora")
    r.refresh_from_db()
    assert r.estado == EstadoReporte.BORRADOR


def test_a_gap_at_the_start_of_the_day_is_accepted_only_when_marked(coordinador):
    r = reporte(embarcacion(), DIA)
    fila = BitacoraTiempo.objects.create(reporte=r, hora_inicio=time(6, 0), hora_fin=time(0, 0), actividad="Arribo")
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador)
    assert "falta de 00:00 a 06:00" in _mensaje(rechazo, "bitacora")
    BitacoraTiempo.objects.filter(pk=fila.pk).update(hueco_justificado=True)
    assert reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador).estado == (
        EstadoReporte.PRE_CIERRE
    )


def test_full_workflow_draft_pre_close_back_pre_close_close_logs_each_step(coordinador):
    r = reporte(embarcacion(), DIA)
    bitacora_completa(r)
    reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador)
    reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.BORRADOR, usuario=coordinador)
    reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=coordinador)
    cerrado = reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.CERRADO, usuario=coordinador)
    assert cerrado.estado == EstadoReporte.CERRADO and cerrado.cerrado_por == coordinador and cerrado.fecha_cierre
    pasos = list(
        RegistroActividad.objects.filter(registro_id=r.pk, evento=Evento.CAMBIO_ESTATUS, campo="estado")
        .order_by("id")
        .values_list("valor_anterior", "valor_actual")
    )
    assert pasos == [
        ("Borrador", "Pre-cierre"),
        ("Pre-cierre", "Borrador"),
        ("Borrador", "Pre-cierre"),
        ("Pre-cierre", "Cerrado"),
    ]


def test_invalid_transitions_and_missing_permissions_are_refused(coordinador, capturista):
    r = reporte(embarcacion(), DIA)
    bitacora_completa(r)
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.CERRADO, usuario=coordinador)
    assert "no puede pasar a cerrado" in _mensaje(rechazo, "estado")
    reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.PRE_CIERRE, usuario=capturista)
    with pytest.raises(PermissionDenied):  # the capturer has no costa_fuera.cerrar_reporte
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.CERRADO, usuario=capturista)


def test_a_closed_report_refuses_every_transition_with_the_spanish_message(coordinador):
    r = reporte(embarcacion("ARRECIFE I"), DIA, estado=EstadoReporte.CERRADO)
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_estado(reporte_id=r.pk, estado=EstadoReporte.BORRADOR, usuario=coordinador)
    assert "ARRECIFE I del 10/03/2025 está cerrado y no admite cambios" in _mensaje(rechazo, "reporte")


def test_reopen_needs_the_permission_and_a_reason_and_logs_the_reason(admin, coordinador):
    r = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    with pytest.raises(PermissionDenied):
        reporte_reabrir(reporte_id=r.pk, usuario=coordinador, motivo="Corregir consumo")
    with pytest.raises(ValidationError) as rechazo:
        reporte_reabrir(reporte_id=r.pk, usuario=admin, motivo="   ")
    assert "motivo" in rechazo.value.message_dict
    abierto = reporte_reabrir(reporte_id=r.pk, usuario=admin, motivo="Corregir el consumo de diésel")
    assert (abierto.estado, abierto.cerrado_por, abierto.fecha_cierre) == (EstadoReporte.BORRADOR, None, None)
    log = RegistroActividad.objects.filter(registro_id=r.pk, evento=Evento.CAMBIO_ESTATUS)
    assert log.filter(campo="estado", valor_anterior="Cerrado", valor_actual="Borrador").exists()
    assert log.filter(campo="motivo_reapertura", valor_actual="Corregir el consumo de diésel").exists()
    with pytest.raises(ValidationError) as rechazo:  # not closed any more
        reporte_reabrir(reporte_id=r.pk, usuario=admin, motivo="Otra vez")
    assert "no está cerrado" in _mensaje(rechazo, "estado")


# --- Admin ------------------------------------------------------------------------------------------------------


def _peticion(usuario, metodo="get", datos=None):
    peticion = getattr(RequestFactory(), metodo)("/admin/", datos or {})
    peticion.user = usuario
    peticion.session = {}
    peticion._messages = _Mensajes()
    return peticion


class _Mensajes(list):
    def add(self, nivel, mensaje, extra_tags=""):
        self.append(str(mensaje))


def test_admin_shows_a_closed_report_and_its_inlines_read_only(admin):
    modelo_admin = site._registry[ReporteDiarioEmbarcacion]
    abierto = reporte(embarcacion(), DIA)
    cerrado = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    peticion = _peticion(admin)
    assert modelo_admin.has_change_permission(peticion, abierto)
    assert not modelo_admin.has_change_permission(peticion, cerrado)
    assert not modelo_admin.has_delete_permission(peticion, cerrado)
    for inline in modelo_admin.get_inline_instances(peticion, cerrado):
        assert not inline.has_add_permission(peticion, cerrado)
        assert not inline.has_change_permission(peticion, cerrado)
        assert not inline.has_delete_permission(peticion, cerrado)
    assert "estado" in modelo_admin.get_readonly_fields(peticion, abierto)
    fila = bitacora_completa(cerrado)[0]
    assert not site._registry[BitacoraTiempo].has_change_permission(peticion, fila)


def test_admin_client_cannot_change_a_closed_report(client, admin):
    client.force_login(admin)
    cerrado = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    bitacora_completa(cerrado)
    url = f"/admin/costa_fuera/reportediarioembarcacion/{cerrado.pk}/change/"
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, {"comentarios_generales": "cambio"}).status_code == 403
    url_fila = f"/admin/costa_fuera/bitacoratiempo/{cerrado.bitacora.first().pk}/delete/"
    assert client.post(url_fila, {"post": "yes"}).status_code == 403
    assert cerrado.bitacora.count() == 3


def test_admin_action_reabrir_asks_the_reason_and_uses_the_service(client, admin):
    client.force_login(admin)
    cerrado = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    url = "/admin/costa_fuera/reportediarioembarcacion/"
    intermedia = client.post(url, {"action": "reabrir", "_selected_action": [cerrado.pk]})
    assert intermedia.status_code == 200 and "Motivo de la reapertura" in intermedia.content.decode()
    sin_motivo = client.post(url, {"action": "reabrir", "_selected_action": [cerrado.pk], "aplicar": "1"})
    assert sin_motivo.status_code == 200
    cerrado.refresh_from_db()
    assert cerrado.estado == EstadoReporte.CERRADO
    hecho = client.post(
        url, {"action": "reabrir", "_selected_action": [cerrado.pk], "aplicar": "1", "motivo": "Error de captura"}
    )
    assert hecho.status_code == 302
    cerrado.refresh_from_db()
    assert cerrado.estado == EstadoReporte.BORRADOR
    assert RegistroActividad.objects.filter(registro_id=cerrado.pk, valor_actual="Error de captura").exists()


def test_admin_action_reabrir_is_not_offered_without_the_permission(coordinador):
    coordinador.is_staff = True
    coordinador.save()
    modelo_admin = site._registry[ReporteDiarioEmbarcacion]
    assert "reabrir" not in modelo_admin.get_actions(_peticion(coordinador))


# --- representative --------------------------------------------------------------------------------------------------


def test_change_representative_hands_the_day_over_and_logs_before_and_after(coordinador, capturista):
    rep = reporte(embarcacion("ARRECIFE I"), DIA, representante=coordinador)
    cambiado = reporte_cambiar_representante(reporte_id=rep.pk, representante=capturista, usuario=coordinador)
    rep.refresh_from_db()
    assert cambiado.representante == capturista and rep.representante == capturista
    log = RegistroActividad.objects.get(afectacion=reglas.ENTIDAD_REPORTE, registro_id=rep.pk, campo="representante")
    assert log.evento == Evento.ACTUALIZAR and log.usuario == coordinador
    assert (log.valor_anterior, log.valor_actual) == (
        "Carlos Coordinador (coordinador)",
        "Cecilia Captura (capturista)",
    )
    assert "Cambio de representante del reporte de ARRECIFE I del 10/03/2025" in log.detalle
    # Choosing the same user again writes nothing.
    reporte_cambiar_representante(reporte_id=rep.pk, representante=capturista, usuario=coordinador)
    assert RegistroActividad.objects.filter(registro_id=rep.pk, campo="representante").count() == 1


def test_change_representative_is_refused_on_a_closed_report(coordinador, capturista):
    rep = reporte(embarcacion(), DIA, representante=coordinador, estado=EstadoReporte.CERRADO)
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_representante(reporte_id=rep.pk, representante=capturista, usuario=coordinador)
    assert "está cerrado" in _mensaje(rechazo, "reporte")
    rep.refresh_from_db()
    assert rep.representante == coordinador


def test_the_new_representative_must_be_active_and_allowed_to_edit_reports(coordinador, capturista, lector, admin):
    rep = reporte(embarcacion(), DIA, representante=coordinador)
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_representante(reporte_id=rep.pk, representante=lector, usuario=coordinador)
    assert "Luis Lector no tiene permiso para editar reportes diarios" in _mensaje(rechazo, "representante")
    capturista.is_active = False
    capturista.save()
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_representante(reporte_id=rep.pk, representante=capturista, usuario=coordinador)
    assert "está inactivo" in _mensaje(rechazo, "representante")
    with pytest.raises(ValidationError) as rechazo:
        reporte_cambiar_representante(reporte_id=rep.pk, representante=None, usuario=coordinador)
    assert "representante" in rechazo.value.message_dict
    # A user without the permission cannot make the change either.
    with pytest.raises(PermissionDenied):
        reporte_cambiar_representante(reporte_id=rep.pk, representante=admin, usuario=lector)
    rep.refresh_from_db()
    assert rep.representante == coordinador
    assert not RegistroActividad.objects.filter(registro_id=rep.pk, campo="representante").exists()


def test_possible_representatives_are_active_users_with_the_change_permission_in_one_query(
    coordinador, capturista, lector, admin, django_user_model, django_assert_num_queries
):
    directo = django_user_model.objects.create_user("directo", first_name="Dora", last_name="Directa")
    directo.user_permissions.add(Permission.objects.get(codename="change_reportediarioembarcacion"))
    inactivo = django_user_model.objects.create_user("inactivo", is_active=False)
    inactivo.groups.add(*coordinador.groups.all())
    with django_assert_num_queries(1):
        posibles = list(representantes_posibles())
    assert set(posibles) == {coordinador, capturista, admin, directo}
    assert len(posibles) == 4  # each once, although a user may hold the permission twice
