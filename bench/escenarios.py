"""The endpoints `bench/run.py` measures: the home page, each module's landing page and the main data views.

A scenario whose URL answers 404 (a module still being built) is skipped with a note, so the list may name
endpoints before they exist. Query strings ask DataTables for a full first page (100 rows).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

PAGINA_DATATABLES = "draw=1&start=0&length=100"

# Landing pages come from the sidebar (core.menu), so a new module is measured as soon as it has an entry.
CATALOGOS_DATATABLE = ("sitios", "estatus", "pasos")
DATOS_EXTRA = (
    ("Registro de actividad (datos)", f"/operaciones/registro_actividad/datatable?{PAGINA_DATATABLES}"),
    ("PTE (datos)", f"/operaciones/pte/datatable/?{PAGINA_DATATABLES}"),
    ("OT (datos)", f"/operaciones/ot/datatable/?{PAGINA_DATATABLES}&tipo=4"),
)


@dataclass(frozen=True)
class Escenario:
    nombre: str
    url: str


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
    lista.extend(
        Escenario(f"Catálogo {clave} (datos)", f"/operaciones/catalogos/{clave}/datatable/?{PAGINA_DATATABLES}")
        for clave in CATALOGOS_DATATABLE
    )
    return lista
