"""PTE → OT (`/operaciones/ot/crear-desde-pte/`): the 100 % gate, one initial OT per PTE, carried deliverables."""

from datetime import date

import pytest

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, TipoId
from operaciones.catalogos.models import PasoOt
from operaciones.ot.models import OTE
from operaciones.pte.models import PTEDetalle
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/operaciones/ot/crear-desde-pte/"


def _pte_cerrada(**extra):
    """A PEMEX PTE with every step closed: completed, not applicable or cancelled."""
    pte = f.PTEHeaderFactory(con_pasos=True, **extra)
    detalles = list(pte.detalles.order_by("id"))
    cierres = (EstatusId.COMPLETADO, EstatusId.NO_APLICA, EstatusId.CANCELADO)
    for i, detalle in enumerate(detalles):
        detalle.estatus_paso_id = cierres[i % 3]
    PTEDetalle.objects.bulk_update(detalles, ["estatus_paso_id"])
    return pte


def test_gate_refuses_a_pte_with_open_steps(cliente_admin):
    pte = _pte_cerrada()
    abierto = pte.detalles.order_by("id").first()
    abierto.estatus_paso_id = EstatusId.PROCESO
    abierto.save()
    respuesta = cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-DESDE-PTE"})
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    total = pte.detalles.count()
    assert cuerpo["tipo_aviso"] == "error"
    assert cuerpo["detalles"].startswith(
        f"La PTE «{pte}» no está al 100 %: tiene {total - 1} de {total} pasos cerrados."
    )
    assert not OTE.objects.exists()


def test_gate_refuses_a_pte_without_steps(cliente_admin):
    pte = f.PTEHeaderFactory()
    assert cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-X"}).status_code == 400


def test_creates_the_ot_por_definir_from_the_pte(cliente_admin):
    pte = _pte_cerrada(descripcion_trabajo="INSPECCIÓN DE DUCTOS")
    respuesta = cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "  OT-GRZ-100  "})
    assert respuesta.status_code == 201, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito" and "OT-GRZ-100" in cuerpo["detalles"]
    assert "PENDIENTE" not in cuerpo["detalles"]
    ot = OTE.objects.get(pk=cuerpo["id_nuevo"])
    assert ot.orden_trabajo == "OT-GRZ-100" and ot.id_tipo_id == TipoId.OT_INICIAL
    assert ot.estatus == EstatusRegistro.POR_DEFINIR and ot.id_estatus_ot_id == EstatusId.ASIGNADA
    assert (ot.responsable_cliente, ot.oficio_ot) == ("POR DEFINIR", "PENDIENTE")
    assert ot.descripcion_trabajo == "INSPECCIÓN DE DUCTOS"
    assert ot.id_responsable_proyecto_id == pte.id_responsable_proyecto_id and ot.id_cliente_id == pte.id_cliente_id
    assert ot.id_pte_header == pte
    plantilla = PasoOt.objects.filter(tipo_id=TipoId.OT_INICIAL, activo=True).count()
    assert ot.detalles.count() == plantilla
    assert RegistroActividad.objects.filter(registro_id=ot.pk, afectacion="OT", evento=Evento.CREAR).exists()


def test_deliverables_are_carried_through_the_catalogue_mapping(cliente_admin):
    pte = _pte_cerrada()
    mapeados = PasoOt.objects.filter(tipo_id=TipoId.OT_INICIAL, activo=True, paso_pte_origen__isnull=False)
    assert mapeados.count() >= 2
    esperado = {}
    for i, paso_ot in enumerate(mapeados):
        fuente = pte.detalles.get(id_paso=paso_ot.paso_pte_origen)
        fuente.estatus_paso_id = EstatusId.COMPLETADO if i % 2 == 0 else EstatusId.NO_APLICA
        fuente.fecha_inicio, fuente.fecha_termino, fuente.fecha_entrega = (
            date(2025, 1, 1 + i),
            date(2025, 2, 1 + i),
            date(2025, 3, 1 + i),
        )
        fuente.archivo = f"https://drive.example.com/entregable-{i}"
        fuente.archivo_adjunto.name = f"pte/evidencias/2025/01/entregable-{i}.pdf"
        fuente.save()
        esperado[paso_ot.pk] = (
            fuente.estatus_paso_id,
            fuente.fecha_inicio,
            fuente.fecha_termino,
            fuente.fecha_entrega,
            fuente.archivo,
            fuente.archivo_adjunto.name,
        )
    ot = OTE.objects.get(pk=cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-ENTREGABLES"}).json()["id_nuevo"])
    for paso in ot.detalles.all():
        copia = (
            paso.estatus_paso_id,
            paso.fecha_inicio,
            paso.fecha_termino,
            paso.fecha_entrega,
            paso.archivo,
            paso.archivo_adjunto.name,
        )
        if paso.id_paso_id in esperado:
            assert copia == esperado[paso.id_paso_id]
        else:
            assert copia == (EstatusId.PENDIENTE, None, None, None, "", "")


def test_only_one_initial_ot_per_pte(cliente_admin):
    pte = _pte_cerrada()
    assert cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-PRIMERA"}).status_code == 201
    respuesta = cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-SEGUNDA"})
    assert respuesta.status_code == 400
    assert respuesta.json()["detalles"] == f"La PTE «{pte}» ya tiene la OT inicial «OT-PRIMERA»."


def test_duplicate_folio_is_checked_against_the_ot_folio(cliente_admin):
    f.OTEFactory(orden_trabajo="OT-OCUPADA", oficio_ot="OTRO-OFICIO")
    respuesta = cliente_admin.post(URL, {"pte_id": _pte_cerrada().pk, "oficio": "ot-ocupada"})
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["oficio"] == ["Ya existe una OT inicial vigente con el folio «ot-ocupada»."]


def test_reprogramming_from_a_pte_needs_its_principal(cliente_admin):
    respuesta = cliente_admin.post(
        URL, {"pte_id": _pte_cerrada().pk, "oficio": "OT-R", "tipo_ot": TipoId.OT_REPROGRAMACION}
    )
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert (cuerpo["tipo_aviso"], cuerpo["detalles"]) == (
        "advertencia",
        "Para una reprogramación, debe seleccionar la OT Inicial.",
    )


def test_reprogramming_from_a_pte_that_already_has_its_initial_ot(cliente_admin):
    pte = _pte_cerrada()
    inicial = OTE.objects.get(pk=cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-FAM"}).json()["id_nuevo"])
    respuesta = cliente_admin.post(
        URL, {"pte_id": pte.pk, "oficio": "OT-FAM", "tipo_ot": TipoId.OT_REPROGRAMACION, "ot_principal": inicial.pk}
    )
    assert respuesta.status_code == 201, respuesta.json()
    repro = OTE.objects.get(pk=respuesta.json()["id_nuevo"])
    assert (repro.ot_principal, repro.num_reprogramacion, repro.id_tipo_id) == (inicial, 1, TipoId.OT_REPROGRAMACION)
    plantilla = PasoOt.objects.filter(tipo_id=TipoId.OT_REPROGRAMACION, activo=True).count()
    assert repro.detalles.count() == plantilla


@pytest.mark.parametrize(
    ("datos", "campo"),
    [
        ({"oficio": ""}, "oficio"),
        ({"tipo_ot": TipoId.PLANTILLA_INTERCOM}, "tipo_ot"),
        ({"tipo_ot": "x"}, "tipo_ot"),
        ({"pte_id": "abc"}, "pte_id"),
        ({"num_reprogramacion": "uno", "tipo_ot": TipoId.OT_REPROGRAMACION}, "num_reprogramacion"),
    ],
)
def test_junk_input_is_refused(cliente_admin, datos, campo):
    base = {"pte_id": _pte_cerrada().pk, "oficio": "OT-J"}
    respuesta = cliente_admin.post(URL, {**base, **datos})
    assert respuesta.status_code == 400 and campo in respuesta.json()["errores"]


def test_deleted_pte_is_refused(cliente_admin):
    pte = _pte_cerrada(estatus=0)
    respuesta = cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-X"})
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]["pte_id"] == ["La PTE no existe o fue eliminada."]


def test_reader_cannot_create_from_a_pte(cliente_lector):
    assert cliente_lector.post(URL, {"pte_id": _pte_cerrada().pk, "oficio": "OT-X"}).status_code == 403
    assert not OTE.objects.exists()


def test_a_reprogramming_also_carries_the_pte_deliverables(cliente_admin):
    pte = _pte_cerrada()
    mapeados = PasoOt.objects.filter(tipo_id=TipoId.OT_REPROGRAMACION, activo=True, paso_pte_origen__isnull=False)
    assert mapeados.exists()
    for paso_ot in mapeados:
        fuente = pte.detalles.get(id_paso=paso_ot.paso_pte_origen)
        fuente.estatus_paso_id = EstatusId.COMPLETADO
        fuente.fecha_entrega = date(2025, 5, 5)
        fuente.archivo = "https://drive.example.com/volumetria"
        fuente.save()
    inicial = cliente_admin.post(URL, {"pte_id": pte.pk, "oficio": "OT-FAMILIA-REPRO"}).json()["id_nuevo"]
    respuesta = cliente_admin.post(
        "/operaciones/ot/crear-ot-reprogramacion/",
        {"id_tipo": TipoId.OT_REPROGRAMACION, "orden_trabajo": "OT-FAMILIA-REPRO", "ot_principal": inicial},
    )
    assert respuesta.status_code == 201, respuesta.json()
    reprogramacion = OTE.objects.get(pk=respuesta.json()["id_nuevo"])
    assert reprogramacion.id_pte_header == pte
    for paso in reprogramacion.detalles.filter(id_paso__in=mapeados):
        assert (paso.estatus_paso_id, paso.fecha_entrega, paso.archivo) == (
            EstatusId.COMPLETADO,
            date(2025, 5, 5),
            "https://drive.example.com/volumetria",
        )
