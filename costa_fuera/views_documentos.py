"""RDO documents (PDF and Excel of one day, Excel of a date range) and the hand-typed vessel position.

Documents: permission to view daily reports → the report (404) → `version` (interna by default, or cliente, which
lists only the incidents visible to the client) → the file as an attachment. The position is a POST answered with
the JSON envelope (400 naming the field when a value is out of range).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from core import respuestas
from core.acceso import permiso_requerido, solo_get, solo_post

from . import documento, excel, flota

VER = "costa_fuera.view_reportediarioembarcacion"
REGISTRAR_POSICION = "costa_fuera.add_posicionembarcacion"
TIPO_PDF = "application/pdf"
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VERSIONES = {"": False, "interna": False, "cliente": True}


def _solo_cliente(request) -> bool | None:
    """True for ?version=cliente, False for the internal one (default), None when the value is not one of them."""
    return VERSIONES.get(request.GET.get("version", "").strip().lower())


def _version_invalida():
    mensaje = "La versión del documento debe ser «interna» o «cliente»."
    return respuestas.error(mensaje, errores={"version": [mensaje]})


def _adjunto(contenido: bytes, tipo: str, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


def _documento_del_dia(request, pk: int, generar, tipo: str, extension: str) -> HttpResponse:
    """The report (404) → its `version` (400 when unknown) → `generar(reporte=…, solo_cliente=…)` as an attachment."""
    reporte = documento.reporte_para_documento(pk)
    solo_cliente = _solo_cliente(request)
    if solo_cliente is None:
        return _version_invalida()
    contenido = generar(reporte=reporte, solo_cliente=solo_cliente)
    return _adjunto(contenido, tipo, documento.nombre_archivo(reporte, extension))


@permiso_requerido(VER)
@solo_get
def rdo_pdf(request, pk: int):
    """The day's report of operations as a PDF attachment `RDO_<vessel>_<yyyy-mm-dd>.pdf`."""
    return _documento_del_dia(request, pk, documento.rdo_pdf, TIPO_PDF, "pdf")


@permiso_requerido(VER)
@solo_get
def rdo_excel(request, pk: int):
    """The day's report as a workbook `RDO_<vessel>_<yyyy-mm-dd>.xlsx` (Resumen, Bitácora, POB, …)."""
    return _documento_del_dia(request, pk, excel.rdo_xlsx, TIPO_XLSX, "xlsx")


class RangoForm(forms.Form):
    embarcacion = forms.ModelChoiceField(
        queryset=flota.embarcaciones_activas(),
        error_messages={"required": "Elija la embarcación.", "invalid_choice": "La embarcación elegida no existe."},
    )
    desde = forms.DateField(
        error_messages={"required": "Escriba la fecha inicial.", "invalid": "Fecha inicial no válida."}
    )
    hasta = forms.DateField(error_messages={"required": "Escriba la fecha final.", "invalid": "Fecha final no válida."})

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta:
            if hasta < desde:
                self.add_error("hasta", "La fecha final no puede ser anterior a la inicial.")
            elif (hasta - desde).days >= excel.DIAS_MAXIMOS_RANGO:
                self.add_error("hasta", f"El periodo no puede pasar de {excel.DIAS_MAXIMOS_RANGO} días.")
        return datos


@permiso_requerido(VER)
@solo_get
def rdo_rango_excel(request):
    """A vessel's daily reports between two dates, one row per day, as a workbook."""
    form = RangoForm(request.GET)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    contenido = excel.rdo_rango_xlsx(embarcacion=d["embarcacion"], desde=d["desde"], hasta=d["hasta"])
    return _adjunto(contenido, TIPO_XLSX, excel.nombre_archivo_rango(d["embarcacion"], d["desde"], d["hasta"]))


@permiso_requerido(REGISTRAR_POSICION)
@solo_post
def posicion_registrar(request):
    """Record a vessel's position typed by hand (latitude, longitude, moment, speed)."""
    form = flota.PosicionForm(request.POST)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    try:
        posicion = flota.posicion_registrar(**form.cleaned_data, usuario=request.user)
    except ValidationError as rechazo:
        return respuestas.errores_validacion(rechazo)
    return respuestas.creado(
        f"Posición de {posicion.embarcacion.descripcion} registrada: "
        f"{flota.formato_posicion(posicion.latitud, posicion.longitud)}.",
        posicion.pk,
    )
