"""Writes of the simple catalogues: create, edit, deactivate (soft delete) and reactivate, each one logged.

Catalogue rows are never deleted: historical PTEs, OTs and production point at them. Every write records
who changed which field from what to what through `core.actividad.actividad_registrar`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.models import Evento

from . import selectors


@transaction.atomic
def catalogo_crear(*, modelo: type[Model], entidad: str, datos: dict, campos: tuple[str, ...], usuario) -> Model:
    """New active row from validated data; every filled field is logged as CREAR."""
    instancia = modelo(**{campo: datos[campo] for campo in campos if campo in datos})
    instancia.full_clean()
    instancia.save()
    actividad_registrar(
        usuario=usuario,
        entidad=entidad,
        registro_id=instancia.pk,
        evento=Evento.CREAR,
        cambios=cambios_de_alta(instancia, campos),
    )
    return instancia


@transaction.atomic
def catalogo_actualizar(*, instancia: Model, entidad: str, datos: dict, campos: tuple[str, ...], usuario) -> Model:
    """Apply validated data; each changed field is logged with its before/after value (nothing when unchanged).

    The "before" side is read from the database under a row lock: a bound ModelForm has already copied the
    new values onto the instance it was given, and a concurrent edit must not be logged against stale values.
    """
    instancia = type(instancia).objects.select_for_update().get(pk=instancia.pk)
    antes = instantanea(instancia, campos)
    for campo in campos:
        if campo in datos:
            setattr(instancia, campo, datos[campo])
    instancia.full_clean()
    instancia.save()
    cambios = cambios_entre(antes, instancia, campos)
    if cambios:
        actividad_registrar(
            usuario=usuario, entidad=entidad, registro_id=instancia.pk, evento=Evento.ACTUALIZAR, cambios=cambios
        )
    return instancia


@transaction.atomic
def catalogo_desactivar(*, instancia: Model, entidad: str, usuario) -> Model:
    """Soft delete: the row leaves the lists and the choices but keeps its history and references."""
    if not instancia.activo:
        raise ValidationError("El registro ya estaba inactivo.")
    instancia.activo = False
    instancia.save(update_fields=["activo"])
    actividad_registrar(
        usuario=usuario,
        entidad=entidad,
        registro_id=instancia.pk,
        evento=Evento.ELIMINAR,
        cambios={"activo": (True, False)},
    )
    return instancia


@transaction.atomic
def catalogo_reactivar(
    *, instancia: Model, entidad: str, usuario, campos_unicos: tuple[str, ...] = (), alcance: tuple[str, ...] = ()
) -> Model:
    """Back to active, unless an active row took its unique name meanwhile."""
    if instancia.activo:
        raise ValidationError("El registro ya está activo.")
    ambito = {campo: getattr(instancia, campo) for campo in alcance}
    for campo in campos_unicos:
        if selectors.valor_duplicado(
            type(instancia), campo=campo, valor=getattr(instancia, campo), alcance=ambito, excluir_pk=instancia.pk
        ):
            raise ValidationError({campo: "Ya existe un registro activo con ese valor; no se puede reactivar."})
    instancia.activo = True
    instancia.save(update_fields=["activo"])
    actividad_registrar(
        usuario=usuario,
        entidad=entidad,
        registro_id=instancia.pk,
        evento=Evento.REACTIVAR,
        cambios={"activo": (False, True)},
    )
    return instancia
