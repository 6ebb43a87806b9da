"""Forms of the OT module: every POST body and every list filter of the OT screens goes through one of these."""

from functools import reduce
from operator import or_

from django import forms
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet

from core.datatables import FiltrosDataTable
from operaciones.catalogos.constantes import FrenteId, NivelFrente, TipoId
from operaciones.catalogos.models import Cliente, Frente, ResponsableProyecto, Sitio
from operaciones.pte.models import PTEHeader

from . import selectors
from .models import OTE

ID_MAXIMO = 2**31 - 1
TIPOS_OT = [(TipoId.OT_INICIAL.value, "Inicial"), (TipoId.OT_REPROGRAMACION.value, "Reprogramación")]

MSG_FOLIO_OBLIGATORIO = "El Folio de la OT es obligatorio"
MSG_PRINCIPAL_OBLIGATORIA = "Para una reprogramación, debe seleccionar la OT Inicial."
MSG_PRINCIPAL_INVALIDA = "La OT inicial seleccionada no existe o no está vigente."
MSG_NUM_REPROGRAMACION = "El número de reprogramación debe ser un número entero mayor que cero."
MSG_RESPONSABLE = "Seleccione el responsable del proyecto."
MSG_ANIO = "El año del filtro debe ser un número entre 1900 y 2200."
_CLAVES_NUMERO = ("invalid", "min_value", "max_value")

NOMBRE_CATEGORIA = {
    FrenteId.EMBARCACION: "una embarcación",
    FrenteId.PLATAFORMA: "una plataforma",
    FrenteId.PATIO: "un patio",
    FrenteId.INTERCOM: "un sitio intercom",
}


def _id(que: str = "el registro", *, error_messages: dict | None = None, **kwargs) -> forms.IntegerField:
    """Id of a row; `que` names it in the messages ("la OT", "el paso")."""
    invalido = f"El identificador de {que} no es válido.".replace(" de el ", " del ")
    mensajes = {"required": f"Indique {que}.", "invalid": invalido, "min_value": invalido, "max_value": invalido}
    mensajes.update(error_messages or {})
    return forms.IntegerField(min_value=1, max_value=ID_MAXIMO, error_messages=mensajes, **kwargs)


def _fecha(etiqueta: str) -> forms.DateField:
    nombre = etiqueta if etiqueta.startswith("fecha") else f"fecha de {etiqueta}"
    mensajes = {"invalid": f"La {nombre} no es válida; use el formato DD/MM/AAAA."}
    return forms.DateField(
        label=etiqueta, required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages=mensajes
    )


def _plazo() -> forms.IntegerField:
    mensaje = "El plazo debe ser un número entero de días entre 0 y 36 500."
    mensajes = {"invalid": mensaje, "min_value": mensaje, "max_value": mensaje}
    return forms.IntegerField(min_value=0, max_value=36500, required=False, error_messages=mensajes)


def _monto(moneda: str) -> forms.DecimalField:
    mensaje = f"El monto en {moneda} debe ser un número no negativo con hasta 2 decimales."
    claves = ("invalid", "min_value", "max_digits", "max_decimal_places", "max_whole_digits")
    return forms.DecimalField(
        min_value=0, max_digits=25, decimal_places=2, required=False, error_messages=dict.fromkeys(claves, mensaje)
    )


def _activos_o_actual(queryset: QuerySet, actual_id) -> QuerySet:
    """Active rows of a catalogue, plus the value an OT already has (an edit never fails on a deactivated row)."""
    permitido = Q(activo=True)
    if actual_id is not None:
        permitido |= Q(pk=actual_id)
    return queryset.filter(permitido)


class SitioField(forms.ModelChoiceField):
    """A site of one category; a site of another category is refused with the category's name."""

    def __init__(self, categoria: FrenteId, **kwargs):
        self.categoria = categoria
        mensaje = f"El sitio seleccionado no es {NOMBRE_CATEGORIA[categoria]} activo."
        super().__init__(
            queryset=Sitio.objects.filter(id_frente_id=categoria, activo=True),
            required=False,
            error_messages={"invalid_choice": mensaje},
            **kwargs,
        )

    def permitir(self, actual_id) -> None:
        self.queryset = _activos_o_actual(Sitio.objects.filter(id_frente_id=self.categoria), actual_id)


class PrincipalField(forms.ModelChoiceField):
    """The initial OT (type 4, live) a reprogramming hangs from."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=selectors.ots_iniciales(),
            required=False,
            error_messages={"invalid_choice": MSG_PRINCIPAL_INVALIDA},
            **kwargs,
        )


def _num_reprogramacion() -> forms.IntegerField:
    mensaje = {"invalid": MSG_NUM_REPROGRAMACION, "min_value": MSG_NUM_REPROGRAMACION}
    return forms.IntegerField(min_value=1, max_value=9999, required=False, error_messages=mensaje)


def _ordenadas(form: forms.Form, inicio: str, fin: str, mensaje: str) -> None:
    a, b = form.cleaned_data.get(inicio), form.cleaned_data.get(fin)
    if a and b and b < a:
        form.add_error(fin, mensaje)


def _exigir_principal(form: forms.Form, tipo) -> None:
    """A reprogramming needs its initial OT (an invalid one already carries its own error)."""
    datos = form.cleaned_data
    if tipo == TipoId.OT_REPROGRAMACION and not datos.get("ot_principal") and "ot_principal" not in form.errors:
        form.add_error("ot_principal", forms.ValidationError(MSG_PRINCIPAL_OBLIGATORIA, code="sin_principal"))


# --- List filters ---------------------------------------------------------------------------------------------


class FiltrosOT(FiltrosDataTable):
    """Filters of the OT list and its Excel export (reference §3.2 "Filters"). Deleted OTs are never listed."""

    tipo = forms.TypedChoiceField(
        choices=TIPOS_OT,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "El tipo de OT del filtro debe ser inicial o reprogramación."},
    )
    ot_principal = _id("la OT inicial", required=False)
    estatus = _id("el estatus", required=False)
    responsable_proyecto = _id("el responsable", required=False)
    id_cliente = _id("el cliente", required=False)
    anio = forms.IntegerField(
        min_value=1900, max_value=2200, required=False, error_messages=dict.fromkeys(_CLAVES_NUMERO, MSG_ANIO)
    )
    sitio = _id("el sitio", required=False)
    filtro = forms.CharField(
        max_length=100,
        required=False,
        strip=True,
        error_messages={"max_length": "La búsqueda admite como máximo 100 caracteres."},
    )

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        d = self.cleaned_data
        queryset = queryset.filter(id_tipo=d["tipo"] or TipoId.OT_INICIAL)
        exactos = {
            "ot_principal_id": d["ot_principal"],
            "id_estatus_ot_id": d["estatus"],
            "id_responsable_proyecto_id": d["responsable_proyecto"],
            "id_cliente_id": d["id_cliente"],
        }
        queryset = queryset.filter(**{campo: valor for campo, valor in exactos.items() if valor is not None})
        if d["sitio"] is not None:
            queryset = queryset.filter(reduce(or_, (Q(**{f"{c}_id": d["sitio"]}) for c in selectors.CATEGORIA_SITIO)))
        if d["anio"] is not None:
            # The year is the one of the client's letter (…-2025); OTs without one use their programmed start.
            anio = d["anio"]
            queryset = queryset.filter(
                Q(oficio_ot__endswith=f"-{anio}")
                | (~Q(oficio_ot__regex=r"-[0-9]{4}$") & Q(fecha_inicio_programado__year=anio))
            )
        if d["filtro"]:
            texto = d["filtro"]
            queryset = queryset.filter(
                Q(id_pte_header__oficio_pte__icontains=texto)
                | Q(orden_trabajo__icontains=texto)
                | Q(oficio_ot__icontains=texto)
            )
        return queryset


class FiltrosPasos(FiltrosDataTable):
    """The checklist table of one OT."""

    id_ot = _id("la OT")

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(id_ot_id=self.cleaned_data["id_ot"])


# --- Small request forms --------------------------------------------------------------------------------------


class IdForm(forms.Form):
    id = _id("la OT")


class FrenteSitiosForm(forms.Form):
    frente_id = forms.TypedChoiceField(
        choices=[(c.value, c.label) for c in NOMBRE_CATEGORIA],
        coerce=int,
        error_messages={"required": "Indique el frente.", "invalid_choice": "El frente indicado no es válido."},
    )


class OtIdForm(forms.Form):
    ot_id = _id("la OT")


# --- Create / edit --------------------------------------------------------------------------------------------


class CrearOTForm(forms.Form):
    """Modal "Crear OT / reprogramación". Blank values of a reprogramming are taken from its initial OT."""

    id_tipo = forms.TypedChoiceField(choices=TIPOS_OT, coerce=int, required=False, empty_value=TipoId.OT_INICIAL.value)
    orden_trabajo = forms.CharField(max_length=150, error_messages={"required": MSG_FOLIO_OBLIGATORIO})
    ot_principal = PrincipalField()
    num_reprogramacion = _num_reprogramacion()
    descripcion_trabajo = forms.CharField(max_length=5000, required=False)
    id_responsable_proyecto = forms.ModelChoiceField(ResponsableProyecto.objects.filter(activo=True), required=False)
    id_cliente = forms.ModelChoiceField(Cliente.objects.filter(activo=True), required=False)
    id_estatus_ot = forms.ModelChoiceField(selectors.estatus_de_ot(), required=False)
    responsable_cliente = forms.CharField(max_length=200, required=False)
    oficio_ot = forms.CharField(max_length=200, required=False)
    comentario = forms.CharField(max_length=5000, required=False)
    fecha_inicio_programado = _fecha("inicio programado")
    fecha_termino_programado = _fecha("término programado")
    plazo_dias = _plazo()

    def clean(self):
        datos = super().clean()
        _exigir_principal(self, datos.get("id_tipo"))
        termino = "La fecha de término no puede ser anterior a la de inicio."
        _ordenadas(self, "fecha_inicio_programado", "fecha_termino_programado", termino)
        return datos

    def falta_principal(self) -> bool:
        """Only the initial OT is missing: answered as a warning, as the original did."""
        return self.has_error("ot_principal", "sin_principal") and "orden_trabajo" not in self.errors


class EditarOTForm(forms.Form):
    """Modal "Editar OT": every field of the modal; the sites by front are settled by `services.ot_actualizar`."""

    id = _id("la OT")
    orden_trabajo = forms.CharField(max_length=150, error_messages={"required": MSG_FOLIO_OBLIGATORIO})
    descripcion_trabajo = forms.CharField(max_length=5000, required=False)
    responsable_cliente = forms.CharField(max_length=200, required=False)
    oficio_ot = forms.CharField(max_length=200, required=False)
    comentario = forms.CharField(max_length=5000, required=False)
    id_tipo = forms.TypedChoiceField(choices=TIPOS_OT, coerce=int, required=False, empty_value=None)
    ot_principal = PrincipalField()
    num_reprogramacion = _num_reprogramacion()
    id_responsable_proyecto = forms.ModelChoiceField(
        ResponsableProyecto.objects.all(), error_messages={"required": MSG_RESPONSABLE}
    )
    id_cliente = forms.ModelChoiceField(Cliente.objects.all(), required=False)
    id_frente = forms.ModelChoiceField(Frente.objects.filter(nivel_afectacion=NivelFrente.OTS), required=False)
    id_embarcacion = SitioField(FrenteId.EMBARCACION)
    id_plataforma = SitioField(FrenteId.PLATAFORMA)
    id_intercom = SitioField(FrenteId.INTERCOM)
    id_patio = SitioField(FrenteId.PATIO)
    check_fase_patio = forms.BooleanField(required=False)
    id_patio_fase = SitioField(FrenteId.PATIO)
    fecha_inicio_patio = _fecha("inicio en patio")
    fecha_fin_patio = _fecha("fin en patio")
    plazo_dias = _plazo()
    monto_mxn = _monto("MXN")
    monto_usd = _monto("USD")
    fecha_inicio_programado = _fecha("inicio programado")
    fecha_termino_programado = _fecha("término programado")
    fecha_inicio_real = _fecha("inicio real")
    fecha_termino_real = _fecha("término real")

    def __init__(self, *args, ot: OTE | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ot = ot
        actual = (lambda campo: getattr(ot, f"{campo}_id")) if ot is not None else (lambda campo: None)
        for campo in ("id_responsable_proyecto", "id_cliente", "id_frente"):
            self.fields[campo].queryset = _activos_o_actual(self.fields[campo].queryset, actual(campo))
        for campo in selectors.CATEGORIA_SITIO:
            self.fields[campo].permitir(actual(campo))
        self.fields["id_patio_fase"].permitir(actual("id_patio"))
        if ot is not None:
            self.fields["ot_principal"].queryset = selectors.ots_iniciales().exclude(pk=ot.pk)

    def clean(self):
        datos = super().clean()
        _exigir_principal(self, datos.get("id_tipo") or (self.ot.id_tipo_id if self.ot else None))
        termino = "La fecha de término no puede ser anterior a la de inicio."
        _ordenadas(self, "fecha_inicio_programado", "fecha_termino_programado", termino)
        _ordenadas(self, "fecha_inicio_real", "fecha_termino_real", termino)
        _ordenadas(self, "fecha_inicio_patio", "fecha_fin_patio", "El fin en patio no puede ser anterior a su inicio.")
        return datos


class CambiarEstatusOTForm(forms.Form):
    ot_id = _id("la OT")
    nuevo_estatus_id = forms.ModelChoiceField(
        selectors.estatus_de_ot(),
        error_messages={
            "required": "Seleccione el nuevo estatus.",
            "invalid_choice": "El estatus no es un estatus de OT.",
        },
    )
    comentario = forms.CharField(max_length=5000, required=False)
    fecha = _fecha("fecha de término real")


# --- Steps ----------------------------------------------------------------------------------------------------


class CambiarEstatusPasoForm(forms.Form):
    paso_id = _id("el paso")
    nuevo_estatus = forms.ModelChoiceField(
        selectors.estatus_de_paso(),
        error_messages={
            "required": "Seleccione el nuevo estatus.",
            "invalid_choice": "El estatus no es un estatus de paso.",
        },
    )
    comentario = forms.CharField(max_length=5000, required=False)
    fecha_entrega = _fecha("fecha de entrega")


FECHAS_PASO = {1: "fecha_inicio", 2: "fecha_termino", 3: "fecha_entrega"}


class ActualizarFechaPasoForm(forms.Form):
    id_paso = _id("el paso")
    fecha = _fecha("fecha")
    tipo = forms.TypedChoiceField(
        choices=[(1, "inicio"), (2, "término"), (3, "entrega")],
        coerce=int,
        error_messages={
            "required": "Indique qué fecha del paso se cambia.",
            "invalid_choice": "El tipo de fecha debe ser 1 (inicio), 2 (término) o 3 (entrega).",
        },
    )

    @property
    def campo(self) -> str:
        return FECHAS_PASO[self.cleaned_data["tipo"]]


class ArchivoPasoForm(forms.Form):
    paso_id = _id("el paso")
    archivo = forms.CharField(
        max_length=2000,
        required=False,
        validators=[
            URLValidator(schemes=["http", "https"], message="Escriba un enlace que empiece con http:// o https://.")
        ],
    )


# --- PTE → OT -------------------------------------------------------------------------------------------------


class CrearOTDesdePTEForm(forms.Form):
    pte_id = forms.ModelChoiceField(
        PTEHeader.objects.filter(estatus__gt=0),
        error_messages={"required": "Indique la PTE.", "invalid_choice": "La PTE no existe o fue eliminada."},
    )
    oficio = forms.CharField(max_length=150, error_messages={"required": MSG_FOLIO_OBLIGATORIO})
    tipo_ot = forms.TypedChoiceField(
        choices=TIPOS_OT,
        coerce=int,
        required=False,
        empty_value=TipoId.OT_INICIAL.value,
        error_messages={"invalid_choice": "El tipo de OT debe ser inicial o reprogramación."},
    )
    ot_principal = PrincipalField()
    num_reprogramacion = _num_reprogramacion()

    def clean(self):
        datos = super().clean()
        _exigir_principal(self, datos.get("tipo_ot"))
        return datos

    def falta_principal(self) -> bool:
        return self.has_error("ot_principal", "sin_principal") and len(self.errors) == 1
