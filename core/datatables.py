"""The one helper behind every server-side DataTables endpoint (DESIGN §5 "DataTables").

An endpoint declares its columns and how to serialise a row; the helper validates the protocol with a form,
counts, filters, searches, orders (plus pk, so paging is stable) and slices. Every request costs the same
three queries at any table size: the total count, the filtered count and the page (plus whatever
`select_related` the selector put on the queryset).

    return responder_datatable(
        request,
        selectors.tipos(),
        columnas=[Columna("descripcion", "Descripción", busqueda=True, orden=True), ...],
        fila=lambda t: {"id": t.pk, "descripcion": t.descripcion},
        filtros_form=FiltrosTipo,
    )

The columns' order is the client table's order: `order[0][column]` indexes into it (or, when the client sends
`columns[i][data]`, the column is looked up by that name). Only columns declared `orden=True` can be sorted.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django import forms
from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.http import JsonResponse

from . import respuestas

LONGITUD_MAXIMA = 500
BUSQUEDA_MAXIMA = 100
# More words than this in the search box add cost and never narrow a real search further.
PALABRAS_MAXIMAS = 6


@dataclass(frozen=True)
class Columna:
    """One client column. `campo` is the ORM path used to search and sort (defaults to `nombre`)."""

    nombre: str
    titulo: str = ""
    campo: str | None = None
    busqueda: bool = False
    orden: bool = False

    @property
    def ruta(self) -> str:
        return self.campo or self.nombre

    def para_cliente(self) -> dict:
        """What the page hands to `SASCOP.tabla` for this column."""
        return {"data": self.nombre, "titulo": self.titulo or self.nombre, "orden": self.orden}


class FiltrosDataTable(forms.Form):
    """Base of an endpoint's filter form: declare fields, override `filtrar`. Bound to the same query string."""

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        return queryset


def _entero(nombre: str, minimo: int, maximo: int) -> forms.IntegerField:
    """An optional protocol integer whose every refusal names the parameter (the toast shows the first one)."""
    texto = f"El parámetro {nombre} de la tabla debe ser un número entero entre {minimo} y {maximo}."
    return forms.IntegerField(
        min_value=minimo,
        max_value=maximo,
        required=False,
        error_messages={"invalid": texto, "min_value": texto, "max_value": texto},
    )


class ParametrosDataTable(forms.Form):
    """The DataTables protocol, under plain names (see `_datos_protocolo` for the wire names)."""

    draw = _entero("draw", 0, 2**31 - 1)
    start = _entero("start (primer renglón)", 0, 10**9)
    length = _entero("length (renglones por página)", 1, LONGITUD_MAXIMA)
    orden_columna = _entero("order[0][column] (columna de orden)", 0, 999)
    orden_nombre = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": "El nombre de la columna de orden admite a lo más 100 caracteres."},
    )
    orden_direccion = forms.ChoiceField(
        choices=[("asc", "asc"), ("desc", "desc")],
        required=False,
        error_messages={"invalid_choice": "La dirección de orden debe ser «asc» o «desc»."},
    )
    busqueda = forms.CharField(
        max_length=BUSQUEDA_MAXIMA,
        required=False,
        error_messages={"max_length": f"La búsqueda admite a lo más {BUSQUEDA_MAXIMA} caracteres."},
    )

    def __init__(self, *args, columnas: Sequence[Columna], **kwargs):
        super().__init__(*args, **kwargs)
        self.columnas = list(columnas)

    def clean(self):
        datos = super().clean()
        datos["columna_orden"] = None
        indice = datos.get("orden_columna")
        if indice is None or self.errors:
            return datos
        nombre = datos.get("orden_nombre") or ""
        if nombre:
            columna = next((c for c in self.columnas if c.nombre == nombre), None)
        else:
            columna = self.columnas[indice] if indice < len(self.columnas) else None
        if columna is None or not columna.orden:
            self.add_error("orden_columna", "La columna no existe o no se puede ordenar.")
        else:
            datos["columna_orden"] = columna
        return datos


def _datos_protocolo(parametros) -> dict:
    """Wire names → form names. `columns[i][data]` of the sorted column, when sent, names it."""
    indice = parametros.get("order[0][column]")
    nombre = ""
    if indice is not None and str(indice).isdigit():
        nombre = parametros.get(f"columns[{int(indice)}][data]", "")
    return {
        "draw": parametros.get("draw"),
        "start": parametros.get("start"),
        "length": parametros.get("length"),
        "orden_columna": indice,
        "orden_nombre": nombre,
        "orden_direccion": parametros.get("order[0][dir]"),
        "busqueda": parametros.get("search[value]", ""),
    }


class BusquedaTablaForm(forms.Form):
    """The table's search box (`search[value]`) for an export that must follow what the table shows."""

    texto = forms.CharField(
        max_length=BUSQUEDA_MAXIMA,
        required=False,
        error_messages={"max_length": f"La búsqueda admite a lo más {BUSQUEDA_MAXIMA} caracteres."},
    )

    def __init__(self, parametros, **kwargs):
        super().__init__({"texto": parametros.get("search[value]", "")}, **kwargs)


def filtro_busqueda(texto: str, columnas: Iterable[Columna]) -> Q | None:
    """Every word must appear (icontains) in at least one searchable column."""
    rutas = [c.ruta for c in columnas if c.busqueda]
    palabras = texto.split()[:PALABRAS_MAXIMAS]
    if not rutas or not palabras:
        return None
    por_palabra = [reduce(or_, (Q(**{f"{ruta}__icontains": p}) for ruta in rutas)) for p in palabras]
    return reduce(and_, por_palabra)


def _ordenar(queryset: QuerySet, columna: Columna | None, direccion: str, orden_defecto: Sequence[str]) -> QuerySet:
    if columna is None:
        criterios = list(orden_defecto) or list(queryset.query.order_by or queryset.model._meta.ordering or [])
        if not any(c.lstrip("-") in ("pk", "id") for c in criterios):
            criterios.append("pk")
        return queryset.order_by(*criterios)
    signo = "-" if direccion == "desc" else ""
    return queryset.order_by(f"{signo}{columna.ruta}", f"{signo}pk")


def responder_datatable(
    request,
    queryset: QuerySet,
    *,
    columnas: Sequence[Columna],
    fila: Callable[[object], dict],
    filtros_form: type[FiltrosDataTable] | None = None,
    orden_defecto: Sequence[str] = (),
    anotar: Callable[[QuerySet], QuerySet] | None = None,
) -> JsonResponse:
    """Answer one DataTables request over `queryset` (already permission-scoped by its selector).

    `anotar` adds the per-row aggregates (progress, counts) to the page query only: the two counts run on the
    plain filtered queryset, so they never carry a GROUP BY over joined rows.
    """
    parametros = request.POST if request.method == "POST" else request.GET
    protocolo = ParametrosDataTable(_datos_protocolo(parametros), columnas=columnas)
    if not protocolo.is_valid():
        return respuestas.formulario_invalido(protocolo)
    filtros = None
    if filtros_form is not None:
        filtros = filtros_form(parametros)
        if not filtros.is_valid():
            return respuestas.formulario_invalido(filtros)

    p = protocolo.cleaned_data
    total = queryset.count()
    filtrado = filtros.filtrar(queryset) if filtros is not None else queryset
    condicion = filtro_busqueda(p["busqueda"] or "", columnas)
    if condicion is not None:
        filtrado = filtrado.filter(condicion)
    cuantos = filtrado.count()
    inicio = p["start"] or 0
    longitud = p["length"] or 10
    columna, direccion = p["columna_orden"], p["orden_direccion"] or "asc"
    if anotar is None:
        pagina = _ordenar(filtrado, columna, direccion, orden_defecto)[inicio : inicio + longitud]
    else:
        pagina = _pagina_anotada(filtrado, anotar, columna, direccion, orden_defecto, inicio, longitud)
    datos = [fila(obj) for obj in pagina]
    return JsonResponse({"draw": p["draw"] or 0, "recordsTotal": total, "recordsFiltered": cuantos, "data": datos})


def _pagina_anotada(filtrado, anotar, columna, direccion, orden_defecto, inicio, longitud) -> QuerySet:
    """The page with its per-row aggregates, still one query: the page's ids first, then the aggregates.

    The ids come from a lean subquery (no catalogue joins, no aggregates unless the sort needs one) ordered and
    sliced by the database; the outer query joins and aggregates those rows only. Aggregating every filtered
    row and then slicing costs seconds at tens of thousands of rows; this costs the page.
    """
    anotado = anotar(filtrado)
    propias = set(filtrado.query.annotations)
    criterios = _ordenar(anotado, columna, direccion, orden_defecto).query.order_by
    # An expression (not a field name) in the ordering may need the aggregates: sort on the annotated rows then.
    ordena_por_agregado = any(
        not isinstance(c, str)
        or (c.lstrip("-").split("__")[0] in anotado.query.annotations and c.lstrip("-").split("__")[0] not in propias)
        for c in criterios
    )
    claves = _ordenar(anotado if ordena_por_agregado else filtrado, columna, direccion, orden_defecto)
    ids = claves.values("pk")[inicio : inicio + longitud]
    return _ordenar(anotar(filtrado.filter(_en_pagina(ids, filtrado.db))), columna, direccion, orden_defecto)


class _IgualAAlguno(Func):
    """`pk = ANY(ARRAY(subquery))` (PostgreSQL): a filter on the table itself, evaluated once before any join."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _en_pagina(ids: QuerySet, alias: str):
    """Rows whose pk is in the sliced `ids` subquery.

    On PostgreSQL `pk IN (subquery)` becomes a semi-join that the planner, past `join_collapse_limit` joins
    (a list row with ten catalogue joins), places after joining and aggregating every row; `= ANY(ARRAY(…))`
    is an init-plan filter on the base table, so only the page's rows are ever joined.
    """
    if connections[alias].vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return _IgualAAlguno(F("pk"), ArraySubquery(ids))
    return Q(pk__in=ids)
