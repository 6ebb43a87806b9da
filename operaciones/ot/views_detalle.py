"""The OT detail page and its "Anexo C" tab (issue 4, items 4, 5 and 7; reference §3.5).

Reading (page, versions, lines, totals) needs `ot.view_ote`; uploading an annex needs `ot.change_ote`. The upload
runs as a background job (eager without a broker); the page polls `/trabajos/<id>/` for its progress bar, and the
error workbook of a rejected file is downloadable by its uploader only.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.datatables import Columna, responder_datatable
from core.formato import fecha_dmy
from core.importacion import libro_errores_respuesta
from core.money import formato_moneda
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import EstatusRegistro

from . import forms_anexo, selectors, selectors_anexo
from .importar_anexo import TIPO_TRABAJO_ANEXO, anexo_ot_lanzar, anexo_totales
from .models import OTE

VER = "ot.view_ote"
EDITAR = "ot.change_ote"
NO_EXISTE = "La OT no existe o fue eliminada."
VERSION_NO_EXISTE = "La versión del anexo no existe para esta OT."

COLUMNAS_PARTIDAS = [
    Columna("orden_fila", "Fila", orden=True),
    Columna("anexo", "Anexo", orden=True),
    Columna("id_partida", "Partida", busqueda=True, orden=True),
    Columna("descripcion_concepto", "Descripción", busqueda=True, orden=True),
    Columna("unidad", "Unidad", campo="unidad_medida__clave", orden=True),
    Columna("volumen_proyectado", "Volumen PTE", orden=True),
    Columna("precio_unitario_mn", "P.U. M.N.", orden=True),
    Columna("precio_unitario_usd", "P.U. USD", orden=True),
    Columna("importe_mn", "Importe M.N."),
    Columna("importe_usd", "Importe USD"),
    Columna("dias_programados", "Días programados"),
]


def _periodo(inicio, termino) -> str:
    return f"{fecha_dmy(inicio) or '—'} al {fecha_dmy(termino) or '—'}"


def _tarjetas_resumen(ot: OTE) -> list[dict]:
    """What the "Resumen" tab shows, already as text (dates dd/mm/aaaa, money with the house rounding)."""
    texto = selectors.texto
    tipo = texto(ot.id_tipo) + (f" · R{ot.num_reprogramacion}" if ot.num_reprogramacion else "")
    datos = [
        ("Tipo", tipo),
        ("Estatus", texto(ot.id_estatus_ot)),
        ("PTE", texto(ot.id_pte_header) or "—"),
        ("Responsable", texto(ot.id_responsable_proyecto)),
        ("Cliente", texto(ot.id_cliente) or "—"),
        ("Frente", texto(ot.id_frente) or "—"),
    ]
    sitios = (("Embarcación", ot.id_embarcacion), ("Plataforma", ot.id_plataforma))
    sitios += (("Intercom", ot.id_intercom), ("Patio", ot.id_patio))
    datos += [(nombre, str(sitio)) for nombre, sitio in sitios if sitio is not None]
    datos += [
        ("Programado", _periodo(ot.fecha_inicio_programado, ot.fecha_termino_programado)),
        ("Real", _periodo(ot.fecha_inicio_real, ot.fecha_termino_real)),
        ("Monto M.N.", formato_moneda(ot.monto_mxn, "MXN")),
        ("Monto USD", formato_moneda(ot.monto_usd, "USD")),
    ]
    return [{"etiqueta": etiqueta, "valor": valor} for etiqueta, valor in datos]


def _configuracion(request, ot: OTE) -> dict:
    """What ot_detalle.js needs: the tab's endpoints and whether the user may upload."""
    urls = {n: reverse(f"ot:anexo_{n}", args=[ot.pk]) for n in ("versiones", "datatable", "totales", "importar")}
    urls["errores"] = reverse("ot:anexo_errores", args=[ot.pk, 0]).rsplit("0/", 1)[0]
    urls["trabajo"] = reverse("core:trabajo_estado", args=[0]).rsplit("0/", 1)[0]
    columnas = [c.para_cliente() for c in COLUMNAS_PARTIDAS]
    return {"ot_id": ot.pk, "urls": urls, "columnas": columnas, "puede_importar": request.user.has_perm(EDITAR)}


@permiso_requerido(VER)
@solo_get
def detalle(request, pk: int):
    """The OT's page: header, "Resumen", "Anexo C" and the tabs of the modules still to come."""
    if selectors.ot_para_usuario(request.user, pk) is None:
        raise Http404(NO_EXISTE)
    ot = selectors.ot_con_avance(pk)
    contexto = {
        "titulo": f"OT {ot}",
        "modulo_activo": "ot",
        "ot": ot,
        "por_definir": ot.estatus == EstatusRegistro.POR_DEFINIR,
        "avance": selectors.avance_ot(ot, hoy_mexico()),
        "tarjetas": _tarjetas_resumen(ot),
        "principal": ot.ot_principal if ot.es_reprogramacion else None,
        "form_anexo": forms_anexo.ImportarAnexoForm(),
        "configuracion": _configuracion(request, ot),
    }
    return render(request, "ot/detalle.html", contexto)


def _ot_y_version(request, pk: int, form_clase=forms_anexo.VersionForm):
    """(form, ot, version, refusal): the OT, the version asked for and the query's form, or the JSON refusal."""
    ot = selectors.ot_para_usuario(request.user, pk)
    if ot is None:
        return None, None, None, respuestas.no_encontrado(NO_EXISTE)
    form = form_clase(request.GET)
    if not form.is_valid():
        return form, ot, None, respuestas.formulario_invalido(form)
    version_id = form.cleaned_data.get("version")
    version = selectors_anexo.version_anexo(ot, version_id)
    if version_id is not None and version is None:
        return form, ot, None, respuestas.no_encontrado(VERSION_NO_EXISTE)
    return form, ot, version, None


@permiso_requerido(VER)
@solo_get
def anexo_versiones(request, pk: int):
    """Every version of the OT's annex, the one shown (asked for, or the active one) and its sub-anexos."""
    _form, ot, version, rechazo = _ot_y_version(request, pk)
    if rechazo is not None:
        return rechazo
    versiones = [selectors_anexo.version_como_dict(v) for v in selectors_anexo.versiones_anexo(ot)]
    return JsonResponse(
        {
            "exito": True,
            "versiones": versiones,
            "version": version.pk if version else None,
            "anexos": selectors_anexo.anexos_de_version(version),
        }
    )


@permiso_requerido(VER)
@solo_get
def anexo_datatable(request, pk: int):
    """Lines of one version of the annex (server-side DataTables), filtered by sub-anexo and text."""
    _form, _ot, version, rechazo = _ot_y_version(request, pk)
    if rechazo is not None:
        return rechazo
    return responder_datatable(
        request,
        selectors_anexo.partidas_de_version(version),
        columnas=COLUMNAS_PARTIDAS,
        fila=selectors_anexo.fila_partida,
        filtros_form=forms_anexo.FiltrosPartidasAnexo,
        orden_defecto=("orden_fila",),
        anotar=selectors_anexo.anotar_partidas,
    )


@permiso_requerido(VER)
@solo_get
def anexo_totales_vista(request, pk: int):
    """Totals of one version in MXN and USD, and homologado at the exchange rate the user typed (none: no total)."""
    form, _ot, version, rechazo = _ot_y_version(request, pk, forms_anexo.TotalesForm)
    if rechazo is not None:
        return rechazo
    if version is None:
        return respuestas.no_encontrado("La OT todavía no tiene un anexo C cargado.")
    totales = anexo_totales(version, tipo_cambio=form.cleaned_data["tipo_cambio"])
    return respuestas.exito(
        "Totales calculados.",
        version=version.pk,
        totales={
            "mn": selectors_anexo.dinero_texto(totales["mn"]),
            "usd": selectors_anexo.dinero_texto(totales["usd"]),
            "homologado": selectors_anexo.dinero_texto(totales.get("homologado")),
            "tipo_cambio": None if totales.get("tipo_cambio") is None else str(totales["tipo_cambio"]),
            "lineas": totales.get("lineas", 0),
        },
    )


@permiso_requerido(EDITAR)
@solo_post
def anexo_importar(request, pk: int):
    """Receive an annex workbook and launch its import as a job; the answer carries the job to poll."""
    ot = selectors.ot_para_usuario(request.user, pk)
    if ot is None:
        return respuestas.no_encontrado(NO_EXISTE)
    activa = selectors_anexo.version_activa(ot) is not None
    form = forms_anexo.ImportarAnexoForm(request.POST, request.FILES, tiene_version_activa=activa)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    try:
        trabajo = anexo_ot_lanzar(
            ot=ot,
            archivo_subido=d["archivo"],
            usuario=request.user,
            modo=d["modo"],
            tipo_cambio=d["tipo_cambio"],
            simulacro=d["dry_run"],
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    url_estado = reverse("core:trabajo_estado", args=[trabajo.pk])
    return respuestas.exito(
        "Se recibió el archivo; la importación está en curso.", status=202, trabajo_id=trabajo.pk, url_estado=url_estado
    )


def _del_anexo_de(trabajo, ot: OTE) -> bool:
    """A job of this OT's annex (the id it was launched for is kept with it)."""
    ot_id = (trabajo.resultado or {}).get("ot_id") or (trabajo.parametros or {}).get("ot_id")
    return str(ot_id) == str(ot.pk)


@permiso_requerido(VER)
@solo_get
def anexo_errores(request, pk: int, trabajo_id: int):
    """The error workbook of a rejected annex upload, for the user who uploaded it and nobody else."""
    ot = selectors.ot_para_usuario(request.user, pk)
    if ot is None:
        raise Http404(NO_EXISTE)
    return libro_errores_respuesta(
        usuario=request.user,
        tipo=TIPO_TRABAJO_ANEXO,
        pk=trabajo_id,
        nombre=f"errores_anexo_{ot.orden_trabajo}.xlsx",
        pertenece=lambda trabajo: _del_anexo_de(trabajo, ot),
    )
