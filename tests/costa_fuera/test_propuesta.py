"""TE/CMA production proposed from a vessel's day log (issue 9, part 4): hours, day-rate volumes, confirmation."""

import json
from datetime import date, time
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import RegistroActividad
from costa_fuera.models import BitacoraTiempo, CategoriaOperativa, EstadoReporte
from costa_fuera.propuesta import (
    ENTIDAD_PROPUESTA,
    contexto_propuesta,
    propuesta_calcular,
    propuesta_confirmar,
    tipo_de_unidad,
)
from operaciones.produccion.models import Produccion, TipoTiempo
from tests.costa_fuera.datos import reporte as reporte_crear
from tests.factories import ReprogramacionFactory, UnidadMedidaFactory
from tests.produccion.datos import familia_con_anexo, firmar_dia, producir

pytestmark = pytest.mark.django_db

FECHA = date(2025, 3, 10)
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
C = CategoriaOperativa


def familia_barco(unidades=(("DÍA", "DIA"), ("HORA", "HORA"), ("TON", "TON")), barco=None):
    """An OT family on a vessel whose annex lines carry the given (descripción, clave) units, in line order."""
    extra = {"id_embarcacion": barco} if barco is not None else {}
    fam = familia_con_anexo(conceptos=len(unidades), **extra)
    for linea, (descripcion, clave) in zip(fam.partidas, unidades, strict=True):
        linea.unidad_medida = UnidadMedidaFactory(descripcion=descripcion, clave=clave)
        linea.save(update_fields=["unidad_medida"])
    return fam


def anotar(reporte, inicio: str, fin: str, categoria, ot=None) -> BitacoraTiempo:
    return BitacoraTiempo.objects.create(
        reporte=reporte,
        hora_inicio=time.fromisoformat(inicio),
        hora_fin=time.fromisoformat(fin),
        actividad=f"Actividad {inicio}",
        estatus_operativo=categoria,
        ot=ot,
    )


def por_ot(propuesta: dict) -> dict:
    return {o["ot"]: o for o in propuesta["ots"]}


def concepto(ot: dict, linea) -> dict:
    return next(c for c in ot["conceptos"] if c["id_partida_imp"] == linea.pk)


def propuesto(ot: dict, linea, tipo: str) -> dict:
    return next(p for p in concepto(ot, linea)["propuestas"] if p["tipo_tiempo"] == tipo)


@pytest.fixture
def dia():
    """Two OTs on one vessel, a full 24-hour log (midnight end) with every category and a stretch without OT."""
    a = familia_barco()
    b = familia_barco(barco=a.sitio)
    rep = reporte_crear(a.sitio, FECHA, estado=EstadoReporte.PRE_CIERRE)
    anotar(rep, "00:00", "06:30", C.OPERANDO, a.ot)  # 390 TE
    anotar(rep, "06:30", "08:00", C.TRANSITO, a.ot)  # 90 TE
    anotar(rep, "08:00", "10:15", C.ESPERA_CLIMA, a.ot)  # 135 CMA
    anotar(rep, "10:15", "10:45", C.MANTENIMIENTO, a.ot)  # 30 not billable
    anotar(rep, "10:45", "11:00", C.OTRO)  # 15 without OT
    anotar(rep, "11:00", "18:00", C.ESPERA_CLIENTE, b.ot)  # 420 CMA
    anotar(rep, "18:00", "00:00", C.OPERANDO, b.ot)  # 360 TE, ends at 24:00
    return a, b, rep


def item(fam, linea, tipo, volumen) -> dict:
    return {"ot": fam.ot.pk, "concepto": linea.pk, "tipo_tiempo": tipo, "volumen": volumen}


# --- The proposal -------------------------------------------------------------------------------------------------


def test_horas_propuestas_por_ot_igualan_las_de_la_bitacora(dia):
    a, b, rep = dia
    propuesta = propuesta_calcular(rep)
    ots = por_ot(propuesta)
    assert set(ots) == {a.ot.pk, b.ot.pk}
    assert (ots[a.ot.pk]["minutos_te"], ots[a.ot.pk]["minutos_cma"], ots[a.ot.pk]["minutos_no_cobrables"]) == (
        480,
        135,
        30,
    )
    assert (ots[a.ot.pk]["horas_te"], ots[a.ot.pk]["horas_cma"], ots[a.ot.pk]["horas_no_cobrables"]) == (
        "8",
        "2.25",
        "0.5",
    )
    assert (ots[b.ot.pk]["horas_te"], ots[b.ot.pk]["horas_cma"], ots[b.ot.pk]["horas_no_cobrables"]) == ("6", "7", "0")
    assert propuesta["horas_sin_ot"] == "0.25"
    # Every minute of the day is accounted for exactly once.
    total = sum(o["minutos_te"] + o["minutos_cma"] + o["minutos_no_cobrables"] for o in ots.values())
    assert total + propuesta["minutos_sin_ot"] == 24 * 60
    # The hour-rate concept proposes exactly the logged hours per OT and type.
    assert propuesto(ots[a.ot.pk], a.partidas[1], "TE")["propuesto"] == "8"
    assert propuesto(ots[a.ot.pk], a.partidas[1], "CMA")["propuesto"] == "2.25"
    assert propuesto(ots[b.ot.pk], b.partidas[1], "TE")["propuesto"] == "6"
    assert propuesto(ots[b.ot.pk], b.partidas[1], "CMA")["propuesto"] == "7"
    assert ots[a.ot.pk]["folio"] == a.ot.orden_trabajo and ots[a.ot.pk]["bloqueo"] == ""


def test_dias_son_horas_entre_24_y_solo_conceptos_de_tiempo(dia):
    a, _, rep = dia
    ot = por_ot(propuesta_calcular(rep))[a.ot.pk]
    assert [c["id_partida_imp"] for c in ot["conceptos"]] == [a.partidas[0].pk, a.partidas[1].pk]  # TON left out
    assert concepto(ot, a.partidas[0])["tipo_unidad"] == "DIA"
    assert propuesto(ot, a.partidas[0], "TE")["propuesto"] == "0.333333"  # 8 h / 24, six decimals
    assert propuesto(ot, a.partidas[0], "CMA")["propuesto"] == "0.09375"  # 2.25 h / 24
    assert concepto(ot, a.partidas[1])["tipo_unidad"] == "HORA"


def test_un_tipo_sin_horas_no_se_propone():
    fam = familia_barco()
    rep = reporte_crear(fam.sitio, FECHA, estado=EstadoReporte.CERRADO)
    anotar(rep, "06:00", "18:00", C.OPERANDO, fam.ot)
    anotar(rep, "18:00", "20:00", C.MANTENIMIENTO, fam.ot)
    ot = por_ot(propuesta_calcular(rep))[fam.ot.pk]
    assert [p["tipo_tiempo"] for p in concepto(ot, fam.partidas[0])["propuestas"]] == ["TE"]
    assert propuesto(ot, fam.partidas[0], "TE")["propuesto"] == "0.5"


@pytest.mark.parametrize(
    ("descripcion", "clave", "esperado"),
    [
        ("Día", "X1", "DIA"),
        (" jornada ", "X2", "DIA"),
        ("Unidad rara", "JOR", "DIA"),
        ("d", "X3", "DIA"),
        ("Hora", "X4", "HORA"),
        ("HRS", "X5", "HORA"),
        ("hr", "X6", "HORA"),
        ("H", "X7", "HORA"),
        ("H-H", "H-H", None),
        ("HOM/DÍA", "HOM/DÍA", None),
        ("SERV/DIA", "SERV/DIA", None),
        ("TON", "TON", None),
    ],
)
def test_unidades_de_tiempo_normalizadas(descripcion, clave, esperado):
    assert tipo_de_unidad(descripcion, clave) == esperado


def test_reprogramacion_cuenta_en_la_familia_de_su_ot_inicial():
    fam = familia_barco()
    repro = ReprogramacionFactory(ot_principal=fam.ot)
    rep = reporte_crear(fam.sitio, FECHA, estado=EstadoReporte.PRE_CIERRE)
    anotar(rep, "00:00", "04:00", C.OPERANDO, fam.ot)
    anotar(rep, "04:00", "07:00", C.OPERANDO, repro)
    ots = por_ot(propuesta_calcular(rep))
    assert list(ots) == [fam.ot.pk]
    assert ots[fam.ot.pk]["horas_te"] == "7"
    assert set(ots[fam.ot.pk]["ots_registradas"]) == {fam.ot.orden_trabajo, repro.orden_trabajo}


def test_la_propuesta_muestra_la_produccion_actual_del_dia_en_el_barco(dia):
    a, _, rep = dia
    producir(a.partidas[0], FECHA, "0.25", sitio=a.sitio)
    producir(a.partidas[0], FECHA, "9", sitio=familia_barco().sitio)  # another vessel: not this cell
    producir(a.partidas[0], date(2025, 3, 9), "1", sitio=a.sitio)  # another day
    ot = por_ot(propuesta_calcular(rep))[a.ot.pk]
    te = propuesto(ot, a.partidas[0], "TE")
    assert (te["actual"], te["propuesto"], te["sin_cambio"]) == ("0.25", "0.333333", False)
    assert propuesto(ot, a.partidas[0], "CMA")["actual"] is None


def test_dia_firmado_se_senala_en_la_propuesta(dia):
    a, _, rep = dia
    firmar_dia(a.ot, a.sitio, FECHA)
    assert por_ot(propuesta_calcular(rep))[a.ot.pk]["bloqueo"] == "Reporte diario firmado"


def test_las_consultas_no_crecen_con_la_bitacora():
    fam = familia_barco()
    rep = reporte_crear(fam.sitio, FECHA, estado=EstadoReporte.PRE_CIERRE)
    anotar(rep, "00:00", "01:00", C.OPERANDO, fam.ot)
    with CaptureQueriesContext(connection) as pocas:
        propuesta_calcular(rep)
    for hora in range(1, 20):
        anotar(rep, f"{hora:02d}:00", f"{hora + 1:02d}:00", C.ESPERA_CLIMA if hora % 2 else C.OPERANDO, fam.ot)
    with CaptureQueriesContext(connection) as muchas:
        propuesta_calcular(rep)
    assert len(muchas) == len(pocas)


# --- Confirming ---------------------------------------------------------------------------------------------------


def test_confirmar_escribe_por_la_hoja_de_produccion(dia, capturista):
    a, b, rep = dia
    previo = producir(a.partidas[0], date(2025, 3, 5), "1", sitio=a.sitio)  # an earlier day stays as it is
    posterior = producir(a.partidas[0], date(2025, 3, 20), "0.5", sitio=a.sitio)  # and so does a later one
    seleccion = [
        item(a, a.partidas[0], "TE", "0.333333"),
        item(a, a.partidas[0], "CMA", "0.09375"),
        item(a, a.partidas[1], "TE", "8"),
        item(b, b.partidas[1], "CMA", "7.000000"),
    ]
    r = propuesta_confirmar(reporte_id=rep.pk, seleccion=seleccion, usuario=capturista)
    assert (r.creados, r.actualizados) == (4, 0)
    filas = {
        (p.id_partida_anexo_id, p.tipo_tiempo): p
        for p in Produccion.objects.filter(fecha_produccion=FECHA).select_related("id_reporte_mensual")
    }
    assert set(filas) == {
        (a.partidas[0].pk, "TE"),
        (a.partidas[0].pk, "CMA"),
        (a.partidas[1].pk, "TE"),
        (b.partidas[1].pk, "CMA"),
    }
    assert filas[(a.partidas[0].pk, "TE")].volumen_produccion == Decimal("0.333333")
    assert filas[(a.partidas[0].pk, "CMA")].volumen_produccion == Decimal("0.09375")
    assert filas[(a.partidas[1].pk, "TE")].volumen_produccion == Decimal("8")
    assert filas[(b.partidas[1].pk, "CMA")].volumen_produccion == Decimal("7")
    assert {p.id_sitio_produccion_id for p in filas.values()} == {a.sitio.pk}
    assert filas[(b.partidas[1].pk, "CMA")].id_reporte_mensual.id_ot_id == b.ot.pk
    previo.refresh_from_db()
    posterior.refresh_from_db()
    assert (previo.volumen_produccion, posterior.volumen_produccion) == (Decimal("1"), Decimal("0.5"))
    # The sheet service logged each cell; the confirmation is logged once with what it wrote.
    assert RegistroActividad.objects.filter(afectacion="Producción", usuario=capturista).count() == 4
    registro = RegistroActividad.objects.filter(afectacion=ENTIDAD_PROPUESTA, registro_id=rep.pk)
    assert registro.count() == 4
    assert registro.filter(valor_actual="0.333333", valor_anterior="").exists()
    assert "Producción confirmada desde la bitácora" in registro.first().detalle


def test_confirmar_actualiza_la_produccion_del_dia(dia, capturista):
    a, _, rep = dia
    fila = producir(a.partidas[1], FECHA, "5", sitio=a.sitio)
    r = propuesta_confirmar(reporte_id=rep.pk, seleccion=[item(a, a.partidas[1], "TE", "8")], usuario=capturista)
    assert (r.creados, r.actualizados) == (0, 1)
    fila.refresh_from_db()
    assert fila.volumen_produccion == Decimal("8")
    assert RegistroActividad.objects.filter(afectacion=ENTIDAD_PROPUESTA, valor_anterior="5", valor_actual="8").exists()


def test_dia_firmado_se_rechaza_y_no_escribe_nada(dia, cliente_capturista):
    a, b, rep = dia
    firmar_dia(a.ot, a.sitio, FECHA)
    seleccion = [item(b, b.partidas[1], "TE", "6"), item(a, a.partidas[1], "TE", "8")]
    respuesta = cliente_capturista.post(
        reverse("costa_fuera:propuesta_confirmar", args=[rep.pk]), {"seleccion": json.dumps(seleccion)}
    )
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False
    assert "día bloqueado (Reporte diario firmado); no admite cambios" in cuerpo["detalles"]
    assert not Produccion.objects.exists()  # OT b's cell was not written either: all or nothing
    assert not RegistroActividad.objects.filter(afectacion__in=("Producción", ENTIDAD_PROPUESTA)).exists()


def test_volumen_alterado_se_rechaza(dia, cliente_capturista):
    a, _, rep = dia
    url = reverse("costa_fuera:propuesta_confirmar", args=[rep.pk])
    for volumen in ("24", "0.34", "abc", ""):
        respuesta = cliente_capturista.post(
            url, json.dumps({"seleccion": [item(a, a.partidas[0], "TE", volumen)]}), content_type="application/json"
        )
        assert respuesta.status_code == 400
        assert "no coincide con el propuesto" in respuesta.json()["detalles"]
    assert not Produccion.objects.exists()


def test_concepto_que_no_es_de_tiempo_o_tipo_sin_horas_se_rechaza(capturista):
    fam = familia_barco()
    rep = reporte_crear(fam.sitio, FECHA, estado=EstadoReporte.CERRADO)
    anotar(rep, "06:00", "18:00", C.OPERANDO, fam.ot)
    otra = familia_barco(barco=fam.sitio)
    for seleccion in (
        [item(fam, fam.partidas[2], "TE", "12")],  # TON line
        [item(fam, fam.partidas[1], "CMA", "0")],  # no CMA hours
        [item(otra, otra.partidas[1], "TE", "12")],  # OT not in the log
    ):
        with pytest.raises(Exception) as rechazo:
            propuesta_confirmar(reporte_id=rep.pk, seleccion=seleccion, usuario=capturista)
        assert "seleccion[0]" in rechazo.value.message_dict
    assert not Produccion.objects.exists()


def test_reporte_en_borrador_no_se_confirma(capturista):
    fam = familia_barco()
    rep = reporte_crear(fam.sitio, FECHA, estado=EstadoReporte.BORRADOR)
    anotar(rep, "06:00", "18:00", C.OPERANDO, fam.ot)
    assert propuesta_calcular(rep)["confirmable"] is False
    with pytest.raises(Exception) as rechazo:
        propuesta_confirmar(reporte_id=rep.pk, seleccion=[item(fam, fam.partidas[1], "TE", "12")], usuario=capturista)
    assert "borrador" in rechazo.value.message_dict["reporte"][0]
    assert not Produccion.objects.exists()


# --- Views --------------------------------------------------------------------------------------------------------


def test_get_devuelve_la_propuesta_y_no_escribe_nada(dia, cliente_lector):
    a, _, rep = dia
    antes = RegistroActividad.objects.count()
    respuesta = cliente_lector.get(reverse("costa_fuera:propuesta", args=[rep.pk]), **XHR)
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["confirmable"] is True
    assert {o["ot"] for o in cuerpo["ots"]} == {a.ot.pk, dia[1].ot.pk}
    assert not Produccion.objects.exists()
    assert RegistroActividad.objects.count() == antes


def test_permisos_de_las_vistas(dia, client, externo, lector):
    a, _, rep = dia
    url_ver = reverse("costa_fuera:propuesta", args=[rep.pk])
    url_confirmar = reverse("costa_fuera:propuesta_confirmar", args=[rep.pk])
    cuerpo = {"seleccion": json.dumps([item(a, a.partidas[1], "TE", "8")])}
    assert client.get(url_ver, **XHR).status_code == 401
    assert client.post(url_confirmar, cuerpo).status_code in (302, 401)
    client.force_login(externo)
    assert client.get(url_ver, **XHR).status_code == 403
    assert client.post(url_confirmar, cuerpo).status_code == 403
    client.force_login(lector)  # may see the proposal, may not write production
    assert client.get(url_ver, **XHR).status_code == 200
    respuesta = client.post(url_confirmar, cuerpo)
    assert respuesta.status_code == 403
    assert respuesta.json()["detalles"] == "No tiene permiso para esta acción."
    assert not Produccion.objects.exists()


def test_reporte_inexistente_y_metodos(cliente_capturista):
    assert cliente_capturista.get(reverse("costa_fuera:propuesta", args=[999999]), **XHR).status_code == 404
    respuesta = cliente_capturista.post(reverse("costa_fuera:propuesta_confirmar", args=[999999]), {"seleccion": "[]"})
    assert respuesta.status_code == 404
    assert respuesta.json()["detalles"] == "El reporte diario de embarcación no existe."
    assert cliente_capturista.post(reverse("costa_fuera:propuesta", args=[1])).status_code == 405


@pytest.mark.parametrize(
    ("cuerpo", "mensaje"),
    [
        ({"seleccion": "no es json"}, "La selección debe ser una lista"),
        ({"seleccion": "[]"}, "Seleccione al menos un concepto"),
        ({}, "Seleccione al menos un concepto"),
        ({"seleccion": json.dumps({"ot": 1})}, "La selección debe ser una lista"),
        (
            {"seleccion": json.dumps([{"ot": "x", "concepto": 1, "tipo_tiempo": "TE", "volumen": "1"}])},
            "no son válidos",
        ),
        ({"seleccion": json.dumps([{"ot": 1, "concepto": 1, "tipo_tiempo": "XX", "volumen": "1"}])}, "TE o CMA"),
        ({"seleccion": json.dumps([{"ot": 1, "concepto": 1, "tipo_tiempo": "TE", "volumen": None}])}, "volumen"),
    ],
)
def test_entrada_invalida_es_400_en_espanol(dia, cliente_capturista, cuerpo, mensaje):
    rep = dia[2]
    respuesta = cliente_capturista.post(reverse("costa_fuera:propuesta_confirmar", args=[rep.pk]), cuerpo)
    assert respuesta.status_code == 400
    assert mensaje in respuesta.json()["detalles"]
    assert "seleccion" in respuesta.json()["errores"]


def test_cuerpo_json_invalido(dia, cliente_capturista):
    url = reverse("costa_fuera:propuesta_confirmar", args=[dia[2].pk])
    respuesta = cliente_capturista.post(url, "{nada", content_type="application/json")
    assert respuesta.status_code == 400
    assert respuesta.json()["detalles"] == "El cuerpo de la solicitud debe ser un objeto JSON válido."


def test_confirmar_por_la_vista(dia, cliente_capturista):
    a, _, rep = dia
    respuesta = cliente_capturista.post(
        reverse("costa_fuera:propuesta_confirmar", args=[rep.pk]),
        {"seleccion": json.dumps([item(a, a.partidas[0], "TE", "0.333333")])},
    )
    assert respuesta.status_code == 200, respuesta.json()
    assert respuesta.json()["creados"] == 1
    fila = Produccion.objects.get()
    assert (fila.tipo_tiempo, fila.volumen_produccion, fila.id_sitio_produccion_id) == (
        TipoTiempo.TE,
        Decimal("0.333333"),
        a.sitio.pk,
    )


def test_plantilla_de_la_pestana(dia, capturista, lector):
    rep = dia[2]
    html = render_to_string("costa_fuera/dia/_propuesta.html", {"reporte": rep, **contexto_propuesta(rep, capturista)})
    assert reverse("costa_fuera:propuesta", args=[rep.pk]) in html
    assert reverse("costa_fuera:propuesta_confirmar", args=[rep.pk]) in html
    assert "Confirmar producción" in html and 'id="modal-propuesta"' in html
    assert "<script" not in html
    solo_lectura = render_to_string(
        "costa_fuera/dia/_propuesta.html", {"reporte": rep, **contexto_propuesta(rep, lector)}
    )
    assert 'id="propuesta-confirmar"' not in solo_lectura
