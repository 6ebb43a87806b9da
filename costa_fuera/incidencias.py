"""Incidents of a vessel's day and their photos (issue 9 §5).

Rules kept here, in one place:
- An incident has a type (free text; TIPOS_SUGERIDOS are offered), a severity (BAJA, MEDIA, ALTA, CRITICA), a
  description and whether the client may see it (visible_cliente; internal by default). Who registered it is the
  user who created it, never a value from the request.
- Every write (incident or photo) goes through the report's lock and is refused when the report is CERRADO.
- Photos are JPEG, PNG or WebP recognised by their first bytes (the name and the browser's type are not trusted),
  at most settings.SASCOP_FOTO_MAX_BYTES, stored under our own name (incident id + SHA-256 prefix + the detected
  extension) with their SHA-256; a stored file is deleted again if the transaction rolls back, and files are removed
  from storage only once their deletion is committed (core/archivos.py).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.archivos import MensajesArchivo, TipoArchivo, borrar_al_confirmar, borrar_si_se_revierte, validar_archivo
from core.models import Evento

from . import reglas
from .models import FotoIncidencia, Incidencia, Severidad

ENTIDAD_INCIDENCIA = "Incidencia de embarcación"
ENTIDAD_FOTO = "Foto de incidencia"
TIPOS_SUGERIDOS = (
    "Seguridad",
    "Medio ambiente",
    "Salud",
    "Falla de equipo",
    "Clima",
    "Operativa",
    "Logística",
    "Otra",
)
TIPOS_FOTO = {"image/jpeg", "image/png", "image/webp"}
TIPOS_FOTO_TEXTO = "JPEG, PNG o WebP"
MENSAJES_FOTO = MensajesArchivo(
    vacio="La foto está vacía.",
    sujeto="La foto",
    tipo_invalido=f"El archivo no es una imagen válida: solo se aceptan fotos {TIPOS_FOTO_TEXTO}.",
)
FOTOS_MAXIMAS = 20
LARGO_TIPO = Incidencia._meta.get_field("tipo").max_length
LARGO_DESCRIPCION = 5000
CAMPOS = ["tipo", "severidad", "descripcion", "visible_cliente"]


def _limpiar(*, tipo, severidad, descripcion, visible_cliente) -> dict:
    """The incident's fields checked and trimmed, or ValidationError keyed by field."""
    errores = {}
    tipo = " ".join(str(tipo or "").split())
    if not tipo:
        errores["tipo"] = "Indique el tipo de incidencia."
    elif len(tipo) > LARGO_TIPO:
        errores["tipo"] = f"El tipo admite a lo más {LARGO_TIPO} caracteres."
    if severidad not in Severidad.values:
        errores["severidad"] = "La severidad debe ser Baja, Media, Alta o Crítica."
    descripcion = str(descripcion or "").strip()
    if not descripcion:
        errores["descripcion"] = "Describa la incidencia."
    elif len(descripcion) > LARGO_DESCRIPCION:
        errores["descripcion"] = f"La descripción admite a lo más {LARGO_DESCRIPCION} caracteres."
    if not isinstance(visible_cliente, bool):
        errores["visible_cliente"] = "Indique si la incidencia es visible para el cliente."
    if errores:
        raise ValidationError(errores)
    return {"tipo": tipo, "severidad": severidad, "descripcion": descripcion, "visible_cliente": visible_cliente}


def _incidencia_bloqueada(incidencia_id: int) -> tuple[Incidencia, object]:
    """The incident and its report, the report locked and refused when closed (lock taken before the incident's)."""
    reporte_id = Incidencia.objects.filter(pk=incidencia_id).values_list("reporte_id", flat=True).first()
    if reporte_id is None:
        raise Incidencia.DoesNotExist
    reporte = reglas.reporte_para_editar(reporte_id)
    incidencia = Incidencia.objects.select_for_update().get(pk=incidencia_id, reporte=reporte)
    incidencia.reporte = reporte
    return incidencia, reporte


def incidencia_crear(
    *, reporte_id: int, tipo: str, severidad: str, descripcion: str, visible_cliente: bool = False, usuario
) -> Incidencia:
    """Log an incident in an open report, registered by the acting user."""
    datos = _limpiar(tipo=tipo, severidad=severidad, descripcion=descripcion, visible_cliente=visible_cliente)
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)
        incidencia = Incidencia.objects.create(reporte=reporte, registrado_por=usuario, **datos)
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_INCIDENCIA,
            registro_id=incidencia.pk,
            evento=Evento.CREAR,
            cambios=cambios_de_alta(incidencia, CAMPOS),
            detalle=f"Reporte {reglas.descripcion_reporte(reporte)}",
        )
    return incidencia


def incidencia_editar(
    *, incidencia_id: int, tipo: str, severidad: str, descripcion: str, visible_cliente: bool, usuario
) -> Incidencia:
    """Change an incident of an open report."""
    datos = _limpiar(tipo=tipo, severidad=severidad, descripcion=descripcion, visible_cliente=visible_cliente)
    with transaction.atomic():
        incidencia, reporte = _incidencia_bloqueada(incidencia_id)
        antes = instantanea(incidencia, CAMPOS)
        for campo, valor in datos.items():
            setattr(incidencia, campo, valor)
        cambios = cambios_entre(antes, incidencia, CAMPOS)
        if cambios:
            incidencia.save(update_fields=CAMPOS)
            actividad_registrar(
                usuario=usuario,
                entidad=ENTIDAD_INCIDENCIA,
                registro_id=incidencia.pk,
                evento=Evento.ACTUALIZAR,
                cambios=cambios,
                detalle=f"Reporte {reglas.descripcion_reporte(reporte)}",
            )
    return incidencia


def _borrar_archivos_al_confirmar(nombres: list[str]) -> None:
    borrar_al_confirmar(FotoIncidencia._meta.get_field("archivo").storage, nombres)


def incidencia_borrar(*, incidencia_id: int, usuario) -> None:
    """Delete an incident of an open report with its photos (their files go once the deletion is committed)."""
    with transaction.atomic():
        incidencia, reporte = _incidencia_bloqueada(incidencia_id)
        archivos = [n for n in incidencia.fotos.values_list("archivo", flat=True) if n]
        descripcion = str(incidencia)
        registro_id = incidencia.pk
        incidencia.delete()
        _borrar_archivos_al_confirmar(archivos)
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_INCIDENCIA,
            registro_id=registro_id,
            evento=Evento.ELIMINAR,
            detalle=f"{descripcion} del reporte {reglas.descripcion_reporte(reporte)}; fotos borradas: {len(archivos)}",
        )


def validar_foto(archivo) -> tuple[TipoArchivo, str]:
    """Type (by content) and SHA-256 of an uploaded photo; ValidationError on `foto` when empty, too big or foreign."""
    return validar_archivo(
        archivo, maximo_bytes=settings.SASCOP_FOTO_MAX_BYTES, tipos=TIPOS_FOTO, campo="foto", mensajes=MENSAJES_FOTO
    )


def _nombre_original(archivo) -> str:
    nombre = os.path.basename(str(getattr(archivo, "name", "") or "").replace("\\", "/")).strip()
    return (nombre or "foto")[:255]


def foto_subir(*, incidencia_id: int, archivo, usuario) -> FotoIncidencia:
    """Attach a photo to an incident of an open report (type by content, size limit, SHA-256, our own file name)."""
    tipo, huella = validar_foto(archivo)
    with transaction.atomic():
        incidencia, reporte = _incidencia_bloqueada(incidencia_id)
        if incidencia.fotos.count() >= FOTOS_MAXIMAS:
            raise ValidationError({"foto": f"Una incidencia admite a lo más {FOTOS_MAXIMAS} fotos."})
        foto = FotoIncidencia(
            incidencia=incidencia,
            nombre_original=_nombre_original(archivo),
            tipo_contenido=tipo.mime,
            tamano=archivo.size,
            sha256=huella,
            subida_por=usuario,
        )
        # Our own name: the user's file name never reaches the disk.
        foto.archivo.save(f"incidencia_{incidencia.pk}_{huella[:16]}.{tipo.extension}", archivo, save=False)
        # Should this (or an enclosing) transaction roll back, the file just stored must not stay behind.
        borrar_si_se_revierte(foto.archivo.storage, foto.archivo.name)
        foto.save()
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_FOTO,
            registro_id=foto.pk,
            evento=Evento.CREAR,
            detalle=(
                f"Incidencia {incidencia.pk} del reporte {reglas.descripcion_reporte(reporte)}: "
                f"{foto.nombre_original} ({tipo.mime}, {foto.tamano} bytes)"
            ),
        )
    return foto


def foto_borrar(*, foto_id: int, usuario) -> None:
    """Remove a photo of an incident of an open report (its file goes once the deletion is committed)."""
    incidencia_id = FotoIncidencia.objects.filter(pk=foto_id).values_list("incidencia_id", flat=True).first()
    if incidencia_id is None:
        raise FotoIncidencia.DoesNotExist
    with transaction.atomic():
        incidencia, reporte = _incidencia_bloqueada(incidencia_id)
        foto = FotoIncidencia.objects.select_for_update().get(pk=foto_id, incidencia=incidencia)
        nombre, archivo = foto.nombre_original, foto.archivo.name
        foto.delete()
        _borrar_archivos_al_confirmar([archivo] if archivo else [])
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_FOTO,
            registro_id=foto_id,
            evento=Evento.ELIMINAR,
            detalle=f"{nombre} de la incidencia {incidencia.pk} del reporte {reglas.descripcion_reporte(reporte)}",
        )
