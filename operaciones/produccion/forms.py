"""Forms of the production screen: every GET parameter and every JSON body goes through one of these.

`ParametrosHojaForm` (id_ot, mes, anio, tipo_tiempo, id_sitio) is shared by every endpoint that works on "an OT
family's month at a site"; `MesSitioForm` by those that work on a site's month. The forms only check shapes and
ranges: the views resolve the ids (a missing OT or site is a 404, not a form error) and the services check the
business rules (blocked days, cell values).
"""

from django import forms

from .models import TipoTiempo

ID_MAXIMO = 2**31 - 1
ANIO_MINIMO, ANIO_MAXIMO = 2000, 2100
DIAS_MAXIMOS = 31
# A sheet is the concepts of one family; far more than any real annex but a bound on what one request may carry.
PARTIDAS_MAXIMAS = 5000


def campo_id(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=ID_MAXIMO,
        error_messages={"invalid": "Debe ser un identificador numérico.", "required": "Este dato es obligatorio."},
        **kwargs,
    )


def campo_mes() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "El mes debe ser un número del 1 al 12.",
            "min_value": "El mes debe ser un número del 1 al 12.",
            "max_value": "El mes debe ser un número del 1 al 12.",
            "required": "Indique el mes.",
        },
    )


def campo_anio() -> forms.IntegerField:
    mensaje = f"El año debe estar entre {ANIO_MINIMO} y {ANIO_MAXIMO}."
    return forms.IntegerField(
        min_value=ANIO_MINIMO,
        max_value=ANIO_MAXIMO,
        error_messages={"invalid": mensaje, "min_value": mensaje, "max_value": mensaje, "required": "Indique el año."},
    )


class MesSitioForm(forms.Form):
    """A site's month (the daily-report grid, the guard rotation)."""

    id_sitio = campo_id()
    mes = campo_mes()
    anio = campo_anio()


class OtIdForm(forms.Form):
    id_ot = campo_id()


class TipoTiempoField(forms.ChoiceField):
    """TE or CMA; blank means TE (the original's default view)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TipoTiempo.choices,
            required=False,
            error_messages={"invalid_choice": "El tipo de tiempo debe ser TE o CMA."},
            **kwargs,
        )

    def clean(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        valor = super().clean(value)
        return valor or TipoTiempo.TE


class ParametrosHojaForm(forms.Form):
    """An OT family's month at a site, in one time type: the production sheet's coordinates."""

    id_ot = campo_id()
    mes = campo_mes()
    anio = campo_anio()
    tipo_tiempo = TipoTiempoField()
    id_sitio = campo_id()


class PartidasField(forms.Field):
    """The `partidas` list of a saved sheet: shape only; every cell value is checked by the service."""

    default_error_messages = {
        "required": "No se recibieron partidas.",
        "invalid": "Las partidas deben ser una lista de objetos {id_partida_imp, codigo, valores}.",
    }

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) > PARTIDAS_MAXIMAS:
            raise forms.ValidationError(f"Una hoja admite a lo más {PARTIDAS_MAXIMAS} partidas.", code="max")
        return [self._partida(i, p) for i, p in enumerate(value)]

    def _partida(self, indice: int, partida) -> dict:
        if not isinstance(partida, dict):
            raise forms.ValidationError(f"Partida {indice + 1}: formato no válido.", code="invalid")
        ident = partida.get("id_partida_imp")
        if isinstance(ident, bool) or not isinstance(ident, int | str):
            raise forms.ValidationError(f"Partida {indice + 1}: falta el identificador de la partida.", code="id")
        try:
            ident = int(str(ident).strip())
        except ValueError:
            raise forms.ValidationError(
                f"Partida {indice + 1}: el identificador de la partida no es válido.", code="id"
            ) from None
        if not 1 <= ident <= ID_MAXIMO:
            raise forms.ValidationError(f"Partida {indice + 1}: el identificador de la partida no es válido.")
        codigo = partida.get("codigo")
        codigo = str(codigo)[:50] if isinstance(codigo, str | int | float) and not isinstance(codigo, bool) else ""
        valores = partida.get("valores")
        if not isinstance(valores, list) or len(valores) > DIAS_MAXIMOS:
            raise forms.ValidationError(
                f"Partida {indice + 1}: 'valores' debe ser una lista de a lo más {DIAS_MAXIMOS} días.", code="valores"
            )
        return {"id_partida_imp": ident, "codigo": codigo, "valores": valores}


class GuardarHojaForm(ParametrosHojaForm):
    """The JSON body of guardar_produccion_masiva."""

    partidas = PartidasField()


class VincularPartidaForm(forms.Form):
    id_ot = campo_id()
    id_producto = campo_id()
