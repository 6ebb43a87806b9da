"""Writes of the concept catalogue: ordinary Anexo C lines and PUEs, PUE status, PUE → ordinary conversion.

Nothing here is ever deleted: `activo=False` hides a row and keeps its history (OT annexes and production point
at concepts). Every write is logged with who changed which field from what to what (core.actividad).

PUE status (reference §3.7, DESIGN "one definition per concept"):

    EN ELABORACION ⇄ AUTORIZADO        (a PUE may go back to elaboration while it is re-negotiated)
    EN ELABORACION → CANCELADA
    AUTORIZADO     → CANCELADA
    CANCELADA      is final           (a cancelled PUE is never billed nor converted; a new PUE gets a new code)

A converted PUE is inactive and AUTORIZADO for good: its status, its data and its code live on in the
ordinary line it became (`concepto_origen` points back at it).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.actividad import cambios_de_alta, cambios_entre, instantanea
from core.models import Evento

from . import selectors_conceptos as s
from .constantes import TipoId
from .models import ConceptoMaestro, Contrato, EstatusPUE, SubAnexo
from .services_contratos import bloquear, fijar, registrar, subanexo_obtener_o_crear

ENTIDAD_CONCEPTO = "Concepto del catálogo"

CAMPOS_PRECIO = ("unidad_medida", "cantidad", "precio_unitario_mn", "precio_unitario_usd")
CAMPOS_ORDINARIO = (
    "sub_anexo",
    "partida_ordinaria",
    "codigo_interno",
    "descripcion",
    *CAMPOS_PRECIO,
    "categoria",
    "subcategoria",
    "clasificacion",
    "comentario",
)
CAMPOS_PUE = (
    "partida_extraordinaria",
    "codigo_interno",
    "descripcion",
    *CAMPOS_PRECIO,
    "pte_creacion",
    "ot_creacion",
    "fecha_autorizacion",
    "comentario",
)
# What the log shows of an ordinary line born from a PUE: its own fields plus the lineage.
CAMPOS_CONVERSION = (*CAMPOS_ORDINARIO, "partida_extraordinaria", "concepto_origen")

TRANSICIONES_PUE = {
    EstatusPUE.EN_ELABORACION: {EstatusPUE.AUTORIZADO, EstatusPUE.CANCELADA},
    EstatusPUE.AUTORIZADO: {EstatusPUE.EN_ELABORACION, EstatusPUE.CANCELADA},
    EstatusPUE.CANCELADA: set(),
}
DESCRIPCION_SUBANEXO_CONVERSION = "Generado por conversión de PUE"


# --- Concepts ----------------------------------------------------------------------------------------------------


def _es_pue(concepto: ConceptoMaestro) -> bool:
    return concepto.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA


def _campos(concepto: ConceptoMaestro) -> tuple[str, ...]:
    return CAMPOS_PUE if _es_pue(concepto) else CAMPOS_ORDINARIO


def _normalizar(concepto: ConceptoMaestro) -> None:
    concepto.descripcion = s.normalizar_descripcion(concepto.descripcion)
    concepto.partida_ordinaria = (concepto.partida_ordinaria or "").strip()
    concepto.partida_extraordinaria = (concepto.partida_extraordinaria or "").strip()
    if _es_pue(concepto):
        concepto.partida_extraordinaria = concepto.partida_extraordinaria.upper()
    for campo in ("precio_unitario_mn", "precio_unitario_usd", "cantidad"):
        if getattr(concepto, campo) is None:
            setattr(concepto, campo, Decimal(0))


def _validar_ordinario(concepto: ConceptoMaestro, *, sub_anexo_anterior: int | None = None) -> None:
    """Sub-anexo and partida required, a live sub-anexo, and an identity no other active line has."""
    if concepto.sub_anexo_id is None:
        raise ValidationError({"sub_anexo": "El sub-anexo es obligatorio."})
    if not concepto.partida_ordinaria:
        raise ValidationError({"partida_ordinaria": "La partida es obligatoria."})
    # Serialises writers of one sub-anexo, so two concurrent saves cannot both pass the identity check.
    sub_anexo = SubAnexo.objects.select_for_update().get(pk=concepto.sub_anexo_id)
    if not sub_anexo.activo and sub_anexo.pk != sub_anexo_anterior:
        raise ValidationError({"sub_anexo": "El sub-anexo está inactivo."})
    otro = s.identidad_ocupada(
        sub_anexo_id=sub_anexo.pk,
        partida=concepto.partida_ordinaria,
        descripcion=concepto.descripcion,
        excluir_pk=concepto.pk,
    )
    if otro is not None:
        raise ValidationError({"partida_ordinaria": s.mensaje_identidad(sub_anexo, concepto.partida_ordinaria)})


def _validar_pue(concepto: ConceptoMaestro) -> None:
    """A code is required; "NA" may repeat, any other code belongs to one active concept only."""
    codigo = concepto.partida_extraordinaria
    if not codigo:
        raise ValidationError({"partida_extraordinaria": "La clave de la PUE es obligatoria (use NA si aún no tiene)."})
    otro = s.codigo_pue_ocupado(codigo, excluir_pk=concepto.pk)
    if otro is not None:
        raise ValidationError({"partida_extraordinaria": s.mensaje_codigo_pue(codigo, otro)})


def _validar(concepto: ConceptoMaestro, **kwargs) -> None:
    if _es_pue(concepto):
        _validar_pue(concepto)
    else:
        _validar_ordinario(concepto, **kwargs)


def _guardar(concepto: ConceptoMaestro) -> None:
    """Model checks, then the save; a code taken by a concurrent writer (unique index) is a rule failure too."""
    concepto.full_clean()
    try:
        with transaction.atomic():
            concepto.save()
    except IntegrityError as e:
        raise ValidationError(
            {"partida_extraordinaria": "Otro usuario acaba de registrar esa clave; revise y vuelva a intentar."}
        ) from e


@transaction.atomic
def concepto_crear(*, datos: dict, usuario) -> ConceptoMaestro:
    """A new ordinary Anexo C line (Tipo 6) in a live sub-anexo; identity (sub-anexo, partida, description) unique."""
    concepto = ConceptoMaestro(id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA, activo=True)
    fijar(concepto, datos, CAMPOS_ORDINARIO)
    _normalizar(concepto)
    _validar_ordinario(concepto)
    _guardar(concepto)
    registrar(usuario, ENTIDAD_CONCEPTO, concepto, Evento.CREAR, cambios_de_alta(concepto, CAMPOS_ORDINARIO))
    return concepto


@transaction.atomic
def pue_crear(*, datos: dict, usuario) -> ConceptoMaestro:
    """A new PUE (Tipo 7, no sub-anexo), always EN ELABORACION until it is authorised."""
    concepto = ConceptoMaestro(
        id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA, activo=True, estatus=EstatusPUE.EN_ELABORACION
    )
    fijar(concepto, datos, CAMPOS_PUE)
    _normalizar(concepto)
    _validar_pue(concepto)
    _guardar(concepto)
    cambios = cambios_de_alta(concepto, (*CAMPOS_PUE, "estatus"))
    registrar(usuario, ENTIDAD_CONCEPTO, concepto, Evento.CREAR, cambios)
    return concepto


@transaction.atomic
def concepto_actualizar(*, concepto: ConceptoMaestro, datos: dict, usuario) -> ConceptoMaestro:
    """Edit the fields of the concept's own type; an inactive (or converted) concept is not edited."""
    concepto = bloquear(ConceptoMaestro, concepto.pk)
    if not concepto.activo:
        raise ValidationError("El concepto está inactivo: reactívelo antes de editarlo.")
    campos = _campos(concepto)
    antes = instantanea(concepto, campos)
    sub_anexo_anterior = concepto.sub_anexo_id
    fijar(concepto, datos, campos)
    _normalizar(concepto)
    _validar(concepto, **({} if _es_pue(concepto) else {"sub_anexo_anterior": sub_anexo_anterior}))
    _guardar(concepto)
    cambios = cambios_entre(antes, concepto, campos)
    if cambios:
        registrar(usuario, ENTIDAD_CONCEPTO, concepto, Evento.ACTUALIZAR, cambios)
    return concepto


@transaction.atomic
def concepto_desactivar(*, concepto: ConceptoMaestro, usuario) -> ConceptoMaestro:
    """Soft delete: the line leaves lists and pickers; OT annexes and production keep pointing at it."""
    concepto = bloquear(ConceptoMaestro, concepto.pk)
    if not concepto.activo:
        raise ValidationError("El concepto ya estaba inactivo.")
    concepto.activo = False
    concepto.save(update_fields=["activo"])
    registrar(usuario, ENTIDAD_CONCEPTO, concepto, Evento.ELIMINAR, {"activo": (True, False)})
    return concepto


@transaction.atomic
def concepto_reactivar(*, concepto: ConceptoMaestro, usuario) -> ConceptoMaestro:
    """Back to active, unless its identity or code was taken meanwhile; a converted PUE stays retired."""
    concepto = bloquear(ConceptoMaestro, concepto.pk)
    if concepto.activo:
        raise ValidationError("El concepto ya está activo.")
    if _es_pue(concepto):
        destino = s.concepto_conversion(concepto)
        if destino is not None:
            raise ValidationError(
                f"La PUE {concepto.partida_extraordinaria} fue convertida a {s.texto_conversion(destino)}: "
                "su clave vive en ese concepto y no se reactiva."
            )
    concepto.activo = True
    _validar(concepto)
    _guardar(concepto)
    registrar(usuario, ENTIDAD_CONCEPTO, concepto, Evento.REACTIVAR, {"activo": (False, True)})
    return concepto


# --- PUE status and conversion -----------------------------------------------------------------------------------


def _pue_viva(concepto_id: int) -> ConceptoMaestro:
    """The PUE under a row lock, refusing what is not a PUE."""
    pue = bloquear(ConceptoMaestro, concepto_id)
    if not _es_pue(pue):
        raise ValidationError("El concepto no es una PUE.")
    return pue


def _estatus_actual(pue: ConceptoMaestro) -> EstatusPUE:
    # A blank status in the PUE workbook means authorised (reference §5.2).
    return EstatusPUE(pue.estatus) if pue.estatus else EstatusPUE.AUTORIZADO


@transaction.atomic
def pue_cambiar_estatus(*, pue: ConceptoMaestro, estatus: str, usuario, fecha_autorizacion=None) -> ConceptoMaestro:
    """Move a live PUE along EN ELABORACION ⇄ AUTORIZADO → CANCELADA (final); the sanction date goes with AUTORIZADO."""
    pue = _pue_viva(pue.pk)
    nuevo = EstatusPUE(estatus)
    if not pue.activo:
        destino = s.concepto_conversion(pue)
        if destino is not None:
            raise ValidationError(f"La PUE fue convertida a {s.texto_conversion(destino)}: su estatus ya no cambia.")
        raise ValidationError("La PUE está inactiva: reactívela antes de cambiar su estatus.")
    actual = _estatus_actual(pue)
    if nuevo == actual:
        raise ValidationError({"estatus": f"La PUE ya está en estatus {actual.value}."})
    if nuevo not in TRANSICIONES_PUE[actual]:
        detalle = "la cancelación es definitiva" if actual == EstatusPUE.CANCELADA else "transición no permitida"
        raise ValidationError({"estatus": f"Una PUE {actual.value} no puede pasar a {nuevo.value}: {detalle}."})
    campos = ("estatus", "fecha_autorizacion")
    antes = instantanea(pue, campos)
    pue.estatus = nuevo
    if nuevo == EstatusPUE.AUTORIZADO and fecha_autorizacion is not None:
        pue.fecha_autorizacion = fecha_autorizacion
    pue.save(update_fields=list(campos))
    registrar(usuario, ENTIDAD_CONCEPTO, pue, Evento.CAMBIO_ESTATUS, cambios_entre(antes, pue, campos))
    return pue


def _contrato_destino(contrato: Contrato | None) -> Contrato:
    """The contract a PUE is converted into: the one chosen, or the only active contract there is."""
    if contrato is not None:
        contrato = bloquear(Contrato, contrato.pk)
        if not contrato.activo:
            raise ValidationError({"contrato": "El contrato está inactivo."})
        return contrato
    activos = list(Contrato.objects.filter(activo=True).order_by("pk")[:2])
    if len(activos) != 1:
        raise ValidationError({"contrato": "Elija el contrato al que pasa la PUE."})
    return activos[0]


def _precio_o_actual(precio, actual: Decimal, campo: str) -> Decimal:
    if precio is None:
        return actual
    precio = Decimal(str(precio))
    if not precio.is_finite() or precio < 0:
        raise ValidationError({campo: "El precio no puede ser negativo."})
    return precio


@transaction.atomic
def concepto_convertir_pue(
    *,
    pue: ConceptoMaestro,
    sub_anexo_clave: str,
    partida: str,
    precio_unitario_mn=None,
    precio_unitario_usd=None,
    usuario,
    contrato: Contrato | None = None,
) -> ConceptoMaestro:
    """PUE → ordinary line, keeping the lineage; returns the new ordinary concept.

    The new line (Tipo 6) lives in the sub-anexo `sub_anexo_clave` of the contract's Anexo C (created when
    missing), with the new partida, the PUE's description, unit and quantity, the given prices or the PUE's,
    `concepto_origen` = the PUE and `partida_extraordinaria` = the PUE's code. The PUE row stays as its history:
    AUTORIZADO and inactive, so its code is unique among active rows and pickers offer the ordinary line only.
    """
    pue = _pue_viva(pue.pk)
    destino = s.concepto_conversion(pue)
    if destino is not None:
        raise ValidationError(f"La PUE ya fue convertida a {s.texto_conversion(destino)}.")
    if pue.estatus == EstatusPUE.CANCELADA:
        raise ValidationError("Una PUE cancelada no se puede convertir en concepto ordinario.")
    if not pue.activo:
        raise ValidationError("La PUE está inactiva: reactívela antes de convertirla.")
    partida = (partida or "").replace("\xa0", " ").strip()
    if not partida:
        raise ValidationError({"partida": "La partida es obligatoria."})
    if not s.normalizar_clave_anexo(sub_anexo_clave or ""):
        raise ValidationError({"sub_anexo_clave": "La clave del sub-anexo es obligatoria."})
    contrato = _contrato_destino(contrato)
    sub_anexo = subanexo_obtener_o_crear(
        contrato=contrato, clave=sub_anexo_clave, usuario=usuario, descripcion=DESCRIPCION_SUBANEXO_CONVERSION
    )
    if not sub_anexo.activo:
        raise ValidationError({"sub_anexo_clave": f"El sub-anexo {sub_anexo.clave_anexo} está inactivo: reactívelo."})

    antes_pue = instantanea(pue, ("estatus", "activo"))
    pue.estatus = EstatusPUE.AUTORIZADO
    pue.activo = False
    # The PUE leaves the active rows first: the unique index on active codes then admits the ordinary line.
    pue.save(update_fields=["estatus", "activo"])

    nuevo = ConceptoMaestro(
        id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA,
        sub_anexo=sub_anexo,
        partida_ordinaria=partida,
        codigo_interno=pue.codigo_interno,
        descripcion=s.normalizar_descripcion(pue.descripcion),
        unidad_medida_id=pue.unidad_medida_id,
        cantidad=pue.cantidad,
        precio_unitario_mn=_precio_o_actual(precio_unitario_mn, pue.precio_unitario_mn, "precio_unitario_mn"),
        precio_unitario_usd=_precio_o_actual(precio_unitario_usd, pue.precio_unitario_usd, "precio_unitario_usd"),
        categoria=pue.categoria,
        subcategoria=pue.subcategoria,
        clasificacion=pue.clasificacion,
        partida_extraordinaria=pue.partida_extraordinaria,
        concepto_origen=pue,
        comentario=pue.comentario,
        activo=True,
    )
    try:
        _validar_ordinario(nuevo)
    except ValidationError as e:
        # The form names the new code `partida`.
        mensajes = e.message_dict
        raise ValidationError({"partida": mensajes.get("partida_ordinaria", e.messages)}) from e
    _guardar(nuevo)

    texto = s.texto_conversion(nuevo)
    registrar(
        usuario,
        ENTIDAD_CONCEPTO,
        pue,
        Evento.ACTUALIZAR,
        cambios_entre(antes_pue, pue, ("estatus", "activo")),
        detalle=f"PUE {pue.partida_extraordinaria} convertida a {texto} (concepto {nuevo.pk}).",
    )
    registrar(
        usuario,
        ENTIDAD_CONCEPTO,
        nuevo,
        Evento.CREAR,
        cambios_de_alta(nuevo, CAMPOS_CONVERSION),
        detalle=f"Concepto {texto} de la PUE {pue.partida_extraordinaria} (concepto {pue.pk}).",
    )
    return nuevo
