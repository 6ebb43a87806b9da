"""Upload page of the catalogue imports (issue 4, item 5): the contract's Anexo C or the PUE catalogue, as a job.

Who: staff users who may create and change catalogue concepts (`catalogos.add_conceptomaestro` +
`catalogos.change_conceptomaestro` + `is_staff`, as the OT import page), because one file writes thousands of
concepts and may create contracts, sub-anexos and units. The POST answers the job to poll (`/trabajos/<id>/`); the
page draws its progress bar and, at the end, the report. The error workbook of a refused file is downloadable by
its uploader only.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, quiere_json, solo_get, solo_metodo
from core.importacion import libro_errores_respuesta, validar_libro_xlsx

from .models import Cliente, Contrato
from .trabajos_importacion import TIPO_ANEXO_C, TIPO_PUES, TIPOS, catalogo_importacion_lanzar

PERMISOS = ("catalogos.add_conceptomaestro", "catalogos.change_conceptomaestro")
TAMANO_MAXIMO = 20 * 1024 * 1024
PLANTILLA = "catalogos/importar.html"
LARGO_CONTRATO = Contrato._meta.get_field("numero_contrato").max_length


class ImportarCatalogoForm(forms.Form):
    """What to import, from which workbook, into which contract; the client only for a new contract's Anexo C."""

    tipo = forms.ChoiceField(
        label="Qué se importa",
        choices=list(TIPOS.items()),
        initial=TIPO_ANEXO_C,
        error_messages={
            "required": "Indique qué se importa.",
            "invalid_choice": "El tipo de importación no es válido.",
        },
    )
    archivo = forms.FileField(
        label="Libro de Excel (.xlsx)", error_messages={"required": "Seleccione el libro que se importa."}
    )
    contrato = forms.CharField(
        label="Número de contrato",
        required=False,
        max_length=LARGO_CONTRATO,
        error_messages={"max_length": f"El número de contrato admite hasta {LARGO_CONTRATO} caracteres."},
    )
    cliente = forms.ModelChoiceField(
        label="Cliente de un contrato nuevo",
        queryset=Cliente.objects.filter(activo=True).order_by("descripcion"),
        required=False,
        empty_label="PEMEX (predeterminado)",
        widget=forms.Select(attrs={"class": "form-select", "id": "importar-cliente"}),
        error_messages={"invalid_choice": "El cliente seleccionado no existe o está inactivo."},
    )
    crear_faltantes = forms.BooleanField(
        required=False,
        label="Crear faltantes: las unidades de medida y el contrato que no existan se crean «por revisar»",
    )
    dry_run = forms.BooleanField(required=False, label="Sólo simular: validar y reportar sin escribir nada")

    def clean_archivo(self):
        return validar_libro_xlsx(self.cleaned_data["archivo"], tamano_maximo=TAMANO_MAXIMO)

    def clean_contrato(self):
        # The importers collapse blanks too; doing it here makes the required check see "   " as empty.
        return " ".join(self.cleaned_data["contrato"].split())

    def clean(self):
        datos = super().clean()
        tipo = datos.get("tipo")
        if tipo == TIPO_ANEXO_C and not datos.get("contrato") and "contrato" not in self.errors:
            self.add_error("contrato", "Indique el número del contrato al que pertenece el Anexo C.")
        if tipo == TIPO_PUES and datos.get("cliente"):
            self.add_error("cliente", "El cliente sólo se indica al importar el Anexo C de un contrato nuevo.")
        return datos


def _exigir_personal(request):
    """The permission decorator ran already; the import is also restricted to staff (as the OT import)."""
    if request.user.is_staff:
        return None
    if quiere_json(request):
        return respuestas.prohibido("Sólo el personal autorizado puede importar catálogos.")
    raise PermissionDenied


def _configuracion() -> dict:
    return {
        "urls": {
            "importar": reverse("catalogos:importar"),
            "trabajo": reverse("core:trabajo_estado", args=[0]).rsplit("0/", 1)[0],
            "errores": reverse("catalogos:importar_errores", args=[0]).rsplit("0/", 1)[0],
            "conceptos": reverse("catalogos:conceptos"),
        },
        "tipos": {"anexo_c": TIPO_ANEXO_C, "pues": TIPO_PUES},
    }


def _pagina(request):
    contratos = Contrato.objects.filter(activo=True).order_by("numero_contrato")
    contexto = {
        "titulo": "Importar catálogo de conceptos",
        "modulo_activo": "catalogos",
        "form": ImportarCatalogoForm(),
        "contratos": contratos.values_list("numero_contrato", flat=True),  # suggestions for the contract field
        "configuracion": _configuracion(),
    }
    return render(request, PLANTILLA, contexto)


@solo_metodo("GET", "HEAD", "POST")
@permiso_requerido(*PERMISOS)
def importar(request):
    """GET: the upload page. POST: validate the upload and launch its import as a job; 202 with the job to poll."""
    rechazo = _exigir_personal(request)
    if rechazo is not None:
        return rechazo
    if request.method != "POST":
        return _pagina(request)
    form = ImportarCatalogoForm(request.POST, request.FILES)
    if not form.is_valid():
        return respuestas.formulario_invalido(form)
    d = form.cleaned_data
    trabajo = catalogo_importacion_lanzar(
        tipo=d["tipo"],
        archivo_subido=d["archivo"],
        usuario=request.user,
        contrato=d["contrato"],
        cliente=d["cliente"].descripcion if d["cliente"] else "",
        crear_faltantes=d["crear_faltantes"],
        simulacro=d["dry_run"],
    )
    return respuestas.exito(
        "Se recibió el archivo; la importación está en curso.",
        status=202,
        trabajo_id=trabajo.pk,
        url_estado=reverse("core:trabajo_estado", args=[trabajo.pk]),
    )


@solo_get
@permiso_requerido(*PERMISOS)
def importar_errores(request, trabajo_id: int):
    """The error workbook of a refused catalogue import, for the user who uploaded the file and nobody else."""
    rechazo = _exigir_personal(request)
    if rechazo is not None:
        return rechazo
    return libro_errores_respuesta(usuario=request.user, tipo=tuple(TIPOS), pk=trabajo_id)
