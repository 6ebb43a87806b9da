"""The endpoints `bench/run.py` measures: the home page, each module's landing page and the main data views.

A scenario whose URL answers 404 (a module still being built) is skipped with a note, so the list may name
endpoints before they exist. Query strings ask DataTables for a full first page (100 rows) unless the scenario
says otherwise. The PTE and OT list scenarios reproduce what their pages send: default order, a column sort,
the search box, the page filters and the Excel export of the whole filtered list (few repetitions: one export
writes thousands of rows).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

PAGINA_DATATABLES = "draw=1&start=0&length=100"

# Landing pages come from the sidebar (core.menu), so a new module is measured as soon as it has an entry.
CATALOGOS_DATATABLE = ("sitios", "estatus", "pasos")
DATOS_EXTRA = (("Registro de actividad (datos)", f"/operaciones/registro_actividad/datatable?{PAGINA_DATATABLES}"),)
REPETICIONES_EXCEL = 3


@dataclass(frozen=True)
class Escenario:
    nombre: str
    url: str
    repeticiones: int | None = None  # None: the run's --repeticiones


def _datatable(ruta: str, *, longitud: int = 100, orden: tuple[int, str, str] | None = None, **extra) -> str:
    """A DataTables request as the page sends it; `orden` = (column index, column data name, direction)."""
    parametros = {"draw": 1, "start": 0, "length": longitud}
    if orden is not None:
        indice, nombre, direccion = orden
        parametros |= {"order[0][column]": indice, f"columns[{indice}][data]": nombre, "order[0][dir]": direccion}
    parametros |= extra
    return f"{ruta}?{urlencode(parametros)}"


def _indice(columnas, nombre: str) -> int:
    return next(i for i, c in enumerate(columnas) if c.nombre == nombre)


def _escenarios_pte() -> list[Escenario]:
    from operaciones.pte.views import COLUMNAS_PTE

    ruta = reverse("pte:datatable")
    progreso = (_indice(COLUMNAS_PTE, "progreso"), "progreso", "desc")
    return [
        Escenario("PTE (datos)", _datatable(ruta)),
        Escenario("PTE (datos, por avance)", _datatable(ruta, orden=progreso)),
        Escenario("PTE (datos, búsqueda)", _datatable(ruta, **{"search[value]": "ducto"})),
        Escenario("PTE (datos, filtro de texto)", _datatable(ruta, filtro="KU")),
        Escenario("PTE (Excel)", reverse("pte:exportar"), REPETICIONES_EXCEL),
    ]


def _referencias_ot() -> tuple[int | None, int | None]:
    """The busiest site of the live initial OTs and the principal with most live reprogrammings (if any)."""
    from django.db.models import Count

    from operaciones.catalogos.constantes import TipoId
    from operaciones.ot.selectors import ots_vigentes

    plataforma = (
        ots_vigentes()
        .filter(id_tipo=TipoId.OT_INICIAL, id_plataforma__isnull=False)
        .values("id_plataforma")
        .annotate(n=Count("pk"))
        .order_by("-n", "id_plataforma")
        .values_list("id_plataforma", flat=True)
        .first()
    )
    principal = (
        ots_vigentes()
        .filter(id_tipo=TipoId.OT_REPROGRAMACION)
        .values("ot_principal")
        .annotate(n=Count("pk"))
        .order_by("-n", "ot_principal")
        .values_list("ot_principal", flat=True)
        .first()
    )
    return plataforma, principal


def _escenarios_ot() -> list[Escenario]:
    from operaciones.catalogos.constantes import TipoId
    from operaciones.ot.views import COLUMNAS_OT

    ruta = reverse("ot:datatable")
    inicial, reprogramacion = TipoId.OT_INICIAL.value, TipoId.OT_REPROGRAMACION.value
    # The OT table has no sortable progress column (time progress depends on today): sort by the end date,
    # the column that drives it, and by progress when the view declares such a column.
    termino = (_indice(COLUMNAS_OT, "fecha_termino_programado"), "fecha_termino_programado", "asc")
    lista = [
        Escenario("OT (datos, 10 filas)", _datatable(ruta, longitud=10, tipo=inicial)),
        Escenario("OT (datos)", _datatable(ruta, tipo=inicial)),
        Escenario("OT (datos, por término)", _datatable(ruta, orden=termino, tipo=inicial)),
    ]
    progreso = next((c.nombre for c in COLUMNAS_OT if c.orden and c.nombre.startswith("progreso")), None)
    if progreso:
        orden = (_indice(COLUMNAS_OT, progreso), progreso, "desc")
        lista.append(Escenario("OT (datos, por avance)", _datatable(ruta, orden=orden, tipo=inicial)))
    lista.append(Escenario("OT (datos, búsqueda)", _datatable(ruta, tipo=inicial, **{"search[value]": "GRZ-7"})))
    sitio, principal = _referencias_ot()
    if sitio is not None:
        lista.append(Escenario("OT (datos, por sitio)", _datatable(ruta, tipo=inicial, sitio=sitio)))
    if principal is not None:
        lista.append(
            Escenario("OT (reprogramaciones de una)", _datatable(ruta, tipo=reprogramacion, ot_principal=principal))
        )
    lista.append(Escenario("OT (Excel)", f"{reverse('ot:exportar')}?tipo={inicial}", REPETICIONES_EXCEL))
    return lista


def escenarios() -> list[Escenario]:
    from core.menu import MENU

    lista = []
    vistos = set()
    for entrada in MENU:
        try:
            url = reverse(entrada.url_name)
        except NoReverseMatch:
            continue
        if url not in vistos:
            vistos.add(url)
            lista.append(Escenario(entrada.titulo, url))
    lista.extend(Escenario(nombre, url) for nombre, url in DATOS_EXTRA)
    lista.extend(_escenarios_pte())
    lista.extend(_escenarios_ot())
    lista.extend(
        Escenario(f"Catálogo {clave} (datos)", f"/operaciones/catalogos/{clave}/datatable/?{PAGINA_DATATABLES}")
        for clave in CATALOGOS_DATATABLE
    )
    return lista
