"""Upload page of the historical OT import: the same importer and report as `manage.py importar_ot`.

Who: staff users with permission to create OTs (`ot.add_ote` + `is_staff`), because an import writes hundreds of
OTs and may create catalogue placeholders. The error workbook of a run is kept on a job row of the uploader and
only the uploader can download it.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.acceso import permiso_requerido
from core.importacion import libro_errores_respuesta, validar_libro_xlsx

from .importar_ot import TIPO_TRABAJO_WEB, importar_ot_desde_web

TAMANO_MAXIMO = 10 * 1024 * 1024
PLANTILLA = "ot/importar.html"


class ImportarOTForm(forms.Form):
    archivo = forms.FileField(label="Libro de Excel (.xlsx)")
    dry_run = forms.BooleanField(required=False, label="Sólo simular: validar y reportar sin escribir nada")
    crear_faltantes = forms.BooleanField(
        required=False, label="Crear como «por revisar» las PTEs, responsables, sitios y clientes que no existan"
    )
    omitir_invalidos = forms.BooleanField(
        required=False, label="Dejar vacía (con advertencia) una celda opcional inválida en vez de rechazar la fila"
    )

    def clean_archivo(self):
        return validar_libro_xlsx(self.cleaned_data["archivo"], tamano_maximo=TAMANO_MAXIMO)


class DescargaErroresForm(forms.Form):
    errores = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def _descargar_errores(request):
    form = DescargaErroresForm(request.GET)
    if not form.is_valid():
        raise Http404
    return libro_errores_respuesta(
        usuario=request.user, tipo=TIPO_TRABAJO_WEB, pk=form.cleaned_data["errores"], nombre="errores_importar_ot.xlsx"
    )


@require_http_methods(["GET", "POST"])
@permiso_requerido("ot.add_ote")
def importar_ot(request):
    if not request.user.is_staff:
        raise PermissionDenied
    contexto = {"titulo": "Importar órdenes de trabajo", "modulo_activo": "ot"}
    if request.method != "POST":
        if "errores" in request.GET:
            return _descargar_errores(request)
        return render(request, PLANTILLA, {**contexto, "form": ImportarOTForm()})
    form = ImportarOTForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, PLANTILLA, {**contexto, "form": form}, status=400)
    d = form.cleaned_data
    informe, trabajo = importar_ot_desde_web(
        archivo=d["archivo"],
        usuario=request.user,
        simulacro=d["dry_run"],
        crear_faltantes=d["crear_faltantes"],
        omitir_invalidos=d["omitir_invalidos"],
    )
    contexto.update(form=ImportarOTForm(initial=d), informe=informe.como_dict(), trabajo=trabajo)
    return render(request, PLANTILLA, contexto)
