"""Schedule writes: an MS Project file becomes a new version of an OT's programme, and each task's two progress
truths (real and client) are recorded and carried over re-imports by the task's unique id (§2.4, §3.8).

The file is read by `leer_cronograma` in a subprocess (never a JVM here) and its copy stored, both before any
transaction; everything is then written in one transaction, or nothing at all (the copy is deleted on rollback).
"""

import logging
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from core.actividad import actividad_registrar, cambios_entre, instantanea, valor_legible
from core.archivos import borrar_si_se_revierte
from core.models import Evento, TrabajoSegundoPlano
from core.trabajos import trabajo_lanzar_con_archivo
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.ot.models import OTE

from .lector import ErrorCronograma, leer_cronograma
from .models import (
    AvanceCronograma,
    AvanceOtHistorial,
    CronogramaVersion,
    DependenciaTarea,
    TareaCronograma,
    TipoDependencia,
)

logger = logging.getLogger(__name__)

Reportar = Callable[[int, int], None]

TIPO_TRABAJO_CRONOGRAMA = "importar_cronograma"
CARPETA_SUBIDAS = "importaciones/cronogramas"
# Kept only so the stored upload keeps a meaningful suffix; mpxj's universal reader decides by content.
EXTENSIONES = (".mpp", ".xml", ".mpt", ".mpx", ".xer", ".pmxml", ".pp", ".gan", ".pod", ".ppx", ".planner", ".zip")

ENTIDAD_CRONOGRAMA = "Cronograma"
ENTIDAD_AVANCE = "Avance de tarea"
CAMPOS_AVANCE = ("porcentaje_real", "porcentaje_cliente", "comentario")
MAXIMO_COMENTARIO = 2000

# Schedules hold wall-clock times of the job site; they are stored as the same wall clock in Mexico City.
ZONA_CRONOGRAMA = ZoneInfo("America/Mexico_City")
CENTESIMA = Decimal("0.01")
CERO, CIEN = Decimal(0), Decimal(100)
MAXIMO_DIAS = Decimal("9999999.99")  # duracion_dias and lag_dias are (9, 2)
MAXIMO_PONDERACION = Decimal("99999.99")  # porcentaje_mpp is (7, 2)
LOTE = 1000
PASOS_AVANCE = 3  # progress of an import: read started, read done, write started, written

MENSAJE_CONCURRENCIA = (
    "La base de datos rechazó el cronograma (otra carga para esta OT al mismo tiempo o un dato inconsistente); "
    "no se escribió nada. Vuelva a intentarlo."
)
MENSAJE_RESPUESTA = "No se pudo interpretar la lectura del cronograma. Sistemas ya fue notificado."


# --- reading ---------------------------------------------------------------------------------------------------


def _nombre_de(archivo, nombre_archivo: str) -> str:
    """The file's own name (never a path: a browser may send "C:\\Obra\\plan.mpp"), for the report and storage."""
    if nombre_archivo:
        texto = str(nombre_archivo)
    elif isinstance(archivo, str | Path):
        texto = str(archivo)
    else:
        texto = str(getattr(archivo, "name", "") or "")
    nombre = texto.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return nombre[-200:] if nombre.strip(".") else "cronograma.mpp"


def _sufijo(nombre: str) -> str:
    sufijo = Path(nombre).suffix.lower()
    return sufijo if 1 < len(sufijo) <= 10 and sufijo[1:].isalnum() else ""


def _leer(archivo, nombre: str) -> tuple[dict, bytes]:
    """The lector's dict and the file's bytes; an upload is first written to a private temporary file."""
    if isinstance(archivo, str | Path):
        ruta = Path(archivo)
        datos = leer_cronograma(ruta)  # refuses missing, folder, empty and unreadable files in Spanish
        return datos, ruta.read_bytes()
    if hasattr(archivo, "seek"):
        archivo.seek(0)
    contenido = archivo.read()
    if isinstance(contenido, str):
        contenido = contenido.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="cronograma_") as carpeta:
        ruta = Path(carpeta) / f"cronograma{_sufijo(nombre)}"
        ruta.write_bytes(contenido)
        return leer_cronograma(ruta), contenido


def _decimal(valor, minimo: Decimal, maximo: Decimal) -> Decimal | None:
    """A lector number ("57.00") clamped to what its column holds; None when absent or not a number."""
    if valor is None or valor == "":
        return None
    try:
        numero = Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        return None
    if not numero.is_finite():
        return None
    return min(max(numero, minimo), maximo).quantize(CENTESIMA, ROUND_HALF_UP)


def _fecha(valor) -> datetime | None:
    """ "2003-01-07T08:00" (local, no zone) → aware datetime in Mexico City."""
    if not valor:
        return None
    try:
        momento = datetime.fromisoformat(str(valor))
    except ValueError:
        return None
    return momento if momento.tzinfo else momento.replace(tzinfo=ZONA_CRONOGRAMA)


def texto_fecha(momento: datetime | None) -> str | None:
    """An aware datetime as the local wall clock the schedule shows ("2003-01-07T08:00")."""
    if momento is None:
        return None
    return momento.astimezone(ZONA_CRONOGRAMA).strftime("%Y-%m-%dT%H:%M")


@dataclass
class _Lectura:
    """The lector's answer turned into unsaved rows plus what the report says was read and ignored."""

    tareas: list[TareaCronograma]
    dependencias: list[DependenciaTarea]
    proyecto: dict
    leido: dict
    ignorado: dict
    advertencias: list[str] = field(default_factory=list)


def _tarea(dato: dict) -> TareaCronograma:
    avance_campo = _decimal(dato.get("avance_campo"), CERO, CIEN)
    completado = _decimal(dato.get("porcentaje_completado"), CERO, CIEN)
    nivel = int(dato.get("nivel") or 1)
    padre = dato.get("padre_uid")
    return TareaCronograma(
        uid_project=int(dato["uid"]),
        id_project=None if dato.get("id") is None else int(dato["id"]),
        wbs=str(dato.get("wbs") or "")[:100],
        nombre=str(dato.get("nombre") or "").strip()[:500],
        nivel_esquema=min(max(nivel, 1), 32767),
        es_resumen=bool(dato.get("es_resumen")),
        es_hito=bool(dato.get("es_hito")),
        padre_uid=None if padre is None else int(padre),
        fecha_inicio=_fecha(dato.get("inicio")),
        fecha_fin=_fecha(dato.get("fin")),
        duracion_dias=_decimal(dato.get("duracion_dias"), CERO, MAXIMO_DIAS) or CERO,
        # The progress custom field (alias "% avance", "avance real"…) wins over MS Project's % complete (§3.8).
        porcentaje_completado=avance_campo if avance_campo is not None else (completado or CERO),
        porcentaje_mpp=_decimal(dato.get("ponderacion"), CERO, MAXIMO_PONDERACION) or CERO,
        recursos=", ".join(str(r) for r in dato.get("recursos") or [] if r),
    )


def _interpretar(datos: dict) -> _Lectura:
    """Rows from the lector's dict; links to tasks that are not stored, repeated links and unknown parents dropped."""
    tareas, uids = [], set()
    for dato in datos.get("tareas") or []:
        tarea = _tarea(dato)
        if tarea.uid_project in uids:
            raise ValidationError(
                f"El archivo repite el identificador único (UID) {tarea.uid_project} en varias tareas: "
                "revíselo en MS Project y vuelva a guardarlo."
            )
        uids.add(tarea.uid_project)
        tareas.append(tarea)
    if not tareas:
        raise ValidationError("El cronograma no tiene tareas que importar.")
    padres_desconocidos = 0
    for tarea in tareas:
        if tarea.padre_uid is not None and tarea.padre_uid not in uids:
            tarea.padre_uid = None
            padres_desconocidos += 1

    dependencias, vistas = [], set()
    descartadas = repetidas = 0
    for dato in datos.get("dependencias") or []:
        clave = (int(dato["predecesor_uid"]), int(dato["sucesor_uid"]), str(dato.get("tipo") or ""))
        if clave[0] not in uids or clave[1] not in uids or clave[2] not in TipoDependencia.values:
            descartadas += 1
            continue
        if clave in vistas:
            repetidas += 1
            continue
        vistas.add(clave)
        lag = _decimal(dato.get("lag_dias"), -MAXIMO_DIAS, MAXIMO_DIAS) or CERO
        dependencias.append(
            DependenciaTarea(predecesor_uid=clave[0], sucesor_uid=clave[1], tipo=clave[2], lag_dias=lag)
        )

    proyecto = dict(datos.get("proyecto") or {})
    ignorado = {str(clave): valor for clave, valor in (datos.get("ignorado") or {}).items()}
    ignorado["dependencias_a_tareas_ignoradas"] = (
        int(ignorado.get("dependencias_a_tareas_ignoradas") or 0) + descartadas
    )
    ignorado["dependencias_repetidas"] = repetidas
    ignorado["padres_desconocidos"] = padres_desconocidos
    lectura = _Lectura(tareas, dependencias, proyecto, _leido(tareas, dependencias, proyecto, datos), ignorado)
    if descartadas:
        lectura.advertencias.append(
            f"{descartadas} dependencia(s) apuntan a tareas que no se importaron y se descartaron."
        )
    return lectura


def _leido(tareas: list[TareaCronograma], dependencias: list[DependenciaTarea], proyecto: dict, datos: dict) -> dict:
    por_tipo = Counter(d.tipo for d in dependencias)
    recursos = sorted({r.strip() for t in tareas for r in t.recursos.split(", ") if r.strip()})
    hojas = [t for t in tareas if not t.es_resumen]
    return {
        "proyecto": {
            clave: proyecto.get(clave) for clave in ("titulo", "inicio", "fin", "formato", "version_aplicacion")
        },
        "tareas": len(tareas),
        "resumenes": sum(t.es_resumen for t in tareas),
        "hitos": sum(t.es_hito for t in tareas),
        "niveles": max(t.nivel_esquema for t in tareas),
        "dependencias": {"total": len(dependencias), **{tipo: por_tipo[tipo] for tipo in TipoDependencia.values}},
        "recursos": len(recursos),
        "lista_recursos": recursos,
        "campos_personalizados": list(datos.get("campos_personalizados") or []),
        # Same rule as the roll-up (selectors): weights only when the file gives the leaf tasks some.
        "con_ponderacion": sum(t.porcentaje_mpp for t in hojas) > 0,
    }


# --- comparing with the previous active version ------------------------------------------------------------------


def _avance_de(tarea: TareaCronograma) -> AvanceCronograma | None:
    try:
        return tarea.avance
    except ObjectDoesNotExist:
        return None


def _con_datos(avance: AvanceCronograma) -> bool:
    return bool(avance.porcentaje_real or avance.porcentaje_cliente or avance.comentario)


def _cambios(anterior: CronogramaVersion | None, previas: list[TareaCronograma], nuevas: list[TareaCronograma]):
    """Added, removed, renamed and re-dated tasks by uid, and which recorded progress cannot be carried over."""
    por_uid = {t.uid_project: t for t in nuevas}
    antes = {t.uid_project: t for t in previas}
    cambios = {
        "version_anterior": None if anterior is None else {"id": anterior.pk, "nombre": anterior.nombre_version},
        "agregadas": [{"uid": t.uid_project, "nombre": t.nombre} for t in nuevas if t.uid_project not in antes],
        "eliminadas": [{"uid": t.uid_project, "nombre": t.nombre} for t in previas if t.uid_project not in por_uid],
        "renombradas": [],
        "refechadas": [],
        "avances_conservados": 0,
        "avances_perdidos": [],
    }
    for previa in previas:
        nueva = por_uid.get(previa.uid_project)
        if nueva is None:
            continue
        if previa.nombre != nueva.nombre:
            cambios["renombradas"].append({"uid": nueva.uid_project, "antes": previa.nombre, "despues": nueva.nombre})
        if previa.fecha_inicio != nueva.fecha_inicio or previa.fecha_fin != nueva.fecha_fin:
            cambios["refechadas"].append(
                {
                    "uid": nueva.uid_project,
                    "nombre": nueva.nombre,
                    "inicio_antes": texto_fecha(previa.fecha_inicio),
                    "inicio_despues": texto_fecha(nueva.fecha_inicio),
                    "fin_antes": texto_fecha(previa.fecha_fin),
                    "fin_despues": texto_fecha(nueva.fecha_fin),
                }
            )
    copias = []
    for previa in previas:
        avance = _avance_de(previa)
        if avance is None:
            continue
        nueva = por_uid.get(previa.uid_project)
        if nueva is not None and not nueva.es_resumen:
            copias.append((nueva, avance))
        elif _con_datos(avance):
            motivo = "la tarea ya no está en el archivo" if nueva is None else "la tarea ahora es un resumen"
            cambios["avances_perdidos"].append(
                {
                    "uid": previa.uid_project,
                    "nombre": previa.nombre,
                    "porcentaje_real": valor_legible(avance.porcentaje_real),
                    "porcentaje_cliente": valor_legible(avance.porcentaje_cliente),
                    "motivo": motivo,
                }
            )
    cambios["avances_conservados"] = len(copias)
    return cambios, copias


# --- writing -----------------------------------------------------------------------------------------------------


def _autor(usuario):
    return usuario if usuario is not None and getattr(usuario, "is_authenticated", False) else None


def _limites_proyecto(lectura: _Lectura) -> tuple[datetime | None, datetime | None]:
    inicio, fin = _fecha(lectura.proyecto.get("inicio")), _fecha(lectura.proyecto.get("fin"))
    inicios = [t.fecha_inicio for t in lectura.tareas if t.fecha_inicio]
    fines = [t.fecha_fin for t in lectura.tareas if t.fecha_fin]
    return inicio or (min(inicios) if inicios else None), fin or (max(fines) if fines else None)


@dataclass
class _Escritura:
    ot: OTE
    lectura: _Lectura
    contenido: bytes
    nombre_archivo: str
    nombre_version: str
    usuario: object
    guardado: str = ""

    def escribir(self) -> CronogramaVersion:
        # Imports of one OT wait for each other, so "one active version per OT" holds without races.
        OTE.objects.select_for_update().filter(pk=self.ot.pk).first()
        anterior = CronogramaVersion.objects.select_for_update().filter(id_ot=self.ot, es_activo=True).first()
        numero = CronogramaVersion.objects.filter(id_ot=self.ot).count() + 1
        previas = list(anterior.tareas.select_related("avance").order_by("pk")) if anterior else []
        cambios, copias = _cambios(anterior, previas, self.lectura.tareas)
        if anterior is not None:
            # Kept, with its tasks and progress, as the history of the programme.
            CronogramaVersion.objects.filter(pk=anterior.pk).update(es_activo=False)
        inicio, fin = _limites_proyecto(self.lectura)
        version = CronogramaVersion(
            id_ot=self.ot,
            nombre_version=(self.nombre_version or f"v{numero} · {self.nombre_archivo}")[:200],
            usuario_carga=_autor(self.usuario),
            es_activo=True,
            fecha_inicio_proyecto=inicio,
            fecha_fin_proyecto=fin,
            reporte_importacion=self._reporte(cambios),
        )
        version.archivo_mpp.name = self.guardado
        version.save()
        for tarea in self.lectura.tareas:
            tarea.version = version
        for dependencia in self.lectura.dependencias:
            dependencia.version = version
        TareaCronograma.objects.bulk_create(self.lectura.tareas, batch_size=LOTE)
        DependenciaTarea.objects.bulk_create(self.lectura.dependencias, batch_size=LOTE)
        self._copiar_avances(version, copias)
        historial_registrar(version)
        actividad_registrar(
            usuario=_autor(self.usuario),
            entidad=ENTIDAD_CRONOGRAMA,
            registro_id=version.pk,
            evento=Evento.IMPORTAR,
            detalle=self._detalle(version, anterior, cambios),
        )
        return version

    def _reporte(self, cambios: dict) -> dict:
        advertencias = list(self.lectura.advertencias)
        perdidos = cambios["avances_perdidos"]
        if perdidos:
            advertencias.append(
                f"{len(perdidos)} avance(s) registrados no se conservaron (tareas eliminadas o convertidas en "
                "resumen): siguen en la versión anterior."
            )
        return {
            "archivo": self.nombre_archivo,
            "leido": self.lectura.leido,
            "cambios": cambios,
            "ignorado": self.lectura.ignorado,
            "advertencias": advertencias,
        }

    def _copiar_avances(self, version: CronogramaVersion, copias) -> None:
        if not copias:
            return
        if any(nueva.pk is None for nueva, _ in copias):  # databases that do not return ids from bulk inserts
            ids = dict(version.tareas.values_list("uid_project", "pk"))
            for nueva, _ in copias:
                nueva.pk = ids[nueva.uid_project]
        avances = [
            AvanceCronograma(
                tarea_id=nueva.pk,
                porcentaje_real=avance.porcentaje_real,
                porcentaje_cliente=avance.porcentaje_cliente,
                comentario=avance.comentario,
                actualizado_por_id=avance.actualizado_por_id,
            )
            for nueva, avance in copias
        ]
        AvanceCronograma.objects.bulk_create(avances, batch_size=LOTE)
        if all(a.pk for a in avances):
            # auto_now stamped the copies with "now": give them back the date the progress was measured.
            for copia, (_, avance) in zip(avances, copias, strict=True):
                copia.fecha_actualizacion = avance.fecha_actualizacion
            AvanceCronograma.objects.bulk_update(avances, ["fecha_actualizacion"], batch_size=LOTE)

    def _detalle(self, version: CronogramaVersion, anterior, cambios: dict) -> str:
        texto = (
            f"OT {self.ot.orden_trabajo}: versión «{version.nombre_version}» desde «{self.nombre_archivo}», "
            f"{len(self.lectura.tareas)} tareas, {len(self.lectura.dependencias)} dependencias"
        )
        if anterior is not None:
            texto += (
                f"; reemplaza a «{anterior.nombre_version}» ({len(cambios['agregadas'])} agregadas, "
                f"{len(cambios['eliminadas'])} eliminadas, {cambios['avances_conservados']} avances conservados)"
            )
        return texto

    def guardar_archivo(self) -> None:
        """Store the file's copy before the transaction: storage I/O must not run while the OT's lock is held."""
        campo = CronogramaVersion._meta.get_field("archivo_mpp")
        nombre = campo.generate_filename(None, f"{self.ot.pk}/{self.nombre_archivo}")
        self.guardado = campo.storage.save(nombre, ContentFile(self.contenido), max_length=campo.max_length)


def cronograma_importar(
    *,
    ot: OTE,
    archivo,
    nombre_version: str = "",
    usuario=None,
    nombre_archivo: str = "",
    reportar: Reportar | None = None,
    simulacro: bool = False,
) -> CronogramaVersion:
    """Import an MS Project file as the OT's new active version (earlier ones kept), carrying each task's real and
    client progress over by unique id; all or nothing. Raises ErrorCronograma (unreadable file) or ValidationError.

    `archivo` is a path or a file object (an upload). With `simulacro` everything is done and rolled back: the
    returned version (unsaved, no pk) carries the report.
    """
    reportar = reportar or (lambda *_: None)
    if ot.estatus == EstatusRegistro.ELIMINADO:
        raise ValidationError("La OT está eliminada: no se le puede cargar un cronograma.")
    nombre = _nombre_de(archivo, nombre_archivo)
    reportar(0, PASOS_AVANCE)
    datos, contenido = _leer(archivo, nombre)
    reportar(1, PASOS_AVANCE)
    try:
        lectura = _interpretar(datos)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.exception("Respuesta del lector de cronogramas con forma inesperada")
        raise ErrorCronograma(MENSAJE_RESPUESTA) from exc
    reportar(2, PASOS_AVANCE)
    escritura = _Escritura(ot, lectura, contenido, nombre, str(nombre_version or "").strip(), usuario)
    escritura.guardar_archivo()
    almacen = CronogramaVersion._meta.get_field("archivo_mpp").storage
    try:
        with transaction.atomic():
            # First thing in the block: the copy goes with any rollback (own, dry run or an outer one).
            borrar_si_se_revierte(almacen, escritura.guardado)
            version = escritura.escribir()
            if simulacro:
                transaction.set_rollback(True)
    except (IntegrityError, DataError) as exc:
        logger.warning("Importación de cronograma rechazada por la base de datos: %s", exc)
        raise ValidationError(MENSAJE_CONCURRENCIA) from exc
    if simulacro:
        version.pk = None
        version.es_activo = False
    reportar(PASOS_AVANCE, PASOS_AVANCE)
    return version


def cronograma_lanzar(*, ot: OTE, archivo_subido, usuario, nombre_version: str = "") -> TrabajoSegundoPlano:
    """Keep the upload in storage and queue its import as a job of the uploader (runs after the commit)."""
    from . import trabajos  # noqa: F401  (registers the job kind where the job runs inline)

    return trabajo_lanzar_con_archivo(
        tipo=TIPO_TRABAJO_CRONOGRAMA,
        usuario=usuario,
        archivo_subido=archivo_subido,
        carpeta=CARPETA_SUBIDAS,
        extensiones=EXTENSIONES,
        parametros={"ot_id": ot.pk, "nombre_version": str(nombre_version or "").strip()[:200]},
    )


# --- progress ----------------------------------------------------------------------------------------------------


def _porcentaje(valor, campo: str, etiqueta: str, errores: dict) -> Decimal | None:
    try:
        numero = Decimal(str(valor).strip().replace(",", ".")) if valor is not None else None
    except (InvalidOperation, ValueError):
        numero = None
    if numero is None or not numero.is_finite():
        errores[campo] = [f"{etiqueta} debe ser un número entre 0 y 100."]
        return None
    if numero < 0 or numero > 100:
        errores[campo] = [f"{etiqueta} debe estar entre 0 y 100."]
        return None
    if numero != numero.quantize(CENTESIMA):
        errores[campo] = [f"{etiqueta} admite a lo sumo 2 decimales."]
        return None
    return numero.quantize(CENTESIMA)


def historial_registrar(version: CronogramaVersion, *, ahora: datetime | None = None) -> AvanceOtHistorial | None:
    """Keep today's rolled-up planned, real and client % of the OT (one row per OT and day, the last one wins), so
    the real and client S-curves have a history instead of only today's value."""
    from .selectors import avance_ot  # selectors read what this module writes; imported here to avoid a cycle

    ahora = ahora or timezone.now()
    cifras = avance_ot(version, ahora=ahora)
    if cifras["real"] is None:
        return None
    registro, _ = AvanceOtHistorial.objects.update_or_create(
        id_ot_id=version.id_ot_id,
        fecha=ahora.astimezone(ZONA_CRONOGRAMA).date(),
        defaults={
            "version": version,
            "porcentaje_planeado": _acotar_porcentaje(cifras["planeado"]),
            "porcentaje_real": _acotar_porcentaje(cifras["real"]),
            "porcentaje_cliente": _acotar_porcentaje(cifras["cliente"]),
        },
    )
    return registro


def _acotar_porcentaje(valor) -> Decimal:
    return min(max(Decimal(valor or 0), CERO), CIEN).quantize(CENTESIMA, ROUND_HALF_UP)


@transaction.atomic
def avance_guardar(
    *, tarea: TareaCronograma, porcentaje_real, porcentaje_cliente, comentario: str = "", usuario=None
) -> AvanceCronograma:
    """Record a leaf task's real (SUBTEC) and client progress, 0–100 % with 2 decimals, on the OT's active version;
    summaries are rolled up, never typed. Each change is logged with its value before and after."""
    errores: dict[str, list[str]] = {}
    real = _porcentaje(porcentaje_real, "porcentaje_real", "El avance real", errores)
    cliente = _porcentaje(porcentaje_cliente, "porcentaje_cliente", "El avance del cliente", errores)
    comentario = str(comentario or "").strip()
    if len(comentario) > MAXIMO_COMENTARIO:
        errores["comentario"] = [f"El comentario admite a lo sumo {MAXIMO_COMENTARIO} caracteres."]
    if errores:
        raise ValidationError(errores)
    # The task row is locked so two saves of the same task queue up instead of both creating its progress row.
    tarea = (
        TareaCronograma.objects.select_for_update(of=("self",))
        .select_related("version", "version__id_ot")
        .get(pk=tarea.pk)
    )
    if tarea.es_resumen:
        raise ValidationError(
            f"«{tarea.nombre}» es una tarea resumen: su avance se calcula con el de sus subtareas, no se captura."
        )
    if not tarea.version.es_activo:
        raise ValidationError(
            "La tarea es de una versión del cronograma que ya no está activa: registre el avance en la versión activa."
        )
    if tarea.version.id_ot.estatus == EstatusRegistro.ELIMINADO:
        raise ValidationError("La OT está eliminada: no se le puede registrar avance.")
    avance = AvanceCronograma.objects.filter(tarea=tarea).first()
    nuevo = avance is None
    if nuevo:
        avance = AvanceCronograma(tarea=tarea, porcentaje_real=CERO.quantize(CENTESIMA))
        avance.porcentaje_cliente = avance.porcentaje_real
    antes = instantanea(avance, CAMPOS_AVANCE)
    avance.porcentaje_real, avance.porcentaje_cliente, avance.comentario = real, cliente, comentario
    cambios = cambios_entre(antes, avance, CAMPOS_AVANCE)
    if not cambios and not nuevo:
        return avance
    avance.actualizado_por = _autor(usuario)
    avance.save()
    version = tarea.version
    historial_registrar(version)
    actividad_registrar(
        usuario=_autor(usuario),
        entidad=ENTIDAD_AVANCE,
        registro_id=avance.pk,
        evento=Evento.CREAR if nuevo else Evento.ACTUALIZAR,
        cambios=cambios or None,
        detalle=f"OT {version.id_ot.orden_trabajo} · {version.nombre_version} · {tarea.wbs} {tarea.nombre}".strip(),
    )
    return avance
