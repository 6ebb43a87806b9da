"""Reads of the PTE module. Deleted PTEs (estatus 0) never leave this file; no list does per-row queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Right, Trim

from core.formato import fecha_dmy, fecha_iso
from core.models import RegistroActividad
from operaciones.catalogos.constantes import (
    ESTATUS_PASO_CERRADO,
    ESTATUS_PASO_HECHO,
    EstatusId,
    EstatusRegistro,
    NivelTipo,
    TipoId,
)
from operaciones.catalogos.models import Cliente, ResponsableProyecto, Tipo

from .avance import anotar_avance_pasos, avance_de, porcentaje_pasos
from .models import EstatusPTE, PTEDetalle, PTEHeader

ENTIDAD_PTE = "PTE Header"
ENTIDAD_PASO = "PTE Detalle"
HISTORIAL_MAXIMO = 200

# Badge colours of the screens (list, child rows, detail page).
COLOR_ESTATUS_PTE = {
    EstatusPTE.PENDIENTE: "text-bg-secondary",
    EstatusPTE.PROCESO: "text-bg-warning",
    EstatusPTE.ENTREGADA: "text-bg-success",
    EstatusPTE.CANCELADA: "text-bg-danger",
    EstatusPTE.SUSPENDIDA: "text-bg-dark",
}
COLOR_ESTATUS_PASO = {
    EstatusId.PENDIENTE: "text-bg-secondary",
    EstatusId.PROCESO: "text-bg-warning",
    EstatusId.COMPLETADO: "text-bg-success",
    EstatusId.CANCELADO: "text-bg-danger",
    EstatusId.NO_APLICA: "text-bg-info",
}


def _modelo_ot():
    # The OT app points at PTE, not the other way: reach its model through the reverse relation.
    return PTEHeader._meta.get_field("ots").related_model


def ptes_vigentes() -> QuerySet[PTEHeader]:
    """Every PTE but the soft-deleted ones."""
    return PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA)


def pte_vigente(pk: int) -> PTEHeader | None:
    """The PTE with its catalogue rows, or None when it does not exist or was deleted (the access helper)."""
    return (
        ptes_vigentes()
        .select_related("id_tipo", "id_responsable_proyecto", "id_cliente__id_tipo")
        .filter(pk=pk)
        .first()
    )


def paso_de_pte_vigente(pk: int) -> PTEDetalle | None:
    """A step whose PTE is not deleted (steps of a deleted PTE cannot be read or changed)."""
    return (
        PTEDetalle.objects.select_related("id_paso", "estatus_paso", "id_pte_header")
        .exclude(id_pte_header__estatus=EstatusPTE.ELIMINADA)
        .filter(pk=pk)
        .first()
    )


def ptes_lista() -> QuerySet[PTEHeader]:
    """The list: live PTEs with their catalogue rows, step progress, the OT gate and whether an OT exists."""
    return anotar_lista_pte(ptes_base_lista())


def ptes_base_lista() -> QuerySet[PTEHeader]:
    """Live PTEs with the catalogue rows a list row shows (what the DataTables counts run on)."""
    return ptes_vigentes().select_related("id_tipo", "id_responsable_proyecto", "id_cliente__id_tipo")


def anotar_lista_pte(queryset: QuerySet[PTEHeader]) -> QuerySet[PTEHeader]:
    """Step progress, the OT gate and whether an OT exists, per row."""
    ots = _modelo_ot().objects.filter(id_pte_header=OuterRef("pk")).exclude(estatus=EstatusRegistro.ELIMINADO)
    return anotar_avance_pasos(queryset).annotate(
        pasos_cerrados=Count("detalles", filter=Q(detalles__estatus_paso__in=ESTATUS_PASO_CERRADO)),
        tiene_ot=Exists(ots),
        # Same ordering as avance_de (weights when set, else the share of done steps), for sorting in SQL.
        progreso_orden=Case(
            When(peso_total__gt=0, then=Cast(F("peso_hecho"), FloatField()) / Cast(F("peso_total"), FloatField())),
            default=Cast(F("pasos_hechos"), FloatField()) / NullIf(Cast(F("total_pasos"), FloatField()), 0.0),
            output_field=FloatField(),
        ),
    )


def listo_para_ot(pte) -> bool:
    """The gate to create an OT: every step closed (done, not applicable or cancelled — DESIGN §6)."""
    return bool(pte.total_pasos) and pte.pasos_cerrados == pte.total_pasos


def fila_pte(p: PTEHeader) -> dict:
    """One row of the list (reference §1.3 keys, plus names the page shows)."""
    cliente = p.id_cliente
    return {
        "id": p.pk,
        "id_tipo_id": p.id_tipo_id,
        "descripcion_tipo": p.id_tipo.descripcion,
        "oficio_pte": p.oficio_pte,
        "estatus": p.estatus,
        "estatus_texto": p.get_estatus_display(),
        "oficio_solicitud": p.oficio_solicitud,
        "descripcion_trabajo": p.descripcion_trabajo,
        "fecha_solicitud": fecha_iso(p.fecha_solicitud),
        "fecha_entrega": fecha_dmy(p.fecha_entrega),
        "responsable_proyecto": p.id_responsable_proyecto_id,
        "responsable_nombre": p.id_responsable_proyecto.descripcion,
        "plazo_dias": p.plazo_dias,
        "prioridad": p.prioridad,
        "prioridad_texto": p.get_prioridad_display(),
        "total_homologado": format(p.total_homologado, "f"),
        "progreso": avance_de(p),
        "pasos_completados": p.pasos_hechos,
        "total_pasos": p.total_pasos,
        "id_cliente_id": p.id_cliente_id,
        "cliente": cliente.descripcion if cliente else "",
        "tipo_cliente": cliente.id_tipo_id if cliente else None,
        "tipo_cliente_texto": cliente.id_tipo.descripcion if cliente else "",
        "listo_para_ot": listo_para_ot(p),
        "tiene_ot": p.tiene_ot,
    }


def datos_pte(p: PTEHeader) -> dict:
    """The edit form's values (reference §1.3 `obtener_datos` shape; `prioridad` also under its form name)."""
    return {
        "id": p.pk,
        "oficio_pte": p.oficio_pte,
        "oficio_solicitud": p.oficio_solicitud,
        "descripcion_trabajo": p.descripcion_trabajo,
        "fecha_solicitud": fecha_iso(p.fecha_solicitud),
        "plazo_dias": p.plazo_dias,
        "id_prioridad": p.prioridad,
        "prioridad": p.prioridad,
        "id_tipo": p.id_tipo_id,
        "id_cliente": p.id_cliente_id,
        "fecha_entrega": fecha_iso(p.fecha_entrega),
        "id_responsable_proyecto": p.id_responsable_proyecto_id,
        "total_homologado": format(p.total_homologado, "f"),
        "id_orden_trabajo": p.id_orden_trabajo,
        "comentario": p.comentario,
        "estatus": p.estatus,
        # Names of the current choices, so an edit form can show a value that is no longer offered (inactive).
        "descripcion_tipo": p.id_tipo.descripcion,
        "cliente": p.id_cliente.descripcion if p.id_cliente else "",
        "responsable_nombre": p.id_responsable_proyecto.descripcion,
    }


# --- Steps ----------------------------------------------------------------------------------------------------------


def _orden_numerico():
    """Leading integer of Paso.orden ("10" after "9", "4.1" with 4), so text order never puts "10" before "2"."""
    inicio = Func(F("id_paso__orden"), Value(r"^[0-9]+"), function="SUBSTRING")
    return Cast(NullIf(inicio, Value("")), IntegerField())


def pasos_de_pte(pte_id: int, *, tipo: int) -> QuerySet[PTEDetalle]:
    """Steps of one PTE of the given Paso.tipo (main steps or sub-steps), in template order."""
    return (
        PTEDetalle.objects.filter(id_pte_header_id=pte_id, id_paso__tipo=tipo)
        .select_related("id_paso", "estatus_paso")
        .alias(orden_numero=_orden_numerico())
        .order_by("orden_numero", "id_paso__orden", "id_paso_id")
    )


@dataclass(frozen=True)
class AvanceSubpasos:
    total: int = 0
    hechos: int = 0
    progreso: int = 0


def avance_subpasos_por_padre(pte_id: int) -> dict[int, AvanceSubpasos]:
    """Paso id of each parent step → progress of its sub-steps in this PTE (one query)."""
    hecho = Q(estatus_paso__in=ESTATUS_PASO_HECHO)
    cero = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))
    filas = (
        PTEDetalle.objects.filter(id_pte_header_id=pte_id, id_paso__paso_padre__isnull=False)
        .values("id_paso__paso_padre_id")
        .annotate(
            total=Count("pk"),
            hechos=Count("pk", filter=hecho),
            peso_total=Coalesce(Sum("id_paso__importancia"), cero),
            peso_hecho=Coalesce(Sum("id_paso__importancia", filter=hecho), cero),
        )
        .order_by()
    )
    return {
        f["id_paso__paso_padre_id"]: AvanceSubpasos(
            total=f["total"],
            hechos=f["hechos"],
            progreso=porcentaje_pasos(
                total_pasos=f["total"], pasos_hechos=f["hechos"], peso_total=f["peso_total"], peso_hecho=f["peso_hecho"]
            ),
        )
        for f in filas
    }


def fila_paso(d: PTEDetalle, pte: PTEHeader, subpasos: dict[int, AvanceSubpasos] | None = None) -> dict:
    """One step row (reference §1.3 keys). Step dates travel as ISO for the date pickers."""
    avance = (subpasos or {}).get(d.id_paso_id, AvanceSubpasos())
    cliente = pte.id_cliente
    return {
        "id": d.pk,
        "id_paso": d.id_paso_id,
        "orden": d.id_paso.orden,
        "desc_paso": d.id_paso.descripcion,
        "tipo_paso": d.id_paso.tipo,
        "paso_padre_id": d.id_paso.paso_padre_id,
        "estatus_pte": d.estatus_paso_id,
        "estatus_pte_texto": d.estatus_paso.descripcion,
        "fecha_entrega": fecha_iso(d.fecha_entrega),
        "fecha_inicio": fecha_iso(d.fecha_inicio),
        "fecha_termino": fecha_iso(d.fecha_termino),
        "comentario": d.comentario,
        "es_subpaso": d.id_paso.paso_padre_id is not None,
        "tiene_subpasos": avance.total > 0,
        "progreso_subpasos": avance.progreso,
        "total_subpasos": avance.total,
        "subpasos_completados": avance.hechos,
        "folio_pte": pte.oficio_pte,
        "tipo_cliente": cliente.id_tipo_id if cliente else None,
        "archivo": d.archivo,
        "archivo_adjunto": d.archivo_adjunto.url if d.archivo_adjunto else "",
    }


def pasos_anidados(pte: PTEHeader) -> list[tuple[PTEDetalle, list[PTEDetalle]]]:
    """Main steps in order, each with its sub-steps (one query)."""
    todos = list(
        PTEDetalle.objects.filter(id_pte_header=pte)
        .select_related("id_paso", "estatus_paso")
        .alias(orden_numero=_orden_numerico())
        .order_by("orden_numero", "id_paso__orden", "id_paso_id")
    )
    hijos = defaultdict(list)
    for d in todos:
        d.color = COLOR_ESTATUS_PASO.get(d.estatus_paso_id, "text-bg-light")
        if d.id_paso.paso_padre_id is not None:
            hijos[d.id_paso.paso_padre_id].append(d)
    principales = [d for d in todos if d.id_paso.paso_padre_id is None]
    # A sub-step whose parent step is missing from this PTE is still shown, at the end.
    ids_principales = {d.id_paso_id for d in principales}
    huerfanos = [d for padre, lista in hijos.items() if padre not in ids_principales for d in lista]
    return [(d, hijos.get(d.id_paso_id, [])) for d in principales] + [(d, []) for d in huerfanos]


@dataclass(frozen=True)
class AvancePTE:
    progreso: int
    pasos_completados: int
    total_pasos: int


def avance_pte(pte_id: int) -> AvancePTE:
    """Progress of one PTE, by the one definition (DESIGN §6)."""
    fila = anotar_avance_pasos(PTEHeader.objects.filter(pk=pte_id)).values(
        "total_pasos", "pasos_hechos", "peso_total", "peso_hecho"
    )
    fila = fila.first() or {"total_pasos": 0, "pasos_hechos": 0, "peso_total": 0, "peso_hecho": 0}
    return AvancePTE(avance_de(fila), fila["pasos_hechos"], fila["total_pasos"])


def detalle_padre_con_subpasos(pte_id: int, paso_padre_id: int | None = None) -> PTEDetalle | None:
    """The parent step (found through Paso.paso_padre, never by a fixed id) of this PTE's sub-steps."""
    padres = PTEDetalle.objects.filter(id_pte_header_id=pte_id)
    if paso_padre_id is not None:
        padres = padres.filter(id_paso_id=paso_padre_id)
    hijos = PTEDetalle.objects.filter(id_pte_header_id=pte_id, id_paso__paso_padre_id=OuterRef("id_paso_id"))
    return padres.filter(Exists(hijos)).select_related("id_paso", "estatus_paso").order_by("id_paso_id").first()


# --- Options, history, OTs --------------------------------------------------------------------------------------------


def responsables_activos() -> list[dict]:
    return list(ResponsableProyecto.objects.filter(activo=True).order_by("descripcion").values("id", "descripcion"))


def clientes_activos() -> list[dict]:
    return list(Cliente.objects.filter(activo=True).order_by("descripcion").values("id", "descripcion"))


def tipos_pte_activos() -> QuerySet[Tipo]:
    return (
        Tipo.objects.filter(activo=True, nivel_afectacion=NivelTipo.PTE).exclude(pk=TipoId.PTE).order_by("descripcion")
    )


def anios_de_folios() -> list[int]:
    """Years present in the live folios (those ending in -YYYY), newest first."""
    anios = (
        ptes_vigentes()
        .filter(oficio_pte__regex=r"-[0-9]{4}\s*$")
        .annotate(anio=Right(Trim("oficio_pte"), 4))
        .order_by("-anio")
        .values_list("anio", flat=True)
        .distinct()
    )
    return [int(a) for a in anios]


def actividad_de_pte(pte: PTEHeader) -> QuerySet[RegistroActividad]:
    """Audit rows of the PTE header and of its steps, newest first."""
    pasos = PTEDetalle.objects.filter(id_pte_header=pte).values("pk")
    return (
        RegistroActividad.objects.filter(
            Q(afectacion=ENTIDAD_PTE, registro_id=pte.pk) | Q(afectacion=ENTIDAD_PASO, registro_id__in=pasos)
        )
        .select_related("usuario")
        .order_by("-fecha", "-id")[:HISTORIAL_MAXIMO]
    )


def ots_de_pte(pte: PTEHeader):
    """Live OTs created from this PTE."""
    return (
        _modelo_ot()
        .objects.filter(id_pte_header=pte)
        .exclude(estatus=EstatusRegistro.ELIMINADO)
        .select_related("id_tipo", "id_estatus_ot")
        .order_by("id")
    )
