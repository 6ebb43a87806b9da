"""The rules each catalogue form enforces, and the services called without a browser."""

import pytest

from core.models import Evento, RegistroActividad
from operaciones.catalogos import services
from operaciones.catalogos.constantes import NivelFrente, NivelTipo
from operaciones.catalogos.definiciones import CATALOGOS
from operaciones.catalogos.models import Cliente, Frente, Paso, Sitio, Tipo, TipoPaso

from .conftest import crear_fila, datos_validos

pytestmark = pytest.mark.django_db


def crear(cliente, catalogo, datos: dict):
    return cliente.post(f"/operaciones/catalogos/{catalogo}/crear/", datos)


def errores(respuesta) -> dict:
    assert respuesta.status_code == 400, respuesta.content
    return respuesta.json()["errores"]


def cuerpo(catalogo, base, descripcion="REGLA", cambios: dict | None = None, **mas):
    return {**datos_validos(catalogo, base, descripcion), **(cambios or {}), **mas}


@pytest.mark.parametrize(
    ("clave", "cambios", "campo"),
    [
        ("tipos", {"nivel_afectacion": "99"}, "nivel_afectacion"),
        ("tipos", {"nivel_afectacion": ""}, "nivel_afectacion"),
        ("estatus", {"nivel_afectacion": "x"}, "nivel_afectacion"),
        ("frentes", {"nivel_afectacion": ""}, "nivel_afectacion"),
        ("sitios", {"id_frente": ""}, "id_frente"),
        ("sitios", {"capacidad_pob": "-5"}, "capacidad_pob"),
        ("unidad_medida", {"clave": ""}, "clave"),
        ("unidad_medida", {"clave": "DEMASIADO-LARGA"}, "clave"),
        ("cliente", {"id_tipo": ""}, "id_tipo"),
        ("cliente", {"id_tipo": "abc"}, "id_tipo"),
        ("pasos", {"importancia": "-1"}, "importancia"),
        ("pasos", {"importancia": "abc"}, "importancia"),
        ("pasos", {"importancia": "1,5"}, "importancia"),
        ("pasos", {"tipo": "3"}, "tipo"),
        ("pasos", {"orden": ""}, "orden"),
        ("pasos_ot", {"importancia": "-0.01"}, "importancia"),
        ("pasos_ot", {"tipo": ""}, "tipo"),
        ("responsable", {"usuario": "999999"}, "usuario"),
    ],
)
def test_bad_values_are_400_naming_the_field(cliente_admin, base, clave, cambios, campo):
    antes = CATALOGOS[clave].modelo.objects.count()
    assert campo in errores(crear(cliente_admin, clave, cuerpo(clave, base, cambios=cambios)))
    assert CATALOGOS[clave].modelo.objects.count() == antes


def test_a_site_needs_a_site_category_not_an_ot_front(cliente_admin, base):
    assert "id_frente" in errores(crear(cliente_admin, "sitios", cuerpo("sitios", base, id_frente=base.frente_ot.pk)))


def test_a_client_needs_a_client_type(cliente_admin, base):
    assert "id_tipo" in errores(crear(cliente_admin, "cliente", cuerpo("cliente", base, id_tipo=base.tipo_pte.pk)))


def test_a_step_template_belongs_to_a_client_type(cliente_admin, base):
    datos = cuerpo("pasos", base, id_tipo_cliente=base.tipo_ot.pk)
    assert "id_tipo_cliente" in errores(crear(cliente_admin, "pasos", datos))


def test_a_sub_step_needs_its_parent(cliente_admin, base):
    datos = cuerpo("pasos", base, tipo=TipoPaso.SUBPASO.value, paso_padre="")
    assert "paso_padre" in errores(crear(cliente_admin, "pasos", datos))


def test_a_main_step_has_no_parent(cliente_admin, base):
    datos = cuerpo("pasos", base, tipo=TipoPaso.PRINCIPAL.value)
    assert "paso_padre" in errores(crear(cliente_admin, "pasos", datos))
    sin_padre = cuerpo("pasos", base, tipo=TipoPaso.PRINCIPAL.value, paso_padre="")
    assert crear(cliente_admin, "pasos", sin_padre).status_code == 201


def test_a_parent_step_must_be_a_main_step_of_the_same_client_type(cliente_admin, base):
    otro_cliente = Tipo.objects.create(descripcion="OTRO CLIENTE", nivel_afectacion=NivelTipo.CLIENTE)
    ajeno = Paso.objects.create(descripcion="PADRE AJENO", orden="1", id_tipo_cliente=otro_cliente)
    assert "paso_padre" in errores(crear(cliente_admin, "pasos", cuerpo("pasos", base, paso_padre=ajeno.pk)))
    subpaso = crear_fila("pasos", base, "SUB")
    assert "paso_padre" in errores(crear(cliente_admin, "pasos", cuerpo("pasos", base, paso_padre=subpaso.pk)))


def test_a_step_cannot_be_its_own_parent(cliente_admin, base):
    padre = base.paso
    datos = cuerpo("pasos", base, descripcion="PASO PADRE PRUEBA", paso_padre=padre.pk)
    respuesta = cliente_admin.post(f"/operaciones/catalogos/pasos/editar/{padre.pk}/", datos)
    assert "paso_padre" in errores(respuesta)


def test_an_ot_step_template_must_be_an_ot_type(cliente_admin, base):
    assert "tipo" in errores(crear(cliente_admin, "pasos_ot", cuerpo("pasos_ot", base, tipo=base.tipo_cliente.pk)))


def test_importance_is_stored_as_an_exact_decimal(cliente_admin, base):
    respuesta = crear(cliente_admin, "pasos", cuerpo("pasos", base, importancia="12.35"))
    paso = Paso.objects.get(pk=respuesta.json()["id_nuevo"])
    assert str(paso.importancia) == "12.35"


def test_unit_key_is_unique_ignoring_case(cliente_admin, base):
    crear(cliente_admin, "unidad_medida", {"descripcion": "METRO LINEAL", "clave": "ML"})
    respuesta = crear(cliente_admin, "unidad_medida", {"descripcion": "METRO LINEAL 2", "clave": " ml "})
    assert list(errores(respuesta)) == ["clave"]


def test_same_description_may_repeat_in_another_level(cliente_admin):
    Tipo.objects.create(descripcion="INTERCOM PRUEBA", nivel_afectacion=NivelTipo.CLIENTE)
    respuesta = crear(
        cliente_admin, "tipos", {"descripcion": "INTERCOM PRUEBA", "nivel_afectacion": NivelTipo.OT.value}
    )
    assert respuesta.status_code == 201
    otra = crear(cliente_admin, "tipos", {"descripcion": "intercom prueba", "nivel_afectacion": NivelTipo.OT.value})
    assert "descripcion" in errores(otra)


def test_inactive_rows_are_not_offered_but_an_existing_reference_survives_edits(cliente_admin, base):
    dormido = Tipo.objects.create(descripcion="CLIENTE VIEJO", nivel_afectacion=NivelTipo.CLIENTE, activo=False)
    assert "id_tipo" in errores(crear(cliente_admin, "cliente", cuerpo("cliente", base, id_tipo=dormido.pk)))
    cliente = Cliente.objects.create(descripcion="CLIENTE HISTORICO", id_tipo=dormido)
    datos = cuerpo("cliente", base, descripcion="CLIENTE HISTORICO", id_tipo=dormido.pk, comentario="nota")
    assert cliente_admin.post(f"/operaciones/catalogos/cliente/editar/{cliente.pk}/", datos).status_code == 200


def test_editing_a_foreign_key_logs_names_not_ids(cliente_admin, base):
    sitio = Sitio.objects.create(descripcion="PATIO NORTE", id_frente=base.categoria_sitio)
    otra = Frente.objects.create(descripcion="PLATAFORMAS PRUEBA", nivel_afectacion=NivelFrente.SITIOS)
    datos = cuerpo("sitios", base, descripcion="PATIO NORTE", id_frente=otra.pk, capacidad_pob="", comentario="")
    assert cliente_admin.post(f"/operaciones/catalogos/sitios/editar/{sitio.pk}/", datos).status_code == 200
    filas = RegistroActividad.objects.filter(afectacion="Sitio", registro_id=sitio.pk, evento=Evento.ACTUALIZAR)
    assert {(r.campo, r.valor_anterior, r.valor_actual) for r in filas} == {
        ("id_frente", "CATEGORIA PRUEBA", "PLATAFORMAS PRUEBA")
    }


def test_services_work_without_a_browser_and_log_the_system_user(base):
    d = CATALOGOS["frentes"]
    frente = services.catalogo_crear(
        modelo=d.modelo,
        entidad=d.entidad,
        datos={"descripcion": "FRENTE DE COMANDO", "nivel_afectacion": NivelFrente.OTS, "comentario": ""},
        campos=d.campos,
        usuario=None,
    )
    services.catalogo_desactivar(instancia=frente, entidad=d.entidad, usuario=None)
    filas = RegistroActividad.objects.filter(afectacion="Frente", registro_id=frente.pk)
    assert {r.evento for r in filas} == {Evento.CREAR, Evento.ELIMINAR}
    assert all(r.usuario_id is None for r in filas)


def test_reactivating_an_active_row_is_refused(cliente_admin, base):
    fila = crear_fila("tipos", base, "YA ACTIVO")
    respuesta = cliente_admin.post("/operaciones/catalogos/tipos/reactivar/", {"id": fila.pk})
    assert "__all__" in errores(respuesta)
    assert not RegistroActividad.objects.filter(afectacion="Tipo", registro_id=fila.pk).exists()
