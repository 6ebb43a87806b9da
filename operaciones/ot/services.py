"""Writes of the OT module: work orders, reprogrammings, their step checklists and PTE → OT (reference §3.2)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from core.actividad import actividad_registrar, cambios_de_alta, cambios_entre, instantanea
from core.models import Evento
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import (
    ESTATUS_PASO_CERRADO,
    EstatusId,
    EstatusRegistro,
    FrenteId,
    NivelEstatus,
    TipoId,
)
from operaciones.catalogos.models import Estatus, PasoOt, Sitio
from operaciones.pte import pasos
from operaciones.pte.models import PTEHeader

from . import selectors
from .models import OTE, OTDetalle


def plantilla_pasos_ot(*, id_tipo_ot: int, tipo_cliente_id: int | None) -> int:
    """Step template (PasoOt.tipo) of an OT by its type and its client's type (reference §3.1, "PTE → OT").

    A reprogramming takes the REPROGRAMACION template for a CONTRATO client, the INTERCOM template for an
    INTERCOM client, else the initial one; an initial OT takes the INTERCOM template for an INTERCOM client,
    else the initial one.
    """
    if tipo_cliente_id == TipoId.CLIENTE_INTERCOM:
        return TipoId.PLANTILLA_INTERCOM
    if id_tipo_ot == TipoId.OT_REPROGRAMACION and tipo_cliente_id == TipoId.CLIENTE_CONTRATO:
        return TipoId.OT_REPROGRAMACION
    return TipoId.OT_INICIAL


def ot_generar_pasos(
    *,
    ot: OTE,
    estatus_paso: int = EstatusId.PENDIENTE,
    fecha_inicio: date | None = None,
    fecha_termino: date | None = None,
    fecha_entrega: date | None = None,
) -> list[OTDetalle]:
    """One step per active PasoOt of the OT's template (by OT type and client type), ordered by id."""
    tipo_cliente_id = ot.id_cliente.id_tipo_id if ot.id_cliente_id else None
    plantilla = plantilla_pasos_ot(id_tipo_ot=ot.id_tipo_id, tipo_cliente_id=tipo_cliente_id)
    pasos = PasoOt.objects.filter(activo=True, tipo_id=plantilla).order_by("id").values_list("id", flat=True)
    return OTDetalle.objects.bulk_create(
        [
            OTDetalle(
                id_ot=ot,
                id_paso_id=paso_id,
                estatus_paso_id=estatus_paso,
                fecha_inicio=fecha_inicio,
                fecha_termino=fecha_termino,
                fecha_entrega=fecha_entrega,
            )
            for paso_id in pasos
        ]
    )


# --- OT create / edit / delete / status ---------------------------------------------------------------------------

ENTIDAD_OT = "OT"
ENTIDAD_PASO = "Paso de OT"

CAMPOS_ALTA = (
    "id_tipo",
    "orden_trabajo",
    "descripcion_trabajo",
    "id_pte_header",
    "ot_principal",
    "num_reprogramacion",
    "id_responsable_proyecto",
    "responsable_cliente",
    "oficio_ot",
    "id_estatus_ot",
    "id_cliente",
    "estatus",
    "comentario",
    "fecha_inicio_programado",
    "fecha_termino_programado",
    "plazo_dias",
    "id_frente",
    "id_embarcacion",
    "id_plataforma",
    "id_intercom",
    "id_patio",
    "requiere_patio",
    "fecha_inicio_patio",
    "fecha_fin_patio",
)
CAMPOS_EDICION = (
    "orden_trabajo",
    "descripcion_trabajo",
    "responsable_cliente",
    "oficio_ot",
    "comentario",
    "id_tipo",
    "ot_principal",
    "num_reprogramacion",
    "id_responsable_proyecto",
    "id_cliente",
    "id_frente",
    "plazo_dias",
    "monto_mxn",
    "monto_usd",
    "fecha_inicio_programado",
    "fecha_termino_programado",
    "fecha_inicio_real",
    "fecha_termino_real",
)
CAMPOS_SITIO = ("id_embarcacion", "id_plataforma", "id_intercom", "id_patio")
CAMPOS_FASE_PATIO = ("requiere_patio", "fecha_inicio_patio", "fecha_fin_patio")
CAMPOS_LOG_EDICION = (*CAMPOS_EDICION, *CAMPOS_SITIO, *CAMPOS_FASE_PATIO, "estatus")
# Inherited by a reprogramming from its initial OT when the form leaves them blank.
HEREDADOS_DE_PRINCIPAL = (
    "descripcion_trabajo",
    "id_responsable_proyecto",
    "responsable_cliente",
    "id_cliente",
    "id_frente",
    *CAMPOS_SITIO,
    *CAMPOS_FASE_PATIO,
)


def _principal_bloqueada(principal_id: int) -> OTE:
    """The initial OT of a family, row-locked so the next reprogramming number is computed by one writer at a time."""
    principal = (
        OTE.objects.select_for_update()
        .filter(pk=principal_id, id_tipo=TipoId.OT_INICIAL, estatus__in=selectors.VIGENTES)
        .first()
    )
    if principal is None:
        raise ValidationError({"ot_principal": "La OT inicial seleccionada no existe o no está vigente."})
    return principal


def _numero_de_reprogramacion(principal: OTE, numero: int | None, *, excluir_pk: int | None = None) -> int:
    """The posted number, or the family's next one (max + 1); a number already live in the family is refused."""
    if numero is None:
        return selectors.siguiente_num_reprogramacion(principal.pk)
    ocupado = OTE.objects.filter(ot_principal=principal, num_reprogramacion=numero, estatus__in=selectors.VIGENTES)
    if excluir_pk is not None:
        ocupado = ocupado.exclude(pk=excluir_pk)
    if ocupado.exists():
        raise ValidationError(
            {"num_reprogramacion": f"La OT «{principal}» ya tiene la reprogramación número {numero}."}
        )
    return numero


def _folio_inicial_libre(folio: str, *, campo: str) -> None:
    """An initial OT's folio is unique among live initial OTs (reprogrammings share their principal's)."""
    if selectors.ots_vigentes().filter(id_tipo=TipoId.OT_INICIAL, orden_trabajo__iexact=folio.strip()).exists():
        raise ValidationError({campo: f"Ya existe una OT inicial vigente con el folio «{folio.strip()}»."})


def _registrar_alta(ot: OTE, usuario, detalle: str = "") -> None:
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_OT,
        registro_id=ot.pk,
        evento=Evento.CREAR,
        cambios=cambios_de_alta(ot, CAMPOS_ALTA),
        detalle=detalle,
    )


@transaction.atomic
def ot_crear(*, datos: dict, usuario) -> OTE:
    """Create an initial OT or a reprogramming with its checklist (template rule); client and status as given.

    A reprogramming hangs from a live initial OT, takes its PTE, takes the family's next number when none is
    given, and inherits from it the fields the form left blank (description, responsible, client, sites). Steps
    fed by a PTE step (catalogue mapping `paso_pte_origen`) carry that PTE's deliverables, as in PTE → OT.
    """
    tipo = datos.get("id_tipo") or TipoId.OT_INICIAL
    ot = OTE(
        id_tipo_id=tipo,
        orden_trabajo=datos["orden_trabajo"].strip(),
        descripcion_trabajo=datos.get("descripcion_trabajo") or "",
        id_responsable_proyecto=datos.get("id_responsable_proyecto"),
        responsable_cliente=datos.get("responsable_cliente") or "",
        oficio_ot=datos.get("oficio_ot") or "",
        id_estatus_ot_id=(datos["id_estatus_ot"].pk if datos.get("id_estatus_ot") else EstatusId.ASIGNADA),
        id_cliente=datos.get("id_cliente"),
        comentario=datos.get("comentario") or "",
        fecha_inicio_programado=datos.get("fecha_inicio_programado"),
        fecha_termino_programado=datos.get("fecha_termino_programado"),
        plazo_dias=datos.get("plazo_dias"),
        estatus=EstatusRegistro.ACTIVO,
    )
    if tipo == TipoId.OT_REPROGRAMACION:
        if not datos.get("ot_principal"):
            raise ValidationError({"ot_principal": "Para una reprogramación, debe seleccionar la OT Inicial."})
        principal = _principal_bloqueada(datos["ot_principal"].pk)
        ot.ot_principal = principal
        ot.id_pte_header_id = principal.id_pte_header_id
        ot.num_reprogramacion = _numero_de_reprogramacion(principal, datos.get("num_reprogramacion"))
        for campo in HEREDADOS_DE_PRINCIPAL:
            columna = OTE._meta.get_field(campo).attname
            if getattr(ot, columna) in (None, "", False):
                setattr(ot, columna, getattr(principal, columna))
    else:
        _folio_inicial_libre(ot.orden_trabajo, campo="orden_trabajo")
    if ot.id_responsable_proyecto_id is None:
        raise ValidationError({"id_responsable_proyecto": "Seleccione el responsable del proyecto."})
    ot.full_clean()
    ot.save()
    ot_generar_pasos(ot=ot)
    if ot.id_pte_header_id is not None:
        # A reprogramming's template maps PTE deliverables too: the same catalogue rule as PTE → OT.
        _copiar_entregables(ot, ot.id_pte_header)
    _registrar_alta(ot, usuario)
    return ot


def _sitio_de_categoria(sitio: Sitio | None, campo: str) -> Sitio | None:
    """Defence for callers other than the form: a site column only points at a site of its category."""
    if sitio is not None and sitio.id_frente_id != selectors.CATEGORIA_SITIO[campo]:
        raise ValidationError({campo: f"«{sitio}» no pertenece a la categoría de sitio de este campo."})
    return sitio


def _sitios_por_frente(datos: dict) -> dict:
    """The four site columns and the yard phase by front (reference §3.2, with the land-OT bug fixed).

    TIERRA: the yard is the main location (no yard phase) and is kept. BARCO: vessel, optional platform and
    intercom. CP/PS: platform. For BARCO and CP/PS the yard phase (yard + dates) only with `check_fase_patio`.
    Without a front the sites are kept as given.
    """
    frente = datos.get("id_frente")
    frente_id = frente.pk if frente is not None else None
    s = {campo: _sitio_de_categoria(datos.get(campo), campo) for campo in CAMPOS_SITIO}
    fase = bool(datos.get("check_fase_patio"))
    patio_fase = _sitio_de_categoria(datos.get("id_patio_fase"), "id_patio") or s["id_patio"]
    sin_fase = {"requiere_patio": False, "fecha_inicio_patio": None, "fecha_fin_patio": None}
    if frente_id == FrenteId.TIERRA:
        return {**s, "id_embarcacion": None, **sin_fase}
    if frente_id not in (FrenteId.BARCO, FrenteId.CP_PS):
        return {**s, **sin_fase, "requiere_patio": fase and s["id_patio"] is not None}
    if frente_id == FrenteId.CP_PS:
        s.update(id_embarcacion=None, id_intercom=None)
    if not fase:
        return {**s, "id_patio": None, **sin_fase}
    if patio_fase is None:
        raise ValidationError({"id_patio_fase": "Seleccione el patio de la fase en patio."})
    return {
        **s,
        "id_patio": patio_fase,
        "requiere_patio": True,
        "fecha_inicio_patio": datos.get("fecha_inicio_patio"),
        "fecha_fin_patio": datos.get("fecha_fin_patio"),
    }


@transaction.atomic
def ot_actualizar(*, ot: OTE, datos: dict, usuario) -> OTE:
    """Save the edit form: fields, sites by front, yard phase; "por definir" becomes active; logged by field."""
    ot = OTE.objects.select_for_update().get(pk=ot.pk)
    antes = instantanea(ot, CAMPOS_LOG_EDICION)
    valores = {campo: datos.get(campo) for campo in CAMPOS_EDICION}
    valores["id_tipo"] = valores["id_tipo"] or ot.id_tipo_id
    for campo in ("descripcion_trabajo", "responsable_cliente", "oficio_ot", "comentario"):
        valores[campo] = valores[campo] or ""
    for campo in ("monto_mxn", "monto_usd"):
        valores[campo] = valores[campo] if valores[campo] is not None else Decimal("0")
    valores["orden_trabajo"] = valores["orden_trabajo"].strip()
    if valores["id_tipo"] == TipoId.OT_INICIAL:
        valores.update(ot_principal=None, num_reprogramacion=None)
    elif valores["ot_principal"] is not None:
        principal = _principal_bloqueada(valores["ot_principal"].pk)
        numero = valores["num_reprogramacion"]
        if numero is None and ot.ot_principal_id == principal.pk:
            numero = ot.num_reprogramacion  # blank keeps the number it has in the same family
        valores["num_reprogramacion"] = _numero_de_reprogramacion(principal, numero, excluir_pk=ot.pk)
    valores["id_tipo_id"] = valores.pop("id_tipo")
    for campo, valor in {**valores, **_sitios_por_frente(datos)}.items():
        setattr(ot, campo, valor)
    if ot.estatus == EstatusRegistro.POR_DEFINIR:
        ot.estatus = EstatusRegistro.ACTIVO
    ot.full_clean()
    ot.save()
    cambios = cambios_entre(antes, ot, CAMPOS_LOG_EDICION)
    if cambios:
        actividad_registrar(
            usuario=usuario, entidad=ENTIDAD_OT, registro_id=ot.pk, evento=Evento.ACTUALIZAR, cambios=cambios
        )
    return ot


@transaction.atomic
def ot_eliminar(*, ot: OTE, usuario) -> OTE:
    """Soft delete (estatus 0). An initial OT with live reprogrammings is refused: delete those first.

    Refusing (rather than deleting the whole family) keeps a click from silently removing other OTs.
    """
    ot = OTE.objects.select_for_update().get(pk=ot.pk)
    vivas = ot.reprogramaciones.filter(estatus__in=selectors.VIGENTES).count()
    if vivas:
        plural = "reprogramación vigente" if vivas == 1 else "reprogramaciones vigentes"
        raise ValidationError(
            f"No se puede eliminar la OT «{ot}»: tiene {vivas} {plural}. Elimine primero sus reprogramaciones."
        )
    antes = instantanea(ot, ["estatus"])
    ot.estatus = EstatusRegistro.ELIMINADO
    ot.save(update_fields=["estatus", "fecha_actualizacion"])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_OT,
        registro_id=ot.pk,
        evento=Evento.ELIMINAR,
        cambios=cambios_entre(antes, ot, ["estatus"]),
    )
    return ot


@transaction.atomic
def ot_cambiar_estatus(*, ot: OTE, estatus: Estatus, comentario: str = "", fecha: date | None = None, usuario) -> OTE:
    """OT status: to TERMINADA sets the real end (given or today); leaving TERMINADA clears it; a comment replaces."""
    if estatus.nivel_afectacion != NivelEstatus.OT:
        raise ValidationError({"nuevo_estatus_id": "El estatus no es un estatus de OT."})
    ot = OTE.objects.select_for_update().get(pk=ot.pk)
    campos = ["id_estatus_ot", "fecha_termino_real", "comentario"]
    antes = instantanea(ot, campos)
    if estatus.pk == EstatusId.TERMINADA:
        ot.fecha_termino_real = fecha or hoy_mexico()
        if ot.fecha_inicio_real and ot.fecha_termino_real < ot.fecha_inicio_real:
            raise ValidationError({"fecha": "La fecha de término no puede ser anterior al inicio real."})
    elif ot.id_estatus_ot_id == EstatusId.TERMINADA:
        ot.fecha_termino_real = None
    ot.id_estatus_ot = estatus
    if comentario:
        ot.comentario = comentario
    ot.save(update_fields=[*campos, "fecha_actualizacion"])
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_OT,
        registro_id=ot.pk,
        evento=Evento.CAMBIO_ESTATUS,
        cambios=cambios_entre(antes, ot, campos),
    )
    return ot


# --- Steps --------------------------------------------------------------------------------------------------------


def _registrar_paso(paso: OTDetalle, antes: dict, campos, usuario, evento=Evento.ACTUALIZAR) -> None:
    cambios = cambios_entre(antes, paso, campos)
    if cambios:
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_PASO,
            registro_id=paso.pk,
            evento=evento,
            cambios=cambios,
            detalle=f"OT {paso.id_ot_id}",
        )


@transaction.atomic
def paso_ot_cambiar_estatus(
    *, paso: OTDetalle, estatus: Estatus, comentario: str | None = None, fecha_entrega: date | None = None, usuario
) -> OTDetalle:
    """Step status by the checklist rule shared with the PTE (`operaciones.pte.pasos.aplicar_estatus`)."""
    if estatus.nivel_afectacion != NivelEstatus.PASO:
        raise ValidationError({"nuevo_estatus": "El estatus no es un estatus de paso."})
    paso = OTDetalle.objects.select_for_update().get(pk=paso.pk)
    campos = ["estatus_paso", "comentario", "fecha_entrega"]
    antes = instantanea(paso, campos)
    pasos.aplicar_estatus(
        paso, estatus_id=estatus.pk, hoy=hoy_mexico(), fecha_entrega=fecha_entrega, comentario=comentario
    )
    paso.estatus_paso = estatus
    paso.save(update_fields=campos)
    _registrar_paso(paso, antes, campos, usuario, Evento.CAMBIO_ESTATUS)
    return paso


@transaction.atomic
def paso_ot_actualizar_fecha(*, paso: OTDetalle, campo: str, fecha: date | None, usuario) -> OTDetalle:
    """Start, end or delivery date of a step (`campo`); None clears it (`operaciones.pte.pasos.aplicar_fecha`)."""
    paso = OTDetalle.objects.select_for_update().get(pk=paso.pk)
    antes = instantanea(paso, [campo] if campo in pasos.CAMPOS_FECHA else [])
    pasos.aplicar_fecha(paso, campo=campo, fecha=fecha)
    paso.save(update_fields=[campo])
    _registrar_paso(paso, antes, [campo], usuario)
    return paso


@transaction.atomic
def paso_ot_guardar_archivo(*, paso: OTDetalle, archivo: str, usuario) -> OTDetalle:
    """The evidence link of a step (a validated http(s) URL; blank removes it)."""
    paso = OTDetalle.objects.select_for_update().get(pk=paso.pk)
    antes = instantanea(paso, ["archivo"])
    pasos.aplicar_archivo(paso, archivo=archivo)
    paso.save(update_fields=["archivo"])
    _registrar_paso(paso, antes, ["archivo"], usuario)
    return paso


# --- PTE → OT -----------------------------------------------------------------------------------------------------

CAMPOS_ENTREGABLE = ("estatus_paso_id", "fecha_inicio", "fecha_termino", "fecha_entrega", "archivo", "archivo_adjunto")


def _pasos_cerrados(pte: PTEHeader) -> tuple[int, int]:
    """(closed, total) steps of a PTE by the gate definition (COMPLETADO, NO APLICA or CANCELADO)."""
    cuenta = pte.detalles.aggregate(
        total=Count("pk"), cerrados=Count("pk", filter=Q(estatus_paso__in=ESTATUS_PASO_CERRADO))
    )
    return cuenta["cerrados"], cuenta["total"]


def _copiar_entregables(ot: OTE, pte: PTEHeader) -> int:
    """OT steps fed by a PTE step (PasoOt.paso_pte_origen) take that step's status, dates and evidence."""
    destino = list(ot.detalles.filter(id_paso__paso_pte_origen__isnull=False).select_related("id_paso"))
    origen = {d.id_paso_id: d for d in pte.detalles.filter(id_paso__in=[d.id_paso.paso_pte_origen_id for d in destino])}
    copiados = []
    for paso in destino:
        fuente = origen.get(paso.id_paso.paso_pte_origen_id)
        if fuente is not None:
            for campo in CAMPOS_ENTREGABLE:
                setattr(paso, campo, getattr(fuente, campo))
            copiados.append(paso)
    OTDetalle.objects.bulk_update(copiados, list(CAMPOS_ENTREGABLE))
    return len(copiados)


@transaction.atomic
def ot_crear_desde_pte(
    *,
    pte: PTEHeader,
    folio: str,
    usuario,
    tipo_id: int = TipoId.OT_INICIAL,
    principal: OTE | None = None,
    num_reprogramacion: int | None = None,
) -> OTE:
    """OT "por definir" from a PTE whose steps are all closed (100 % by the gate definition).

    One initial OT per PTE. Description, responsible and client come from the PTE; the steps follow the template
    rule, and those fed by a PTE step (catalogue mapping `paso_pte_origen`) carry its status, dates and evidence.
    """
    pte = PTEHeader.objects.select_for_update().get(pk=pte.pk)
    cerrados, total = _pasos_cerrados(pte)
    if total == 0 or cerrados < total:
        raise ValidationError(
            f"La PTE «{pte}» no está al 100 %: tiene {cerrados} de {total} pasos cerrados. Complete, cancele o marque "
            "como no aplica los pasos pendientes antes de crear la OT."
        )
    folio = folio.strip()
    ot = OTE(
        id_tipo_id=tipo_id,
        id_pte_header=pte,
        orden_trabajo=folio,
        descripcion_trabajo=pte.descripcion_trabajo,
        id_responsable_proyecto_id=pte.id_responsable_proyecto_id,
        responsable_cliente="POR DEFINIR",
        oficio_ot="PENDIENTE",
        id_estatus_ot_id=EstatusId.ASIGNADA,
        id_cliente_id=pte.id_cliente_id,
        estatus=EstatusRegistro.POR_DEFINIR,
    )
    if tipo_id == TipoId.OT_REPROGRAMACION:
        if principal is None:
            raise ValidationError({"ot_principal": "Para una reprogramación, debe seleccionar la OT Inicial."})
        ot.ot_principal = _principal_bloqueada(principal.pk)
        ot.num_reprogramacion = _numero_de_reprogramacion(ot.ot_principal, num_reprogramacion)
    else:
        existente = selectors.ots_vigentes().filter(id_pte_header=pte, id_tipo=TipoId.OT_INICIAL).first()
        if existente is not None:
            raise ValidationError(f"La PTE «{pte}» ya tiene la OT inicial «{existente}».")
        _folio_inicial_libre(folio, campo="oficio")
    ot.full_clean()
    ot.save()
    ot_generar_pasos(ot=ot)
    copiados = _copiar_entregables(ot, pte)
    _registrar_alta(ot, usuario, detalle=f"Creada desde la PTE {pte} ({copiados} entregables heredados)")
    return ot
