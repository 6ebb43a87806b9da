"""Contracts, their Anexo C and its sub-anexos: the page, its table, and the create/edit/deactivate actions.

Every view: permission → object lookup → form → service → JSON envelope (DESIGN §4). Deactivating needs the
change permission (nothing is ever deleted).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_post
from core.datatables import Columna, responder_datatable
from core.formato import fecha_iso

from . import forms_conceptos as forms
from . import selectors_conceptos as selectors
from . import services_contratos as services
from .models import Cliente
from .vistas_comunes import responder_cambio_activo

VER = "catalogos.view_contrato"
CREAR = "catalogos.add_contrato"
EDITAR = "catalogos.change_contrato"
VER_SUBANEXO = "catalogos.view_subanexo"
CREAR_SUBANEXO = "catalogos.add_subanexo"
EDITAR_SUBANEXO = "catalogos.change_subanexo"

COLUMNAS_CONTRATO = [
    Columna("numero_contrato", "Contrato", busqueda=True, orden=True),
    Columna("cliente", "Cliente", campo="cliente__descripcion", busqueda=True, orden=True),
    Columna("fecha_inicio", "Inicio", orden=True),
    Columna("fecha_termino", "Término", orden=True),
    Columna("monto_mn", "Monto M.N.", orden=True),
    Columna("monto_usd", "Monto USD", orden=True),
    Columna("num_conceptos", "Conceptos", orden=True),
    Columna("activo", "Activo", orden=True),
    Columna("descripcion", "Descripción", busqueda=True),
]
URLS_PAGINA = (
    "contratos_datatable",
    "contratos_crear",
    "contratos_eliminar",
    "contratos_reactivar",
    "subanexos_crear",
    "subanexos_eliminar",
    "subanexos_reactivar",
)


def _con_id(nombre: str) -> str:
    """A URL with a placeholder id the page replaces (`…/0/`)."""
    return reverse(f"catalogos:{nombre}", args=[0])


# --- Page and table ----------------------------------------------------------------------------------------------


@permiso_requerido(VER)
def contratos(request):
    """The contract list, with each contract's Anexo C and sub-anexos in a side panel."""
    user = request.user
    configuracion = {
        "urls": {
            **{nombre: reverse(f"catalogos:{nombre}") for nombre in URLS_PAGINA},
            "contratos_obtener": _con_id("contratos_obtener"),
            "contratos_editar": _con_id("contratos_editar"),
            "contratos_subanexos": _con_id("contratos_subanexos"),
            "subanexos_obtener": _con_id("subanexos_obtener"),
            "subanexos_editar": _con_id("subanexos_editar"),
            "conceptos": reverse("catalogos:conceptos") if user.has_perm("catalogos.view_conceptomaestro") else "",
        },
        "puede": {
            "crear": user.has_perm(CREAR),
            "editar": user.has_perm(EDITAR),
            "ver_subanexos": user.has_perm(VER_SUBANEXO),
            "crear_subanexo": user.has_perm(CREAR_SUBANEXO),
            "editar_subanexo": user.has_perm(EDITAR_SUBANEXO),
        },
    }
    contexto = {
        "titulo": "Contratos y Anexo C",
        "form": forms.ContratoForm(),
        "form_subanexo": forms.SubAnexoForm(),
        "clientes": Cliente.objects.filter(activo=True).order_by("descripcion"),
        "configuracion": configuracion,
    }
    return render(request, "catalogos/contratos.html", contexto)


@permiso_requerido(VER)
def contratos_datatable(request):
    return responder_datatable(
        request,
        selectors.contratos_lista(),
        columnas=COLUMNAS_CONTRATO,
        fila=selectors.fila_contrato,
        filtros_form=forms.FiltrosContratos,
        orden_defecto=("numero_contrato",),
        anotar=selectors.anotar_contratos,
    )


@permiso_requerido(VER)
def contratos_obtener(request, pk: int):
    contrato = selectors.contrato_registro(pk)
    if contrato is None:
        return respuestas.no_encontrado("El contrato no existe.")
    registro = {
        **selectors.fila_contrato(contrato),
        "cliente": contrato.cliente_id,
        "fecha_inicio": fecha_iso(contrato.fecha_inicio),
        "fecha_termino": fecha_iso(contrato.fecha_termino),
    }
    return respuestas.exito("", registro=registro)


@permiso_requerido(VER, VER_SUBANEXO)
def contratos_subanexos(request, pk: int):
    """The contract's Anexo C and its sub-anexos with active concepts counted and Σ importe M.N./USD."""
    contrato = selectors.contrato_registro(pk)
    if contrato is None:
        return respuestas.no_encontrado("El contrato no existe.")
    resumen = selectors.subanexos_de_contrato(contrato)
    return respuestas.exito("", contrato=selectors.fila_contrato(contrato), **resumen)


# --- Contract actions --------------------------------------------------------------------------------------------


@permiso_requerido(CREAR)
@solo_post
def contratos_crear(request):
    form = forms.ContratoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        contrato = services.contrato_crear(datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.creado(f"Se creó el contrato «{contrato}» con su Anexo C.", contrato.pk)


@permiso_requerido(EDITAR)
@solo_post
def contratos_editar(request, pk: int):
    contrato = selectors.contrato_registro(pk)
    if contrato is None:
        return respuestas.no_encontrado("El contrato no existe.")
    form = forms.ContratoForm(request.POST, instance=contrato)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        contrato = services.contrato_actualizar(contrato=contrato, datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se guardaron los cambios del contrato «{contrato}».")


def _contrato_activo(request, *, activo: bool):
    return responder_cambio_activo(
        request,
        activo=activo,
        buscar=selectors.contrato_registro,
        no_existe="El contrato no existe.",
        cambiar=lambda contrato: services.contrato_cambiar_activo(
            contrato=contrato, activo=activo, usuario=request.user
        ),
        nombre=lambda contrato: f"el contrato «{contrato}»",
    )


@permiso_requerido(EDITAR)
@solo_post
def contratos_eliminar(request):
    return _contrato_activo(request, activo=False)


@permiso_requerido(EDITAR)
@solo_post
def contratos_reactivar(request):
    return _contrato_activo(request, activo=True)


# --- Sub-anexo actions -------------------------------------------------------------------------------------------


@permiso_requerido(VER_SUBANEXO)
def subanexos_obtener(request, pk: int):
    sub_anexo = selectors.subanexo_registro(pk)
    if sub_anexo is None:
        return respuestas.no_encontrado("El sub-anexo no existe.")
    registro = {
        "id": sub_anexo.pk,
        "clave_anexo": sub_anexo.clave_anexo,
        "descripcion": sub_anexo.descripcion,
        "activo": sub_anexo.activo,
        "contrato": sub_anexo.anexo_maestro.contrato_id,
    }
    return respuestas.exito("", registro=registro)


@permiso_requerido(CREAR_SUBANEXO)
@solo_post
def subanexos_crear(request):
    form = forms.SubAnexoCrearForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    try:
        sub_anexo = services.subanexo_crear(contrato=d["contrato"], datos=d, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.creado(f"Se creó el sub-anexo {sub_anexo} en el contrato «{d['contrato']}».", sub_anexo.pk)


@permiso_requerido(EDITAR_SUBANEXO)
@solo_post
def subanexos_editar(request, pk: int):
    sub_anexo = selectors.subanexo_registro(pk)
    if sub_anexo is None:
        return respuestas.no_encontrado("El sub-anexo no existe.")
    form = forms.SubAnexoForm(request.POST, instance=sub_anexo)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        sub_anexo = services.subanexo_actualizar(sub_anexo=sub_anexo, datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se guardaron los cambios del sub-anexo {sub_anexo}.")


def _subanexo_activo(request, *, activo: bool):
    return responder_cambio_activo(
        request,
        activo=activo,
        buscar=selectors.subanexo_registro,
        no_existe="El sub-anexo no existe.",
        cambiar=lambda sub: services.subanexo_cambiar_activo(sub_anexo=sub, activo=activo, usuario=request.user),
        nombre=lambda sub: f"el sub-anexo {sub}",
    )


@permiso_requerido(EDITAR_SUBANEXO)
@solo_post
def subanexos_eliminar(request):
    return _subanexo_activo(request, activo=False)


@permiso_requerido(EDITAR_SUBANEXO)
@solo_post
def subanexos_reactivar(request):
    return _subanexo_activo(request, activo=True)
