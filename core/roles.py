"""The roles of the system as Django groups, declared once (DESIGN §5 "Permissions").

Each role is a set of "app_label.codename" names. `manage.py seed_roles` makes every group hold exactly its set
(adds the missing permissions, removes the extra ones). Helpers build the sets from the model registry, so a new
model of an app is covered by "every view permission of app X" without editing this file; names written by hand
are checked against the database and a typo fails loudly.
"""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import Permission

ADMINISTRADOR = "Administrador"
COORDINADOR = "Coordinador de proyectos"
CAPTURISTA = "Capturista de producción"
FACTURACION = "Facturación"
CONSULTA = "Consulta"

# Apps whose models belong to the project (the permissions of every role come from these and from auth).
APPS_PROYECTO = ("core", "catalogos", "pte", "ot", "produccion", "estimaciones", "cronograma", "costa_fuera")
APPS_OPERATIVAS = ("catalogos", "pte", "ot", "produccion", "estimaciones", "cronograma", "costa_fuera")

VER_CENTRO_CONSULTA = "pte.view_centro_consulta"
VER_REPORTES = "core.ver_reportes"
VER_ACTIVIDAD = "core.view_registroactividad"
AUTORIZAR_EXCEDENTE = "produccion.autorizar_excedente"
CERRAR_REPORTE_BARCO = "costa_fuera.cerrar_reporte"
REABRIR_REPORTE_BARCO = "costa_fuera.reabrir_reporte"  # administrators only (every custom permission)


class PermisoDesconocido(LookupError):
    """A role names a permission that does not exist (typo, or a model not migrated yet)."""


def _modelos(app_label: str):
    return apps.get_app_config(app_label).get_models()


def de_modelo(modelo: str, *acciones: str) -> set[str]:
    """Default permissions of one model: de_modelo("pte.pteheader", "view", "add")."""
    app_label, nombre = modelo.split(".")
    return {f"{app_label}.{accion}_{nombre}" for accion in acciones}


def de_apps(apps_: Iterable[str], *acciones: str) -> set[str]:
    """The given default permissions of every model of the given apps."""
    return {
        f"{app_label}.{accion}_{modelo._meta.model_name}"
        for app_label in apps_
        for modelo in _modelos(app_label)
        for accion in acciones
        if accion in modelo._meta.default_permissions
    }


def vistas(*apps_: str) -> set[str]:
    """Every view permission of the given apps."""
    return de_apps(apps_, "view")


def todos(*apps_: str) -> set[str]:
    """Every permission (default and custom) of every model of the given apps."""
    nombres = de_apps(apps_, "view", "add", "change", "delete")
    for app_label in apps_:
        for modelo in _modelos(app_label):
            nombres |= {f"{app_label}.{codename}" for codename, _ in modelo._meta.permissions}
    return nombres


def _administrador() -> set[str]:
    return todos(*APPS_PROYECTO) | de_modelo("auth.user", "view", "add", "change", "delete") | {"auth.view_group"}


def _coordinador() -> set[str]:
    return (
        de_apps(("pte", "ot", "cronograma"), "view", "add", "change")
        | de_modelo("pte.pteheader", "delete")  # soft delete (estatus 0), enforced by the services
        | de_modelo("ot.ote", "delete")
        | vistas("produccion", "catalogos")
        # The leader sets up the sites' guard rotation and answers for the client's excess authorisations.
        | de_modelo("produccion.superintendente", "add", "change")
        | de_modelo("produccion.cicloguardia", "add", "change")
        | {AUTORIZAR_EXCEDENTE}
        | {VER_CENTRO_CONSULTA, VER_ACTIVIDAD}
        # The project leader answers for the vessels' daily reports: captures, reviews and closes them.
        | de_apps(("costa_fuera",), "view", "add", "change")
        | {CERRAR_REPORTE_BARCO}
    )


def _capturista() -> set[str]:
    captura = set()
    for modelo in ("produccion", "reportemensual", "reportediario", "registrogpu"):
        captura |= de_modelo(f"produccion.{modelo}", "view", "add", "change")
    return vistas("ot", "produccion", "catalogos", "costa_fuera") | captura | de_apps(("costa_fuera",), "add", "change")


def _facturacion() -> set[str]:
    return (
        vistas(*APPS_OPERATIVAS)
        | de_modelo("estimaciones.estimacionheader", "add", "change")
        | de_modelo("estimaciones.estimaciondetalle", "add", "change")
        | {
            "estimaciones.aprobar_estimacion",
            "estimaciones.facturar_estimacion",
            VER_REPORTES,
            VER_CENTRO_CONSULTA,
        }
    )


def _consulta() -> set[str]:
    # Failed logins and other users' background jobs are security/operations data, not business data.
    return vistas(*APPS_OPERATIVAS) | {VER_ACTIVIDAD, "core.view_modulo", VER_CENTRO_CONSULTA, VER_REPORTES}


def definiciones() -> dict[str, set[str]]:
    """Role name -> permission names. Built on call: the model registry must be ready."""
    return {
        ADMINISTRADOR: _administrador(),
        COORDINADOR: _coordinador(),
        CAPTURISTA: _capturista(),
        FACTURACION: _facturacion(),
        CONSULTA: _consulta(),
    }


def resolver_permisos(nombres: Iterable[str]) -> list[Permission]:
    """The Permission rows for "app_label.codename" names, in one query; raise PermisoDesconocido on a miss."""
    nombres = set(nombres)
    mal_formados = sorted(n for n in nombres if n.count(".") != 1)
    if mal_formados:
        raise PermisoDesconocido(f"Nombres de permiso mal formados: {', '.join(mal_formados)}")
    etiquetas = {n.split(".")[0] for n in nombres}
    encontrados = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.filter(content_type__app_label__in=etiquetas).select_related("content_type")
    }
    faltantes = sorted(nombres - encontrados.keys())
    if faltantes:
        raise PermisoDesconocido(f"Permisos inexistentes: {', '.join(faltantes)}")
    return [encontrados[n] for n in sorted(nombres)]
