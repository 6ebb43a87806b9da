"""Views of the daily report core: list + DataTable, "Nuevo reporte", the day page, workflow and the time log."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion
from tests.costa_fuera.datos import bitacora_completa, embarcacion, ot_en_embarcacion, reporte

pytestmark = pytest.mark.django_db

DIA = date(2025, 3, 10)
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _dia_completo(ot=None) -> str:
    return json.dumps(
        [
            {
                "hora_inicio": "00:00",
                "hora_fin": "08:00",
                "actividad": "Inspección",
                "estatus_operativo": "OPERANDO",
                "ot": ot,
            },
            {"hora_inicio": "08:00", "hora_fin": "12:00", "actividad": "Clima", "estatus_operativo": "ESPERA_CLIMA"},
            {
                "hora_inicio": "12:00",
                "hora_fin": "24:00",
                "actividad": "Reparación",
                "estatus_operativo": "OPERANDO",
                "ot": ot,
            },
        ]
    )


@pytest.fixture
def cliente_coordinador(client, coordinador):
    client.force_login(coordinador)
    return client


def test_anonymous_users_are_sent_to_login_or_get_401(client):
    r = reporte()
    assert client.get(reverse("costa_fuera:reportes")).status_code == 302
    assert client.get(reverse("costa_fuera:reporte", args=[r.pk])).status_code == 302
    for nombre, args in (("reporte_nuevo", []), ("reporte_estado", [r.pk]), ("bitacora_guardar", [r.pk])):
        assert client.post(reverse(f"costa_fuera:{nombre}", args=args)).status_code == 401
    assert client.get(reverse("costa_fuera:reportes_datatable"), **AJAX).status_code == 401


def test_users_without_the_permission_get_403(cliente_externo):
    r = reporte()
    assert cliente_externo.get(reverse("costa_fuera:reportes")).status_code == 403
    assert cliente_externo.get(reverse("costa_fuera:reporte", args=[r.pk])).status_code == 403
    assert cliente_externo.get(reverse("costa_fuera:reportes_datatable"), **AJAX).status_code == 403


def test_a_read_only_user_sees_the_day_but_cannot_create_save_or_move_it(cliente_lector):
    r = reporte(embarcacion(), DIA)
    pagina = cliente_lector.get(reverse("costa_fuera:reporte", args=[r.pk]))
    assert pagina.status_code == 200 and pagina.context["editable"] is False
    assert "Guardar bitácora" not in pagina.content.decode()
    datos = {"embarcacion": r.embarcacion.pk, "fecha": "2025-03-11"}
    assert cliente_lector.post(reverse("costa_fuera:reporte_nuevo"), datos).status_code == 403
    url = reverse("costa_fuera:bitacora_guardar", args=[r.pk])
    assert cliente_lector.post(url, {"bitacora": _dia_completo()}).status_code == 403
    url = reverse("costa_fuera:reporte_estado", args=[r.pk])
    assert cliente_lector.post(url, {"estado": "PRE_CIERRE"}).status_code == 403


def test_a_missing_report_is_a_spanish_404(cliente_coordinador):
    respuesta = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[999999]))
    assert respuesta.status_code == 404
    respuesta = cliente_coordinador.post(reverse("costa_fuera:bitacora_guardar", args=[999999]), {"bitacora": "[]"})
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False


def test_create_from_the_list_answers_201_with_the_day_page(cliente_coordinador, coordinador):
    barco = embarcacion("ARRECIFE I")
    respuesta = cliente_coordinador.post(
        reverse("costa_fuera:reporte_nuevo"), {"embarcacion": barco.pk, "fecha": "2025-03-10"}
    )
    assert respuesta.status_code == 201, respuesta.json()
    nuevo = ReporteDiarioEmbarcacion.objects.get()
    assert respuesta.json()["url"] == reverse("costa_fuera:reporte", args=[nuevo.pk])
    assert nuevo.representante == coordinador
    otra = cliente_coordinador.post(
        reverse("costa_fuera:reporte_nuevo"), {"embarcacion": barco.pk, "fecha": "2025-03-10"}
    )
    assert otra.status_code == 400 and "Ya existe el reporte diario de ARRECIFE I" in otra.json()["detalles"]


def test_create_refuses_bad_input_naming_the_field(cliente_coordinador):
    url = reverse("costa_fuera:reporte_nuevo")
    assert "embarcacion" in cliente_coordinador.post(url, {"fecha": "2025-03-10"}).json()["errores"]
    assert (
        "fecha"
        in cliente_coordinador.post(url, {"embarcacion": embarcacion().pk, "fecha": "10-marzo"}).json()["errores"]
    )
    assert "embarcacion" in cliente_coordinador.post(url, {"embarcacion": "x", "fecha": "2025-03-10"}).json()["errores"]
    manana = (date.today() + timedelta(days=2)).isoformat()
    respuesta = cliente_coordinador.post(url, {"embarcacion": embarcacion().pk, "fecha": manana})
    assert respuesta.status_code == 400 and "fecha" in respuesta.json()["errores"]


def test_clone_from_the_modal_says_what_it_copied_or_refuses(cliente_coordinador):
    barco = embarcacion()
    url = reverse("costa_fuera:reporte_nuevo")
    sin_previo = cliente_coordinador.post(url, {"embarcacion": barco.pk, "fecha": "2025-03-10", "clonar": "true"})
    assert sin_previo.status_code == 400 and "clonar" in sin_previo.json()["errores"]
    bitacora_completa(reporte(barco, DIA - timedelta(days=1)))
    respuesta = cliente_coordinador.post(url, {"embarcacion": barco.pk, "fecha": "2025-03-10", "clonar": "true"})
    assert respuesta.status_code == 201 and "3 actividades de bitácora" in respuesta.json()["detalles"]


def test_datatable_filters_by_vessel_state_and_dates_in_constant_queries(
    cliente_coordinador, django_assert_num_queries
):
    uno, dos = embarcacion("ARRECIFE I"), embarcacion("BOA DEEP C")
    for d in range(5):
        reporte(uno, DIA + timedelta(days=d))
    reporte(dos, DIA, estado=EstadoReporte.CERRADO)
    url = reverse("costa_fuera:reportes_datatable")
    # session, user, 2 permission lookups; total, filtered, page (vessel and representative joined); session refresh
    # (savepoint, update, release). The same at any number of rows.
    with django_assert_num_queries(10):
        datos = cliente_coordinador.get(url, {"draw": "3", "start": 0, "length": 10}, **AJAX).json()
    assert (datos["draw"], datos["recordsTotal"], len(datos["data"])) == (3, 6, 6)
    assert datos["data"][0]["fecha"] == "14/03/2025"
    assert cliente_coordinador.get(url, {"embarcacion": dos.pk}, **AJAX).json()["recordsFiltered"] == 1
    assert cliente_coordinador.get(url, {"estado": "CERRADO"}, **AJAX).json()["data"][0]["embarcacion"] == "BOA DEEP C"
    filtrado = cliente_coordinador.get(url, {"desde": "2025-03-11", "hasta": "2025-03-12"}, **AJAX).json()
    assert filtrado["recordsFiltered"] == 2
    assert cliente_coordinador.get(url, {"estado": "ROTO"}, **AJAX).status_code == 400
    assert cliente_coordinador.get(url, {"desde": "2025-03-12", "hasta": "2025-03-11"}, **AJAX).status_code == 400


def test_list_page_offers_the_new_report_modal(cliente_coordinador):
    embarcacion("ARRECIFE I")
    contenido = cliente_coordinador.get(reverse("costa_fuera:reportes")).content.decode()
    assert "Nuevo reporte" in contenido and "ARRECIFE I" in contenido and "Clonar del día anterior" in contenido


def test_day_page_has_header_tabs_navigation_and_context(cliente_coordinador):
    barco = embarcacion("ARRECIFE I")
    antes, hoy, despues = (
        reporte(barco, DIA - timedelta(days=2)),
        reporte(barco, DIA),
        reporte(barco, DIA + timedelta(days=1)),
    )
    respuesta = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[hoy.pk]))
    c = respuesta.context
    assert (c["reporte"], c["editable"], c["puede_cerrar"], c["puede_reabrir"]) == (hoy, True, False, False)
    assert c["anterior"]["pk"] == antes.pk and c["siguiente"]["pk"] == despues.pk
    html = respuesta.content.decode()
    for fragmento in (
        reverse("costa_fuera:rdo_pdf", args=[hoy.pk]),
        reverse("costa_fuera:rdo_excel", args=[hoy.pk]),
        'id="tab-pob"',
        'id="tab-consumibles"',
        'id="tab-incidencias"',
        'id="tab-propuesta"',
        "Enviar a pre-cierre",
        "js/costa_fuera.js",
    ):
        assert fragmento in html
    assert (
        html.index("js/costa_fuera.js")
        < html.index("js/costa_fuera_recursos.js")
        < html.index("js/costa_fuera_propuesta.js")
    )


def test_save_the_time_log_answers_totals_then_refuses_overlaps(cliente_coordinador):
    r = reporte(embarcacion(), DIA)
    ot = ot_en_embarcacion(r.embarcacion, DIA)
    url = reverse("costa_fuera:bitacora_guardar", args=[r.pk])
    respuesta = cliente_coordinador.post(url, {"bitacora": _dia_completo(ot.pk)})
    assert respuesta.status_code == 200, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["totales"]["total_horas"] == "24.00"
    assert cuerpo["totales"]["por_ot"][0] == {"ot_id": ot.pk, "ot": ot.orden_trabajo, "horas": "20.00", "minutos": 1200}
    assert cliente_coordinador.post(url, {"bitacora": _dia_completo(ot.pk)}).json()["cambio"] is False
    traslape = json.dumps(
        [
            {"hora_inicio": "07:00", "hora_fin": "09:00", "actividad": "A", "estatus_operativo": "OPERANDO"},
            {"hora_inicio": "08:00", "hora_fin": "10:00", "actividad": "B", "estatus_operativo": "OPERANDO"},
        ]
    )
    rechazo = cliente_coordinador.post(url, {"bitacora": traslape})
    assert rechazo.status_code == 400
    assert rechazo.json()["detalles"] == "La actividad 2 (08:00–10:00) se traslapa con la actividad 1 (07:00–09:00)."
    assert r.bitacora.count() == 3
    for malo in ("{no es json", '{"a": 1}', ""):
        assert cliente_coordinador.post(url, {"bitacora": malo}).status_code == 400
    assert cliente_coordinador.get(url).status_code == 405


def test_workflow_through_the_views_and_closed_report_is_read_only(cliente_coordinador):
    r = reporte(embarcacion("ARRECIFE I"), DIA)
    bitacora_completa(r)
    url = reverse("costa_fuera:reporte_estado", args=[r.pk])
    assert cliente_coordinador.post(url, {"estado": "PRE_CIERRE"}).json()["estado"] == "PRE_CIERRE"
    pagina = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[r.pk]))
    assert pagina.context["puede_cerrar"] is True and "Cerrar reporte" in pagina.content.decode()
    assert cliente_coordinador.post(url, {"estado": "CERRADO"}).json()["estado"] == "CERRADO"
    pagina = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[r.pk]))
    assert pagina.context["editable"] is False and "solo lectura" in pagina.content.decode()
    assert "Inspección ROV del ducto" in pagina.content.decode()
    guardar = cliente_coordinador.post(reverse("costa_fuera:bitacora_guardar", args=[r.pk]), {"bitacora": "[]"})
    assert guardar.status_code == 400 and "está cerrado y no admite cambios" in guardar.json()["detalles"]
    otra = cliente_coordinador.post(url, {"estado": "BORRADOR"})
    assert otra.status_code == 400 and "cerrado" in otra.json()["detalles"]
    assert cliente_coordinador.post(url, {"estado": "VOLANDO"}).status_code == 400
    reabrir = cliente_coordinador.post(reverse("costa_fuera:reporte_reabrir", args=[r.pk]), {"motivo": "x"})
    assert reabrir.status_code == 403


def test_a_capturer_cannot_close(cliente_capturista):
    r = reporte(embarcacion(), DIA, estado=EstadoReporte.PRE_CIERRE)
    respuesta = cliente_capturista.post(reverse("costa_fuera:reporte_estado", args=[r.pk]), {"estado": "CERRADO"})
    assert respuesta.status_code == 403
    assert respuesta.json()["detalles"] == "No tiene permiso para este cambio de estado del reporte."
    r.refresh_from_db()
    assert r.estado == EstadoReporte.PRE_CIERRE


def test_an_administrator_reopens_with_a_reason(cliente_admin):
    r = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    pagina = cliente_admin.get(reverse("costa_fuera:reporte", args=[r.pk]))
    assert pagina.context["puede_reabrir"] is True and 'id="modal-reabrir"' in pagina.content.decode()
    url = reverse("costa_fuera:reporte_reabrir", args=[r.pk])
    assert "motivo" in cliente_admin.post(url, {"motivo": "  "}).json()["errores"]
    assert cliente_admin.post(url, {"motivo": "Corregir bitácora"}).status_code == 200
    r.refresh_from_db()
    assert r.estado == EstadoReporte.BORRADOR


# --- "Cambiar responsable" -------------------------------------------------------------------------------------------


def test_day_page_offers_the_representative_change_only_when_editable(cliente_coordinador, capturista, lector):
    abierto = reporte(embarcacion(), DIA)
    pagina = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[abierto.pk]))
    html = pagina.content.decode()
    assert "Cambiar responsable" in html and 'id="form-representante"' in html
    ids = {u["id"] for u in pagina.context["representantes"]}
    assert capturista.pk in ids and lector.pk not in ids
    url = reverse("costa_fuera:reporte_representante", args=[abierto.pk])
    assert pagina.context["configuracion_bitacora"]["urls"]["representante"] == url
    cerrado = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    pagina = cliente_coordinador.get(reverse("costa_fuera:reporte", args=[cerrado.pk]))
    assert "Cambiar responsable" not in pagina.content.decode() and pagina.context["representantes"] == []


def test_change_the_representative_through_the_view(cliente_coordinador, capturista):
    r = reporte(embarcacion(), DIA)
    url = reverse("costa_fuera:reporte_representante", args=[r.pk])
    respuesta = cliente_coordinador.post(url, {"representante": capturista.pk})
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["representante"] == "Cecilia Captura"
    assert "ahora es Cecilia Captura" in respuesta.json()["detalles"]
    r.refresh_from_db()
    assert r.representante == capturista
    otra_vez = cliente_coordinador.post(url, {"representante": capturista.pk})
    assert otra_vez.status_code == 200 and "no hubo cambios" in otra_vez.json()["detalles"]


def test_change_the_representative_refuses_bad_input_naming_the_field(cliente_coordinador, lector, capturista):
    r = reporte(embarcacion(), DIA)
    url = reverse("costa_fuera:reporte_representante", args=[r.pk])
    for valor in ({}, {"representante": ""}, {"representante": "x"}, {"representante": 999999},
                  {"representante": 2**70}, {"representante": -1}, {"representante": lector.pk}):  # fmt: skip
        respuesta = cliente_coordinador.post(url, valor)
        assert respuesta.status_code == 400, valor
        assert "representante" in respuesta.json()["errores"], valor
    assert "no existe" in cliente_coordinador.post(url, {"representante": 999999}).json()["detalles"]
    capturista.is_active = False
    capturista.save()
    inactivo = cliente_coordinador.post(url, {"representante": capturista.pk})
    assert inactivo.status_code == 400 and "inactivo" in inactivo.json()["errores"]["representante"][0]
    cerrado = reporte(embarcacion(), DIA, estado=EstadoReporte.CERRADO)
    url = reverse("costa_fuera:reporte_representante", args=[cerrado.pk])
    respuesta = cliente_coordinador.post(url, {"representante": lector.pk})
    assert respuesta.status_code == 400
    respuesta = cliente_coordinador.post(url, {"representante": cerrado.representante_id})
    assert respuesta.status_code == 400 and "está cerrado" in respuesta.json()["detalles"]


def test_change_the_representative_needs_login_permission_and_an_existing_report(
    cliente_coordinador, capturista, lector
):
    r = reporte(embarcacion(), DIA)
    url = reverse("costa_fuera:reporte_representante", args=[r.pk])
    assert Client().post(url, {"representante": capturista.pk}).status_code == 401
    cliente_lector = Client()
    cliente_lector.force_login(lector)
    assert cliente_lector.post(url, {"representante": capturista.pk}).status_code == 403
    faltante = reverse("costa_fuera:reporte_representante", args=[r.pk + 1000])
    respuesta = cliente_coordinador.post(faltante, {"representante": capturista.pk})
    assert respuesta.status_code == 404 and respuesta.json()["exito"] is False
    assert cliente_coordinador.get(url).status_code == 405
    r.refresh_from_db()
    assert r.representante != capturista
