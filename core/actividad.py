"""The audit trail: the one service that writes RegistroActividad, plus helpers to describe a change.

Only server code calls it (services, imports, commands), with what the server itself saved; nothing the
browser sends becomes a log row (the original trusted a client-built payload). Values are stored as readable
text: a foreign key as the related row's name, booleans as Sí/No, dates in ISO, decimals plain.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import models
from django.utils import timezone

from .models import Evento, RegistroActividad

SIN_VALOR = ""


def valor_legible(valor) -> str:
    """One value as the log shows it."""
    if valor is None:
        return SIN_VALOR
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, models.Choices):
        return str(valor.label)
    if isinstance(valor, Decimal):
        return format(valor, "f")
    if isinstance(valor, datetime.datetime):
        if timezone.is_aware(valor):
            valor = timezone.localtime(valor)
        return valor.replace(microsecond=0).isoformat()
    if isinstance(valor, datetime.date | datetime.time):
        return valor.isoformat()
    if isinstance(valor, models.Model):
        return str(valor)
    return str(valor)


def _valor_campo(instancia: models.Model, campo: str) -> str:
    """A field of an instance as readable text; choice fields show their label."""
    field = instancia._meta.get_field(campo)
    valor = getattr(instancia, field.name)
    if valor is not None and getattr(field, "choices", None) and not field.is_relation:
        etiquetas = dict(field.flatchoices)
        if valor in etiquetas:
            return str(etiquetas[valor])
    return valor_legible(valor)


def instantanea(instancia: models.Model, campos: Iterable[str]) -> dict[str, str]:
    """Readable values of `campos`, taken before an edit so `cambios_entre` can compare them afterwards."""
    return {campo: _valor_campo(instancia, campo) for campo in campos}


def cambios_entre(antes: Mapping[str, str], despues: models.Model, campos: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Fields whose readable value changed between the snapshot `antes` and the saved instance."""
    ahora = instantanea(despues, campos)
    return {campo: (antes.get(campo, SIN_VALOR), nuevo) for campo, nuevo in ahora.items() if antes.get(campo) != nuevo}


def cambios_de_alta(instancia: models.Model, campos: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Every non-empty field of a new row, as changes from nothing."""
    return {campo: (SIN_VALOR, valor) for campo, valor in instantanea(instancia, campos).items() if valor != SIN_VALOR}


def _filas(
    *, usuario, entidad: str, registro_id, evento: Evento, cambios: Mapping | None, detalle: str
) -> list[RegistroActividad]:
    """One row per changed field, or a single row when no field is named."""
    comunes = {
        "usuario": usuario,
        "afectacion": entidad[:100],
        "registro_id": registro_id,
        "evento": evento,
        "detalle": detalle,
    }
    if not cambios:
        return [RegistroActividad(**comunes)]
    return [
        RegistroActividad(
            campo=str(campo)[:100],
            valor_anterior=valor_legible(anterior),
            valor_actual=valor_legible(actual),
            **comunes,
        )
        for campo, (anterior, actual) in cambios.items()
    ]


def _autor(usuario):
    """The user who acted, or None (= Sistema) for commands and anonymous callers."""
    if usuario is not None and not getattr(usuario, "is_authenticated", False):
        return None
    return usuario


def actividad_registrar(
    *,
    usuario,
    entidad: str,
    registro_id: int | None,
    evento: Evento,
    cambios: Mapping[str, tuple[object, object]] | None = None,
    detalle: str = "",
) -> list[RegistroActividad]:
    """Log one row per changed field (or a single row when no field is named); `usuario` None = Sistema."""
    filas = _filas(
        usuario=_autor(usuario),
        entidad=entidad,
        registro_id=registro_id,
        evento=Evento(evento),
        cambios=cambios,
        detalle=detalle,
    )
    return RegistroActividad.objects.bulk_create(filas)


def actividad_registrar_lote(
    *,
    usuario,
    entidad: str,
    evento: Evento,
    registros: Iterable[tuple[int, Mapping[str, tuple[object, object]] | None, str]],
) -> list[RegistroActividad]:
    """The same rows as `actividad_registrar` for many records in one insert: (id, changes or None, detail) each.

    For imports and bulk actions, which touch hundreds of records at once.
    """
    autor, evento = _autor(usuario), Evento(evento)
    filas = [
        fila
        for registro_id, cambios, detalle in registros
        for fila in _filas(
            usuario=autor, entidad=entidad, registro_id=registro_id, evento=evento, cambios=cambios, detalle=detalle
        )
    ]
    return RegistroActividad.objects.bulk_create(filas, batch_size=1000)


def nombre_usuario(usuario) -> str:
    """Full name, else user name; "Sistema" for rows written by commands and imports."""
    if usuario is None:
        return "Sistema"
    return usuario.get_full_name() or usuario.get_username()
