"""Guard rotation of a site's two superintendents (reference §3.3 "Guardias 14×14") and its small catalogue."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Evento, RegistroActividad
from operaciones.produccion.guardias import ENTIDAD_CICLO, ENTIDAD_SUPER, bloques_guardia, turno_de
from operaciones.produccion.models import CicloGuardia, Superintendente
from tests.factories import SitioFactory

pytestmark = pytest.mark.django_db

URL_GUARDIAS = reverse("produccion:obtener_guardias_mes")
URL_SUPERS = reverse("produccion:obtener_supers_por_sitio")
URL_CICLO = reverse("produccion:configurar_ciclo_guardia")
URL_CREAR = reverse("produccion:superintendente_crear")


def _editar(pk):
    return reverse("produccion:superintendente_editar", args=[pk])


def _desactivar(pk):
    return reverse("produccion:superintendente_desactivar", args=[pk])


def _cliente(usuario=None) -> Client:
    cliente = Client()
    if usuario is not None:
        cliente.force_login(usuario)
    return cliente


def _post(cliente, url, cuerpo):
    return cliente.post(url, cuerpo, content_type="application/json")


@pytest.fixture
def sitio():
    return SitioFactory(descripcion="EMBARCACION ATLANTIS")


@pytest.fixture
def supers(sitio):
    a = Superintendente.objects.create(nombre="ANA SALAS", sitio_asignado=sitio, color="#aa0000")
    b = Superintendente.objects.create(nombre="BRUNO DIAZ", sitio_asignado=sitio, color="#0000bb")
    return a, b


def _ciclo(sitio, supers, inicio, dias=14):
    a, b = supers
    return CicloGuardia.objects.create(
        sitio=sitio, super_a=a, super_b=b, fecha_inicio_super_a=inicio, dias_por_turno=dias
    )


def _tramos(bloques):
    return [(b["nombre"][0], date.fromisoformat(b["inicio"]).day, date.fromisoformat(b["fin"]).day) for b in bloques]


# --- Rotation -----------------------------------------------------------------------------------------------------


def test_the_month_of_the_start_date_has_b_before_it_then_a_for_fourteen_days(sitio, supers):
    ciclo = _ciclo(sitio, supers, date(2025, 3, 10))
    bloques = bloques_guardia(ciclo, mes=3, anio=2025)
    assert _tramos(bloques) == [("B", 1, 9), ("A", 10, 23), ("B", 24, 31)]
    assert bloques[1] == {"nombre": "ANA SALAS", "color": "#aa0000", "inicio": "2025-03-10", "fin": "2025-03-23"}


def test_turns_continue_across_month_boundaries_cut_at_the_edges_of_the_month(sitio, supers):
    ciclo = _ciclo(sitio, supers, date(2025, 3, 10))
    # B from 24 March to 6 April, A 7–20 April, B from 21 April to 4 May.
    assert _tramos(bloques_guardia(ciclo, mes=4, anio=2025)) == [("B", 1, 6), ("A", 7, 20), ("B", 21, 30)]
    assert _tramos(bloques_guardia(ciclo, mes=5, anio=2025))[0] == ("B", 1, 4)


def test_months_before_the_start_date_follow_the_rotation_backwards(sitio, supers):
    ciclo = _ciclo(sitio, supers, date(2025, 3, 10))
    # Going back from 10 March: B 24 Feb–9 Mar, A 10–23 Feb, B 27 Jan–9 Feb, A 13–26 Jan, B 30 Dec–12 Jan.
    assert _tramos(bloques_guardia(ciclo, mes=1, anio=2025)) == [("B", 1, 12), ("A", 13, 26), ("B", 27, 31)]
    assert _tramos(bloques_guardia(ciclo, mes=2, anio=2025)) == [("B", 1, 9), ("A", 10, 23), ("B", 24, 28)]


def test_every_day_matches_an_independent_count_of_turns(sitio, supers):
    inicio = date(2025, 3, 10)
    ciclo = _ciclo(sitio, supers, inicio, dias=7)
    # Walk forward day by day from 60 whole turns before A's start (an even number of turns: an A turn begins).
    dia, turno, contador = inicio - timedelta(days=7 * 60), 0, 0
    while dia <= date(2025, 12, 31):
        assert turno_de(ciclo, dia) == turno, dia
        contador += 1
        if contador == 7:
            turno, contador = 1 - turno, 0
        dia += timedelta(days=1)


def test_a_site_without_rotation_has_no_turns(cliente_lector, sitio):
    respuesta = cliente_lector.get(URL_GUARDIAS, {"id_sitio": sitio.pk, "mes": 3, "anio": 2025})
    assert respuesta.status_code == 200
    assert respuesta.json() == {"exito": True, "guardias": []}


def test_guard_turns_endpoint_and_its_query_count(cliente_lector, sitio, supers, django_assert_num_queries):
    _ciclo(sitio, supers, date(2025, 3, 10))
    parametros = {"id_sitio": sitio.pk, "mes": 4, "anio": 2025}
    cliente_lector.get(URL_GUARDIAS, parametros)  # the first request of a session also stamps its activity
    # session, user, 2 × permissions, site, cycle with both superintendents
    with django_assert_num_queries(6):
        respuesta = cliente_lector.get(URL_GUARDIAS, parametros)
    assert [g["inicio"] for g in respuesta.json()["guardias"]] == ["2025-04-01", "2025-04-07", "2025-04-21"]


@pytest.mark.parametrize("parametros", [{}, {"id_sitio": "x", "mes": 3, "anio": 2025}, {"id_sitio": 1, "mes": 3}])
def test_guard_turns_refuse_bad_parameters(cliente_lector, parametros):
    respuesta = cliente_lector.get(URL_GUARDIAS, parametros)
    assert respuesta.status_code == 400 and respuesta.json()["errores"]


def test_guard_reads_need_the_production_view_permission(externo, sitio):
    for url, parametros in (
        (URL_GUARDIAS, {"id_sitio": sitio.pk, "mes": 3, "anio": 2025}),
        (URL_SUPERS, {"id_sitio": sitio.pk}),
    ):
        assert _cliente().get(url, parametros).status_code in (302, 401)
        respuesta = _cliente(externo).get(url, parametros, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert respuesta.status_code == 403


# --- Superintendents of a site ------------------------------------------------------------------------------------


def test_supers_of_a_site_are_its_active_ones_with_the_current_rotation(cliente_lector, sitio, supers):
    Superintendente.objects.create(nombre="CARLA BAJA", sitio_asignado=sitio, activo=False)
    Superintendente.objects.create(nombre="DIEGO OTRO SITIO", sitio_asignado=SitioFactory())
    _ciclo(sitio, supers, date(2025, 3, 10))

    respuesta = cliente_lector.get(URL_SUPERS, {"id_sitio": sitio.pk})

    cuerpo = respuesta.json()
    assert cuerpo["supers"] == [
        {"id": supers[0].pk, "nombre": "ANA SALAS", "color": "#aa0000"},
        {"id": supers[1].pk, "nombre": "BRUNO DIAZ", "color": "#0000bb"},
    ]
    assert cuerpo["ciclo"] == {
        "id_super_a": supers[0].pk,
        "id_super_b": supers[1].pk,
        "fecha_inicio_a": "2025-03-10",
        "dias_por_turno": 14,
    }
    assert cliente_lector.get(URL_SUPERS, {"id_sitio": 999999}).status_code == 404
    assert cliente_lector.get(URL_SUPERS, {"id_sitio": "x"}).status_code == 400


def test_supers_list_query_count_does_not_grow_with_the_superintendents(
    cliente_lector, sitio, supers, django_assert_num_queries
):
    _ciclo(sitio, supers, date(2025, 3, 10))
    parametros = {"id_sitio": sitio.pk}
    cliente_lector.get(URL_SUPERS, parametros)  # the first request of a session also stamps its activity
    # session, user, 2 × permissions, site, superintendents, cycle with both superintendents
    with django_assert_num_queries(7):
        assert len(cliente_lector.get(URL_SUPERS, parametros).json()["supers"]) == 2
    for n in range(6):
        Superintendente.objects.create(nombre=f"EXTRA {n}", sitio_asignado=sitio)
    with django_assert_num_queries(7):
        assert len(cliente_lector.get(URL_SUPERS, parametros).json()["supers"]) == 8


# --- Configuring the rotation -------------------------------------------------------------------------------------


def _cuerpo_ciclo(sitio, a, b, **extra):
    return {"id_sitio": sitio.pk, "id_super_a": a.pk, "id_super_b": b.pk, "fecha_inicio_a": "2025-03-10", **extra}


def test_configuring_the_rotation_creates_then_replaces_it_and_logs_each_change(cliente_admin, admin, sitio, supers):
    a, b = supers

    creado = _post(cliente_admin, URL_CICLO, _cuerpo_ciclo(sitio, a, b))

    assert creado.status_code == 200 and creado.json()["exito"] is True
    ciclo = CicloGuardia.objects.get(sitio=sitio)
    assert (ciclo.super_a, ciclo.super_b, ciclo.fecha_inicio_super_a, ciclo.dias_por_turno) == (
        a,
        b,
        date(2025, 3, 10),
        14,
    )
    altas = RegistroActividad.objects.filter(afectacion=ENTIDAD_CICLO, evento=Evento.CREAR)
    assert {r.campo for r in altas} == {"super_a", "super_b", "fecha_inicio_super_a", "dias_por_turno"}
    assert all(r.usuario == admin for r in altas)

    cambio = _post(cliente_admin, URL_CICLO, _cuerpo_ciclo(sitio, b, a, fecha_inicio_a="24/03/2025", dias_por_turno=7))

    assert cambio.status_code == 200
    ciclo.refresh_from_db()
    assert (ciclo.super_a, ciclo.fecha_inicio_super_a, ciclo.dias_por_turno) == (b, date(2025, 3, 24), 7)
    assert CicloGuardia.objects.count() == 1
    cambios = RegistroActividad.objects.filter(afectacion=ENTIDAD_CICLO, evento=Evento.ACTUALIZAR)
    assert {(r.campo, r.valor_anterior, r.valor_actual) for r in cambios} >= {
        ("super_a", "ANA SALAS", "BRUNO DIAZ"),
        ("dias_por_turno", "14", "7"),
    }
    filas = RegistroActividad.objects.count()
    _post(cliente_admin, URL_CICLO, _cuerpo_ciclo(sitio, b, a, fecha_inicio_a="2025-03-24", dias_por_turno=7))
    assert RegistroActividad.objects.count() == filas  # same rotation: nothing logged


@pytest.mark.parametrize(
    "cambio, campo",
    [
        ({"id_super_b": "A"}, "id_super_b"),
        ({"fecha_inicio_a": "31/02/2025"}, "fecha_inicio_a"),
        ({"fecha_inicio_a": ""}, "fecha_inicio_a"),
        ({"dias_por_turno": 0}, "dias_por_turno"),
        ({"dias_por_turno": 61}, "dias_por_turno"),
        ({"dias_por_turno": "catorce"}, "dias_por_turno"),
        ({"id_super_a": 999999}, "id_super_a"),
    ],
)
def test_an_invalid_rotation_is_refused(cliente_admin, sitio, supers, cambio, campo):
    a, b = supers
    cuerpo = _cuerpo_ciclo(sitio, a, b)
    cuerpo.update({k: (a.pk if v == "A" else v) for k, v in cambio.items()})
    respuesta = _post(cliente_admin, URL_CICLO, cuerpo)
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]
    assert not CicloGuardia.objects.exists()


def test_a_rotation_needs_active_superintendents_of_that_site(cliente_admin, sitio, supers):
    a, b = supers
    ajeno = Superintendente.objects.create(nombre="OTRO", sitio_asignado=SitioFactory())
    baja = Superintendente.objects.create(nombre="DE BAJA", sitio_asignado=sitio, activo=False)

    respuesta = _post(cliente_admin, URL_CICLO, _cuerpo_ciclo(sitio, a, ajeno))
    assert respuesta.status_code == 400 and "no está asignado" in respuesta.json()["errores"]["id_super_b"][0]
    respuesta = _post(cliente_admin, URL_CICLO, _cuerpo_ciclo(sitio, baja, b))
    assert respuesta.status_code == 400 and "baja" in respuesta.json()["errores"]["id_super_a"][0]
    assert not CicloGuardia.objects.exists()


def test_configuring_a_rotation_needs_its_permission(capturista, lector, sitio, supers):
    a, b = supers
    cuerpo = _cuerpo_ciclo(sitio, a, b)
    assert _post(_cliente(), URL_CICLO, cuerpo).status_code in (302, 401)
    assert _post(_cliente(lector), URL_CICLO, cuerpo).status_code == 403
    assert _post(_cliente(capturista), URL_CICLO, cuerpo).status_code == 403
    assert not CicloGuardia.objects.exists()


def test_configuring_a_rotation_of_a_missing_site_is_404(cliente_admin, supers):
    a, b = supers
    cuerpo = {"id_sitio": 999999, "id_super_a": a.pk, "id_super_b": b.pk, "fecha_inicio_a": "2025-03-10"}
    assert _post(cliente_admin, URL_CICLO, cuerpo).status_code == 404


# --- Superintendent catalogue -------------------------------------------------------------------------------------


def test_a_superintendent_is_created_edited_and_deactivated_with_activity(cliente_admin, admin, sitio):
    creado = _post(cliente_admin, URL_CREAR, {"id_sitio": sitio.pk, "nombre": "  elena   ruiz ", "color": "#12AB9f"})

    assert creado.status_code == 201
    nuevo = Superintendente.objects.get(pk=creado.json()["id_nuevo"])
    assert (nuevo.nombre, nuevo.color, nuevo.sitio_asignado, nuevo.activo) == ("elena ruiz", "#12ab9f", sitio, True)

    editado = _post(cliente_admin, _editar(nuevo.pk), {"id_sitio": sitio.pk, "nombre": "ELENA RUIZ", "color": ""})
    assert editado.status_code == 200
    nuevo.refresh_from_db()
    assert (nuevo.nombre, nuevo.color) == ("ELENA RUIZ", "#3498db")

    baja = _post(cliente_admin, _desactivar(nuevo.pk), {})
    assert baja.status_code == 200
    nuevo.refresh_from_db()
    assert nuevo.activo is False
    eventos = RegistroActividad.objects.filter(afectacion=ENTIDAD_SUPER, registro_id=nuevo.pk)
    assert {r.evento for r in eventos} == {Evento.CREAR, Evento.ACTUALIZAR, Evento.ELIMINAR}
    assert eventos.get(evento=Evento.ELIMINAR).valor_actual == "No"
    assert all(r.usuario == admin for r in eventos)


@pytest.mark.parametrize(
    "cuerpo, campo",
    [
        ({"nombre": "X", "color": "rojo"}, "color"),
        ({"nombre": "   ", "color": "#000000"}, "nombre"),
        ({"nombre": "N" * 201}, "nombre"),
        ({"id_sitio": "x", "nombre": "X"}, "id_sitio"),
    ],
)
def test_an_invalid_superintendent_is_refused(cliente_admin, sitio, cuerpo, campo):
    respuesta = _post(cliente_admin, URL_CREAR, {"id_sitio": sitio.pk, **cuerpo})
    assert respuesta.status_code == 400 and campo in respuesta.json()["errores"]
    assert not Superintendente.objects.exists()


def test_a_superintendent_in_a_rotation_cannot_leave_its_site_or_be_deactivated(cliente_admin, sitio, supers):
    a, b = supers
    _ciclo(sitio, supers, date(2025, 3, 10))

    mover = _post(cliente_admin, _editar(a.pk), {"id_sitio": SitioFactory().pk, "nombre": a.nombre})
    baja = _post(cliente_admin, _desactivar(b.pk), {})

    assert mover.status_code == 400 and "guardia" in mover.json()["detalles"]
    assert baja.status_code == 400 and "guardia" in baja.json()["detalles"]
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.sitio_asignado == sitio and b.activo is True


def test_superintendent_writes_need_their_permissions(capturista, lector, sitio, supers):
    a, _ = supers
    for usuario in (lector, capturista):
        cliente = _cliente(usuario)
        assert _post(cliente, URL_CREAR, {"id_sitio": sitio.pk, "nombre": "X"}).status_code == 403
        assert _post(cliente, _editar(a.pk), {"id_sitio": sitio.pk, "nombre": "X"}).status_code == 403
        assert _post(cliente, _desactivar(a.pk), {}).status_code == 403
    assert _post(_cliente(), URL_CREAR, {"id_sitio": sitio.pk, "nombre": "X"}).status_code in (302, 401)
    assert Superintendente.objects.count() == 2 and Superintendente.objects.get(pk=a.pk).activo


def test_missing_superintendent_or_site_is_404(cliente_admin, sitio):
    assert _post(cliente_admin, _editar(999999), {"id_sitio": sitio.pk, "nombre": "X"}).status_code == 404
    assert _post(cliente_admin, _desactivar(999999), {}).status_code == 404
    assert _post(cliente_admin, URL_CREAR, {"id_sitio": 999999, "nombre": "X"}).status_code == 404
