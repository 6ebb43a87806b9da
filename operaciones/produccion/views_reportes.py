"""Tab "Reportes diarios" of the production screen: daily-report grid, monthly folder and guard rotation (§3.3).

Reading needs produccion.view_produccion (the original served the site list to anonymous callers); each write needs
the permission of the model it changes. POST bodies are JSON (a form-encoded body is read too) and go through a form.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post

from . import forms, forms_reportes, guardias, reportes_diarios
from .models import Superintendente
from .vistas_comunes import con_ot, con_sitio, leer_post, validar

VER = "produccion.view_produccion"
SUPER_NO_EXISTE = "El superintendente no existe."


def _mes_sitio(request):
    """(form data, site, refusal) of a GET on a site's month."""
    return con_sitio(validar(forms.MesSitioForm(request.GET)))


@permiso_requerido(VER)
@solo_get
def sitios_con_ots_ejecutadas(request):
    """Sites where a live initial OT works (any of its site columns, yards included)."""
    return JsonResponse({"exito": True, "sitios": reportes_diarios.sitios_con_ots_ejecutadas()})


@permiso_requerido(VER)
@solo_get
def ots_por_sitio_grid(request):
    """The daily-report grid of a site's month and the guard turns drawn over it."""
    datos, sitio, rechazo = _mes_sitio(request)
    if rechazo is not None:
        return rechazo
    grid = reportes_diarios.grid_reportes_diarios(sitio=sitio, mes=datos["mes"], anio=datos["anio"])
    turnos = guardias.guardias_mes(sitio=sitio, mes=datos["mes"], anio=datos["anio"])
    return JsonResponse({"exito": True, **grid, "guardias": turnos})


@permiso_requerido("produccion.change_reportediario")
@solo_post
def guardar_reportes_diarios_masiva(request):
    """Save the whole grid of a site's month in one transaction (blank cells delete their report)."""
    d, sitio, rechazo = con_sitio(leer_post(request, forms_reportes.GuardarReportesForm))
    if rechazo is not None:
        return rechazo
    try:
        r = reportes_diarios.reportes_diarios_guardar(
            sitio=sitio, mes=d["mes"], anio=d["anio"], reportes=d["reportes"], usuario=request.user
        )
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    detalles = (
        f"Se guardaron {r.cambios} cambios (nuevos {r.creados}, modificados {r.actualizados}, "
        f"eliminados {r.eliminados})."
        if r.cambios
        else "Sin cambios: los reportes diarios ya estaban así."
    )
    conteos = {"creados": r.creados, "actualizados": r.actualizados, "eliminados": r.eliminados}
    return respuestas.exito(detalles, sin_cambios=r.sin_cambios, **conteos)


@permiso_requerido("produccion.change_reportemensual")
@solo_post
def guardar_archivo_mensual(request):
    """Link an OT's monthly evidence folder (creates the monthly report when missing)."""
    d, ot, rechazo = con_ot(request, leer_post(request, forms_reportes.ArchivoMensualForm))
    if rechazo is not None:
        return rechazo
    try:
        reporte, cambiado = reportes_diarios.reporte_mensual_archivo_guardar(
            ot=ot, mes=d["mes"], anio=d["anio"], archivo=d["archivo"], usuario=request.user
        )
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    detalles = "Carpeta mensual guardada." if cambiado else "Sin cambios: la carpeta ya tenía ese enlace."
    return respuestas.exito(detalles, archivo=reporte.archivo, id_reporte_mensual=reporte.pk)


@permiso_requerido(VER)
@solo_get
def obtener_supers_por_sitio(request):
    """Active superintendents of a site and its current rotation (to fill the "Guardias" dialog)."""
    _, sitio, rechazo = con_sitio(validar(forms_reportes.SitioForm(request.GET)))
    if rechazo is not None:
        return rechazo
    supers = [guardias.super_como_dict(s) for s in guardias.supers_de_sitio(sitio)]
    return JsonResponse(
        {"exito": True, "supers": supers, "ciclo": guardias.ciclo_como_dict(guardias.ciclo_de_sitio(sitio))}
    )


@permiso_requerido(VER)
@solo_get
def obtener_guardias_mes(request):
    """Guard turns of a site's month as contiguous blocks; none when the site has no rotation."""
    datos, sitio, rechazo = _mes_sitio(request)
    if rechazo is not None:
        return rechazo
    return JsonResponse(
        {"exito": True, "guardias": guardias.guardias_mes(sitio=sitio, mes=datos["mes"], anio=datos["anio"])}
    )


@permiso_requerido("produccion.change_cicloguardia")
@solo_post
def configurar_ciclo_guardia(request):
    """Create or replace a site's rotation (two distinct active superintendents of the site)."""
    d, sitio, rechazo = con_sitio(leer_post(request, forms_reportes.CicloGuardiaForm))
    if rechazo is not None:
        return rechazo
    supers = Superintendente.objects.in_bulk([d["id_super_a"], d["id_super_b"]])
    faltan = {c: [SUPER_NO_EXISTE] for c in ("id_super_a", "id_super_b") if d[c] not in supers}
    if faltan:
        return respuestas.error(SUPER_NO_EXISTE, errores=faltan)
    try:
        guardias.ciclo_guardia_configurar(
            sitio=sitio,
            super_a=supers[d["id_super_a"]],
            super_b=supers[d["id_super_b"]],
            fecha_inicio_a=d["fecha_inicio_a"],
            dias_por_turno=d["dias_por_turno"],
            usuario=request.user,
        )
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito(f"Guardia de {sitio} configurada.")


def _super_y_form(request, pk):
    """(superintendent, valid form data, site, refusal) of an edit."""
    superintendente = Superintendente.objects.filter(pk=pk).first()
    if superintendente is None:
        return None, None, None, respuestas.no_encontrado(SUPER_NO_EXISTE)
    return (superintendente, *_form_super(request))


def _form_super(request):
    return con_sitio(leer_post(request, forms_reportes.SuperintendenteForm))


@permiso_requerido("produccion.add_superintendente")
@solo_post
def superintendente_crear(request):
    """Register a superintendent for a site (name, band colour)."""
    d, sitio, rechazo = _form_super(request)
    if rechazo is not None:
        return rechazo
    nuevo = guardias.superintendente_crear(nombre=d["nombre"], sitio=sitio, color=d["color"], usuario=request.user)
    return respuestas.creado(
        f"Superintendente «{nuevo.nombre}» registrado.", nuevo.pk, superintendente=guardias.super_como_dict(nuevo)
    )


@permiso_requerido("produccion.change_superintendente")
@solo_post
def superintendente_editar(request, pk: int):
    """Rename, recolour or move a superintendent (one in a rotation stays at that site)."""
    superintendente, d, sitio, rechazo = _super_y_form(request, pk)
    if rechazo is not None:
        return rechazo
    try:
        guardias.superintendente_editar(
            superintendente=superintendente, nombre=d["nombre"], sitio=sitio, color=d["color"], usuario=request.user
        )
    except ValidationError as rechazo_regla:
        return respuestas.errores_validacion(rechazo_regla)
    return respuestas.exito("Superintendente actualizado.", superintendente=guardias.super_como_dict(superintendente))


@permiso_requerido("produccion.change_superintendente")
@solo_post
def superintendente_desactivar(request, pk: int):
    """Deactivate a superintendent no rotation uses."""
    superintendente = Superintendente.objects.filter(pk=pk).first()
    if superintendente is None:
        return respuestas.no_encontrado(SUPER_NO_EXISTE)
    try:
        guardias.superintendente_desactivar(superintendente=superintendente, usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.exito(f"Superintendente «{superintendente.nombre}» dado de baja.")
