"""PTE screens and endpoints (reference §1.3 paths and JSON shapes, DESIGN §4 envelope on actions).

Every view: permission → method → form → access helper (selectors) → service → response.
"""

import copy

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.actividad import nombre_usuario
from core.datatables import Columna, responder_datatable
from core.exportar import ColumnaExcel, respuesta_xlsx
from core.formato import fecha_dmy
from core.selectors import resumen_pte
from operaciones.catalogos.constantes import TipoId
from operaciones.catalogos.models import TipoPaso

from . import forms, selectors, services
from .avance import avance_de
from .models import EstatusPTE

VER = "pte.view_pteheader"
CREAR = "pte.add_pteheader"
EDITAR = "pte.change_pteheader"
ELIMINAR = "pte.delete_pteheader"
EDITAR_PASOS = "pte.change_ptedetalle"
TIPOS_OT = [(TipoId.OT_INICIAL.value, "INICIAL"), (TipoId.OT_REPROGRAMACION.value, "REPROGRAMACIÓN")]

COLUMNAS_PTE = [
    Columna("oficio_pte", "Folio", busqueda=True, orden=True),
    Columna("descripcion_tipo", "Tipo", campo="id_tipo__descripcion", orden=True),
    Columna("descripcion_trabajo", "Descripción", busqueda=True, orden=True),
    Columna("oficio_solicitud", "Oficio de solicitud", busqueda=True, orden=True),
    Columna("responsable_nombre", "Responsable", campo="id_responsable_proyecto__descripcion", orden=True),
    Columna("fecha_solicitud", "Solicitud", orden=True),
    Columna("fecha_entrega", "Entrega", orden=True),
    Columna("estatus", "Estatus", orden=True),
    Columna("progreso", "Avance", campo="progreso_orden", orden=True),
    Columna("id", "Id", orden=True),
]
COLUMNAS_PASO = [
    Columna("orden", "Orden", campo="orden_numero", orden=True),
    Columna("desc_paso", "Paso", campo="id_paso__descripcion", busqueda=True, orden=True),
    Columna("estatus_pte", "Estatus", campo="estatus_paso_id", orden=True),
    Columna("fecha_inicio", "Inicio", orden=True),
    Columna("fecha_termino", "Término", orden=True),
    Columna("fecha_entrega", "Entrega", orden=True),
]


def _pte_o_404(pk: int):
    pte = selectors.pte_vigente(pk)
    if pte is None:
        raise Http404
    return pte


# --- List, export, header actions -------------------------------------------------------------------------------


@require_GET
@permiso_requerido(VER)
def inicio(request):
    usuario = request.user
    contexto = {
        "titulo": "PTE",
        "modulo_activo": "pte",
        "resumen": resumen_pte(),
        "form": forms.PTEForm(),
        "estatus": forms.ESTATUS_PTE_ELEGIBLES,
        "estatus_pasos": forms.ESTATUS_PASO_ELEGIBLES,
        "tipos": selectors.tipos_pte_activos(),
        "responsables": selectors.responsables_activos(),
        "clientes": selectors.clientes_activos(),
        "anios": selectors.anios_de_folios(),
        "tipos_ot": TIPOS_OT,
        "configuracion": {
            "columnas": [c.para_cliente() for c in COLUMNAS_PTE],
            "estatus_pte": forms.ESTATUS_PTE_ELEGIBLES,
            "estatus_pasos": forms.ESTATUS_PASO_ELEGIBLES,
            "colores_pte": selectors.COLOR_ESTATUS_PTE,
            "colores_paso": {
                k: v.replace("text-bg-", "bg-") + "-subtle" for k, v in selectors.COLOR_ESTATUS_PASO.items()
            },
            "entregada": EstatusPTE.ENTREGADA,
            "tipo_reprogramacion": TipoId.OT_REPROGRAMACION,
            "puede": {
                "crear": usuario.has_perm(CREAR),
                "editar": usuario.has_perm(EDITAR),
                "eliminar": usuario.has_perm(ELIMINAR),
                "pasos": usuario.has_perm(EDITAR_PASOS),
                "crear_ot": usuario.has_perm("ot.add_ote"),
            },
        },
    }
    return render(request, "pte/lista.html", contexto)


@require_GET
@permiso_requerido(VER)
def datatable(request):
    return responder_datatable(
        request,
        selectors.ptes_base_lista(),
        columnas=COLUMNAS_PTE,
        fila=selectors.fila_pte,
        filtros_form=forms.FiltrosPTE,
        orden_defecto=("-id",),
        anotar=selectors.anotar_lista_pte,
    )


COLUMNAS_EXCEL = [
    ColumnaExcel("Folio PTE", 22),
    ColumnaExcel("Tipo", 18),
    ColumnaExcel("Cliente", 18),
    ColumnaExcel("Oficio de solicitud", 26),
    ColumnaExcel("Descripción del trabajo", 60),
    ColumnaExcel("Responsable", 26),
    ColumnaExcel("Fecha de solicitud", 14, "fecha"),
    ColumnaExcel("Fecha de entrega", 14, "fecha"),
    ColumnaExcel("Plazo (días)", 10, "entero"),
    ColumnaExcel("Prioridad", 10),
    ColumnaExcel("Estatus", 14),
    ColumnaExcel("Avance (%)", 10, "entero"),
    ColumnaExcel("Pasos completados", 12, "entero"),
    ColumnaExcel("Total de pasos", 12, "entero"),
    ColumnaExcel("Total homologado", 18, "moneda"),
]


def _fila_excel(p) -> list:
    return [
        p.oficio_pte,
        p.id_tipo.descripcion,
        p.id_cliente.descripcion if p.id_cliente else "",
        p.oficio_solicitud,
        p.descripcion_trabajo,
        p.id_responsable_proyecto.descripcion,
        p.fecha_solicitud,
        p.fecha_entrega,
        p.plazo_dias,
        p.get_prioridad_display(),
        p.get_estatus_display(),
        avance_de(p),
        p.pasos_hechos,
        p.total_pasos,
        p.total_homologado,
    ]


@require_GET
@permiso_requerido(VER)
def exportar(request):
    filtros = forms.FiltrosPTE(request.GET)
    if not filtros.is_valid():
        return respuestas.formulario_invalido(filtros)
    ptes = filtros.filtrar(selectors.ptes_lista()).order_by("-id")
    return respuesta_xlsx("PTEs", "PTEs", COLUMNAS_EXCEL, (_fila_excel(p) for p in ptes.iterator(chunk_size=500)))


@permiso_requerido(CREAR)
@solo_post
def crear(request):
    form = forms.PTEForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        pte = services.pte_crear(usuario=request.user, datos=form.cleaned_data)
    except ValidationError as error:
        return respuestas.errores_validacion(error)
    return respuestas.creado(f"Se creó la PTE {pte.oficio_pte} con sus pasos.", pte.pk, registro_id=pte.pk)


@permiso_requerido(EDITAR)
@solo_post
def editar(request):
    ident = forms.IdForm(request.POST)
    if not ident.is_valid():
        return respuestas.formulario_invalido(ident)
    pte = selectors.pte_vigente(ident.cleaned_data["id"])
    if pte is None:
        return respuestas.no_encontrado()
    # The form works on a copy: the service compares the untouched instance with the new values.
    form = forms.PTEForm.parcial(request.POST, copy.copy(pte))
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        services.pte_actualizar(pte=pte, usuario=request.user, datos=form.cleaned_data)
    except ValidationError as error:
        return respuestas.errores_validacion(error)
    return respuestas.exito(f"Se guardaron los cambios de la PTE {pte.oficio_pte}.")


@permiso_requerido(VER)
@solo_get
def obtener_datos(request):
    form = forms.IdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["id"])
    if pte is None:
        return respuestas.no_encontrado()
    return respuestas.exito("", datos=selectors.datos_pte(pte))


@permiso_requerido(ELIMINAR)
@solo_post
def eliminar(request):
    form = forms.IdForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["id"])
    if pte is None:
        return respuestas.no_encontrado()
    try:
        services.pte_eliminar(pte=pte, usuario=request.user)
    except ValidationError as error:
        return respuestas.errores_validacion(error)
    return respuestas.exito(f"Se eliminó la PTE {pte.oficio_pte}.")


@permiso_requerido(EDITAR)
@solo_post
def cambiar_estatus_pte(request):
    form = forms.CambiarEstatusPTEForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    pte = selectors.pte_vigente(d["pte_id"])
    if pte is None:
        return respuestas.no_encontrado()
    try:
        services.pte_cambiar_estatus(
            pte=pte,
            usuario=request.user,
            nuevo_estatus=d["nuevo_estatus"],
            comentario=d["comentario"],
            fecha_entrega=d["fecha_entrega"],
        )
    except ValidationError as error:
        return respuestas.errores_validacion(error)
    fecha = fecha_dmy(pte.fecha_entrega)
    return respuestas.exito(
        f"La PTE {pte.oficio_pte} quedó {pte.get_estatus_display()}.",
        estatus=pte.estatus,
        estatus_texto=pte.get_estatus_display(),
        fecha_entrega=fecha,
    )


@require_GET
@permiso_requerido(VER)
def detalle(request, pte_id: int):
    pte = _pte_o_404(pte_id)
    avance = selectors.avance_pte(pte.pk)
    contexto = {
        "titulo": f"PTE {pte.oficio_pte}",
        "modulo_activo": "pte",
        "pte": pte,
        "color_estatus": selectors.COLOR_ESTATUS_PTE.get(pte.estatus, "text-bg-light"),
        "avance": avance,
        "pasos": selectors.pasos_anidados(pte),
        "actividad": [(r, nombre_usuario(r.usuario)) for r in selectors.actividad_de_pte(pte)],
        "ots": list(selectors.ots_de_pte(pte)),
    }
    return render(request, "pte/detalle.html", contexto)


# --- Steps -------------------------------------------------------------------------------------------------------


@permiso_requerido(VER)
@solo_get
def detalle_datatable(request):
    form = forms.PteHeaderIdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["pte_header_id"])
    if pte is None:
        return respuestas.no_encontrado()
    subpasos = selectors.avance_subpasos_por_padre(pte.pk)
    return responder_datatable(
        request,
        selectors.pasos_de_pte(pte.pk, tipo=TipoPaso.PRINCIPAL),
        columnas=COLUMNAS_PASO,
        fila=lambda d: selectors.fila_paso(d, pte, subpasos),
        orden_defecto=("orden_numero", "id_paso__orden", "id_paso_id"),
    )


@permiso_requerido(VER)
@solo_get
def datatable_subpasos(request):
    form = forms.PteHeaderIdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["pte_header_id"])
    if pte is None:
        return respuestas.no_encontrado()
    filas = [selectors.fila_paso(d, pte) for d in selectors.pasos_de_pte(pte.pk, tipo=TipoPaso.SUBPASO)]
    return JsonResponse({"data": filas})


def _respuesta_paso(resultado, mensaje: str, **extra):
    avance = resultado.avance
    return respuestas.exito(
        mensaje,
        progreso=avance.progreso,
        pasos_completados=avance.pasos_completados,
        total_pasos=avance.total_pasos,
        **extra,
    )


@permiso_requerido(EDITAR_PASOS)
@solo_post
def cambiar_estatus_paso(request):
    form = forms.CambiarEstatusPasoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    detalle_paso = selectors.paso_de_pte_vigente(d["paso_id"])
    if detalle_paso is None:
        return respuestas.no_encontrado()
    resultado = services.paso_cambiar_estatus(
        detalle=detalle_paso,
        usuario=request.user,
        nuevo_estatus=d["nuevo_estatus"],
        comentario=d["comentario"] if "comentario" in request.POST else None,
        fecha_entrega=d["fecha_entrega"],
    )
    return _respuesta_paso(
        resultado,
        f"El paso {detalle_paso.id_paso.orden} quedó {detalle_paso.estatus_paso.descripcion}.",
        paso_padre_actualizado=resultado.paso_padre_actualizado,
    )


@permiso_requerido(EDITAR_PASOS)
@solo_post
def actualizar_fecha(request):
    form = forms.ActualizarFechaForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    detalle_paso = selectors.paso_de_pte_vigente(d["id_paso"])
    if detalle_paso is None:
        return respuestas.no_encontrado()
    fecha = services.paso_actualizar_fecha(detalle=detalle_paso, usuario=request.user, tipo=d["tipo"], fecha=d["fecha"])
    texto = "Fecha guardada." if fecha else "Fecha borrada."
    return respuestas.exito(texto, fecha_actualizada=fecha.isoformat() if fecha else "")


@permiso_requerido(EDITAR_PASOS)
@solo_post
def guardar_archivo(request):
    form = forms.ArchivoPasoForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    detalle_paso = selectors.paso_de_pte_vigente(form.cleaned_data["paso_id"])
    if detalle_paso is None:
        return respuestas.no_encontrado()
    services.paso_guardar_archivo(detalle=detalle_paso, usuario=request.user, archivo=form.cleaned_data["archivo"])
    texto = "Se guardó el enlace de la evidencia." if detalle_paso.archivo else "Se quitó el enlace de la evidencia."
    return respuestas.exito(texto, archivo=detalle_paso.archivo)


@permiso_requerido(VER)
@solo_get
def progreso_general(request):
    form = forms.PteIdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["pte_id"])
    if pte is None:
        return respuestas.no_encontrado()
    avance = selectors.avance_pte(pte.pk)
    return respuestas.exito(
        "", progreso=avance.progreso, pasos_completados=avance.pasos_completados, total_pasos=avance.total_pasos
    )


@permiso_requerido(VER)
@solo_get
def progreso_subpasos(request):
    form = forms.PteIdForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    pte = selectors.pte_vigente(form.cleaned_data["pte_id"])
    if pte is None:
        return respuestas.no_encontrado()
    padre = selectors.detalle_padre_con_subpasos(pte.pk)
    if padre is None:
        return respuestas.exito(
            "Esta PTE no tiene sub-pasos.", progreso=0, subpasos_completados=0, total_subpasos=0, descripcion_paso=""
        )
    avance = selectors.avance_subpasos_por_padre(pte.pk)[padre.id_paso_id]
    return respuestas.exito(
        "",
        progreso=avance.progreso,
        subpasos_completados=avance.hechos,
        total_subpasos=avance.total,
        descripcion_paso=padre.id_paso.descripcion,
        paso_id=padre.pk,
        estatus_paso=padre.estatus_paso_id,
    )


@permiso_requerido(VER)
@solo_get
def obtener_responsables(request):
    return JsonResponse(selectors.responsables_activos(), safe=False)


@permiso_requerido(VER)
@solo_get
def obtener_clientes(request):
    return JsonResponse(selectors.clientes_activos(), safe=False)
