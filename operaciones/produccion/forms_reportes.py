"""Forms of the "Reportes diarios" tab: the daily-report grid, the monthly folder link and the guard rotation.

Shapes and ranges only (the views resolve ids to objects, a missing one is a 404; the services check the rules).
"""

from django import forms

from .forms import DIAS_MAXIMOS, MesSitioForm, OtIdForm, campo_anio, campo_id, campo_mes
from .guardias import DIAS_POR_TURNO_DEFECTO, DIAS_POR_TURNO_MAX
from .reportes_diarios import validar_url_evidencia

# A site never has this many OTs at once; a bound on what one request may carry.
REPORTES_MAXIMOS = 1000
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]


class SitioForm(forms.Form):
    id_sitio = campo_id()


class ReportesField(forms.Field):
    """The `reportes` list of the grid: [{id_ot, valores: [≤ 31 cells]}]; each cell is checked by the service."""

    default_error_messages = {
        "required": "No se recibieron reportes.",
        "invalid": "Los reportes deben ser una lista de objetos {id_ot, valores}.",
    }

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) > REPORTES_MAXIMOS:
            raise forms.ValidationError(f"Se admiten a lo más {REPORTES_MAXIMOS} OTs por envío.", code="max")
        return [self._reporte(i, r) for i, r in enumerate(value)]

    def _reporte(self, indice: int, reporte) -> dict:
        fila = f"Reporte {indice + 1}"
        if not isinstance(reporte, dict):
            raise forms.ValidationError(f"{fila}: formato no válido.", code="invalid")
        ident = reporte.get("id_ot")
        if isinstance(ident, bool) or not isinstance(ident, int | str):
            raise forms.ValidationError(f"{fila}: falta el identificador de la OT.", code="id_ot")
        try:
            ident = int(str(ident).strip())
        except ValueError:
            raise forms.ValidationError(f"{fila}: el identificador de la OT no es válido.", code="id_ot") from None
        if not 1 <= ident <= 2**31 - 1:
            raise forms.ValidationError(f"{fila}: el identificador de la OT no es válido.", code="id_ot")
        valores = reporte.get("valores")
        if not isinstance(valores, list) or len(valores) > DIAS_MAXIMOS:
            raise forms.ValidationError(
                f"{fila}: 'valores' debe ser una lista de a lo más {DIAS_MAXIMOS} días.", code="valores"
            )
        return {"id_ot": ident, "valores": valores}


class GuardarReportesForm(MesSitioForm):
    """JSON body of guardar_reportes_diarios_masiva."""

    # An empty list is a valid (no-op) save: a site's month may have no OT left to report.
    reportes = ReportesField(required=False)


class ArchivoMensualForm(OtIdForm):
    """JSON body of guardar_archivo_mensual: the OT's monthly evidence folder link."""

    mes = campo_mes()
    anio = campo_anio()
    archivo = forms.CharField(
        max_length=1000,
        validators=[validar_url_evidencia],
        error_messages={
            "required": "Escriba el enlace de la carpeta de evidencias.",
            "max_length": "El enlace admite a lo más 1000 caracteres.",
        },
    )


class CicloGuardiaForm(SitioForm):
    """JSON body of configurar_ciclo_guardia."""

    id_super_a = campo_id()
    id_super_b = campo_id()
    fecha_inicio_a = forms.DateField(
        input_formats=FORMATOS_FECHA,
        error_messages={
            "required": "Indique el primer día de guardia del superintendente A.",
            "invalid": "Fecha no válida.",
        },
    )
    dias_por_turno = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=DIAS_POR_TURNO_MAX,
        error_messages={
            "invalid": f"Los días por turno deben ser un número del 1 al {DIAS_POR_TURNO_MAX}.",
            "min_value": f"Los días por turno deben ser un número del 1 al {DIAS_POR_TURNO_MAX}.",
            "max_value": f"Los días por turno deben ser un número del 1 al {DIAS_POR_TURNO_MAX}.",
        },
    )

    def clean_dias_por_turno(self):
        return self.cleaned_data.get("dias_por_turno") or DIAS_POR_TURNO_DEFECTO

    def clean(self):
        datos = super().clean()
        if datos.get("id_super_a") and datos.get("id_super_a") == datos.get("id_super_b"):
            self.add_error("id_super_b", "El superintendente B debe ser distinto del A.")
        return datos


class SuperintendenteForm(SitioForm):
    """Create / edit a superintendent of a site."""

    nombre = forms.CharField(
        max_length=200,
        error_messages={"required": "Escriba el nombre.", "max_length": "El nombre admite a lo más 200 caracteres."},
    )
    color = forms.RegexField(
        regex=r"^#[0-9A-Fa-f]{6}$",
        required=False,
        error_messages={"invalid": "El color debe escribirse como #RRGGBB."},
    )

    def clean_nombre(self):
        nombre = " ".join(self.cleaned_data["nombre"].split())
        if not nombre:
            raise forms.ValidationError("Escriba el nombre.")
        return nombre

    def clean_color(self):
        return (self.cleaned_data.get("color") or "#3498db").lower()
