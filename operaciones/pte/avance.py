"""Progress: the one definition of DESIGN §6, used by PTE and OT alike.

- A step is done when COMPLETADO or NO APLICA (`ESTATUS_PASO_HECHO`).
- Steps progress is weighted by the template's `importancia` when the weights of that checklist add up to more
  than zero, else it is the share of done steps.
- OT progress = 0.7 × time elapsed % + 0.3 × steps %, and a "real" variant measured from the real start.

`anotar_avance_pasos` computes the step figures inside the list query itself (no per-row queries); the Python
functions turn those figures, or an OT's dates, into percentages.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from operaciones.catalogos.constantes import ESTATUS_PASO_HECHO

PESO_TIEMPO = Decimal("0.7")
PESO_PASOS = Decimal("0.3")
_PESO = DecimalField(max_digits=12, decimal_places=2)


def anotar_avance_pasos(queryset: QuerySet, *, detalles: str = "detalles") -> QuerySet:
    """Annotate total_pasos, pasos_hechos, peso_total and peso_hecho from the `detalles` relation.

    Use it on a queryset that joins no other to-many relation (the counts would multiply); compute other
    per-row counts with subqueries.
    """
    hecho = Q(**{f"{detalles}__estatus_paso__in": ESTATUS_PASO_HECHO})
    importancia = f"{detalles}__id_paso__importancia"
    cero = Value(Decimal("0"), output_field=_PESO)
    return queryset.annotate(
        total_pasos=Count(detalles),
        pasos_hechos=Count(detalles, filter=hecho),
        peso_total=Coalesce(Sum(importancia, output_field=_PESO), cero),
        peso_hecho=Coalesce(Sum(importancia, filter=hecho, output_field=_PESO), cero),
    )


def porcentaje_pasos(*, total_pasos: int, pasos_hechos: int, peso_total=0, peso_hecho=0) -> int:
    """Whole-number percentage of a checklist (rounded down: 100 only when everything counted is done)."""
    peso_total, peso_hecho = Decimal(peso_total or 0), Decimal(peso_hecho or 0)
    if peso_total > 0:
        proporcion = peso_hecho / peso_total
    elif total_pasos:
        proporcion = Decimal(pasos_hechos) / Decimal(total_pasos)
    else:
        return 0
    return int((proporcion * 100).to_integral_value(rounding=ROUND_FLOOR))


def avance_de(fila) -> int:
    """Percentage of an object or dict annotated by `anotar_avance_pasos`."""
    valor = (lambda k: fila[k]) if isinstance(fila, dict) else (lambda k: getattr(fila, k))
    return porcentaje_pasos(
        total_pasos=valor("total_pasos"),
        pasos_hechos=valor("pasos_hechos"),
        peso_total=valor("peso_total"),
        peso_hecho=valor("peso_hecho"),
    )


@dataclass(frozen=True)
class AvanceTiempo:
    plazo_total: int  # days, both ends included; 0 when the dates are missing
    dias_transcurridos: int
    dias_restantes: int
    porcentaje: int


def avance_tiempo(inicio: date | None, termino: date | None, hoy: date) -> AvanceTiempo:
    """Elapsed share of the period [inicio, termino] on `hoy`: 0 before it starts, 100 once it has ended."""
    if inicio is None or termino is None or termino < inicio:
        return AvanceTiempo(0, 0, 0, 0)
    plazo = (termino - inicio).days + 1
    if hoy < inicio:
        return AvanceTiempo(plazo, 0, plazo, 0)
    if hoy > termino:
        return AvanceTiempo(plazo, plazo, 0, 100)
    transcurridos = (hoy - inicio).days + 1
    return AvanceTiempo(plazo, transcurridos, plazo - transcurridos, transcurridos * 100 // plazo)


def avance_final(porcentaje_tiempo: int, porcentaje_pasos_ot: int) -> int:
    """OT progress: 0.7 × time + 0.3 × steps, rounded down to a whole percentage."""
    total = PESO_TIEMPO * porcentaje_tiempo + PESO_PASOS * porcentaje_pasos_ot
    return int(total.to_integral_value(rounding=ROUND_FLOOR))
