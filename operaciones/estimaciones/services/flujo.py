"""Adjusting a line and moving an estimation along its workflow (each step permission-checked and logged)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Trim, Upper
from django.utils import timezone

from core.actividad import actividad_registrar
from core.models import Evento
from operaciones.catalogos.constantes import EstatusId
from operaciones.ot.models import OTE
from operaciones.produccion.gpu import anexos_con_gpu
from operaciones.produccion.models import Produccion

from ..models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader
from .comun import (
    CAMPOS_TOTALES,
    ENTIDAD_ESTIMACION,
    ENTIDAD_LINEA,
    ESTADOS_EDITABLES,
    LINEAS_EN_MENSAJE,
    PERMISO_CAMBIAR,
    exigir_permiso,
    importe,
    permiso_de_transicion,
    recalcular_totales,
    validar_volumen,
)

# --- Adjust a line --------------------------------------------------------------------------------------------------


@transaction.atomic
def estimacion_ajustar_linea(
    *, detalle: EstimacionDetalle, volumen_estimado: Decimal, comentario: str, usuario
) -> EstimacionDetalle:
    """Set a line's billed volume; a volume other than the produced one needs a comment; only while editable."""
    exigir_permiso(usuario, PERMISO_CAMBIAR, "ajustar estimaciones")
    cabecera = EstimacionHeader.objects.select_for_update().get(pk=detalle.id_estimacion_header_id)
    linea = EstimacionDetalle.objects.select_for_update().get(pk=detalle.pk)
    if cabecera.estado not in ESTADOS_EDITABLES:
        raise ValidationError(
            {
                "estado": (
                    f"La estimación {cabecera.folio} está {cabecera.get_estado_display().lower()}: no admite ajustes."
                )
            }
        )
    if not linea.vigente:
        raise ValidationError({"__all__": "La línea ya no está vigente en la estimación."})
    volumen = validar_volumen(volumen_estimado)
    comentario = (comentario or "").strip()
    if volumen != linea.volumen_actual and not comentario:
        raise ValidationError(
            {"comentario": "Explique en un comentario por qué el volumen estimado difiere del producido."}
        )
    antes = {
        "volumen_estimado": linea.volumen_estimado,
        "importe_mn": linea.importe_mn,
        "importe_usd": linea.importe_usd,
        "comentario_ajuste": linea.comentario_ajuste,
    }
    linea.volumen_estimado = volumen
    linea.importe_mn = importe(volumen, linea.precio_unitario_mn)
    linea.importe_usd = importe(volumen, linea.precio_unitario_usd)
    linea.comentario_ajuste = comentario
    linea.save(update_fields=["volumen_estimado", "importe_mn", "importe_usd", "comentario_ajuste"])
    recalcular_totales(cabecera)
    cabecera.save(update_fields=CAMPOS_TOTALES)
    cambios = {
        campo: (valor, getattr(linea, campo)) for campo, valor in antes.items() if valor != getattr(linea, campo)
    }
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_LINEA,
        registro_id=linea.pk,
        evento=Evento.ACTUALIZAR,
        cambios=cambios or None,
        detalle=f"Ajuste de la línea {linea.pk} (producción {linea.id_produccion_id}) de {cabecera.folio}",
    )
    linea.id_estimacion_header = cabecera
    return linea


# --- Workflow -------------------------------------------------------------------------------------------------------


def _verificar_lineas(cabecera: EstimacionHeader) -> None:
    """Approval re-check: every live line still bills its production as it is now (volume, signed GPU)."""
    lineas = EstimacionDetalle.objects.filter(id_estimacion_header=cabecera, vigente=True)
    if not lineas.exists():
        raise ValidationError({"estado": "La estimación no tiene líneas vigentes: no se puede aprobar."})
    problemas = []
    distintas = (
        lineas.exclude(volumen_actual=F("id_produccion__volumen_produccion"))
        .order_by("id_produccion__fecha_produccion", "pk")
        .values_list("id_produccion__id_partida_anexo__id_partida", "id_produccion__fecha_produccion")
    )
    for codigo, fecha in distintas[: LINEAS_EN_MENSAJE + 1]:
        problemas.append(f"{codigo} del {fecha:%d/%m/%Y}: la producción cambió después de estimarse")
    con_gpu = anexos_con_gpu()
    if con_gpu:
        sin_firma = (
            lineas.alias(anexo_gpu=Upper(Trim("id_produccion__id_partida_anexo__anexo")))
            .filter(anexo_gpu__in=con_gpu)
            .exclude(id_produccion__gpu__id_estatus_id=EstatusId.FIRMADO)
            .order_by("id_produccion__fecha_produccion", "pk")
            .values_list("id_produccion__id_partida_anexo__id_partida", "id_produccion__fecha_produccion")
        )
        for codigo, fecha in sin_firma[: LINEAS_EN_MENSAJE + 1]:
            problemas.append(f"{codigo} del {fecha:%d/%m/%Y}: su GPU ya no está FIRMADO")
    if problemas:
        mensajes = [f"{m}." for m in problemas[:LINEAS_EN_MENSAJE]]
        if len(problemas) > LINEAS_EN_MENSAJE:
            mensajes.append("… y otras líneas.")
        raise ValidationError({"estado": ["No se puede aprobar: actualice o cancele la estimación.", *mensajes]})


def _aprobar(cabecera: EstimacionHeader, usuario, cambios: dict) -> list:
    _verificar_lineas(cabecera)
    ahora = timezone.now()
    cabecera.aprobado_por = usuario if getattr(usuario, "is_authenticated", False) else None
    cabecera.fecha_aprobacion = ahora
    cabecera.id_estatus_cobro_id = EstatusId.COBRO_ESTIMADO
    lineas = EstimacionDetalle.objects.filter(id_estimacion_header=cabecera, vigente=True)
    lineas.update(id_estatus_cobro_id=EstatusId.COBRO_ESTIMADO)
    Produccion.objects.filter(pk__in=lineas.values("id_produccion_id")).update(
        id_estatus_cobro_id=EstatusId.COBRO_ESTIMADO
    )
    cambios["fecha_aprobacion"] = ("", ahora)
    return ["aprobado_por", "fecha_aprobacion", "id_estatus_cobro"]


def _facturar(cabecera: EstimacionHeader, numero_factura: str, fecha_factura: date | None, cambios: dict) -> list:
    numero_factura = (numero_factura or "").strip()
    errores = {}
    if not numero_factura:
        errores["numero_factura"] = "Indique el número de factura."
    elif len(numero_factura) > 60:
        errores["numero_factura"] = "El número de factura admite a lo más 60 caracteres."
    if not isinstance(fecha_factura, date):
        errores["fecha_factura"] = "Indique la fecha de la factura."
    if errores:
        raise ValidationError(errores)
    cambios["numero_factura"] = (cabecera.numero_factura, numero_factura)
    cambios["fecha_factura"] = (cabecera.fecha_factura, fecha_factura)
    cabecera.numero_factura, cabecera.fecha_factura = numero_factura, fecha_factura
    return ["numero_factura", "fecha_factura"]


def _pagar(cabecera: EstimacionHeader, fecha_pago: date | None, cambios: dict) -> list:
    if not isinstance(fecha_pago, date):
        raise ValidationError({"fecha_pago": "Indique la fecha de pago."})
    if cabecera.fecha_factura and fecha_pago < cabecera.fecha_factura:
        raise ValidationError({"fecha_pago": "La fecha de pago es anterior a la fecha de la factura."})
    cambios["fecha_pago"] = (cabecera.fecha_pago, fecha_pago)
    cabecera.fecha_pago = fecha_pago
    return ["fecha_pago"]


def _cancelar(cabecera: EstimacionHeader, motivo: str, cambios: dict) -> list:
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError({"motivo": "Indique el motivo de la cancelación."})
    ahora = timezone.now()
    lineas = EstimacionDetalle.objects.filter(id_estimacion_header=cabecera, vigente=True)
    # Production goes back to "not estimated" first, while the live lines still say which rows are ours.
    Produccion.objects.filter(pk__in=lineas.values("id_produccion_id")).update(id_estatus_cobro_id=EstatusId.PENDIENTE)
    lineas.update(vigente=False)
    cabecera.fecha_cancelacion, cabecera.motivo_cancelacion = ahora, motivo
    cambios["motivo_cancelacion"] = ("", motivo)
    return ["fecha_cancelacion", "motivo_cancelacion"]


@transaction.atomic
def estimacion_cambiar_estado(
    *,
    estimacion: EstimacionHeader,
    estado: str,
    usuario,
    numero_factura: str = "",
    fecha_factura: date | None = None,
    fecha_pago: date | None = None,
    motivo: str = "",
) -> EstimacionHeader:
    """Move an estimation along its workflow (each step permission-checked and logged); approval locks production."""
    # Lock order: the family's initial OT (as the sheet and creation do), then the header.
    OTE.objects.select_for_update().filter(pk=estimacion.id_ot_id).first()
    cabecera = EstimacionHeader.objects.select_for_update().get(pk=estimacion.pk)
    origen = cabecera.estado
    if estado not in EstadoEstimacion.values:
        raise ValidationError({"estado": "El estado indicado no existe."})
    if estado == origen:
        raise ValidationError({"estado": f"La estimación ya está {cabecera.get_estado_display().lower()}."})
    permiso = permiso_de_transicion(origen, estado)
    if permiso is None:
        raise ValidationError(
            {
                "estado": (
                    f"Una estimación {EstadoEstimacion(origen).label.lower()} no puede pasar a "
                    f"{EstadoEstimacion(estado).label.lower()}."
                )
            }
        )
    exigir_permiso(
        usuario, permiso, f"pasar la estimación de {EstadoEstimacion(origen).label} a {EstadoEstimacion(estado).label}"
    )
    cambios: dict = {"estado": (EstadoEstimacion(origen).label, EstadoEstimacion(estado).label)}
    campos = ["estado"]
    if estado == EstadoEstimacion.APROBADA:
        campos += _aprobar(cabecera, usuario, cambios)
    elif estado == EstadoEstimacion.FACTURADA:
        campos += _facturar(cabecera, numero_factura, fecha_factura, cambios)
    elif estado == EstadoEstimacion.PAGADA:
        campos += _pagar(cabecera, fecha_pago, cambios)
    elif estado == EstadoEstimacion.CANCELADA:
        campos += _cancelar(cabecera, motivo, cambios)
    cabecera.estado = estado
    cabecera.save(update_fields=campos)
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_ESTIMACION,
        registro_id=cabecera.pk,
        evento=Evento.CAMBIO_ESTATUS,
        cambios=cambios,
        detalle=f"Estimación {cabecera.folio}: {EstadoEstimacion(origen).label} → {EstadoEstimacion(estado).label}",
    )
    return cabecera
