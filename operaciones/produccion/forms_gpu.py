"""Forms of the GPU endpoints: shapes and ranges only; the workflow and evidence rules live in gpu.py."""

from django import forms

from .forms import ID_MAXIMO, ParametrosHojaForm, campo_id
from .gpu import ESTATUS_GPU_TEXTO, FLUJO_GPU

# One authorisation request covers at most a month of a large sheet (200 concepts × 31 days × TE/CMA).
IDS_MAXIMOS = 20000


class ParametrosGpuForm(ParametrosHojaForm):
    """The GPU grid: an OT family's month, optionally at one site, both time types."""

    tipo_tiempo = None
    id_sitio = campo_id(required=False)


class EstatusGpuForm(forms.Form):
    """The body of guardar_estatus_gpu: a production, the GPU status wanted and optionally its evidence link."""

    id_produccion = campo_id()
    estatus_id = forms.TypedChoiceField(
        choices=[(e.value, ESTATUS_GPU_TEXTO[e]) for e in FLUJO_GPU],
        coerce=int,
        error_messages={
            "invalid_choice": "El estatus debe ser PENDIENTE, PROCESO, FALTA FIRMA PEMEX o FIRMADO.",
            "required": "Indique el estatus.",
        },
    )
    # The link is validated by the service (http/https only); None means "leave it as it is".
    archivo = forms.CharField(required=False, max_length=500, strip=True, empty_value=None)

    def __init__(self, data=None, *args, **kwargs):
        # A JSON body may send numbers; the choice field compares text.
        if isinstance(data, dict) and isinstance(data.get("estatus_id"), int):
            data = {**data, "estatus_id": str(data["estatus_id"])}
        self.envio_archivo = isinstance(data, dict) and "archivo" in data
        super().__init__(data, *args, **kwargs)

    def clean_archivo(self):
        valor = self.cleaned_data.get("archivo")
        # Key present but blank: clear the link; key absent: keep it.
        if valor is None and self.envio_archivo:
            return ""
        return valor


class EvidenciaGpuForm(forms.Form):
    """The multipart body of subir_evidencia_gpu; type, size and hash are checked by the service."""

    id_produccion = campo_id()
    archivo = forms.FileField(
        error_messages={"required": "Adjunte la foto o el PDF de la evidencia.", "empty": "El archivo está vacío."}
    )


class ListaIdsField(forms.Field):
    """A list of production ids: a JSON list, or text separated by commas."""

    default_error_messages = {
        "required": "Indique al menos una producción.",
        "invalid": "Las producciones deben ser una lista de identificadores numéricos.",
    }

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) > IDS_MAXIMOS:
            raise forms.ValidationError(f"Se pueden autorizar a lo más {IDS_MAXIMOS} producciones a la vez.")
        ids = []
        for valor in value:
            if isinstance(valor, bool) or not isinstance(valor, int | str):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                numero = int(str(valor).strip())
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            if not 1 <= numero <= ID_MAXIMO:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(numero)
        return ids


class AutorizarExcedenteForm(forms.Form):
    producciones_ids = ListaIdsField()
