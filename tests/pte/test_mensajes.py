"""Invalid input to the PTE endpoints: the toast (`detalles`) carries the first specific Spanish message, and
`errores` still names every refused field (what pte.js uses to mark them)."""

import pytest

from operaciones.catalogos.constantes import EstatusId
from operaciones.pte.models import EstatusPTE, PTEHeader
from tests.factories import PTEHeaderFactory
from tests.pte.utiles import paso

pytestmark = pytest.mark.django_db

BASE = "/operaciones/pte/"
FECHA_MALA = "no es válida; use el formato DD/MM/AAAA."


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
        ({"plazo_dias": ""}, "plazo_dias", "Indique el plazo en días."),
        ({"plazo_dias": "0"}, "plazo_dias", "El plazo debe ser de al menos 1 día."),
        ({"plazo_dias": "muchos"}, "plazo_dias", "El plazo debe ser un número entero de días."),
        ({"id_cliente": ""}, "id_cliente", "Seleccione el cliente."),
        (
            {"id_responsable_proyecto": "999999"},
            "id_responsable_proyecto",
            "El responsable del proyecto elegido no existe o está inactivo.",
        ),
        ({"prioridad": "9"}, "prioridad", "La prioridad elegida no es válida."),
        ({"fecha_solicitud": "31/02/2026"}, "fecha_solicitud", f"La fecha de solicitud {FECHA_MALA}"),
        ({"total_homologado": "-1"}, "total_homologado", "El total homologado no puede ser negativo."),
        ({"total_homologado": "1.005"}, "total_homologado", "El total homologado admite como máximo 2 decimales."),
        ({"oficio_pte": "F" * 101}, "oficio_pte", "El folio PTE admite como máximo 100 caracteres."),
    ],
)
def test_create_toast_says_what_is_wrong(cliente_admin, alta, cambio, campo, mensaje):
    _rechazo(cliente_admin.post(BASE + "crear/", {**alta, **cambio}), campo, mensaje)
    assert not PTEHeader.objects.exists()


def test_create_with_several_errors_shows_the_first_and_marks_them_all(cliente_admin, alta):
    cuerpo = _rechazo(
        cliente_admin.post(BASE + "crear/", {**alta, "id_cliente": "", "plazo_dias": "0"}),
        "id_cliente",
        "Seleccione el cliente.",
    )
    assert cuerpo["errores"]["plazo_dias"] == ["El plazo debe ser de al menos 1 día."]


def test_create_duplicate_folio_toast(cliente_admin, alta):
    PTEHeaderFactory(oficio_pte="BME-1-2026")
    mensaje = "Ya existe una PTE vigente con ese folio."
    _rechazo(cliente_admin.post(BASE + "crear/", {**alta, "oficio_pte": "bme-1-2026"}), "oficio_pte", mensaje)


def test_edit_toast_names_the_bad_id_or_field(cliente_admin, pte):
    _rechazo(cliente_admin.post(BASE + "editar/", {"id": "abc"}), "id", "El identificador de la PTE no es válido.")
    _rechazo(cliente_admin.post(BASE + "editar/", {}), "id", "Indique la PTE.")
    respuesta = cliente_admin.post(BASE + "editar/", {"id": pte.pk, "plazo_dias": "-3"})
    _rechazo(respuesta, "plazo_dias", "El plazo debe ser de al menos 1 día.")


def test_read_and_delete_toasts(cliente_admin):
    _rechazo(cliente_admin.get(BASE + "obtener_datos/"), "id", "Indique la PTE.")
    _rechazo(cliente_admin.post(BASE + "eliminar/", {"id": "0"}), "id", "El identificador de la PTE no es válido.")


def test_pte_status_toasts(cliente_admin, pte):
    url = BASE + "cambiar_estatus_pte/"
    _rechazo(cliente_admin.post(url, {"pte_id": pte.pk}), "nuevo_estatus", "Seleccione el nuevo estatus.")
    respuesta = cliente_admin.post(url, {"pte_id": pte.pk, "nuevo_estatus": "9"})
    _rechazo(respuesta, "nuevo_estatus", "El estatus elegido no es válido.")
    respuesta = cliente_admin.post(
        url, {"pte_id": pte.pk, "nuevo_estatus": EstatusPTE.ENTREGADA.value, "fecha_entrega": "32/01/2026"}
    )
    _rechazo(respuesta, "fecha_entrega", f"La fecha de entrega {FECHA_MALA}")
    pte.refresh_from_db()
    assert pte.estatus == EstatusPTE.PENDIENTE


def test_step_tables_and_progress_toasts(cliente_admin):
    invalido = "El identificador de la PTE no es válido."
    _rechazo(cliente_admin.get(BASE + "detalle/datatable/", {"pte_header_id": "x"}), "pte_header_id", invalido)
    _rechazo(cliente_admin.get(BASE + "datatable-subpasos/"), "pte_header_id", "Indique la PTE.")
    _rechazo(cliente_admin.get(BASE + "obtener-progreso-general-pte/", {"pte_id": "-1"}), "pte_id", invalido)
    _rechazo(cliente_admin.get(BASE + "obtener-progreso-paso4/"), "pte_id", "Indique la PTE.")


def test_step_status_toasts(cliente_admin, pte):
    url = BASE + "cambiar_estatus_paso/"
    respuesta = cliente_admin.post(url, {"nuevo_estatus": EstatusId.COMPLETADO.value})
    _rechazo(respuesta, "paso_id", "Indique el paso.")
    respuesta = cliente_admin.post(url, {"paso_id": paso(pte, 1).pk, "nuevo_estatus": "5"})
    _rechazo(respuesta, "nuevo_estatus", "El estatus elegido no es válido.")


def test_step_date_and_evidence_toasts(cliente_admin, pte):
    detalle = paso(pte, 3)
    url = BASE + "actualizar-fecha/"
    respuesta = cliente_admin.post(url, {"id_paso": detalle.pk, "fecha": "2026-04-10", "tipo": "4"})
    _rechazo(respuesta, "tipo", "El tipo de fecha debe ser 1 (inicio), 2 (término) o 3 (entrega).")
    respuesta = cliente_admin.post(url, {"id_paso": detalle.pk, "fecha": "30/02/2026", "tipo": "1"})
    _rechazo(respuesta, "fecha", f"La fecha {FECHA_MALA}")
    respuesta = cliente_admin.post(url, {"id_paso": "x", "fecha": "2026-04-10", "tipo": "1"})
    _rechazo(respuesta, "id_paso", "El identificador del paso no es válido.")
    enlace = "Escriba una dirección que empiece con http:// o https://."
    for malo in ("javascript:alert(1)", "ftp://servidor/a", "no es url"):
        respuesta = cliente_admin.post(BASE + "guardar_archivo_pte/", {"paso_id": detalle.pk, "archivo": malo})
        _rechazo(respuesta, "archivo", enlace)


@pytest.mark.parametrize(
    ("parametros", "campo", "mensaje"),
    [
        ({"estatus": "x"}, "estatus", "El estatus del filtro no es válido."),
        ({"anio": "dos mil"}, "anio", "El año del filtro debe ser un número entre 1900 y 2999."),
        ({"tipo": "999999"}, "tipo", "El tipo de PTE del filtro no existe."),
        ({"anio": "1800"}, "anio", "El año del filtro debe ser un número entre 1900 y 2999."),
        ({"anio": "3000"}, "anio", "El año del filtro debe ser un número entre 1900 y 2999."),
        ({"cliente": "999999"}, "cliente", "El cliente del filtro no existe."),
        ({"responsable_proyecto": "999999"}, "responsable_proyecto", "El responsable del filtro no existe."),
    ],
)
def test_export_toast_names_the_bad_filter(cliente_admin, parametros, campo, mensaje):
    _rechazo(cliente_admin.get(BASE + "exportar/", parametros), campo, mensaje)
