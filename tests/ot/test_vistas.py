"""OT endpoints: create / edit / delete / status, reads for the forms, permissions and junk input."""

from datetime import date, timedelta

import pytest

from core.models import Evento, RegistroActividad
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.ot.models import OTE
from tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/operaciones/ot/"


def _sitio(categoria, **extra):
    return f.SitioFactory(id_frente=f.frente(categoria), **extra)


# --- crear-ot-reprogramacion ------------------------------------------------------------------------------


def test_create_without_folio_answers_the_exact_error(cliente_admin):
    respuesta = cliente_admin.post(BASE + "crear-ot-reprogramacion/", {"id_tipo": TipoId.OT_INICIAL})
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    assert cuerpo["detalles"] == "El Folio de la OT es obligatorio"
    assert cuerpo["errores"]["orden_trabajo"] == ["El Folio de la OT es obligatorio"]


def test_reprogramming_without_principal_is_a_warning(cliente_admin):
    respuesta = cliente_admin.post(
        BASE + "crear-ot-reprogramacion/", {"id_tipo": TipoId.OT_REPROGRAMACION, "orden_trabajo": "OT-1"}
    )
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert (cuerpo["exito"], cuerpo["tipo_aviso"]) == (False, "advertencia")
    assert cuerpo["detalles"] == "Para una reprogramación, debe seleccionar la OT Inicial."
    assert not OTE.objects.exists()


@pytest.mark.parametrize("principal", ["eliminada", "reprogramacion", "inexistente"])
def test_principal_must_be_a_live_initial_ot(cliente_admin, principal):
    if principal == "eliminada":
        pk = f.OTEFactory(estatus=EstatusRegistro.ELIMINADO).pk
    elif principal == "reprogramacion":
        pk = f.ReprogramacionFactory().pk
    else:
        pk = 999999
    respuesta = cliente_admin.post(
        BASE + "crear-ot-reprogramacion/",
        {"id_tipo": TipoId.OT_REPROGRAMACION, "orden_trabajo": "OT-1", "ot_principal": pk},
    )
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["ot_principal"] == ["La OT inicial seleccionada no existe o no está vigente."]


def test_create_reprogramming_takes_the_next_number_and_posted_client(cliente_admin, admin):
    principal = f.OTEFactory(con_pasos=True, id_pte_header=f.PTEHeaderFactory())
    f.ReprogramacionFactory(ot_principal=principal, num_reprogramacion=2)
    intercom = f.ClienteFactory()
    respuesta = cliente_admin.post(
        BASE + "crear-ot-reprogramacion/",
        {
            "id_tipo": TipoId.OT_REPROGRAMACION,
            "orden_trabajo": principal.orden_trabajo,
            "ot_principal": principal.pk,
            "num_reprogramacion": "",
            "id_cliente": intercom.pk,
            "id_estatus_ot": EstatusId.DIFERIDA,
        },
    )
    assert respuesta.status_code == 201, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito"
    nueva = OTE.objects.get(pk=cuerpo["id_nuevo"])
    assert nueva.num_reprogramacion == 3 and nueva.ot_principal == principal
    assert nueva.id_cliente == intercom and nueva.id_estatus_ot_id == EstatusId.DIFERIDA
    assert nueva.id_pte_header_id == principal.id_pte_header_id
    assert nueva.detalles.count() > 0
    assert RegistroActividad.objects.filter(registro_id=nueva.pk, afectacion="OT", evento=Evento.CREAR).exists()


def test_create_initial_ot_defaults_to_asignada(cliente_admin):
    responsable = f.ResponsableProyectoFactory()
    respuesta = cliente_admin.post(
        BASE + "crear-ot-reprogramacion/",
        {"orden_trabajo": "OT-NUEVA", "id_responsable_proyecto": responsable.pk, "id_cliente": f.cliente_pemex().pk},
    )
    assert respuesta.status_code == 201
    ot = OTE.objects.get(pk=respuesta.json()["id_nuevo"])
    assert ot.id_tipo_id == TipoId.OT_INICIAL and ot.id_estatus_ot_id == EstatusId.ASIGNADA
    assert ot.detalles.count() == 14  # seeded initial template


def test_create_initial_without_responsible_is_refused(cliente_admin):
    respuesta = cliente_admin.post(BASE + "crear-ot-reprogramacion/", {"orden_trabajo": "OT-NUEVA"})
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["id_responsable_proyecto"]


def test_reader_and_capturer_cannot_create(cliente_lector, capturista, client):
    datos = {"orden_trabajo": "X"}
    assert cliente_lector.post(BASE + "crear-ot-reprogramacion/", datos).status_code == 403
    client.force_login(capturista)
    assert client.post(BASE + "crear-ot-reprogramacion/", datos).status_code == 403


def test_create_is_post_only(cliente_admin):
    assert cliente_admin.get(BASE + "crear-ot-reprogramacion/").status_code == 405


# --- editar -----------------------------------------------------------------------------------------------


def _edicion(ot, **cambios):
    datos = {
        "id": ot.pk,
        "orden_trabajo": ot.orden_trabajo,
        "id_responsable_proyecto": ot.id_responsable_proyecto_id,
        "id_tipo": ot.id_tipo_id,
        "id_frente": ot.id_frente_id or "",
        "id_embarcacion": ot.id_embarcacion_id or "",
        "id_plataforma": ot.id_plataforma_id or "",
        "id_patio": ot.id_patio_id or "",
        "monto_mxn": "10.50",
        "monto_usd": "0",
    }
    datos.update(cambios)
    return datos


def test_edit_activates_a_por_definir_ot_and_logs_fields(cliente_admin):
    ot = f.OTEFactory(estatus=EstatusRegistro.POR_DEFINIR)
    respuesta = cliente_admin.post(BASE + "editar/", _edicion(ot, oficio_ot="PEP-1-2025", plazo_dias="30"))
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["tipo_aviso"] == "exito"
    ot.refresh_from_db()
    assert ot.estatus == EstatusRegistro.ACTIVO and ot.oficio_ot == "PEP-1-2025" and ot.plazo_dias == 30
    assert str(ot.monto_mxn) == "10.50"
    campos = set(RegistroActividad.objects.filter(registro_id=ot.pk).values_list("campo", flat=True))
    assert {"estatus", "oficio_ot", "plazo_dias", "monto_mxn"} <= campos


def test_land_ot_keeps_its_yard_on_edit(cliente_admin):
    patio = _sitio(FrenteId.PATIO)
    ot = f.OTEFactory(id_frente=f.frente(FrenteId.TIERRA), id_embarcacion=None, id_patio=patio)
    respuesta = cliente_admin.post(BASE + "editar/", _edicion(ot, comentario="sin casilla de patio"))
    assert respuesta.status_code == 200, respuesta.json()
    ot.refresh_from_db()
    assert ot.id_patio == patio and ot.requiere_patio is False


def test_vessel_yard_phase_follows_the_checkbox(cliente_admin):
    ot = f.OTEFactory()
    patio = _sitio(FrenteId.PATIO)
    con_fase = _edicion(
        ot,
        check_fase_patio="on",
        id_patio_fase=patio.pk,
        fecha_inicio_patio="2025-03-01",
        fecha_fin_patio="2025-03-09",
    )
    assert cliente_admin.post(BASE + "editar/", con_fase).status_code == 200
    ot.refresh_from_db()
    assert (ot.id_patio, ot.requiere_patio, ot.fecha_fin_patio) == (patio, True, date(2025, 3, 9))
    assert cliente_admin.post(BASE + "editar/", _edicion(ot)).status_code == 200
    ot.refresh_from_db()
    assert (ot.id_patio, ot.requiere_patio, ot.fecha_inicio_patio) == (None, False, None)


@pytest.mark.parametrize(
    ("campo", "categoria_equivocada", "mensaje"),
    [
        ("id_embarcacion", FrenteId.PLATAFORMA, "El sitio seleccionado no es una embarcación activo."),
        ("id_plataforma", FrenteId.EMBARCACION, "El sitio seleccionado no es una plataforma activo."),
        ("id_patio", FrenteId.INTERCOM, "El sitio seleccionado no es un patio activo."),
        ("id_intercom", FrenteId.PATIO, "El sitio seleccionado no es un sitio intercom activo."),
    ],
)
def test_each_site_must_belong_to_its_category(cliente_admin, campo, categoria_equivocada, mensaje):
    ot = f.OTEFactory()
    respuesta = cliente_admin.post(BASE + "editar/", _edicion(ot, **{campo: _sitio(categoria_equivocada).pk}))
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"][campo] == [mensaje]


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"num_reprogramacion": "dos"}, "num_reprogramacion"),
        ({"num_reprogramacion": "1.5"}, "num_reprogramacion"),
        (
            {"fecha_inicio_programado": "2025-05-10", "fecha_termino_programado": "2025-05-01"},
            "fecha_termino_programado",
        ),
        ({"fecha_inicio_real": "2025-05-10", "fecha_termino_real": "2025-05-01"}, "fecha_termino_real"),
        ({"fecha_inicio_programado": "31/02/2025"}, "fecha_inicio_programado"),
        ({"monto_mxn": "-1"}, "monto_mxn"),
        ({"monto_usd": "abc"}, "monto_usd"),
        ({"monto_mxn": "1.234"}, "monto_mxn"),
        ({"plazo_dias": "diez"}, "plazo_dias"),
        ({"orden_trabajo": ""}, "orden_trabajo"),
        ({"id_tipo": TipoId.OT_REPROGRAMACION}, "ot_principal"),
        (
            {"check_fase_patio": "on", "fecha_inicio_patio": "2025-02-02", "fecha_fin_patio": "2025-02-01"},
            "fecha_fin_patio",
        ),
    ],
)
def test_edit_refuses_bad_values_with_field_errors(cliente_admin, cambios, campo):
    ot = f.OTEFactory()
    respuesta = cliente_admin.post(BASE + "editar/", _edicion(ot, **cambios))
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


def test_blank_reprogramming_number_keeps_or_takes_the_family_number(cliente_admin):
    repro = f.ReprogramacionFactory(num_reprogramacion=4)
    datos = _edicion(repro, ot_principal=repro.ot_principal_id, num_reprogramacion="")
    assert cliente_admin.post(BASE + "editar/", datos).status_code == 200
    repro.refresh_from_db()
    assert repro.num_reprogramacion == 4  # same family: keeps its number
    otra = f.OTEFactory()
    f.ReprogramacionFactory(ot_principal=otra, num_reprogramacion=2)
    datos = _edicion(repro, ot_principal=otra.pk, num_reprogramacion="")
    assert cliente_admin.post(BASE + "editar/", datos).status_code == 200
    repro.refresh_from_db()
    assert (repro.ot_principal, repro.num_reprogramacion) == (otra, 3)  # moved: the new family's next number


def test_a_number_taken_in_the_family_is_refused_on_edit(cliente_admin):
    repro = f.ReprogramacionFactory(num_reprogramacion=1)
    f.ReprogramacionFactory(ot_principal=repro.ot_principal, num_reprogramacion=2)
    datos = _edicion(repro, ot_principal=repro.ot_principal_id, num_reprogramacion="2")
    respuesta = cliente_admin.post(BASE + "editar/", datos)
    assert respuesta.status_code == 400 and "num_reprogramacion" in respuesta.json()["errores"]


def test_edit_of_a_deleted_or_missing_ot_is_404(cliente_admin):
    ot = f.OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    assert cliente_admin.post(BASE + "editar/", _edicion(ot)).status_code == 404
    assert cliente_admin.post(BASE + "editar/", {"id": "abc"}).status_code == 404


def test_reader_cannot_edit(cliente_lector):
    ot = f.OTEFactory()
    assert cliente_lector.post(BASE + "editar/", _edicion(ot)).status_code == 403


# --- eliminar ---------------------------------------------------------------------------------------------


def test_delete_needs_the_delete_permission(cliente_lector, cliente_capturista):
    ot = f.OTEFactory()
    assert cliente_lector.post(BASE + "eliminar/", {"id": ot.pk}).status_code == 403
    assert cliente_capturista.post(BASE + "eliminar/", {"id": ot.pk}).status_code == 403
    ot.refresh_from_db()
    assert ot.estatus == EstatusRegistro.ACTIVO


def test_coordinator_soft_deletes_and_it_is_logged(client, coordinador):
    client.force_login(coordinador)
    ot = f.OTEFactory()
    respuesta = client.post(BASE + "eliminar/", {"id": ot.pk})
    assert respuesta.status_code == 200 and respuesta.json()["exito"] is True
    ot.refresh_from_db()
    assert ot.estatus == EstatusRegistro.ELIMINADO
    assert RegistroActividad.objects.filter(registro_id=ot.pk, evento=Evento.ELIMINAR).exists()
    assert client.post(BASE + "eliminar/", {"id": ot.pk}).status_code == 404


def test_principal_with_reprogrammings_is_not_deleted(cliente_admin):
    repro = f.ReprogramacionFactory()
    respuesta = cliente_admin.post(BASE + "eliminar/", {"id": repro.ot_principal_id})
    assert respuesta.status_code == 400
    assert respuesta.json()["detalles"] == (
        f"No se puede eliminar la OT «{repro.ot_principal}»: tiene 1 reprogramación vigente. "
        "Elimine primero sus reprogramaciones."
    )


# --- cambiar_estatus_ot -----------------------------------------------------------------------------------


def test_status_change_to_terminada_and_back(cliente_admin):
    ot = f.OTEFactory()
    url = BASE + "cambiar_estatus_ot/"
    dada = ot.fecha_inicio_real + timedelta(days=3)
    datos = {"ot_id": ot.pk, "nuevo_estatus_id": EstatusId.TERMINADA, "fecha": dada.isoformat()}
    respuesta = cliente_admin.post(url, datos)
    cuerpo = respuesta.json()
    assert respuesta.status_code == 200 and cuerpo["tipo_aviso"] == "exito"
    assert cuerpo["fecha_termino_real"] == dada.strftime("%d/%m/%Y")
    ot.refresh_from_db()
    assert ot.fecha_termino_real == dada and ot.id_estatus_ot_id == EstatusId.TERMINADA
    antes_del_inicio = {**datos, "fecha": (ot.fecha_inicio_real - timedelta(days=1)).isoformat()}
    assert cliente_admin.post(url, antes_del_inicio).json()["errores"]["fecha"]
    cliente_admin.post(url, {"ot_id": ot.pk, "nuevo_estatus_id": EstatusId.TERMINADA})
    ot.refresh_from_db()
    assert ot.fecha_termino_real == hoy_mexico()
    cliente_admin.post(url, {"ot_id": ot.pk, "nuevo_estatus_id": EstatusId.SUSPENDIDA, "comentario": "Clima"})
    ot.refresh_from_db()
    assert ot.fecha_termino_real is None and ot.comentario == "Clima"
    assert RegistroActividad.objects.filter(registro_id=ot.pk, evento=Evento.CAMBIO_ESTATUS).count() >= 3


def test_status_change_refuses_a_step_status(cliente_admin):
    ot = f.OTEFactory()
    respuesta = cliente_admin.post(
        BASE + "cambiar_estatus_ot/", {"ot_id": ot.pk, "nuevo_estatus_id": EstatusId.COMPLETADO}
    )
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["nuevo_estatus_id"] == ["El estatus no es un estatus de OT."]


# --- reads ------------------------------------------------------------------------------------------------


def test_obtener_datos_answers_every_field(cliente_lector):
    patio = _sitio(FrenteId.PATIO)
    ot = f.OTEFactory(
        requiere_patio=True, id_patio=patio, fecha_inicio_patio=date(2025, 1, 2), fecha_fin_patio=date(2025, 1, 3)
    )
    respuesta = cliente_lector.get(BASE + "obtener_datos/", {"id": ot.pk})
    cuerpo = respuesta.json()
    assert respuesta.status_code == 200 and cuerpo["exito"] is True
    datos = cuerpo["datos"]
    assert datos["monto_mxn"] == "15000000.00" and datos["monto_usd"] == "850000.00"
    assert datos["requiere_patio"] is True and datos["id_patio"] == patio.pk
    assert (datos["fecha_inicio_patio"], datos["fecha_fin_patio"]) == ("2025-01-02", "2025-01-03")
    assert datos["fecha_inicio_programado"] == ot.fecha_inicio_programado.isoformat()
    assert datos["id_embarcacion"] == ot.id_embarcacion_id and datos["orden_trabajo"] == ot.orden_trabajo


def test_obtener_datos_missing_and_junk(cliente_lector):
    assert cliente_lector.get(BASE + "obtener_datos/", {"id": 999999}).status_code == 404
    assert cliente_lector.get(BASE + "obtener_datos/", {"id": "x"}).status_code == 400


def test_initial_ots_for_the_principal_select(cliente_lector):
    vieja = f.OTEFactory(orden_trabajo="VIEJA")
    nueva = f.OTEFactory(orden_trabajo="NUEVA", estatus=EstatusRegistro.POR_DEFINIR)
    f.OTEFactory(estatus=EstatusRegistro.ELIMINADO)
    f.ReprogramacionFactory(ot_principal=vieja)
    lista = cliente_lector.get(BASE + "obtener_ot_iniciales/").json()
    assert [o["id"] for o in lista] == [nueva.pk, vieja.pk]
    assert set(lista[0]) == {"id", "orden_trabajo", "descripcion_trabajo", "oficio_ot"}


def test_sites_by_category_and_all_sites(cliente_lector):
    patio = _sitio(FrenteId.PATIO, descripcion="PATIO DE PRUEBA")
    _sitio(FrenteId.PATIO, descripcion="PATIO INACTIVO", activo=False)
    lista = cliente_lector.get(BASE + "obtener_sitios_frente/", {"frente_id": FrenteId.PATIO}).json()
    assert {"id": patio.pk, "descripcion": "PATIO DE PRUEBA"} in lista
    assert "PATIO INACTIVO" not in {s["descripcion"] for s in lista}
    assert all(s["descripcion"] != "AKAL-C" for s in lista)
    assert cliente_lector.get(BASE + "obtener_sitios_frente/", {"frente_id": "x"}).status_code == 400
    todos = {s["descripcion"] for s in cliente_lector.get(BASE + "obtener_sitios/").json()}
    assert {"PATIO DE PRUEBA", "AKAL-C"} <= todos and "PATIO INACTIVO" not in todos


def test_general_progress_of_an_ot(cliente_lector):
    hoy = hoy_mexico()
    ot = f.OTEFactory(
        con_pasos=True,
        fecha_inicio_programado=hoy - timedelta(days=4),
        fecha_termino_programado=hoy + timedelta(days=5),
        fecha_inicio_real=None,
    )
    ot.detalles.filter(pk=ot.detalles.order_by("id").first().pk).update(estatus_paso_id=EstatusId.NO_APLICA)
    cuerpo = cliente_lector.get(BASE + "obtener_progreso_general_ot/", {"ot_id": ot.pk}).json()
    total = ot.detalles.count()
    pasos = 100 // total
    assert cuerpo == {
        "exito": True,
        "ot_id": ot.pk,
        "progreso": int(0.7 * 50 + 0.3 * pasos),
        "progreso_pasos": pasos,
        "pasos_completados": 1,
        "total_pasos": total,
        "dias_transcurridos": 5,
        "plazo_total": 10,
        "dias_transcurridos_real": 0,
        "plazo_total_real": 0,
        "progreso_tiempo": 50,
        "dias_restantes": 5,
    }
    assert cliente_lector.get(BASE + "obtener_progreso_general_ot/", {"ot_id": 0}).status_code == 400


def test_outsider_is_refused_everywhere(cliente_externo):
    ot = f.OTEFactory()
    for ruta in ("datatable/", "obtener_datos/", "obtener_ot_iniciales/", "obtener_sitios/", "exportar/"):
        assert cliente_externo.get(BASE + ruta, {"id": ot.pk}).status_code == 403, ruta
    for ruta in ("editar/", "eliminar/", "cambiar_estatus_ot/", "crear-ot-reprogramacion/", "crear-desde-pte/"):
        assert cliente_externo.post(BASE + ruta, {"id": ot.pk}).status_code == 403, ruta
