"""Forms of the vessel daily report screens: every list filter and every POST body goes through one of these."""

import json

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.datatables import FiltrosDataTable

from .models import EstadoReporte
from .services_reporte import MOTIVO_MAXIMO, embarcaciones_activas

ID_MAXIMO = 2**31 - 1
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]
BITACORA_MAXIMA = 500_000  # characters of the JSON list (200 activities of 2 000 characters fit)


def _fecha(etiqueta: str, requerida: bool = False) -> forms.DateField:
    mensajes = {"required": f"Indique {etiqueta}.", "invalid": f"{etiqueta.capitalize()}: fecha no válida."}
    return forms.DateField(label=etiqueta, required=requerida, input_formats=FORMATOS_FECHA, error_messages=mensajes)


class FiltrosReportes(FiltrosDataTable):
    """The list's filters: vessel, state and a date range."""

    embarcacion = forms.IntegerField(
        min_value=1, max_value=ID_MAXIMO, required=False, error_messages={"invalid": "Embarcación no válida."}
    )
    estado = forms.ChoiceField(
        choices=[("", "Todos"), *EstadoReporte.choices],
        required=False,
        error_messages={"invalid_choice": "Estado no válido."},
    )
    desde = _fecha("la fecha inicial")
    hasta = _fecha("la fecha final")

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and hasta < desde:
            self.add_error("hasta", "La fecha final no puede ser anterior a la inicial.")
        return datos

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        d = self.cleaned_data
        if d.get("embarcacion"):
            queryset = queryset.filter(embarcacion_id=d["embarcacion"])
        if d.get("estado"):
            queryset = queryset.filter(estado=d["estado"])
        if d.get("desde"):
            queryset = queryset.filter(fecha__gte=d["desde"])
        if d.get("hasta"):
            queryset = queryset.filter(fecha__lte=d["hasta"])
        return queryset


class ReporteNuevoForm(forms.Form):
    embarcacion = forms.ModelChoiceField(
        queryset=embarcaciones_activas(),
        error_messages={
            "required": "Elija la embarcación.",
            "invalid_choice": "La embarcación elegida no existe o no está activa.",
        },
    )
    fecha = _fecha("la fecha del reporte", requerida=True)
    clonar = forms.BooleanField(required=False)


class CambiarEstadoForm(forms.Form):
    estado = forms.ChoiceField(
        choices=EstadoReporte.choices,
        error_messages={"required": "Indique el estado destino.", "invalid_choice": "Estado no válido."},
    )


class ReabrirForm(forms.Form):
    motivo = forms.CharField(
        max_length=MOTIVO_MAXIMO,
        strip=True,
        error_messages={
            "required": "Indique el motivo de la reapertura.",
            "max_length": f"El motivo no puede pasar de {MOTIVO_MAXIMO} caracteres.",
        },
        widget=forms.Textarea,
    )


class RepresentanteForm(forms.Form):
    """The new representative by id; whether that user may be one is the service's rule."""

    representante = forms.IntegerField(
        min_value=1,
        max_value=ID_MAXIMO,
        error_messages={
            "required": "Elija al nuevo representante.",
            "invalid": "Representante no válido.",
            "min_value": "Representante no válido.",
            "max_value": "Representante no válido.",
        },
    )

    def clean_representante(self):
        usuario = get_user_model().objects.filter(pk=self.cleaned_data["representante"]).first()
        if usuario is None:
            raise forms.ValidationError("El usuario elegido no existe.")
        return usuario


class BitacoraForm(forms.Form):
    """The day's time log as a JSON list; each entry is validated by `bitacora.bitacora_validar`."""

    bitacora = forms.CharField(
        max_length=BITACORA_MAXIMA,
        strip=False,
        error_messages={
            "required": "Envíe la bitácora (una lista, vacía si no hay actividades).",
            "max_length": "La bitácora enviada es demasiado grande.",
        },
    )

    def clean_bitacora(self):
        try:
            datos = json.loads(self.cleaned_data["bitacora"])
        except ValueError:
            raise forms.ValidationError("La bitácora enviada no es JSON válido.") from None
        if not isinstance(datos, list):
            raise forms.ValidationError("La bitácora debe ser una lista de actividades.")
        return datos
