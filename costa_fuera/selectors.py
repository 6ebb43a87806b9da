"""Reads of the vessel daily reports: the list (DataTables), one report for a user, and the day page's data."""

from django.db.models import QuerySet
from django.http import Http404

from . import bitacora
from .models import CategoriaOperativa, EstadoReporte, ReporteDiarioEmbarcacion
from .services_reporte import PERMISO_CAMBIAR, PERMISO_CERRAR, PERMISO_REABRIR, PERMISO_VER


def reportes_para_usuario(usuario) -> QuerySet:
    """Every vessel's reports for a user who may see reports (vessels are not scoped per user); none otherwise."""
    if not usuario.has_perm(PERMISO_VER):
        return ReporteDiarioEmbarcacion.objects.none()
    return ReporteDiarioEmbarcacion.objects.select_related("embarcacion", "representante")


def reporte_para_usuario(usuario, pk) -> ReporteDiarioEmbarcacion:
    """One report with its vessel, representative and closer, or Http404 (a bad id or no permission look alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Reporte diario no encontrado.") from None
    reporte = reportes_para_usuario(usuario).select_related("cerrado_por").filter(pk=pk).first()
    if reporte is None:
        raise Http404("Reporte diario no encontrado.")
    return reporte


def reportes_vecinos(reporte: ReporteDiarioEmbarcacion) -> dict:
    """The same vessel's previous and next reports ({pk, fecha} or None), for the day page's navigation."""
    mismos = ReporteDiarioEmbarcacion.objects.filter(embarcacion_id=reporte.embarcacion_id)
    anterior = mismos.filter(fecha__lt=reporte.fecha).order_by("-fecha").values("pk", "fecha").first()
    siguiente = mismos.filter(fecha__gt=reporte.fecha).order_by("fecha").values("pk", "fecha").first()
    return {"anterior": anterior, "siguiente": siguiente}


def es_editable(reporte: ReporteDiarioEmbarcacion, usuario) -> bool:
    return reporte.estado != EstadoReporte.CERRADO and usuario.has_perm(PERMISO_CAMBIAR)


def datos_dia(reporte: ReporteDiarioEmbarcacion, usuario) -> dict:
    """What the day page's header and "Bitácora" tab show: entries, OT and category options, totals, navigation."""
    ots = bitacora.ots_permitidas(reporte)
    return {
        "editable": es_editable(reporte, usuario),
        "puede_cerrar": reporte.estado == EstadoReporte.PRE_CIERRE and usuario.has_perm(PERMISO_CERRAR),
        "puede_reabrir": reporte.estado == EstadoReporte.CERRADO and usuario.has_perm(PERMISO_REABRIR),
        "entradas": bitacora.entradas_de_reporte(reporte),
        "ots": [{"id": pk, "folio": folio} for pk, folio in ots.items()],
        "categorias": [{"valor": v, "etiqueta": str(e)} for v, e in CategoriaOperativa.choices],
        "totales": bitacora.totales_bitacora(reporte),
        **reportes_vecinos(reporte),
    }
