"""The screen "Producción y reportes diarios" (issue 5, items 1, 2 and 5; reference §3.3 and §3.4).

The page itself carries no grid data: it renders the month's summary cards and hands the browser its
configuration (endpoints, today in Mexico City, what the user may change, an OT to preselect). The grids are
loaded by static/js/produccion*.js from the JSON endpoints, which check every permission again on their own.
"""

from django import forms
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from core.acceso import permiso_requerido, solo_get
from core.selectors import hoy_mexico, resumen_produccion
from operaciones.ot.selectors import ot_para_usuario

VER = "produccion.view_produccion"

# What each piece of the screen needs; the endpoints enforce the same permissions.
PERMISOS = {
    "capturar": ("produccion.add_produccion", "produccion.change_produccion"),
    "recalcular": ("produccion.change_produccion",),
    # As views.vincular_partida_ot: adding a line changes the OT's annex too.
    "vincular": ("ot.change_ote",),
    "reportes": ("produccion.change_reportediario",),
    "archivo": ("produccion.change_reportemensual",),
    "guardias": ("produccion.change_cicloguardia",),
    "superintendentes": ("produccion.add_superintendente",),
    "gpu": ("produccion.change_registrogpu",),
    # As views_gpu.autorizar_excedente: a GPU editor who may also change the OT.
    "autorizar": ("produccion.autorizar_excedente",),
}

# Endpoint name in the `produccion` namespace → key in the page configuration. A missing one (a part of the
# module not deployed) leaves its key empty and the page hides that feature.
ENDPOINTS = {
    "sitios": "obtener_sitios_con_ots_ejecutadas",
    "reportes": "ots_por_sitio_grid",
    "guardar_reportes": "guardar_reportes_diarios_masiva",
    "guardar_archivo": "guardar_archivo_mensual",
    "supers": "obtener_supers_por_sitio",
    "configurar_guardia": "configurar_ciclo_guardia",
    "guardias": "obtener_guardias_mes",
    "hoja": "obtener_partidas_produccion",
    "guardar_hoja": "guardar_produccion_masiva",
    "recalcular": "recalcular_excedentes",
    "vincular": "vincular_partida_ot",
    "exportar": "exportar_hoja",
    "importar": "importar_hoja",
    "gpus": "obtener_grid_gpus",
    "guardar_gpu": "guardar_estatus_gpu",
    "evidencia_gpu": "subir_evidencia_gpu",
    "autorizar": "autorizar_excedente",
    "crear_superintendente": "superintendente_crear",
}


MESES = [
    (1, "Enero"),
    (2, "Febrero"),
    (3, "Marzo"),
    (4, "Abril"),
    (5, "Mayo"),
    (6, "Junio"),
    (7, "Julio"),
    (8, "Agosto"),
    (9, "Septiembre"),
    (10, "Octubre"),
    (11, "Noviembre"),
    (12, "Diciembre"),
]


class SeleccionForm(forms.Form):
    """Optional preselection from the address: an OT (e.g. from its detail page) and a month."""

    id_ot = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    mes = forms.IntegerField(min_value=1, max_value=12, required=False)
    anio = forms.IntegerField(min_value=2000, max_value=2100, required=False)


def _url(nombre: str, *args) -> str:
    try:
        return reverse(f"produccion:{nombre}", args=args)
    except NoReverseMatch:
        return ""


def _urls() -> dict:
    urls = {clave: _url(nombre) for clave, nombre in ENDPOINTS.items()}
    # Paths with an id end in "0/"; the browser puts the real id in its place.
    urls["ver_evidencia_gpu"] = _url("evidencia_gpu", 0)
    urls["conceptos_buscar"] = reverse("catalogos:conceptos_buscar")
    urls["ot_detalle"] = reverse("ot:detalle", args=[0])
    return urls


def _ot_preseleccionada(usuario, ot_id: int | None) -> dict | None:
    """The OT family head to open first, with its sites (the page picks the first one the site list offers)."""
    if ot_id is None:
        return None
    ot = ot_para_usuario(usuario, ot_id)
    if ot is not None and ot.ot_principal_id:
        ot = ot_para_usuario(usuario, ot.ot_principal_id)
    if ot is None:
        return None
    sitios = [ot.id_embarcacion_id, ot.id_plataforma_id, ot.id_intercom_id, ot.id_patio_id]
    return {"id": ot.pk, "folio": ot.orden_trabajo, "sitios": [s for s in sitios if s is not None]}


def _configuracion(request, seleccion: dict) -> dict:
    hoy = hoy_mexico()
    usuario = request.user
    return {
        "urls": _urls(),
        "hoy": hoy.isoformat(),
        "mes": seleccion.get("mes") or hoy.month,
        "anio": seleccion.get("anio") or hoy.year,
        "permisos": {clave: usuario.has_perms(nombres) for clave, nombres in PERMISOS.items()},
        "ot": _ot_preseleccionada(usuario, seleccion.get("id_ot")),
    }


@permiso_requerido(VER)
@solo_get
def inicio(request):
    """The screen: the month's summary, then daily reports, production sheet and GPU of a site and month."""
    form = SeleccionForm(request.GET)
    seleccion = form.cleaned_data if form.is_valid() else {}
    configuracion = _configuracion(request, seleccion)
    contexto = {
        "titulo": "Producción",
        "subtitulo": "Reportes diarios, producción por día y generadores (GPU) por sitio y mes",
        "icono": "bi-bar-chart-steps",
        "modulo_activo": "produccion",
        "resumen": resumen_produccion(),
        "configuracion": configuracion,
        "permisos": configuracion["permisos"],
        "meses": MESES,
    }
    return render(request, "produccion/pagina.html", contexto)
