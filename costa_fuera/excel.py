"""The RDO as an Excel workbook, and a vessel's reports between two dates one row per day (XlsxWriter).

The day's workbook prints `documento.contenido_rdo` — the same figures as the PDF — in five sheets: Resumen (header
and hours per category and per OT), Bitácora, POB, Consumibles and Incidencias. Numbers are number cells written
from Decimals; times are "HH:MM" text, because the end of the day is 24:00, which no time cell can hold.
"""

import io
import re
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.utils import timezone

from .documento import CONTRATISTA, TITULO_DOCUMENTO, ContenidoRDO, contenido_rdo, horas, minutos, nombre_usuario
from .flota import formato_posicion
from .models import (
    BitacoraTiempo,
    CategoriaOperativa,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    ReporteDiarioEmbarcacion,
    TipoRecurso,
)

COLOR_CASA = "#F05523"
HOJA_RESUMEN, HOJA_BITACORA, HOJA_POB, HOJA_CONSUMIBLES, HOJA_INCIDENCIAS = (
    "Resumen",
    "Bitácora",
    "POB",
    "Consumibles",
    "Incidencias",
)
HOJA_RANGO = "Reportes"
DIAS_MAXIMOS_RANGO = 366


class _Libro:
    """A workbook in memory with the house formats and a typed `celda` writer."""

    def __init__(self):
        self.salida = io.BytesIO()
        self.libro = xlsxwriter.Workbook(self.salida, {"in_memory": True})
        agregar = self.libro.add_format
        self.f = {
            "titulo": agregar({"bold": True, "font_size": 14, "font_color": "#1f3b63"}),
            "etiqueta": agregar({"bold": True}),
            "encabezado": agregar(
                {"bold": True, "font_color": "#FFFFFF", "bg_color": COLOR_CASA, "border": 1, "text_wrap": True}
            ),
            "texto": agregar({"valign": "top"}),
            "largo": agregar({"text_wrap": True, "valign": "top"}),
            "entero": agregar({"num_format": "#,##0"}),
            "horas": agregar({"num_format": "#,##0.00"}),
            "cantidad": agregar({"num_format": "#,##0.000"}),
            "fecha": agregar({"num_format": "dd/mm/yyyy"}),
            "fecha_hora": agregar({"num_format": "dd/mm/yyyy hh:mm"}),
            "total": agregar({"bold": True, "top": 1}),
            "total_horas": agregar({"bold": True, "top": 1, "num_format": "#,##0.00"}),
            "total_entero": agregar({"bold": True, "top": 1, "num_format": "#,##0"}),
            "alerta": agregar({"num_format": "#,##0.000", "font_color": "#C00000", "bold": True}),
        }

    def hoja(self, nombre: str, columnas: list[tuple[str, int]], fila: int = 0):
        hoja = self.libro.add_worksheet(nombre)
        for i, (titulo, ancho) in enumerate(columnas):
            hoja.set_column(i, i, ancho)
            hoja.write_string(fila, i, titulo, self.f["encabezado"])
        hoja.freeze_panes(fila + 1, 0)
        return hoja

    def celda(self, hoja, fila: int, columna: int, valor, formato: str = "texto") -> None:
        f = self.f[formato]
        if valor is None or valor == "":
            hoja.write_blank(fila, columna, None, f)
        elif isinstance(valor, datetime):
            local = timezone.localtime(valor) if timezone.is_aware(valor) else valor
            hoja.write_datetime(fila, columna, local.replace(tzinfo=None), f)
        elif isinstance(valor, date):
            hoja.write_datetime(fila, columna, datetime(valor.year, valor.month, valor.day), f)
        elif isinstance(valor, bool):
            hoja.write_string(fila, columna, "Sí" if valor else "No", f)
        elif isinstance(valor, int | Decimal):
            hoja.write_number(fila, columna, valor, f)
        else:
            # write_string: a text that looks like a formula stays text.
            hoja.write_string(fila, columna, str(valor), f)

    def fila(self, hoja, fila: int, valores: list[tuple]) -> None:
        for columna, (valor, formato) in enumerate(valores):
            self.celda(hoja, fila, columna, valor, formato)

    def cerrar(self) -> bytes:
        self.libro.close()
        return self.salida.getvalue()


# --- the day's workbook --------------------------------------------------------------------------------------------


def _resumen(x: _Libro, c: ContenidoRDO) -> None:
    r = c.reporte
    hoja = x.libro.add_worksheet(HOJA_RESUMEN)
    hoja.set_column(0, 0, 28)
    hoja.set_column(1, 1, 42)
    hoja.set_column(2, 3, 14)
    hoja.write_string(0, 0, f"{CONTRATISTA} · {TITULO_DOCUMENTO}", x.f["titulo"])
    generales = [
        ("Embarcación", r.embarcacion.descripcion, "texto"),
        ("Fecha", r.fecha, "fecha"),
        ("Estado", r.get_estado_display(), "texto"),
        ("Representante", nombre_usuario(r.representante), "texto"),
        ("Cerrado por", nombre_usuario(r.cerrado_por), "texto"),
        ("Fecha de cierre", r.fecha_cierre, "fecha_hora"),
        ("Posición", formato_posicion(c.latitud, c.longitud) or "Sin posición registrada", "texto"),
        ("Latitud", c.latitud, "cantidad"),
        ("Longitud", c.longitud, "cantidad"),
        ("Personal a bordo", c.pob_total, "entero"),
        ("Capacidad de la embarcación", c.capacidad_pob, "entero"),
        ("Horas en bitácora", c.total_horas, "horas"),
        ("Versión", c.version, "texto"),
        ("Comentarios generales", r.comentarios_generales, "largo"),
    ]
    for n, (etiqueta, valor, formato) in enumerate(generales, start=2):
        hoja.write_string(n, 0, etiqueta, x.f["etiqueta"])
        x.celda(hoja, n, 1, valor, formato)
    fila = len(generales) + 3
    for titulo, filas, clave in (("Categoría", c.por_categoria, "etiqueta"), ("OT", c.por_ot, "ot")):
        hoja.write_string(fila, 0, titulo, x.f["encabezado"])
        hoja.write_string(fila, 1, "Horas", x.f["encabezado"])
        for n, item in enumerate(filas, start=fila + 1):
            x.fila(hoja, n, [(item[clave], "texto"), (item["horas"], "horas")])
        fila += len(filas) + 1
        x.fila(hoja, fila, [("Total", "total"), (c.total_horas, "total_horas")])
        fila += 2


def _bitacora(x: _Libro, c: ContenidoRDO) -> None:
    columnas = [("Inicio", 8), ("Fin", 8), ("Horas", 8), ("Categoría", 18), ("OT", 20), ("Actividad", 70),
                ("Hueco justificado", 10)]  # fmt: skip
    hoja = x.hoja(HOJA_BITACORA, columnas)
    for n, b in enumerate(c.bitacora, start=1):
        x.fila(hoja, n, [(b["inicio"], "texto"), (b["fin"], "texto"), (b["horas"], "horas"), (b["etiqueta"], "texto"),
                         (b["ot"], "texto"), (b["actividad"], "largo"), (b["hueco_justificado"], "texto")])  # fmt: skip
    x.fila(hoja, len(c.bitacora) + 1, [("Total", "total"), ("", "total"), (c.total_horas, "total_horas")])


def _pob(x: _Libro, c: ContenidoRDO) -> None:
    hoja = x.hoja(HOJA_POB, [("Compañía", 34), ("Categoría", 30), ("Personas", 10)])
    for n, p in enumerate(c.pob, start=1):
        x.fila(hoja, n, [(p["compania"], "texto"), (p["categoria"], "texto"), (p["cantidad"], "entero")])
    n = len(c.pob) + 1
    x.fila(hoja, n, [("Total a bordo", "total"), ("", "total"), (c.pob_total, "total_entero")])
    x.fila(hoja, n + 1, [("Capacidad de la embarcación", "etiqueta"), ("", "texto"), (c.capacidad_pob, "entero")])


def _consumibles(x: _Libro, c: ContenidoRDO) -> None:
    columnas = [("Recurso", 12), ("Unidad", 8), ("Anterior", 13), ("Suministro", 13), ("Consumo", 13),
                ("Trasiego", 13), ("Actual", 13), ("Lectura PEMEX", 14), ("Diferencia", 13), ("Diferencia %", 12),
                ("Fuera de tolerancia", 12)]  # fmt: skip
    hoja = x.hoja(HOJA_CONSUMIBLES, columnas)
    for n, i in enumerate(c.inventarios, start=1):
        cantidades = [
            (i[k], "cantidad") for k in ("anterior", "suministro", "consumo", "trasiego", "actual", "lectura_pemex")
        ]
        formato_dif = "alerta" if i["fuera_de_tolerancia"] else "cantidad"
        x.fila(hoja, n, [(i["etiqueta"], "texto"), (i["unidad"], "texto"), *cantidades, (i["diferencia"], formato_dif),
                         (i["diferencia_porcentaje"], "horas"), (i["fuera_de_tolerancia"], "texto")])  # fmt: skip


def _incidencias(x: _Libro, c: ContenidoRDO) -> None:
    columnas = [("Tipo", 20), ("Severidad", 10), ("Descripción", 70), ("Visible al cliente", 10), ("Registró", 24),
                ("Fecha de registro", 16), ("Fotos", 7)]  # fmt: skip
    hoja = x.hoja(HOJA_INCIDENCIAS, columnas)
    for n, i in enumerate(c.incidencias, start=1):
        x.fila(hoja, n, [(i["tipo"], "texto"), (i["severidad"], "texto"), (i["descripcion"], "largo"),
                         (i["visible_cliente"], "texto"), (i["registrado_por"], "texto"),
                         (i["fecha_registro"], "fecha_hora"), (i["fotos"], "entero")])  # fmt: skip
    if c.solo_cliente:
        hoja.write_string(
            len(c.incidencias) + 2, 0, "Versión para el cliente: solo incidencias visibles para el cliente."
        )


def rdo_xlsx(*, reporte: ReporteDiarioEmbarcacion, solo_cliente: bool = False) -> bytes:
    """The day's report as a workbook: Resumen, Bitácora, POB, Consumibles and Incidencias."""
    c = contenido_rdo(reporte, solo_cliente=solo_cliente)
    x = _Libro()
    _resumen(x, c)
    _bitacora(x, c)
    _pob(x, c)
    _consumibles(x, c)
    _incidencias(x, c)
    return x.cerrar()


# --- a vessel's reports between two dates --------------------------------------------------------------------------


def _suma(modelo, campo: str, **filtro) -> Subquery:
    consulta = modelo.objects.filter(reporte=OuterRef("pk"), **filtro).order_by().values("reporte")
    return Subquery(consulta.annotate(s=Sum(campo)).values("s"))


def reportes_del_rango(embarcacion, desde: date, hasta: date):
    """The vessel's reports in [desde, hasta] with their daily figures, annotated in one query (no per-day query)."""
    anotaciones = {
        "pob_total": _suma(PersonalABordo, "cantidad"),
        "incidencias_n": Subquery(
            Incidencia.objects.filter(reporte=OuterRef("pk"))
            .order_by()
            .values("reporte")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
    }
    for recurso in TipoRecurso.values:
        clave = recurso.lower()
        for campo in ("consumo", "suministro", "existencia_actual", "lectura_pemex"):
            anotaciones[f"{clave}_{campo}"] = _suma(InventarioDiario, campo, tipo_recurso=recurso)
    return (
        ReporteDiarioEmbarcacion.objects.filter(embarcacion=embarcacion, fecha__gte=desde, fecha__lte=hasta)
        .select_related("representante")
        .annotate(**anotaciones)
        .order_by("fecha")
    )


def _minutos_por_reporte(ids: list[int]) -> dict[int, dict[str, int]]:
    """Minutes per report and category; summed in Python because an end of 00:00 means 24:00."""
    resultado: dict[int, dict[str, int]] = {}
    filas = BitacoraTiempo.objects.filter(reporte_id__in=ids).values_list(
        "reporte_id", "estatus_operativo", "hora_inicio", "hora_fin"
    )
    for reporte_id, categoria, inicio, fin in filas.iterator(chunk_size=2000):
        por_categoria = resultado.setdefault(reporte_id, {})
        por_categoria[categoria] = por_categoria.get(categoria, 0) + minutos(inicio, fin)
    return resultado


def rdo_rango_xlsx(*, embarcacion, desde: date, hasta: date) -> bytes:
    """One row per day: state, representative, hours per category, POB, diesel and water, incidents — two queries."""
    reportes = list(reportes_del_rango(embarcacion, desde, hasta))
    minutos_por = _minutos_por_reporte([r.pk for r in reportes])
    categorias = CategoriaOperativa.choices
    columnas = [("Fecha", 11), ("Estado", 11), ("Representante", 24), ("Horas bitácora", 10)]
    columnas += [(f"Horas {etiqueta.lower()}", 11) for _, etiqueta in categorias]
    columnas += [("POB", 7), ("Capacidad", 9)]
    for _, etiqueta in TipoRecurso.choices:
        columnas += [(f"{etiqueta} suministro", 12), (f"{etiqueta} consumo", 12), (f"{etiqueta} actual", 12),
                     (f"{etiqueta} lectura PEMEX", 14)]  # fmt: skip
    columnas += [("Incidencias", 10), ("Latitud", 12), ("Longitud", 12)]
    x = _Libro()
    hoja = x.hoja(HOJA_RANGO, columnas, fila=2)
    hoja.write_string(0, 0, f"{embarcacion.descripcion}: reportes diarios del {desde:%d/%m/%Y} al {hasta:%d/%m/%Y}",
                      x.f["titulo"])  # fmt: skip
    for n, r in enumerate(reportes, start=3):
        por_categoria = minutos_por.get(r.pk, {})
        valores = [(r.fecha, "fecha"), (r.get_estado_display(), "texto"), (nombre_usuario(r.representante), "texto"),
                   (horas(sum(por_categoria.values())), "horas")]  # fmt: skip
        valores += [(horas(por_categoria.get(k, 0)), "horas") for k, _ in categorias]
        valores += [(r.pob_total or 0, "entero"), (embarcacion.capacidad_pob, "entero")]
        for recurso in TipoRecurso.values:
            clave = recurso.lower()
            valores += [(_decimal(getattr(r, f"{clave}_{campo}")), "cantidad")
                        for campo in ("suministro", "consumo", "existencia_actual", "lectura_pemex")]  # fmt: skip
        valores += [(r.incidencias_n or 0, "entero"), (r.latitud, "cantidad"), (r.longitud, "cantidad")]
        x.fila(hoja, n, valores)
    if reportes:
        hoja.autofilter(2, 0, len(reportes) + 2, len(columnas) - 1)
    return x.cerrar()


def _decimal(valor):
    """SQLite sums decimals as floats: back to a 3-decimal Decimal (a no-op for PostgreSQL's exact sums)."""
    if valor is None:
        return None
    return Decimal(str(valor)).quantize(Decimal("0.001"))


def nombre_archivo_rango(embarcacion, desde: date, hasta: date) -> str:
    barco = re.sub(r"[^A-Za-z0-9._-]+", "_", embarcacion.descripcion).strip("_") or "embarcacion"
    return f"RDO_{barco}_{desde:%Y-%m-%d}_a_{hasta:%Y-%m-%d}.xlsx"
