"""Invalid input to the OT endpoints: the toast (`detalles`) carries the first specific Spanish message, and
`errores` still names every refused field (what ot.js / ot_detalle.js use to mark them)."""

import pytest

from operaciones.ot.models import OTE
from tests import factories as f

pytestmark = pytest.mark.django_db

BASE = "/operaciones/ot/"
FECHA_MALA = "no es válida; use el formato DD/MM/AAAA."


@pytest.fixture
def ot():
    return f.OTEFactory(con_pasos=True)


def _paso(ot):
    return ot.detalles.order_by("id").first()


def _rechazo(respuesta, campo: str, mensaje: str) -> dict:
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert (cuerpo["exito"], cuerpo["tipo_aviso"]) == (False, "error")
    assert cuerpo["detalles"] == mensaje
    assert cuerpo["errores"][campo] == [mensaje]
    return cuerpo


@pytest.mark.parametrize(
    ("cambio", "campo", "mensaje"),
    [
        ({"plazo_dias": "abc"}, "plazo_dias", "El plazo debe ser un número entero de días entre 0 y 36 500."),
        (
            {"fecha_inicio_programado": "31/02/2026"},
            "fecha_inicio_programado",
            f"La fecha de inicio programado {FECHA_MALA}",
        ),
        (
            {"fecha_inicio_programado": "2026-03-10", "fecha_termino_programado": "2026-03-01"},
            "fecha_termino_programado",
            "La fecha de término no puede ser anterior a la de inicio.",
        ),
    ],
)
def test_create_toast_says_what_is_wrong(cliente_admin, cambio, campo, mensaje):
    _rechazo(cliente_admin.post(BASE + "crear-ot-reprogramacion/", {"orden_trabajo": "OT-1", **cambio}), campo, mensaje)
    assert not OTE.objects.exists()


def test_edit_toast_names_the_missing_or_bad_field(cliente_admin, ot):
    url = BASE + "editar/"
    respuesta = cliente_admin.post(url, {"id": ot.pk, "orden_trabajo": "OT-1"})
    _rechazo(respuesta, "id_responsable_proyecto", "Seleccione el responsable del proyecto.")
    cuerpo = {"id": ot.pk, "orden_trabajo": "OT-1", "id_responsable_proyecto": ot.id_responsable_proyecto_id}
    respuesta = cliente_admin.post(url, {**cuerpo, "monto_mxn": "-5"})
    _rechazo(respuesta, "monto_mxn", "El monto en MXN debe ser un número no negativo con hasta 2 decimales.")
    respuesta = cliente_admin.post(url, {**cuerpo, "fecha_inicio_real": "2026-13-01"})
    _rechazo(respuesta, "fecha_inicio_real", f"La fecha de inicio real {FECHA_MALA}")


def test_delete_and_read_toasts(cliente_admin):
    _rechazo(cliente_admin.post(BASE + "eliminar/", {"id": "x"}), "id", "El identificador de la OT no es válido.")
    _rechazo(cliente_admin.get(BASE + "obtener_datos/"), "id", "Indique la OT.")
    respuesta = cliente_admin.get(BASE + "obtener_progreso_general_ot/", {"ot_id": "0"})
    _rechazo(respuesta, "ot_id", "El identificador de la OT no es válido.")
    respuesta = cliente_admin.get(BASE + "obtener_sitios_frente/", {"frente_id": "99"})
    _rechazo(respuesta, "frente_id", "El frente indicado no es válido.")


def test_ot_status_toasts(cliente_admin, ot):
    url = BASE + "cambiar_estatus_ot/"
    _rechazo(cliente_admin.post(url, {"ot_id": ot.pk}), "nuevo_estatus_id", "Seleccione el nuevo estatus.")
    respuesta = cliente_admin.post(url, {"ot_id": ot.pk, "nuevo_estatus_id": "999999"})
    _rechazo(respuesta, "nuevo_estatus_id", "El estatus no es un estatus de OT.")


def test_create_from_pte_toast_shows_the_first_and_marks_them_all(cliente_admin):
    cuerpo = _rechazo(cliente_admin.post(BASE + "crear-desde-pte/", {}), "pte_id", "Indique la PTE.")
    assert cuerpo["errores"]["oficio"] == ["El Folio de la OT es obligatorio"]


def test_step_toasts(cliente_admin, ot):
    paso = _paso(ot)
    respuesta = cliente_admin.post(BASE + "cambiar_estatus_paso/", {"paso_id": paso.pk, "nuevo_estatus": "999"})
    _rechazo(respuesta, "nuevo_estatus", "El estatus no es un estatus de paso.")
    respuesta = cliente_admin.post(BASE + "cambiar_estatus_paso/", {"paso_id": "abc", "nuevo_estatus": "1"})
    _rechazo(respuesta, "paso_id", "El identificador del paso no es válido.")
    url = BASE + "actualizar-fecha/"
    respuesta = cliente_admin.post(url, {"id_paso": paso.pk, "tipo": "4", "fecha": "2025-01-01"})
    _rechazo(respuesta, "tipo", "El tipo de fecha debe ser 1 (inicio), 2 (término) o 3 (entrega).")
    _rechazo(
        cliente_admin.post(url, {"id_paso": paso.pk, "tipo": "1", "fecha": "ayer"}), "fecha", f"La fecha {FECHA_MALA}"
    )
    respuesta = cliente_admin.post(BASE + "guardar_archivo_ot/", {"paso_id": paso.pk, "archivo": "ftp://servidor/a"})
    _rechazo(respuesta, "archivo", "Escriba un enlace que empiece con http:// o https://.")


@pytest.mark.parametrize(
    ("parametros", "campo", "mensaje"),
    [
        ({"anio": "dos mil"}, "anio", "El año del filtro debe ser un número entre 1900 y 2200."),
        ({"tipo": "7"}, "tipo", "El tipo de OT del filtro debe ser inicial o reprogramación."),
        ({"id_cliente": "x"}, "id_cliente", "El identificador del cliente no es válido."),
    ],
)
def test_export_toast_names_the_bad_filter(cliente_admin, parametros, campo, mensaje):
    _rechazo(cliente_admin.get(BASE + "exportar/", parametros), campo, mensaje)


def test_annex_tab_toasts(cliente_admin, ot):
    base = f"{BASE}{ot.pk}/anexo/"
    _rechazo(cliente_admin.get(base + "versiones/", {"version": "x"}), "version", "La versión no es válida.")
    mensaje = "El tipo de cambio debe ser un número mayor que cero (hasta 4 decimales)."
    _rechazo(cliente_admin.get(base + "totales/", {"tipo_cambio": "0"}), "tipo_cambio", mensaje)
