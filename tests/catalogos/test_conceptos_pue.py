"""PUE status transitions and the PUE → ordinary conversion that keeps the PUE's code and history (lineage)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Evento, RegistroActividad
from operaciones.catalogos import services_conceptos as services
from operaciones.catalogos.constantes import TipoId
from operaciones.catalogos.models import AnexoContrato, ConceptoMaestro, Contrato, EstatusPUE, SubAnexo
from operaciones.catalogos.services_conceptos import ENTIDAD_CONCEPTO
from operaciones.catalogos.services_contratos import ENTIDAD_SUBANEXO
from tests import factories as f

from .test_conceptos_lista import armar_catalogo, buscar, tabla

pytestmark = pytest.mark.django_db

BASE = "/operaciones/catalogos/conceptos/"


@pytest.fixture
def catalogo():
    return armar_catalogo()


def errores(respuesta) -> dict:
    assert respuesta.status_code == 400, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    return cuerpo["errores"]


def cambiar(cliente, pue, estatus, **extra):
    return cliente.post(f"{BASE}cambiar-estatus/", {"id": pue.pk, "estatus": estatus, **extra})


def convertir(cliente, pue, **extra):
    return cliente.post(
        f"{BASE}convertir-pue/", {"id": pue.pk, "sub_anexo_clave": "c-7", "partida": "1C-010.", **extra}
    )


# --- status -------------------------------------------------------------------------------------------------------


def test_elaboration_to_authorised_records_the_sanction_date_and_logs(cliente_admin, catalogo):
    pue = catalogo.pue_elaboracion
    respuesta = cambiar(cliente_admin, pue, "AUTORIZADO", fecha_autorizacion="2025-06-30")
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta.json()["estatus"] == "AUTORIZADO"
    pue.refresh_from_db()
    assert pue.estatus == EstatusPUE.AUTORIZADO and pue.fecha_autorizacion == date(2025, 6, 30)
    filas = RegistroActividad.objects.filter(
        afectacion=ENTIDAD_CONCEPTO, registro_id=pue.pk, evento=Evento.CAMBIO_ESTATUS
    )
    cambios = {r.campo: (r.valor_anterior, r.valor_actual) for r in filas}
    assert cambios == {"estatus": ("En elaboración", "Autorizado"), "fecha_autorizacion": ("", "2025-06-30")}


@pytest.mark.parametrize(
    ("desde", "hacia"),
    [
        ("AUTORIZADO", "EN ELABORACION"),
        ("AUTORIZADO", "CANCELADA"),
        ("EN ELABORACION", "CANCELADA"),
        ("EN ELABORACION", "AUTORIZADO"),
    ],
)
def test_allowed_transitions(cliente_admin, desde, hacia):
    pue = f.ConceptoMaestroFactory(pue=True, estatus=desde)
    assert cambiar(cliente_admin, pue, hacia).status_code == 200
    pue.refresh_from_db()
    assert pue.estatus == hacia


@pytest.mark.parametrize("hacia", ["EN ELABORACION", "AUTORIZADO"])
def test_cancellation_is_final(cliente_admin, catalogo, hacia):
    cuerpo = errores(cambiar(cliente_admin, catalogo.pue_cancelada, hacia))
    assert "definitiva" in cuerpo["estatus"][0]
    catalogo.pue_cancelada.refresh_from_db()
    assert catalogo.pue_cancelada.estatus == EstatusPUE.CANCELADA


def test_same_status_unknown_status_and_ordinary_lines_are_refused(cliente_admin, catalogo):
    assert "estatus" in errores(cambiar(cliente_admin, catalogo.pue_autorizada, "AUTORIZADO"))
    assert "estatus" in errores(cambiar(cliente_admin, catalogo.pue_autorizada, "APROBADA"))
    assert "no es una PUE" in errores(cambiar(cliente_admin, catalogo.tubo, "AUTORIZADO"))["__all__"][0]
    assert cliente_admin.post(f"{BASE}cambiar-estatus/", {"id": 999999, "estatus": "AUTORIZADO"}).status_code == 404


def test_an_inactive_pue_keeps_its_status(cliente_admin, catalogo):
    ConceptoMaestro.objects.filter(pk=catalogo.pue_elaboracion.pk).update(activo=False)
    assert "reactívela" in errores(cambiar(cliente_admin, catalogo.pue_elaboracion, "AUTORIZADO"))["__all__"][0]


def test_a_reader_cannot_change_status(cliente_lector, catalogo):
    assert cambiar(cliente_lector, catalogo.pue_elaboracion, "AUTORIZADO").status_code == 403


# --- conversion ---------------------------------------------------------------------------------------------------


def test_conversion_keeps_both_rows_the_code_and_the_lineage(cliente_admin, admin, catalogo):
    pue = catalogo.pue_elaboracion
    respuesta = convertir(cliente_admin, pue, contrato=catalogo.contrato.pk, precio_unitario_usd="12.5")
    assert respuesta.status_code == 201, respuesta.content
    assert respuesta.json()["detalles"] == "La PUE C3EXT-0977 quedó convertida a C-7 1C-010.."
    nuevo = ConceptoMaestro.objects.select_related("sub_anexo__anexo_maestro").get(pk=respuesta.json()["id_nuevo"])
    # the new ordinary line
    assert nuevo.id_tipo_partida_id == TipoId.PARTIDA_ORDINARIA and nuevo.activo
    assert (nuevo.sub_anexo.clave_anexo, nuevo.partida_ordinaria) == ("C-7", "1C-010.")
    assert nuevo.sub_anexo.anexo_maestro == AnexoContrato.objects.get(contrato=catalogo.contrato, clave="C")
    assert nuevo.concepto_origen_id == pue.pk and nuevo.partida_extraordinaria == "C3EXT-0977"
    assert (nuevo.descripcion, nuevo.unidad_medida_id) == (pue.descripcion, pue.unidad_medida_id)
    assert nuevo.precio_unitario_mn == Decimal("2500.1234")  # not given: the PUE's
    assert nuevo.precio_unitario_usd == Decimal("12.5")  # given
    # the PUE stays as history: authorised and inactive
    pue.refresh_from_db()
    assert (pue.estatus, pue.activo, pue.partida_extraordinaria) == (EstatusPUE.AUTORIZADO, False, "C3EXT-0977")
    # the activity log tells both sides
    del_pue = RegistroActividad.objects.filter(
        afectacion=ENTIDAD_CONCEPTO, registro_id=pue.pk, evento=Evento.ACTUALIZAR
    )
    assert {r.campo: (r.valor_anterior, r.valor_actual) for r in del_pue} == {
        "estatus": ("En elaboración", "Autorizado"),
        "activo": ("Sí", "No"),
    }
    assert "convertida a C-7 1C-010." in del_pue.first().detalle
    alta = RegistroActividad.objects.filter(afectacion=ENTIDAD_CONCEPTO, registro_id=nuevo.pk, evento=Evento.CREAR)
    assert {r.campo: r.valor_actual for r in alta}["partida_extraordinaria"] == "C3EXT-0977"
    assert "de la PUE C3EXT-0977" in alta.first().detalle
    assert set(alta.values_list("usuario", flat=True)) == {admin.pk}
    sub_anexo = RegistroActividad.objects.get(
        afectacion=ENTIDAD_SUBANEXO, registro_id=nuevo.sub_anexo_id, evento=Evento.CREAR, campo="clave_anexo"
    )
    assert sub_anexo.valor_actual == "C-7"


def test_both_lists_and_the_picker_show_the_lineage(cliente_admin, catalogo):
    pue = catalogo.pue_elaboracion
    nuevo_id = convertir(cliente_admin, pue).json()["id_nuevo"]
    pues = {fila["codigo"]: fila for fila in tabla(cliente_admin, "pues", estado="todos", convertida="si")["data"]}
    assert set(pues) == {"C3EXT-0977"}
    assert pues["C3EXT-0977"]["convertida_a"] == "C-7 1C-010." and pues["C3EXT-0977"]["activo"] is False
    ordinarios = {fila["id"]: fila for fila in tabla(cliente_admin, convertida="si")["data"]}
    assert set(ordinarios) == {nuevo_id}
    assert ordinarios[nuevo_id]["origen_pue"] == "C3EXT-0977" and ordinarios[nuevo_id]["sub_anexo"] == "C-7"
    # the PUE list filtered by the target sub-anexo finds the converted PUE
    c7 = SubAnexo.objects.get(clave_anexo="C-7", anexo_maestro__contrato=catalogo.contrato)
    assert [fila["codigo"] for fila in tabla(cliente_admin, "pues", estado="todos", sub_anexo=c7.pk)["data"]] == [
        "C3EXT-0977"
    ]
    # pickers offer the ordinary line only
    assert [(r["id"], r["tipo"], r["codigo"]) for r in buscar(cliente_admin, q="C3EXT-0977")] == [
        (nuevo_id, "ordinario", "1C-010.")
    ]
    registro = cliente_admin.get(f"{BASE}obtener/{pue.pk}/").json()["registro"]
    assert registro["convertida_a"] == "C-7 1C-010."


def test_conversion_into_an_existing_sub_anexo_reuses_it(cliente_admin, catalogo):
    antes = SubAnexo.objects.count()
    respuesta = convertir(cliente_admin, catalogo.pue_autorizada, sub_anexo_clave="c-2 ", partida="2.900.")
    assert respuesta.status_code == 201, respuesta.content
    assert ConceptoMaestro.objects.get(pk=respuesta.json()["id_nuevo"]).sub_anexo == catalogo.c2
    assert SubAnexo.objects.count() == antes


def test_a_cancelled_pue_cannot_be_converted(cliente_admin, catalogo):
    cuerpo = errores(convertir(cliente_admin, catalogo.pue_cancelada))
    assert "cancelada" in cuerpo["__all__"][0]
    catalogo.pue_cancelada.refresh_from_db()
    assert catalogo.pue_cancelada.activo and not SubAnexo.objects.filter(clave_anexo="C-7").exists()


def test_a_duplicate_identity_refuses_the_conversion_and_writes_nothing(cliente_admin, catalogo):
    pue = catalogo.pue_autorizada
    f.ConceptoMaestroFactory(sub_anexo=catalogo.c2, partida_ordinaria="2.900.", descripcion=pue.descripcion)
    antes = ConceptoMaestro.objects.count()
    cuerpo = errores(convertir(cliente_admin, pue, sub_anexo_clave="C-2", partida="2.900."))
    assert "partida" in cuerpo
    pue.refresh_from_db()
    assert pue.activo and pue.estatus == EstatusPUE.AUTORIZADO
    assert ConceptoMaestro.objects.count() == antes
    assert not RegistroActividad.objects.filter(registro_id=pue.pk, afectacion=ENTIDAD_CONCEPTO).exists()


def test_a_pue_is_converted_once(cliente_admin, catalogo):
    pue = catalogo.pue_elaboracion
    assert convertir(cliente_admin, pue).status_code == 201
    cuerpo = errores(convertir(cliente_admin, pue, partida="1C-011."))
    assert "ya fue convertida a C-7 1C-010." in cuerpo["__all__"][0]
    # nor reactivated, nor moved to another status
    assert "vive en ese concepto" in errores(cliente_admin.post(f"{BASE}reactivar/", {"id": pue.pk}))["__all__"][0]
    assert "convertida" in errores(cambiar(cliente_admin, pue, "CANCELADA"))["__all__"][0]


@pytest.mark.parametrize(
    ("cuerpo", "campo"),
    [
        ({"partida": " "}, "partida"),
        ({"sub_anexo_clave": ""}, "sub_anexo_clave"),
        ({"precio_unitario_mn": "-1"}, "precio_unitario_mn"),
        ({"precio_unitario_usd": "1.00001"}, "precio_unitario_usd"),
        ({"contrato": "999999"}, "contrato"),
        ({"id": "abc"}, "id"),
    ],
)
def test_bad_conversion_input_is_400(cliente_admin, catalogo, cuerpo, campo):
    assert campo in errores(convertir(cliente_admin, catalogo.pue_autorizada, **cuerpo))


def test_with_several_contracts_the_target_must_be_chosen(cliente_admin, catalogo):
    armar_catalogo("CTO-OTRO")
    assert "contrato" in errores(convertir(cliente_admin, catalogo.pue_autorizada))
    inactivo = f.ContratoFactory(activo=False)
    assert "contrato" in errores(convertir(cliente_admin, catalogo.pue_autorizada, contrato=inactivo.pk))


def test_converting_needs_add_and_change(cliente_lector, catalogo):
    assert convertir(cliente_lector, catalogo.pue_autorizada).status_code == 403


def test_the_service_runs_without_a_browser_and_creates_the_anexo_c_if_missing():
    contrato = f.ContratoFactory(numero_contrato="CTO-SOLO")
    for otro in Contrato.objects.exclude(pk=contrato.pk):
        otro.activo = False
        otro.save()
    pue = f.ConceptoMaestroFactory(pue=True, partida_extraordinaria="C6EXT-0001", estatus=EstatusPUE.AUTORIZADO)
    nuevo = services.concepto_convertir_pue(pue=pue, sub_anexo_clave="C-20", partida="10C-11.", usuario=None)
    assert nuevo.sub_anexo.anexo_maestro.contrato == contrato and nuevo.sub_anexo.anexo_maestro.clave == "C"
    assert nuevo.partida_extraordinaria == "C6EXT-0001" and nuevo.concepto_origen == pue
    # the log writes "Sistema" (no user) for commands and imports
    assert RegistroActividad.objects.filter(registro_id=nuevo.pk, usuario__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.concepto_convertir_pue(pue=pue, sub_anexo_clave="C-20", partida="10C-12.", usuario=None)


def test_an_inactive_target_sub_anexo_is_not_silently_revived(cliente_admin, catalogo):
    catalogo.c3.activo = False
    catalogo.c3.save()
    cuerpo = errores(convertir(cliente_admin, catalogo.pue_autorizada, sub_anexo_clave="C-3", partida="3.900."))
    assert "inactivo" in cuerpo["sub_anexo_clave"][0]
