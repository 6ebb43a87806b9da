"""The report centre (/reportes/): every downloadable report with its filters, the weekly summary as a PDF download
and the vessel daily report (RDO) finder.

The centre only links the modules' own download endpoints (reportes/centro.py); the two views here build nothing
themselves: the weekly PDF is the one `manage.py enviar_reporte_semanal` attaches (reportes/semanal/), and the RDO
finder redirects to the offshore module's document.
"""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, quiere_json, solo_get
from core.roles import VER_REPORTES
from core.selectors import hoy_mexico
from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.models import Sitio
from reportes.semanal.datos import resumen_semanal, semana_anterior
from reportes.semanal.documento import pdf_semanal

from . import centro

DIAS_MAXIMOS_SEMANAL = 31
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]
# Outside these years the period's limits would not be real working days (and date arithmetic could overflow).
FECHA_MINIMA, FECHA_MAXIMA = date(2000, 1, 1), date(2100, 12, 31)
RANGO_FECHA = "La fecha «{campo}» debe estar entre los años 2000 y 2100."
RUTAS_RDO = {"pdf": "costa_fuera:rdo_pdf", "excel": "costa_fuera:rdo_excel"}


def _fecha(nombre: str, **extra) -> forms.DateField:
    return forms.DateField(
        input_formats=FORMATOS_FECHA,
        error_messages={
            "invalid": f"La fecha «{nombre}» no es válida; use el formato AAAA-MM-DD.",
            "required": f"Indique la fecha «{nombre}».",
        },
        **extra,
    )


def _en_rango(form: forms.Form, campo: str, valor: date | None) -> None:
    if valor is not None and not FECHA_MINIMA <= valor <= FECHA_MAXIMA:
        form.add_error(campo, RANGO_FECHA.format(campo=campo))


class PeriodoSemanalForm(forms.Form):
    """desde/hasta of the weekly summary: both or neither (the last complete week, Monday to Sunday)."""

    desde = _fecha("desde", required=False)
    hasta = _fecha("hasta", required=False)

    def clean(self):
        datos = super().clean()
        if self.errors:
            return datos
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde is None and hasta is None:
            datos["desde"], datos["hasta"] = semana_anterior(hoy_mexico())
        elif desde is None:
            self.add_error("desde", "Indique también la fecha «desde».")
        elif hasta is None:
            self.add_error("hasta", "Indique también la fecha «hasta».")
        elif hasta < desde:
            self.add_error("hasta", "La fecha «hasta» no puede ser anterior a «desde».")
        elif (hasta - desde).days >= DIAS_MAXIMOS_SEMANAL:
            self.add_error("hasta", f"El periodo no puede pasar de {DIAS_MAXIMOS_SEMANAL} días.")
        _en_rango(self, "desde", desde)
        _en_rango(self, "hasta", hasta)
        return datos


class RdoForm(forms.Form):
    """A vessel (a site of front EMBARCACION) and a day; the document's format."""

    embarcacion = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"required": "Seleccione la embarcación.", "invalid": "La embarcación no es válida."},
    )
    fecha = _fecha("fecha")
    formato = forms.ChoiceField(
        choices=centro.FORMATOS_RDO,
        required=False,
        error_messages={"invalid_choice": "El formato debe ser PDF o Excel."},
    )
    version = forms.ChoiceField(
        choices=centro.VERSIONES_RDO,
        required=False,
        error_messages={"invalid_choice": "La versión del documento debe ser «interna» o «cliente»."},
    )

    def clean_embarcacion(self):
        barco = Sitio.objects.filter(pk=self.cleaned_data["embarcacion"], id_frente_id=FrenteId.EMBARCACION)
        barco = barco.first()
        if barco is None:
            raise forms.ValidationError("La embarcación no existe.")
        return barco

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if not FECHA_MINIMA <= fecha <= FECHA_MAXIMA:
            raise forms.ValidationError(RANGO_FECHA.format(campo="fecha"))
        return fecha


def _pagina(request, *, clave: str = "", aviso: str = "", status: int = 200):
    """The centre; with `clave`, that report's form refilled from the request and `aviso` shown on it."""
    grupos = centro.centro_para_usuario(
        request.user, valores=request.GET if clave else None, clave_valores=clave, aviso=aviso
    )
    if not request.user.has_perm(VER_REPORTES):
        # Reached from a finder the user may use without the centre: show that report only.
        grupos = [g for g in grupos if any(r.reporte.clave == clave for r in g["reportes"])]
        for g in grupos:
            g["reportes"] = [r for r in g["reportes"] if r.reporte.clave == clave]
    contexto = {
        "titulo": "Reportes",
        "icono": "bi-file-earmark-spreadsheet",
        "modulo_activo": "reportes",
        "grupos": grupos,
        "aviso": aviso,
        "limite_opciones": centro.LIMITE_OPCIONES,
    }
    return render(request, "reportes/centro.html", contexto, status=status)


def _rechazo(request, form, clave: str, status: int = 400):
    if quiere_json(request):
        return respuestas.formulario_invalido(form)
    primero = next(str(m) for mensajes in form.errors.values() for m in mensajes)
    return _pagina(request, clave=clave, aviso=primero, status=status)


@permiso_requerido(VER_REPORTES)
@solo_get
def inicio(request):
    """Every report the system downloads, grouped by module; the ones the user may not download are shown disabled."""
    return _pagina(request)


@permiso_requerido(VER_REPORTES)
@solo_get
def semanal_pdf(request):
    """The weekly summary PDF (the e-mail's attachment) of desde..hasta, by default the last complete week.

    A period with no movement still gets its PDF: each section says there was nothing (0 records, no estimations,
    no deliverables, no activity), which is itself the answer the reader asked for.
    """
    form = PeriodoSemanalForm(request.GET)
    if not form.is_valid():
        return _rechazo(request, form, "semanal")
    desde, hasta = form.cleaned_data["desde"], form.cleaned_data["hasta"]
    respuesta = HttpResponse(pdf_semanal(resumen_semanal(desde, hasta)), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="resumen_semanal_{desde:%Y%m%d}_{hasta:%Y%m%d}.pdf"'
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


@permiso_requerido(centro.VER_RDO)
@solo_get
def rdo(request):
    """Find the daily report of a vessel and day and open its document (PDF by default, or Excel; the internal
    version by default, or the client's)."""
    form = RdoForm(request.GET)
    if not form.is_valid():
        return _rechazo(request, form, "rdo")
    barco, fecha = form.cleaned_data["embarcacion"], form.cleaned_data["fecha"]
    reporte = centro.rdo_existe(barco, fecha)
    if reporte is None:
        mensaje = f"No hay reporte diario de {barco.descripcion} del {fecha:%d/%m/%Y}."
        if quiere_json(request):
            return respuestas.no_encontrado(mensaje)
        return _pagina(request, clave="rdo", aviso=mensaje, status=404)
    destino = reverse(RUTAS_RDO[form.cleaned_data["formato"] or "pdf"], args=[reporte.pk])
    version = form.cleaned_data["version"]
    return redirect(f"{destino}?{urlencode({'version': version})}" if version else destino)
