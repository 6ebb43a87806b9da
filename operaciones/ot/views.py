"""OT screens and endpoints (reference §1.3 "OT"): the list page, its data, the OT and step actions, PTE → OT.

Every view: permission → object lookup → form → service → JSON envelope (DESIGN §4). Reads answer the
original's shapes; actions answer the envelope, 400 with `errores` on invalid input.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_post
from core.datatables import BusquedaTablaForm, Columna, filtro_busqueda, responder_datatable
from core.exportar import ColumnaExcel, respuesta_xlsx
from core.formato import fecha_dmy
from core.selectors import hoy_mexico, resumen_ot
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, NivelFrente, TipoId
from operaciones.catalogos.models import Cliente, Frente, ResponsableProyecto

from . import forms, selectors, services

VER = "ot.view_ote"
CREAR = "ot.add_ote"
EDITAR = "ot.change_ote"
ELIMINAR = "ot.delete_ote"
EDITAR_PASOS = "ot.change_otdetalle"

COLUMNAS_OT = [
    Columna("id", "Id", orden=True),
    Columna("orden_trabajo", "Folio OT", busqueda=True, orden=True),
    Columna("oficio_ot", "Oficio", busqueda=True, orden=True),
    Columna("descripcion_trabajo", "Descripción", busqueda=True, orden=True),
    Columna("pte_padre", "PTE", campo="id_pte_header__oficio_pte", busqueda=True, orden=True),
    Columna("responsable_proyecto", "Responsable", campo="id_responsable_proyecto__descripcion", orden=True),
    Columna("cliente", "Cliente", campo="id_cliente__descripcion", orden=True),
    Columna("estatus_ot_texto", "Estatus", campo="id_estatus_ot__descripcion", orden=True),
    Columna("fecha_inicio_programado", "Inicio", orden=True),
    Columna("fecha_termino_programado", "Término", orden=True),
    Columna("num_reprogramacion", "Reprog.", orden=True),
]
COLUMNAS_PASOS = [
    Columna("orden", "Orden", campo="id_paso__orden"),
    Columna("desc_paso", "Paso", campo="id_paso__descripcion", busqueda=True),
]


def _ot_o_404(request, pk):
    return selectors.ot_para_usuario(request.user, pk)


# --- Page and list data ---------------------------------------------------------------------------------------


URLS_PAGINA = (
    "datatable",
    "exportar",
    "obtener_datos",
    "obtener_ot_iniciales",
    "obtener_sitios_frente",
    "crear_ot",
    "editar",
    "eliminar",
    "cambiar_estatus_ot",
    "detalle_datatable",
    "cambiar_estatus_paso",
    "actualizar_fecha",
    "guardar_archivo_ot",
    "obtener_progreso_general_ot",
)


def _configuracion_pagina(user, estatus_paso) -> dict:
    """What ot.js needs: the endpoints, the user's permissions, step statuses and the front ids."""
    return {
        "urls": {nombre: reverse(f"ot:{nombre}") for nombre in URLS_PAGINA},
        "puede": {
            "crear": user.has_perm(CREAR),
            "editar": user.has_perm(EDITAR),
            "eliminar": user.has_perm(ELIMINAR),
            "editar_pasos": user.has_perm(EDITAR_PASOS),
        },
        "estatus_paso": [{"id": e.pk, "descripcion": e.descripcion} for e in estatus_paso],
        "frentes": {"tierra": FrenteId.TIERRA, "barco": FrenteId.BARCO, "cp_ps": FrenteId.CP_PS},
        "estatus_por_definir": EstatusRegistro.POR_DEFINIR,
        "tipo_reprogramacion": TipoId.OT_REPROGRAMACION,
    }


@permiso_requerido(VER)
def inicio(request):
    """The OT list page: summary cards, filters, the table with its child rows and the modals."""
    hoy = hoy_mexico()
    contexto = {
        "titulo": "Órdenes de trabajo",
        "modulo_activo": "ot",
        "resumen": resumen_ot(),
        "sitios": selectors.sitios_activos(),
        "responsables": ResponsableProyecto.objects.filter(activo=True).order_by("descripcion"),
        "clientes": Cliente.objects.filter(activo=True).order_by("descripcion"),
        "frentes": Frente.objects.filter(activo=True, nivel_afectacion=NivelFrente.OTS).order_by("id"),
        "estatus_ot": selectors.estatus_de_ot(),
        "estatus_asignada": EstatusId.ASIGNADA,
        "anios": range(hoy.year + 1, hoy.year - 6, -1),
        "puede": {"crear": request.user.has_perm(CREAR)},
        "configuracion": _configuracion_pagina(request.user, selectors.estatus_de_paso()),
    }
    return render(request, "ot/lista.html", contexto)


@permiso_requerido(VER)
def datatable(request):
    hoy = hoy_mexico()
    return responder_datatable(
        request,
        selectors.ots_base_lista(),
        columnas=COLUMNAS_OT,
        fila=lambda ot: selectors.fila_ot(ot, hoy),
        filtros_form=forms.FiltrosOT,
        orden_defecto=("-id",),
        anotar=selectors.anotar_lista_ot,
    )


COLUMNAS_EXCEL = [
    ColumnaExcel("Folio OT", 28),
    ColumnaExcel("Tipo", 16),
    ColumnaExcel("Reprogramación", 10, "entero"),
    ColumnaExcel("Oficio", 30),
    ColumnaExcel("PTE", 22),
    ColumnaExcel("Descripción", 60),
    ColumnaExcel("Responsable", 25),
    ColumnaExcel("Cliente", 20),
    ColumnaExcel("Estatus", 16),
    ColumnaExcel("Frente", 12),
    ColumnaExcel("Embarcación", 20),
    ColumnaExcel("Plataforma", 16),
    ColumnaExcel("Patio", 20),
    ColumnaExcel("Inicio programado", 13, "fecha"),
    ColumnaExcel("Término programado", 13, "fecha"),
    ColumnaExcel("Inicio real", 13, "fecha"),
    ColumnaExcel("Término real", 13, "fecha"),
    ColumnaExcel("Monto MXN", 18, "moneda"),
    ColumnaExcel("Monto USD", 18, "moneda"),
    ColumnaExcel("Avance pasos %", 10, "entero"),
    ColumnaExcel("Avance final %", 10, "entero"),
    ColumnaExcel("Por definir", 10),
]


def _fila_excel(ot, hoy) -> list:
    avance = selectors.avance_ot(ot, hoy)
    texto = selectors.texto
    return [
        ot.orden_trabajo,
        texto(ot.id_tipo),
        ot.num_reprogramacion,
        ot.oficio_ot,
        texto(ot.id_pte_header),
        ot.descripcion_trabajo,
        texto(ot.id_responsable_proyecto),
        texto(ot.id_cliente),
        texto(ot.id_estatus_ot),
        texto(ot.id_frente),
        texto(ot.id_embarcacion),
        texto(ot.id_plataforma),
        texto(ot.id_patio),
        ot.fecha_inicio_programado,
        ot.fecha_termino_programado,
        ot.fecha_inicio_real,
        ot.fecha_termino_real,
        ot.monto_mxn,
        ot.monto_usd,
        avance["progreso_pasos"],
        avance["progreso_final"],
        ot.estatus == EstatusRegistro.POR_DEFINIR,
    ]


@permiso_requerido(VER)
def exportar(request):
    """The OT list as Excel with the filters and search the page is showing."""
    filtros = forms.FiltrosOT(request.GET)
    busqueda = BusquedaTablaForm(request.GET)
    if not filtros.is_valid():
        return respuestas.formulario_invalido(filtros)
    if not busqueda.is_valid():
        return respuestas.formulario_invalido(busqueda)
    ots = filtros.filtrar(selectors.ots_lista())
    condicion = filtro_busqueda(busqueda.cleaned_data["texto"], COLUMNAS_OT)
    if condicion is not None:
        ots = ots.filter(condicion)
    hoy = hoy_mexico()
    filas = (_fila_excel(ot, hoy) for ot in ots.order_by("-id").iterator(chunk_size=500))
    return respuesta_xlsx("ordenes_de_trabajo", "OTs", COLUMNAS_EXCEL, filas)


# --- Reads ----------------------------------------------------------------------------------------------------


@permiso_requerido(VER)
def obtener_datos(request):
    form = forms.IdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ot = _ot_o_404(request, form.cleaned_data["id"])
    if ot is None:
        return respuestas.no_encontrado("La OT no existe o fue eliminada.")
    return JsonResponse({"exito": True, "datos": selectors.datos_ot(ot)})


@permiso_requerido(VER)
def obtener_ot_iniciales(request):
    ots = selectors.ots_iniciales().values("id", "orden_trabajo", "descripcion_trabajo", "oficio_ot")
    return JsonResponse(list(ots), safe=False)


@permiso_requerido(VER)
def obtener_sitios_frente(request):
    form = forms.FrenteSitiosForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    sitios = selectors.sitios_activos(form.cleaned_data["frente_id"]).values("id", "descripcion")
    return JsonResponse(list(sitios), safe=False)


@permiso_requerido(VER)
def obtener_sitios(request):
    return JsonResponse(list(selectors.sitios_activos().values("id", "descripcion")), safe=False)


@permiso_requerido(VER)
def obtener_progreso_general_ot(request):
    form = forms.OtIdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ot = selectors.ot_con_avance(form.cleaned_data["ot_id"])
    if ot is None:
        return respuestas.no_encontrado("La OT no existe o fue eliminada.")
    a = selectors.avance_ot(ot, hoy_mexico())
    claves = ("progreso_pasos", "pasos_completados", "total_pasos", "dias_transcurridos", "plazo_total")
    claves += ("dias_transcurridos_real", "plazo_total_real", "progreso_tiempo", "dias_restantes")
    return JsonResponse({"exito": True, "ot_id": ot.pk, "progreso": a["progreso_final"], **{k: a[k] for k in claves}})


# --- OT actions -----------------------------------------------------------------------------------------------


@permiso_requerido(CREAR)
@solo_post
def crear_ot(request):
    form = forms.CrearOTForm(request.POST)
    if not form.is_valid():
        if form.falta_principal():
            errores = {campo: [str(m) for m in ms] for campo, ms in form.errors.items()}
            return respuestas.error(forms.MSG_PRINCIPAL_OBLIGATORIA, tipo_aviso="advertencia", errores=errores)
        return respuestas.formulario_invalido(form)
    try:
        ot = services.ot_crear(datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    nombre = f"la reprogramación {ot.num_reprogramacion} de la OT" if ot.es_reprogramacion else "la OT"
    return respuestas.creado(f"Se creó {nombre} «{ot}».", ot.pk)


@permiso_requerido(EDITAR)
@solo_post
def editar(request):
    ot = _ot_o_404(request, request.POST.get("id"))
    if ot is None:
        return respuestas.no_encontrado("La OT no existe o fue eliminada.")
    form = forms.EditarOTForm(request.POST, ot=ot)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        ot = services.ot_actualizar(ot=ot, datos=form.cleaned_data, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se guardaron los cambios de la OT «{ot}».")


@permiso_requerido(ELIMINAR)
@solo_post
def eliminar(request):
    form = forms.IdForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ot = _ot_o_404(request, form.cleaned_data["id"])
    if ot is None:
        return respuestas.no_encontrado("La OT no existe o ya fue eliminada.")
    try:
        services.ot_eliminar(ot=ot, usuario=request.user)
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(f"Se eliminó la OT «{ot}».")


@permiso_requerido(EDITAR)
@solo_post
def cambiar_estatus_ot(request):
    form = forms.CambiarEstatusOTForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    ot = _ot_o_404(request, form.cleaned_data["ot_id"])
    if ot is None:
        return respuestas.no_encontrado("La OT no existe o fue eliminada.")
    d = form.cleaned_data
    try:
        ot = services.ot_cambiar_estatus(
            ot=ot, estatus=d["nuevo_estatus_id"], comentario=d["comentario"], fecha=d["fecha"], usuario=request.user
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    termino = fecha_dmy(ot.fecha_termino_real)
    return respuestas.exito(
        f"La OT «{ot}» quedó en estatus {ot.id_estatus_ot}.",
        estatus_ot_id=ot.id_estatus_ot_id,
        estatus_ot_texto=str(ot.id_estatus_ot),
        fecha_termino_real=termino,
    )


@permiso_requerido(CREAR)
@solo_post
def crear_desde_pte(request):
    form = forms.CrearOTDesdePTEForm(request.POST)
    if not form.is_valid():
        if form.falta_principal():
            return respuestas.error(forms.MSG_PRINCIPAL_OBLIGATORIA, tipo_aviso="advertencia")
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    try:
        ot = services.ot_crear_desde_pte(
            pte=d["pte_id"],
            folio=d["oficio"],
            tipo_id=d["tipo_ot"],
            principal=d["ot_principal"],
            num_reprogramacion=d["num_reprogramacion"],
            usuario=request.user,
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    detalles = f"Se creó la OT «{ot}» desde la PTE «{d['pte_id']}»; queda por definir hasta que se edite."
    return respuestas.creado(detalles, ot.pk)


# --- Steps ----------------------------------------------------------------------------------------------------


@permiso_requerido(VER)
def detalle_datatable(request):
    return responder_datatable(
        request,
        selectors.pasos_vigentes(),
        columnas=COLUMNAS_PASOS,
        fila=selectors.fila_paso,
        filtros_form=forms.FiltrosPasos,
        orden_defecto=("id_paso_id",),
    )


def _paso(request, pk):
    return selectors.paso_ot_para_usuario(request.user, pk)


def _avance_tras_paso(paso) -> dict:
    ot = selectors.ot_con_avance(paso.id_ot_id)
    a = selectors.avance_ot(ot, hoy_mexico())
    return {
        "progreso": a["progreso_pasos"],
        "progreso_final": a["progreso_final"],
        "pasos_completados": a["pasos_completados"],
        "total_pasos": a["total_pasos"],
    }


@permiso_requerido(EDITAR_PASOS)
@solo_post
def cambiar_estatus_paso(request):
    form = forms.CambiarEstatusPasoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    paso = _paso(request, form.cleaned_data["paso_id"])
    if paso is None:
        return respuestas.no_encontrado("El paso no existe.")
    d = form.cleaned_data
    try:
        paso = services.paso_ot_cambiar_estatus(
            paso=paso,
            estatus=d["nuevo_estatus"],
            comentario=d["comentario"] if "comentario" in request.POST else None,
            fecha_entrega=d["fecha_entrega"],
            usuario=request.user,
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    return respuestas.exito(
        f"El paso «{paso.id_paso.descripcion}» quedó en {paso.estatus_paso}.",
        fecha_entrega=fecha_dmy(paso.fecha_entrega),
        **_avance_tras_paso(paso),
    )


@permiso_requerido(EDITAR_PASOS)
@solo_post
def actualizar_fecha(request):
    form = forms.ActualizarFechaPasoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    paso = _paso(request, form.cleaned_data["id_paso"])
    if paso is None:
        return respuestas.no_encontrado("El paso no existe.")
    campo = form.campo
    try:
        paso = services.paso_ot_actualizar_fecha(
            paso=paso, campo=campo, fecha=form.cleaned_data["fecha"], usuario=request.user
        )
    except ValidationError as e:
        return respuestas.errores_validacion(e)
    fecha = fecha_dmy(getattr(paso, campo))
    return respuestas.exito("Fecha actualizada." if fecha else "Fecha borrada.", fecha_actualizada=fecha)


@permiso_requerido(EDITAR_PASOS)
@solo_post
def guardar_archivo_ot(request):
    form = forms.ArchivoPasoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    paso = _paso(request, form.cleaned_data["paso_id"])
    if paso is None:
        return respuestas.no_encontrado("El paso no existe.")
    paso = services.paso_ot_guardar_archivo(paso=paso, archivo=form.cleaned_data["archivo"], usuario=request.user)
    detalles = "Se guardó el enlace de evidencia." if paso.archivo else "Se quitó el enlace de evidencia."
    return respuestas.exito(detalles, archivo=paso.archivo)
