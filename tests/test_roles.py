"""seed_roles (groups hold exactly their declared permissions) and crear_admin (random, printed password)."""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError

from core import roles

pytestmark = pytest.mark.django_db


def _permisos(grupo: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=grupo).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def _seed_roles() -> str:
    salida = io.StringIO()
    call_command("seed_roles", stdout=salida)
    return salida.getvalue()


def test_seed_roles_twice_changes_nothing():
    antes = {g: _permisos(g) for g in roles.definiciones()}

    salida = _seed_roles()

    assert {g: _permisos(g) for g in roles.definiciones()} == antes
    lineas = [linea for linea in salida.splitlines() if "permisos" in linea]
    assert len(lineas) == 5
    assert all("agregados 0, quitados 0" in linea for linea in lineas)


def test_groups_hold_exactly_their_definition():
    for grupo, definidos in roles.definiciones().items():
        assert _permisos(grupo) == definidos, grupo


def test_permission_added_by_hand_is_removed_on_rerun():
    consulta = Group.objects.get(name=roles.CONSULTA)
    borrar = Permission.objects.get(content_type__app_label="pte", codename="delete_pteheader")
    consulta.permissions.add(borrar)

    salida = _seed_roles()

    assert "pte.delete_pteheader" not in _permisos(roles.CONSULTA)
    assert "Consulta (existente): " in salida
    assert "quitados 1" in salida


def test_missing_permission_is_restored_on_rerun():
    grupo = Group.objects.get(name=roles.FACTURACION)
    grupo.permissions.remove(Permission.objects.get(codename="aprobar_estimacion"))

    _seed_roles()

    assert "estimaciones.aprobar_estimacion" in _permisos(roles.FACTURACION)


def test_consulta_only_reads():
    permisos = _permisos(roles.CONSULTA)
    assert permisos
    assert not [p for p in permisos if p.split(".")[1].startswith(("add_", "change_", "delete_"))]
    assert {"pte.view_pteheader", "ot.view_ote", "produccion.view_produccion", "catalogos.view_tipo"} <= permisos
    assert {"pte.view_centro_consulta", "core.ver_reportes", "costa_fuera.view_reportediarioembarcacion"} <= permisos
    assert "estimaciones.aprobar_estimacion" not in permisos


def test_administrador_has_every_project_permission_and_user_management():
    permisos = _permisos(roles.ADMINISTRADOR)
    proyecto = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(content_type__app_label__in=roles.APPS_PROYECTO).values_list(
            "content_type__app_label", "codename"
        )
    }
    assert proyecto <= permisos
    assert {"auth.add_user", "auth.change_user", "auth.view_user", "estimaciones.facturar_estimacion"} <= permisos


def test_coordinador_manages_pte_ot_and_schedules_but_not_billing():
    permisos = _permisos(roles.COORDINADOR)
    assert {
        "pte.add_pteheader",
        "pte.change_ptedetalle",
        "pte.delete_pteheader",
        "ot.add_ote",
        "ot.change_otdetalle",
        "ot.delete_ote",
        "cronograma.add_cronogramaversion",
        "produccion.view_produccion",
        "pte.view_centro_consulta",
        "catalogos.view_paso",
        "core.view_registroactividad",
    } <= permisos
    assert not {"produccion.add_produccion", "estimaciones.add_estimacionheader", "catalogos.change_tipo"} & permisos


def test_capturista_captures_production_and_offshore_reports_only():
    permisos = _permisos(roles.CAPTURISTA)
    assert {
        "ot.view_ote",
        "produccion.add_produccion",
        "produccion.change_reportediario",
        "produccion.change_registrogpu",
        "produccion.add_reportemensual",
        "catalogos.view_sitio",
        "costa_fuera.add_reportediarioembarcacion",
        "costa_fuera.change_bitacoratiempo",
    } <= permisos
    assert not {"ot.add_ote", "ot.change_ote", "pte.view_pteheader", "estimaciones.view_estimacionheader"} & permisos


def test_facturacion_estimates_approves_and_bills():
    permisos = _permisos(roles.FACTURACION)
    assert {
        "estimaciones.add_estimacionheader",
        "estimaciones.change_estimaciondetalle",
        "estimaciones.aprobar_estimacion",
        "estimaciones.facturar_estimacion",
        "core.ver_reportes",
        "pte.view_centro_consulta",
        "produccion.view_produccion",
        "ot.view_ote",
    } <= permisos
    assert not {"produccion.add_produccion", "ot.change_ote", "estimaciones.delete_estimacionheader"} & permisos


def test_personas_get_their_permissions_through_the_groups(lector, capturista):
    assert lector.has_perm("pte.view_pteheader")
    assert not lector.has_perm("pte.add_pteheader")
    assert capturista.has_perm("produccion.add_produccion")


def test_unknown_permission_fails_loudly_and_changes_nothing(monkeypatch):
    antes = _permisos(roles.CONSULTA)
    monkeypatch.setattr(roles, "definiciones", lambda: {roles.CONSULTA: {"pte.view_pteheadr"}})

    with pytest.raises(CommandError, match=r"pte\.view_pteheadr"):
        call_command("seed_roles", verbosity=0)

    assert _permisos(roles.CONSULTA) == antes


def test_malformed_permission_name_fails(monkeypatch):
    monkeypatch.setattr(roles, "definiciones", lambda: {roles.CONSULTA: {"view_pteheader"}})

    with pytest.raises(CommandError, match="mal formados"):
        call_command("seed_roles", verbosity=0)


# --- crear_admin -----------------------------------------------------------------------------------------------


def _crear_admin(*args) -> str:
    salida = io.StringIO()
    call_command("crear_admin", *args, stdout=salida)
    return salida.getvalue()


def _clave_en(salida: str) -> str:
    coincidencia = re.search(r"Contraseña:\s+(\S+)", salida)
    assert coincidencia, salida
    return coincidencia.group(1)


def test_crear_admin_creates_a_superuser_that_can_log_in(client):
    salida = _crear_admin()

    clave = _clave_en(salida)
    assert "http://127.0.0.1:8000/accounts/login/" in salida
    assert "Usuario:     admin" in salida
    assert len(clave) >= 20
    user = User.objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert user.email == "admin@localhost"
    assert user.groups.filter(name=roles.ADMINISTRADOR).exists()
    assert client.login(username="admin", password=clave)


def test_crear_admin_accepts_user_and_mail(client):
    clave = _clave_en(_crear_admin("--usuario", "jefa", "--correo", "jefa@bluemarine.com.mx"))

    assert User.objects.get(username="jefa").email == "jefa@bluemarine.com.mx"
    assert client.login(username="jefa", password=clave)


def test_crear_admin_leaves_an_existing_user_alone(client):
    clave = _clave_en(_crear_admin())

    salida = _crear_admin()

    assert "ya existe" in salida
    assert "Contraseña:" not in salida
    assert client.login(username="admin", password=clave)


def test_crear_admin_restablecer_sets_a_new_random_password(client):
    anterior = _clave_en(_crear_admin())

    nueva = _clave_en(_crear_admin("--restablecer"))

    assert nueva != anterior
    assert not client.login(username="admin", password=anterior)
    assert client.login(username="admin", password=nueva)


def test_crear_admin_never_repeats_a_password():
    primera = _clave_en(_crear_admin("--usuario", "uno"))
    segunda = _clave_en(_crear_admin("--usuario", "dos"))

    assert primera != segunda


def test_crear_admin_prints_the_login_address_of_the_site_given():
    salida = _crear_admin("--url", "http://127.0.0.1:8765/")
    assert "http://127.0.0.1:8765/accounts/login/" in salida
