"""Catalogue screens. One set of views serves every catalogue of the registry (definiciones.CATALOGOS).

Each URL passes the catalogue's `clave`; `_catalogo` resolves it, checks the model permission of the action
and, for writes, that the request is a POST (CSRF is enforced by the middleware).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render

from core import respuestas
from core.acceso import quiere_json
from core.datatables import responder_datatable

from . import selectors, services
from .definiciones import CATALOGOS, DefinicionCatalogo, catalogos_visibles
from .forms import RegistroIdForm


def _catalogo(accion: str, *, post: bool = False):
    """Resolve `clave` → definition, require `<app>.<accion>_<model>` and, for writes, POST."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, clave: str, *args, **kwargs):
            definicion = CATALOGOS.get(clave)
            if definicion is None:
                raise Http404
            if not request.user.has_perm(definicion.permiso(accion)):
                if quiere_json(request):
                    return respuestas.prohibido()
                raise PermissionDenied
            if post and request.method != "POST":
                return respuestas.metodo_no_permitido()
            return vista(request, definicion, *args, **kwargs)

        return envoltura

    return decorador


def _registro(d: DefinicionCatalogo, pk):
    return selectors.catalogo_registro(d.modelo, pk, d.relacionados)


def inicio(request):
    visibles = catalogos_visibles(request.user)
    if not visibles:
        raise PermissionDenied
    return render(request, "catalogos/inicio.html", {"catalogos": visibles})


@_catalogo("view")
def lista(request, d: DefinicionCatalogo):
    form = d.form()
    filtros = [(nombre, form.fields[nombre]) for nombre in d.filtros.por_campo]
    contexto = {
        "catalogo": d,
        "form": form,
        "filtros": [(nombre, campo.label, list(campo.choices)) for nombre, campo in filtros],
        "configuracion": {
            "clave": d.clave,
            "titulo_singular": d.titulo_singular,
            "columnas": [c.para_cliente() for c in d.columnas],
            "campos": list(d.campos),
            "puede": {accion: request.user.has_perm(d.permiso(accion)) for accion in ("add", "change", "delete")},
        },
    }
    return render(request, "catalogos/catalogo.html", contexto)


@_catalogo("view")
def datatable(request, d: DefinicionCatalogo):
    return responder_datatable(
        request,
        selectors.catalogo_lista(d.modelo, d.relacionados),
        columnas=d.columnas,
        fila=d.fila,
        filtros_form=d.filtros,
        orden_defecto=d.orden_defecto,
    )


@_catalogo("view")
def obtener(request, d: DefinicionCatalogo, pk: int):
    instancia = _registro(d, pk)
    if instancia is None:
        return respuestas.no_encontrado()
    form = d.form(instance=instancia)
    valores = {campo: form[campo].value() for campo in d.campos}
    return respuestas.exito("", registro={"id": instancia.pk, "activo": instancia.activo, **valores})


@_catalogo("add", post=True)
def crear(request, d: DefinicionCatalogo):
    form = d.form(request.POST)
    if not form.is_valid():
        return respuestas.errores_formulario(form)
    try:
        nuevo = services.catalogo_crear(
            modelo=d.modelo, entidad=d.entidad, datos=form.cleaned_data, campos=d.campos, usuario=request.user
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.creado(f"Se creó «{nuevo}».", nuevo.pk)


@_catalogo("change", post=True)
def editar(request, d: DefinicionCatalogo, pk: int):
    instancia = _registro(d, pk)
    if instancia is None:
        return respuestas.no_encontrado()
    form = d.form(request.POST, instance=instancia)
    if not form.is_valid():
        return respuestas.errores_formulario(form)
    try:
        services.catalogo_actualizar(
            instancia=instancia, entidad=d.entidad, datos=form.cleaned_data, campos=d.campos, usuario=request.user
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se guardaron los cambios de «{instancia}».")


def _cambiar_estado(request, d: DefinicionCatalogo, *, activar: bool):
    form = RegistroIdForm(request.POST)
    if not form.is_valid():
        return respuestas.errores_formulario(form)
    instancia = _registro(d, form.cleaned_data["id"])
    if instancia is None:
        return respuestas.no_encontrado()
    try:
        if activar:
            services.catalogo_reactivar(
                instancia=instancia,
                entidad=d.entidad,
                usuario=request.user,
                campos_unicos=d.form.campos_unicos,
                alcance=d.form.alcance,
            )
        else:
            services.catalogo_desactivar(instancia=instancia, entidad=d.entidad, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se {'reactivó' if activar else 'desactivó'} «{instancia}».")


@_catalogo("delete", post=True)
def eliminar(request, d: DefinicionCatalogo):
    return _cambiar_estado(request, d, activar=False)


@_catalogo("delete", post=True)
def reactivar(request, d: DefinicionCatalogo):
    return _cambiar_estado(request, d, activar=True)
