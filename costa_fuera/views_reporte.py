"""Vessel daily report screens (issue 9): the list, "Nuevo reporte", the day page, workflow, the representative and
the time log.

Every view: permission → object lookup (404) → form (400 with `errores`) → service (400 with its Spanish refusal,
403 when the step needs a permission the user lacks) → page or JSON envelope.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.datatables import Columna, responder_datatable
from core.formato import fecha_dmy

from . import bitacora, forms, propuesta, selectors, selectors_recursos, services_reporte
from .documento import nombre_usuario as _nombre
from .models import EstadoReporte, ReporteDiarioEmbarcacion
from .services_reporte import PERMISO_CAMBIAR, PERMISO_CREAR, PERMISO_REABRIR, PERMISO_VER

COLUMNAS = [
    Columna("fecha", "Fecha", orden=True),
    Columna("embarcacion", "Embarcación", campo="embarcacion__descripcion", busqueda=True, orden=True),
    Columna("estado", "Estado", orden=True),
    Columna("representante", "Representante", campo="representante__username", busqueda=True, orden=True),
    Columna("fecha_actualizacion", "Última modificación", orden=True),
]
COLORES_ESTADO = {
    EstadoReporte.BORRADOR: "secondary",
    EstadoReporte.PRE_CIERRE: "warning",
    EstadoReporte.CERRADO: "success",
}
# Workflow buttons: destination → (text, Bootstrap colour).
ACCIONES = {
    EstadoReporte.PRE_CIERRE: ("Enviar a pre-cierre", "primary"),
    EstadoReporte.BORRADOR: ("Regresar a borrador", "outline-secondary"),
    EstadoReporte.CERRADO: ("Cerrar reporte", "success"),
}


def _rechazos_del_servicio(prohibido: str = "No tiene permiso para esta acción."):
    """A POST view's service refusals as JSON: ValidationError → 400 naming the field, PermissionDenied → 403."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            try:
                return vista(request, *args, **kwargs)
            except ValidationError as rechazo:
                return respuestas.errores_validacion(rechazo)
            except PermissionDenied:
                return respuestas.prohibido(prohibido)

        return envoltura

    return decorador


@permiso_requerido(PERMISO_VER)
@solo_get
def lista(request):
    """The reports of every vessel with filters, and the "Nuevo reporte" modal."""
    contexto = {
        "titulo": "Reportes diarios de embarcación",
        "modulo_activo": "costa_fuera",
        "embarcaciones": services_reporte.embarcaciones_activas(),
        "estados": EstadoReporte.choices,
        "puede_crear": request.user.has_perm(PERMISO_CREAR),
        "configuracion": {
            "urls": {
                "datatable": reverse("costa_fuera:reportes_datatable"),
                "nuevo": reverse("costa_fuera:reporte_nuevo"),
            },
            "columnas": [c.para_cliente() for c in COLUMNAS],
            "colores": COLORES_ESTADO,
        },
    }
    return render(request, "costa_fuera/lista.html", contexto)


def _fila(r: ReporteDiarioEmbarcacion) -> dict:
    return {
        "id": r.pk,
        "fecha": fecha_dmy(r.fecha),
        "embarcacion": r.embarcacion.descripcion,
        "estado": r.estado,
        "estado_texto": r.get_estado_display(),
        "representante": _nombre(r.representante),
        "fecha_actualizacion": timezone.localtime(r.fecha_actualizacion).strftime("%d/%m/%Y %H:%M"),
        "url": reverse("costa_fuera:reporte", args=[r.pk]),
    }


@permiso_requerido(PERMISO_VER)
@solo_get
def datatable(request):
    return responder_datatable(
        request,
        selectors.reportes_para_usuario(request.user),
        columnas=COLUMNAS,
        fila=_fila,
        filtros_form=forms.FiltrosReportes,
        orden_defecto=("-fecha", "embarcacion__descripcion"),
    )


@permiso_requerido(PERMISO_CREAR)
@solo_post
@_rechazos_del_servicio()
def nuevo(request):
    """Open a vessel's day, empty or cloned from its latest earlier report; answers the day page's address."""
    form = forms.ReporteNuevoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    if d["clonar"]:
        reporte, mensaje = services_reporte.reporte_clonar_anterior(
            embarcacion=d["embarcacion"], fecha=d["fecha"], usuario=request.user
        )
    else:
        reporte = services_reporte.reporte_crear(embarcacion=d["embarcacion"], fecha=d["fecha"], usuario=request.user)
        mensaje = f"Se creó el reporte de {d['embarcacion'].descripcion} del {d['fecha']:%d/%m/%Y}."
    return respuestas.creado(mensaje, reporte.pk, url=reverse("costa_fuera:reporte", args=[reporte.pk]))


def _acciones(usuario, reporte: ReporteDiarioEmbarcacion) -> list[dict]:
    acciones = []
    for destino in services_reporte.estados_siguientes(reporte.estado):
        if usuario.has_perm(services_reporte.permiso_de_transicion(reporte.estado, destino)):
            etiqueta, color = ACCIONES[destino]
            acciones.append({"estado": destino, "etiqueta": etiqueta, "color": color})
    return acciones


@permiso_requerido(PERMISO_VER)
@solo_get
def dia(request, pk: int):
    """A vessel's day: header with workflow, the time log tab and the other parts' tabs."""
    reporte = selectors.reporte_para_usuario(request.user, pk)
    datos = selectors.datos_dia(reporte, request.user)
    contexto = {
        "titulo": f"{reporte.embarcacion.descripcion} · {reporte.fecha:%d/%m/%Y}",
        "modulo_activo": "costa_fuera",
        "reporte": reporte,
        "color_estado": COLORES_ESTADO[reporte.estado],
        "representante": _nombre(reporte.representante),
        "cerrado_por": _nombre(reporte.cerrado_por),
        "acciones": _acciones(request.user, reporte) if reporte.estado != EstadoReporte.CERRADO else [],
        **datos,
        # The "Cambiar responsable" modal's options: read only when the user may change this report.
        "representantes": (
            [{"id": u.pk, "nombre": _nombre(u)} for u in services_reporte.representantes_posibles()]
            if datos["editable"]
            else []
        ),
        "configuracion_bitacora": {
            "id": reporte.pk,
            "editable": datos["editable"],
            "entradas": datos["entradas"],
            "ots": datos["ots"],
            "categorias": datos["categorias"],
            "urls": {
                "guardar": reverse("costa_fuera:bitacora_guardar", args=[reporte.pk]),
                "estado": reverse("costa_fuera:reporte_estado", args=[reporte.pk]),
                "reabrir": reverse("costa_fuera:reporte_reabrir", args=[reporte.pk]),
                "representante": reverse("costa_fuera:reporte_representante", args=[reporte.pk]),
            },
        },
    }
    contexto.update(selectors_recursos.contexto_recursos(reporte, request.user))
    contexto.update(propuesta.contexto_propuesta(reporte, request.user))
    return render(request, "costa_fuera/dia.html", contexto)


@permiso_requerido(PERMISO_CAMBIAR)
@solo_post
@_rechazos_del_servicio("No tiene permiso para este cambio de estado del reporte.")
def estado(request, pk: int):
    """One workflow step: pre-cierre, back to borrador, or close (cerrar_reporte)."""
    reporte = selectors.reporte_para_usuario(request.user, pk)
    form = forms.CambiarEstadoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    reporte = services_reporte.reporte_cambiar_estado(
        reporte_id=reporte.pk, estado=form.cleaned_data["estado"], usuario=request.user
    )
    texto = reporte.get_estado_display().lower()
    return respuestas.exito(f"El reporte quedó en {texto}.", estado=reporte.estado)


@permiso_requerido(PERMISO_CAMBIAR)
@solo_post
@_rechazos_del_servicio("No tiene permiso para cambiar el representante del reporte.")
def representante(request, pk: int):
    """Hand the day to another responsible user (active, allowed to edit reports); not on a closed report."""
    reporte = selectors.reporte_para_usuario(request.user, pk)
    form = forms.RepresentanteForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    anterior = reporte.representante_id
    reporte = services_reporte.reporte_cambiar_representante(
        reporte_id=reporte.pk, representante=form.cleaned_data["representante"], usuario=request.user
    )
    nombre = _nombre(reporte.representante)
    if reporte.representante_id == anterior:
        return respuestas.exito(f"{nombre} ya es el representante del reporte; no hubo cambios.", representante=nombre)
    return respuestas.exito(f"El representante del reporte ahora es {nombre}.", representante=nombre)


@permiso_requerido(PERMISO_REABRIR)
@solo_post
@_rechazos_del_servicio("No tiene permiso para reabrir reportes.")
def reabrir(request, pk: int):
    """An administrator reopens a closed report, with a mandatory reason."""
    reporte = selectors.reporte_para_usuario(request.user, pk)
    form = forms.ReabrirForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    services_reporte.reporte_reabrir(reporte_id=reporte.pk, usuario=request.user, motivo=form.cleaned_data["motivo"])
    return respuestas.exito("El reporte se reabrió y quedó en borrador.", estado=EstadoReporte.BORRADOR)


@permiso_requerido(PERMISO_CAMBIAR)
@solo_post
@_rechazos_del_servicio()
def bitacora_guardar(request, pk: int):
    """Save the whole day's time log (JSON list); answers the new totals."""
    reporte = selectors.reporte_para_usuario(request.user, pk)
    form = forms.BitacoraForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    cambio = bitacora.bitacora_guardar(reporte_id=reporte.pk, datos=form.cleaned_data["bitacora"], usuario=request.user)
    mensaje = "Se guardó la bitácora." if cambio else "La bitácora no tenía cambios."
    entradas = bitacora.entradas_de_reporte(reporte)
    return respuestas.exito(mensaje, cambio=cambio, entradas=entradas, totales=_totales_json(reporte))


def _totales_json(reporte: ReporteDiarioEmbarcacion) -> dict:
    """Hours as strings (exact decimals) for the browser."""
    totales = bitacora.totales_bitacora(reporte)
    return {
        "por_categoria": [{**t, "horas": str(t["horas"])} for t in totales["por_categoria"]],
        "por_ot": [{**t, "horas": str(t["horas"])} for t in totales["por_ot"]],
        "total_horas": str(totales["total_horas"]),
    }
