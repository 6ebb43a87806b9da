"""The report centre's catalogue: every document the system can download, as data.

Each `Reporte` names the existing endpoint that builds it (its URL name), the permissions that endpoint checks,
and the GET parameters it reads (`Campo.nombre` is the endpoint's own parameter name). The page renders one small
form per report whose action is that endpoint, so a download from here is byte for byte the one of the module's
own screen. Endpoints that take an id in the path (an estimation) set `parametro_ruta`: the browser puts the chosen
id in place of the 0 of the reversed address.

Option lists (OTs, estimations, vessels, …) are built only for the reports the user may download, each at most
once per page (one query each), so the page's query count does not grow with the data.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import NoReverseMatch, reverse

from core.roles import VER_CENTRO_CONSULTA, VER_REPORTES
from core.selectors import hoy_mexico
from costa_fuera.models import ReporteDiarioEmbarcacion
from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.forms import FiltrosCatalogo
from operaciones.catalogos.models import Sitio
from operaciones.catalogos.selectors_conceptos import Vista
from operaciones.estimaciones.selectors import estimaciones_para_usuario
from operaciones.ot import selectors as ot_selectors
from operaciones.ot.forms import TIPOS_OT
from operaciones.produccion.models import TipoTiempo
from operaciones.produccion.views_pagina import MESES
from operaciones.pte import selectors as pte_selectors
from operaciones.pte.forms import ESTATUS_PTE_ELEGIBLES
from reportes.semanal.datos import semana_anterior

# Pickers are server-rendered selects of the newest rows; older ones stay reachable from their module's screen.
LIMITE_OPCIONES = 200
VER_RDO = "costa_fuera.view_reportediarioembarcacion"
FORMATOS_RDO = [("pdf", "PDF"), ("excel", "Excel")]
# The offshore documents' `version`: the internal one, or the client's (only the incidents the client may see).
VERSIONES_RDO = [("interna", "Interna"), ("cliente", "Para el cliente")]

GRUPOS = [
    ("pte", "PTE", "bi-clipboard-check"),
    ("ot", "Órdenes de trabajo", "bi-briefcase"),
    ("produccion", "Producción", "bi-bar-chart-steps"),
    ("estimaciones", "Estimaciones", "bi-receipt"),
    ("consulta", "Centro de consulta (BI)", "bi-graph-up"),
    ("catalogos", "Catálogos", "bi-journal-text"),
    ("costa_fuera", "Costa fuera", "bi-water"),
    ("semanal", "Resumen semanal", "bi-envelope-paper"),
]


@dataclass(frozen=True)
class Campo:
    """One GET parameter of the endpoint. tipo: texto | fecha | numero | select | multiple | casilla."""

    nombre: str
    etiqueta: str
    tipo: str = "texto"
    opciones: str = ""
    requerido: bool = False
    vacio: str = "Todos"
    inicial: str = ""
    ayuda: str = ""
    maximo: int | None = None
    ancho: bool = False  # a picker whose texts are long (OT folios, estimations)


@dataclass(frozen=True)
class Reporte:
    clave: str
    grupo: str
    titulo: str
    descripcion: str
    formato: str
    permisos: tuple[str, ...]
    permiso_texto: str
    url: str
    campos: tuple[Campo, ...] = ()
    parametro_ruta: str = ""
    enlace_modulo: str = ""

    @property
    def icono(self) -> str:
        return "bi-file-earmark-pdf" if self.formato == "PDF" else "bi-file-earmark-excel"


def _lider(nombre: str = "responsable_proyecto") -> Campo:
    return Campo(nombre, "Líder de proyecto", "select", "responsables")


def _ot(requerido: bool = True) -> Campo:
    return Campo("id_ot", "OT", "select", "ots", requerido=requerido, vacio="Seleccione la OT", ancho=True)


def _estimacion() -> Campo:
    return Campo(
        "estimacion", "Estimación", "select", "estimaciones", requerido=True, vacio="Seleccione el folio", ancho=True
    )


REPORTES: tuple[Reporte, ...] = (
    Reporte(
        "pte_lista",
        "pte",
        "Estado de PTEs",
        "Folios, tipo, responsable, fechas, estatus, avance y pasos hechos de las propuestas técnicas.",
        "Excel",
        ("pte.view_pteheader",),
        "ver PTE",
        "pte:exportar",
        (
            Campo("estatus", "Estatus", "select", "estatus_pte"),
            Campo("tipo", "Tipo", "multiple", "tipos_pte", ayuda="Ctrl + clic para elegir varios."),
            _lider(),
            Campo("cliente", "Cliente", "select", "clientes"),
            Campo("anio", "Año del folio", "select", "anios_pte"),
            Campo("filtro", "Texto", maximo=100, ayuda="Folio, oficio o descripción."),
        ),
        enlace_modulo="pte:inicio",
    ),
    Reporte(
        "ot_lista",
        "ot",
        "Órdenes de trabajo y avance",
        "OTs iniciales o reprogramaciones con sitios, fechas, importes y avance (70 % tiempo + 30 % pasos).",
        "Excel",
        ("ot.view_ote",),
        "ver órdenes de trabajo",
        "ot:exportar",
        (
            Campo("tipo", "Tipo", "select", "tipos_ot", vacio=""),
            Campo("estatus", "Estatus", "select", "estatus_ot"),
            _lider(),
            Campo("id_cliente", "Cliente", "select", "clientes"),
            Campo("sitio", "Sitio", "select", "sitios"),
            Campo("anio", "Año", "select", "anios"),
            Campo("filtro", "Texto", maximo=100, ayuda="Folio de OT, oficio o PTE."),
        ),
        enlace_modulo="ot:inicio",
    ),
    Reporte(
        "produccion_hoja",
        "produccion",
        "Hoja de producción mensual",
        "La hoja del mes de una OT (su familia) en un sitio y tipo de tiempo, tal como se captura en pantalla; "
        "se puede volver a importar.",
        "Excel",
        ("produccion.view_produccion",),
        "ver producción",
        "produccion:exportar_hoja",
        (
            _ot(),
            Campo("id_sitio", "Sitio", "select", "sitios", requerido=True, vacio="Seleccione el sitio"),
            Campo("mes", "Mes", "select", "meses", requerido=True, vacio="", inicial="mes_actual"),
            Campo("anio", "Año", "select", "anios", requerido=True, vacio="", inicial="anio_actual"),
            Campo("tipo_tiempo", "Tipo de tiempo", "select", "tipos_tiempo", requerido=True, vacio=""),
        ),
        enlace_modulo="produccion:inicio",
    ),
    Reporte(
        "estimacion_pdf",
        "estimaciones",
        "Documento de estimación",
        "Carátula y detalle de una estimación para cobro, en MXN y USD, con su código QR de verificación.",
        "PDF",
        ("estimaciones.view_estimacionheader",),
        "ver estimaciones",
        "estimaciones:pdf",
        (_estimacion(),),
        parametro_ruta="estimacion",
        enlace_modulo="estimaciones:inicio",
    ),
    Reporte(
        "estimacion_excel",
        "estimaciones",
        "Líneas de una estimación",
        "Las partidas de una estimación con volúmenes, precios e importes y sus totales.",
        "Excel",
        ("estimaciones.view_estimacionheader",),
        "ver estimaciones",
        "estimaciones:excel",
        (_estimacion(),),
        parametro_ruta="estimacion",
    ),
    Reporte(
        "conciliacion",
        "estimaciones",
        "Conciliación de una OT",
        "Cada concepto de la familia de la OT de autorizado a pagado: producido, GPU firmado, estimado, aprobado, "
        "facturado y pagado, en volumen, MXN y USD.",
        "Excel",
        ("estimaciones.view_estimacionheader",),
        "ver estimaciones",
        "estimaciones:conciliacion_excel",
        (_ot(),),
        enlace_modulo="estimaciones:conciliacion",
    ),
    Reporte(
        "consulta_produccion",
        "consulta",
        "Producción del centro de consulta",
        "Registros de producción con OT, líder, partida, sitio, tiempo, volumen e importes, con los filtros del "
        "centro de consulta.",
        "Excel",
        (VER_CENTRO_CONSULTA,),
        "ver el centro de consulta",
        "consulta:exportar",
        (
            Campo("desde", "Desde", "fecha"),
            Campo("hasta", "Hasta", "fecha"),
            Campo("tipo_tiempo", "Tipo de tiempo", "select", "tipos_tiempo", vacio="Ambos"),
            _lider("lider"),
            Campo("anexo", "Anexo", maximo=50),
            Campo("concepto", "Concepto", maximo=100, ayuda="Partida o descripción."),
            Campo("solo_excedentes", "Sólo excedentes", "casilla"),
        ),
        enlace_modulo="consulta:inicio",
    ),
    Reporte(
        "catalogo_conceptos",
        "catalogos",
        "Catálogo de conceptos",
        "Conceptos ordinarios del Anexo C o PUEs con unidad y precios unitarios en MXN y USD.",
        "Excel",
        ("catalogos.view_conceptomaestro",),
        "ver el catálogo de conceptos",
        "catalogos:conceptos_exportar",
        (
            Campo("vista", "Lista", "select", "vistas_conceptos", vacio=""),
            Campo("estado", "Estado", "select", "estados_catalogo", vacio=""),
            Campo("texto", "Texto", maximo=100, ayuda="Partida o descripción."),
        ),
        enlace_modulo="catalogos:conceptos",
    ),
    Reporte(
        "rdo",
        "costa_fuera",
        "Reporte diario de embarcación",
        "Bitácora de tiempos, personal a bordo y consumos del día de una embarcación.",
        "PDF",
        (VER_RDO,),
        "ver reportes diarios de embarcación",
        "reportes:rdo",
        (
            Campo(
                "embarcacion", "Embarcación", "select", "embarcaciones", requerido=True, vacio="Seleccione", ancho=True
            ),
            Campo("fecha", "Fecha", "fecha", requerido=True, inicial="ayer"),
            Campo("formato", "Formato", "select", "formatos_rdo", vacio=""),
            Campo("version", "Versión", "select", "versiones_rdo", vacio=""),
        ),
        enlace_modulo="costa_fuera:inicio",
    ),
    Reporte(
        "rdo_rango",
        "costa_fuera",
        "Reportes diarios de un periodo",
        "Los reportes diarios de una embarcación entre dos fechas, un renglón por día.",
        "Excel",
        (VER_RDO,),
        "ver reportes diarios de embarcación",
        "costa_fuera:rdo_rango_excel",
        (
            Campo(
                "embarcacion",
                "Embarcación",
                "select",
                "embarcaciones_activas",
                requerido=True,
                vacio="Seleccione",
                ancho=True,
            ),
            Campo("desde", "Desde", "fecha", requerido=True, inicial="primero_mes"),
            Campo("hasta", "Hasta", "fecha", requerido=True, inicial="ayer"),
        ),
    ),
    Reporte(
        "semanal",
        "semanal",
        "Resumen semanal",
        "Actividad por usuario, entregables por líder, producción diaria y estimaciones del periodo con sus "
        "gráficas: el mismo PDF que se envía por correo cada semana (hasta 31 días).",
        "PDF",
        (VER_REPORTES,),
        "ver reportes",
        "reportes:semanal_pdf",
        (
            Campo("desde", "Desde", "fecha", requerido=True, inicial="lunes_anterior"),
            Campo("hasta", "Hasta", "fecha", requerido=True, inicial="domingo_anterior"),
        ),
    ),
)

POR_CLAVE = {r.clave: r for r in REPORTES}


# --- Options of the selects: (value, text, sites) -----------------------------------------------------------------


def _pares(filas, valor="id", texto="descripcion") -> list[tuple]:
    return [(f[valor], f[texto], "") for f in filas]


def _ots(_usuario) -> list[tuple]:
    """Newest live initial OTs (a sheet and a reconciliation work on the family), with the sites they work at."""
    filas = ot_selectors.ots_iniciales().values(
        "id", "orden_trabajo", "id_embarcacion_id", "id_plataforma_id", "id_intercom_id", "id_patio_id"
    )[:LIMITE_OPCIONES]
    opciones = []
    for f in filas:
        sitios = [f[c] for c in ("id_embarcacion_id", "id_plataforma_id", "id_intercom_id", "id_patio_id") if f[c]]
        opciones.append((f["id"], f["orden_trabajo"], ",".join(str(s) for s in sitios)))
    return opciones


def _estimaciones(usuario) -> list[tuple]:
    filas = (
        estimaciones_para_usuario(usuario)
        .order_by("-fecha_estimacion", "-id")
        .values("id", "folio", "id_ot__orden_trabajo", "fecha_estimacion", "estado")[:LIMITE_OPCIONES]
    )
    return [
        (
            f["id"],
            f"{f['folio'] or 'Sin folio'} · OT {f['id_ot__orden_trabajo']} · {f['fecha_estimacion']:%d/%m/%Y}",
            "",
        )
        for f in filas
    ]


def _embarcaciones(_usuario) -> list[tuple]:
    # Inactive vessels stay listed (after the active ones): their old reports are still documents.
    filas = Sitio.objects.filter(id_frente_id=FrenteId.EMBARCACION).order_by("-activo", "descripcion")
    return [
        (s["id"], s["descripcion"] + ("" if s["activo"] else " (inactiva)"), "")
        for s in filas.values("id", "descripcion", "activo")
    ]


def _embarcaciones_activas(_usuario) -> list[tuple]:
    filas = Sitio.objects.filter(id_frente_id=FrenteId.EMBARCACION, activo=True).order_by("descripcion", "pk")
    return _pares(filas.values("id", "descripcion"))


def _anios(_usuario) -> list[tuple]:
    hoy = hoy_mexico()
    return [(a, a, "") for a in range(hoy.year + 1, hoy.year - 7, -1)]


OPCIONES = {
    "estatus_pte": lambda _u: [(v, t, "") for v, t in ESTATUS_PTE_ELEGIBLES],
    "tipos_pte": lambda _u: [(t.pk, t.descripcion, "") for t in pte_selectors.tipos_pte_activos()],
    "responsables": lambda _u: _pares(pte_selectors.responsables_activos()),
    "clientes": lambda _u: _pares(pte_selectors.clientes_activos()),
    "anios_pte": lambda _u: [(a, a, "") for a in pte_selectors.anios_de_folios()],
    "tipos_ot": lambda _u: [(v, t, "") for v, t in TIPOS_OT],
    "estatus_ot": lambda _u: [(e.pk, e.descripcion, "") for e in ot_selectors.estatus_de_ot()],
    "sitios": lambda _u: _pares(ot_selectors.sitios_activos().values("id", "descripcion")),
    "anios": _anios,
    "meses": lambda _u: [(n, t, "") for n, t in MESES],
    "tipos_tiempo": lambda _u: [(v, t, "") for v, t in TipoTiempo.choices],
    "ots": _ots,
    "estimaciones": _estimaciones,
    "vistas_conceptos": lambda _u: [(v, t, "") for v, t in Vista.OPCIONES],
    "estados_catalogo": lambda _u: [(v, t, "") for v, t in FiltrosCatalogo.ESTADOS],
    "embarcaciones": _embarcaciones,
    "embarcaciones_activas": _embarcaciones_activas,
    "formatos_rdo": lambda _u: [(v, t, "") for v, t in FORMATOS_RDO],
    "versiones_rdo": lambda _u: [(v, t, "") for v, t in VERSIONES_RDO],
}


def valores_iniciales() -> dict:
    hoy = hoy_mexico()
    lunes, domingo = semana_anterior(hoy)
    return {
        "mes_actual": hoy.month,
        "anio_actual": hoy.year,
        "lunes_anterior": lunes.isoformat(),
        "domingo_anterior": domingo.isoformat(),
        "ayer": (hoy - timedelta(days=1)).isoformat(),
        "primero_mes": (hoy - timedelta(days=1)).replace(day=1).isoformat(),
    }


# --- What the page shows ------------------------------------------------------------------------------------------


@dataclass
class CampoPagina:
    campo: Campo
    id_html: str
    valor: str = ""
    valores: list[str] = field(default_factory=list)
    opciones: list[tuple] = field(default_factory=list)


@dataclass
class ReportePagina:
    reporte: Reporte
    disponible: bool
    url: str = ""
    campos: list[CampoPagina] = field(default_factory=list)
    enlace_modulo: str = ""
    aviso: str = ""
    motivo: str = ""


def _reverse(nombre: str, *args) -> str:
    try:
        return reverse(nombre, args=args)
    except NoReverseMatch:
        return ""


def _url(reporte: Reporte) -> str:
    return _reverse(reporte.url, 0) if reporte.parametro_ruta else _reverse(reporte.url)


def centro_para_usuario(usuario, *, valores=None, clave_valores: str = "", aviso: str = "") -> list[dict]:
    """The groups of the page with their reports: available ones carry their address and filled-in fields.

    `valores` (a QueryDict) refills the form of report `clave_valores` (a download refused for bad input comes
    back to the page with what the user typed and the reason in `aviso`).
    """
    iniciales = valores_iniciales()
    cache: dict[str, list[tuple]] = {}
    por_grupo: dict[str, list[ReportePagina]] = {clave: [] for clave, _, _ in GRUPOS}
    for reporte in REPORTES:
        url = _url(reporte)
        disponible = bool(url) and usuario.has_perms(reporte.permisos)
        item = ReportePagina(reporte=reporte, disponible=disponible, url=url)
        if not url:
            item.motivo = "No disponible en esta instalación."
        elif not disponible:
            item.motivo = f"Requiere permiso: {reporte.permiso_texto}."
        if disponible:
            propios = valores if valores is not None and clave_valores == reporte.clave else None
            item.aviso = aviso if propios is not None else ""
            item.campos = [_campo(reporte, c, usuario, cache, iniciales, propios) for c in reporte.campos]
            if reporte.enlace_modulo:
                item.enlace_modulo = _reverse(reporte.enlace_modulo)
        por_grupo[reporte.grupo].append(item)
    return [
        {"clave": clave, "titulo": titulo, "icono": icono, "reportes": por_grupo[clave]}
        for clave, titulo, icono in GRUPOS
        if por_grupo[clave]
    ]


def _campo(reporte, campo: Campo, usuario, cache, iniciales, propios) -> CampoPagina:
    pagina = CampoPagina(campo=campo, id_html=f"{reporte.clave}-{campo.nombre}")
    if campo.opciones:
        if campo.opciones not in cache:
            cache[campo.opciones] = OPCIONES[campo.opciones](usuario)
        pagina.opciones = cache[campo.opciones]
    if propios is not None:
        pagina.valores = [str(v) for v in propios.getlist(campo.nombre)]
    elif campo.inicial:
        pagina.valores = [str(iniciales[campo.inicial])]
    pagina.valor = pagina.valores[0] if pagina.valores else ""
    return pagina


def rdo_existe(embarcacion, fecha) -> ReporteDiarioEmbarcacion | None:
    """The daily report of a vessel and day (one per vessel and day), or None."""
    return ReporteDiarioEmbarcacion.objects.filter(embarcacion=embarcacion, fecha=fecha).first()
