"""Writes of the core app: login failures and the lockout rule."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import IntentoAcceso


def _clave(usuario: str) -> str:
    return (usuario or "").strip().lower()[:254]


def acceso_bloqueado(*, usuario: str, ip: str | None) -> bool:
    """Locked when BLOQUEO_INTENTOS_MAXIMOS failures for this user name and address fall in the window."""
    desde = timezone.now() - timedelta(seconds=settings.BLOQUEO_VENTANA_SEGUNDOS)
    fallos = IntentoAcceso.objects.filter(usuario=_clave(usuario), ip=ip, fecha__gte=desde).count()
    return fallos >= settings.BLOQUEO_INTENTOS_MAXIMOS


def acceso_registrar_fallo(*, usuario: str, ip: str | None) -> None:
    """Record one failed login; rows older than the window are pruned so the table stays small."""
    IntentoAcceso.objects.create(usuario=_clave(usuario), ip=ip)
    limite = timezone.now() - timedelta(seconds=settings.BLOQUEO_VENTANA_SEGUNDOS)
    IntentoAcceso.objects.filter(fecha__lt=limite).delete()


def acceso_limpiar_fallos(*, usuario: str, ip: str | None) -> None:
    """A successful login forgets that pair's failures."""
    IntentoAcceso.objects.filter(usuario=_clave(usuario), ip=ip).delete()
