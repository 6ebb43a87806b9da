"""Forms of the catalogue screens: every create/edit body and every list filter goes through one of these."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from core.datatables import FiltrosDataTable

from . import selectors
from .constantes import NivelFrente, NivelTipo
from .models import (
    Cliente,
    Estatus,
    Frente,
    Paso,
    PasoOt,
    ResponsableProyecto,
    Sitio,
    Tipo,
    TipoPaso,
    UnidadMedida,
)


def normalizar_texto(valor: str) -> str:
    """Trim and collapse inner spaces, so "  Buzo   A " and "Buzo A" are the same name."""
    return " ".join((valor or "").split())


class CatalogoForm(forms.ModelForm):
    """Shared rules: text normalised, and `campos_unicos` unique among active rows of the same `alcance`.

    Foreign-key choices offer active rows only, plus the row's current value when editing (so an edit never
    fails because a referenced row was deactivated meanwhile).
    """

    campos_unicos: tuple[str, ...] = ("descripcion",)
    alcance: tuple[str, ...] = ()
    # field name → filter of the offered rows (always active ones, plus the current value)
    opciones: dict[str, Q] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nombre, condicion in self.opciones.items():
            campo = self.fields[nombre]
            actual = getattr(self.instance, f"{nombre}_id", None)
            permitido = Q(activo=True) & condicion
            if actual is not None:
                permitido |= Q(pk=actual)
            campo.queryset = campo.queryset.model.objects.filter(permitido)
        for campo in self.fields.values():
            clase = "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
            campo.widget.attrs.setdefault("class", clase)
            if isinstance(campo.widget, forms.Textarea):
                campo.widget.attrs.setdefault("rows", 2)

    def clean(self):
        datos = super().clean()
        for campo in self.campos_unicos:
            if campo in datos and isinstance(datos[campo], str):
                datos[campo] = normalizar_texto(datos[campo])
        if not self.errors:
            for campo in self.campos_unicos:
                alcance = {c: datos.get(c) for c in self.alcance}
                if selectors.valor_duplicado(
                    self._meta.model, campo=campo, valor=datos[campo], alcance=alcance, excluir_pk=self.instance.pk
                ):
                    etiqueta = self.fields[campo].label or campo
                    self.add_error(campo, f"Ya existe un registro activo con esa {etiqueta.lower()}.")
        return datos


class TipoForm(CatalogoForm):
    alcance = ("nivel_afectacion",)

    class Meta:
        model = Tipo
        fields = ["descripcion", "nivel_afectacion", "comentario"]
        widgets = {"comentario": forms.Textarea}


class EstatusForm(CatalogoForm):
    alcance = ("nivel_afectacion",)

    class Meta:
        model = Estatus
        fields = ["descripcion", "nivel_afectacion", "comentario"]
        widgets = {"comentario": forms.Textarea}


class FrenteForm(CatalogoForm):
    alcance = ("nivel_afectacion",)

    class Meta:
        model = Frente
        fields = ["descripcion", "nivel_afectacion", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nivel_afectacion"].required = True


class SitioForm(CatalogoForm):
    opciones = {"id_frente": Q(nivel_afectacion=NivelFrente.SITIOS)}

    class Meta:
        model = Sitio
        fields = ["descripcion", "id_frente", "capacidad_pob", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_frente"].required = True
        self.fields["id_frente"].error_messages["invalid_choice"] = "Elija una categoría de sitio válida."


class UnidadMedidaForm(CatalogoForm):
    campos_unicos = ("descripcion", "clave")

    class Meta:
        model = UnidadMedida
        fields = ["descripcion", "clave", "comentario"]
        widgets = {"comentario": forms.Textarea}


class ResponsableProyectoForm(CatalogoForm):
    class Meta:
        model = ResponsableProyecto
        fields = ["descripcion", "usuario", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actual = self.instance.usuario_id
        permitido = Q(is_active=True) | Q(pk=actual) if actual else Q(is_active=True)
        self.fields["usuario"].queryset = get_user_model().objects.filter(permitido).order_by("username")


class ClienteForm(CatalogoForm):
    opciones = {"id_tipo": Q(nivel_afectacion=NivelTipo.CLIENTE)}

    class Meta:
        model = Cliente
        fields = ["descripcion", "id_tipo", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_tipo"].error_messages["invalid_choice"] = "Elija un tipo de cliente válido."


class PasoForm(CatalogoForm):
    alcance = ("id_tipo_cliente", "paso_padre")
    opciones = {
        "id_tipo_cliente": Q(nivel_afectacion=NivelTipo.CLIENTE),
        "paso_padre": Q(tipo=TipoPaso.PRINCIPAL),
    }
    importancia = forms.DecimalField(
        label="Importancia (peso)", min_value=Decimal(0), max_digits=7, decimal_places=2, initial=Decimal(0)
    )

    class Meta:
        model = Paso
        fields = ["descripcion", "orden", "tipo", "paso_padre", "id_tipo_cliente", "importancia", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["paso_padre"].queryset = self.fields["paso_padre"].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        datos = super().clean()
        tipo, padre = datos.get("tipo"), datos.get("paso_padre")
        if tipo == TipoPaso.SUBPASO and padre is None and "paso_padre" not in self.errors:
            self.add_error("paso_padre", "Un sub-paso necesita su paso padre.")
        if tipo == TipoPaso.PRINCIPAL and padre is not None:
            self.add_error("paso_padre", "Un paso principal no tiene paso padre.")
        cliente = datos.get("id_tipo_cliente")
        if padre is not None and cliente is not None and padre.id_tipo_cliente_id != cliente.pk:
            self.add_error("paso_padre", "El paso padre es de otro tipo de cliente.")
        return datos


class PasoOtForm(CatalogoForm):
    alcance = ("tipo", "id_tipo_cliente")
    opciones = {
        "tipo": Q(nivel_afectacion=NivelTipo.OT),
        "id_tipo_cliente": Q(nivel_afectacion=NivelTipo.CLIENTE),
        "paso_pte_origen": Q(),
    }
    importancia = forms.DecimalField(
        label="Importancia (peso)", min_value=Decimal(0), max_digits=7, decimal_places=2, initial=Decimal(0)
    )

    class Meta:
        model = PasoOt
        fields = ["descripcion", "orden", "tipo", "id_tipo_cliente", "paso_pte_origen", "importancia", "comentario"]
        widgets = {"comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].error_messages["invalid_choice"] = "Elija una plantilla de OT válida."


class FiltrosCatalogo(FiltrosDataTable):
    """Active rows by default; `estado` shows the inactive ones (or all). Subclasses add exact-value filters."""

    ESTADOS = [("activos", "Activos"), ("inactivos", "Inactivos"), ("todos", "Todos")]
    estado = forms.ChoiceField(choices=ESTADOS, required=False)
    # filter field name → model field it matches exactly
    por_campo: dict[str, str] = {}

    def filtrar(self, queryset):
        estado = self.cleaned_data.get("estado") or "activos"
        if estado != "todos":
            queryset = queryset.filter(activo=estado == "activos")
        for nombre, campo in self.por_campo.items():
            valor = self.cleaned_data.get(nombre)
            if valor is not None:
                queryset = queryset.filter(**{campo: valor})
        return queryset


def filtros_para(**campos: str) -> type[FiltrosCatalogo]:
    """A FiltrosCatalogo with one optional integer filter per model field (an id or a choice value)."""
    atributos = {nombre: forms.IntegerField(min_value=0, required=False) for nombre in campos}
    atributos["por_campo"] = dict(campos)
    return type("FiltrosCatalogoCampos", (FiltrosCatalogo,), atributos)


class RegistroIdForm(forms.Form):
    """The body of deactivate/reactivate: the row's id."""

    id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
