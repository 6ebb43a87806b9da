"""Actions of the sheet: the "recalcular" excess action and adding a catalogue concept to an OT (§3.3)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from core.models import RegistroActividad
from operaciones.catalogos.models import EstatusPUE
from operaciones.ot.models import ImportacionAnexo, ModoImportacionAnexo, PartidaAnexoImportada
from operaciones.produccion.models import Produccion
from tests.factories import ConceptoMaestroFactory, OTEFactory
from tests.produccion.datos import familia_con_anexo, producir

pytestmark = pytest.mark.django_db

RECALCULAR = "/operaciones/produccion/recalcular_excedentes/"
VINCULAR = "/operaciones/produccion/vincular_partida_ot/"


def post(cliente, url, cuerpo):
    return cliente.post(url, data=json.dumps(cuerpo), content_type="application/json")


# --- Recalcular excedentes -------------------------------------------------------------------------------------


def test_recalculating_fixes_wrong_flags_of_the_whole_family_and_says_how_many_changed(cliente_capturista):
    fam = familia_con_anexo(1, volumen="3", con_reprogramacion=True)
    filas = [producir(fam.partidas[0], date(2025, 3, d), "2", sitio=fam.sitio) for d in (1, 2, 3)]
    Produccion.objects.update(es_excedente=False)
    Produccion.objects.filter(pk=filas[0].pk).update(es_excedente=True)

    respuesta = post(cliente_capturista, RECALCULAR, {"id_ot": fam.reprogramacion.pk})

    assert respuesta.status_code == 200
    assert respuesta.json()["cambiadas"] == 3
    assert "3" in respuesta.json()["detalles"]
    assert [Produccion.objects.get(pk=p.pk).es_excedente for p in filas] == [False, True, True]
    assert RegistroActividad.objects.filter(afectacion="Excedentes", registro_id=fam.ot.pk).count() == 1
    assert post(cliente_capturista, RECALCULAR, {"id_ot": fam.ot.pk}).json()["cambiadas"] == 0


def test_recalculating_needs_the_change_permission(cliente_lector):
    fam = familia_con_anexo(1)

    assert post(cliente_lector, RECALCULAR, {"id_ot": fam.ot.pk}).status_code == 403


def test_recalculating_a_missing_ot_is_404_and_a_bad_id_400(cliente_admin):
    assert post(cliente_admin, RECALCULAR, {"id_ot": 999999}).status_code == 404
    respuesta = post(cliente_admin, RECALCULAR, {"id_ot": "x"})
    assert respuesta.status_code == 400 and "id_ot" in respuesta.json()["errores"]


# --- Vincular partida --------------------------------------------------------------------------------------------


def test_adding_a_catalogue_concept_appends_a_line_with_volume_zero_and_catalogue_prices(cliente_admin):
    fam = familia_con_anexo(2)
    concepto = ConceptoMaestroFactory(
        precio_unitario_mn=Decimal("321.5"), precio_unitario_usd=Decimal("7.25"), sub_anexo__clave_anexo="C-7"
    )

    respuesta = post(cliente_admin, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": concepto.pk})

    assert respuesta.status_code == 201, respuesta.content
    linea = PartidaAnexoImportada.objects.get(pk=respuesta.json()["id_nuevo"])
    assert linea.importacion_anexo_id == fam.importacion.pk
    assert (linea.concepto_id, linea.id_partida, linea.anexo) == (concepto.pk, concepto.partida_ordinaria, "C-7")
    assert (linea.volumen_proyectado, linea.precio_unitario_mn, linea.precio_unitario_usd) == (
        Decimal(0),
        Decimal("321.5"),
        Decimal("7.25"),
    )
    assert linea.orden_fila == 3
    assert linea.unidad_medida_id == concepto.unidad_medida_id
    assert RegistroActividad.objects.filter(afectacion="Partida de anexo", registro_id=linea.pk).exists()


def test_a_pue_takes_the_prefix_of_its_code_as_anexo(cliente_admin):
    fam = familia_con_anexo(1)
    pue = ConceptoMaestroFactory(pue=True, partida_extraordinaria="C3EXT-0977")

    respuesta = post(cliente_admin, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": pue.pk})

    assert respuesta.status_code == 201
    linea = PartidaAnexoImportada.objects.get(pk=respuesta.json()["id_nuevo"])
    assert (linea.id_partida, linea.anexo) == ("C3EXT-0977", "C3EXT")


def test_an_ot_without_an_active_version_gets_an_empty_one(cliente_admin):
    ot = OTEFactory()
    concepto = ConceptoMaestroFactory()

    respuesta = post(cliente_admin, VINCULAR, {"id_ot": ot.pk, "id_producto": concepto.pk})

    assert respuesta.status_code == 201
    version = ImportacionAnexo.objects.get(ot=ot)
    assert (version.es_activo, version.modo, version.nombre_archivo) == (
        True,
        ModoImportacionAnexo.COMPLETA,
        "Partidas agregadas a mano",
    )
    assert version.partidas.count() == 1 and version.total_registros == 1


def test_a_concept_the_family_already_has_is_refused(cliente_admin):
    fam = familia_con_anexo(1, con_reprogramacion=True)

    respuesta = post(cliente_admin, VINCULAR, {"id_ot": fam.reprogramacion.pk, "id_producto": fam.conceptos[0].pk})

    assert respuesta.status_code == 400
    assert respuesta.json()["errores"] == {"id_producto": ["La partida 2.1. ya está en el anexo activo de la OT."]}
    assert PartidaAnexoImportada.objects.count() == 1


@pytest.mark.parametrize("cambio", [{"activo": False}, {"estatus": EstatusPUE.CANCELADA}])
def test_inactive_or_cancelled_concepts_are_refused(cliente_admin, cambio):
    fam = familia_con_anexo(1)
    concepto = ConceptoMaestroFactory(**cambio)

    respuesta = post(cliente_admin, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": concepto.pk})

    assert respuesta.status_code == 400
    assert "inactivo o cancelado" in respuesta.json()["detalles"]
    assert PartidaAnexoImportada.objects.count() == 1


def test_adding_a_concept_changes_the_ot_annex_so_it_is_the_ot_editors_not_the_capturers(
    cliente_capturista, client, coordinador
):
    fam = familia_con_anexo(1)
    concepto = ConceptoMaestroFactory()

    respuesta = post(cliente_capturista, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": concepto.pk})
    assert respuesta.status_code == 403
    assert PartidaAnexoImportada.objects.count() == 1

    client.force_login(coordinador)
    respuesta = post(client, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": concepto.pk})
    assert respuesta.status_code == 201
    assert PartidaAnexoImportada.objects.filter(concepto=concepto, volumen_proyectado=0).count() == 1


def test_missing_ot_or_concept_is_404_and_bad_ids_400(cliente_admin):
    fam = familia_con_anexo(1)

    assert post(cliente_admin, VINCULAR, {"id_ot": 999999, "id_producto": fam.conceptos[0].pk}).status_code == 404
    assert post(cliente_admin, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": 999999}).status_code == 404
    respuesta = post(cliente_admin, VINCULAR, {"id_ot": fam.ot.pk, "id_producto": "uno"})
    assert respuesta.status_code == 400 and "id_producto" in respuesta.json()["errores"]
