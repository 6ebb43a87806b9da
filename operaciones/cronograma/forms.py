"""Forms of the OT's "Programa" tab: the schedule upload and the progress of one task (issue 7, items 1 and 3)."""

from decimal import Decimal
from pathlib import Path

from django import forms

TAMANO_MAXIMO = 30 * 1024 * 1024

# What mpxj's universal reader opens: MS Project (.mpp/.mpt/.mpx, MSPDI .xml), Primavera (.xer, PMXML), Asta,
# ProjectLibre, GanttProject, Planner, Phoenix, FastTrack, ConceptDraw, TurboProject, SDEF and zipped exports.
EXTENSIONES = (
    ".mpp",
    ".mpt",
    ".mpx",
    ".xml",
    ".xer",
    ".pmxml",
    ".pp",
    ".pod",
    ".gan",
    ".planner",
    ".ppx",
    ".fts",
    ".cdpx",
    ".cdpz",
    ".pep",
    ".sdef",
    ".zip",
)
MSG_EXTENSION = "El archivo debe ser un programa de MS Project (.mpp, .xml, .mpx) u otro formato que lea MPXJ ({})."
MSG_PORCENTAJE = "Indique un porcentaje entre 0 y 100 (hasta 2 decimales)."
COMENTARIO_MAXIMO = 2000
CLAVES_ERROR_DECIMAL = ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits")
SIN_AVANCE = {"porcentaje_real": Decimal("0.00"), "porcentaje_cliente": Decimal("0.00"), "comentario": ""}


class ImportarCronogramaForm(forms.Form):
    """The schedule file of an OT and, optionally, the name of the version it becomes."""

    archivo = forms.FileField(
        label="Archivo del programa",
        error_messages={
            "required": "Seleccione el archivo del programa.",
            "empty": "El archivo está vacío.",
            "invalid": "No se recibió un archivo válido.",
            "missing": "No se recibió el archivo.",
        },
    )
    nombre_version = forms.CharField(
        label="Nombre de la versión",
        required=False,
        max_length=200,
        strip=True,
        error_messages={"max_length": "El nombre de la versión admite hasta 200 caracteres."},
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if Path(archivo.name or "").suffix.lower() not in EXTENSIONES:
            raise forms.ValidationError(MSG_EXTENSION.format(", ".join(EXTENSIONES)))
        if archivo.size > TAMANO_MAXIMO:
            raise forms.ValidationError("El archivo pesa más de 30 MB.")
        return archivo


def _campo_porcentaje(etiqueta: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=etiqueta,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages=dict.fromkeys(CLAVES_ERROR_DECIMAL, MSG_PORCENTAJE),
    )


class AvanceForm(forms.Form):
    """Real and client progress and the comment of one task; a field left out keeps what the task has."""

    porcentaje_real = _campo_porcentaje("Avance real (%)")
    porcentaje_cliente = _campo_porcentaje("Avance del cliente (%)")
    comentario = forms.CharField(
        label="Comentario",
        required=False,
        max_length=COMENTARIO_MAXIMO,
        strip=True,
        error_messages={"max_length": f"El comentario admite hasta {COMENTARIO_MAXIMO} caracteres."},
    )

    CAMPOS = ("porcentaje_real", "porcentaje_cliente", "comentario")

    def clean(self):
        datos = super().clean()
        if not any(campo in self.data for campo in self.CAMPOS):
            raise forms.ValidationError("Indique el avance real, el del cliente o el comentario.")
        for campo in ("porcentaje_real", "porcentaje_cliente"):
            # Sent blank is not "left out": a percentage cannot be erased, only set (0 is a value).
            if campo in self.data and campo in datos and datos[campo] is None:
                self.add_error(campo, MSG_PORCENTAJE)
        return datos

    def valores(self, actual) -> dict:
        """The three values to store: the ones sent, and the task's current ones (none yet: 0, 0, "") for the rest."""
        return {
            campo: self.cleaned_data[campo] if campo in self.data else getattr(actual, campo, SIN_AVANCE[campo])
            for campo in self.CAMPOS
        }
