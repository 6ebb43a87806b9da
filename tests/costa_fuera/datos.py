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
