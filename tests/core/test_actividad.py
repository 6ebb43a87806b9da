"""The audit trail service (core/actividad.py) and the activity page, its table and its user list."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea, valor_legible
from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import NivelFrente, NivelTipo
from operaciones.catalogos.models import Frente, Sitio, Tipo

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")
URL = "/operaciones/registro_actividad/"
URL_TABLA = "/operaciones/registro_actividad/datatable"
URL_USUARIOS = "/operaciones/registro_actividad/usuarios"


def _tabla(cliente, **parametros):
    return cliente.get(URL_TABLA, {"draw": "1", "start": "0", "length": "100", **parametros})


def _registrar(usuario=None, entidad="Sitio", registro_id=1, evento=Evento.ACTUALIZAR, **cambios):
    return actividad_registrar(
        usuario=usuario, entidad=entidad, registro_id=registro_id, evento=evento, cambios=cambios or None
    )


def _fechar(filas, instante: datetime.datetime):
    RegistroActividad.objects.filter(pk__in=[f.pk for f in filas]).update(fecha=instante)


# --- the service -------------------------------------------------------------------------------------------


def test_one_row_per_changed_field_with_readable_values(admin):
    frente = Frente.objects.create(descripcion="EMBARCACION PRUEBA", nivel_afectacion=NivelFrente.SITIOS)
    filas = actividad_registrar(
        usuario=admin,
        entidad="Sitio",
        registro_id=42,
        evento=Evento.ACTUALIZAR,
        cambios={
            "id_frente": (None, frente),
            "activo": (True, False),
            "importancia": (Decimal("1.50"), Decimal("10")),
            "fecha": (datetime.date(2025, 1, 31), None),
            "capacidad_pob": (60, 80),
        },
        detalle="edición desde la pantalla",
    )
    assert len(filas) == 5
    guardadas = {r.campo: r for r in RegistroActividad.objects.filter(registro_id=42, afectacion="Sitio")}
    assert (guardadas["id_frente"].valor_anterior, guardadas["id_frente"].valor_actual) == ("", "EMBARCACION PRUEBA")
    assert (guardadas["activo"].valor_anterior, guardadas["activo"].valor_actual) == ("Sí", "No")
    assert (guardadas["importancia"].valor_anterior, guardadas["importancia"].valor_actual) == ("1.50", "10")
    assert (guardadas["fecha"].valor_anterior, guardadas["fecha"].valor_actual) == ("2025-01-31", "")
    assert guardadas["capacidad_pob"].valor_actual == "80"
    assert all(r.usuario == admin and r.evento == Evento.ACTUALIZAR for r in guardadas.values())
    assert all(r.detalle == "edición desde la pantalla" and r.fecha is not None for r in guardadas.values())


def test_an_event_without_fields_writes_a_single_row(admin):
    filas = actividad_registrar(usuario=admin, entidad="OT", registro_id=7, evento=Evento.IMPORTAR, detalle="anexo")
    assert len(filas) == 1
    fila = RegistroActividad.objects.get(afectacion="OT", registro_id=7)
    assert (fila.campo, fila.valor_anterior, fila.valor_actual, fila.detalle) == ("", "", "", "anexo")


def test_no_user_or_an_anonymous_one_is_recorded_as_system():
    _registrar(usuario=None, registro_id=1)
    _registrar(usuario=AnonymousUser(), registro_id=2)
    assert RegistroActividad.objects.filter(afectacion="Sitio", usuario__isnull=True).count() == 2


def test_an_unknown_event_is_refused_before_writing(admin):
    with pytest.raises(ValueError):
        actividad_registrar(usuario=admin, entidad="Tipo", registro_id=1, evento="BORRAR_TODO")
    assert not RegistroActividad.objects.filter(afectacion="Tipo", registro_id=1).exists()


def test_readable_values_of_each_kind():
    instante = datetime.datetime(2025, 3, 1, 18, 30, 5, 123, tzinfo=datetime.UTC)
    assert valor_legible(None) == ""
    assert valor_legible(False) == "No"
    assert valor_legible(Decimal("0.000")) == "0.000"
    assert valor_legible(Decimal("1E+2")) == "100"
    assert valor_legible(instante) == "2025-03-01T12:30:05-06:00"  # local time of Mexico City
    assert valor_legible(NivelTipo.CLIENTE) == "Cliente"
    assert valor_legible("texto") == "texto"


def test_changes_between_a_snapshot_and_the_saved_row_keep_only_what_changed():
    categoria = Frente.objects.create(descripcion="CATEGORIA A", nivel_afectacion=NivelFrente.SITIOS)
    otra = Frente.objects.create(descripcion="CATEGORIA B", nivel_afectacion=NivelFrente.SITIOS)
    sitio = Sitio.objects.create(descripcion="PLATAFORMA X", id_frente=categoria, capacidad_pob=10)
    campos = ("descripcion", "id_frente", "capacidad_pob", "comentario")
    antes = instantanea(sitio, campos)
    sitio.id_frente = otra
    sitio.capacidad_pob = None
    sitio.save()
    assert cambios_entre(antes, sitio, campos) == {
        "id_frente": ("CATEGORIA A", "CATEGORIA B"),
        "capacidad_pob": ("10", ""),
    }


def test_choice_fields_are_logged_by_their_label_and_creation_skips_empty_fields():
    tipo = Tipo.objects.create(descripcion="TIPO NUEVO", nivel_afectacion=NivelTipo.CLIENTE)
    assert cambios_de_alta(tipo, ("descripcion", "nivel_afectacion", "comentario")) == {
        "descripcion": ("", "TIPO NUEVO"),
        "nivel_afectacion": ("", "Cliente"),
    }


# --- the page and its endpoints ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_script_callers_get_401(client):
    respuesta = client.get(URL)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")
    assert client.get(URL_TABLA, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 401
    assert client.get(URL_USUARIOS, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 401


@pytest.mark.parametrize("url", [URL, URL_TABLA, URL_USUARIOS])
def test_users_without_the_log_permission_are_refused(cliente_externo, url):
    assert cliente_externo.get(url).status_code == 403


def test_capture_role_does_not_see_the_log(cliente_capturista):
    assert cliente_capturista.get(URL).status_code == 403
    assert _tabla(cliente_capturista).status_code == 403


def test_read_only_role_opens_the_page(cliente_lector):
    respuesta = cliente_lector.get(URL)
    assert respuesta.status_code == 200
    assert b"tabla-actividad" in respuesta.content


def test_rows_show_local_date_user_name_and_system(cliente_lector, admin):
    filas = _registrar(usuario=admin, registro_id=5, descripcion=("A", "B"))
    _fechar(filas, datetime.datetime(2025, 6, 1, 3, 4, 5, tzinfo=datetime.UTC))
    _registrar(usuario=None, registro_id=6, evento=Evento.CREAR)
    cuerpo = _tabla(cliente_lector).json()
    por_id = {f["registro_id"]: f for f in cuerpo["data"]}
    assert por_id[5]["fecha"] == "31/05/2025 21:04:05"
    assert por_id[5]["usuario"] == "Ana Admin"
    assert por_id[5]["entidad"] == "Sitio"
    assert por_id[5]["evento"] == "Actualizar"
    assert (por_id[5]["campo"], por_id[5]["valor_anterior"], por_id[5]["valor_actual"]) == ("descripcion", "A", "B")
    assert por_id[6]["usuario"] == "Sistema"


def test_newest_entries_come_first_by_default(cliente_lector, admin):
    viejo = _registrar(usuario=admin, registro_id=1)
    nuevo = _registrar(usuario=admin, registro_id=2)
    _fechar(viejo, datetime.datetime(2024, 1, 1, 12, tzinfo=MEXICO))
    _fechar(nuevo, datetime.datetime(2025, 1, 1, 12, tzinfo=MEXICO))
    ids = [f["registro_id"] for f in _tabla(cliente_lector).json()["data"]]
    assert ids.index(2) < ids.index(1)


def test_filters_by_entity_event_and_user(cliente_lector, admin, capturista):
    _registrar(usuario=admin, entidad="Tipo", registro_id=1, evento=Evento.CREAR)
    _registrar(usuario=capturista, entidad="Tipo", registro_id=2, evento=Evento.ELIMINAR)
    _registrar(usuario=admin, entidad="Sitio", registro_id=3, evento=Evento.ELIMINAR)
    ids = lambda **f: sorted(x["registro_id"] for x in _tabla(cliente_lector, **f).json()["data"])  # noqa: E731
    assert ids(afectacion="Tipo") == [1, 2]
    assert ids(evento=Evento.ELIMINAR) == [2, 3]
    assert ids(usuario=capturista.pk) == [2]
    assert ids(afectacion="Tipo", evento=Evento.ELIMINAR, usuario=admin.pk) == []
    assert ids(registro_id=3) == [3]


def test_date_range_uses_mexico_city_days(cliente_lector, admin):
    # 23:30 on 10 March in Mexico City is already 11 March in UTC.
    tarde = _registrar(usuario=admin, registro_id=10)
    _fechar(tarde, datetime.datetime(2025, 3, 10, 23, 30, tzinfo=MEXICO))
    siguiente = _registrar(usuario=admin, registro_id=11)
    _fechar(siguiente, datetime.datetime(2025, 3, 11, 0, 30, tzinfo=MEXICO))
    ids = lambda **f: sorted(x["registro_id"] for x in _tabla(cliente_lector, **f).json()["data"])  # noqa: E731
    assert ids(desde="2025-03-10", hasta="2025-03-10") == [10]
    assert ids(desde="2025-03-11", hasta="2025-03-11") == [11]
    assert ids(desde="2025-03-10") == [10, 11]
    assert ids(hasta="2025-03-09") == []


def test_free_text_searches_field_names_and_values(cliente_lector, admin):
    _registrar(usuario=admin, registro_id=20, descripcion=("BUZO", "BUZO SATURACION"))
    _registrar(usuario=admin, registro_id=21, comentario=("", "nota"))
    cuerpo = _tabla(cliente_lector, **{"search[value]": "saturacion"}).json()
    assert [f["registro_id"] for f in cuerpo["data"]] == [20]
    assert cuerpo["recordsTotal"] >= 2


@pytest.mark.parametrize(
    ("parametros", "campo"),
    [
        ({"desde": "2025-03-12", "hasta": "2025-03-11"}, "hasta"),
        ({"desde": "ayer"}, "desde"),
        ({"evento": "BORRAR"}, "evento"),
        ({"usuario": "abc"}, "usuario"),
        ({"draw": "abc"}, "draw"),
        ({"length": "100000"}, "length"),
        ({"order[0][column]": "99"}, "orden_columna"),
        ({"order[0][column]": "6"}, "orden_columna"),  # valor_anterior is searchable, not sortable
        ({"start": "-1"}, "start"),
    ],
)
def test_bad_filters_or_protocol_are_400_with_errors(cliente_lector, parametros, campo):
    respuesta = _tabla(cliente_lector, **parametros)
    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


def test_sortable_columns_sort(cliente_lector, admin):
    _registrar(usuario=admin, registro_id=31, zeta=("", "1"), alfa=("", "2"))
    cuerpo = _tabla(cliente_lector, registro_id=31, **{"order[0][column]": "5", "order[0][dir]": "asc"}).json()
    assert [f["campo"] for f in cuerpo["data"]] == ["alfa", "zeta"]


@pytest.mark.parametrize("entradas", [1, 30])
def test_table_query_count_does_not_grow_with_rows(
    client, lector, admin, capturista, django_assert_num_queries, entradas
):
    for i in range(entradas):
        _registrar(usuario=(admin, capturista, None)[i % 3], registro_id=i, descripcion=("a", "b"))
    client.force_login(lector)
    _tabla(client)  # first request stamps the session; measure a steady-state one
    # session + user + the user's permissions (2) + 2 counts + 1 page (users joined)
    with django_assert_num_queries(7):
        respuesta = _tabla(client)
    assert len(respuesta.json()["data"]) == entradas


def test_user_list_has_id_username_and_full_name(cliente_lector, admin, capturista):
    inactivo = type(admin).objects.create_user(username="baja", is_active=False)
    antiguo = type(admin).objects.create_user(username="antiguo", is_active=False, first_name="Otto")
    _registrar(usuario=antiguo)
    usuarios = {u["username"]: u for u in cliente_lector.get(URL_USUARIOS).json()}
    assert usuarios["admin_prueba"] == {"id": admin.pk, "username": "admin_prueba", "nombre_completo": "Ana Admin"}
    assert usuarios["capturista"]["nombre_completo"] == "Cecilia Captura"
    assert "antiguo" in usuarios  # inactive, but left entries in the log
    assert inactivo.username not in usuarios
