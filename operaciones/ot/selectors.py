"""Reads of the OT module: the OT list with its progress, one OT, its steps and the choice lists (reference §3.2)."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.formato import fecha_dmy, fecha_iso
from operaciones.catalogos.constantes import EstatusRegistro, FrenteId, NivelEstatus, TipoId
from operaciones.catalogos.models import Estatus, Sitio
from operaciones.pte.avance import anotar_avance_pasos, avance_de, avance_final, avance_tiempo

from .models import OTE, OTDetalle

VIGENTES = (EstatusRegistro.ACTIVO, EstatusRegistro.POR_DEFINIR)

# The site category (Frente nivel 1) each site column of an OT must point at.
CATEGORIA_SITIO = {
    "id_embarcacion": FrenteId.EMBARCACION,
    "id_plataforma": FrenteId.PLATAFORMA,
    "id_intercom": FrenteId.INTERCOM,
    "id_patio": FrenteId.PATIO,
}


def ots_vigentes() -> QuerySet:
    """OTs not deleted (estatus 1 or −1 "por definir"); deleted ones (0) are never listed."""
    return OTE.objects.filter(estatus__in=VIGENTES)


def _reprogramaciones_vigentes_de(referencia) -> Subquery:
    """Count of live reprogrammings whose principal is `referencia`, as a scalar subquery (no extra join)."""
    conteo = (
        OTE.objects.filter(ot_principal=referencia, id_tipo=TipoId.OT_REPROGRAMACION, estatus__in=VIGENTES)
        .order_by()
        .values("ot_principal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(conteo, output_field=IntegerField()), Value(0))


def ots_lista() -> QuerySet:
    """The OT list: live OTs with their joins, step figures and live reprogrammings counted in the same query."""
    return anotar_lista_ot(ots_base_lista())


def ots_base_lista() -> QuerySet:
    """Live OTs with the catalogue rows a list row shows (what the DataTables counts run on)."""
    return ots_vigentes().select_related(
        "id_tipo",
        "id_estatus_ot",
        "id_responsable_proyecto",
        "id_pte_header",
        "id_cliente",
        "id_frente",
        "id_embarcacion",
        "id_plataforma",
        "id_intercom",
        "id_patio",
    )


def anotar_lista_ot(consulta: QuerySet) -> QuerySet:
    """Step figures and the live reprogrammings of each row.

    The step counts join `detalles`; the reprogrammings are a subquery so they do not multiply those counts.
    """
    return anotar_avance_pasos(consulta).annotate(count_reprogramaciones=_reprogramaciones_vigentes_de(OuterRef("pk")))


def ot_para_usuario(usuario, pk) -> OTE | None:
    """A live OT by id (every user with the module's permission sees every OT), or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return ots_vigentes().select_related("id_cliente", "id_tipo", "id_estatus_ot").filter(pk=pk).first()


def ot_con_avance(pk: int) -> OTE | None:
    """One live OT annotated like a row of the list."""
    return ots_lista().filter(pk=pk).first()


def paso_ot_para_usuario(usuario, pk) -> OTDetalle | None:
    """A step of a live OT, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        OTDetalle.objects.select_related("id_ot", "id_paso", "estatus_paso")
        .filter(pk=pk, id_ot__estatus__in=VIGENTES)
        .first()
    )


def pasos_vigentes() -> QuerySet:
    """Checklist steps of live OTs with what their rows show (filter by OT, order by template)."""
    return OTDetalle.objects.filter(id_ot__estatus__in=VIGENTES).select_related("id_paso", "estatus_paso", "id_ot")


def ots_iniciales() -> QuerySet:
    """Live initial OTs (the principals a reprogramming can hang from), newest first."""
    return ots_vigentes().filter(id_tipo=TipoId.OT_INICIAL).order_by("-id")


def siguiente_num_reprogramacion(principal_id: int) -> int:
    """Next reprogramming number of a family: the highest live one + 1 (1 for the first)."""
    numeros = OTE.objects.filter(ot_principal_id=principal_id, estatus__in=VIGENTES, num_reprogramacion__isnull=False)
    ultimo = numeros.order_by("-num_reprogramacion").values_list("num_reprogramacion", flat=True).first()
    return (ultimo or 0) + 1


def sitios_activos(categoria: int | None = None) -> QuerySet:
    """Active sites, optionally of one category (Frente nivel 1: EMBARCACION, PLATAFORMA, PATIO, INTERCOM)."""
    sitios = Sitio.objects.filter(activo=True)
    if categoria is not None:
        sitios = sitios.filter(id_frente_id=categoria)
    return sitios.order_by("descripcion")


def estatus_de_ot() -> QuerySet:
    """Statuses an OT can take (nivel OT), in id order."""
    return Estatus.objects.filter(nivel_afectacion=NivelEstatus.OT, activo=True).order_by("id")


def estatus_de_paso() -> QuerySet:
    """Statuses a checklist step can take (nivel PASOS)."""
    return Estatus.objects.filter(nivel_afectacion=NivelEstatus.PASO, activo=True).order_by("id")


# --- Serialisers --------------------------------------------------------------------------------------------------


def texto(obj) -> str:
    return str(obj) if obj is not None else ""


def avance_ot(ot: OTE, hoy: date) -> dict:
    """Progress figures of an OT annotated by `ots_lista` (DESIGN §6: 70 % time + 30 % steps)."""
    pasos = avance_de(ot)
    tiempo = avance_tiempo(ot.fecha_inicio_programado, ot.fecha_termino_programado, hoy)
    real = avance_tiempo(ot.fecha_inicio_real, ot.fecha_termino_programado, hoy)
    return {
        "total_pasos": ot.total_pasos,
        "pasos_completados": ot.pasos_hechos,
        "progreso_pasos": pasos,
        "progreso_tiempo": tiempo.porcentaje,
        "progreso_final": avance_final(tiempo.porcentaje, pasos),
        "dias_restantes": tiempo.dias_restantes,
        "dias_transcurridos": tiempo.dias_transcurridos,
        "plazo_total": tiempo.plazo_total,
        "progreso_tiempo_real": real.porcentaje,
        "progreso_final_real": avance_final(real.porcentaje, pasos),
        "dias_restantes_real": real.dias_restantes,
        "dias_transcurridos_real": real.dias_transcurridos,
        "plazo_total_real": real.plazo_total,
    }


def fila_ot(ot: OTE, hoy: date) -> dict:
    """A row of the OT list (reference §1.3 keys) plus the names of its sites, client and front."""
    return {
        "id": ot.pk,
        "id_tipo_id": ot.id_tipo_id,
        "descripcion_tipo": texto(ot.id_tipo),
        "id_frente": ot.id_frente_id,
        "frente": texto(ot.id_frente),
        "id_embarcacion": ot.id_embarcacion_id,
        "embarcacion": texto(ot.id_embarcacion),
        "id_plataforma": ot.id_plataforma_id,
        "plataforma": texto(ot.id_plataforma),
        "id_intercom": ot.id_intercom_id,
        "intercom": texto(ot.id_intercom),
        "id_patio": ot.id_patio_id,
        "patio": texto(ot.id_patio),
        "requiere_patio": ot.requiere_patio,
        "estatus": ot.get_estatus_display(),
        "estatus_numero": ot.estatus,
        "estatus_ot_id": ot.id_estatus_ot_id,
        "estatus_ot_texto": texto(ot.id_estatus_ot),
        "responsable_proyecto": texto(ot.id_responsable_proyecto),
        "responsable_proyecto_id": ot.id_responsable_proyecto_id,
        "responsable_cliente": ot.responsable_cliente,
        "id_cliente_id": ot.id_cliente_id,
        "cliente": texto(ot.id_cliente),
        "id_pte_id": ot.id_pte_header_id,
        "pte_padre": texto(ot.id_pte_header),
        "oficio_ot": ot.oficio_ot,
        "orden_trabajo": ot.orden_trabajo,
        "descripcion_trabajo": ot.descripcion_trabajo,
        "fecha_inicio_programado": fecha_dmy(ot.fecha_inicio_programado),
        "fecha_termino_programado": fecha_dmy(ot.fecha_termino_programado),
        "fecha_inicio_real": fecha_dmy(ot.fecha_inicio_real),
        "fecha_termino_real": fecha_dmy(ot.fecha_termino_real),
        "comentario": ot.comentario,
        "ot_principal": ot.ot_principal_id,
        "plazo_dias": ot.plazo_dias,
        "num_reprogramacion": ot.num_reprogramacion,
        **avance_ot(ot, hoy),
        "tiene_reprogramaciones": ot.count_reprogramaciones > 0,
        "count_reprogramaciones": ot.count_reprogramaciones,
    }


def datos_ot(ot: OTE) -> dict:
    """Every editable field of an OT for the edit form: ids, ISO dates, amounts as strings with 2 decimals."""
    return {
        "id": ot.pk,
        "id_tipo": ot.id_tipo_id,
        "id_pte_header": ot.id_pte_header_id,
        "orden_trabajo": ot.orden_trabajo,
        "descripcion_trabajo": ot.descripcion_trabajo,
        "id_responsable_proyecto": ot.id_responsable_proyecto_id,
        "responsable_cliente": ot.responsable_cliente,
        "oficio_ot": ot.oficio_ot,
        "id_estatus_ot": ot.id_estatus_ot_id,
        "fecha_inicio_programado": fecha_iso(ot.fecha_inicio_programado),
        "fecha_inicio_real": fecha_iso(ot.fecha_inicio_real),
        "fecha_termino_programado": fecha_iso(ot.fecha_termino_programado),
        "fecha_termino_real": fecha_iso(ot.fecha_termino_real),
        "estatus": ot.estatus,
        "num_reprogramacion": ot.num_reprogramacion,
        "ot_principal": ot.ot_principal_id,
        "comentario": ot.comentario,
        "monto_mxn": f"{ot.monto_mxn:.2f}",
        "monto_usd": f"{ot.monto_usd:.2f}",
        "id_frente": ot.id_frente_id,
        "id_embarcacion": ot.id_embarcacion_id,
        "id_plataforma": ot.id_plataforma_id,
        "id_intercom": ot.id_intercom_id,
        "id_patio": ot.id_patio_id,
        "plazo_dias": ot.plazo_dias,
        "id_cliente": ot.id_cliente_id,
        "requiere_patio": ot.requiere_patio,
        "fecha_inicio_patio": fecha_iso(ot.fecha_inicio_patio),
        "fecha_fin_patio": fecha_iso(ot.fecha_fin_patio),
    }


def fila_paso(d: OTDetalle) -> dict:
    """A row of an OT's checklist (reference §1.3)."""
    return {
        "id": d.pk,
        "orden": d.id_paso.orden,
        "desc_paso": d.id_paso.descripcion,
        "tipo_paso": d.id_paso.tipo_id,
        "estatus_paso": d.estatus_paso_id,
        "estatus_texto": texto(d.estatus_paso),
        "fecha_entrega": fecha_dmy(d.fecha_entrega),
        "fecha_inicio": fecha_dmy(d.fecha_inicio),
        "fecha_termino": fecha_dmy(d.fecha_termino),
        "comentario": d.comentario,
        "archivo": d.archivo,
        "archivo_adjunto": d.archivo_adjunto.url if d.archivo_adjunto else "",
        "oficio_ot": d.id_ot.orden_trabajo,
        "id_ot": d.id_ot_id,
    }
