"""Generadores de precios unitarios (GPU): the evidence behind production in the annexes that need it (§3.4).

Rules kept here, in one place:
- Production needs a GPU when its annex line's key (PartidaAnexoImportada.anexo, upper case and trimmed) is in
  settings.SASCOP_ANEXOS_CON_GPU and its volume is above zero; one GPU per production row.
- Workflow PENDIENTE (19) → PROCESO (20) → FALTA FIRMA PEMEX (18) → FIRMADO (17), one step at a time. Going back
  one step is allowed to users with produccion.change_registrogpu (the same permission the GPU screen needs to
  write, so every GPU editor may undo a step; commands, with no user, may too). Skipping steps is refused.
- FIRMADO needs evidence (a link or an uploaded file); the evidence of a signed GPU cannot be changed until it is
  taken back to FALTA FIRMA PEMEX.
- A GPU whose production is excess (es_excedente) not yet authorised stays in PENDIENTE: the original only
  painted it red, here the server refuses to move it.
- Evidence files are checked by content (magic bytes), not by name: JPEG, PNG, WebP or PDF, at most
  settings.SASCOP_GPU_MAX_BYTES; stored with their SHA-256 and the detected type. A stored file is deleted again if
  the transaction rolls back; a replaced file is deleted only once the replacement is committed (core/archivos.py).
"""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Trim, Upper
from django.utils import timezone

from core.actividad import actividad_registrar, actividad_registrar_lote, cambios_entre, instantanea
from core.archivos import MensajesArchivo, TipoArchivo, borrar_al_confirmar, borrar_si_se_revierte, validar_archivo
from core.models import Evento
from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import Estatus
from operaciones.ot.selectors import VIGENTES as OT_VIGENTES

from .models import Produccion, RegistroGPU

ENTIDAD_GPU = "Generador (GPU)"
ENTIDAD_PRODUCCION = "Producción"
PERMISO_GPU = "produccion.change_registrogpu"

# The workflow in order; a GPU moves one position at a time.
FLUJO_GPU = (EstatusId.GPU_PENDIENTE, EstatusId.GPU_PROCESO, EstatusId.FALTA_FIRMA_PEMEX, EstatusId.FIRMADO)
ESTATUS_GPU_TEXTO = {
    EstatusId.GPU_PENDIENTE: "PENDIENTE",
    EstatusId.GPU_PROCESO: "PROCESO",
    EstatusId.FALTA_FIRMA_PEMEX: "FALTA FIRMA PEMEX",
    EstatusId.FIRMADO: "FIRMADO",
}

MENSAJE_BLOQUEADO = "El volumen supera el autorizado: el GPU queda bloqueado hasta que se autorice el excedente."


# --- Which production needs a GPU ---------------------------------------------------------------------------------


def normalizar_anexo(anexo: str) -> str:
    """Annex key as compared with the setting: trimmed, upper case (the database side uses Upper(Trim()))."""
    return (anexo or "").strip().upper()


def anexos_con_gpu() -> list[str]:
    """Annex keys (normalised) whose production needs a GPU, from settings.SASCOP_ANEXOS_CON_GPU."""
    return sorted({normalizar_anexo(a) for a in settings.SASCOP_ANEXOS_CON_GPU if normalizar_anexo(a)})


def requiere_gpu(anexo: str) -> bool:
    """Whether production of a line with this annex key needs a GPU."""
    return normalizar_anexo(anexo) in anexos_con_gpu()


def producciones_con_gpu(consulta: QuerySet | None = None) -> QuerySet:
    """Production rows whose annex line needs a GPU (the filter runs in the database)."""
    consulta = Produccion.objects.all() if consulta is None else consulta
    return consulta.alias(anexo_gpu=Upper(Trim("id_partida_anexo__anexo"))).filter(anexo_gpu__in=anexos_con_gpu())


def producciones_vigentes() -> QuerySet:
    """Production of OTs that are not deleted (what the GPU screen may see and act on)."""
    return Produccion.objects.filter(id_partida_anexo__importacion_anexo__ot__estatus__in=OT_VIGENTES)


def produccion_para_usuario(usuario, pk) -> Produccion | None:
    """A production row of a live OT by id, with its annex line, or None (every GPU user sees every OT)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return producciones_vigentes().select_related("id_partida_anexo").filter(pk=pk).first()


def gpu_para_usuario(usuario, pk) -> RegistroGPU | None:
    """A GPU of a live OT by id, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        RegistroGPU.objects.filter(
            pk=pk, id_produccion__id_partida_anexo__importacion_anexo__ot__estatus__in=OT_VIGENTES
        )
        .select_related("id_produccion")
        .first()
    )


def gpu_bloqueado(produccion: Produccion) -> bool:
    """A GPU is blocked while its production is excess and the excess has not been authorised."""
    return bool(produccion.es_excedente and not produccion.excedente_autorizado)


def gpus_sincronizar(*, producciones_ids: list[int]) -> None:
    """Create the missing PENDIENTE GPU of each given production with volume > 0 in an annex that needs one."""
    ids = {int(pk) for pk in producciones_ids or ()}
    if not ids or not anexos_con_gpu():
        return
    faltantes = producciones_con_gpu(
        Produccion.objects.filter(pk__in=ids, volumen_produccion__gt=0, gpu__isnull=True)
    ).values_list("pk", flat=True)
    nuevas = [RegistroGPU(id_produccion_id=pk, id_estatus_id=EstatusId.GPU_PENDIENTE) for pk in faltantes]
    if nuevas:
        # ignore_conflicts: two saves racing on the same production must not fail on the one-to-one key.
        RegistroGPU.objects.bulk_create(nuevas, batch_size=500, ignore_conflicts=True)


# --- Status workflow ------------------------------------------------------------------------------------------------

CAMPOS_ESTATUS = ["id_estatus", "archivo"]


def _texto_estatus(estatus_id: int) -> str:
    return ESTATUS_GPU_TEXTO.get(estatus_id, str(estatus_id))


def tiene_evidencia(gpu: RegistroGPU) -> bool:
    """DESIGN §6 "delivered": a non-blank evidence link or an uploaded file."""
    return bool((gpu.archivo or "").strip() or gpu.archivo_adjunto)


def validar_enlace(enlace: str) -> str:
    """An evidence link: blank, or an absolute http/https URL of at most 500 characters."""
    enlace = (enlace or "").strip()
    if not enlace:
        return ""
    if len(enlace) > 500:
        raise ValidationError({"archivo": "El enlace de evidencia no puede pasar de 500 caracteres."})
    try:
        URLValidator(schemes=["http", "https"])(enlace)
    except ValidationError:
        raise ValidationError(
            {"archivo": "El enlace de evidencia debe ser una dirección http:// o https:// válida."}
        ) from None
    return enlace


def _produccion_con_gpu(produccion: Produccion) -> tuple[Produccion, RegistroGPU]:
    """The production (locked, fresh) and its GPU, created PENDIENTE when missing; refuses rows needing none."""
    produccion = (
        Produccion.objects.select_for_update(of=("self",)).select_related("id_partida_anexo").get(pk=produccion.pk)
    )
    anexo = produccion.id_partida_anexo.anexo
    if not requiere_gpu(anexo):
        raise ValidationError(
            f"La partida {produccion.id_partida_anexo.id_partida} del anexo «{anexo or 'sin anexo'}» no requiere GPU."
        )
    if produccion.volumen_produccion <= 0:
        raise ValidationError("La producción no tiene volumen: no requiere GPU.")
    gpu = (
        RegistroGPU.objects.select_for_update(of=("self",))
        .select_related("id_estatus")
        .filter(id_produccion=produccion)
        .first()
    )
    if gpu is None:
        gpu = RegistroGPU.objects.create(id_produccion=produccion, id_estatus_id=EstatusId.GPU_PENDIENTE)
    gpu.id_produccion = produccion
    return produccion, gpu


def _validar_transicion(gpu: RegistroGPU, produccion: Produccion, destino: int, usuario) -> None:
    origen = gpu.id_estatus_id
    if destino not in FLUJO_GPU:
        raise ValidationError({"estatus_id": "El estatus no pertenece al flujo de los GPU."})
    if destino == origen:
        return
    paso = FLUJO_GPU.index(destino) - (FLUJO_GPU.index(origen) if origen in FLUJO_GPU else 0)
    if abs(paso) != 1:
        raise ValidationError(
            {
                "estatus_id": f"El GPU está en {_texto_estatus(origen)}: solo puede avanzar o regresar un paso "
                f"(no pasar a {_texto_estatus(destino)})."
            }
        )
    if paso < 0 and usuario is not None and not usuario.has_perm(PERMISO_GPU):
        raise ValidationError({"estatus_id": "No tiene permiso para regresar el estatus de un GPU."})
    if paso > 0 and gpu_bloqueado(produccion):
        raise ValidationError({"estatus_id": MENSAJE_BLOQUEADO})


@transaction.atomic
def gpu_cambiar_estatus(*, produccion: Produccion, estatus_id: int, usuario, archivo: str | None = None) -> RegistroGPU:
    """Move a GPU one step of its workflow (and/or set its link); FIRMADO needs evidence; excess blocks it."""
    produccion, gpu = _produccion_con_gpu(produccion)
    estatus_id = int(estatus_id)
    _validar_transicion(gpu, produccion, estatus_id, usuario)
    antes, antes_id = instantanea(gpu, CAMPOS_ESTATUS), gpu.id_estatus_id
    if archivo is not None:
        enlace = validar_enlace(archivo)
        if enlace != gpu.archivo and gpu.id_estatus_id == EstatusId.FIRMADO and estatus_id == EstatusId.FIRMADO:
            raise ValidationError(
                {"archivo": "El GPU está firmado: regréselo a FALTA FIRMA PEMEX para cambiar su evidencia."}
            )
        gpu.archivo = enlace
    gpu.id_estatus_id = estatus_id
    if estatus_id == EstatusId.FIRMADO and not tiene_evidencia(gpu):
        raise ValidationError({"archivo": "Para marcar el GPU como FIRMADO adjunte la evidencia (enlace o archivo)."})
    if gpu.id_estatus_id != antes_id:
        # The related row itself, so the log shows the new status name rather than the cached old one.
        gpu.id_estatus = Estatus.objects.get(pk=estatus_id)
    cambios = cambios_entre(antes, gpu, CAMPOS_ESTATUS)
    if not cambios:
        return gpu
    gpu.save(update_fields=[*CAMPOS_ESTATUS, "fecha_actualizacion"])
    evento = Evento.CAMBIO_ESTATUS if "id_estatus" in cambios else Evento.ACTUALIZAR
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_GPU,
        registro_id=gpu.pk,
        evento=evento,
        cambios=cambios,
        detalle=f"Producción {produccion.pk}",
    )
    return gpu


# --- Evidence files -------------------------------------------------------------------------------------------------


TIPOS_EVIDENCIA = "JPEG, PNG, WebP o PDF"
MENSAJES_EVIDENCIA = MensajesArchivo(
    vacio="El archivo de evidencia está vacío.",
    sujeto="El archivo",
    tipo_invalido=f"El archivo no es una imagen ni un PDF válido: solo se aceptan {TIPOS_EVIDENCIA}.",
)


def validar_evidencia(archivo) -> tuple[TipoArchivo, str]:
    """Type (by content) and SHA-256 of an uploaded evidence file; ValidationError when empty, too big or foreign."""
    return validar_archivo(
        archivo, maximo_bytes=settings.SASCOP_GPU_MAX_BYTES, tipos=None, campo="archivo", mensajes=MENSAJES_EVIDENCIA
    )


CAMPOS_EVIDENCIA = ["archivo_adjunto", "hash_archivo", "tipo_archivo"]


@transaction.atomic
def gpu_adjuntar_evidencia(*, produccion: Produccion, archivo, usuario) -> RegistroGPU:
    """Store an uploaded photo/PDF as the GPU's evidence (type by content, size limit, SHA-256), replacing any."""
    tipo, huella = validar_evidencia(archivo)
    produccion, gpu = _produccion_con_gpu(produccion)
    if gpu.id_estatus_id == EstatusId.FIRMADO:
        raise ValidationError(
            {"archivo": "El GPU está firmado: regréselo a FALTA FIRMA PEMEX para cambiar su evidencia."}
        )
    antes = instantanea(gpu, CAMPOS_EVIDENCIA)
    anterior = gpu.archivo_adjunto.name if gpu.archivo_adjunto else ""
    # Our own name (production id + hash prefix + detected extension): the user's file name is never used on disk.
    gpu.archivo_adjunto.save(f"gpu_{produccion.pk}_{huella[:16]}.{tipo.extension}", archivo, save=False)
    almacen = gpu.archivo_adjunto.storage
    # The new file goes if this (or an enclosing) transaction rolls back; the old one only once the change commits.
    borrar_si_se_revierte(almacen, gpu.archivo_adjunto.name)
    gpu.hash_archivo = huella
    gpu.tipo_archivo = tipo.mime
    gpu.save(update_fields=[*CAMPOS_EVIDENCIA, "fecha_actualizacion"])
    if anterior != gpu.archivo_adjunto.name:
        borrar_al_confirmar(almacen, [anterior])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_GPU,
        registro_id=gpu.pk,
        evento=Evento.ACTUALIZAR,
        cambios=cambios_entre(antes, gpu, CAMPOS_EVIDENCIA),
        detalle=f"Producción {produccion.pk}: evidencia {tipo.mime}, {archivo.size} bytes",
    )
    return gpu


# --- Excess authorisation -------------------------------------------------------------------------------------------


@transaction.atomic
def excedente_autorizar(*, producciones_ids: list[int], usuario) -> int:
    """Authorise the excess of the given production rows (unblocking their GPUs); returns how many changed.

    Every id must exist and be excess; rows already authorised are left as they are (re-sending is harmless).
    """
    ids = sorted({int(pk) for pk in producciones_ids or ()})
    if not ids:
        raise ValidationError({"producciones_ids": "Indique al menos una producción."})
    filas = list(
        Produccion.objects.select_for_update().filter(pk__in=ids).select_related("id_partida_anexo").order_by("pk")
    )
    encontradas = {p.pk for p in filas}
    faltan = [pk for pk in ids if pk not in encontradas]
    if faltan:
        raise ValidationError({"producciones_ids": f"No existen las producciones: {', '.join(map(str, faltan))}."})
    no_excedentes = [p for p in filas if not p.es_excedente]
    if no_excedentes:
        p = no_excedentes[0]
        raise ValidationError(
            {
                "producciones_ids": f"La producción de la partida {p.id_partida_anexo.id_partida} del "
                f"{p.fecha_produccion:%d/%m/%Y} ({p.tipo_tiempo}) no es excedente: no hay nada que autorizar."
            }
        )
    campos = ["excedente_autorizado", "excedente_autorizado_por", "fecha_autorizacion_excedente"]
    ahora = timezone.now()
    cambiadas, registros = [], []
    for produccion in filas:
        if produccion.excedente_autorizado:
            continue
        antes = instantanea(produccion, campos)
        produccion.excedente_autorizado = True
        produccion.excedente_autorizado_por = usuario if getattr(usuario, "is_authenticated", False) else None
        produccion.fecha_autorizacion_excedente = ahora
        cambiadas.append(produccion)
        registros.append((produccion.pk, cambios_entre(antes, produccion, campos), "Excedente autorizado"))
    if cambiadas:
        Produccion.objects.bulk_update(cambiadas, campos, batch_size=500)
        actividad_registrar_lote(
            usuario=usuario, entidad=ENTIDAD_PRODUCCION, evento=Evento.ACTUALIZAR, registros=registros
        )
    return len(cambiadas)


# --- The GPU grid (concept × day) -----------------------------------------------------------------------------------


def _clave_codigo(codigo: str) -> tuple:
    """Code split on "." with numeric parts as integers, non-numeric parts after them ("2.10." after "2.9.")."""
    partes = [p.strip() for p in (codigo or "").split(".") if p.strip()]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.upper()) for p in partes)


def _clave_fila(fila: dict) -> tuple:
    anexo = normalizar_anexo(fila["anexo"])
    return (anexo == "", anexo, _clave_codigo(fila["codigo"]), fila["tipo_tiempo"] != "TE", fila["sitio"])


def _celda(produccion: Produccion) -> dict:
    gpu = getattr(produccion, "gpu", None)
    estatus_id = gpu.id_estatus_id if gpu else EstatusId.GPU_PENDIENTE
    return {
        "id_produccion": produccion.pk,
        "volumen": format(produccion.volumen_produccion, "f"),
        "tipo_tiempo": produccion.tipo_tiempo,
        "estatus_id": estatus_id,
        "estatus_texto": gpu.id_estatus.descripcion if gpu else _texto_estatus(estatus_id),
        "archivo": gpu.archivo if gpu else "",
        "tiene_adjunto": bool(gpu and gpu.archivo_adjunto),
        "tipo_archivo": gpu.tipo_archivo if gpu else "",
        "id_gpu": gpu.pk if gpu else None,
        "es_excedente": produccion.es_excedente,
        "excedente_autorizado": produccion.excedente_autorizado,
        "bloqueado": gpu_bloqueado(produccion),
    }


def gpus_grid(*, familia: list[int], mes: int, anio: int, sitio_id: int | None = None) -> dict:
    """The month's GPUs of an OT family, one row per annex line × time type × site and one cell per day.

    Rows come from the month's production needing a GPU (volume > 0, annex configured), whatever annex version its
    line belongs to, so production of a replaced version never disappears from the grid. One query.
    """
    dias_mes = calendar.monthrange(anio, mes)[1]
    consulta = producciones_con_gpu(
        Produccion.objects.filter(
            id_partida_anexo__importacion_anexo__ot_id__in=familia,
            fecha_produccion__range=(date(anio, mes, 1), date(anio, mes, dias_mes)),
            volumen_produccion__gt=0,
        )
    )
    if sitio_id is not None:
        consulta = consulta.filter(id_sitio_produccion_id=sitio_id)
    consulta = consulta.select_related(
        "id_partida_anexo__unidad_medida", "id_sitio_produccion", "gpu__id_estatus"
    ).order_by("fecha_produccion", "pk")
    filas: dict[tuple, dict] = {}
    for produccion in consulta:
        linea = produccion.id_partida_anexo
        clave = (linea.pk, produccion.tipo_tiempo, produccion.id_sitio_produccion_id)
        fila = filas.get(clave)
        if fila is None:
            fila = filas[clave] = {
                "id_partida_anexo": linea.pk,
                "codigo": linea.id_partida,
                "descripcion": linea.descripcion_concepto,
                "unidad": linea.unidad_medida.descripcion,
                "anexo": linea.anexo,
                "tipo_tiempo": produccion.tipo_tiempo,
                "id_sitio": produccion.id_sitio_produccion_id,
                "sitio": produccion.id_sitio_produccion.descripcion,
                "dias": [None] * 31,
            }
        # The unique key (line, day, time type, site) leaves one production per cell.
        fila["dias"][produccion.fecha_produccion.day - 1] = _celda(produccion)
    return {"dias_mes": dias_mes, "data": sorted(filas.values(), key=_clave_fila)}
