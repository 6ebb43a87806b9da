"""Reads of the contract catalogue screens: contracts, their Anexo C and sub-anexos, concepts (ordinary and PUE).

Money leaves here as text (`"1500.5000"`, importes rounded to cents): the browser formats it without ever
turning it into a binary float, and the JSON never carries a rounded float.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat

from core.formato import fecha_dmy
from core.money import redondear_centavos

from .constantes import CLAVE_ANEXO_C, TipoId
from .models import AnexoContrato, ConceptoMaestro, Contrato, EstatusPUE, SubAnexo, TipoAnexo

TIPO_ORDINARIO = "ordinario"
TIPO_PUE = "pue"
# More words than this in a search never narrow a real search further and only add cost.
PALABRAS_MAXIMAS = 6


class Vista:
    """The two lists of the concept catalogue."""

    ORDINARIOS = "ordinarios"
    PUES = "pues"
    OPCIONES = [(ORDINARIOS, "Conceptos ordinarios"), (PUES, "PUEs (extraordinarios)")]
    TIPO = {ORDINARIOS: TipoId.PARTIDA_ORDINARIA, PUES: TipoId.PARTIDA_EXTRAORDINARIA}


def texto_decimal(valor: Decimal | None) -> str:
    """A Decimal as plain text ("1500.5000"); None → ""."""
    return "" if valor is None else format(valor, "f")


def importe(cantidad: Decimal | None, precio: Decimal | None) -> Decimal:
    """Quantity × unit price, rounded to cents once (the house policy)."""
    return redondear_centavos((cantidad or Decimal(0)) * (precio or Decimal(0)))


def normalizar_descripcion(texto: str) -> str:
    """The identity form of a description: non-breaking spaces as spaces, blanks collapsed, trimmed."""
    return " ".join((texto or "").replace("\xa0", " ").split())


def normalizar_clave_anexo(texto: str) -> str:
    """The ANEXO value as written, upper-cased and trimmed (`c-4-1 ` → `C-4-1`)."""
    return normalizar_descripcion(texto).upper()


def es_pue(concepto: ConceptoMaestro) -> bool:
    return concepto.id_tipo_partida_id == TipoId.PARTIDA_EXTRAORDINARIA


def codigo_concepto(concepto: ConceptoMaestro) -> str:
    """The code a concept is matched by: its partida, or else its PUE code."""
    return concepto.partida_ordinaria or concepto.partida_extraordinaria


# --- Contracts ---------------------------------------------------------------------------------------------------


def contratos_lista() -> QuerySet:
    """Every contract (active or not) with its client; filters narrow it later."""
    return Contrato.objects.select_related("cliente")


def _conceptos_activos_de_contrato() -> Subquery:
    cuenta = (
        ConceptoMaestro.objects.filter(sub_anexo__anexo_maestro__contrato=OuterRef("pk"), activo=True)
        .order_by()
        .values("sub_anexo__anexo_maestro__contrato")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(cuenta, output_field=IntegerField()), Value(0))


def anotar_contratos(queryset: QuerySet) -> QuerySet:
    """Active concepts per contract, as one correlated count (the page query only)."""
    return queryset.annotate(num_conceptos=_conceptos_activos_de_contrato())


def contrato_registro(pk: int) -> Contrato | None:
    """One contract by id, or None."""
    return Contrato.objects.select_related("cliente").filter(pk=pk).first()


def fila_contrato(c: Contrato) -> dict:
    return {
        "id": c.pk,
        "numero_contrato": c.numero_contrato,
        "descripcion": c.descripcion,
        "cliente": str(c.cliente),
        "cliente_id": c.cliente_id,
        "fecha_inicio": fecha_dmy(c.fecha_inicio),
        "fecha_termino": fecha_dmy(c.fecha_termino),
        "monto_mn": texto_decimal(c.monto_mn),
        "monto_usd": texto_decimal(c.monto_usd),
        "porcentaje_retencion": texto_decimal(c.porcentaje_retencion),
        "porcentaje_amortizacion_anticipo": texto_decimal(c.porcentaje_amortizacion_anticipo),
        "activo": c.activo,
        "num_conceptos": getattr(c, "num_conceptos", None),
    }


def contratos_activos() -> QuerySet:
    """Active contracts for the pickers and filters."""
    return Contrato.objects.filter(activo=True).order_by("numero_contrato")


def anexo_c(contrato: Contrato) -> AnexoContrato | None:
    """The contract's price-catalogue annex: clave "C" if present, else its first financial (Anexo C) annex."""
    candidatos = AnexoContrato.objects.filter(contrato=contrato, tipo=TipoAnexo.FINANCIERO).order_by(
        Case(When(clave=CLAVE_ANEXO_C, then=Value(0)), default=Value(1)), "pk"
    )
    return candidatos.first()


def subanexos_de_contrato(contrato: Contrato) -> dict:
    """The contract's Anexo C and every sub-anexo of it with its active concepts counted and Σ importe MN/USD.

    The sums are exact (Decimal in Python, one query of the active lines): a DB `SUM(cantidad * precio)` goes
    through floats on SQLite. A contract holds a few thousand lines, so reading them costs a few milliseconds.
    """
    anexo = anexo_c(contrato)
    subanexos = list(
        SubAnexo.objects.filter(anexo_maestro__contrato=contrato)
        .select_related("anexo_maestro")
        .order_by("anexo_maestro_id", "clave_anexo")
    )
    cuentas: dict[int, int] = defaultdict(int)
    sumas_mn: dict[int, Decimal] = defaultdict(Decimal)
    sumas_usd: dict[int, Decimal] = defaultdict(Decimal)
    lineas = ConceptoMaestro.objects.filter(sub_anexo__in=[s.pk for s in subanexos], activo=True).values_list(
        "sub_anexo_id", "cantidad", "precio_unitario_mn", "precio_unitario_usd"
    )
    for sub_anexo_id, cantidad, pu_mn, pu_usd in lineas.iterator(chunk_size=2000):
        cuentas[sub_anexo_id] += 1
        sumas_mn[sub_anexo_id] += cantidad * pu_mn
        sumas_usd[sub_anexo_id] += cantidad * pu_usd
    filas = [
        {
            "id": s.pk,
            "anexo": s.anexo_maestro.clave,
            "clave_anexo": s.clave_anexo,
            "descripcion": s.descripcion,
            "activo": s.activo,
            "num_conceptos": cuentas[s.pk],
            "importe_mn": texto_decimal(redondear_centavos(sumas_mn[s.pk])),
            "importe_usd": texto_decimal(redondear_centavos(sumas_usd[s.pk])),
        }
        for s in subanexos
    ]
    total_mn = redondear_centavos(sum(sumas_mn.values(), Decimal(0)))
    total_usd = redondear_centavos(sum(sumas_usd.values(), Decimal(0)))
    return {
        "anexo": None
        if anexo is None
        else {"id": anexo.pk, "clave": anexo.clave, "descripcion": anexo.descripcion, "activo": anexo.activo},
        "subanexos": filas,
        "totales": {
            "num_conceptos": sum(cuentas.values()),
            "importe_mn": texto_decimal(total_mn),
            "importe_usd": texto_decimal(total_usd),
        },
    }


def subanexo_registro(pk: int) -> SubAnexo | None:
    """One sub-anexo by id (with its annex and contract), or None."""
    return SubAnexo.objects.select_related("anexo_maestro__contrato").filter(pk=pk).first()


def subanexos_activos() -> QuerySet:
    """Active sub-anexos of active contracts, for the pickers and filters."""
    return (
        SubAnexo.objects.filter(activo=True, anexo_maestro__contrato__activo=True)
        .select_related("anexo_maestro__contrato")
        .order_by("anexo_maestro__contrato__numero_contrato", "clave_anexo")
    )


def subanexo_conceptos_activos(sub_anexo: SubAnexo) -> int:
    """How many active concepts hang from the sub-anexo."""
    return ConceptoMaestro.objects.filter(sub_anexo=sub_anexo, activo=True).count()


# --- Concepts ----------------------------------------------------------------------------------------------------


def conceptos_lista(vista: str) -> QuerySet:
    """Every concept of one list (ordinary or PUE), active or not, with the joins a row shows."""
    return ConceptoMaestro.objects.filter(id_tipo_partida_id=Vista.TIPO[vista]).select_related(
        "unidad_medida", "sub_anexo__anexo_maestro__contrato"
    )


def _conversion() -> QuerySet:
    return ConceptoMaestro.objects.filter(concepto_origen=OuterRef("pk")).order_by("-activo", "-pk")


def anotar_conceptos(queryset: QuerySet) -> QuerySet:
    """Where a PUE was converted to ("C-7 1C-010."), as one correlated subquery on the page's rows."""
    destino = _conversion().annotate(texto=Concat("sub_anexo__clave_anexo", Value(" "), "partida_ordinaria"))
    return queryset.annotate(convertida_a=Subquery(destino.values("texto")[:1]))


def con_conversion(queryset: QuerySet, convertida: bool) -> QuerySet:
    """PUEs converted (or not) into an ordinary concept; ordinary concepts that come (or not) from a PUE."""
    es_origen = Exists(ConceptoMaestro.objects.filter(concepto_origen=OuterRef("pk")))
    viene_de_pue = Q(concepto_origen__isnull=False) | ~Q(partida_extraordinaria="")
    condicion = (Q(id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA) & es_origen) | (
        Q(id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA) & viene_de_pue
    )
    return queryset.filter(condicion) if convertida else queryset.exclude(condicion)


def busqueda_en_conceptos(texto: str) -> Q | None:
    """Every word must appear (case-insensitive) in the code, the PUE code, the internal code or the description."""
    palabras = (texto or "").split()[:PALABRAS_MAXIMAS]
    if not palabras:
        return None
    condicion = Q()
    for palabra in palabras:
        condicion &= (
            Q(partida_ordinaria__icontains=palabra)
            | Q(partida_extraordinaria__icontains=palabra)
            | Q(codigo_interno__icontains=palabra)
            | Q(descripcion__icontains=palabra)
        )
    return condicion


def concepto_registro(pk: int) -> ConceptoMaestro | None:
    """One concept by id with its unit, sub-anexo and contract, or None."""
    return (
        ConceptoMaestro.objects.select_related("unidad_medida", "sub_anexo__anexo_maestro__contrato", "concepto_origen")
        .filter(pk=pk)
        .first()
    )


def concepto_conversion(pue: ConceptoMaestro) -> ConceptoMaestro | None:
    """The ordinary concept a PUE was converted into (the live one first), or None."""
    return (
        ConceptoMaestro.objects.filter(concepto_origen=pue)
        .select_related("sub_anexo")
        .order_by("-activo", "-pk")
        .first()
    )


def texto_conversion(concepto: ConceptoMaestro) -> str:
    """ "C-7 1C-010." for the ordinary line a PUE became."""
    clave = concepto.sub_anexo.clave_anexo if concepto.sub_anexo_id else ""
    return f"{clave} {concepto.partida_ordinaria}".strip()


def identidad_ocupada(
    *, sub_anexo_id: int, partida: str, descripcion: str, excluir_pk: int | None = None
) -> ConceptoMaestro | None:
    """The active ordinary concept that already has this identity (sub-anexo, partida, description), or None."""
    existentes = ConceptoMaestro.objects.filter(
        id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA,
        activo=True,
        sub_anexo_id=sub_anexo_id,
        partida_ordinaria=partida,
        descripcion=normalizar_descripcion(descripcion),
    )
    if excluir_pk is not None:
        existentes = existentes.exclude(pk=excluir_pk)
    return existentes.first()


def codigo_pue_es_repetible(codigo: str) -> bool:
    """ "NA" (and a blank code) may repeat; every other PUE code is unique among active concepts."""
    return codigo.strip().upper() in ("", "NA")


def codigo_pue_ocupado(codigo: str, *, excluir_pk: int | None = None) -> ConceptoMaestro | None:
    """The active concept (a PUE, or the ordinary line a PUE became) already using this PUE code, or None."""
    if codigo_pue_es_repetible(codigo):
        return None
    existentes = ConceptoMaestro.objects.filter(activo=True, partida_extraordinaria__iexact=codigo.strip())
    if excluir_pk is not None:
        existentes = existentes.exclude(pk=excluir_pk)
    return existentes.select_related("sub_anexo").first()


def mensaje_identidad(sub_anexo: SubAnexo, partida: str) -> str:
    return f"Ya existe un concepto activo con la partida {partida} y esa descripción en el sub-anexo {sub_anexo}."


def mensaje_codigo_pue(codigo: str, otro: ConceptoMaestro) -> str:
    if otro.sub_anexo_id:
        return f"La clave {codigo} ya la usa el concepto {texto_conversion(otro)} (convertido de esa PUE)."
    return f"Ya existe una PUE activa con la clave {codigo}."


def fila_concepto(c: ConceptoMaestro) -> dict:
    """One row of either list; every amount as text."""
    sub_anexo = c.sub_anexo
    contrato = sub_anexo.anexo_maestro.contrato if sub_anexo is not None else None
    pue = es_pue(c)
    return {
        "id": c.pk,
        "tipo": TIPO_PUE if pue else TIPO_ORDINARIO,
        "codigo": codigo_concepto(c),
        "partida_ordinaria": c.partida_ordinaria,
        "partida_extraordinaria": c.partida_extraordinaria,
        "codigo_interno": c.codigo_interno,
        "descripcion": c.descripcion,
        "unidad": c.unidad_medida.clave,
        "unidad_id": c.unidad_medida_id,
        "sub_anexo": sub_anexo.clave_anexo if sub_anexo is not None else "",
        "sub_anexo_id": c.sub_anexo_id,
        "contrato": contrato.numero_contrato if contrato is not None else "",
        "cantidad": texto_decimal(c.cantidad),
        "precio_unitario_mn": texto_decimal(c.precio_unitario_mn),
        "precio_unitario_usd": texto_decimal(c.precio_unitario_usd),
        "importe_mn": texto_decimal(importe(c.cantidad, c.precio_unitario_mn)),
        "importe_usd": texto_decimal(importe(c.cantidad, c.precio_unitario_usd)),
        "categoria": c.categoria,
        "subcategoria": c.subcategoria,
        "clasificacion": c.clasificacion,
        "encabezados": " › ".join(t for t in (c.categoria, c.subcategoria, c.clasificacion) if t),
        "pte_creacion": c.pte_creacion,
        "ot_creacion": c.ot_creacion,
        "creacion": " / ".join(t for t in (c.pte_creacion, c.ot_creacion) if t),
        "fecha_autorizacion": fecha_dmy(c.fecha_autorizacion),
        "estatus": c.estatus,
        "estatus_texto": c.get_estatus_display() if c.estatus else "",
        "convertida_a": getattr(c, "convertida_a", None) or "",
        # An ordinary line keeps the PUE code it came from (lineage); a PUE's own code is not an origin.
        "origen_pue": "" if pue else c.partida_extraordinaria,
        "concepto_origen_id": c.concepto_origen_id,
        "comentario": c.comentario,
        "activo": c.activo,
    }


# --- Picker search -----------------------------------------------------------------------------------------------


def conceptos_buscar(
    *, texto: str = "", contrato_id: int | None = None, sub_anexo_id: int | None = None, limite: int = 20
) -> list[ConceptoMaestro]:
    """Active concepts a picker may offer (one query): live PUEs and the lines of live sub-anexos and contracts.

    A cancelled PUE is never offered (nothing may be billed against it). With a contract, its lines plus the
    live PUEs (a PUE belongs to no contract until converted); with a sub-anexo, that sub-anexo's lines only.
    An exact code match comes first.
    """
    ordinario = Q(
        id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA,
        sub_anexo__activo=True,
        sub_anexo__anexo_maestro__contrato__activo=True,
    )
    pue = Q(id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA) & ~Q(estatus=EstatusPUE.CANCELADA)
    if sub_anexo_id is not None:
        ambito = ordinario & Q(sub_anexo_id=sub_anexo_id)
    elif contrato_id is not None:
        ambito = (ordinario & Q(sub_anexo__anexo_maestro__contrato_id=contrato_id)) | pue
    else:
        ambito = ordinario | pue
    conceptos = ConceptoMaestro.objects.filter(ambito, activo=True)
    condicion = busqueda_en_conceptos(texto)
    if condicion is not None:
        conceptos = conceptos.filter(condicion)
    limpio = (texto or "").strip()
    exacto = Q(partida_ordinaria__iexact=limpio) | Q(partida_extraordinaria__iexact=limpio) if limpio else Q(pk=None)
    return list(
        conceptos.select_related("unidad_medida", "sub_anexo")
        .annotate(prioridad=Case(When(exacto, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("prioridad", "id_tipo_partida_id", "sub_anexo_id", "pk")[:limite]
    )


def resultado_busqueda(c: ConceptoMaestro) -> dict:
    return {
        "id": c.pk,
        "codigo": codigo_concepto(c),
        "descripcion": c.descripcion,
        "unidad": c.unidad_medida.clave,
        "anexo": c.sub_anexo.clave_anexo if c.sub_anexo_id else "",
        "tipo": TIPO_PUE if es_pue(c) else TIPO_ORDINARIO,
        "precio_unitario_mn": texto_decimal(c.precio_unitario_mn),
        "precio_unitario_usd": texto_decimal(c.precio_unitario_usd),
    }
