"""The schedules module: its landing page and the JSON endpoints of the OT's "Programa" tab (issue 7).

Reading (versions, task tree, Gantt, S-curve, import report) needs `cronograma.view_cronogramaversion`; uploading a
schedule needs `cronograma.add_cronogramaversion`; capturing real / client progress needs
`cronograma.change_avancecronograma`. Every endpoint reaches its OT through `ot_para_usuario`, so a deleted OT's
schedule is as gone as the OT. Only the active version is captured: earlier ones are kept read-only.
"""

from functools import wraps
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.actividad import nombre_usuario
from core.formato import fecha_dmy
from core.selectors import resumen_cronograma
from operaciones.ot.selectors import ot_para_usuario

from . import selectors
from .forms import AvanceForm, ImportarCronogramaForm
from .lector import ErrorCronograma
from .models import CronogramaVersion, TareaCronograma
from .services import avance_guardar, cronograma_lanzar

VER = "cronograma.view_cronogramaversion"
CARGAR = "cronograma.add_cronogramaversion"
CAPTURAR = "cronograma.change_avancecronograma"
OT_NO_EXISTE = "La OT no existe o fue eliminada."
VERSION_NO_EXISTE = "La versión del programa no existe."
TAREA_NO_EXISTE = "La tarea no existe."


@permiso_requerido(VER)
def inicio(request):
    contexto = {
        "titulo": "Cronogramas",
        "icono": "bi-calendar-range",
        "modulo_activo": "cronograma",
        "descripcion": (
            "Programas de MS Project de cada OT: importación del archivo .mpp en versiones, tareas con su "
            "ponderación y dependencias, diagrama de Gantt y registro del avance real medido junto al avance "
            "que acepta el cliente."
        ),
        "resumen": resumen_cronograma(),
    }
    return render(request, "modulo_inicio.html", contexto)


# --- Access --------------------------------------------------------------------------------------------------------


def _version_para_usuario(usuario, pk: int) -> CronogramaVersion | None:
    """A version whose OT the user may see (the OT's access rule decides), or None."""
    version = CronogramaVersion.objects.select_related("usuario_carga").filter(pk=pk).first()
    if version is None or ot_para_usuario(usuario, version.id_ot_id) is None:
        return None
    return version


def _con_version(vista):
    """A version's JSON endpoint: opens the version the user may see (404 otherwise) and answers the view's data
    beside the version itself."""

    @wraps(vista)
    def envoltura(request, pk: int):
        version = _version_para_usuario(request.user, pk)
        if version is None:
            return respuestas.no_encontrado(VERSION_NO_EXISTE)
        return JsonResponse({"exito": True, "version": _version_como_dict(version), **vista(request, version)})

    return envoltura


def _nombre_archivo(version: CronogramaVersion) -> str:
    reporte = version.reporte_importacion or {}
    return reporte.get("archivo") or Path(version.archivo_mpp.name or "").name


def _fecha_hora(valor) -> str:
    return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M") if valor else ""


def _fecha(valor) -> str:
    return fecha_dmy(timezone.localtime(valor)) if valor else ""


def _version_como_dict(version: CronogramaVersion) -> dict:
    return {
        "id": version.pk,
        "nombre": version.nombre_version,
        "fecha_carga": _fecha_hora(version.fecha_carga),
        "archivo": _nombre_archivo(version),
        "usuario": nombre_usuario(version.usuario_carga),  # "Sistema" for imports by command
        "es_activo": version.es_activo,
        "tareas": getattr(version, "num_tareas", None),
        "inicio": _fecha(version.fecha_inicio_proyecto),
        "fin": _fecha(version.fecha_fin_proyecto),
    }


def _kpis(avance: dict) -> dict:
    """The OT's planned, real and client % at today and the deviations against planned (percentage points).

    None when the version has no leaf task to weigh. `base_ponderacion` says what weighed the tasks.
    """
    valores = {clave: avance.get(clave) for clave in ("planeado", "real", "cliente")}
    for clave in ("real", "cliente"):
        hay = valores[clave] is not None and valores["planeado"] is not None
        valores[f"desviacion_{clave}"] = valores[clave] - valores["planeado"] if hay else None
    return {
        **{clave: None if valor is None else str(valor) for clave, valor in valores.items()},
        "base_ponderacion": avance.get("base_ponderacion"),
    }


# --- Versions and upload -------------------------------------------------------------------------------------------


@permiso_requerido(VER)
@solo_get
def ot_versiones(request, pk: int):
    """Every schedule version of the OT (newest first) and the active one."""
    ot = ot_para_usuario(request.user, pk)
    if ot is None:
        return respuestas.no_encontrado(OT_NO_EXISTE)
    versiones = [_version_como_dict(v) for v in selectors.versiones_de_ot(ot)]
    activa = next((v["id"] for v in versiones if v["es_activo"]), None)
    return JsonResponse(
        {
            "exito": True,
            "versiones": versiones,
            "activa": activa,
            "puede_importar": request.user.has_perm(CARGAR),
            "puede_capturar": request.user.has_perm(CAPTURAR),
        }
    )


@permiso_requerido(CARGAR)
@solo_post
def ot_importar(request, pk: int):
    """Receive a schedule file and launch its import as a job; the answer carries the job to poll."""
    ot = ot_para_usuario(request.user, pk)
    if ot is None:
        return respuestas.no_encontrado(OT_NO_EXISTE)
    form = ImportarCronogramaForm(request.POST, request.FILES)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        trabajo = cronograma_lanzar(
            ot=ot,
            archivo_subido=form.cleaned_data["archivo"],
            usuario=request.user,
            nombre_version=form.cleaned_data["nombre_version"],
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    except ErrorCronograma as e:
        return respuestas.error(str(e), errores={"archivo": [str(e)]})
    return respuestas.exito(
        "Se recibió el archivo; la importación está en curso.",
        status=202,
        trabajo_id=trabajo.pk,
        url_estado=reverse("core:trabajo_estado", args=[trabajo.pk]),
    )


@permiso_requerido(VER)
@solo_get
@_con_version
def version_reporte(request, version: CronogramaVersion) -> dict:
    """The import report kept with a version: what was read, what changed against the previous one, what was ignored."""
    return {"reporte": version.reporte_importacion}


@permiso_requerido(VER)
@solo_get
def version_archivo(request, pk: int):
    """The schedule file a version was imported from, as it was uploaded."""
    version = _version_para_usuario(request.user, pk)
    if version is None or not version.archivo_mpp:
        raise Http404(VERSION_NO_EXISTE)
    try:
        archivo = version.archivo_mpp.open("rb")
    except (OSError, ValueError) as e:
        raise Http404("El archivo de la versión ya no está disponible.") from e
    return FileResponse(archivo, as_attachment=True, filename=_nombre_archivo(version) or "programa.mpp")


# --- Tasks, Gantt, S-curve -----------------------------------------------------------------------------------------


@permiso_requerido(VER)
@solo_get
@_con_version
def version_arbol(request, version: CronogramaVersion) -> dict:
    """The version's tasks in file order (flat, with level and parent) with both progress truths and the roll-up."""
    return {
        "editable": version.es_activo and request.user.has_perm(CAPTURAR),
        "tareas": selectors.arbol_tareas(version),
        "kpis": _kpis(selectors.avance_ot(version)),
    }


@permiso_requerido(VER)
@solo_get
@_con_version
def version_gantt(request, version: CronogramaVersion) -> dict:
    """Bars and links of the version for the Gantt chart."""
    return selectors.gantt(version)


@permiso_requerido(VER)
@solo_get
@_con_version
def version_curva(request, version: CronogramaVersion) -> dict:
    """Planned, real and client cumulative progress of the version (S-curves) and today's figures."""
    return {"curva": selectors.curva_s(version), "kpis": _kpis(selectors.avance_ot(version))}


# --- Progress capture ----------------------------------------------------------------------------------------------


@permiso_requerido(CAPTURAR)
@solo_post
def tarea_avance(request, pk: int):
    """Store the real / client progress and the comment of one leaf task of the active version (the service refuses
    summaries and earlier versions); answer the task and its ancestors as the tree shows them, and today's figures."""
    tarea = TareaCronograma.objects.select_related("version", "avance").filter(pk=pk).first()
    if tarea is None or ot_para_usuario(request.user, tarea.version.id_ot_id) is None:
        return respuestas.no_encontrado(TAREA_NO_EXISTE)
    form = AvanceForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        avance_guardar(tarea=tarea, usuario=request.user, **form.valores(getattr(tarea, "avance", None)))
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito("Avance guardado.", **_tras_guardar(tarea))


def _tras_guardar(tarea: TareaCronograma) -> dict:
    """The saved task and its ancestors (their roll-up changed) as the tree shows them, and the OT's figures."""
    filas = selectors.arbol_tareas(tarea.version)
    por_uid = {fila["uid"]: fila for fila in filas}
    cambiadas, uid = [], tarea.uid_project
    while uid is not None and uid in por_uid and len(cambiadas) < len(por_uid):
        cambiadas.append(por_uid[uid])
        uid = por_uid[uid].get("padre_uid")
    return {"tareas": cambiadas, "kpis": _kpis(selectors.avance_ot(tarea.version))}
