"""Estimation screens (issue 6): the list, a new estimation, its detail with lines and workflow, and Excel exports.

Every view: permission → object lookup (404) → form (400 with `errores`) → service (400 with its Spanish refusal,
403 when the workflow step needs a permission the user lacks) → page or JSON envelope. Money travels as strings.
The reconciliation of an OT family lives in views_conciliacion.py.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.datatables import Columna, responder_datatable
from core.exportar import ColumnaExcel, respuesta_xlsx
from core.formato import fecha_dmy
from core.money import formato_moneda
from core.selectors import Resumen

from . import forms, selectors, selectors_vistas, services
from .models import EstadoEstimacion, EstimacionHeader

VER = "estimaciones.view_estimacionheader"
CREAR = "estimaciones.add_estimacionheader"
CAMBIAR = services.PERMISO_CAMBIAR

COLUMNAS = [
    Columna("folio", "Folio", busqueda=True, orden=True),
    Columna("ot", "OT", campo="id_ot__orden_trabajo", busqueda=True, orden=True),
    Columna("contrato", "Contrato", campo="contrato__numero_contrato", busqueda=True, orden=True),
    Columna("periodo", "Periodo", campo="fecha_desde", orden=True),
    Columna("estado", "Estado", orden=True),
    Columna("subtotal_mn", "Subtotal MXN", campo="total_importe_mn", orden=True),
    Columna("subtotal_usd", "Subtotal USD", campo="total_importe_usd", orden=True),
    Columna("neto_mn", "Neto MXN"),
    Columna("neto_usd", "Neto USD"),
    Columna("fecha_estimacion", "Fecha", orden=True),
]
_PARTIDA = "id_produccion__id_partida_anexo__"
COLUMNAS_LINEAS = [
    Columna("fecha", "Fecha", campo="id_produccion__fecha_produccion", orden=True),
    Columna("sitio", "Sitio", campo="id_produccion__id_sitio_produccion__descripcion", orden=True),
    Columna("tipo_tiempo", "TE/CMA", campo="id_produccion__tipo_tiempo", orden=True),
    Columna("anexo", "Anexo", campo=f"{_PARTIDA}anexo", busqueda=True, orden=True),
    Columna("codigo", "Partida", campo=f"{_PARTIDA}id_partida", busqueda=True, orden=True),
    Columna("descripcion", "Descripción", campo=f"{_PARTIDA}descripcion_concepto", busqueda=True),
    Columna("unidad", "Unidad", campo=f"{_PARTIDA}unidad_medida__descripcion"),
    Columna("volumen_actual", "Vol. producido", orden=True),
    Columna("volumen_estimado", "Vol. estimado", orden=True),
    Columna("precio_unitario_mn", "P.U. MXN"),
    Columna("precio_unitario_usd", "P.U. USD"),
    Columna("importe_mn", "Importe MXN", orden=True),
    Columna("importe_usd", "Importe USD", orden=True),
    Columna("comentario_ajuste", "Comentario de ajuste", busqueda=True),
]
# How each workflow step is offered: button text, Bootstrap colour, and the data its modal asks for.
ACCIONES = {
    EstadoEstimacion.EN_REVISION: ("Enviar a revisión", "primary", ""),
    EstadoEstimacion.BORRADOR: ("Regresar a borrador", "outline-secondary", ""),
    EstadoEstimacion.APROBADA: ("Aprobar", "success", ""),
    EstadoEstimacion.FACTURADA: ("Registrar factura", "primary", "factura"),
    EstadoEstimacion.PAGADA: ("Registrar pago", "primary", "pago"),
    EstadoEstimacion.CANCELADA: ("Cancelar estimación", "outline-danger", "motivo"),
}
ETAPAS_CONCEPTO = (
    ("autorizado", "Autorizado"),
    ("anterior", "Anterior"),
    ("periodo", "Este periodo"),
    ("acumulado", "Acumulado"),
    ("restante", "Restante"),
)
COLORES_ESTADO = {
    EstadoEstimacion.BORRADOR: "secondary",
    EstadoEstimacion.EN_REVISION: "info",
    EstadoEstimacion.APROBADA: "success",
    EstadoEstimacion.FACTURADA: "primary",
    EstadoEstimacion.PAGADA: "dark",
    EstadoEstimacion.CANCELADA: "danger",
}


def _texto(valor) -> str | None:
    """Decimals as exact strings for the browser (it formats them; it never adds them up)."""
    return None if valor is None else str(valor)


def _totales_texto(totales: dict) -> dict:
    return {clave: _texto(valor) for clave, valor in totales.items()}


def cantidad(valor) -> str:
    """A volume as people read it: thousands with commas, no trailing zeros (1,234.5)."""
    if valor is None:
        return ""
    return f"{valor.normalize() + 0:,f}"


def dinero(valor) -> str:
    """An amount with the house rounding and the peso sign; the column says the currency."""
    return "" if valor is None else formato_moneda(valor, "")


def _totales_pagina(estimacion: EstimacionHeader, totales: dict) -> dict:
    texto = {clave: dinero(valor) for clave, valor in totales.items()}
    texto["tipo_cambio"] = f"{totales['tipo_cambio']:.4f}"
    texto["volumen_producido"] = cantidad(estimacion.total_volumen_producido)
    texto["volumen_estimado"] = cantidad(estimacion.total_volumen_estimado)
    return texto


def _fila_concepto(c: dict) -> dict:
    """One row of "Por concepto" already as text: volumes, MXN and USD for each stage of the account."""
    return {
        "anexo": c["anexo"],
        "codigo": c["codigo"],
        "descripcion": c["descripcion"],
        "unidad": c["unidad"],
        "pu_mn": dinero(c["pu_mn"]),
        "pu_usd": dinero(c["pu_usd"]),
        "vol": [cantidad(c[etapa]) for etapa, _ in ETAPAS_CONCEPTO],
        "mn": [dinero(c[f"{etapa}_mn"]) for etapa, _ in ETAPAS_CONCEPTO],
        "usd": [dinero(c[f"{etapa}_usd"]) for etapa, _ in ETAPAS_CONCEPTO],
        "excedido": c["restante"] < 0,
    }


def _url_pdf(estimacion: EstimacionHeader) -> str | None:
    """The PDF document's address once the document module is installed (its route is added separately)."""
    try:
        return reverse("estimaciones:pdf", args=[estimacion.pk])
    except NoReverseMatch:
        return None


def _nombre(usuario) -> str:
    """Who did it: full name, else username; "Sistema" for a command (no user)."""
    if usuario is None:
        return "Sistema"
    return usuario.get_full_name() or usuario.username


def _nombre_archivo(texto: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", texto).strip("_") or "estimacion"


# --- List -------------------------------------------------------------------------------------------------------


def _configuracion_lista() -> dict:
    urls = {n: reverse(f"estimaciones:{n}") for n in ("datatable", "buscar_ots", "crear")}
    return {"urls": urls, "columnas": [c.para_cliente() for c in COLUMNAS], "colores": COLORES_ESTADO}


@permiso_requerido(VER)
@solo_get
def inicio(request):
    """The estimations list: a card per state, filters, the table and the "Nueva estimación" modal."""
    filtros = forms.FiltrosEstimaciones(request.GET)  # ?ot= (from the OT page) pre-fills the OT filter
    contexto = {
        "titulo": "Estimaciones",
        "modulo_activo": "estimaciones",
        "resumen": Resumen(tarjetas=selectors_vistas.tarjetas_por_estado()),
        "contratos": selectors_vistas.contratos_activos(),
        "estados": EstadoEstimacion.choices,
        "filtro_ot": filtros.cleaned_data["ot"] if filtros.is_valid() else "",
        "puede_crear": request.user.has_perm(CREAR),
        "configuracion": _configuracion_lista(),
    }
    return render(request, "estimaciones/lista.html", contexto)


def _fila(e: EstimacionHeader) -> dict:
    t = selectors.estimacion_totales(e)
    return {
        "id": e.pk,
        "folio": e.folio or f"Estimación {e.pk}",
        "ot": e.id_ot.orden_trabajo,
        "contrato": e.contrato.numero_contrato if e.contrato_id else "",
        "periodo": f"{fecha_dmy(e.fecha_desde)} – {fecha_dmy(e.fecha_hasta)}",
        "estado": e.estado,
        "estado_texto": e.get_estado_display(),
        "subtotal_mn": _texto(t["subtotal_mn"]),
        "subtotal_usd": _texto(t["subtotal_usd"]),
        "neto_mn": _texto(t["neto_mn"]),
        "neto_usd": _texto(t["neto_usd"]),
        "fecha_estimacion": fecha_dmy(e.fecha_estimacion),
        "url": reverse("estimaciones:detalle", args=[e.pk]),
    }


@permiso_requerido(VER)
@solo_get
def datatable(request):
    return responder_datatable(
        request,
        selectors.estimaciones_para_usuario(request.user),
        columnas=COLUMNAS,
        fila=_fila,
        filtros_form=forms.FiltrosEstimaciones,
        orden_defecto=("-fecha_estimacion", "-id"),
    )


@permiso_requerido(VER)
@solo_get
def buscar_ots(request):
    """The OT picker of "Nueva estimación" (and of the reconciliation, with `todas`): up to 20 families."""
    form = forms.BuscarOTForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ots = selectors_vistas.ots_para_estimar(texto=form.cleaned_data["texto"], todas=form.cleaned_data["todas"])
    return JsonResponse({"exito": True, "ots": ots})


@permiso_requerido(CREAR)
@solo_post
def crear(request):
    """Create an estimation of an OT family and period; the answer names the detail page to open."""
    form = forms.CrearEstimacionForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    try:
        estimacion = services.estimacion_crear(
            ot=d["id_ot"],
            fecha_desde=d["fecha_desde"],
            fecha_hasta=d["fecha_hasta"],
            tipo_cambio=d["tipo_cambio"],
            usuario=request.user,
            fecha_estimacion=d["fecha_estimacion"],
            contrato=d["contrato"],
            comentario=d["comentario"],
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    url = reverse("estimaciones:detalle", args=[estimacion.pk])
    return respuestas.creado(f"Se creó la estimación {estimacion.folio}.", estimacion.pk, url=url)


# --- Detail -----------------------------------------------------------------------------------------------------


def _acciones(usuario, estimacion: EstimacionHeader) -> list[dict]:
    """The workflow steps this user may take from the estimation's state (the service checks them again)."""
    acciones = []
    for destino in services.estados_siguientes(estimacion.estado):
        if usuario.has_perm(services.permiso_de_transicion(estimacion.estado, destino)):
            etiqueta, color, pide = ACCIONES[destino]
            acciones.append({"estado": destino, "etiqueta": etiqueta, "color": color, "pide": pide})
    return acciones


def _configuracion_detalle(request, estimacion: EstimacionHeader) -> dict:
    """What estimaciones.js needs on the detail page: endpoints, the lines' columns, whether lines are editable."""
    nombres = ("lineas", "ajustar_linea", "cambiar_estado")
    urls = {n: reverse(f"estimaciones:{n}", args=[estimacion.pk]) for n in nombres}
    editable = estimacion.estado in services.ESTADOS_EDITABLES and request.user.has_perm(CAMBIAR)
    columnas = [c.para_cliente() for c in COLUMNAS_LINEAS]
    return {"id": estimacion.pk, "urls": urls, "columnas": columnas, "editable": editable}


@permiso_requerido(VER)
@solo_get
def detalle(request, pk: int):
    """One estimation: header, totals with deductions and homologado, per-concept summary, lines and actions."""
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    totales = selectors.estimacion_totales(estimacion)
    contexto = {
        "titulo": f"Estimación {estimacion.folio or estimacion.pk}",
        "modulo_activo": "estimaciones",
        "estimacion": estimacion,
        "color_estado": COLORES_ESTADO[estimacion.estado],
        "totales": totales,
        "totales_texto": _totales_pagina(estimacion, totales),
        "conceptos": [_fila_concepto(c) for c in selectors.estimacion_conceptos(estimacion)],
        "grupos_concepto": ("vol", "mn", "usd"),
        "etapas_concepto": [titulo for _, titulo in ETAPAS_CONCEPTO],
        "elaboro": _nombre(estimacion.creado_por),
        "aprobo": _nombre(estimacion.aprobado_por),
        "acciones": _acciones(request.user, estimacion),
        "url_pdf": _url_pdf(estimacion),
        "configuracion": _configuracion_detalle(request, estimacion),
    }
    return render(request, "estimaciones/detalle.html", contexto)


def _fila_linea(d) -> dict:
    """A line as the browser shows it; anexo, codigo, unidad, fecha… are the selector's annotations."""
    return {
        "id": d.pk,
        "fecha": fecha_dmy(d.fecha),
        "sitio": d.sitio,
        "tipo_tiempo": d.tipo_tiempo,
        "anexo": d.anexo,
        "codigo": d.codigo,
        "descripcion": d.descripcion,
        "unidad": d.unidad or "",
        "volumen_actual": _texto(d.volumen_actual),
        "volumen_estimado": _texto(d.volumen_estimado),
        "precio_unitario_mn": _texto(d.precio_unitario_mn),
        "precio_unitario_usd": _texto(d.precio_unitario_usd),
        "importe_mn": _texto(d.importe_mn),
        "importe_usd": _texto(d.importe_usd),
        "comentario_ajuste": d.comentario_ajuste,
        "ajustada": d.volumen_estimado != d.volumen_actual,
        "vigente": d.vigente,
    }


@permiso_requerido(VER)
@solo_get
def lineas(request, pk: int):
    """The estimation's lines (server-side DataTables): one per production record, with its snapshotted prices."""
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    return responder_datatable(
        request,
        selectors.estimacion_lineas(estimacion),
        columnas=COLUMNAS_LINEAS,
        fila=_fila_linea,
    )


@permiso_requerido(CAMBIAR)
@solo_post
def ajustar_linea(request, pk: int):
    """Set the billed volume of one line (a different volume needs its reason); answers the new totals."""
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    cual = forms.LineaForm(request.POST)
    if not cual.is_valid():
        return respuestas.formulario_invalido(cual)
    detalle = selectors.estimacion_lineas(estimacion).filter(pk=cual.cleaned_data["detalle"]).first()
    if detalle is None:
        return respuestas.no_encontrado("La línea no existe en esta estimación.")
    form = forms.AjustarLineaForm(request.POST, detalle=detalle)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        detalle = services.estimacion_ajustar_linea(
            detalle=detalle,
            volumen_estimado=form.cleaned_data["volumen_estimado"],
            comentario=form.cleaned_data["comentario"],
            usuario=request.user,
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    except PermissionDenied:
        return respuestas.prohibido("No tiene permiso para ajustar estimaciones.")
    totales = _totales_texto(selectors.estimacion_totales(detalle.id_estimacion_header))
    return respuestas.exito("Se ajustó la línea y se recalcularon los totales.", totales=totales)


@permiso_requerido(VER)
@solo_post
def cambiar_estado(request, pk: int):
    """One workflow step (enviar a revisión, regresar, aprobar, facturar, pagar, cancelar) through the service."""
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    form = forms.CambiarEstadoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    permiso = services.permiso_de_transicion(estimacion.estado, d["estado"])
    if not request.user.has_perm(permiso or CAMBIAR):
        return respuestas.prohibido("No tiene permiso para este cambio de estado de la estimación.")
    try:
        estimacion = services.estimacion_cambiar_estado(
            estimacion=estimacion,
            estado=d["estado"],
            usuario=request.user,
            numero_factura=d["numero_factura"],
            fecha_factura=d["fecha_factura"],
            fecha_pago=d["fecha_pago"],
            motivo=d["motivo"],
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    except PermissionDenied:
        return respuestas.prohibido("No tiene permiso para este cambio de estado de la estimación.")
    texto = estimacion.get_estado_display().lower()
    return respuestas.exito(f"La estimación {estimacion.folio} quedó {texto}.", estado=estimacion.estado)


# --- Excel of the lines -----------------------------------------------------------------------------------------

COLUMNAS_EXCEL = [
    ColumnaExcel("Fecha", 12, "fecha"),
    ColumnaExcel("Sitio", 20),
    ColumnaExcel("TE/CMA", 8),
    ColumnaExcel("Anexo", 10),
    ColumnaExcel("Partida", 10),
    ColumnaExcel("Descripción", 60),
    ColumnaExcel("Unidad", 10),
    ColumnaExcel("Volumen producido", 14, "decimal"),
    ColumnaExcel("Volumen estimado", 14, "decimal"),
    ColumnaExcel("P.U. MXN", 14, "decimal"),
    ColumnaExcel("P.U. USD", 14, "decimal"),
    ColumnaExcel("Importe MXN", 18, "moneda"),
    ColumnaExcel("Importe USD", 18, "moneda"),
    ColumnaExcel("Comentario de ajuste", 40),
]


def _filas_excel(estimacion: EstimacionHeader):
    """Every line, then the totals as the database holds them (the same figures the page and the PDF show)."""
    for d in selectors.estimacion_lineas(estimacion).iterator(chunk_size=1000):
        yield [
            d.fecha, d.sitio, d.tipo_tiempo, d.anexo, d.codigo, d.descripcion, d.unidad or "", d.volumen_actual,
            d.volumen_estimado, d.precio_unitario_mn, d.precio_unitario_usd, d.importe_mn, d.importe_usd,
            d.comentario_ajuste,
        ]  # fmt: skip
    t = selectors.estimacion_totales(estimacion)
    tc = t["tipo_cambio"]
    renglones = [
        ("Subtotal", t["subtotal_mn"], t["subtotal_usd"]),
        (f"Retención (fondo de garantía) {estimacion.porcentaje_retencion} %", t["retencion_mn"], t["retencion_usd"]),
        (
            f"Amortización de anticipo {estimacion.porcentaje_amortizacion_anticipo} %",
            t["amortizacion_mn"],
            t["amortizacion_usd"],
        ),
        ("Neto", t["neto_mn"], t["neto_usd"]),
        (f"Subtotal homologado en MXN (tipo de cambio {tc})", t["homologado_subtotal"], None),
        (f"Neto homologado en MXN (tipo de cambio {tc})", t["homologado_neto"], None),
    ]
    yield [None] * len(COLUMNAS_EXCEL)
    for etiqueta, mn, usd in renglones:
        yield [None] * 5 + [etiqueta] + [None] * 5 + [mn, usd, None]


@permiso_requerido(VER)
@solo_get
def exportar_lineas(request, pk: int):
    """The estimation's lines with its totals as an Excel workbook."""
    estimacion = selectors.estimacion_para_usuario(request.user, pk)
    nombre = _nombre_archivo(estimacion.folio or f"estimacion_{estimacion.pk}")
    return respuesta_xlsx(nombre, "Líneas", COLUMNAS_EXCEL, _filas_excel(estimacion))
