"""The estimation document (PDF download) and the page its QR code opens to verify it.

Both need a logged-in user with the estimation view permission (DESIGN §5: login is the default): the QR proves
which estimation a printed document claims to be, and shows its folio and totals as the database holds them now,
so a reader can tell a valid document from an altered or cancelled one.
"""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from core.acceso import permiso_requerido, solo_get
from core.formato import fecha_dmy
from core.money import formato_moneda

from . import documento, selectors
from .models import EstadoEstimacion

logger = logging.getLogger(__name__)

VER = "estimaciones.view_estimacionheader"
PK_MAXIMO = 2**63 - 1


@permiso_requerido(VER)
@solo_get
def pdf(request, pk: int):
    """The estimation document as a PDF attachment "Estimacion_<folio>.pdf"."""
    if pk > PK_MAXIMO:
        raise Http404
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    codigo = documento.estimacion_asegurar_codigo(estimacion=estimacion, usuario=request.user)
    url = request.build_absolute_uri(reverse("estimaciones:verificar", args=[codigo]))
    contenido = documento.estimacion_pdf(estimacion=estimacion, url_verificacion=url)
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{documento.nombre_archivo(estimacion)}"'
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


@permiso_requerido(VER)
@solo_get
def verificar(request, codigo: str):
    """What a printed document's QR opens: folio, OT, period, state and totals, and whether the document is valid."""
    if not documento.codigo_valido(codigo):
        raise Http404
    estimacion = (
        selectors.estimaciones_para_usuario(request.user)
        .select_related("id_ot", "contrato__cliente")
        .filter(codigo_verificacion=codigo)
        .first()
    )
    if estimacion is None:
        raise Http404
    t = selectors.estimacion_totales(estimacion)
    importes = [
        ("Subtotal", formato_moneda(t["subtotal_mn"], "MXN"), formato_moneda(t["subtotal_usd"], "USD")),
        (f"Retención ({estimacion.porcentaje_retencion} %)", formato_moneda(t["retencion_mn"], "MXN"),
         formato_moneda(t["retencion_usd"], "USD")),
        (f"Amortización de anticipo ({estimacion.porcentaje_amortizacion_anticipo} %)",
         formato_moneda(t["amortizacion_mn"], "MXN"), formato_moneda(t["amortizacion_usd"], "USD")),
        ("Neto", formato_moneda(t["neto_mn"], "MXN"), formato_moneda(t["neto_usd"], "USD")),
    ]  # fmt: skip
    contexto = {
        "titulo": f"Verificación de la estimación {estimacion.folio}",
        "modulo_activo": "estimaciones",
        "estimacion": estimacion,
        "valida": estimacion.estado != EstadoEstimacion.CANCELADA,
        "con_valor": estimacion.estado in documento.ESTADOS_CON_VALOR,
        "periodo": f"{fecha_dmy(estimacion.fecha_desde)} al {fecha_dmy(estimacion.fecha_hasta)}",
        "importes": importes,
        "homologado_neto": formato_moneda(t["homologado_neto"], "MXN"),
        "tipo_cambio": f"{t['tipo_cambio']:.4f}",
        "url_detalle": _url_detalle(estimacion),
    }
    return render(request, "estimaciones/verificar.html", contexto)


def _url_detalle(estimacion) -> str:
    """The estimation's detail page, when the screens module provides one."""
    try:
        return reverse("estimaciones:detalle", args=[estimacion.pk])
    except NoReverseMatch:  # the screens are not installed
        return ""
