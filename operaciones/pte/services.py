"""Writes of the PTE module: proposals, their step checklists and status changes (reference §3.1).

Every write is logged through core.actividad (header rows under "PTE Header", step rows under "PTE Detalle").
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.models import Evento
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import ESTATUS_PASO_HECHO, EstatusId, EstatusRegistro
from operaciones.catalogos.models import Paso

from . import pasos, selectors
from .forms import CAMPO_FECHA_PASO
from .models import EstatusPTE, PTEDetalle, PTEHeader
from .selectors import ENTIDAD_PASO, ENTIDAD_PTE

CAMPOS_PTE = (
    "oficio_pte",
    "id_cliente",
    "id_responsable_proyecto",
    "id_tipo",
    "prioridad",
    "oficio_solicitud",
    "descripcion_trabajo",
    "fecha_solicitud",
    "plazo_dias",
    "total_homologado",
    "id_orden_trabajo",
    "comentario",
)
CAMPOS_ESTATUS_PTE = ("estatus", "fecha_entrega", "comentario")
CAMPOS_PASO = ("estatus_paso", "fecha_entrega", "fecha_inicio", "fecha_termino", "comentario", "archivo")

# A parent step completed by the rule below carries this comment; only such a parent is reopened automatically.
COMENTARIO_AUTOCOMPLETADO = "Entregables finalizados"
COMENTARIO_REABIERTO = "Entregables reabiertos"


def pte_generar_pasos(*, pte: PTEHeader) -> list[PTEDetalle]:
    """One PENDIENTE step per active Paso of the client's type (main steps and sub-steps), ordered by id."""
    tipo_cliente_id = pte.id_cliente.id_tipo_id if pte.id_cliente_id else None
    pasos = list(Paso.objects.filter(activo=True, id_tipo_cliente_id=tipo_cliente_id).order_by("id").only("id"))
    if not pasos:
        nombre = pte.id_cliente.id_tipo.descripcion if tipo_cliente_id else "(la PTE no tiene cliente)"
        raise ValidationError(f"No hay pasos configurados para el tipo de cliente {nombre}.", code="sin_pasos")
    return PTEDetalle.objects.bulk_create(
        [PTEDetalle(id_pte_header=pte, id_paso=paso, estatus_paso_id=EstatusId.PENDIENTE) for paso in pasos]
    )


def _guardar_pte(pte: PTEHeader) -> None:
    """Save; a folio taken meanwhile by another live PTE (the database constraint) becomes a field error."""
    try:
        with transaction.atomic():
            pte.save()
    except IntegrityError as error:
        raise ValidationError({"oficio_pte": "Ya existe una PTE vigente con ese folio."}) from error


def _generar_pasos_o_error_de_cliente(pte: PTEHeader) -> list[PTEDetalle]:
    try:
        return pte_generar_pasos(pte=pte)
    except ValidationError as error:
        raise ValidationError({"id_cliente": error.messages}) from error


def _tipo_cliente_id(pte: PTEHeader) -> int | None:
    return pte.id_cliente.id_tipo_id if pte.id_cliente_id else None


@transaction.atomic
def pte_crear(*, usuario, datos: dict) -> PTEHeader:
    """Header and its steps in one transaction: no PTE is left without its checklist."""
    pte = PTEHeader(estatus=EstatusPTE.PENDIENTE, **{c: datos[c] for c in CAMPOS_PTE if c in datos})
    _guardar_pte(pte)
    pasos = _generar_pasos_o_error_de_cliente(pte)
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_PTE,
        registro_id=pte.pk,
        evento=Evento.CREAR,
        cambios=cambios_de_alta(pte, (*CAMPOS_PTE, "estatus")),
        detalle=f"Alta de la PTE {pte.oficio_pte} con {len(pasos)} pasos",
    )
    return pte


@transaction.atomic
def pte_actualizar(*, pte: PTEHeader, usuario, datos: dict) -> PTEHeader:
    """Edit the header. The steps belong to the client's type: a client of another type is refused while the
    PTE has steps; a PTE without steps (legacy rows without client) gets them once it has a client."""
    antes = instantanea(pte, CAMPOS_PTE)
    tipo_antes = _tipo_cliente_id(pte)
    for campo in CAMPOS_PTE:
        if campo in datos:
            setattr(pte, campo, datos[campo])
    tiene_pasos = pte.detalles.exists()
    if tiene_pasos and _tipo_cliente_id(pte) != tipo_antes:
        raise ValidationError(
            {"id_cliente": "Los pasos de esta PTE son de otro tipo de cliente; elija un cliente del mismo tipo."}
        )
    _guardar_pte(pte)
    if not tiene_pasos:
        _generar_pasos_o_error_de_cliente(pte)
    cambios = cambios_entre(antes, pte, CAMPOS_PTE)
    if cambios:
        actividad_registrar(
            usuario=usuario, entidad=ENTIDAD_PTE, registro_id=pte.pk, evento=Evento.ACTUALIZAR, cambios=cambios
        )
    return pte


@transaction.atomic
def pte_eliminar(*, pte: PTEHeader, usuario) -> None:
    """Soft delete (estatus 0): the PTE leaves every list but keeps its history. Not while it has live OTs."""
    if pte.ots.exclude(estatus=EstatusRegistro.ELIMINADO).exists():
        raise ValidationError("La PTE tiene órdenes de trabajo vigentes; no se puede eliminar.")
    antes = instantanea(pte, ("estatus",))
    pte.estatus = EstatusPTE.ELIMINADA
    pte.save(update_fields=["estatus", "fecha_actualizacion"])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_PTE,
        registro_id=pte.pk,
        evento=Evento.ELIMINAR,
        cambios=cambios_entre(antes, pte, ("estatus",)),
        detalle=f"Baja de la PTE {pte.oficio_pte}",
    )


@transaction.atomic
def pte_cambiar_estatus(
    *, pte: PTEHeader, usuario, nuevo_estatus: int, comentario: str = "", fecha_entrega: date | None = None
) -> PTEHeader:
    """Header status. ENTREGADA sets fecha_entrega (given, kept, or today in Mexico City); leaving it clears it.
    A non-blank comment replaces the header's comment."""
    if nuevo_estatus not in EstatusPTE.values or nuevo_estatus == EstatusPTE.ELIMINADA:
        raise ValidationError({"nuevo_estatus": "Estatus no válido."})
    antes = instantanea(pte, CAMPOS_ESTATUS_PTE)
    anterior = pte.estatus
    pte.estatus = nuevo_estatus
    if nuevo_estatus == EstatusPTE.ENTREGADA:
        conservada = pte.fecha_entrega if anterior == EstatusPTE.ENTREGADA else None
        pte.fecha_entrega = fecha_entrega or conservada or hoy_mexico()
    elif anterior == EstatusPTE.ENTREGADA:
        pte.fecha_entrega = None
    if comentario.strip():
        pte.comentario = comentario.strip()
    pte.save(update_fields=[*CAMPOS_ESTATUS_PTE, "fecha_actualizacion"])
    cambios = cambios_entre(antes, pte, CAMPOS_ESTATUS_PTE)
    if cambios:
        actividad_registrar(
            usuario=usuario, entidad=ENTIDAD_PTE, registro_id=pte.pk, evento=Evento.CAMBIO_ESTATUS, cambios=cambios
        )
    return pte


# --- Steps ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultadoPaso:
    avance: selectors.AvancePTE
    paso_padre_actualizado: bool


def _bloquear_pte(pte_id: int) -> None:
    """Serialise step changes of one PTE, so the parent-step rule sees its sub-steps' final state."""
    list(PTEHeader.objects.select_for_update().filter(pk=pte_id).values_list("pk", flat=True))


def _registrar_paso(detalle: PTEDetalle, usuario, antes: dict, evento: Evento, nota: str = "") -> None:
    cambios = cambios_entre(antes, detalle, CAMPOS_PASO)
    if not cambios:
        return
    paso = detalle.id_paso
    texto = f"PTE {detalle.id_pte_header.oficio_pte} · paso {paso.orden} {paso.descripcion}"
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_PASO,
        registro_id=detalle.pk,
        evento=evento,
        cambios=cambios,
        detalle=f"{texto}. {nota}".strip() if nota else texto,
    )


def _sincronizar_padre(detalle: PTEDetalle, usuario) -> bool:
    """Parent-step rule: when every sub-step is done (COMPLETADO or NO APLICA) the parent becomes COMPLETADO
    ("Entregables finalizados", fecha_termino today). If a sub-step is reopened, a parent completed by this
    rule goes back to PROCESO; a parent someone completed by hand is left alone."""
    padre_paso_id = detalle.id_paso.paso_padre_id
    pte_id = detalle.id_pte_header_id
    padre = (
        PTEDetalle.objects.select_related("id_paso", "estatus_paso", "id_pte_header")
        .filter(id_pte_header_id=pte_id, id_paso_id=padre_paso_id)
        .first()
    )
    if padre is None:
        return False
    pendientes = PTEDetalle.objects.filter(id_pte_header_id=pte_id, id_paso__paso_padre_id=padre_paso_id).exclude(
        estatus_paso__in=ESTATUS_PASO_HECHO
    )
    todos_hechos = not pendientes.exists()
    hoy = hoy_mexico()
    antes = instantanea(padre, CAMPOS_PASO)
    if todos_hechos and padre.estatus_paso_id not in ESTATUS_PASO_HECHO:
        padre.estatus_paso_id = EstatusId.COMPLETADO
        padre.comentario = COMENTARIO_AUTOCOMPLETADO
        padre.fecha_termino = hoy
        padre.fecha_entrega = padre.fecha_entrega or hoy
        nota = "Completado automáticamente: todos sus entregables están terminados."
    elif (
        not todos_hechos
        and padre.estatus_paso_id == EstatusId.COMPLETADO
        and padre.comentario == COMENTARIO_AUTOCOMPLETADO
    ):
        padre.estatus_paso_id = EstatusId.PROCESO
        padre.comentario = COMENTARIO_REABIERTO
        padre.fecha_termino = None
        padre.fecha_entrega = None
        nota = "Reabierto automáticamente: uno de sus entregables se reabrió."
    else:
        return False
    padre.save()
    _registrar_paso(padre, usuario, antes, Evento.CAMBIO_ESTATUS, nota)
    return True


@transaction.atomic
def paso_cambiar_estatus(
    *,
    detalle: PTEDetalle,
    usuario,
    nuevo_estatus: int,
    comentario: str | None = None,
    fecha_entrega: date | None = None,
) -> ResultadoPaso:
    """Step status by the checklist rule (`pasos.aplicar_estatus`), then the parent-step rule."""
    _bloquear_pte(detalle.id_pte_header_id)
    antes = instantanea(detalle, CAMPOS_PASO)
    pasos.aplicar_estatus(
        detalle, estatus_id=nuevo_estatus, hoy=hoy_mexico(), fecha_entrega=fecha_entrega, comentario=comentario
    )
    detalle.save()
    _registrar_paso(detalle, usuario, antes, Evento.CAMBIO_ESTATUS)
    padre_actualizado = _sincronizar_padre(detalle, usuario) if detalle.id_paso.paso_padre_id else False
    return ResultadoPaso(selectors.avance_pte(detalle.id_pte_header_id), padre_actualizado)


@transaction.atomic
def paso_actualizar_fecha(*, detalle: PTEDetalle, usuario, tipo: int, fecha: date | None) -> date | None:
    """One date of a step (1 inicio, 2 término, 3 entrega); None clears it."""
    campo = CAMPO_FECHA_PASO.get(tipo, "")
    antes = instantanea(detalle, CAMPOS_PASO)
    pasos.aplicar_fecha(detalle, campo=campo, fecha=fecha)
    detalle.save(update_fields=[campo])
    _registrar_paso(detalle, usuario, antes, Evento.ACTUALIZAR)
    return fecha


@transaction.atomic
def paso_guardar_archivo(*, detalle: PTEDetalle, usuario, archivo: str) -> PTEDetalle:
    """The step's evidence link (an http(s) address already validated by the form); blank clears it."""
    antes = instantanea(detalle, CAMPOS_PASO)
    pasos.aplicar_archivo(detalle, archivo=archivo)
    detalle.save(update_fields=["archivo"])
    _registrar_paso(detalle, usuario, antes, Evento.ACTUALIZAR)
    return detalle
