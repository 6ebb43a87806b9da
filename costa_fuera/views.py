"""Module home of Costa fuera: the fleet page (each active vessel's latest report, position and status)."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.acceso import permiso_requerido
from core.selectors import resumen_costa_fuera

from . import flota
from .documento import nombre_usuario
from .views_reporte import COLORES_ESTADO


def _url(nombre: str, *args) -> str | None:
    """A route of another part of the module, or None while that part is not installed."""
    try:
        return reverse(f"costa_fuera:{nombre}", args=args)
    except NoReverseMatch:
        return None


def _fila(f: flota.FilaFlota) -> dict:
    r = f.reporte
    return {
        "f": f,
        "color_estado": COLORES_ESTADO[r.estado] if r else "",
        "url_reporte": _url("reporte", r.pk) if r else None,
        "url_pdf": _url("rdo_pdf", r.pk) if r else None,
        "url_excel": _url("rdo_excel", r.pk) if r else None,
        "representante": nombre_usuario(r.representante) if r else "",
    }


@permiso_requerido("costa_fuera.view_reportediarioembarcacion")
def inicio(request):
    filas = flota.flota_resumen()
    puede_registrar = request.user.has_perm("costa_fuera.add_posicionembarcacion")
    contexto = {
        "titulo": "Costa fuera",
        "icono": "bi-water",
        "modulo_activo": "costa_fuera",
        "descripcion": (
            "Flota en operación: el último reporte diario de cada embarcación, su posición y su estatus operativo. "
            "Cada reporte lleva bitácora de tiempos, personal a bordo, diésel y agua, e incidencias."
        ),
        "resumen": resumen_costa_fuera(),
        "filas": [_fila(f) for f in filas],
        "embarcaciones": [f.embarcacion for f in filas],
        "puede_registrar": puede_registrar,
        "ahora": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "hoy": timezone.localdate(),
    }
    return render(request, "costa_fuera/flota.html", contexto)
