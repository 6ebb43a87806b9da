"""Guard rotation of a site's two superintendents (reference §3.3 "Guardias 14×14") and their small catalogue.

A site's CicloGuardia names super A, super B, the first day of A and the length of a turn. Day `d` belongs to
A when `((d − inicio).days // dias_por_turno) % 2 == 0`, else to B. Python's floor division makes the rotation
run backwards too: the turn before A's first day is B's, not a short "A" block. Writes are logged.
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.models import Evento
from operaciones.catalogos.models import Sitio

from .models import CicloGuardia, Superintendente

ENTIDAD_SUPER = "Superintendente"
ENTIDAD_CICLO = "Ciclo de guardia"
CAMPOS_SUPER = ("nombre", "sitio_asignado", "color", "activo")
CAMPOS_CICLO = ("super_a", "super_b", "fecha_inicio_super_a", "dias_por_turno")
DIAS_POR_TURNO_MAX = 60
DIAS_POR_TURNO_DEFECTO = 14


# --- Reads ----------------------------------------------------------------------------------------------------------


def supers_de_sitio(sitio: Sitio) -> QuerySet:
    """Active superintendents assigned to the site, by name (the ones its rotation may use)."""
    return Superintendente.objects.filter(sitio_asignado=sitio, activo=True).order_by("nombre", "id")


def super_como_dict(superintendente: Superintendente) -> dict:
    return {"id": superintendente.pk, "nombre": superintendente.nombre, "color": superintendente.color}


def ciclo_de_sitio(sitio: Sitio) -> CicloGuardia | None:
    """The site's rotation with both superintendents, or None when it has none (one query)."""
    return CicloGuardia.objects.select_related("super_a", "super_b").filter(sitio=sitio).first()


def turno_de(ciclo: CicloGuardia, dia: date) -> int:
    """0 when `dia` is super A's turn, 1 when it is super B's (floor division: correct before the start date too)."""
    return ((dia - ciclo.fecha_inicio_super_a).days // ciclo.dias_por_turno) % 2


def bloques_guardia(ciclo: CicloGuardia | None, *, mes: int, anio: int) -> list[dict]:
    """The month's days as contiguous turns {nombre, color, inicio, fin} (ISO dates, cut at the month's edges)."""
    if ciclo is None:
        return []
    dias_mes = calendar.monthrange(anio, mes)[1]
    bloques: list[dict] = []
    actual = None
    for numero in range(1, dias_mes + 1):
        dia = date(anio, mes, numero)
        turno = turno_de(ciclo, dia)
        if actual is None or actual[0] != turno:
            actual = [turno, dia, dia]
            bloques.append(actual)
        else:
            actual[2] = dia
    return [_bloque(ciclo, turno, inicio, fin) for turno, inicio, fin in bloques]


def _bloque(ciclo: CicloGuardia, turno: int, inicio: date, fin: date) -> dict:
    superintendente = ciclo.super_a if turno == 0 else ciclo.super_b
    return {
        "nombre": superintendente.nombre,
        "color": superintendente.color,
        "inicio": inicio.isoformat(),
        "fin": fin.isoformat(),
    }


def guardias_mes(*, sitio: Sitio, mes: int, anio: int) -> list[dict]:
    """Guard turns of a site in a month; none when the site has no rotation configured."""
    return bloques_guardia(ciclo_de_sitio(sitio), mes=mes, anio=anio)


def ciclo_como_dict(ciclo: CicloGuardia | None) -> dict | None:
    if ciclo is None:
        return None
    return {
        "id_super_a": ciclo.super_a_id,
        "id_super_b": ciclo.super_b_id,
        "fecha_inicio_a": ciclo.fecha_inicio_super_a.isoformat(),
        "dias_por_turno": ciclo.dias_por_turno,
    }


# --- Writes ---------------------------------------------------------------------------------------------------------


def _validar_super_de_sitio(superintendente: Superintendente, sitio: Sitio, campo: str) -> None:
    if not superintendente.activo:
        raise ValidationError({campo: f"El superintendente «{superintendente.nombre}» está dado de baja."})
    if superintendente.sitio_asignado_id != sitio.pk:
        raise ValidationError({campo: f"El superintendente «{superintendente.nombre}» no está asignado a {sitio}."})


@transaction.atomic
def ciclo_guardia_configurar(
    *,
    sitio: Sitio,
    super_a: Superintendente,
    super_b: Superintendente,
    fecha_inicio_a: date,
    dias_por_turno: int = DIAS_POR_TURNO_DEFECTO,
    usuario,
) -> CicloGuardia:
    """Create or replace the site's rotation: two distinct active superintendents of the site, 1–60 days a turn."""
    if super_a.pk == super_b.pk:
        raise ValidationError({"id_super_b": "El superintendente B debe ser distinto del A."})
    _validar_super_de_sitio(super_a, sitio, "id_super_a")
    _validar_super_de_sitio(super_b, sitio, "id_super_b")
    if not 1 <= dias_por_turno <= DIAS_POR_TURNO_MAX:
        raise ValidationError({"dias_por_turno": f"Los días por turno deben estar entre 1 y {DIAS_POR_TURNO_MAX}."})
    ciclo = CicloGuardia.objects.select_for_update().select_related("super_a", "super_b").filter(sitio=sitio).first()
    antes = instantanea(ciclo, CAMPOS_CICLO) if ciclo else None
    if ciclo is None:
        ciclo = CicloGuardia(sitio=sitio)
    ciclo.super_a, ciclo.super_b = super_a, super_b
    ciclo.fecha_inicio_super_a, ciclo.dias_por_turno = fecha_inicio_a, dias_por_turno
    if antes is None:
        ciclo.save()
        cambios, evento = cambios_de_alta(ciclo, CAMPOS_CICLO), Evento.CREAR
    else:
        cambios, evento = cambios_entre(antes, ciclo, CAMPOS_CICLO), Evento.ACTUALIZAR
        if not cambios:
            return ciclo
        ciclo.save()
    actividad_registrar(
        usuario=usuario, entidad=ENTIDAD_CICLO, registro_id=ciclo.pk, evento=evento, cambios=cambios, detalle=str(sitio)
    )
    return ciclo


def _ciclos_con(superintendente: Superintendente) -> QuerySet:
    return CicloGuardia.objects.filter(Q(super_a=superintendente) | Q(super_b=superintendente)).select_related("sitio")


def _validar_sin_ciclo_ajeno(superintendente: Superintendente, sitio: Sitio | None, *, baja: bool) -> None:
    """A superintendent in a site's rotation can neither leave that site nor be deactivated while it lasts."""
    for ciclo in _ciclos_con(superintendente):
        if baja:
            raise ValidationError(
                {
                    "__all__": f"«{superintendente.nombre}» forma parte de la guardia de {ciclo.sitio}; "
                    "configure la guardia con otro superintendente antes de darlo de baja."
                }
            )
        if sitio is None or ciclo.sitio_id != sitio.pk:
            raise ValidationError(
                {
                    "id_sitio": f"«{superintendente.nombre}» forma parte de la guardia de {ciclo.sitio}; "
                    "no puede cambiar de sitio mientras esté en ella."
                }
            )


def superintendente_crear(*, nombre: str, sitio: Sitio | None, color: str, usuario) -> Superintendente:
    """Register an active superintendent for a site (colour: #RRGGBB, drawn on the guard bands)."""
    superintendente = Superintendente(nombre=nombre, sitio_asignado=sitio, color=color.lower(), activo=True)
    with transaction.atomic():
        superintendente.save()
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_SUPER,
            registro_id=superintendente.pk,
            evento=Evento.CREAR,
            cambios=cambios_de_alta(superintendente, CAMPOS_SUPER),
            detalle=nombre,
        )
    return superintendente


@transaction.atomic
def superintendente_editar(
    *, superintendente: Superintendente, nombre: str, sitio: Sitio | None, color: str, usuario
) -> Superintendente:
    """Rename, recolour or move a superintendent; one in a rotation stays at that rotation's site."""
    _validar_sin_ciclo_ajeno(superintendente, sitio, baja=False)
    antes = instantanea(superintendente, CAMPOS_SUPER)
    superintendente.nombre, superintendente.sitio_asignado, superintendente.color = nombre, sitio, color.lower()
    cambios = cambios_entre(antes, superintendente, CAMPOS_SUPER)
    if cambios:
        superintendente.save()
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_SUPER,
            registro_id=superintendente.pk,
            evento=Evento.ACTUALIZAR,
            cambios=cambios,
            detalle=superintendente.nombre,
        )
    return superintendente


@transaction.atomic
def superintendente_desactivar(*, superintendente: Superintendente, usuario) -> Superintendente:
    """Soft-delete a superintendent that no rotation uses (the row and its history stay)."""
    if not superintendente.activo:
        return superintendente
    _validar_sin_ciclo_ajeno(superintendente, superintendente.sitio_asignado, baja=True)
    superintendente.activo = False
    superintendente.save(update_fields=["activo"])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_SUPER,
        registro_id=superintendente.pk,
        evento=Evento.ELIMINAR,
        cambios={"activo": (True, False)},
        detalle=superintendente.nombre,
    )
    return superintendente
