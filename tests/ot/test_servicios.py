"""OT services: the step template rule, step generation, family numbering, sites by front, status dates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from core.models import Evento, RegistroActividad
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.catalogos.models import PasoOt
from operaciones.ot import services
from operaciones.ot.models import OTE
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tipo_ot", "tipo_cliente", "plantilla"),
    [
        (TipoId.OT_REPROGRAMACION, TipoId.CLIENTE_CONTRATO, TipoId.OT_REPROGRAMACION),
        (TipoId.OT_REPROGRAMACION, TipoId.CLIENTE_INTERCOM, TipoId.PLANTILLA_INTERCOM),
        (TipoId.OT_REPROGRAMACION, None, TipoId.OT_INICIAL),
        (TipoId.OT_INICIAL, TipoId.CLIENTE_INTERCOM, TipoId.PLANTILLA_INTERCOM),
        (TipoId.OT_INICIAL, TipoId.CLIENTE_CONTRATO, TipoId.OT_INICIAL),
        (TipoId.OT_INICIAL, None, TipoId.OT_INICIAL),
    ],
)
def test_template_rule_picks_the_template_by_ot_type_and_client_type(tipo_ot, tipo_cliente, plantilla):
    assert services.plantilla_pasos_ot(id_tipo_ot=tipo_ot, tipo_cliente_id=tipo_cliente) == plantilla


def _ids_plantilla(plantilla):
    return list(PasoOt.objects.filter(tipo_id=plantilla, activo=True).order_by("id").values_list("id", flat=True))


def test_generated_steps_are_the_active_template_steps_in_id_order_with_status_and_dates():
    ot = f.OTEFactory(id_cliente=f.ClienteFactory())  # an intercom client
    apagado = PasoOt.objects.filter(tipo_id=TipoId.PLANTILLA_INTERCOM).order_by("id").last()
    apagado.activo = False
    apagado.save()
    hoy = date(2025, 3, 4)
    pasos = services.ot_generar_pasos(
        ot=ot, estatus_paso=EstatusId.PROCESO, fecha_inicio=hoy, fecha_termino=hoy, fecha_entrega=hoy
    )
    esperados = _ids_plantilla(TipoId.PLANTILLA_INTERCOM)
    assert apagado.pk not in esperados and esperados
    guardados = list(ot.detalles.order_by("id"))
    assert [p.id_paso_id for p in guardados] == esperados == [p.id_paso_id for p in pasos]
    assert {(p.estatus_paso_id, p.fecha_inicio, p.fecha_termino, p.fecha_entrega) for p in guardados} == {
        (EstatusId.PROCESO, hoy, hoy, hoy)
    }


def test_reprogramming_of_a_contract_client_gets_the_reprogramming_template():
    principal = f.OTEFactory()
    repro = f.ReprogramacionFactory(ot_principal=principal)
    services.ot_generar_pasos(ot=repro)
    assert list(repro.detalles.values_list("id_paso_id", flat=True).order_by("id_paso_id")) == _ids_plantilla(
        TipoId.OT_REPROGRAMACION
    )


# --- Create ---------------------------------------------------------------------------------------------------


def _datos(**extra):
    datos = {
        "id_tipo": TipoId.OT_INICIAL,
        "orden_trabajo": "OT-NUEVA-001",
        "id_responsable_proyecto": f.ResponsableProyectoFactory(),
    }
    datos.update(extra)
    return datos


def test_create_initial_keeps_the_posted_client_and_status(admin):
    intercom = f.ClienteFactory()
    ot = services.ot_crear(
        datos=_datos(id_cliente=intercom, id_estatus_ot=f.estatus(EstatusId.EN_EJECUCION)), usuario=admin
    )
    assert ot.id_cliente == intercom and ot.id_estatus_ot_id == EstatusId.EN_EJECUCION
    assert ot.estatus == EstatusRegistro.ACTIVO
    assert sorted(ot.detalles.values_list("id_paso_id", flat=True)) == _ids_plantilla(TipoId.PLANTILLA_INTERCOM)
    assert RegistroActividad.objects.filter(afectacion="OT", registro_id=ot.pk, evento=Evento.CREAR).exists()


def test_create_without_status_defaults_to_asignada(admin):
    ot = services.ot_crear(datos=_datos(), usuario=admin)
    assert ot.id_estatus_ot_id == EstatusId.ASIGNADA


def test_reprogramming_numbers_follow_the_family_max_plus_one(admin):
    principal = f.OTEFactory()
    f.ReprogramacionFactory(ot_principal=principal, num_reprogramacion=3)
    borrada = f.ReprogramacionFactory(ot_principal=principal, num_reprogramacion=7)
    borrada.estatus = EstatusRegistro.ELIMINADO
    borrada.save()
    otra_familia = f.ReprogramacionFactory(num_reprogramacion=9)
    assert otra_familia.ot_principal != principal
    datos = _datos(id_tipo=TipoId.OT_REPROGRAMACION, ot_principal=principal, orden_trabajo=principal.orden_trabajo)
    primera = services.ot_crear(datos=dict(datos), usuario=admin)
    segunda = services.ot_crear(datos=dict(datos), usuario=admin)
    assert (primera.num_reprogramacion, segunda.num_reprogramacion) == (4, 5)
    assert primera.id_pte_header_id == principal.id_pte_header_id


def test_reprogramming_inherits_blank_fields_and_pte_from_its_principal(admin):
    pte = f.PTEHeaderFactory()
    principal = f.OTEFactory(id_pte_header=pte, id_cliente=f.ClienteFactory())
    repro = services.ot_crear(
        datos={
            "id_tipo": TipoId.OT_REPROGRAMACION,
            "orden_trabajo": principal.orden_trabajo,
            "ot_principal": principal,
        },
        usuario=admin,
    )
    assert repro.id_pte_header == pte
    assert repro.id_cliente == principal.id_cliente
    assert repro.id_responsable_proyecto == principal.id_responsable_proyecto
    assert repro.id_embarcacion == principal.id_embarcacion
    assert repro.descripcion_trabajo == principal.descripcion_trabajo
    # intercom client → intercom template even for a reprogramming
    assert sorted(repro.detalles.values_list("id_paso_id", flat=True)) == _ids_plantilla(TipoId.PLANTILLA_INTERCOM)


def test_a_number_already_used_in_the_family_is_refused(admin):
    principal = f.OTEFactory()
    f.ReprogramacionFactory(ot_principal=principal, num_reprogramacion=1)
    with pytest.raises(ValidationError) as error:
        services.ot_crear(
            datos=_datos(id_tipo=TipoId.OT_REPROGRAMACION, ot_principal=principal, num_reprogramacion=1),
            usuario=admin,
        )
    assert "num_reprogramacion" in error.value.message_dict


def test_a_deleted_principal_cannot_take_reprogrammings(admin):
    principal = f.OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    with pytest.raises(ValidationError) as error:
        services.ot_crear(datos=_datos(id_tipo=TipoId.OT_REPROGRAMACION, ot_principal=principal), usuario=admin)
    assert error.value.message_dict["ot_principal"] == ["La OT inicial seleccionada no existe o no está vigente."]
    assert not OTE.objects.filter(orden_trabajo="OT-NUEVA-001").exists()


def test_an_initial_folio_is_unique_among_live_initial_ots(admin):
    f.OTEFactory(orden_trabajo="OT-REPETIDA")
    with pytest.raises(ValidationError):
        services.ot_crear(datos=_datos(orden_trabajo="ot-repetida "), usuario=admin)


# --- Sites by front -------------------------------------------------------------------------------------------


def _sitio(categoria):
    return f.SitioFactory(id_frente=f.frente(categoria))


def _editar(ot, usuario, **cambios):
    datos = {
        "orden_trabajo": ot.orden_trabajo,
        "id_responsable_proyecto": ot.id_responsable_proyecto,
        "id_frente": ot.id_frente,
        "id_embarcacion": ot.id_embarcacion,
        "id_plataforma": ot.id_plataforma,
        "id_intercom": ot.id_intercom,
        "id_patio": ot.id_patio,
    }
    datos.update(cambios)
    return services.ot_actualizar(ot=ot, datos=datos, usuario=usuario)


def test_land_ot_keeps_its_yard_as_main_location_without_the_yard_phase(admin):
    patio = _sitio(FrenteId.PATIO)
    ot = f.OTEFactory(id_frente=f.frente(FrenteId.TIERRA), id_embarcacion=None, id_patio=patio)
    ot = _editar(ot, admin, descripcion_trabajo="Cambio de alcance")
    ot.refresh_from_db()
    assert ot.id_patio == patio and ot.requiere_patio is False
    assert ot.fecha_inicio_patio is None and ot.id_embarcacion is None


def test_vessel_ot_without_the_checkbox_has_no_yard_phase(admin):
    ot = f.OTEFactory(
        id_patio=_sitio(FrenteId.PATIO),
        requiere_patio=True,
        fecha_inicio_patio=date(2025, 1, 1),
        fecha_fin_patio=date(2025, 1, 5),
    )
    ot = _editar(ot, admin)
    assert (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio, ot.fecha_fin_patio) == (None, False, None, None)
    assert ot.id_embarcacion is not None and ot.id_plataforma is not None


def test_vessel_ot_with_the_checkbox_records_the_yard_phase(admin):
    ot = f.OTEFactory()
    patio = _sitio(FrenteId.PATIO)
    inicio, fin = date(2025, 2, 1), date(2025, 2, 10)
    ot = _editar(ot, admin, check_fase_patio=True, id_patio_fase=patio, fecha_inicio_patio=inicio, fecha_fin_patio=fin)
    assert (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio, ot.fecha_fin_patio) == (patio, True, inicio, fin)


def test_platform_ot_drops_vessel_and_intercom(admin):
    ot = f.OTEFactory(id_intercom=_sitio(FrenteId.INTERCOM))
    ot = _editar(ot, admin, id_frente=f.frente(FrenteId.CP_PS))
    assert ot.id_embarcacion is None and ot.id_intercom is None and ot.id_plataforma is not None


def test_yard_phase_needs_a_yard(admin):
    ot = f.OTEFactory()
    with pytest.raises(ValidationError) as error:
        _editar(ot, admin, check_fase_patio=True)
    assert "id_patio_fase" in error.value.message_dict


def test_a_site_of_another_category_is_refused_by_the_service(admin):
    ot = f.OTEFactory()
    with pytest.raises(ValidationError) as error:
        _editar(ot, admin, id_embarcacion=_sitio(FrenteId.PLATAFORMA))
    assert "id_embarcacion" in error.value.message_dict


def test_first_edit_turns_por_definir_into_active_and_logs_each_changed_field(admin):
    ot = f.OTEFactory(estatus=EstatusRegistro.POR_DEFINIR, oficio_ot="PENDIENTE")
    _editar(ot, admin, oficio_ot="PEP-DG-123-2025", comentario="Listo")
    ot.refresh_from_db()
    assert ot.estatus == EstatusRegistro.ACTIVO
    campos = set(
        RegistroActividad.objects.filter(registro_id=ot.pk, evento=Evento.ACTUALIZAR).values_list("campo", flat=True)
    )
    assert {"oficio_ot", "comentario", "estatus"} <= campos


# --- Status and delete ----------------------------------------------------------------------------------------


def test_terminada_sets_the_real_end_and_leaving_it_clears_it(admin):
    ot = f.OTEFactory()
    ot = services.ot_cambiar_estatus(ot=ot, estatus=f.estatus(EstatusId.TERMINADA), usuario=admin)
    assert ot.fecha_termino_real == hoy_mexico()
    dada = hoy_mexico() - timedelta(days=2)
    ot = services.ot_cambiar_estatus(ot=ot, estatus=f.estatus(EstatusId.TERMINADA), fecha=dada, usuario=admin)
    assert ot.fecha_termino_real == dada
    ot = services.ot_cambiar_estatus(
        ot=ot, estatus=f.estatus(EstatusId.EN_EJECUCION), comentario="Reabierta", usuario=admin
    )
    assert ot.fecha_termino_real is None and ot.comentario == "Reabierta"


def test_a_principal_with_live_reprogrammings_cannot_be_deleted(admin):
    repro = f.ReprogramacionFactory()
    with pytest.raises(ValidationError) as error:
        services.ot_eliminar(ot=repro.ot_principal, usuario=admin)
    assert "tiene 1 reprogramación vigente" in error.value.messages[0]
    services.ot_eliminar(ot=repro, usuario=admin)
    services.ot_eliminar(ot=repro.ot_principal, usuario=admin)
    repro.ot_principal.refresh_from_db()
    assert repro.ot_principal.estatus == EstatusRegistro.ELIMINADO


def test_next_number_is_computed_under_a_lock_on_the_principal(admin, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    principal = f.OTEFactory()
    datos = _datos(id_tipo=TipoId.OT_REPROGRAMACION, ot_principal=principal)
    original = services._principal_bloqueada
    with CaptureQueriesContext(connection) as capturadas:
        posicion = []

        def espia(principal_id):
            posicion.append(len(capturadas.captured_queries))
            return original(principal_id)

        monkeypatch.setattr(services, "_principal_bloqueada", espia)
        services.ot_crear(datos=datos, usuario=admin)
    sentencias = [q["sql"] for q in capturadas.captured_queries]
    bloqueo = posicion[0]
    if connection.features.has_select_for_update:
        assert sentencias[bloqueo].endswith("FOR UPDATE")
    maximo = next(i for i, sql in enumerate(sentencias) if sql.startswith('SELECT "ot"."num_reprogramacion"'))
    assert bloqueo < maximo
