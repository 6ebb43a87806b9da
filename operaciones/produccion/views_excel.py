"""Excel of the month production sheet (issue 5, item 6): download it, and upload it back in the same layout.

Export needs the module's read permission; import needs the capture permissions (the same as saving the sheet
on screen, because it saves through the same service). The import answers the JSON envelope with its report:
counts of cells created / updated / deleted / unchanged and every problem with its Excel row and column letter
(`errores: [{fila, columna, mensaje}]`, 400 when there is one; nothing is written then). A malformed request
(missing file or parameters) answers the usual form errors `{campo: [mensajes]}`.
"""

from django import forms
from django.http import HttpResponse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post
from core.exportar import TIPO_XLSX
from core.importacion import Problema, validar_libro_xlsx

from .excel import hoja_exportar
from .excel_importar import hoja_importar
from .forms import ParametrosHojaForm
from .vistas_comunes import con_ot_y_sitio, validar

VER = "produccion.view_produccion"
CAPTURAR = ("produccion.add_produccion", "produccion.change_produccion")
TAMANO_MAXIMO = 10 * 1024 * 1024


class ImportarHojaForm(ParametrosHojaForm):
    """The sheet's coordinates plus the workbook and the dry-run switch."""

    archivo = forms.FileField(error_messages={"required": "Seleccione el libro de Excel de la hoja (.xlsx)."})
    dry_run = forms.BooleanField(required=False)

    def clean_archivo(self):
        return validar_libro_xlsx(self.cleaned_data["archivo"], tamano_maximo=TAMANO_MAXIMO)


@permiso_requerido(VER)
@solo_get
def exportar_hoja(request):
    """The month sheet as the screen shows it, as an .xlsx download."""
    d, ot, sitio, rechazo = con_ot_y_sitio(request, validar(ParametrosHojaForm(request.GET)))
    if rechazo is not None:
        return rechazo
    nombre, contenido = hoja_exportar(
        ot=ot, sitio=sitio, mes=d["mes"], anio=d["anio"], tipo_tiempo=d["tipo_tiempo"], usuario=request.user
    )
    respuesta = HttpResponse(contenido, content_type=TIPO_XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta


def _detalles(reporte: dict, simulacro: bool) -> str:
    cambios = reporte["creadas"] + reporte["actualizadas"] + reporte["eliminadas"]
    cuentas = (
        f"{reporte['creadas']} nuevas, {reporte['actualizadas']} modificadas, {reporte['eliminadas']} eliminadas, "
        f"{reporte['sin_cambios']} sin cambios"
    )
    if simulacro:
        return f"Simulacro: la importación haría {cambios} cambios ({cuentas}); no se escribió nada."
    if not cambios:
        return "Sin cambios: la hoja ya estaba guardada así."
    return f"Hoja importada: {cambios} cambios ({cuentas})."


@permiso_requerido(*CAPTURAR)
@solo_post
def importar_hoja(request):
    """Import a month sheet workbook: all-or-nothing, dry run available, errors by Excel row and column."""
    d, ot, sitio, rechazo = con_ot_y_sitio(request, validar(ImportarHojaForm(request.POST, request.FILES)))
    if rechazo is not None:
        return rechazo
    resultado = hoja_importar(
        ot=ot,
        sitio=sitio,
        mes=d["mes"],
        anio=d["anio"],
        tipo_tiempo=d["tipo_tiempo"],
        archivo=d["archivo"],
        usuario=request.user,
        simulacro=d["dry_run"],
    )
    reporte = resultado.como_dict()
    if resultado.informe.hay_errores:
        primero = min(resultado.informe.errores, key=Problema.orden)
        total = len(resultado.informe.errores)
        detalles = f"No se importó nada: el archivo tiene {total} error{'es' if total != 1 else ''}. Primero: {primero}"
        return respuestas.error(detalles, status=400, **reporte)
    return respuestas.exito(_detalles(reporte, d["dry_run"]), **reporte)
