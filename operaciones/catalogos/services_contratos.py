"""Writes of contracts, their Anexo C and its sub-anexos; shared write helpers of the contract catalogue.

Nothing here is ever deleted: `activo=False` hides a row and keeps its history. Every write is logged with who
changed which field from what to what (core.actividad). A contract holds one Anexo C (clave "C", financial),
created with the contract or the first time something needs it; a sub-anexo's clave is the ANEXO value as written,
upper-cased and trimmed, unique within its contract.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.models import Evento

from . import selectors_conceptos as s
from .constantes import CLAVE_ANEXO_C, DESCRIPCION_ANEXO_C
from .models import AnexoContrato, Contrato, SubAnexo, TipoAnexo

ENTIDAD_CONTRATO = "Contrato"
ENTIDAD_ANEXO = "Anexo de contrato"
ENTIDAD_SUBANEXO = "Sub-anexo"

CAMPOS_CONTRATO = (
    "numero_contrato",
    "descripcion",
    "cliente",
    "fecha_inicio",
    "fecha_termino",
    "monto_mn",
    "monto_usd",
    "porcentaje_retencion",
    "porcentaje_amortizacion_anticipo",
)
CAMPOS_SUBANEXO = ("clave_anexo", "descripcion")


def fijar(instancia, datos: dict, campos: tuple[str, ...]) -> None:
    """Copy validated values; a Decimal takes its column's scale ("7.5" → 7.50) so the log compares like with like."""
    for campo in campos:
        if campo not in datos:
            continue
        valor = datos[campo]
        field = instancia._meta.get_field(campo)
        es_decimal = isinstance(valor, Decimal) and isinstance(field, DecimalField) and valor.is_finite()
        # Only ever widens the scale: extra decimals stay and full_clean refuses them (never rounded away).
        if es_decimal and -valor.as_tuple().exponent <= field.decimal_places:
            valor = valor.quantize(Decimal(1).scaleb(-field.decimal_places))
        setattr(instancia, campo, valor)


def bloquear(modelo, pk: int):
    """The row under a lock (SELECT … FOR UPDATE): concurrent writers of it wait for this transaction."""
    return modelo.objects.select_for_update().get(pk=pk)


def registrar(usuario, entidad: str, instancia, evento: Evento, cambios=None, detalle: str = "") -> None:
    """One activity-log entry about `instancia`."""
    actividad_registrar(
        usuario=usuario, entidad=entidad, registro_id=instancia.pk, evento=evento, cambios=cambios, detalle=detalle
    )


# --- Contracts ---------------------------------------------------------------------------------------------------


@transaction.atomic
def contrato_crear(*, datos: dict, usuario) -> Contrato:
    """A new active contract and its Anexo C (the annex that holds the price catalogue)."""
    contrato = Contrato(activo=True)
    fijar(contrato, datos, CAMPOS_CONTRATO)
    contrato.full_clean()
    contrato.save()
    registrar(usuario, ENTIDAD_CONTRATO, contrato, Evento.CREAR, cambios_de_alta(contrato, CAMPOS_CONTRATO))
    anexo_c_obtener_o_crear(contrato=contrato, usuario=usuario)
    return contrato


@transaction.atomic
def contrato_actualizar(*, contrato: Contrato, datos: dict, usuario) -> Contrato:
    """Apply validated data; each changed field is logged with its before/after value."""
    contrato = bloquear(Contrato, contrato.pk)
    antes = instantanea(contrato, CAMPOS_CONTRATO)
    fijar(contrato, datos, CAMPOS_CONTRATO)
    contrato.full_clean()
    contrato.save()
    cambios = cambios_entre(antes, contrato, CAMPOS_CONTRATO)
    if cambios:
        registrar(usuario, ENTIDAD_CONTRATO, contrato, Evento.ACTUALIZAR, cambios)
    return contrato


@transaction.atomic
def contrato_cambiar_activo(*, contrato: Contrato, activo: bool, usuario) -> Contrato:
    """Deactivate (its lines leave the pickers, history stays) or reactivate a contract."""
    contrato = bloquear(Contrato, contrato.pk)
    if contrato.activo == activo:
        raise ValidationError("El contrato ya estaba activo." if activo else "El contrato ya estaba inactivo.")
    contrato.activo = activo
    contrato.save(update_fields=["activo"])
    evento = Evento.REACTIVAR if activo else Evento.ELIMINAR
    registrar(usuario, ENTIDAD_CONTRATO, contrato, evento, {"activo": (not activo, activo)})
    return contrato


def anexo_c_obtener_o_crear(*, contrato: Contrato, usuario=None) -> AnexoContrato:
    """The contract's Anexo C, created (clave "C", financial) the first time a contract needs one."""
    anexo = s.anexo_c(contrato)
    if anexo is not None:
        return anexo
    anexo, creado = AnexoContrato.objects.get_or_create(
        contrato=contrato,
        clave=CLAVE_ANEXO_C,
        defaults={"tipo": TipoAnexo.FINANCIERO, "descripcion": DESCRIPCION_ANEXO_C},
    )
    if creado:
        registrar(usuario, ENTIDAD_ANEXO, anexo, Evento.CREAR, cambios_de_alta(anexo, ("clave", "descripcion", "tipo")))
    return anexo


# --- Sub-anexos --------------------------------------------------------------------------------------------------


def _subanexo_existente(contrato: Contrato, clave: str, excluir_pk: int | None = None) -> SubAnexo | None:
    existentes = SubAnexo.objects.filter(anexo_maestro__contrato=contrato, clave_anexo__iexact=clave)
    if excluir_pk is not None:
        existentes = existentes.exclude(pk=excluir_pk)
    return existentes.first()


def _clave_repetida(sub_anexo: SubAnexo, contrato: Contrato) -> ValidationError:
    estado = "" if sub_anexo.activo else " (inactivo: reactívelo en lugar de crear otro)"
    return ValidationError({"clave_anexo": f"El contrato ya tiene el sub-anexo {sub_anexo.clave_anexo}{estado}."})


@transaction.atomic
def subanexo_crear(*, contrato: Contrato, datos: dict, usuario) -> SubAnexo:
    """A new sub-anexo under the contract's Anexo C; its clave is unique within the contract."""
    contrato = bloquear(Contrato, contrato.pk)
    if not contrato.activo:
        raise ValidationError({"contrato": "El contrato está inactivo."})
    clave = s.normalizar_clave_anexo(datos.get("clave_anexo", ""))
    existente = _subanexo_existente(contrato, clave)
    if existente is not None:
        raise _clave_repetida(existente, contrato)
    anexo = anexo_c_obtener_o_crear(contrato=contrato, usuario=usuario)
    sub_anexo = SubAnexo(anexo_maestro=anexo, clave_anexo=clave, descripcion=datos.get("descripcion", ""))
    sub_anexo.full_clean()
    sub_anexo.save()
    registrar(usuario, ENTIDAD_SUBANEXO, sub_anexo, Evento.CREAR, cambios_de_alta(sub_anexo, CAMPOS_SUBANEXO))
    return sub_anexo


@transaction.atomic
def subanexo_actualizar(*, sub_anexo: SubAnexo, datos: dict, usuario) -> SubAnexo:
    """New clave or description; the concepts under it follow."""
    sub_anexo = SubAnexo.objects.select_for_update().select_related("anexo_maestro__contrato").get(pk=sub_anexo.pk)
    antes = instantanea(sub_anexo, CAMPOS_SUBANEXO)
    if "clave_anexo" in datos:
        datos = {**datos, "clave_anexo": s.normalizar_clave_anexo(datos["clave_anexo"])}
        contrato = sub_anexo.anexo_maestro.contrato
        existente = _subanexo_existente(contrato, datos["clave_anexo"], excluir_pk=sub_anexo.pk)
        if existente is not None:
            raise _clave_repetida(existente, contrato)
    fijar(sub_anexo, datos, CAMPOS_SUBANEXO)
    sub_anexo.full_clean()
    sub_anexo.save()
    cambios = cambios_entre(antes, sub_anexo, CAMPOS_SUBANEXO)
    if cambios:
        registrar(usuario, ENTIDAD_SUBANEXO, sub_anexo, Evento.ACTUALIZAR, cambios)
    return sub_anexo


@transaction.atomic
def subanexo_cambiar_activo(*, sub_anexo: SubAnexo, activo: bool, usuario) -> SubAnexo:
    """Deactivate (only once no active concept hangs from it, so no live line loses its sub-anexo) or reactivate."""
    sub_anexo = bloquear(SubAnexo, sub_anexo.pk)
    if sub_anexo.activo == activo:
        raise ValidationError("El sub-anexo ya estaba activo." if activo else "El sub-anexo ya estaba inactivo.")
    if not activo:
        vivos = s.subanexo_conceptos_activos(sub_anexo)
        if vivos:
            raise ValidationError(
                f"El sub-anexo {sub_anexo.clave_anexo} tiene {vivos} concepto(s) activo(s): desactívelos primero."
            )
    sub_anexo.activo = activo
    sub_anexo.save(update_fields=["activo"])
    evento = Evento.REACTIVAR if activo else Evento.ELIMINAR
    registrar(usuario, ENTIDAD_SUBANEXO, sub_anexo, evento, {"activo": (not activo, activo)})
    return sub_anexo


def subanexo_obtener_o_crear(*, contrato: Contrato, clave: str, usuario, descripcion: str = "") -> SubAnexo:
    """The contract's sub-anexo with this clave (upper-cased, trimmed), created under its Anexo C when missing."""
    clave = s.normalizar_clave_anexo(clave)
    existente = _subanexo_existente(contrato, clave)
    if existente is not None:
        return existente
    anexo = anexo_c_obtener_o_crear(contrato=contrato, usuario=usuario)
    sub_anexo, creado = SubAnexo.objects.get_or_create(
        anexo_maestro=anexo, clave_anexo=clave, defaults={"descripcion": descripcion}
    )
    if creado:
        registrar(usuario, ENTIDAD_SUBANEXO, sub_anexo, Evento.CREAR, cambios_de_alta(sub_anexo, CAMPOS_SUBANEXO))
    return sub_anexo
