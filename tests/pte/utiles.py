"""Helpers of the PTE tests."""

from core.models import RegistroActividad
from operaciones.catalogos.constantes import EstatusId
from operaciones.pte.models import PTEDetalle
from operaciones.pte.selectors import ENTIDAD_PASO, ENTIDAD_PTE


def actividad_pte(pte_id: int, evento: str | None = None):
    filas = RegistroActividad.objects.filter(afectacion=ENTIDAD_PTE, registro_id=pte_id)
    return filas.filter(evento=evento) if evento else filas


def actividad_paso(detalle_id: int, evento: str | None = None):
    filas = RegistroActividad.objects.filter(afectacion=ENTIDAD_PASO, registro_id=detalle_id)
    return filas.filter(evento=evento) if evento else filas


def paso(pte, paso_id: int) -> PTEDetalle:
    return PTEDetalle.objects.get(id_pte_header=pte, id_paso_id=paso_id)


def marcar(detalles, estatus=EstatusId.COMPLETADO) -> None:
    PTEDetalle.objects.filter(pk__in=[d.pk for d in detalles]).update(estatus_paso_id=estatus)


def cliente_de(usuario):
    """A separate logged-in test client (the persona fixtures share pytest-django's one `client`)."""
    from django.test import Client

    cliente = Client()
    cliente.force_login(usuario)
    return cliente
