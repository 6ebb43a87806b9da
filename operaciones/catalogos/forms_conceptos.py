"""Forms of the contract and concept-catalogue screens: every body and every list filter goes through one of these."""

from decimal import Decimal

from django import forms
from django.db.models import Q

from core.datatables import BUSQUEDA_MAXIMA, FiltrosDataTable

from . import selectors_conceptos as s
from .forms import FiltrosCatalogo, filtros_para
from .models import Cliente, ConceptoMaestro, Contrato, EstatusPUE, SubAnexo, UnidadMedida
from .services_contratos import CAMPOS_CONTRATO, CAMPOS_SUBANEXO

ID_MAXIMO = 2**63 - 1
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]
LIMITE_BUSQUEDA = 50
LIMITE_BUSQUEDA_DEFECTO = 20

MSG_UNIDAD = "Elija una unidad de medida existente."
MSG_SUB_ANEXO = "Elija un sub-anexo activo."
MSG_CLIENTE = "Elija un cliente activo."
MSG_CONTRATO = "Elija un contrato activo."


def _id(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=ID_MAXIMO, **kwargs)


def _fecha(etiqueta: str) -> forms.DateField:
    return forms.DateField(
        label=etiqueta,
        required=False,
        input_formats=FORMATOS_FECHA,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _dinero(etiqueta: str, *, digitos: int, decimales: int, maximo: Decimal | None = None) -> forms.DecimalField:
    """A non-negative amount; blank is 0. Decimal places beyond the column's are refused, never rounded away."""
    return forms.DecimalField(
        label=etiqueta,
        required=False,
        min_value=Decimal(0),
        max_value=maximo,
        max_digits=digitos,
        decimal_places=decimales,
    )


def _precio(etiqueta: str) -> forms.DecimalField:
    return _dinero(etiqueta, digitos=18, decimales=4)


def _cantidad() -> forms.DecimalField:
    return _dinero("Cantidad de referencia", digitos=20, decimales=6)


def _activos_o_actual(queryset, actual_id):
    """Active rows, plus the value being edited (an edit never fails because a referenced row was deactivated)."""
    permitido = Q(activo=True)
    if actual_id is not None:
        permitido |= Q(pk=actual_id)
    return queryset.filter(permitido)


def limpiar_encabezado(valor: str) -> str:
    """ID PADRE / MADRE / HIJO as the workbook should have written them: no nbsp, no stray blanks."""
    return s.normalizar_descripcion(valor)


class _Formulario(forms.ModelForm):
    """Bootstrap classes on every control; zero for a blank amount."""

    decimales_cero: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            clase = "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
            campo.widget.attrs.setdefault("class", clase)
            if isinstance(campo.widget, forms.Textarea):
                campo.widget.attrs.setdefault("rows", 2)

    def clean(self):
        datos = super().clean()
        for campo in self.decimales_cero:
            if campo in datos and datos[campo] is None:
                datos[campo] = Decimal(0)
        return datos

    def validate_unique(self):
        # The services own every uniqueness rule (with Spanish messages); the model's generic ones would repeat them.
        return


# --- Contracts and sub-anexos ------------------------------------------------------------------------------------


class ContratoForm(_Formulario):
    decimales_cero = ("monto_mn", "monto_usd", "porcentaje_retencion", "porcentaje_amortizacion_anticipo")

    fecha_inicio = _fecha("Fecha de inicio")
    fecha_termino = _fecha("Fecha de término")
    monto_mn = _dinero("Monto M.N.", digitos=20, decimales=2)
    monto_usd = _dinero("Monto USD", digitos=20, decimales=2)
    porcentaje_retencion = _dinero("Retención (fondo de garantía) %", digitos=5, decimales=2, maximo=Decimal(100))
    porcentaje_amortizacion_anticipo = _dinero(
        "Amortización de anticipo %", digitos=5, decimales=2, maximo=Decimal(100)
    )

    class Meta:
        model = Contrato
        fields = list(CAMPOS_CONTRATO)  # what contrato_crear / contrato_actualizar write
        widgets = {"descripcion": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campo = self.fields["cliente"]
        campo.queryset = _activos_o_actual(Cliente.objects.order_by("descripcion"), self.instance.cliente_id)
        campo.error_messages["invalid_choice"] = MSG_CLIENTE

    def clean_numero_contrato(self):
        numero = s.normalizar_descripcion(self.cleaned_data["numero_contrato"])
        if not numero:
            raise forms.ValidationError("El número de contrato es obligatorio.")
        otros = Contrato.objects.filter(numero_contrato__iexact=numero)
        if self.instance.pk:
            otros = otros.exclude(pk=self.instance.pk)
        if otros.exists():
            raise forms.ValidationError("Ya existe un contrato con ese número.")
        return numero

    def clean(self):
        datos = super().clean()
        inicio, termino = datos.get("fecha_inicio"), datos.get("fecha_termino")
        if inicio and termino and termino < inicio:
            self.add_error("fecha_termino", "La fecha de término no puede ser anterior a la de inicio.")
        return datos


class SubAnexoForm(_Formulario):
    class Meta:
        model = SubAnexo
        fields = list(CAMPOS_SUBANEXO)
        widgets = {"descripcion": forms.Textarea}

    def clean_clave_anexo(self):
        clave = s.normalizar_clave_anexo(self.cleaned_data["clave_anexo"])
        if not clave:
            raise forms.ValidationError("La clave del sub-anexo es obligatoria.")
        return clave


class SubAnexoCrearForm(SubAnexoForm):
    """A new sub-anexo names its contract (it goes under the contract's Anexo C)."""

    contrato = forms.ModelChoiceField(
        queryset=Contrato.objects.filter(activo=True), error_messages={"invalid_choice": MSG_CONTRATO}
    )


# --- Concepts ----------------------------------------------------------------------------------------------------


class SubAnexoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.anexo_maestro.contrato.numero_contrato} · {obj.clave_anexo}"


class UnidadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.clave if obj.clave == obj.descripcion else f"{obj.clave} — {obj.descripcion}"


class _ConceptoForm(_Formulario):
    decimales_cero = ("cantidad", "precio_unitario_mn", "precio_unitario_usd")

    unidad_medida = UnidadChoiceField(
        queryset=UnidadMedida.objects.none(), label="Unidad", error_messages={"invalid_choice": MSG_UNIDAD}
    )
    cantidad = _cantidad()
    precio_unitario_mn = _precio("P.U. M.N.")
    precio_unitario_usd = _precio("P.U. USD")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unidades = UnidadMedida.objects.order_by("clave")
        self.fields["unidad_medida"].queryset = _activos_o_actual(unidades, self.instance.unidad_medida_id)

    def clean_descripcion(self):
        descripcion = s.normalizar_descripcion(self.cleaned_data["descripcion"])
        if not descripcion:
            raise forms.ValidationError("La descripción es obligatoria.")
        return descripcion


class ConceptoOrdinarioForm(_ConceptoForm):
    """An Anexo C line: sub-anexo + partida required; (sub-anexo, partida, description) unique among active ones."""

    sub_anexo = SubAnexoChoiceField(
        queryset=SubAnexo.objects.none(), label="Sub-anexo", error_messages={"invalid_choice": MSG_SUB_ANEXO}
    )

    class Meta:
        model = ConceptoMaestro
        fields = [
            "sub_anexo",
            "partida_ordinaria",
            "codigo_interno",
            "descripcion",
            "unidad_medida",
            "cantidad",
            "precio_unitario_mn",
            "precio_unitario_usd",
            "categoria",
            "subcategoria",
            "clasificacion",
            "comentario",
        ]
        labels = {"categoria": "ID PADRE", "subcategoria": "ID MADRE", "clasificacion": "ID HIJO"}
        widgets = {"descripcion": forms.Textarea, "comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actual = self.instance.sub_anexo_id
        vivos = Q(activo=True, anexo_maestro__contrato__activo=True)
        if actual is not None:
            vivos |= Q(pk=actual)
        self.fields["sub_anexo"].queryset = (
            SubAnexo.objects.filter(vivos)
            .select_related("anexo_maestro__contrato")
            .order_by("anexo_maestro__contrato__numero_contrato", "clave_anexo")
        )
        self.fields["sub_anexo"].required = True
        self.fields["partida_ordinaria"].required = True

    def clean_partida_ordinaria(self):
        # The code is kept exactly as written ("4.10." stays "4.10."): only the surrounding blanks go.
        partida = (self.cleaned_data["partida_ordinaria"] or "").replace("\xa0", " ").strip()
        if not partida:
            raise forms.ValidationError("La partida es obligatoria.")
        return partida

    def clean_categoria(self):
        return limpiar_encabezado(self.cleaned_data["categoria"])

    def clean_subcategoria(self):
        return limpiar_encabezado(self.cleaned_data["subcategoria"])

    def clean_clasificacion(self):
        return limpiar_encabezado(self.cleaned_data["clasificacion"])

    def clean(self):
        datos = super().clean()
        sub_anexo, partida, descripcion = (
            datos.get("sub_anexo"),
            datos.get("partida_ordinaria"),
            datos.get("descripcion"),
        )
        if sub_anexo is not None and partida and descripcion:
            otro = s.identidad_ocupada(
                sub_anexo_id=sub_anexo.pk, partida=partida, descripcion=descripcion, excluir_pk=self.instance.pk
            )
            if otro is not None:
                self.add_error("partida_ordinaria", s.mensaje_identidad(sub_anexo, partida))
        return datos


class PUEForm(_ConceptoForm):
    """An extraordinary price: code required ("NA" may repeat, any other is unique among active concepts)."""

    fecha_autorizacion = _fecha("Fecha de sanción")

    class Meta:
        model = ConceptoMaestro
        fields = [
            "partida_extraordinaria",
            "codigo_interno",
            "descripcion",
            "unidad_medida",
            "cantidad",
            "precio_unitario_mn",
            "precio_unitario_usd",
            "pte_creacion",
            "ot_creacion",
            "fecha_autorizacion",
            "comentario",
        ]
        labels = {"partida_extraordinaria": "Clave de la PUE"}
        widgets = {"descripcion": forms.Textarea, "comentario": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partida_extraordinaria"].required = True

    def clean_partida_extraordinaria(self):
        codigo = (self.cleaned_data["partida_extraordinaria"] or "").replace("\xa0", " ").strip().upper()
        if not codigo:
            raise forms.ValidationError("La clave de la PUE es obligatoria (use NA si aún no tiene).")
        otro = s.codigo_pue_ocupado(codigo, excluir_pk=self.instance.pk)
        if otro is not None:
            raise forms.ValidationError(s.mensaje_codigo_pue(codigo, otro))
        return codigo

    def clean_pte_creacion(self):
        return s.normalizar_descripcion(self.cleaned_data["pte_creacion"])

    def clean_ot_creacion(self):
        return s.normalizar_descripcion(self.cleaned_data["ot_creacion"])


class RegistroIdForm(forms.Form):
    id = _id()


class CambiarEstatusPUEForm(forms.Form):
    id = _id()
    estatus = forms.ChoiceField(
        choices=EstatusPUE.choices, error_messages={"invalid_choice": "Elija un estatus de PUE válido."}
    )
    fecha_autorizacion = _fecha("Fecha de sanción")


class ConvertirPUEForm(forms.Form):
    """PUE → ordinary concept: target contract (optional when there is one), sub-anexo key, new partida, prices."""

    id = _id()
    contrato = forms.ModelChoiceField(
        queryset=Contrato.objects.none(), required=False, error_messages={"invalid_choice": MSG_CONTRATO}
    )
    sub_anexo_clave = forms.CharField(label="Sub-anexo", max_length=SubAnexo._meta.get_field("clave_anexo").max_length)
    partida = forms.CharField(
        label="Partida", max_length=ConceptoMaestro._meta.get_field("partida_ordinaria").max_length
    )
    precio_unitario_mn = _precio("P.U. M.N.")
    precio_unitario_usd = _precio("P.U. USD")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contrato"].queryset = s.contratos_activos()

    def clean_sub_anexo_clave(self):
        clave = s.normalizar_clave_anexo(self.cleaned_data["sub_anexo_clave"])
        if not clave:
            raise forms.ValidationError("La clave del sub-anexo es obligatoria.")
        return clave

    def clean_partida(self):
        partida = self.cleaned_data["partida"].replace("\xa0", " ").strip()
        if not partida:
            raise forms.ValidationError("La partida es obligatoria.")
        return partida


# --- Filters -----------------------------------------------------------------------------------------------------


FiltrosContratos = filtros_para(cliente="cliente_id")


class FiltrosConceptos(FiltrosDataTable):
    """Filters of both concept lists and of their Excel export.

    A PUE belongs to no contract until converted: on the PUE list, contract and sub-anexo narrow to the PUEs
    converted into them. `estado` defaults to active rows; a converted PUE is inactive (its code lives on in
    the ordinary line), so "Convertida: sí" with "Todos" lists them.
    """

    ESTADOS = FiltrosCatalogo.ESTADOS
    vista = forms.ChoiceField(choices=s.Vista.OPCIONES, required=False)
    contrato = _id(required=False)
    sub_anexo = _id(required=False)
    unidad = _id(required=False)
    texto = forms.CharField(max_length=BUSQUEDA_MAXIMA, required=False)
    estado = forms.ChoiceField(choices=ESTADOS, required=False)
    estatus = forms.ChoiceField(choices=EstatusPUE.choices, required=False)
    convertida = forms.ChoiceField(choices=[("si", "Sí"), ("no", "No")], required=False)

    def clean_vista(self):
        return self.cleaned_data["vista"] or s.Vista.ORDINARIOS

    def filtrar(self, queryset):
        d = self.cleaned_data
        estado = d["estado"] or "activos"
        if estado != "todos":
            queryset = queryset.filter(activo=estado == "activos")
        if d["vista"] == s.Vista.PUES:
            queryset = self._por_destino(queryset, d["contrato"], d["sub_anexo"])
        else:
            if d["contrato"] is not None:
                queryset = queryset.filter(sub_anexo__anexo_maestro__contrato_id=d["contrato"])
            if d["sub_anexo"] is not None:
                queryset = queryset.filter(sub_anexo_id=d["sub_anexo"])
        if d["unidad"] is not None:
            queryset = queryset.filter(unidad_medida_id=d["unidad"])
        if d["estatus"]:
            queryset = queryset.filter(estatus=d["estatus"])
        if d["convertida"]:
            queryset = s.con_conversion(queryset, d["convertida"] == "si")
        condicion = s.busqueda_en_conceptos(d["texto"])
        return queryset if condicion is None else queryset.filter(condicion)

    @staticmethod
    def _por_destino(queryset, contrato_id, sub_anexo_id):
        destino = Q()
        if contrato_id is not None:
            destino &= Q(conversiones__sub_anexo__anexo_maestro__contrato_id=contrato_id)
        if sub_anexo_id is not None:
            destino &= Q(conversiones__sub_anexo_id=sub_anexo_id)
        if not destino:
            return queryset
        return queryset.filter(pk__in=ConceptoMaestro.objects.filter(destino).values("pk"))


class BuscarConceptosForm(forms.Form):
    """The picker search: `q` over codes and description, an optional contract or sub-anexo, a bounded limit."""

    q = forms.CharField(max_length=BUSQUEDA_MAXIMA, required=False)
    contrato = _id(required=False)
    sub_anexo = _id(required=False)
    limite = forms.IntegerField(min_value=1, max_value=LIMITE_BUSQUEDA, required=False)

    def clean_limite(self):
        return self.cleaned_data["limite"] or LIMITE_BUSQUEDA_DEFECTO
