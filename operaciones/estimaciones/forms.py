"""Forms of the estimation screens: every list filter and every POST body of the module goes through one of these."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet

from core.datatables import BUSQUEDA_MAXIMA, FiltrosDataTable
from operaciones.catalogos.models import Contrato
from operaciones.ot.selectors import ots_vigentes

from .models import EstadoEstimacion

ID_MAXIMO = 2**31 - 1
TEXTO_MAXIMO = 2000
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]
MSG_PERIODO = "La fecha final del periodo no puede ser anterior a la inicial."
MSG_OT = "La OT seleccionada no existe o no está vigente."
MSG_CONTRATO = "El contrato seleccionado no existe o no está activo."


def _id(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=ID_MAXIMO, **kwargs)


def _fecha(etiqueta: str, requerida: bool = False) -> forms.DateField:
    mensajes = {"required": f"Indique {etiqueta}.", "invalid": f"{etiqueta.capitalize()}: fecha no válida."}
    return forms.DateField(label=etiqueta, required=requerida, input_formats=FORMATOS_FECHA, error_messages=mensajes)


def _periodo_ordenado(form, desde: str, hasta: str) -> None:
    inicio, fin = form.cleaned_data.get(desde), form.cleaned_data.get(hasta)
    if inicio and fin and fin < inicio:
        form.add_error(hasta, MSG_PERIODO)


class FiltrosEstimaciones(FiltrosDataTable):
    """The list's filters: state, OT folio text, contract and a period that must overlap the estimation's."""

    estado = forms.ChoiceField(choices=[("", "Todos"), *EstadoEstimacion.choices], required=False)
    ot = forms.CharField(max_length=BUSQUEDA_MAXIMA, required=False, strip=True)
    contrato = _id(required=False)
    desde = _fecha("el inicio del periodo")
    hasta = _fecha("el fin del periodo")

    def clean(self):
        datos = super().clean()
        _periodo_ordenado(self, "desde", "hasta")
        return datos

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        d = self.cleaned_data
        if d.get("estado"):
            queryset = queryset.filter(estado=d["estado"])
        if d.get("ot"):
            queryset = queryset.filter(id_ot__orden_trabajo__icontains=d["ot"])
        if d.get("contrato"):
            queryset = queryset.filter(contrato_id=d["contrato"])
        if d.get("desde"):
            queryset = queryset.filter(fecha_hasta__gte=d["desde"])
        if d.get("hasta"):
            queryset = queryset.filter(fecha_desde__lte=d["hasta"])
        return queryset


class BuscarOTForm(forms.Form):
    """The OT picker: text typed by the user; `todas` lists every family, not only those with production to bill."""

    texto = forms.CharField(max_length=BUSQUEDA_MAXIMA, required=False, strip=True)
    todas = forms.BooleanField(required=False)


class CrearEstimacionForm(forms.Form):
    """A new estimation: the OT family, the period, the exchange rate it records and, if ambiguous, the contract."""

    id_ot = forms.ModelChoiceField(
        queryset=ots_vigentes(),
        error_messages={"required": "Seleccione la OT a estimar.", "invalid_choice": MSG_OT},
    )
    fecha_desde = _fecha("el inicio del periodo", requerida=True)
    fecha_hasta = _fecha("el fin del periodo", requerida=True)
    fecha_estimacion = _fecha("la fecha de la estimación")
    tipo_cambio = forms.DecimalField(
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        error_messages={
            "required": "Indique el tipo de cambio MXN/USD de la estimación.",
            "invalid": "El tipo de cambio debe ser un número.",
            "min_value": "El tipo de cambio debe ser mayor que cero.",
            "max_digits": "El tipo de cambio admite hasta 8 enteros y 4 decimales.",
            "max_decimal_places": "El tipo de cambio admite hasta 4 decimales.",
            "max_whole_digits": "El tipo de cambio admite hasta 8 enteros.",
        },
    )
    contrato = forms.ModelChoiceField(
        queryset=Contrato.objects.filter(activo=True), required=False, error_messages={"invalid_choice": MSG_CONTRATO}
    )
    comentario = forms.CharField(max_length=TEXTO_MAXIMO, required=False, strip=True)

    def clean(self):
        datos = super().clean()
        _periodo_ordenado(self, "fecha_desde", "fecha_hasta")
        return datos


class LineaForm(forms.Form):
    """Which line of the estimation an adjustment is for."""

    detalle = _id(error_messages={"required": "Indique la línea a ajustar."})


class AjustarLineaForm(forms.Form):
    """The billed volume of one line; a volume different from the produced one needs its reason."""

    volumen_estimado = forms.DecimalField(
        max_digits=15,
        decimal_places=6,
        min_value=0,
        error_messages={
            "required": "Indique el volumen a estimar.",
            "invalid": "El volumen estimado debe ser un número.",
            "min_value": "El volumen estimado no puede ser negativo.",
            "max_digits": "El volumen estimado admite hasta 9 enteros y 6 decimales.",
            "max_decimal_places": "El volumen estimado admite hasta 6 decimales.",
            "max_whole_digits": "El volumen estimado admite hasta 9 enteros.",
        },
    )
    comentario = forms.CharField(max_length=TEXTO_MAXIMO, required=False, strip=True)

    def __init__(self, *args, detalle, **kwargs):
        super().__init__(*args, **kwargs)
        self.detalle = detalle

    def clean(self):
        datos = super().clean()
        volumen = datos.get("volumen_estimado")
        if volumen is not None and volumen != self.detalle.volumen_actual and not datos.get("comentario"):
            self.add_error("comentario", "Explique por qué el volumen estimado difiere del producido.")
        return datos


# What each target state asks the user for (the service checks the same and the transition itself).
REQUERIDOS = {
    EstadoEstimacion.FACTURADA: {
        "numero_factura": "Indique el número de factura.",
        "fecha_factura": "Indique la fecha de la factura.",
    },
    EstadoEstimacion.PAGADA: {"fecha_pago": "Indique la fecha de pago."},
    EstadoEstimacion.CANCELADA: {"motivo": "Indique el motivo de la cancelación."},
}


class CambiarEstadoForm(forms.Form):
    """A workflow transition and the data its target state records."""

    estado = forms.ChoiceField(
        choices=EstadoEstimacion.choices,
        error_messages={"required": "Indique el nuevo estado.", "invalid_choice": "El estado indicado no existe."},
    )
    numero_factura = forms.CharField(max_length=60, required=False, strip=True)
    fecha_factura = _fecha("la fecha de la factura")
    fecha_pago = _fecha("la fecha de pago")
    motivo = forms.CharField(max_length=TEXTO_MAXIMO, required=False, strip=True)

    def clean(self):
        datos = super().clean()
        for campo, mensaje in REQUERIDOS.get(datos.get("estado"), {}).items():
            if not datos.get(campo) and campo not in self.errors:
                self.add_error(campo, mensaje)
        return datos


class ConciliacionForm(forms.Form):
    """The OT family of the reconciliation (any OT of the family; its initial OT is used)."""

    id_ot = _id(required=False, error_messages={"invalid": "La OT indicada no es válida."})
