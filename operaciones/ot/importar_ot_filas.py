"""Rules of one row of OT_IMPORTAR.xlsx (`importar_ot`): the columns, the checks of each cell and the plan of a row.

Shared by the validation (importar_ot_validacion.py) and the writing (importar_ot_escritura.py) of the import.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from core.importacion import CampoCodigo, CampoDecimal, CampoEntero, CampoFecha, CampoTexto, Columna
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, NivelEstatus, NivelFrente, TipoId
from operaciones.catalogos.models import Cliente, Estatus, Frente, ResponsableProyecto, Sitio
from operaciones.pte.models import EstatusPTE, PTEHeader

from .models import OTE

COMENTARIO_POR_REVISAR = "Creado por importar_ot: revisar"
ENTIDAD_OT = "OT"
ENTIDAD_PTE = "PTE Header"
TIPO_PTE_POR_REVISAR = TipoId.PTE  # not offered in the PTE form, so whoever reviews it must choose the real type

# Status of the new OT's steps by the OT's status (reference §3.16); anything else starts PENDIENTE.
ESTATUS_PASO_POR_ESTATUS_OT = {
    EstatusId.ASIGNADA: EstatusId.PROCESO,
    EstatusId.DIFERIDA: EstatusId.PROCESO,
    EstatusId.EN_EJECUCION: EstatusId.PROCESO,
    EstatusId.POR_CANCELAR: EstatusId.PROCESO,
    EstatusId.CANCELADA: EstatusId.CANCELADO,
    EstatusId.TERMINADA: EstatusId.COMPLETADO,
    EstatusId.DIFERIDA_SIN_INICIAR: EstatusId.PENDIENTE,
}

# Site columns → the site category (Frente nivel 1) their ids must have, and its name in messages.
CATEGORIA_SITIO = {
    "id_embarcacion": (FrenteId.EMBARCACION, "EMBARCACION"),
    "id_plataforma": (FrenteId.PLATAFORMA, "PLATAFORMA"),
    "id_patio": (FrenteId.PATIO, "PATIO"),
    "id_intercom": (FrenteId.INTERCOM, "INTERCOM"),
}

COLUMNAS = (
    Columna("orden_trabajo", ("orden_trabajo", "folio ot", "orden de trabajo"), requerida=True),
    Columna("descripcion_trabajo", ("descripcion_trabajo", "descripcion")),
    Columna("responsable_cliente"),
    Columna("oficio_ot"),
    Columna("fecha_inicio_programado"),
    Columna("fecha_termino_programado"),
    Columna("estatus"),
    Columna("comentario"),
    Columna("id_estatus_ot_id", ("id_estatus_ot_id", "id_estatus_ot"), requerida=True),
    Columna("id_pte_header_id", ("id_pte_header_id", "id_pte_header", "folio pte")),
    Columna("id_responsable_proyecto_id", ("id_responsable_proyecto_id", "id_responsable_proyecto"), requerida=True),
    Columna("id_tipo_id", ("id_tipo_id", "id_tipo"), requerida=True),
    Columna("num_reprogramacion", requerida=True),
    Columna("ot_principal", requerida=True),
    Columna("fecha_inicio_real"),
    Columna("fecha_termino_real"),
    Columna("monto_mxn"),
    Columna("monto_usd"),
    Columna("id_frente", ("id_frente", "id_frente_id")),
    Columna("id_intercom", ("id_intercom", "id_intercom_id")),
    Columna("id_patio", ("id_patio", "id_patio_id")),
    Columna("id_plataforma", ("id_plataforma", "id_plataforma_id")),
    Columna("id_embarcacion", ("id_embarcacion", "id_embarcacion_id")),
    Columna("plazo_dias"),
    Columna("id_cliente_id", ("id_cliente_id", "id_cliente")),
)

# Form field → model attribute written with it (the rest have the same name).
ATRIBUTO = {
    "id_frente": "id_frente_id",
    "id_intercom": "id_intercom_id",
    "id_patio": "id_patio_id",
    "id_plataforma": "id_plataforma_id",
    "id_embarcacion": "id_embarcacion_id",
}
TEXTOS = ("orden_trabajo", "descripcion_trabajo", "responsable_cliente", "oficio_ot", "comentario")
FECHAS = ("fecha_inicio_programado", "fecha_termino_programado", "fecha_inicio_real", "fecha_termino_real")
MONTOS = ("monto_mxn", "monto_usd")


@dataclass
class CatalogosOT:
    """What the rows are checked against, loaded once: ids of catalogues and the PTE folios of the file."""

    responsables: set[int]
    sitios: dict[int, tuple[int | None, str]]
    clientes: dict[int, Cliente]
    estatus_ot: set[int]
    frentes_ot: set[int]
    ptes: dict[str, int]

    @classmethod
    def cargar(cls, folios_pte: set[str]) -> "CatalogosOT":
        ptes = (
            PTEHeader.objects.filter(oficio_pte__in=folios_pte, estatus__gt=EstatusPTE.ELIMINADA)
            .order_by("id")
            .values_list("oficio_pte", "id")
        )
        return cls(
            responsables=set(ResponsableProyecto.objects.values_list("id", flat=True)),
            sitios={
                pk: (frente, desc) for pk, frente, desc in Sitio.objects.values_list("id", "id_frente", "descripcion")
            },
            clientes={c.pk: c for c in Cliente.objects.all()},
            estatus_ot=set(Estatus.objects.filter(nivel_afectacion=NivelEstatus.OT).values_list("id", flat=True)),
            frentes_ot=set(Frente.objects.filter(nivel_afectacion=NivelFrente.OTS).values_list("id", flat=True)),
            ptes=dict(ptes),
        )


class FilaOTForm(forms.Form):
    """One row of OT_IMPORTAR.xlsx: types, ranges and catalogue references of each cell."""

    orden_trabajo = CampoCodigo(max_length=150, required=True)
    descripcion_trabajo = CampoTexto()
    responsable_cliente = CampoTexto(max_length=200)
    oficio_ot = CampoCodigo(max_length=200)
    fecha_inicio_programado = CampoFecha()
    fecha_termino_programado = CampoFecha()
    estatus = CampoEntero(opciones=EstatusRegistro.values, al_omitir="se usó 1 (activo)")
    comentario = CampoTexto()
    id_estatus_ot_id = CampoEntero(al_omitir="se usó ASIGNADA")
    id_pte_header_id = CampoCodigo(max_length=100)
    id_responsable_proyecto_id = CampoEntero(min_value=1)
    id_tipo_id = CampoEntero(opciones=(TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION), required=True)
    num_reprogramacion = CampoEntero(min_value=1, max_value=999)
    ot_principal = CampoCodigo(max_length=150)
    fecha_inicio_real = CampoFecha()
    fecha_termino_real = CampoFecha()
    monto_mxn = CampoDecimal(min_value=Decimal(0))
    monto_usd = CampoDecimal(min_value=Decimal(0))
    id_frente = CampoEntero()
    id_intercom = CampoEntero()
    id_patio = CampoEntero()
    id_plataforma = CampoEntero()
    id_embarcacion = CampoEntero()
    plazo_dias = CampoEntero(min_value=0, max_value=100_000)
    id_cliente_id = CampoEntero(min_value=1)

    def __init__(self, *args, catalogos: CatalogosOT, crear_faltantes: bool, **kwargs):
        self.catalogos = catalogos
        self.crear_faltantes = crear_faltantes
        super().__init__(*args, **kwargs)

    def _conocido(self, valor, existentes, nombre: str):
        if valor is None or valor in existentes or self.crear_faltantes:
            return valor
        raise forms.ValidationError(f"{nombre} desconocido «{valor}»", code="desconocido")

    def clean_id_estatus_ot_id(self):
        valor = self.cleaned_data["id_estatus_ot_id"]
        if valor is not None and valor not in self.catalogos.estatus_ot:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»: no es un estatus de OT", code="rango")
        return valor

    def clean_id_frente(self):
        valor = self.cleaned_data["id_frente"]
        if valor is not None and valor not in self.catalogos.frentes_ot:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»: no es un frente de OT", code="rango")
        return valor

    def clean_id_pte_header_id(self):
        folio = self.cleaned_data["id_pte_header_id"]
        if folio is None or folio in self.catalogos.ptes or self.crear_faltantes:
            return folio
        raise forms.ValidationError(f"PTE desconocida «{folio}»", code="desconocido")

    def clean_id_responsable_proyecto_id(self):
        return self._conocido(
            self.cleaned_data["id_responsable_proyecto_id"], self.catalogos.responsables, "responsable"
        )

    def clean_id_cliente_id(self):
        return self._conocido(self.cleaned_data["id_cliente_id"], self.catalogos.clientes, "cliente")

    def _sitio(self, campo: str):
        valor = self.cleaned_data[campo]
        if valor is None:
            return None
        categoria, nombre = CATEGORIA_SITIO[campo]
        if valor not in self.catalogos.sitios:
            return self._conocido(valor, (), "sitio")
        categoria_actual, descripcion = self.catalogos.sitios[valor]
        if categoria_actual != categoria:
            raise forms.ValidationError(
                f"el sitio {valor} ({descripcion}) no es de la categoría {nombre}", code="categoria"
            )
        return valor

    def clean_id_embarcacion(self):
        return self._sitio("id_embarcacion")

    def clean_id_plataforma(self):
        return self._sitio("id_plataforma")

    def clean_id_patio(self):
        return self._sitio("id_patio")

    def clean_id_intercom(self):
        return self._sitio("id_intercom")


@dataclass
class PlanOT:
    """A valid row turned into what to write: model values (only the fields the file decides) and links."""

    fila: int
    tipo: int
    clave: tuple
    valores: dict
    folio_pte: str | None = None
    folio_principal: str | None = None
    principal: "PlanOT | None" = None
    ot_principal_db: OTE | None = None
    ot: OTE | None = None
    creada: bool = False


@dataclass
class Faltantes:
    """Unknown references the run creates as placeholders (only with `crear_faltantes`)."""

    responsables: set[int] = field(default_factory=set)
    sitios: dict[int, int] = field(default_factory=dict)
    clientes: set[int] = field(default_factory=set)
    ptes: dict[str, PlanOT] = field(default_factory=dict)
