"""The concept catalogue: ordinary Anexo C lines and PUEs, their tables, export, picker search and actions.

Every view: permission → object lookup → form → service → JSON envelope (DESIGN §4). Deactivating needs the
change permission (nothing is ever deleted); converting a PUE creates a concept, so it needs add and change.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.datatables import BusquedaTablaForm, Columna, filtro_busqueda, responder_datatable
from core.exportar import ColumnaExcel, respuesta_xlsx
from core.formato import fecha_iso

from . import forms_conceptos as forms
from . import selectors_conceptos as selectors
from . import services_conceptos as services
from .models import EstatusPUE, UnidadMedida
from .selectors_conceptos import Vista
from .vistas_comunes import responder_cambio_activo

VER = "catalogos.view_conceptomaestro"
CREAR = "catalogos.add_conceptomaestro"
EDITAR = "catalogos.change_conceptomaestro"

_PRECIOS = [
    Columna("cantidad", "Cantidad", orden=True),
    Columna("precio_unitario_mn", "P.U. M.N.", orden=True),
    Columna("precio_unitario_usd", "P.U. USD", orden=True),
    Columna("importe_mn", "Importe M.N."),
    Columna("importe_usd", "Importe USD"),
]
# Searched by the table's search box but shown inside another column (the three heading levels in one cell, the
# creating PTE and OT together): the page leaves them out of its columns, so they go last.
OCULTAS = {"subcategoria", "clasificacion", "ot_creacion"}
COLUMNAS = {
    Vista.ORDINARIOS: [
        Columna("codigo", "Partida", campo="partida_ordinaria", busqueda=True, orden=True),
        Columna("sub_anexo", "Sub-anexo", campo="sub_anexo__clave_anexo", orden=True),
        Columna("descripcion", "Descripción", busqueda=True, orden=True),
        Columna("unidad", "Unidad", campo="unidad_medida__clave", orden=True),
        *_PRECIOS,
        Columna("encabezados", "ID PADRE / MADRE / HIJO", campo="categoria", busqueda=True, orden=True),
        Columna("origen_pue", "Origen", campo="partida_extraordinaria", busqueda=True, orden=True),
        Columna("subcategoria", "ID MADRE", busqueda=True),
        Columna("clasificacion", "ID HIJO", busqueda=True),
    ],
    Vista.PUES: [
        Columna("codigo", "Clave PUE", campo="partida_extraordinaria", busqueda=True, orden=True),
        Columna("descripcion", "Descripción", busqueda=True, orden=True),
        Columna("unidad", "Unidad", campo="unidad_medida__clave", orden=True),
        *_PRECIOS,
        Columna("creacion", "PTE / OT creación", campo="pte_creacion", busqueda=True, orden=True),
        Columna("fecha_autorizacion", "Fecha sanción", orden=True),
        Columna("estatus", "Estatus", orden=True),
        Columna("convertida_a", "Convertida a"),
        Columna("comentario", "Comentario", busqueda=True),
        Columna("ot_creacion", "OT creación", busqueda=True),
    ],
}
ORDEN_DEFECTO = {Vista.ORDINARIOS: ("sub_anexo_id", "pk"), Vista.PUES: ("partida_extraordinaria", "pk")}
# The catalogue holds a few thousand lines; a bigger export means the filters are missing, not a bigger file.
LIMITE_EXPORTACION = 20_000

URLS_PAGINA = (
    "conceptos_datatable",
    "conceptos_exportar",
    "conceptos_buscar",
    "conceptos_crear",
    "conceptos_crear_pue",
    "conceptos_eliminar",
    "conceptos_reactivar",
    "conceptos_cambiar_estatus",
    "conceptos_convertir",
)


def _concepto(pk):
    return selectors.concepto_registro(pk)


# --- Page, table, export, search ---------------------------------------------------------------------------------


@permiso_requerido(VER)
def conceptos(request):
    """Two tabs (ordinary lines, PUEs) over one filter bar; modals to create, edit, change status and convert."""
    user = request.user
    configuracion = {
        "urls": {
            **{nombre: reverse(f"catalogos:{nombre}") for nombre in URLS_PAGINA},
            "conceptos_obtener": reverse("catalogos:conceptos_obtener", args=[0]),
            "conceptos_editar": reverse("catalogos:conceptos_editar", args=[0]),
        },
        "puede": {"crear": user.has_perm(CREAR), "editar": user.has_perm(EDITAR)},
        "columnas": {
            vista: [c.para_cliente() for c in columnas if c.nombre not in OCULTAS]
            for vista, columnas in COLUMNAS.items()
        },
        "estatus": [{"valor": e.value, "texto": e.label} for e in EstatusPUE],
    }
    contexto = {
        "titulo": "Catálogo de conceptos / PUEs",
        "contratos": selectors.contratos_activos(),
        "subanexos": selectors.subanexos_activos(),
        "unidades": UnidadMedida.objects.filter(activo=True).order_by("clave"),
        "estatus_pue": EstatusPUE.choices,
        "form_ordinario": forms.ConceptoOrdinarioForm(auto_id="o-%s"),
        "form_pue": forms.PUEForm(auto_id="p-%s"),
        "configuracion": configuracion,
    }
    return render(request, "catalogos/conceptos.html", contexto)


@permiso_requerido(VER)
def conceptos_datatable(request):
    filtros = forms.FiltrosConceptos(request.GET if request.method != "POST" else request.POST)
    if not filtros.is_valid():
        return respuestas.formulario_invalido(filtros)
    vista = filtros.cleaned_data["vista"]
    return responder_datatable(
        request,
        selectors.conceptos_lista(vista),
        columnas=COLUMNAS[vista],
        fila=selectors.fila_concepto,
        filtros_form=forms.FiltrosConceptos,
        orden_defecto=ORDEN_DEFECTO[vista],
        anotar=selectors.anotar_conceptos if vista == Vista.PUES else None,
    )


COLUMNAS_EXCEL = [
    ColumnaExcel("Tipo", 12),
    ColumnaExcel("Contrato", 20),
    ColumnaExcel("Sub-anexo", 10),
    ColumnaExcel("Partida", 12),
    ColumnaExcel("Clave PUE", 14),
    ColumnaExcel("Código interno", 12),
    ColumnaExcel("Descripción", 70),
    ColumnaExcel("Unidad", 10),
    ColumnaExcel("Cantidad", 14, "decimal"),
    ColumnaExcel("P.U. M.N.", 16, "decimal"),
    ColumnaExcel("P.U. USD", 16, "decimal"),
    ColumnaExcel("Importe M.N.", 18, "moneda"),
    ColumnaExcel("Importe USD", 18, "moneda"),
    ColumnaExcel("ID PADRE", 25),
    ColumnaExcel("ID MADRE", 25),
    ColumnaExcel("ID HIJO", 25),
    ColumnaExcel("PTE creación", 20),
    ColumnaExcel("OT creación", 20),
    ColumnaExcel("Fecha sanción", 13, "fecha"),
    ColumnaExcel("Estatus", 16),
    ColumnaExcel("Convertida a / origen", 18),
    ColumnaExcel("Comentario", 30),
    ColumnaExcel("Activo", 8),
]


def _fila_excel(c) -> list:
    f = selectors.fila_concepto(c)
    es_pue = f["tipo"] == selectors.TIPO_PUE
    return [
        "PUE" if es_pue else "Ordinario",
        f["contrato"],
        f["sub_anexo"],
        c.partida_ordinaria,
        c.partida_extraordinaria,
        c.codigo_interno,
        c.descripcion,
        f["unidad"],
        c.cantidad,
        c.precio_unitario_mn,
        c.precio_unitario_usd,
        selectors.importe(c.cantidad, c.precio_unitario_mn),
        selectors.importe(c.cantidad, c.precio_unitario_usd),
        c.categoria,
        c.subcategoria,
        c.clasificacion,
        c.pte_creacion,
        c.ot_creacion,
        c.fecha_autorizacion,
        c.estatus,
        f["convertida_a"] if es_pue else (f"de PUE {f['origen_pue']}" if f["origen_pue"] else ""),
        c.comentario,
        c.activo,
    ]


@permiso_requerido(VER)
@solo_get
def conceptos_exportar(request):
    """The list the page is showing (tab, filters and search box) as Excel, in the table's order."""
    filtros = forms.FiltrosConceptos(request.GET)
    busqueda = BusquedaTablaForm(request.GET)
    if not filtros.is_valid():
        return respuestas.formulario_invalido(filtros)
    if not busqueda.is_valid():
        return respuestas.formulario_invalido(busqueda)
    vista = filtros.cleaned_data["vista"]
    conceptos = filtros.filtrar(selectors.conceptos_lista(vista))
    condicion = filtro_busqueda(busqueda.cleaned_data["texto"], COLUMNAS[vista])
    if condicion is not None:
        conceptos = conceptos.filter(condicion)
    if conceptos.count() > LIMITE_EXPORTACION:
        return respuestas.error(
            f"La exportación rebasa {LIMITE_EXPORTACION:,} conceptos: acote los filtros.", status=400
        )
    if vista == Vista.PUES:
        conceptos = selectors.anotar_conceptos(conceptos)
    filas = (_fila_excel(c) for c in conceptos.order_by(*ORDEN_DEFECTO[vista]).iterator(chunk_size=1000))
    nombre = "catalogo_pues" if vista == Vista.PUES else "catalogo_conceptos"
    return respuesta_xlsx(nombre, "PUEs" if vista == Vista.PUES else "Conceptos", COLUMNAS_EXCEL, filas)


@permiso_requerido(VER)
@solo_get
def conceptos_buscar(request):
    """The picker search: active concepts by code, PUE code or description, at most `limite` (≤ 50)."""
    form = forms.BuscarConceptosForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    encontrados = selectors.conceptos_buscar(
        texto=d["q"], contrato_id=d["contrato"], sub_anexo_id=d["sub_anexo"], limite=d["limite"]
    )
    return JsonResponse({"exito": True, "resultados": [selectors.resultado_busqueda(c) for c in encontrados]})


@permiso_requerido(VER)
def conceptos_obtener(request, pk: int):
    concepto = _concepto(pk)
    if concepto is None:
        return respuestas.no_encontrado("El concepto no existe.")
    registro = {
        **selectors.fila_concepto(concepto),
        "sub_anexo": concepto.sub_anexo_id,
        "unidad_medida": concepto.unidad_medida_id,
        "fecha_autorizacion": fecha_iso(concepto.fecha_autorizacion),
    }
    if selectors.es_pue(concepto):
        destino = selectors.concepto_conversion(concepto)
        registro["convertida_a"] = selectors.texto_conversion(destino) if destino is not None else ""
    return respuestas.exito("", registro=registro)


# --- Actions -----------------------------------------------------------------------------------------------------


@permiso_requerido(CREAR)
@solo_post
def conceptos_crear(request):
    form = forms.ConceptoOrdinarioForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        concepto = services.concepto_crear(datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.creado(f"Se creó el concepto {concepto.partida_ordinaria} en {concepto.sub_anexo}.", concepto.pk)


@permiso_requerido(CREAR)
@solo_post
def conceptos_crear_pue(request):
    form = forms.PUEForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        pue = services.pue_crear(datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.creado(f"Se creó la PUE {pue.partida_extraordinaria} (EN ELABORACION).", pue.pk)


@permiso_requerido(EDITAR)
@solo_post
def conceptos_editar(request, pk: int):
    concepto = _concepto(pk)
    if concepto is None:
        return respuestas.no_encontrado("El concepto no existe.")
    form = (forms.PUEForm if selectors.es_pue(concepto) else forms.ConceptoOrdinarioForm)(
        request.POST, instance=concepto
    )
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        concepto = services.concepto_actualizar(concepto=concepto, datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se guardaron los cambios del concepto {selectors.codigo_concepto(concepto)}.")


def _cambiar_activo(request, *, activar: bool):
    servicio = services.concepto_reactivar if activar else services.concepto_desactivar
    return responder_cambio_activo(
        request,
        activo=activar,
        buscar=_concepto,
        no_existe="El concepto no existe.",
        cambiar=lambda concepto: servicio(concepto=concepto, usuario=request.user),
        nombre=lambda concepto: f"el concepto {selectors.codigo_concepto(concepto)}",
    )


@permiso_requerido(EDITAR)
@solo_post
def conceptos_eliminar(request):
    return _cambiar_activo(request, activar=False)


@permiso_requerido(EDITAR)
@solo_post
def conceptos_reactivar(request):
    return _cambiar_activo(request, activar=True)


@permiso_requerido(EDITAR)
@solo_post
def conceptos_cambiar_estatus(request):
    form = forms.CambiarEstatusPUEForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    pue = _concepto(d["id"])
    if pue is None:
        return respuestas.no_encontrado("La PUE no existe.")
    try:
        pue = services.pue_cambiar_estatus(
            pue=pue, estatus=d["estatus"], fecha_autorizacion=d["fecha_autorizacion"], usuario=request.user
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"La PUE {pue.partida_extraordinaria} quedó {pue.estatus}.", estatus=pue.estatus)


@permiso_requerido(CREAR, EDITAR)
@solo_post
def conceptos_convertir(request):
    form = forms.ConvertirPUEForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    pue = _concepto(d["id"])
    if pue is None:
        return respuestas.no_encontrado("La PUE no existe.")
    try:
        nuevo = services.concepto_convertir_pue(
            pue=pue,
            contrato=d["contrato"],
            sub_anexo_clave=d["sub_anexo_clave"],
            partida=d["partida"],
            precio_unitario_mn=d["precio_unitario_mn"],
            precio_unitario_usd=d["precio_unitario_usd"],
            usuario=request.user,
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    texto = selectors.texto_conversion(nuevo)
    return respuestas.creado(f"La PUE {pue.partida_extraordinaria} quedó convertida a {texto}.", nuevo.pk)
