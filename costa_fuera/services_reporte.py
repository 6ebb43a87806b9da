"""Life of a vessel's daily report: create (or clone yesterday's), change its representative, the BORRADOR →
PRE-CIERRE → CERRADO workflow and the administrator's reopening. Every write locks the report through
`reglas.reporte_para_editar`.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.actividad import actividad_registrar, cambios_de_alta, instantanea, nombre_usuario
from core.models import Evento
from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.models import Sitio

from . import bitacora, consumibles, reglas
from .models import BitacoraTiempo, EstadoReporte, PersonalABordo, ReporteDiarioEmbarcacion

PERMISO_VER = "costa_fuera.view_reportediarioembarcacion"
PERMISO_CREAR = "costa_fuera.add_reportediarioembarcacion"
PERMISO_CAMBIAR = "costa_fuera.change_reportediarioembarcacion"
PERMISO_CERRAR = "costa_fuera.cerrar_reporte"
PERMISO_REABRIR = "costa_fuera.reabrir_reporte"
MOTIVO_MAXIMO = 2000

CAMPOS_ALTA = ("embarcacion", "fecha", "representante", "estado")
CAMPOS_ESTADO = ("estado", "cerrado_por", "fecha_cierre")

# (from, to) → the permission the step needs. CERRADO → BORRADOR is not here: only `reporte_reabrir` does it.
TRANSICIONES = {
    (EstadoReporte.BORRADOR, EstadoReporte.PRE_CIERRE): PERMISO_CAMBIAR,
    (EstadoReporte.PRE_CIERRE, EstadoReporte.BORRADOR): PERMISO_CAMBIAR,
    (EstadoReporte.PRE_CIERRE, EstadoReporte.CERRADO): PERMISO_CERRAR,
}


def embarcaciones_activas():
    """Vessels a report can be opened for: active sites of the EMBARCACION category."""
    return Sitio.objects.filter(id_frente_id=FrenteId.EMBARCACION, activo=True).order_by("descripcion", "pk")


def estados_siguientes(estado: str) -> list[str]:
    return [destino for (origen, destino) in TRANSICIONES if origen == estado]


def permiso_de_transicion(origen: str, destino: str) -> str | None:
    return TRANSICIONES.get((origen, destino))


def _exigir_alta_valida(*, embarcacion: Sitio, fecha: date) -> None:
    if embarcacion.id_frente_id != FrenteId.EMBARCACION or not embarcacion.activo:
        raise ValidationError({"embarcacion": "El sitio elegido no es una embarcación activa."})
    hoy = timezone.localdate()
    if fecha > hoy:
        raise ValidationError({"fecha": f"La fecha no puede ser posterior a hoy ({hoy:%d/%m/%Y})."})
    existente = ReporteDiarioEmbarcacion.objects.filter(embarcacion=embarcacion, fecha=fecha).first()
    if existente is not None:
        raise ValidationError({"fecha": _mensaje_duplicado(existente, embarcacion)})


def _mensaje_duplicado(existente: ReporteDiarioEmbarcacion, embarcacion: Sitio) -> str:
    return (
        f"Ya existe el reporte diario de {embarcacion.descripcion} del {existente.fecha:%d/%m/%Y} "
        f"(reporte {existente.pk}, {existente.get_estado_display().lower()}); ábralo en lugar de crear otro."
    )


def reporte_crear(*, embarcacion: Sitio, fecha: date, usuario) -> ReporteDiarioEmbarcacion:
    """One report per vessel and day, not in the future; its representative is the user who opens it."""
    _exigir_alta_valida(embarcacion=embarcacion, fecha=fecha)
    with transaction.atomic():
        try:
            with transaction.atomic():
                reporte = ReporteDiarioEmbarcacion.objects.create(
                    embarcacion=embarcacion, fecha=fecha, representante=usuario
                )
        except IntegrityError:
            # Another user opened the same day a moment ago: answer as the check above would have.
            existente = ReporteDiarioEmbarcacion.objects.filter(embarcacion=embarcacion, fecha=fecha).first()
            if existente is None:
                raise
            raise ValidationError({"fecha": _mensaje_duplicado(existente, embarcacion)}) from None
        reporte = reglas.reporte_para_editar(reporte.pk)
        actividad_registrar(
            usuario=usuario,
            entidad=reglas.ENTIDAD_REPORTE,
            registro_id=reporte.pk,
            evento=Evento.CREAR,
            cambios=cambios_de_alta(reporte, CAMPOS_ALTA),
            detalle=f"Se abrió el reporte diario de {reglas.descripcion_reporte(reporte)}.",
        )
        consumibles.inventarios_abrir(reporte)
    return reporte


def reporte_anterior(*, embarcacion: Sitio, fecha: date) -> ReporteDiarioEmbarcacion | None:
    """The vessel's most recent report before `fecha` (not necessarily the day before)."""
    return ReporteDiarioEmbarcacion.objects.filter(embarcacion=embarcacion, fecha__lt=fecha).order_by("-fecha").first()


def reporte_clonar_anterior(*, embarcacion: Sitio, fecha: date, usuario) -> tuple[ReporteDiarioEmbarcacion, str]:
    """Open the day copying the time log and the POB of the vessel's latest earlier report; says what it copied.

    An OT that no longer works on the vessel in the new day's month is left blank in the copied activity.
    """
    _exigir_alta_valida(embarcacion=embarcacion, fecha=fecha)
    origen = reporte_anterior(embarcacion=embarcacion, fecha=fecha)
    if origen is None:
        raise ValidationError(
            {"clonar": f"{embarcacion.descripcion} no tiene un reporte anterior al {fecha:%d/%m/%Y} para clonar."}
        )
    with transaction.atomic():
        reporte = reporte_crear(embarcacion=embarcacion, fecha=fecha, usuario=usuario)
        reporte = reglas.reporte_para_editar(reporte.pk)
        permitidas = set(bitacora.ots_permitidas(reporte))
        actividades = list(origen.bitacora.order_by("hora_inicio", "pk"))
        sin_ot = sum(1 for a in actividades if a.ot_id and a.ot_id not in permitidas)
        BitacoraTiempo.objects.bulk_create(
            BitacoraTiempo(
                reporte=reporte,
                hora_inicio=a.hora_inicio,
                hora_fin=a.hora_fin,
                actividad=a.actividad,
                estatus_operativo=a.estatus_operativo,
                ot_id=a.ot_id if a.ot_id in permitidas else None,
                hueco_justificado=a.hueco_justificado,
            )
            for a in actividades
        )
        pob = list(origen.pob.order_by("pk"))
        PersonalABordo.objects.bulk_create(
            PersonalABordo(reporte=reporte, compania=p.compania, categoria=p.categoria, cantidad=p.cantidad)
            for p in pob
        )
        mensaje = (
            f"Se creó el reporte de {reglas.descripcion_reporte(reporte)} copiando el del {origen.fecha:%d/%m/%Y}: "
            f"{len(actividades)} actividades de bitácora y {len(pob)} renglones de personal a bordo "
            f"({sum(p.cantidad for p in pob)} personas)."
        )
        if sin_ot:
            mensaje += f" {sin_ot} actividades quedaron sin OT porque su OT no trabaja en la embarcación este mes."
        actividad_registrar(
            usuario=usuario,
            entidad=reglas.ENTIDAD_REPORTE,
            registro_id=reporte.pk,
            evento=Evento.ACTUALIZAR,
            cambios={"clonado_de": ("", f"reporte {origen.pk} del {origen.fecha:%d/%m/%Y}")},
            detalle=mensaje,
        )
    return reporte, mensaje


def representantes_posibles() -> QuerySet:
    """Active users who may edit daily reports (directly, through a group, or as superusers): one query.

    Mirrors Django's ModelBackend, the rule `has_perm` applies for the project's authentication backend.
    """
    app, codigo = PERMISO_CAMBIAR.split(".")
    permiso = Permission.objects.filter(content_type__app_label=app, codename=codigo).values("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=permiso) | Q(groups__permissions__in=permiso))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _texto_usuario(usuario) -> str:
    """ "Full Name (username)" for the log, so a renamed or homonymous user stays identifiable."""
    nombre = usuario.get_full_name()
    return f"{nombre} ({usuario.get_username()})" if nombre else usuario.get_username()


def _exigir_representante_valido(representante) -> None:
    if representante is None or getattr(representante, "pk", None) is None:
        raise ValidationError({"representante": "Elija al nuevo representante."})
    nombre = nombre_usuario(representante)
    if not representante.is_active:
        raise ValidationError({"representante": f"El usuario {nombre} está inactivo; no puede ser representante."})
    if not representante.has_perm(PERMISO_CAMBIAR):
        raise ValidationError(
            {"representante": f"{nombre} no tiene permiso para editar reportes diarios; no puede ser representante."}
        )


def reporte_cambiar_representante(*, reporte_id: int, representante, usuario) -> ReporteDiarioEmbarcacion:
    """Hand the day to another responsible user (active, allowed to edit reports); refused on a closed report.

    Choosing the current representative again writes nothing.
    """
    if not usuario.has_perm(PERMISO_CAMBIAR):
        raise PermissionDenied
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)  # a closed report is refused before anything else
        _exigir_representante_valido(representante)
        if reporte.representante_id == representante.pk:
            return reporte
        anterior = _texto_usuario(reporte.representante)
        reporte.representante = representante
        reporte.save(update_fields=["representante", "fecha_actualizacion"])
        actividad_registrar(
            usuario=usuario,
            entidad=reglas.ENTIDAD_REPORTE,
            registro_id=reporte.pk,
            evento=Evento.ACTUALIZAR,
            cambios={"representante": (anterior, _texto_usuario(representante))},
            detalle=f"Cambio de representante del reporte de {reglas.descripcion_reporte(reporte)}.",
        )
    return reporte


def reporte_cambiar_estado(*, reporte_id: int, estado: str, usuario) -> ReporteDiarioEmbarcacion:
    """One workflow step. Pre-closing needs the whole day (00:00–24:00) logged; closing needs cerrar_reporte."""
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)
        permiso = permiso_de_transicion(reporte.estado, estado)
        if permiso is None:
            destino = EstadoReporte(estado).label if estado in EstadoReporte.values else str(estado)
            raise ValidationError(
                {"estado": f"Un reporte en {reporte.get_estado_display().lower()} no puede pasar a {destino.lower()}."}
            )
        if not usuario.has_perm(permiso):
            raise PermissionDenied
        if estado == EstadoReporte.PRE_CIERRE:
            bitacora.exigir_dia_completo(reporte)
        antes = instantanea(reporte, CAMPOS_ESTADO)
        reporte.estado = estado
        if estado == EstadoReporte.CERRADO:
            reporte.cerrado_por = usuario
            reporte.fecha_cierre = timezone.now()
        reporte.save(update_fields=["estado", "cerrado_por", "fecha_cierre", "fecha_actualizacion"])
        _registrar_estado(
            reporte, antes, usuario, f"Cambio de estado del reporte de {reglas.descripcion_reporte(reporte)}."
        )
    return reporte


def reporte_reabrir(*, reporte_id: int, usuario, motivo: str) -> ReporteDiarioEmbarcacion:
    """An administrator returns a closed report to BORRADOR; the reason is mandatory and stays in the log."""
    motivo = (motivo or "").strip()
    if not usuario.has_perm(PERMISO_REABRIR):
        raise PermissionDenied
    if not motivo:
        raise ValidationError({"motivo": "Indique el motivo de la reapertura."})
    if len(motivo) > MOTIVO_MAXIMO:
        raise ValidationError({"motivo": f"El motivo no puede pasar de {MOTIVO_MAXIMO} caracteres."})
    with transaction.atomic():
        # The one write that may touch a closed report, so it locks the row itself instead of reporte_para_editar.
        reporte = ReporteDiarioEmbarcacion.objects.select_for_update().get(pk=reporte_id)
        reporte.embarcacion  # noqa: B018  (loaded after the lock, see reglas.reporte_para_editar)
        if reporte.estado != EstadoReporte.CERRADO:
            raise ValidationError(
                {"estado": f"El reporte de {reglas.descripcion_reporte(reporte)} no está cerrado; no hay qué reabrir."}
            )
        antes = instantanea(reporte, CAMPOS_ESTADO)
        reporte.estado = EstadoReporte.BORRADOR
        reporte.cerrado_por = None
        reporte.fecha_cierre = None
        reporte.save(update_fields=["estado", "cerrado_por", "fecha_cierre", "fecha_actualizacion"])
        detalle = f"Reapertura del reporte de {reglas.descripcion_reporte(reporte)}. Motivo: {motivo}"
        _registrar_estado(reporte, antes, usuario, detalle, extra={"motivo_reapertura": ("", motivo)})
    return reporte


def _registrar_estado(reporte: ReporteDiarioEmbarcacion, antes: dict, usuario, detalle: str, extra=None) -> None:
    despues = instantanea(reporte, CAMPOS_ESTADO)
    cambios = {campo: (antes[campo], despues[campo]) for campo in CAMPOS_ESTADO if antes[campo] != despues[campo]}
    cambios.update(extra or {})
    actividad_registrar(
        usuario=usuario,
        entidad=reglas.ENTIDAD_REPORTE,
        registro_id=reporte.pk,
        evento=Evento.CAMBIO_ESTATUS,
        cambios=cambios,
        detalle=detalle,
    )
