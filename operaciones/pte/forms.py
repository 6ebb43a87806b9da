"""Forms of the PTE module: every POST body and every list filter goes through one of these."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.db.models.functions import Right, Trim, Upper
from django.forms.models import model_to_dict

from core.datatables import FiltrosDataTable
from operaciones.catalogos.constantes import EstatusId, NivelTipo, TipoId
from operaciones.catalogos.models import Cliente, ResponsableProyecto, Tipo

from .models import EstatusPTE, Prioridad, PTEHeader

SIN_FOLIO = "SIN FOLIO"
MSG_ENLACE = "Escriba una dirección que empiece con http:// o https://."
ID_MAXIMO = 2**63 - 1
FORMATOS_FECHA = ["%Y-%m-%d", "%d/%m/%Y"]

ESTATUS_PTE_ELEGIBLES = [(e.value, e.label) for e in EstatusPTE if e != EstatusPTE.ELIMINADA]
ESTATUS_PASO_ELEGIBLES = [
    (e.value, e.label)
    for e in (EstatusId.PENDIENTE, EstatusId.PROCESO, EstatusId.COMPLETADO, EstatusId.CANCELADO, EstatusId.NO_APLICA)
]


# Which date of a step `actualizar-fecha` writes (the original's `tipo`).
CAMPO_FECHA_PASO = {1: "fecha_inicio", 2: "fecha_termino", 3: "fecha_entrega"}


def campo_id(que: str = "el registro", **kwargs) -> forms.IntegerField:
    """Id of a row; `que` names it in the messages ("la PTE", "el paso")."""
    invalido = f"El identificador de {que} no es válido.".replace(" de el ", " del ")
    mensajes = {"required": f"Indique {que}.", "invalid": invalido, "min_value": invalido, "max_value": invalido}
    return forms.IntegerField(min_value=1, max_value=ID_MAXIMO, error_messages=mensajes, **kwargs)


def campo_fecha(que: str = "La fecha", **kwargs) -> forms.DateField:
    """Optional date typed as AAAA-MM-DD or DD/MM/AAAA; `que` names it in the message."""
    mensajes = {"invalid": f"{que} no es válida; use el formato DD/MM/AAAA."}
    return forms.DateField(input_formats=FORMATOS_FECHA, required=False, error_messages=mensajes, **kwargs)


def _largo(que: str, limite: int) -> dict:
    return {"max_length": f"{que} admite como máximo {limite:,} caracteres.".replace(",", " ")}


def normalizar_folio(valor: str) -> str:
    """Trim and collapse spaces; blank (or any spelling of "sin folio") becomes SIN FOLIO."""
    texto = " ".join((valor or "").split())
    return SIN_FOLIO if not texto or texto.upper() == SIN_FOLIO else texto


def _entre_activos(campo: forms.ModelChoiceField, condicion: Q, actual_id: int | None) -> None:
    """Offer active rows matching `condicion`, plus the current value when editing."""
    permitido = Q(activo=True) & condicion
    if actual_id is not None:
        permitido |= Q(pk=actual_id)
    campo.queryset = campo.queryset.model.objects.filter(permitido).order_by("descripcion")


class PTEForm(forms.ModelForm):
    """Create/edit body of a PTE header. Blank texts take the original's placeholders."""

    oficio_pte = forms.CharField(
        label="Folio PTE", max_length=100, required=False, error_messages=_largo("El folio PTE", 100)
    )
    oficio_solicitud = forms.CharField(
        label="Oficio de solicitud",
        max_length=200,
        required=False,
        error_messages=_largo("El oficio de solicitud", 200),
    )
    descripcion_trabajo = forms.CharField(label="Descripción del trabajo", required=False, widget=forms.Textarea)
    fecha_solicitud = campo_fecha(
        "La fecha de solicitud", label="Fecha de solicitud", widget=forms.DateInput(attrs={"type": "date"})
    )
    plazo_dias = forms.IntegerField(
        label="Plazo (días)",
        min_value=1,
        max_value=36500,
        error_messages={
            "required": "Indique el plazo en días.",
            "invalid": "El plazo debe ser un número entero de días.",
            "min_value": "El plazo debe ser de al menos 1 día.",
            "max_value": "El plazo no puede pasar de 36 500 días.",
        },
    )
    total_homologado = forms.DecimalField(
        label="Total homologado",
        max_digits=15,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        error_messages={
            "invalid": "El total homologado debe ser un número.",
            "min_value": "El total homologado no puede ser negativo.",
            "max_digits": "El total homologado es demasiado grande.",
            "max_whole_digits": "El total homologado es demasiado grande.",
            "max_decimal_places": "El total homologado admite como máximo 2 decimales.",
        },
    )
    id_orden_trabajo = forms.CharField(
        label="Orden de trabajo", max_length=100, required=False, error_messages=_largo("La orden de trabajo", 100)
    )
    comentario = forms.CharField(label="Comentario", required=False, widget=forms.Textarea)

    class Meta:
        model = PTEHeader
        fields = [
            "oficio_pte",
            "id_cliente",
            "id_responsable_proyecto",
            "id_tipo",
            "prioridad",
            "oficio_solicitud",
            "descripcion_trabajo",
            "fecha_solicitud",
            "plazo_dias",
            "total_homologado",
            "id_orden_trabajo",
            "comentario",
        ]
        labels = {
            "id_cliente": "Cliente",
            "id_responsable_proyecto": "Responsable del proyecto",
            "id_tipo": "Tipo de PTE",
            "prioridad": "Prioridad",
        }
        error_messages = {
            "id_cliente": {
                "required": "Seleccione el cliente.",
                "invalid_choice": "El cliente elegido no existe o está inactivo.",
            },
            "id_responsable_proyecto": {
                "required": "Seleccione el responsable del proyecto.",
                "invalid_choice": "El responsable del proyecto elegido no existe o está inactivo.",
            },
            "id_tipo": {
                "required": "Seleccione el tipo de PTE.",
                "invalid_choice": "El tipo de PTE elegido no existe, está inactivo o no es un tipo de PTE.",
            },
            "prioridad": {
                "required": "Seleccione la prioridad.",
                "invalid_choice": "La prioridad elegida no es válida.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_cliente"].required = True
        self.fields["prioridad"].choices = list(Prioridad.choices)
        instancia = self.instance
        _entre_activos(self.fields["id_cliente"], Q(), instancia.id_cliente_id)
        _entre_activos(self.fields["id_responsable_proyecto"], Q(), instancia.id_responsable_proyecto_id)
        # Tipo 1 "PTE" is the original's hidden placeholder type: never offered for new choices.
        _entre_activos(
            self.fields["id_tipo"],
            Q(nivel_afectacion=NivelTipo.PTE) & ~Q(pk=TipoId.PTE),
            instancia.id_tipo_id if instancia.pk else None,
        )
        for nombre, campo in self.fields.items():
            campo.widget.attrs.setdefault(
                "class", "form-select" if isinstance(campo.widget, forms.Select) else "form-control"
            )
            campo.widget.attrs.setdefault("id", f"pte-{nombre}")
            if isinstance(campo.widget, forms.Textarea):
                campo.widget.attrs.setdefault("rows", 2)

    @classmethod
    def parcial(cls, data, instance: PTEHeader) -> "PTEForm":
        """Edit form where a field absent from the body keeps the PTE's value (a present one, even blank, applies)."""
        datos = data.copy()
        for campo, valor in model_to_dict(instance, fields=cls._meta.fields).items():
            if campo not in datos:
                datos[campo] = "" if valor is None else valor
        return cls(datos, instance=instance)

    def clean_oficio_pte(self):
        folio = normalizar_folio(self.cleaned_data.get("oficio_pte"))
        if folio != SIN_FOLIO:
            repetidos = (
                PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA)
                .alias(folio_normal=Upper(Trim("oficio_pte")))
                .filter(folio_normal=folio.upper())
            )
            if self.instance.pk:
                repetidos = repetidos.exclude(pk=self.instance.pk)
            if repetidos.exists():
                raise forms.ValidationError("Ya existe una PTE vigente con ese folio.")
        return folio

    def clean_oficio_solicitud(self):
        return " ".join((self.cleaned_data.get("oficio_solicitud") or "").split()) or "PENDIENTE"

    def clean_descripcion_trabajo(self):
        return (self.cleaned_data.get("descripcion_trabajo") or "").strip() or "POR DEFINIR"

    def clean_total_homologado(self):
        valor = self.cleaned_data.get("total_homologado")
        return Decimal("0") if valor is None else valor

    def clean_id_orden_trabajo(self):
        return (self.cleaned_data.get("id_orden_trabajo") or "").strip()

    def clean_comentario(self):
        return (self.cleaned_data.get("comentario") or "").strip()


def campo_estatus(opciones) -> forms.TypedChoiceField:
    mensajes = {"required": "Seleccione el nuevo estatus.", "invalid_choice": "El estatus elegido no es válido."}
    return forms.TypedChoiceField(choices=opciones, coerce=int, error_messages=mensajes)


def campo_comentario() -> forms.CharField:
    return forms.CharField(required=False, max_length=2000, error_messages=_largo("El comentario", 2000))


class IdForm(forms.Form):
    id = campo_id("la PTE")


class PteIdForm(forms.Form):
    pte_id = campo_id("la PTE")


class PteHeaderIdForm(forms.Form):
    pte_header_id = campo_id("la PTE")


class CambiarEstatusPTEForm(forms.Form):
    pte_id = campo_id("la PTE")
    nuevo_estatus = campo_estatus(ESTATUS_PTE_ELEGIBLES)
    comentario = campo_comentario()
    fecha_entrega = campo_fecha("La fecha de entrega")


class CambiarEstatusPasoForm(forms.Form):
    paso_id = campo_id("el paso")
    nuevo_estatus = campo_estatus(ESTATUS_PASO_ELEGIBLES)
    comentario = campo_comentario()
    fecha_entrega = campo_fecha("La fecha de entrega")


class ActualizarFechaForm(forms.Form):
    id_paso = campo_id("el paso")
    fecha = campo_fecha()
    tipo = forms.TypedChoiceField(
        choices=[(1, "Fecha de inicio"), (2, "Fecha de término"), (3, "Fecha de entrega")],
        coerce=int,
        error_messages={
            "required": "Indique qué fecha del paso se cambia.",
            "invalid_choice": "El tipo de fecha debe ser 1 (inicio), 2 (término) o 3 (entrega).",
        },
    )


class ArchivoPasoForm(forms.Form):
    """Evidence link of a step: an http(s) address (usually the shared drive), or blank to clear it."""

    paso_id = campo_id("el paso")
    archivo = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        error_messages={"invalid": MSG_ENLACE, **_largo("El enlace de la evidencia", 2000)},
    )

    def clean_archivo(self):
        valor = (self.cleaned_data.get("archivo") or "").strip()
        if valor and not valor.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(MSG_ENLACE)
        return valor


MSG_ANIO_FILTRO = "El año del filtro debe ser un número entre 1900 y 2999."


def _catalogo_filtro(modelo, que: str) -> forms.ModelChoiceField:
    """An optional catalogue filter; an unknown id is refused naming the catalogue."""
    return forms.ModelChoiceField(
        queryset=modelo.objects.all(), required=False, error_messages={"invalid_choice": f"{que} del filtro no existe."}
    )


class FiltrosPTE(FiltrosDataTable):
    """Filters of the PTE list (and of its Excel export). `tipo[]` is accepted as an alias of `tipo`."""

    filtro = forms.CharField(max_length=100, required=False, error_messages=_largo("La búsqueda", 100))
    estatus = forms.TypedChoiceField(
        choices=[("", "Todos"), *ESTATUS_PTE_ELEGIBLES],
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "El estatus del filtro no es válido."},
    )
    tipo = forms.ModelMultipleChoiceField(
        queryset=Tipo.objects.filter(nivel_afectacion=NivelTipo.PTE),
        required=False,
        error_messages={
            "invalid_choice": "El tipo de PTE del filtro no existe.",
            "invalid_pk_value": "El tipo de PTE del filtro no es válido.",
            "invalid_list": "El tipo de PTE del filtro no es válido.",
        },
    )
    responsable_proyecto = _catalogo_filtro(ResponsableProyecto, "El responsable")
    anio = forms.IntegerField(
        min_value=1900,
        max_value=2999,
        required=False,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), MSG_ANIO_FILTRO),
    )
    cliente = _catalogo_filtro(Cliente, "El cliente")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist") and not data.getlist("tipo") and data.getlist("tipo[]"):
            data = data.copy()
            data.setlist("tipo", data.getlist("tipo[]"))
        super().__init__(data, *args, **kwargs)

    def filtrar(self, queryset):
        d = self.cleaned_data
        if d.get("filtro"):
            for palabra in d["filtro"].split()[:6]:
                queryset = queryset.filter(
                    Q(descripcion_trabajo__icontains=palabra)
                    | Q(oficio_pte__icontains=palabra)
                    | Q(oficio_solicitud__icontains=palabra)
                )
        if d.get("estatus") not in (None, ""):
            queryset = queryset.filter(estatus=d["estatus"])
        if d.get("tipo"):
            queryset = queryset.filter(id_tipo__in=d["tipo"])
        if d.get("responsable_proyecto"):
            queryset = queryset.filter(id_responsable_proyecto=d["responsable_proyecto"])
        if d.get("anio"):
            queryset = queryset.alias(anio_folio=Right(Trim("oficio_pte"), 5)).filter(anio_folio=f"-{d['anio']}")
        if d.get("cliente"):
            queryset = queryset.filter(id_cliente=d["cliente"])
        return queryset
