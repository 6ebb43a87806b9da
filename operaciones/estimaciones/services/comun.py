"""Constants and small rules shared by the estimation services: workflow table, amounts, folio, validation."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from core.money import redondear_centavos
from operaciones.catalogos.models import Contrato

from ..models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader

ENTIDAD_ESTIMACION = "Estimación"
ENTIDAD_LINEA = "Línea de estimación"
CERO = Decimal(0)
CIEN = Decimal(100)
LOTE = 2000
DECIMALES_VOLUMEN = 6
LIMITE_VOLUMEN = Decimal(10) ** 9  # EstimacionDetalle.volumen_estimado is (15, 6)
LIMITE_TIPO_CAMBIO = Decimal(10) ** 8  # EstimacionHeader.tipo_cambio is (12, 4)
DECIMALES_TIPO_CAMBIO = 4
LINEAS_EN_MENSAJE = 10

PERMISO_CAMBIAR = "estimaciones.change_estimacionheader"
PERMISO_APROBAR = "estimaciones.aprobar_estimacion"
PERMISO_FACTURAR = "estimaciones.facturar_estimacion"

# Estados whose live lines lock their production: it was approved, so it is billed (or about to be).
ESTADOS_APROBADOS = (EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA)
ESTADOS_EDITABLES = (EstadoEstimacion.BORRADOR, EstadoEstimacion.EN_REVISION)

# (from, to) → the permission that transition needs.
TRANSICIONES: dict[tuple[str, str], str] = {
    (EstadoEstimacion.BORRADOR, EstadoEstimacion.EN_REVISION): PERMISO_CAMBIAR,
    (EstadoEstimacion.EN_REVISION, EstadoEstimacion.BORRADOR): PERMISO_CAMBIAR,
    (EstadoEstimacion.EN_REVISION, EstadoEstimacion.APROBADA): PERMISO_APROBAR,
    (EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA): PERMISO_FACTURAR,
    (EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA): PERMISO_FACTURAR,
    (EstadoEstimacion.BORRADOR, EstadoEstimacion.CANCELADA): PERMISO_CAMBIAR,
    (EstadoEstimacion.EN_REVISION, EstadoEstimacion.CANCELADA): PERMISO_CAMBIAR,
    (EstadoEstimacion.APROBADA, EstadoEstimacion.CANCELADA): PERMISO_APROBAR,
}

CAMPOS_TOTALES = (
    "total_volumen_producido",
    "total_volumen_estimado",
    "total_importe_mn",
    "total_importe_usd",
    "importe_retencion_mn",
    "importe_retencion_usd",
    "importe_amortizacion_mn",
    "importe_amortizacion_usd",
)


# --- Small rules shared by the services ---------------------------------------------------------------------------


def estados_siguientes(estado: str) -> list[str]:
    """The states an estimation in `estado` may move to (the workflow, before permissions)."""
    return [destino for origen, destino in TRANSICIONES if origen == estado]


def permiso_de_transicion(origen: str, destino: str) -> str | None:
    """The permission moving from `origen` to `destino` needs; None when the workflow does not allow it."""
    return TRANSICIONES.get((origen, destino))


def importe(volumen: Decimal, precio: Decimal) -> Decimal:
    """A line's amount: round(volume × unit price, 2), the house rounding (ROUND_HALF_UP)."""
    return redondear_centavos(volumen * precio)


def deduccion(subtotal: Decimal, porcentaje: Decimal) -> Decimal:
    """A deduction (retention, advance amortisation): round(subtotal × % / 100, 2)."""
    return redondear_centavos(subtotal * porcentaje / CIEN)


def folio_de(contrato: Contrato | None, numero: int | None) -> str:
    """Folio text "EST-<numero_contrato>-<numero:04d>" (max 60 characters, the field's length)."""
    clave = contrato.numero_contrato if contrato is not None else "SC"
    return f"EST-{clave}-{numero or 0:04d}"[:60]


def leer_decimal(valor, campo: str, nombre: str) -> Decimal:
    if isinstance(valor, bool) or valor is None:
        raise ValidationError({campo: f"{nombre} no es un número válido."})
    try:
        numero = valor if isinstance(valor, Decimal) else Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({campo: f"{nombre} no es un número válido."}) from None
    if not numero.is_finite():
        raise ValidationError({campo: f"{nombre} no es un número válido."})
    return numero + CERO


def validar_tipo_cambio(valor) -> Decimal:
    tipo_cambio = leer_decimal(valor, "tipo_cambio", "El tipo de cambio")
    if tipo_cambio <= 0:
        raise ValidationError({"tipo_cambio": "El tipo de cambio debe ser mayor que cero."})
    if tipo_cambio >= LIMITE_TIPO_CAMBIO:
        raise ValidationError({"tipo_cambio": "El tipo de cambio es demasiado grande."})
    if tipo_cambio != tipo_cambio.quantize(Decimal(1).scaleb(-DECIMALES_TIPO_CAMBIO)):
        raise ValidationError({"tipo_cambio": f"El tipo de cambio admite a lo más {DECIMALES_TIPO_CAMBIO} decimales."})
    return tipo_cambio


def validar_volumen(valor) -> Decimal:
    volumen = leer_decimal(valor, "volumen_estimado", "El volumen estimado")
    if volumen < 0:
        raise ValidationError({"volumen_estimado": "El volumen estimado no puede ser negativo."})
    if volumen >= LIMITE_VOLUMEN:
        raise ValidationError({"volumen_estimado": "El volumen estimado admite a lo más 9 dígitos enteros."})
    if volumen != volumen.quantize(Decimal(1).scaleb(-DECIMALES_VOLUMEN)):
        raise ValidationError(
            {"volumen_estimado": f"El volumen estimado admite a lo más {DECIMALES_VOLUMEN} decimales."}
        )
    return volumen


def exigir_permiso(usuario, permiso: str, accion: str) -> None:
    """Services guard their own transitions; `usuario` None is a command (Sistema), which may act."""
    if usuario is None:
        return
    if not usuario.has_perm(permiso):
        raise PermissionDenied(f"No tiene permiso para {accion}.")


def texto_periodo(desde: date, hasta: date) -> str:
    return f"{desde:%d/%m/%Y} al {hasta:%d/%m/%Y}"


def recalcular_totales(cabecera: EstimacionHeader) -> None:
    """Header totals = Σ of its live lines (one aggregate query); deductions from the header's percentages."""
    lineas = EstimacionDetalle.objects.filter(id_estimacion_header=cabecera)
    if cabecera.estado != EstadoEstimacion.CANCELADA:
        lineas = lineas.filter(vigente=True)
    sumas = lineas.aggregate(
        producido=Sum("volumen_actual"),
        estimado=Sum("volumen_estimado"),
        mn=Sum("importe_mn"),
        usd=Sum("importe_usd"),
    )
    cabecera.total_volumen_producido = sumas["producido"] or CERO
    cabecera.total_volumen_estimado = sumas["estimado"] or CERO
    # Sums of two-decimal amounts are exact on PostgreSQL; re-rounding only normalises SQLite's float sums.
    cabecera.total_importe_mn = redondear_centavos(sumas["mn"])
    cabecera.total_importe_usd = redondear_centavos(sumas["usd"])
    cabecera.importe_retencion_mn = deduccion(cabecera.total_importe_mn, cabecera.porcentaje_retencion)
    cabecera.importe_retencion_usd = deduccion(cabecera.total_importe_usd, cabecera.porcentaje_retencion)
    cabecera.importe_amortizacion_mn = deduccion(cabecera.total_importe_mn, cabecera.porcentaje_amortizacion_anticipo)
    cabecera.importe_amortizacion_usd = deduccion(cabecera.total_importe_usd, cabecera.porcentaje_amortizacion_anticipo)
