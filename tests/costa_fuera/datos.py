"""Builders shared by the offshore tests: a vessel and its daily report, stored directly (not through services)."""

from datetime import date

from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion
from operaciones.catalogos.models import Sitio
from tests.factories import SitioFactory, UserFactory


def embarcacion(descripcion: str | None = None, *, capacidad_pob: int | None = 60) -> Sitio:
    extra = {"descripcion": descripcion} if descripcion else {}
    return SitioFactory(capacidad_pob=capacidad_pob, **extra)


def reporte(
    barco: Sitio | None = None,
    fecha: date = date(2025, 3, 10),
    *,
    representante=None,
    estado: str = EstadoReporte.BORRADOR,
) -> ReporteDiarioEmbarcacion:
    return ReporteDiarioEmbarcacion.objects.create(
        embarcacion=barco or embarcacion(),
        fecha=fecha,
        representante=representante or UserFactory(),
        estado=estado,
    )


# --- Builders of the daily report core (time log) ------------------------------------------------------------------


def ot_en_embarcacion(barco: Sitio, fecha: date = date(2025, 3, 10), **extra):
    """An initial OT working on the vessel in `fecha`'s month (live, active annex, window covering the month)."""
    from tests.produccion.datos import familia_con_anexo

    return familia_con_anexo(1, mes=fecha.month, anio=fecha.year, id_embarcacion=barco, **extra).ot


def bitacora_completa(reporte_diario: ReporteDiarioEmbarcacion, *, ot=None) -> list:
    """Three activities covering 00:00–24:00 (operando 8 h, clima 4 h, operando 12 h), stored directly."""
    from datetime import time

    from costa_fuera.models import BitacoraTiempo, CategoriaOperativa

    tramos = [
        (time(0, 0), time(8, 0), "Inspección ROV del ducto", CategoriaOperativa.OPERANDO),
        (time(8, 0), time(12, 0), "Espera por mal tiempo", CategoriaOperativa.ESPERA_CLIMA),
        (time(12, 0), time(0, 0), "Reparación con abrazadera", CategoriaOperativa.OPERANDO),
    ]
    return BitacoraTiempo.objects.bulk_create(
        BitacoraTiempo(reporte=reporte_diario, hora_inicio=i, hora_fin=f, actividad=a, estatus_operativo=c, ot=ot)
        for i, f, a, c in tramos
    )
