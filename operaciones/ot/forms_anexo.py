"""Forms of the OT detail page's "Anexo C" tab: the version picked, the line filters, the totals and the upload."""

from decimal import Decimal

from django import forms

from core.datatables import BUSQUEDA_MAXIMA, FiltrosDataTable
from core.importacion import validar_libro_xlsx

from .models import ModoImportacionAnexo
from .selectors_anexo import partidas_filtrar

TAMANO_MAXIMO = 10 * 1024 * 1024
ID_MAXIMO = 2**63 - 1
MSG_TIPO_CAMBIO = "El tipo de cambio debe ser un número mayor que cero (hasta 4 decimales)."


def _campo_tipo_cambio() -> forms.DecimalField:
    # The exchange rate is whatever the user types: no default, never a constant (issue 4, item 4).
    return forms.DecimalField(
        label="Tipo de cambio (MXN por USD)",
        required=False,
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        error_messages={
            "invalid": MSG_TIPO_CAMBIO,
            "min_value": MSG_TIPO_CAMBIO,
            "max_digits": MSG_TIPO_CAMBIO,
            "max_decimal_places": MSG_TIPO_CAMBIO,
            "max_whole_digits": MSG_TIPO_CAMBIO,
        },
    )


class VersionForm(forms.Form):
    """`?version=`: one upload of the OT's annex; blank means the active one."""

    version = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAXIMO,
        error_messages={"invalid": "La versión no es válida.", "min_value": "La versión no es válida."},
    )


class TotalesForm(VersionForm):
    tipo_cambio = _campo_tipo_cambio()


class FiltrosPartidasAnexo(FiltrosDataTable):
    """Filters of the annex lines table: the sub-anexo and a free text over code and description."""

    anexo = forms.CharField(required=False, max_length=50, strip=True)
    texto = forms.CharField(required=False, max_length=BUSQUEDA_MAXIMA, strip=True)

    def filtrar(self, queryset):
        d = self.cleaned_data
        return partidas_filtrar(queryset, anexo=d.get("anexo") or "", texto=d.get("texto") or "")


class ImportarAnexoForm(forms.Form):
    """The annex upload of one OT. "Sólo actualizar" needs an active version to update."""

    archivo = forms.FileField(
        label="Libro de Excel (.xlsx)", error_messages={"required": "Seleccione el libro del anexo."}
    )
    modo = forms.ChoiceField(
        label="Modo",
        choices=ModoImportacionAnexo.choices,
        initial=ModoImportacionAnexo.COMPLETA,
        error_messages={"required": "Indique el modo de carga.", "invalid_choice": "El modo de carga no es válido."},
    )
    tipo_cambio = _campo_tipo_cambio()
    dry_run = forms.BooleanField(required=False, label="Sólo simular: validar y reportar sin escribir nada")

    def __init__(self, *args, tiene_version_activa: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tiene_version_activa = tiene_version_activa

    def clean_archivo(self):
        return validar_libro_xlsx(self.cleaned_data["archivo"], tamano_maximo=TAMANO_MAXIMO)

    def clean(self):
        datos = super().clean()
        if datos.get("modo") == ModoImportacionAnexo.ACTUALIZACION and not self.tiene_version_activa:
            self.add_error("modo", "La OT no tiene un anexo activo que actualizar: haga primero una carga completa.")
        return datos
