"""Creating an estimation: the family's contract, the eligible production (one query), lines in bulk, the folio."""

import secrets
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Trim, Upper

from core.actividad import actividad_registrar
from core.models import Evento
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from operaciones.catalogos.models import Contrato
from operaciones.ot.models import OTE, PartidaAnexoImportada
from operaciones.produccion.excedentes import ids_familia
from operaciones.produccion.gpu import anexos_con_gpu
from operaciones.produccion.models import Produccion

from ..models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader
from .comun import (
    CAMPOS_TOTALES,
    ENTIDAD_ESTIMACION,
    LOTE,
    folio_de,
    importe,
    recalcular_totales,
    texto_periodo,
    validar_tipo_cambio,
)

# --- Contract of an OT family -------------------------------------------------------------------------------------


def contratos_de_familia(familia: list[int]) -> list[int]:
    """Ids of the contracts the family's annex lines belong to (concept → sub-anexo → anexo → contrato)."""
    return sorted(
        PartidaAnexoImportada.objects.filter(importacion_anexo__ot_id__in=familia, concepto__sub_anexo__isnull=False)
        .values_list("concepto__sub_anexo__anexo_maestro__contrato_id", flat=True)
        .distinct()
        .order_by()
    )


def _elegir_contrato(familia: list[int], contrato: Contrato | None) -> tuple[int, bool]:
    """The explicit contract if it fits the family, else the family's only contract; several or none → choose.

    Also says whether the family spans several contracts (then only this contract's production is estimated).
    """
    candidatos = contratos_de_familia(familia)
    if contrato is not None:
        if candidatos and contrato.pk not in candidatos:
            raise ValidationError({"contrato": "El contrato elegido no corresponde a los conceptos de la OT."})
        return contrato.pk, len(candidatos) > 1
    if len(candidatos) == 1:
        return candidatos[0], False
    if not candidatos:
        raise ValidationError(
            {"contrato": "Los conceptos de la OT no están ligados a un contrato; elija el contrato de la estimación."}
        )
    raise ValidationError(
        {"contrato": "Los conceptos de la OT pertenecen a varios contratos; elija el contrato de la estimación."}
    )


# --- Eligible production --------------------------------------------------------------------------------------------


def produccion_estimable(
    *, familia: list[int], fecha_desde: date, fecha_hasta: date, contrato_id: int | None = None, varios_contratos=False
):
    """Production of the family in the period that may be estimated (one query, see the module docstring).

    With `varios_contratos`, only production of the contract's concepts and of concepts with no contract (PUEs,
    unlinked lines) is taken, so one estimation never bills another contract's work.
    """
    vigente = EstimacionDetalle.objects.filter(id_produccion=OuterRef("pk"), vigente=True)
    consulta = (
        Produccion.objects.filter(
            id_partida_anexo__importacion_anexo__ot_id__in=familia,
            fecha_produccion__range=(fecha_desde, fecha_hasta),
            volumen_produccion__gt=0,
        )
        .exclude(es_excedente=True, excedente_autorizado=False)
        .filter(~Exists(vigente))
    )
    con_gpu = anexos_con_gpu()
    if con_gpu:
        consulta = consulta.alias(anexo_gpu=Upper(Trim("id_partida_anexo__anexo"))).filter(
            ~Q(anexo_gpu__in=con_gpu) | Q(gpu__id_estatus_id=EstatusId.FIRMADO)
        )
    if varios_contratos and contrato_id is not None:
        consulta = consulta.filter(
            Q(id_partida_anexo__concepto__sub_anexo__anexo_maestro__contrato_id=contrato_id)
            | Q(id_partida_anexo__concepto__sub_anexo__isnull=True)
        )
    return consulta.order_by("fecha_produccion", "pk")


def _lineas_nuevas(cabecera: EstimacionHeader, filas) -> list[EstimacionDetalle]:
    """Unsaved lines for (production id, volume, PU MXN, PU USD) rows: prices snapshotted, amounts rounded per line."""
    # Sheets repeat the same few volumes and prices: each distinct product is rounded once.
    importes: dict[tuple, tuple[Decimal, Decimal]] = {}
    lineas = []
    for pk, volumen, pu_mn, pu_usd in filas:
        clave = (volumen, pu_mn, pu_usd)
        montos = importes.get(clave)
        if montos is None:
            montos = importes[clave] = (importe(volumen, pu_mn), importe(volumen, pu_usd))
        lineas.append(
            EstimacionDetalle(
                id_estimacion_header_id=cabecera.pk,
                id_produccion_id=pk,
                volumen_actual=volumen,
                volumen_estimado=volumen,
                precio_unitario_mn=pu_mn,
                precio_unitario_usd=pu_usd,
                importe_mn=montos[0],
                importe_usd=montos[1],
            )
        )
    return lineas


# --- Create -------------------------------------------------------------------------------------------------------


@transaction.atomic
def estimacion_crear(
    *,
    ot: OTE,
    fecha_desde: date,
    fecha_hasta: date,
    tipo_cambio: Decimal,
    usuario,
    fecha_estimacion: date | None = None,
    contrato: Contrato | None = None,
    comentario: str = "",
) -> EstimacionHeader:
    """Estimate the family's eligible production of a period: one line per record, prices snapshotted, next folio."""
    if not isinstance(fecha_desde, date) or not isinstance(fecha_hasta, date):
        raise ValidationError({"fecha_desde": "Indique el periodo de la estimación."})
    if fecha_hasta < fecha_desde:
        raise ValidationError({"fecha_hasta": "La fecha final del periodo es anterior a la inicial."})
    tipo_cambio = validar_tipo_cambio(tipo_cambio)
    fecha_estimacion = fecha_estimacion or hoy_mexico()
    if not isinstance(fecha_estimacion, date):
        raise ValidationError({"fecha_estimacion": "La fecha de la estimación no es válida."})

    # The family lock serialises creations for one family and the production sheet's saves (it takes the same lock).
    principal = OTE.objects.select_for_update().filter(pk=ot.ot_principal_id or ot.pk).first()
    if principal is None or principal.estatus == EstatusRegistro.ELIMINADO:
        raise ValidationError({"ot": "La OT no existe o está eliminada."})
    familia = ids_familia(ot=principal)
    contrato_id, varios = _elegir_contrato(familia, contrato)
    # The contract lock makes the consecutive number safe: the next creation for it waits for this one to commit.
    contrato = Contrato.objects.select_for_update().get(pk=contrato_id)

    filas = list(
        produccion_estimable(
            familia=familia,
            fecha_desde=fecha_desde,
            fecha_hasta=fecha_hasta,
            contrato_id=contrato.pk,
            varios_contratos=varios,
        ).values_list(
            "pk", "volumen_produccion", "id_partida_anexo__precio_unitario_mn", "id_partida_anexo__precio_unitario_usd"
        )
    )
    if not filas:
        raise ValidationError(
            {
                "fecha_desde": (
                    f"No hay producción por estimar en el periodo {texto_periodo(fecha_desde, fecha_hasta)}: "
                    "o ya está estimada, o le falta el GPU firmado, o es excedente sin autorizar."
                )
            }
        )

    ultimo = (
        EstimacionHeader.objects.filter(contrato=contrato, numero__isnull=False)
        .order_by("-numero")
        .values_list("numero", flat=True)
        .first()
    )
    numero = (ultimo or 0) + 1
    cabecera = EstimacionHeader.objects.create(
        id_ot=principal,
        contrato=contrato,
        numero=numero,
        folio=folio_de(contrato, numero),
        estado=EstadoEstimacion.BORRADOR,
        fecha_estimacion=fecha_estimacion,
        fecha_desde=fecha_desde,
        fecha_hasta=fecha_hasta,
        tipo_cambio=tipo_cambio,
        porcentaje_retencion=contrato.porcentaje_retencion,
        porcentaje_amortizacion_anticipo=contrato.porcentaje_amortizacion_anticipo,
        comentario=(comentario or "").strip(),
        creado_por=usuario if getattr(usuario, "is_authenticated", False) else None,
        codigo_verificacion=secrets.token_hex(16),
    )
    try:
        with transaction.atomic():
            EstimacionDetalle.objects.bulk_create(_lineas_nuevas(cabecera, filas), batch_size=LOTE)
    except IntegrityError:
        # Only reachable if another transaction took some of these rows without the family lock (a direct write).
        raise ValidationError(
            {"__all__": "Otra estimación tomó parte de esta producción al mismo tiempo; vuelva a intentarlo."}
        ) from None
    recalcular_totales(cabecera)
    cabecera.save(update_fields=CAMPOS_TOTALES)
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_ESTIMACION,
        registro_id=cabecera.pk,
        evento=Evento.CREAR,
        cambios={
            "folio": ("", cabecera.folio),
            "estado": ("", EstadoEstimacion.BORRADOR.label),
            "periodo": ("", texto_periodo(fecha_desde, fecha_hasta)),
            "tipo_cambio": ("", tipo_cambio),
            "total_importe_mn": ("", cabecera.total_importe_mn),
            "total_importe_usd": ("", cabecera.total_importe_usd),
        },
        detalle=f"Estimación {cabecera.folio} de la OT {principal}: {len(filas)} registros de producción",
    )
    return cabecera
