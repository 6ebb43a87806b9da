"""Every catalogue of the registry, through its screens: access, create, edit, deactivate, reactivate, list."""

import pytest

from core.models import Evento, RegistroActividad
from operaciones.catalogos.definiciones import CATALOGOS

from .conftest import crear_fila, datos_validos

pytestmark = pytest.mark.django_db

CLAVES = list(CATALOGOS)
AJAX = {"x-requested-with": "XMLHttpRequest"}


def url(clave: str, accion: str = "", pk: int | None = None) -> str:
    ruta = f"/operaciones/catalogos/{clave}/"
    if accion:
        ruta += f"{accion}/"
    if pk is not None:
        ruta += f"{pk}/"
    return ruta


def tabla(cliente, clave, **parametros):
    return cliente.get(url(clave, "datatable"), {"draw": "1", "start": "0", "length": "500", **parametros})


def ids_en_tabla(cliente, clave, **parametros) -> set[int]:
    respuesta = tabla(cliente, clave, **parametros)
    assert respuesta.status_code == 200, respuesta.content
    return {fila["id"] for fila in respuesta.json()["data"]}


def actividad(clave: str, registro_id: int, evento: Evento) -> dict[str, tuple[str, str]]:
    filas = RegistroActividad.objects.filter(
        afectacion=CATALOGOS[clave].entidad, registro_id=registro_id, evento=evento
    )
    return {r.campo: (r.valor_anterior, r.valor_actual) for r in filas}


# --- access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("clave", CLAVES)
def test_anonymous_page_goes_to_login_and_ajax_gets_401(client, clave):
    respuesta = client.get(url(clave))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")
    assert client.get(url(clave, "datatable"), headers=AJAX).status_code == 401
    assert client.post(url(clave, "crear"), {"descripcion": "X"}).status_code == 401


@pytest.mark.parametrize("clave", CLAVES)
def test_outsider_is_refused_on_every_action(cliente_externo, base, clave):
    fila = crear_fila(clave, base, "FILA AJENA")
    assert cliente_externo.get(url(clave)).status_code == 403
    assert tabla(cliente_externo, clave).status_code == 403
    assert cliente_externo.get(url(clave, "obtener", fila.pk)).status_code == 403
    respuestas = [
        cliente_externo.post(url(clave, "crear"), datos_validos(clave, base, "INTRUSO")),
        cliente_externo.post(url(clave, "editar", fila.pk), datos_validos(clave, base, "INTRUSO")),
        cliente_externo.post(url(clave, "eliminar"), {"id": fila.pk}),
        cliente_externo.post(url(clave, "reactivar"), {"id": fila.pk}),
    ]
    assert [r.status_code for r in respuestas] == [403] * 4
    assert all(r.json()["exito"] is False for r in respuestas)
    fila.refresh_from_db()
    assert fila.descripcion == "FILA AJENA" and fila.activo


@pytest.mark.parametrize("clave", CLAVES)
@pytest.mark.parametrize("persona", ["cliente_lector", "cliente_capturista"])
def test_read_only_roles_see_the_list_but_cannot_write(request, base, clave, persona):
    cliente = request.getfixturevalue(persona)
    fila = crear_fila(clave, base, "FILA VISIBLE")
    pagina = cliente.get(url(clave))
    assert pagina.status_code == 200
    assert b'id="boton-nuevo"' not in pagina.content  # no "Nuevo" button without add permission
    assert fila.pk in ids_en_tabla(cliente, clave)
    assert cliente.get(url(clave, "obtener", fila.pk)).status_code == 200
    assert cliente.post(url(clave, "crear"), datos_validos(clave, base, "NO DEBE")).status_code == 403
    assert cliente.post(url(clave, "editar", fila.pk), datos_validos(clave, base, "NO DEBE")).status_code == 403
    assert cliente.post(url(clave, "eliminar"), {"id": fila.pk}).status_code == 403
    assert not CATALOGOS[clave].modelo.objects.filter(descripcion="NO DEBE").exists()


def test_module_page_lists_only_catalogues_the_user_may_see(cliente_lector):
    respuesta = cliente_lector.get("/operaciones/catalogos/")
    assert respuesta.status_code == 200
    for clave in CLAVES:
        assert f'data-catalogo="{clave}"'.encode() in respuesta.content


def test_module_page_is_refused_without_any_catalogue_permission(cliente_externo):
    assert cliente_externo.get("/operaciones/catalogos/").status_code == 403


# --- writes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("clave", CLAVES)
def test_admin_creates_a_row_and_every_filled_field_is_logged(cliente_admin, admin, base, clave):
    respuesta = cliente_admin.post(url(clave, "crear"), datos_validos(clave, base, "  NUEVO   REGISTRO "))
    assert respuesta.status_code == 201, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is True and cuerpo["tipo_aviso"] == "exito"
    nuevo = CATALOGOS[clave].modelo.objects.get(pk=cuerpo["id_nuevo"])
    assert nuevo.descripcion == "NUEVO REGISTRO"  # spaces normalised
    assert nuevo.activo
    registro = actividad(clave, nuevo.pk, Evento.CREAR)
    assert registro["descripcion"] == ("", "NUEVO REGISTRO")
    assert registro["comentario"] == ("", "creado en prueba")
    assert set(
        RegistroActividad.objects.filter(registro_id=nuevo.pk, evento=Evento.CREAR).values_list("usuario", flat=True)
    ) == {admin.pk}


@pytest.mark.parametrize("clave", CLAVES)
def test_admin_edits_a_row_and_before_after_is_logged(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "ANTES")
    datos = datos_validos(clave, base, "DESPUES")
    respuesta = cliente_admin.post(url(clave, "editar", fila.pk), datos)
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta.json()["exito"] is True
    fila.refresh_from_db()
    assert fila.descripcion == "DESPUES"
    registro = actividad(clave, fila.pk, Evento.ACTUALIZAR)
    assert registro["descripcion"] == ("ANTES", "DESPUES")
    assert registro["comentario"] == ("", "creado en prueba")


@pytest.mark.parametrize("clave", CLAVES)
def test_saving_without_changes_logs_nothing(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "SIN CAMBIOS")
    valores = cliente_admin.get(url(clave, "obtener", fila.pk)).json()["registro"]
    cuerpo = {campo: ("" if valores[campo] is None else valores[campo]) for campo in CATALOGOS[clave].campos}
    assert cliente_admin.post(url(clave, "editar", fila.pk), cuerpo).status_code == 200
    assert actividad(clave, fila.pk, Evento.ACTUALIZAR) == {}


@pytest.mark.parametrize("clave", CLAVES)
def test_missing_description_is_a_400_naming_the_field(cliente_admin, base, clave):
    datos = datos_validos(clave, base, "   ")
    cuenta = CATALOGOS[clave].modelo.objects.count()
    respuesta = cliente_admin.post(url(clave, "crear"), datos)
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False and cuerpo["tipo_aviso"] == "error"
    assert "descripcion" in cuerpo["errores"]
    assert CATALOGOS[clave].modelo.objects.count() == cuenta


@pytest.mark.parametrize("clave", CLAVES)
def test_duplicate_active_description_is_refused_ignoring_case_and_spaces(cliente_admin, base, clave):
    crear_fila(clave, base, "BUZO DE SATURACION")
    respuesta = cliente_admin.post(url(clave, "crear"), datos_validos(clave, base, "buzo  de saturacion "))
    assert respuesta.status_code == 400
    assert "descripcion" in respuesta.json()["errores"]


@pytest.mark.parametrize("clave", CLAVES)
def test_deactivate_hides_the_row_keeps_it_and_logs_it(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "POR DESACTIVAR")
    assert fila.pk in ids_en_tabla(cliente_admin, clave)
    respuesta = cliente_admin.post(url(clave, "eliminar"), {"id": fila.pk})
    assert respuesta.status_code == 200 and respuesta.json()["exito"] is True
    fila.refresh_from_db()
    assert fila.activo is False
    assert fila.pk not in ids_en_tabla(cliente_admin, clave)
    assert fila.pk in ids_en_tabla(cliente_admin, clave, estado="inactivos")
    assert fila.pk in ids_en_tabla(cliente_admin, clave, estado="todos")
    assert actividad(clave, fila.pk, Evento.ELIMINAR) == {"activo": ("Sí", "No")}
    # a second click is refused, not logged twice
    assert cliente_admin.post(url(clave, "eliminar"), {"id": fila.pk}).status_code == 400
    assert RegistroActividad.objects.filter(registro_id=fila.pk, evento=Evento.ELIMINAR).count() == 1


@pytest.mark.parametrize("clave", CLAVES)
def test_reactivate_brings_the_row_back_and_logs_it(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "DORMIDA", activo=False)
    respuesta = cliente_admin.post(url(clave, "reactivar"), {"id": fila.pk})
    assert respuesta.status_code == 200, respuesta.content
    fila.refresh_from_db()
    assert fila.activo is True
    assert fila.pk in ids_en_tabla(cliente_admin, clave)
    assert actividad(clave, fila.pk, Evento.REACTIVAR) == {"activo": ("No", "Sí")}


@pytest.mark.parametrize("clave", CLAVES)
def test_reactivating_is_refused_when_an_active_row_took_the_name(cliente_admin, base, clave):
    dormida = crear_fila(clave, base, "NOMBRE TOMADO", activo=False)
    crear_fila(clave, base, "Nombre  tomado")
    respuesta = cliente_admin.post(url(clave, "reactivar"), {"id": dormida.pk})
    assert respuesta.status_code == 400
    assert "descripcion" in respuesta.json()["errores"]
    dormida.refresh_from_db()
    assert dormida.activo is False


@pytest.mark.parametrize("clave", CLAVES)
def test_a_deactivated_name_can_be_used_again(cliente_admin, base, clave):
    crear_fila(clave, base, "NOMBRE LIBRE", activo=False)
    assert cliente_admin.post(url(clave, "crear"), datos_validos(clave, base, "NOMBRE LIBRE")).status_code == 201


@pytest.mark.parametrize("clave", CLAVES)
def test_unknown_ids_are_404(cliente_admin, base, clave):
    inexistente = 987654321
    assert cliente_admin.get(url(clave, "obtener", inexistente)).status_code == 404
    assert cliente_admin.post(url(clave, "editar", inexistente), datos_validos(clave, base, "X")).status_code == 404
    assert cliente_admin.post(url(clave, "eliminar"), {"id": inexistente}).status_code == 404
    assert cliente_admin.post(url(clave, "reactivar"), {"id": inexistente}).status_code == 404


@pytest.mark.parametrize("clave", CLAVES)
@pytest.mark.parametrize("cuerpo", [{}, {"id": "abc"}, {"id": "-3"}, {"id": "99999999999999999999999"}])
def test_malformed_ids_are_400(cliente_admin, clave, cuerpo):
    respuesta = cliente_admin.post(url(clave, "eliminar"), cuerpo)
    assert respuesta.status_code == 400
    assert "id" in respuesta.json()["errores"]


@pytest.mark.parametrize("clave", CLAVES)
def test_writes_refuse_get(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "SOLO POST")
    for ruta in (url(clave, "crear"), url(clave, "editar", fila.pk), url(clave, "eliminar"), url(clave, "reactivar")):
        assert cliente_admin.get(ruta).status_code == 405


# --- reads --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("clave", CLAVES)
def test_page_renders_the_modal_form_and_table_configuration(cliente_admin, clave):
    respuesta = cliente_admin.get(url(clave))
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert 'id="modal-catalogo"' in contenido and 'id="boton-nuevo"' in contenido
    for campo in CATALOGOS[clave].campos:
        assert f'name="{campo}"' in contenido


@pytest.mark.parametrize("clave", CLAVES)
def test_obtener_returns_the_form_values(cliente_admin, base, clave):
    fila = crear_fila(clave, base, "PARA EL MODAL")
    cuerpo = cliente_admin.get(url(clave, "obtener", fila.pk)).json()
    assert cuerpo["exito"] is True
    assert cuerpo["registro"]["id"] == fila.pk
    assert cuerpo["registro"]["descripcion"] == "PARA EL MODAL"
    assert set(CATALOGOS[clave].campos) <= set(cuerpo["registro"])


@pytest.mark.parametrize("clave", CLAVES)
def test_search_and_sort_work_on_every_catalogue(cliente_admin, base, clave):
    crear_fila(clave, base, "ZZ ULTIMO PRUEBA")
    crear_fila(clave, base, "AA PRIMERO PRUEBA")
    cuerpo = tabla(cliente_admin, clave, **{"search[value]": "prueba primero"}).json()
    assert [f["descripcion"] for f in cuerpo["data"]] == ["AA PRIMERO PRUEBA"]
    columnas = [c.nombre for c in CATALOGOS[clave].columnas]
    indice = columnas.index("descripcion")
    for direccion in ("asc", "desc"):
        parametros = {"order[0][column]": str(indice), "order[0][dir]": direccion, "search[value]": "prueba"}
        respuesta = tabla(cliente_admin, clave, **parametros)
        assert respuesta.status_code == 200


@pytest.mark.parametrize("clave", CLAVES)
@pytest.mark.parametrize(
    "parametros",
    [
        {"draw": "abc"},
        {"length": "100000"},
        {"order[0][column]": "99"},
        {"start": "-1"},
        {"search[value]": "x" * 500},
        {"estado": "borrados"},
    ],
)
def test_malformed_table_parameters_are_400_never_500(cliente_admin, clave, parametros):
    respuesta = tabla(cliente_admin, clave, **parametros)
    assert respuesta.status_code == 400
    assert respuesta.json()["errores"]


@pytest.mark.parametrize("clave", CLAVES)
def test_every_sortable_column_sorts_without_error(cliente_admin, base, clave):
    crear_fila(clave, base, "ORDENABLE")
    for indice, columna in enumerate(CATALOGOS[clave].columnas):
        respuesta = tabla(cliente_admin, clave, **{"order[0][column]": str(indice), "order[0][dir]": "desc"})
        assert respuesta.status_code == (200 if columna.orden else 400), columna.nombre


@pytest.mark.parametrize("clave", CLAVES)
def test_table_query_count_is_the_same_for_1_and_30_rows(client, lector, base, django_assert_num_queries, clave):
    client.force_login(lector)
    tabla(client, clave)  # stamps the session once; the measured request is a steady-state one
    conteos = []
    for total in (1, 30):
        while CATALOGOS[clave].modelo.objects.filter(descripcion__startswith="MEDIDA").count() < total:
            crear_fila(clave, base, f"MEDIDA {CATALOGOS[clave].modelo.objects.count()}")
        # session + user + the user's permissions (2) + 2 counts + 1 page with its joins
        with django_assert_num_queries(7):
            respuesta = tabla(client, clave, **{"search[value]": "medida"})
        conteos.append(len(respuesta.json()["data"]))
    assert conteos == [1, 30]
