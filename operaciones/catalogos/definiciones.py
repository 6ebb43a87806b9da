"""The registry of simple catalogues: one definition per screen, one set of views and URLs for all of them.

Adding a catalogue = one `DefinicionCatalogo` here (model, form, columns, filters, row serialiser). Its URLs
(`/operaciones/catalogos/<clave>/...`), permissions (Django's view_/add_/change_/delete_<model>) and activity
log entries (under `entidad`) follow from it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from core.datatables import Columna

from . import forms as f
from . import selectors as s
from .models import Cliente, Estatus, Frente, Paso, PasoOt, ResponsableProyecto, Sitio, Tipo, UnidadMedida

ACCIONES = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class DefinicionCatalogo:
    clave: str
    modelo: type[Model]
    form: type[f.CatalogoForm]
    entidad: str
    titulo: str
    titulo_singular: str
    icono: str
    columnas: tuple[Columna, ...]
    fila: Callable[[Model], dict]
    filtros: type[f.FiltrosCatalogo] = f.FiltrosCatalogo
    relacionados: tuple[str, ...] = ()
    orden_defecto: tuple[str, ...] = ("descripcion",)
    descripcion: str = ""

    def permiso(self, accion: str) -> str:
        """Django's model permission, e.g. `catalogos.change_sitio`; deactivating uses delete_."""
        if accion not in ACCIONES:
            raise ValueError(accion)
        meta = self.modelo._meta
        return f"{meta.app_label}.{accion}_{meta.model_name}"

    @property
    def campos(self) -> tuple[str, ...]:
        """The editable fields, which are also the fields the activity log follows."""
        return tuple(self.form._meta.fields)


ID = Columna("id", "Id", orden=True)
DESCRIPCION = Columna("descripcion", "Descripción", busqueda=True, orden=True)
COMENTARIO = Columna("comentario", "Comentario", busqueda=True)
NIVEL = Columna("nivel", "Nivel", campo="nivel_afectacion", orden=True)

_DEFINICIONES = (
    DefinicionCatalogo(
        clave="tipos",
        modelo=Tipo,
        form=f.TipoForm,
        entidad="Tipo",
        titulo="Tipos",
        titulo_singular="tipo",
        icono="bi-tags",
        descripcion="Tipos de PTE, OT, partida, producción y cliente.",
        columnas=(ID, DESCRIPCION, NIVEL, COMENTARIO),
        fila=s.fila_tipo,
        filtros=f.filtros_para(nivel_afectacion="nivel_afectacion"),
        orden_defecto=("nivel_afectacion", "descripcion"),
    ),
    DefinicionCatalogo(
        clave="estatus",
        modelo=Estatus,
        form=f.EstatusForm,
        entidad="Estatus",
        titulo="Estatus",
        titulo_singular="estatus",
        icono="bi-flag",
        descripcion="Estatus de PTE, OT, pasos, cobro y reportes.",
        columnas=(ID, DESCRIPCION, NIVEL, COMENTARIO),
        fila=s.fila_estatus,
        filtros=f.filtros_para(nivel_afectacion="nivel_afectacion"),
        orden_defecto=("nivel_afectacion", "id"),
    ),
    DefinicionCatalogo(
        clave="frentes",
        modelo=Frente,
        form=f.FrenteForm,
        entidad="Frente",
        titulo="Frentes",
        titulo_singular="frente",
        icono="bi-signpost-split",
        descripcion="Frentes de OT y categorías de sitio.",
        columnas=(ID, DESCRIPCION, NIVEL, COMENTARIO),
        fila=s.fila_frente,
        filtros=f.filtros_para(nivel_afectacion="nivel_afectacion"),
    ),
    DefinicionCatalogo(
        clave="sitios",
        modelo=Sitio,
        form=f.SitioForm,
        entidad="Sitio",
        titulo="Sitios",
        titulo_singular="sitio",
        icono="bi-geo-alt",
        descripcion="Embarcaciones, plataformas, patios y sitios intercom.",
        columnas=(
            ID,
            DESCRIPCION,
            Columna("frente", "Categoría", campo="id_frente__descripcion", busqueda=True, orden=True),
            Columna("capacidad_pob", "Capacidad POB", orden=True),
            COMENTARIO,
        ),
        fila=s.fila_sitio,
        filtros=f.filtros_para(id_frente="id_frente_id"),
        relacionados=("id_frente",),
    ),
    DefinicionCatalogo(
        clave="unidad_medida",
        modelo=UnidadMedida,
        form=f.UnidadMedidaForm,
        entidad="Unidad de medida",
        titulo="Unidades de medida",
        titulo_singular="unidad de medida",
        icono="bi-rulers",
        descripcion="Unidades de las partidas del catálogo de conceptos.",
        columnas=(ID, Columna("clave", "Clave", busqueda=True, orden=True), DESCRIPCION, COMENTARIO),
        fila=s.fila_unidad_medida,
    ),
    DefinicionCatalogo(
        clave="responsable",
        modelo=ResponsableProyecto,
        form=f.ResponsableProyectoForm,
        entidad="Responsable de proyecto",
        titulo="Responsables de proyecto",
        titulo_singular="responsable de proyecto",
        icono="bi-person-badge",
        descripcion="Líderes de PTE y OT.",
        columnas=(
            ID,
            Columna("descripcion", "Nombre", busqueda=True, orden=True),
            Columna("usuario", "Usuario", campo="usuario__username", busqueda=True, orden=True),
            COMENTARIO,
        ),
        fila=s.fila_responsable,
        relacionados=("usuario",),
    ),
    DefinicionCatalogo(
        clave="cliente",
        modelo=Cliente,
        form=f.ClienteForm,
        entidad="Cliente",
        titulo="Clientes",
        titulo_singular="cliente",
        icono="bi-building",
        descripcion="Clientes y su tipo (contrato o intercom).",
        columnas=(
            ID,
            DESCRIPCION,
            Columna("tipo", "Tipo de cliente", campo="id_tipo__descripcion", busqueda=True, orden=True),
            COMENTARIO,
        ),
        fila=s.fila_cliente,
        filtros=f.filtros_para(id_tipo="id_tipo_id"),
        relacionados=("id_tipo",),
    ),
    DefinicionCatalogo(
        clave="pasos",
        modelo=Paso,
        form=f.PasoForm,
        entidad="Paso",
        titulo="Pasos de PTE",
        titulo_singular="paso de PTE",
        icono="bi-list-check",
        descripcion="Plantilla de pasos de la PTE por tipo de cliente.",
        columnas=(
            ID,
            Columna("orden", "Orden", busqueda=True, orden=True),
            DESCRIPCION,
            Columna("tipo_texto", "Tipo", campo="tipo", orden=True),
            Columna("paso_padre", "Paso padre", campo="paso_padre__descripcion", busqueda=True, orden=True),
            Columna("tipo_cliente", "Tipo de cliente", campo="id_tipo_cliente__descripcion", orden=True),
            Columna("importancia", "Importancia", orden=True),
        ),
        fila=s.fila_paso,
        filtros=f.filtros_para(id_tipo_cliente="id_tipo_cliente_id", tipo="tipo"),
        relacionados=("paso_padre", "id_tipo_cliente"),
        orden_defecto=("id_tipo_cliente_id", "id"),
    ),
    DefinicionCatalogo(
        clave="pasos_ot",
        modelo=PasoOt,
        form=f.PasoOtForm,
        entidad="Paso de OT",
        titulo="Pasos de OT",
        titulo_singular="paso de OT",
        icono="bi-list-ol",
        descripcion="Plantillas de pasos de la OT (inicial, reprogramación, intercom).",
        columnas=(
            ID,
            Columna("orden", "Orden", busqueda=True, orden=True),
            DESCRIPCION,
            Columna("plantilla", "Plantilla", campo="tipo__descripcion", orden=True),
            Columna("tipo_cliente", "Tipo de cliente", campo="id_tipo_cliente__descripcion", orden=True),
            Columna("paso_pte_origen", "Paso de PTE que lo alimenta", campo="paso_pte_origen__descripcion"),
            Columna("importancia", "Importancia", orden=True),
        ),
        fila=s.fila_paso_ot,
        filtros=f.filtros_para(tipo="tipo_id", id_tipo_cliente="id_tipo_cliente_id"),
        relacionados=("tipo", "id_tipo_cliente", "paso_pte_origen"),
        orden_defecto=("tipo_id", "id"),
    ),
)

CATALOGOS: dict[str, DefinicionCatalogo] = {d.clave: d for d in _DEFINICIONES}


def catalogos_visibles(user) -> list[DefinicionCatalogo]:
    """The catalogues this user may open (view permission), in menu order."""
    return [d for d in CATALOGOS.values() if user.has_perm(d.permiso("view"))]
