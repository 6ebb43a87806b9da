"""Demo estimations: the first months of the demo families billed through the real services.

Kept apart from core/demo.py (the production builder) because it only reads what that one wrote: it creates, per
family, an estimation of the first month with signed production and walks it through the workflow (the first one
approved and invoiced, the next approved, the rest left in review or draft), so every screen of billing has data.
"""

import calendar
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from operaciones.estimaciones.models import EstadoEstimacion
from operaciones.estimaciones.services import estimacion_cambiar_estado, estimacion_crear

# A plausible rate for the demo; the user always types the real one.
TIPO_CAMBIO_DEMO = Decimal("18.4250")
ESTIMACIONES_POR_UNIDAD = 4
RUTAS = (
    (EstadoEstimacion.EN_REVISION, EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA),
    (EstadoEstimacion.EN_REVISION, EstadoEstimacion.APROBADA),
    (EstadoEstimacion.EN_REVISION,),
    (),
)


# The demo user (who cannot log in) walks the workflow itself, so the activity log names it, as for every demo row.
PERMISOS_FLUJO = ("change_estimacionheader", "aprobar_estimacion", "facturar_estimacion")


def _con_permisos_de_flujo(usuario):
    usuario.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="estimaciones", codename__in=PERMISOS_FLUJO)
    )
    return get_user_model().objects.get(pk=usuario.pk)  # a fresh instance: Django caches permissions per object


def _mes(dia: date) -> tuple[date, date]:
    return date(dia.year, dia.month, 1), date(dia.year, dia.month, calendar.monthrange(dia.year, dia.month)[1])


def estimaciones_demo(*, familias, usuario) -> int:
    """Estimate the first month of up to four demo families; returns how many estimations were created."""
    creadas = 0
    usuario = _con_permisos_de_flujo(usuario)
    for familia in familias:
        if creadas == ESTIMACIONES_POR_UNIDAD:
            break
        if not (familia.inicio_real and familia.fin_produccion):
            continue
        desde, hasta = _mes(familia.inicio_real)
        try:
            estimacion = estimacion_crear(
                ot=familia.ot, fecha_desde=desde, fecha_hasta=hasta, tipo_cambio=TIPO_CAMBIO_DEMO, usuario=usuario
            )
        except ValidationError:  # nothing signed yet in that month, or no single contract: not billable
            continue
        for estado in RUTAS[creadas]:
            extra = {}
            if estado == EstadoEstimacion.FACTURADA:
                extra = {"numero_factura": f"F-{estimacion.numero:05d}", "fecha_factura": hasta}
            estimacion_cambiar_estado(estimacion=estimacion, estado=estado, usuario=usuario, **extra)
        creadas += 1
    return creadas
