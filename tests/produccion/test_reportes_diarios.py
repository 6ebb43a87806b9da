"""Daily-report grid of a site's month, its mass save and the monthly evidence folder (reference §3.3)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId
from operaciones.ot.models import ImportacionAnexo
from operaciones.produccion.models import ReporteDiario, ReporteMensual
from operaciones.produccion.reportes_diarios import ENTIDAD_DIARIO, ENTIDAD_MENSUAL, grid_reportes_diarios
from operaciones.produccion.ventanas import MOTIVO_FIRMADO, dias_bloqueados, ventana_validez
from tests.factories import ImportacionAnexoFactory, OTEFactory, ReprogramacionFactory, SitioFactory, frente
from tests.produccion.datos import familia_con_anexo, firmar_dia

pytestmark = pytest.mark.django_db

MES, ANIO = 3, 2025
URL_GRID = reverse("produccion:ots_por_sitio_grid")
URL_GUARDAR = reverse("produccion:guardar_reportes_diarios_masiva")
URL_ARCHIVO = reverse("produccion:guardar_archivo_mensual")
URL_SITIOS = reverse("produccion:obtener_sitios_con_ots_ejecutadas")


def _cliente(usuario=None) -> Client:
    """A client of its own (the persona fixtures share pytest-django's `client`)."""
    cliente = Client()
    if usuario is not None:
        cliente.force_login(usuario)
    return cliente


def _grid(cliente, sitio, mes=MES, anio=ANIO):
    return cliente.get(URL_GRID, {"id_sitio": sitio.pk, "mes": mes, "anio": anio})


def _fila(respuesta, ot):
    return next(f for f in respuesta.json()["reportes_diarios"] if f["id_ot"] == ot.pk)


def _celdas(**por_dia):
    """31 cells, blank except the given days: _celdas(d3="FIRMADO")."""
    celdas = [None] * 31
    for clave, valor in por_dia.items():
        celdas[int(clave[1:]) - 1] = valor
    return celdas


def _guardar(cliente, sitio, reportes, mes=MES, anio=ANIO):
    cuerpo = {"mes": mes, "anio": anio, "id_sitio": sitio.pk, "reportes": reportes}
    return cliente.post(URL_GUARDAR, cuerpo, content_type="application/json")


def _estatus(ot, sitio):
    filas = ReporteDiario.objects.filter(id_reporte_mensual__id_ot=ot, id_sitio=sitio)
    return {r.fecha.day: r.id_estatus_id for r in filas}


# --- Sites --------------------------------------------------------------------------------------------------------


def test_sites_offered_are_every_site_column_of_live_initial_ots_including_yards(cliente_lector):
    patio = SitioFactory(descripcion="PATIO TAMPICO", id_frente=frente(FrenteId.PATIO))
    ot = OTEFactory(id_patio=patio, requiere_patio=True)
    borrada = OTEFactory()
    borrada.estatus = EstatusRegistro.ELIMINADO
    borrada.save()
    por_definir = OTEFactory(estatus=EstatusRegistro.POR_DEFINIR)

    respuesta = cliente_lector.get(URL_SITIOS)

    assert respuesta.status_code == 200
    ids = {s["id"] for s in respuesta.json()["sitios"]}
    assert ids == {ot.id_embarcacion_id, ot.id_plataforma_id, patio.pk}
    assert borrada.id_embarcacion_id not in ids and por_definir.id_embarcacion_id not in ids
    assert {"id": patio.pk, "descripcion": "PATIO TAMPICO"} in respuesta.json()["sitios"]


def test_the_site_list_needs_login_and_the_production_view_permission(cliente_externo):
    assert _cliente().get(URL_SITIOS).status_code in (302, 401)
    assert cliente_externo.get(URL_SITIOS, HTTP_ACCEPT="application/json").status_code == 403


def test_site_list_query_count_does_not_grow_with_ots(cliente_lector, django_assert_num_queries):
    OTEFactory()
    cliente_lector.get(URL_SITIOS)  # the first request of a session also stamps its activity
    # session, user, the user's own and group permissions, the sites
    with django_assert_num_queries(5):
        cliente_lector.get(URL_SITIOS)
    OTEFactory.create_batch(4)
    with django_assert_num_queries(5):
        respuesta = cliente_lector.get(URL_SITIOS)
    assert len(respuesta.json()["sitios"]) == 10


# --- Grid ---------------------------------------------------------------------------------------------------------


def test_grid_lists_live_initial_ots_of_the_site_with_an_active_annex_whose_window_overlaps_the_month(
    cliente_lector,
):
    fam = familia_con_anexo(1)
    sitio = fam.sitio
    sin_anexo = OTEFactory(id_embarcacion=sitio)
    anexo_inactivo = OTEFactory(id_embarcacion=sitio)
    ImportacionAnexoFactory(ot=anexo_inactivo, es_activo=False)
    anexo_en_reprogramacion = OTEFactory(
        id_embarcacion=sitio, fecha_inicio_programado=date(2025, 2, 1), fecha_termino_programado=date(2025, 2, 20)
    )
    repro = ReprogramacionFactory(ot_principal=anexo_en_reprogramacion, fecha_termino_programado=date(2025, 3, 5))
    ImportacionAnexoFactory(ot=repro)
    terminada = familia_con_anexo(
        1, id_embarcacion=sitio, fecha_inicio_programado=date(2025, 1, 1), fecha_termino_programado=date(2025, 2, 28)
    ).ot
    futura = familia_con_anexo(1, id_embarcacion=sitio, fecha_inicio_programado=date(2025, 4, 1)).ot
    en_plataforma = familia_con_anexo(1, id_plataforma=sitio).ot
    otra = familia_con_anexo(1).ot

    respuesta = _grid(cliente_lector, sitio)

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["dias_mes"] == 31
    ids = [f["id_ot"] for f in cuerpo["reportes_diarios"]]
    assert set(ids) == {fam.ot.pk, anexo_en_reprogramacion.pk, en_plataforma.pk}
    for excluida in (sin_anexo, anexo_inactivo, terminada, futura, otra):
        assert excluida.pk not in ids
    fila = _fila(respuesta, anexo_en_reprogramacion)
    assert fila["inicio_v"] == "2025-02-01" and fila["fin_v"] == "2025-03-05"
    assert fila["dias_bloqueados"] == list(range(6, 32))


def test_grid_row_shape_and_cells_show_the_status_at_this_site_only(cliente_lector):
    fam = familia_con_anexo(1, mes=2, anio=2025)
    firmar_dia(fam.ot, fam.sitio, date(2025, 2, 3))
    firmar_dia(fam.ot, fam.sitio, date(2025, 2, 4), EstatusId.FALTA_FIRMA_PEMEX)
    firmar_dia(fam.ot, fam.ot.id_plataforma, date(2025, 2, 5), EstatusId.PROCESO)
    ReporteMensual.objects.filter(id_ot=fam.ot).update(archivo="https://drive.example.com/ot/2025-02")

    fila = _fila(_grid(cliente_lector, fam.sitio, mes=2), fam.ot)

    assert fila["ot"] == fam.ot.orden_trabajo and fila["desc"] == fam.ot.descripcion_trabajo
    assert fila["archivo"] == "https://drive.example.com/ot/2025-02"
    assert len(fila["dias"]) == 31
    assert fila["dias"][2] == "FIRMADO" and fila["dias"][3] == "FALTA FIRMA PEMEX"
    assert fila["dias"][4] is None  # that report is at the platform
    assert fila["dias"][28:] == [None, None, None]  # February 2025 has 28 days
    assert fila["dias_bloqueados"] == []


def test_grid_windows_are_those_of_ventana_validez_including_the_yard_window(cliente_lector):
    patio = SitioFactory(id_frente=frente(FrenteId.PATIO))
    fam = familia_con_anexo(
        1,
        id_patio=patio,
        requiere_patio=True,
        fecha_inicio_patio=date(2025, 2, 15),
        fecha_fin_patio=date(2025, 3, 10),
    )
    ReprogramacionFactory(ot_principal=fam.ot, fecha_inicio_patio=date(2025, 2, 15), fecha_fin_patio=date(2025, 3, 12))

    for sitio in (patio, fam.sitio):
        fila = _fila(_grid(cliente_lector, sitio), fam.ot)
        inicio, fin = ventana_validez(ot=fam.ot, sitio=sitio)
        assert (fila["inicio_v"], fila["fin_v"]) == (inicio.isoformat(), fin.isoformat())
    fila_patio = _fila(_grid(cliente_lector, patio), fam.ot)
    assert fila_patio["ventana_patio"] is True
    assert fila_patio["dias_bloqueados"] == list(range(13, 32))
    assert "patio" in fila_patio["motivo_bloqueo"]


def test_grid_includes_the_guard_turns_of_the_site(cliente_lector):
    from operaciones.produccion.models import CicloGuardia, Superintendente

    fam = familia_con_anexo(1)
    a = Superintendente.objects.create(nombre="ANA", sitio_asignado=fam.sitio, color="#112233")
    b = Superintendente.objects.create(nombre="BETO", sitio_asignado=fam.sitio, color="#445566")
    CicloGuardia.objects.create(sitio=fam.sitio, super_a=a, super_b=b, fecha_inicio_super_a=date(2025, 3, 1))

    guardias = _grid(cliente_lector, fam.sitio).json()["guardias"]

    assert [g["nombre"] for g in guardias] == ["ANA", "BETO", "ANA"]
    assert guardias[0] == {"nombre": "ANA", "color": "#112233", "inicio": "2025-03-01", "fin": "2025-03-14"}


def test_grid_query_count_is_the_same_for_one_and_for_many_ots(cliente_lector, django_assert_num_queries):
    fam = familia_con_anexo(1)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 2))
    _grid(cliente_lector, fam.sitio)  # the first request of a session also stamps its activity
    # session, user, 2 × permissions, the site, the OTs (with their monthly folder), the families' dates,
    # the daily reports, the guard cycle
    with django_assert_num_queries(9):
        _grid(cliente_lector, fam.sitio)
    for _ in range(6):
        otra = familia_con_anexo(1, id_embarcacion=fam.sitio, con_reprogramacion=True).ot
        firmar_dia(otra, fam.sitio, date(2025, 3, 2))
    with django_assert_num_queries(9):
        respuesta = _grid(cliente_lector, fam.sitio)
    assert len(respuesta.json()["reportes_diarios"]) == 7
    assert all(f["dias"][1] == "FIRMADO" for f in respuesta.json()["reportes_diarios"])


@pytest.mark.parametrize(
    "parametros",
    [
        {},
        {"id_sitio": "x", "mes": 3, "anio": 2025},
        {"id_sitio": 1, "mes": 13, "anio": 2025},
        {"id_sitio": 1, "mes": 3},
    ],
)
def test_grid_refuses_bad_parameters_with_400(cliente_lector, parametros):
    respuesta = cliente_lector.get(URL_GRID, parametros)
    assert respuesta.status_code == 400
    assert respuesta.json()["exito"] is False and respuesta.json()["errores"]


def test_grid_of_a_missing_site_is_404(cliente_lector):
    assert cliente_lector.get(URL_GRID, {"id_sitio": 999999, "mes": 3, "anio": 2025}).status_code == 404


def test_grid_access_anonymous_and_outsider(cliente_externo):
    fam = familia_con_anexo(1)
    assert _grid(_cliente(), fam.sitio).status_code in (302, 401)
    respuesta = cliente_externo.get(
        URL_GRID, {"id_sitio": fam.sitio.pk, "mes": MES, "anio": ANIO}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert respuesta.status_code == 403 and "reportes_diarios" not in respuesta.json()


def test_grid_function_matches_the_endpoint(cliente_lector):
    fam = familia_con_anexo(1)
    cuerpo = _grid(cliente_lector, fam.sitio).json()
    directo = grid_reportes_diarios(sitio=fam.sitio, mes=MES, anio=ANIO)
    assert cuerpo["reportes_diarios"] == directo["reportes_diarios"]


# --- Mass save ----------------------------------------------------------------------------------------------------


def test_saving_the_grid_creates_updates_and_deletes_on_clear_in_one_request(cliente_capturista, capturista):
    fam = familia_con_anexo(1)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 2), EstatusId.PENDIENTE)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 3), EstatusId.PROCESO)
    firmar_dia(fam.ot, fam.ot.id_plataforma, date(2025, 3, 3), EstatusId.FIRMADO)

    celdas = _celdas(d1="firmado", d2="  falta   firma pemex ", d4="PROCESO", d5="PENDIENTE")
    respuesta = _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": celdas}])

    assert respuesta.status_code == 200, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito"
    assert (cuerpo["creados"], cuerpo["actualizados"], cuerpo["eliminados"]) == (3, 1, 1)
    assert _estatus(fam.ot, fam.sitio) == {
        1: EstatusId.FIRMADO,
        2: EstatusId.FALTA_FIRMA_PEMEX,
        4: EstatusId.PROCESO,
        5: EstatusId.PENDIENTE,
    }
    # The report of another site is not part of this grid.
    assert _estatus(fam.ot, fam.ot.id_plataforma) == {3: EstatusId.FIRMADO}

    actividad = RegistroActividad.objects.filter(afectacion=ENTIDAD_DIARIO)
    assert actividad.count() == 5
    assert all(r.usuario == capturista for r in actividad)
    borrado = actividad.get(evento=Evento.ELIMINAR)
    assert (borrado.campo, borrado.valor_anterior, borrado.valor_actual) == ("estatus", "PROCESO", "")
    assert fam.ot.orden_trabajo in borrado.detalle and "03/03/2025" in borrado.detalle
    cambio = actividad.get(evento=Evento.CAMBIO_ESTATUS)
    assert (cambio.valor_anterior, cambio.valor_actual) == ("PENDIENTE", "FALTA FIRMA PEMEX")
    alta = actividad.get(evento=Evento.CREAR, valor_anterior="", valor_actual="FIRMADO")
    assert alta.registro_id == ReporteDiario.objects.get(id_sitio=fam.sitio, fecha=date(2025, 3, 1)).pk


def test_saving_the_same_grid_twice_changes_nothing(cliente_capturista):
    fam = familia_con_anexo(1)
    reportes = [{"id_ot": fam.ot.pk, "valores": _celdas(d1="FIRMADO", d7="PROCESO")}]
    assert _guardar(cliente_capturista, fam.sitio, reportes).status_code == 200
    filas = RegistroActividad.objects.count()

    respuesta = _guardar(cliente_capturista, fam.sitio, reportes)

    cuerpo = respuesta.json()
    assert (cuerpo["creados"], cuerpo["actualizados"], cuerpo["eliminados"], cuerpo["sin_cambios"]) == (0, 0, 0, 2)
    assert cuerpo["detalles"].startswith("Sin cambios")
    assert RegistroActividad.objects.count() == filas


def test_an_unknown_status_is_refused_naming_the_ot_and_the_day(cliente_capturista):
    fam = familia_con_anexo(1)
    reportes = [{"id_ot": fam.ot.pk, "valores": _celdas(d1="FIRMADO", d9="FIRMADA", d10=3)}]

    respuesta = _guardar(cliente_capturista, fam.sitio, reportes)

    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    assert set(cuerpo["errores"]) == {"reportes[0].valores[8]", "reportes[0].valores[9]"}
    mensaje = cuerpo["errores"]["reportes[0].valores[8]"][0]
    assert fam.ot.orden_trabajo in mensaje and "día 9" in mensaje and "FIRMADA" in mensaje
    assert fam.ot.orden_trabajo in cuerpo["detalles"]
    assert not ReporteDiario.objects.exists()  # all or nothing


def test_days_outside_the_window_cannot_change_but_an_unchanged_value_is_accepted(cliente_capturista):
    fam = familia_con_anexo(1, fecha_inicio_programado=date(2025, 3, 5), fecha_termino_programado=date(2025, 3, 20))
    fam.ot.fecha_inicio_real = date(2025, 3, 5)
    fam.ot.save()
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 25), EstatusId.PENDIENTE)  # left over from older dates

    rechazo = _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas(d3="FIRMADO")}])
    assert rechazo.status_code == 400
    mensaje = rechazo.json()["errores"]["reportes[0].valores[2]"][0]
    assert "día 3" in mensaje and "fuera de la vigencia" in mensaje and fam.ot.orden_trabajo in mensaje
    # Clearing a day outside the window is a change too.
    assert "reportes[0].valores[24]" in rechazo.json()["errores"]

    aceptado = _guardar(
        cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas(d6="PROCESO", d25="PENDIENTE")}]
    )
    assert aceptado.status_code == 200, aceptado.json()
    assert _estatus(fam.ot, fam.sitio) == {6: EstatusId.PROCESO, 25: EstatusId.PENDIENTE}


def test_a_day_beyond_the_length_of_the_month_is_refused(cliente_capturista):
    fam = familia_con_anexo(1, mes=2, anio=2025)
    respuesta = _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas(d30="PROCESO")}], 2)
    assert respuesta.status_code == 400
    assert "28 días" in respuesta.json()["errores"]["reportes[0].valores[29]"][0]


def test_an_ot_outside_the_grid_or_repeated_is_refused(cliente_capturista):
    fam = familia_con_anexo(1)
    ajena = familia_con_anexo(1).ot
    reportes = [
        {"id_ot": ajena.pk, "valores": _celdas(d1="FIRMADO")},
        {"id_ot": fam.ot.pk, "valores": _celdas(d1="FIRMADO")},
        {"id_ot": fam.ot.pk, "valores": _celdas(d2="FIRMADO")},
    ]
    respuesta = _guardar(cliente_capturista, fam.sitio, reportes)
    assert respuesta.status_code == 400
    assert set(respuesta.json()["errores"]) == {"reportes[0].id_ot", "reportes[2].id_ot"}
    assert not ReporteDiario.objects.exists()


@pytest.mark.parametrize(
    "cuerpo",
    [
        {"mes": 3, "anio": 2025, "reportes": []},
        {"id_sitio": 1, "mes": 0, "anio": 2025, "reportes": []},
        {"id_sitio": 1, "mes": 3, "anio": 2025, "reportes": "todo"},
        {"id_sitio": 1, "mes": 3, "anio": 2025, "reportes": [{"id_ot": "x", "valores": []}]},
        {"id_sitio": 1, "mes": 3, "anio": 2025, "reportes": [{"id_ot": 1, "valores": [None] * 32}]},
        {"id_sitio": 1, "mes": 3, "anio": 2025, "reportes": [{"id_ot": True, "valores": []}]},
        {"id_sitio": 1, "mes": 3, "anio": 2025, "reportes": [7]},
    ],
)
def test_malformed_bodies_are_refused_with_400_and_errors(cliente_capturista, cuerpo):
    respuesta = cliente_capturista.post(URL_GUARDAR, cuerpo, content_type="application/json")
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]


def test_a_body_that_is_not_a_json_object_is_refused(cliente_capturista):
    for cuerpo in ("{no", "[1, 2]", '"texto"'):
        respuesta = cliente_capturista.post(URL_GUARDAR, cuerpo, content_type="application/json")
        assert respuesta.status_code == 400 and respuesta.json()["exito"] is False


def test_saving_needs_the_daily_report_permission(cliente_lector):
    fam = familia_con_anexo(1)
    reportes = [{"id_ot": fam.ot.pk, "valores": _celdas(d1="FIRMADO")}]
    assert _guardar(_cliente(), fam.sitio, reportes).status_code in (302, 401)
    assert _guardar(cliente_lector, fam.sitio, reportes).status_code == 403
    assert _cliente().get(URL_GUARDAR).status_code in (302, 401)
    assert cliente_lector.get(URL_GUARDAR).status_code in (403, 405)
    assert not ReporteDiario.objects.exists()


def test_save_of_a_missing_site_is_404(cliente_capturista):
    respuesta = cliente_capturista.post(
        URL_GUARDAR, {"id_sitio": 999999, "mes": 3, "anio": 2025, "reportes": []}, content_type="application/json"
    )
    assert respuesta.status_code == 404


def test_a_signed_day_locks_production_and_unsigning_it_releases_it(cliente_capturista):
    fam = familia_con_anexo(1)
    firmar = [{"id_ot": fam.ot.pk, "valores": _celdas(d4="FIRMADO")}]
    assert _guardar(cliente_capturista, fam.sitio, firmar).status_code == 200
    # Signed at the vessel: the family's production is closed that day at every site.
    assert dias_bloqueados(ot=fam.ot, sitio=fam.ot.id_plataforma, mes=MES, anio=ANIO) == {4: MOTIVO_FIRMADO}

    respuesta = _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas(d4="PROCESO")}])

    assert respuesta.status_code == 200
    assert dias_bloqueados(ot=fam.ot, sitio=fam.sitio, mes=MES, anio=ANIO) == {}
    cambio = RegistroActividad.objects.get(afectacion=ENTIDAD_DIARIO, evento=Evento.CAMBIO_ESTATUS)
    assert (cambio.valor_anterior, cambio.valor_actual) == ("FIRMADO", "PROCESO")


def test_the_monthly_report_is_created_only_when_a_day_gets_a_status(cliente_capturista):
    fam = familia_con_anexo(1)
    assert _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas()}]).status_code == 200
    assert not ReporteMensual.objects.exists()
    _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": _celdas(d1="PENDIENTE")}])
    assert ReporteMensual.objects.get().id_ot == fam.ot


def test_save_issues_the_same_number_of_queries_for_one_and_for_many_ots(cliente_capturista, django_assert_num_queries):
    fam = familia_con_anexo(1)
    otras = [familia_con_anexo(1, id_embarcacion=fam.sitio).ot for _ in range(5)]
    for ot in [fam.ot, *otras]:
        firmar_dia(ot, fam.sitio, date(2025, 3, 9), EstatusId.PROCESO)
        firmar_dia(ot, fam.sitio, date(2025, 3, 10), EstatusId.PROCESO)
    # Each OT: two new days, one changed, one cleared.
    celdas = _celdas(d1="FIRMADO", d2="PROCESO", d9="PENDIENTE")
    cliente_capturista.get(URL_SITIOS)  # the first request of a session also stamps its activity
    # session, user, 2 × permissions, site; in the transaction: OTs, family dates, monthly reports (locked), daily
    # reports, then insert + log, update + log, delete + log
    with django_assert_num_queries(17):
        _guardar(cliente_capturista, fam.sitio, [{"id_ot": fam.ot.pk, "valores": celdas}])
    with django_assert_num_queries(17):
        respuesta = _guardar(cliente_capturista, fam.sitio, [{"id_ot": ot.pk, "valores": celdas} for ot in otras])
    cuerpo = respuesta.json()
    assert (cuerpo["creados"], cuerpo["actualizados"], cuerpo["eliminados"]) == (10, 5, 5)


# --- Monthly folder -----------------------------------------------------------------------------------------------


def _archivo(cliente, ot, archivo, mes=MES, anio=ANIO):
    cuerpo = {"id_ot": ot.pk, "mes": mes, "anio": anio, "archivo": archivo}
    return cliente.post(URL_ARCHIVO, cuerpo, content_type="application/json")


def test_the_monthly_folder_link_is_saved_and_logged(cliente_capturista, capturista):
    fam = familia_con_anexo(1)

    respuesta = _archivo(cliente_capturista, fam.ot, " https://drive.example.com/carpeta/marzo ")

    assert respuesta.status_code == 200
    mensual = ReporteMensual.objects.get(id_ot=fam.ot, mes=MES, anio=ANIO)
    assert mensual.archivo == "https://drive.example.com/carpeta/marzo"
    assert respuesta.json()["archivo"] == mensual.archivo and respuesta.json()["id_reporte_mensual"] == mensual.pk
    registro = RegistroActividad.objects.get(afectacion=ENTIDAD_MENSUAL)
    assert (registro.evento, registro.valor_actual, registro.usuario) == (Evento.CREAR, mensual.archivo, capturista)

    _archivo(cliente_capturista, fam.ot, "https://drive.example.com/carpeta/marzo")
    assert RegistroActividad.objects.filter(afectacion=ENTIDAD_MENSUAL).count() == 1
    _archivo(cliente_capturista, fam.ot, "http://intranet.example.com/marzo")
    cambio = RegistroActividad.objects.get(afectacion=ENTIDAD_MENSUAL, evento=Evento.ACTUALIZAR)
    assert cambio.valor_anterior == "https://drive.example.com/carpeta/marzo"
    assert _fila(_grid(cliente_capturista, fam.sitio), fam.ot)["archivo"] == "http://intranet.example.com/marzo"


@pytest.mark.parametrize(
    "archivo", ["", "no es enlace", "javascript:alert(1)", "ftp://servidor/carpeta", "https://" + "a" * 1000]
)
def test_a_monthly_folder_link_must_be_http_or_https(cliente_capturista, archivo):
    fam = familia_con_anexo(1)
    respuesta = _archivo(cliente_capturista, fam.ot, archivo)
    assert respuesta.status_code == 400
    assert "archivo" in respuesta.json()["errores"]
    assert not ReporteMensual.objects.exists()


def test_monthly_folder_access_and_missing_ot(lector, externo, cliente_capturista):
    fam = familia_con_anexo(1)
    assert _archivo(_cliente(), fam.ot, "https://x.example.com").status_code in (302, 401)
    assert _archivo(_cliente(lector), fam.ot, "https://x.example.com").status_code == 403
    assert _archivo(_cliente(externo), fam.ot, "https://x.example.com").status_code == 403
    fam.ot.estatus = EstatusRegistro.ELIMINADO
    fam.ot.save()
    assert _archivo(cliente_capturista, fam.ot, "https://x.example.com").status_code == 404
    assert not ReporteMensual.objects.exists()


def test_an_ot_without_active_annex_disappears_from_the_grid(cliente_lector):
    fam = familia_con_anexo(1)
    ImportacionAnexo.objects.filter(ot=fam.ot).update(es_activo=False)
    assert _grid(cliente_lector, fam.sitio).json()["reportes_diarios"] == []
