"""The rules of a checklist step, the same for a PTE step and an OT step (both are `DetallePaso`).

Services lock the row, call one of these, save and log; the rules themselves live only here.
"""

from datetime import date

from django.core.exceptions import ValidationError

from operaciones.catalogos.constantes import EstatusId

CAMPOS_FECHA = ("fecha_inicio", "fecha_termino", "fecha_entrega")


def aplicar_estatus(
    detalle, *, estatus_id: int, hoy: date, fecha_entrega: date | None = None, comentario: str | None = None
) -> None:
    """COMPLETADO sets the delivery date (the one given, else one already recorded, else today); leaving
    COMPLETADO clears it. `comentario` None keeps the step's comment; a string (even blank) replaces it."""
    anterior = detalle.estatus_paso_id
    detalle.estatus_paso_id = estatus_id
    if estatus_id == EstatusId.COMPLETADO:
        detalle.fecha_entrega = fecha_entrega or detalle.fecha_entrega or hoy
    elif anterior == EstatusId.COMPLETADO:
        detalle.fecha_entrega = None
    if comentario is not None:
        detalle.comentario = comentario.strip()


def aplicar_fecha(detalle, *, campo: str, fecha: date | None) -> None:
    """One of the step's dates (None clears it); the end date may not come before the start date."""
    if campo not in CAMPOS_FECHA:
        raise ValidationError({"tipo": "Tipo de fecha no válido."})
    setattr(detalle, campo, fecha)
    if detalle.fecha_inicio and detalle.fecha_termino and detalle.fecha_termino < detalle.fecha_inicio:
        raise ValidationError({"fecha": "La fecha de término no puede ser anterior a la de inicio."})


def aplicar_archivo(detalle, *, archivo: str) -> None:
    """The evidence link (an http(s) address already validated by the form); blank removes it."""
    detalle.archivo = (archivo or "").strip()
