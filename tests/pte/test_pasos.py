"""The step checklist of a PTE: tables, status rules, parent-step auto-completion, dates, evidence, progress."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import Evento
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import Paso
from operaciones.catalogos.semillas import PASO_VOLUMETRIA
from operaciones.pte import services
from operaciones.pte.models import EstatusPTE, PTEDetalle
from tests.factories import PTEHeaderFactory
from tests.pte.utiles import actividad_paso, cliente_de, marcar, paso

pytestmark = pytest.mark.django_db

PASOS = "/operaciones/pte/detalle/datatable/"
SUBPASOS = "/operaciones/pte/datatable-subpasos/"
ESTATUS = "/operaciones/pte/cambiar_estatus_paso/"
FECHA = "/operaciones/pte/actualizar-fecha/"
ARCHIVO = "/operaciones/pte/guardar_archivo_pte/"
GENERAL = "/operaciones/pte/obtener-progreso-general-pte/"
SUB_AVANCE = "/operaciones/pte/obtener-progreso-paso4/"


def _subpasos(pte):
    return list(PTEDetalle.objects.filter(id_pte_header=pte, id_paso__paso_padre_id=PASO_VOLUMETRIA).order_by("id"))


# --- Generating the checklist ----------------------------------------------------------------------------------------


def test_generate_steps_takes_active_pasos_of_the_client_type_ordered_by_id(pte):
    nueva = PTEHeaderFactory()
    Paso.objects.filter(pk=2).update(activo=False)
    creados = services.pte_generar_pasos(pte=nueva)
    ids = [d.id_paso_id for d in creados]
    assert ids == sorted(ids) and 2 not in ids and PASO_VOLUMETRIA in ids and 13 in ids
    assert {d.estatus_paso_id for d in PTEDetalle.objects.filter(id_pte_header=nueva)} == {EstatusId.PENDIENTE}


def test_generate_steps_for_a_pte_without_client_raises():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="No hay pasos configurados para el tipo de cliente"):
        services.pte_generar_pasos(pte=PTEHeaderFactory(id_cliente=None))


# --- Tables ----------------------------------------------------------------------------------------------------------


def test_steps_table_lists_main_steps_in_numeric_order_with_sub_step_counts(cliente_lector, pte):
    marcar(_subpasos(pte)[:2])
    marcar(_subpasos(pte)[2:3], EstatusId.NO_APLICA)
    cuerpo = cliente_lector.get(PASOS, {"pte_header_id": pte.pk, "draw": "3", "length": "50"}).json()
    assert cuerpo["draw"] == 3 and cuerpo["recordsTotal"] == 12
    ordenes = [f["orden"] for f in cuerpo["data"]]
    assert ordenes == [str(n) for n in range(1, 13)]  # "10" after "9", not after "1"
    volumetria = next(f for f in cuerpo["data"] if f["id_paso"] == PASO_VOLUMETRIA)
    assert (volumetria["total_subpasos"], volumetria["subpasos_completados"], volumetria["progreso_subpasos"]) == (
        6,
        3,
        50,
    )
    assert volumetria["tiene_subpasos"] is True and volumetria["es_subpaso"] is False
    otro = cuerpo["data"][0]
    assert (otro["total_subpasos"], otro["progreso_subpasos"], otro["folio_pte"]) == (0, 0, pte.oficio_pte)
    claves = {
        "id", "orden", "desc_paso", "tipo_paso", "estatus_pte", "estatus_pte_texto", "fecha_entrega", "fecha_inicio",
        "fecha_termino", "comentario", "es_subpaso", "progreso_subpasos", "total_subpasos", "subpasos_completados",
        "folio_pte", "tipo_cliente", "archivo",
    }  # fmt: skip
    assert claves <= set(otro)


def test_steps_table_pages_and_sorts(cliente_admin, pte):
    cuerpo = cliente_admin.get(
        PASOS,
        {"pte_header_id": pte.pk, "start": "10", "length": "5", "order[0][column]": "0", "order[0][dir]": "desc"},
    ).json()
    assert [f["orden"] for f in cuerpo["data"]] == ["2", "1"]


def test_steps_table_constant_queries(cliente_admin, pte, django_assert_num_queries):
    cliente_admin.get(PASOS, {"pte_header_id": pte.pk})
    # session, user, PTE, sub-step summary, count, filtered count, page
    with django_assert_num_queries(7):
        assert cliente_admin.get(PASOS, {"pte_header_id": pte.pk, "length": "100"}).status_code == 200


def test_sub_steps_table_lists_only_sub_steps(cliente_admin, pte):
    datos = cliente_admin.get(SUBPASOS, {"pte_header_id": pte.pk}).json()["data"]
    assert len(datos) == 6 and all(f["es_subpaso"] and f["paso_padre_id"] == PASO_VOLUMETRIA for f in datos)
    assert [f["orden"] for f in datos] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]


def test_step_tables_of_missing_or_deleted_pte(cliente_admin, pte):
    assert cliente_admin.get(PASOS, {"pte_header_id": "x"}).status_code == 400
    assert "pte_header_id" in cliente_admin.get(SUBPASOS).json()["errores"]
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save()
    assert cliente_admin.get(PASOS, {"pte_header_id": pte.pk}).status_code == 404
    assert cliente_admin.get(SUBPASOS, {"pte_header_id": pte.pk}).status_code == 404


# --- Status --------------------------------------------------------------------------------------------------------


def test_completing_a_step_sets_the_delivery_date_and_answers_the_progress(cliente_admin, pte, admin):
    detalle = paso(pte, 1)
    respuesta = cliente_admin.post(
        ESTATUS, {"paso_id": detalle.pk, "nuevo_estatus": EstatusId.COMPLETADO.value, "comentario": "listo"}
    )
    cuerpo = respuesta.json()
    assert respuesta.status_code == 200 and cuerpo["exito"] is True
    assert (cuerpo["progreso"], cuerpo["pasos_completados"], cuerpo["total_pasos"]) == (5, 1, 18)
    assert cuerpo["paso_padre_actualizado"] is False
    detalle.refresh_from_db()
    assert (detalle.estatus_paso_id, detalle.fecha_entrega, detalle.comentario) == (
        EstatusId.COMPLETADO,
        hoy_mexico(),
        "listo",
    )
    log = actividad_paso(detalle.pk, Evento.CAMBIO_ESTATUS)
    assert log.filter(
        campo="estatus_paso", valor_anterior="PENDIENTE", valor_actual="COMPLETADO", usuario=admin
    ).exists()


def test_leaving_completado_clears_the_date_and_an_absent_comment_is_kept(cliente_admin, pte):
    detalle = paso(pte, 1)
    cliente_admin.post(
        ESTATUS,
        {
            "paso_id": detalle.pk,
            "nuevo_estatus": EstatusId.COMPLETADO.value,
            "fecha_entrega": "2026-03-01",
            "comentario": "x",
        },
    )
    detalle.refresh_from_db()
    assert detalle.fecha_entrega == date(2026, 3, 1)
    cliente_admin.post(ESTATUS, {"paso_id": detalle.pk, "nuevo_estatus": EstatusId.PROCESO.value})
    detalle.refresh_from_db()
    assert (detalle.estatus_paso_id, detalle.fecha_entrega, detalle.comentario) == (EstatusId.PROCESO, None, "x")


@pytest.mark.parametrize("valor", ["5", "15", "0", "abc", ""])
def test_step_status_outside_the_offered_list_is_refused(cliente_admin, pte, valor):
    detalle = paso(pte, 1)
    respuesta = cliente_admin.post(ESTATUS, {"paso_id": detalle.pk, "nuevo_estatus": valor})
    assert respuesta.status_code == 400 and "nuevo_estatus" in respuesta.json()["errores"]


def test_no_aplica_counts_as_done_and_cancelado_does_not(cliente_admin, pte):
    cliente_admin.post(ESTATUS, {"paso_id": paso(pte, 1).pk, "nuevo_estatus": EstatusId.NO_APLICA.value})
    cuerpo = cliente_admin.post(
        ESTATUS, {"paso_id": paso(pte, 2).pk, "nuevo_estatus": EstatusId.CANCELADO.value}
    ).json()
    assert (cuerpo["pasos_completados"], cuerpo["progreso"]) == (1, 5)
    assert cliente_admin.get(GENERAL, {"pte_id": pte.pk}).json()["pasos_completados"] == 1


def test_progress_is_weighted_by_importancia_when_weights_are_set(cliente_admin, pte):
    Paso.objects.filter(pk=1).update(importancia=Decimal("30"))
    Paso.objects.filter(pk=2).update(importancia=Decimal("70"))
    cuerpo = cliente_admin.post(
        ESTATUS, {"paso_id": paso(pte, 2).pk, "nuevo_estatus": EstatusId.COMPLETADO.value}
    ).json()
    assert cuerpo["progreso"] == 70
    general = cliente_admin.get(GENERAL, {"pte_id": pte.pk}).json()
    assert (general["progreso"], general["pasos_completados"], general["total_pasos"]) == (70, 1, 18)


def test_step_changes_need_the_step_permission(lector, externo, pte):
    detalle = paso(pte, 1)
    for usuario in (lector, externo):
        cliente = cliente_de(usuario)
        assert cliente.post(ESTATUS, {"paso_id": detalle.pk, "nuevo_estatus": 3}).status_code == 403
        assert cliente.post(FECHA, {"id_paso": detalle.pk, "fecha": "2026-01-01", "tipo": 1}).status_code == 403
        assert cliente.post(ARCHIVO, {"paso_id": detalle.pk, "archivo": "https://x.mx/a"}).status_code == 403
    detalle.refresh_from_db()
    assert (detalle.estatus_paso_id, detalle.fecha_inicio, detalle.archivo) == (EstatusId.PENDIENTE, None, "")


def test_steps_of_a_deleted_pte_cannot_change(cliente_admin, pte):
    detalle = paso(pte, 1)
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save()
    assert cliente_admin.post(ESTATUS, {"paso_id": detalle.pk, "nuevo_estatus": 3}).status_code == 404
    assert cliente_admin.post(FECHA, {"id_paso": detalle.pk, "fecha": "", "tipo": 1}).status_code == 404
    assert cliente_admin.post(ARCHIVO, {"paso_id": detalle.pk, "archivo": ""}).status_code == 404
    assert cliente_admin.get(GENERAL, {"pte_id": pte.pk}).status_code == 404
    assert cliente_admin.post(ESTATUS, {"paso_id": 999999, "nuevo_estatus": 3}).status_code == 404


# --- Parent step auto-completion -----------------------------------------------------------------------------------


def test_last_sub_step_done_completes_the_parent_and_reopening_one_reopens_it(cliente_admin, pte):
    subpasos = _subpasos(pte)
    marcar(subpasos[:4])
    marcar(subpasos[4:5], EstatusId.NO_APLICA)
    cuerpo = cliente_admin.post(
        ESTATUS, {"paso_id": subpasos[5].pk, "nuevo_estatus": EstatusId.COMPLETADO.value}
    ).json()
    assert cuerpo["paso_padre_actualizado"] is True
    assert cuerpo["pasos_completados"] == 7  # 6 sub-steps + the parent
    padre = paso(pte, PASO_VOLUMETRIA)
    assert (padre.estatus_paso_id, padre.comentario, padre.fecha_termino) == (
        EstatusId.COMPLETADO,
        "Entregables finalizados",
        hoy_mexico(),
    )
    assert actividad_paso(padre.pk, Evento.CAMBIO_ESTATUS).filter(detalle__contains="automáticamente").exists()

    cuerpo = cliente_admin.post(ESTATUS, {"paso_id": subpasos[0].pk, "nuevo_estatus": EstatusId.PROCESO.value}).json()
    assert cuerpo["paso_padre_actualizado"] is True
    padre.refresh_from_db()
    assert (padre.estatus_paso_id, padre.fecha_termino, padre.fecha_entrega) == (EstatusId.PROCESO, None, None)


def test_a_parent_completed_by_hand_is_not_reopened(cliente_admin, pte):
    subpasos = _subpasos(pte)
    padre = paso(pte, PASO_VOLUMETRIA)
    cliente_admin.post(
        ESTATUS, {"paso_id": padre.pk, "nuevo_estatus": EstatusId.COMPLETADO.value, "comentario": "revisado por JM"}
    )
    cuerpo = cliente_admin.post(ESTATUS, {"paso_id": subpasos[0].pk, "nuevo_estatus": EstatusId.PROCESO.value}).json()
    assert cuerpo["paso_padre_actualizado"] is False
    padre.refresh_from_db()
    assert padre.estatus_paso_id == EstatusId.COMPLETADO


def test_sub_step_progress_endpoint_finds_the_parent_through_paso_padre(cliente_admin, pte):
    marcar(_subpasos(pte)[:3])
    cuerpo = cliente_admin.get(SUB_AVANCE, {"pte_id": pte.pk}).json()
    assert (cuerpo["progreso"], cuerpo["subpasos_completados"], cuerpo["total_subpasos"]) == (50, 3, 6)
    assert cuerpo["descripcion_paso"] == "Volumetría"
    sin_subpasos = PTEHeaderFactory()
    PTEDetalle.objects.create(id_pte_header=sin_subpasos, id_paso_id=1)
    cuerpo = cliente_admin.get(SUB_AVANCE, {"pte_id": sin_subpasos.pk}).json()
    assert (cuerpo["exito"], cuerpo["total_subpasos"]) == (True, 0)
    assert cliente_admin.get(SUB_AVANCE, {"pte_id": "x"}).status_code == 400


# --- Dates and evidence ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tipo", "campo"), [(1, "fecha_inicio"), (2, "fecha_termino"), (3, "fecha_entrega")])
def test_update_each_date_and_blank_clears_it(cliente_admin, pte, tipo, campo):
    detalle = paso(pte, 3)
    respuesta = cliente_admin.post(FECHA, {"id_paso": detalle.pk, "fecha": "2026-04-10", "tipo": tipo})
    assert respuesta.json()["fecha_actualizada"] == "2026-04-10"
    detalle.refresh_from_db()
    assert getattr(detalle, campo) == date(2026, 4, 10)
    assert actividad_paso(detalle.pk, Evento.ACTUALIZAR).filter(campo=campo, valor_actual="2026-04-10").exists()
    cliente_admin.post(FECHA, {"id_paso": detalle.pk, "fecha": "", "tipo": tipo})
    detalle.refresh_from_db()
    assert getattr(detalle, campo) is None


@pytest.mark.parametrize(
    ("cuerpo", "campo"), [({"tipo": "4"}, "tipo"), ({"fecha": "30/02/2026"}, "fecha"), ({"id_paso": "x"}, "id_paso")]
)
def test_update_date_rejects_bad_input(cliente_admin, pte, cuerpo, campo):
    datos = {"id_paso": paso(pte, 3).pk, "fecha": "2026-04-10", "tipo": "1", **cuerpo}
    respuesta = cliente_admin.post(FECHA, datos)
    assert respuesta.status_code == 400 and campo in respuesta.json()["errores"]


def test_evidence_link_is_saved_validated_and_cleared(cliente_admin, pte):
    detalle = paso(pte, 5)
    enlace = "https://drive.google.com/drive/folders/abc?x=1"
    assert cliente_admin.post(ARCHIVO, {"paso_id": detalle.pk, "archivo": enlace}).json()["archivo"] == enlace
    detalle.refresh_from_db()
    assert detalle.archivo == enlace
    assert actividad_paso(detalle.pk, Evento.ACTUALIZAR).filter(campo="archivo", valor_actual=enlace).exists()
    for malo in ("javascript:alert(1)", "ftp://servidor/a", "no es url"):
        respuesta = cliente_admin.post(ARCHIVO, {"paso_id": detalle.pk, "archivo": malo})
        assert respuesta.status_code == 400 and "archivo" in respuesta.json()["errores"], malo
    cliente_admin.post(ARCHIVO, {"paso_id": detalle.pk, "archivo": ""})
    detalle.refresh_from_db()
    assert detalle.archivo == ""


def test_coordinator_may_change_steps(coordinador, pte):
    cliente = cliente_de(coordinador)
    assert cliente.post(ESTATUS, {"paso_id": paso(pte, 1).pk, "nuevo_estatus": 2}).status_code == 200
