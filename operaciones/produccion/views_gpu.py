"""GPU endpoints of the production screen (reference §1.3 "Producción", §3.4): grid, status, evidence, excess.

Every view: permission → form → object lookup → service (gpu.py) → JSON envelope (DESIGN §4). The evidence file
is served only through `evidencia_gpu`, which checks the permission; it is never linked as a bare media URL.
"""

import os

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from operaciones.produccion.excedentes import ids_familia

from . import gpu
from .forms_gpu import AutorizarExcedenteForm, EstatusGpuForm, EvidenciaGpuForm, ParametrosGpuForm
from .vistas_comunes import con_ot, leer_post, validar

VER_GPU = "produccion.view_registrogpu"
EDITAR_GPU = "produccion.change_registrogpu"
# Authorising excess production unblocks billing: it takes a GPU editor who may also change the OT itself
# (in the seeded roles, administrators), not a production capturer alone.
AUTORIZAR_EXCEDENTE = ("produccion.autorizar_excedente",)

JSON_INVALIDO = "El cuerpo de la solicitud no es JSON válido."


def _estado_gpu(registro) -> dict:
    return {
        "id_gpu": registro.pk,
        "id_produccion": registro.id_produccion_id,
        "estatus_id": registro.id_estatus_id,
        "estatus_texto": gpu.ESTATUS_GPU_TEXTO.get(registro.id_estatus_id, ""),
        "archivo": registro.archivo,
        "tiene_adjunto": bool(registro.archivo_adjunto),
        "tipo_archivo": registro.tipo_archivo,
        "hash_archivo": registro.hash_archivo,
    }


@permiso_requerido(VER_GPU)
@solo_get
def obtener_grid_gpus(request):
    """The month's GPUs of an OT family (optionally one site): one row per line × time type × site, 31 day cells."""
    datos, ot, rechazo = con_ot(request, validar(ParametrosGpuForm(request.GET)))
    if rechazo is not None:
        return rechazo
    grid = gpu.gpus_grid(familia=ids_familia(ot=ot), mes=datos["mes"], anio=datos["anio"], sitio_id=datos["id_sitio"])
    return respuestas.exito("", **grid)


@permiso_requerido(EDITAR_GPU)
@solo_post
def guardar_estatus_gpu(request):
    """Move a production's GPU one step (PENDIENTE → PROCESO → FALTA FIRMA PEMEX → FIRMADO) and/or set its link."""
    datos, rechazo = leer_post(request, EstatusGpuForm, json_invalido=JSON_INVALIDO)
    if rechazo is not None:
        return rechazo
    produccion = gpu.produccion_para_usuario(request.user, datos["id_produccion"])
    if produccion is None:
        return respuestas.no_encontrado("La producción no existe.")
    try:
        registro = gpu.gpu_cambiar_estatus(
            produccion=produccion, estatus_id=datos["estatus_id"], archivo=datos["archivo"], usuario=request.user
        )
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito("Se guardó el GPU.", gpu=_estado_gpu(registro))


@permiso_requerido(EDITAR_GPU)
@solo_post
def subir_evidencia_gpu(request):
    """Attach a photo (JPEG, PNG, WebP) or PDF as a production's GPU evidence."""
    datos, rechazo = validar(EvidenciaGpuForm(request.POST, request.FILES))
    if rechazo is not None:
        return rechazo
    produccion = gpu.produccion_para_usuario(request.user, datos["id_produccion"])
    if produccion is None:
        return respuestas.no_encontrado("La producción no existe.")
    try:
        registro = gpu.gpu_adjuntar_evidencia(produccion=produccion, archivo=datos["archivo"], usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito("Se guardó la evidencia del GPU.", gpu=_estado_gpu(registro))


@permiso_requerido(VER_GPU)
@solo_get
def evidencia_gpu(request, id_gpu: int):
    """The uploaded evidence of a GPU, served with its detected type (never as a public media URL)."""
    registro = gpu.gpu_para_usuario(request.user, id_gpu)
    if registro is None or not registro.archivo_adjunto:
        raise Http404("El GPU no tiene evidencia adjunta.")
    try:
        contenido = registro.archivo_adjunto.open("rb")
    except OSError:
        raise Http404("El archivo de evidencia no está disponible.") from None
    extension = os.path.splitext(registro.archivo_adjunto.name)[1]
    nombre = f"evidencia_gpu_{registro.pk}{extension}"
    return FileResponse(contenido, content_type=registro.tipo_archivo or "application/octet-stream", filename=nombre)


@permiso_requerido(*AUTORIZAR_EXCEDENTE)
@solo_post
def autorizar_excedente(request):
    """Authorise the excess of production rows, which unblocks their GPUs."""
    datos, rechazo = leer_post(request, AutorizarExcedenteForm, json_invalido=JSON_INVALIDO)
    if rechazo is not None:
        return rechazo
    try:
        cambiadas = gpu.excedente_autorizar(producciones_ids=datos["producciones_ids"], usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    if cambiadas == 0:
        return respuestas.exito("El excedente ya estaba autorizado.", autorizadas=0)
    plural = "producción" if cambiadas == 1 else "producciones"
    return respuestas.exito(f"Se autorizó el excedente de {cambiadas} {plural}.", autorizadas=cambiadas)
