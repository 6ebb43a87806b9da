"""The charts of the Centro de consulta for the current filter as a PDF (matplotlib PNGs in a reportlab document).

"Enviar a mi correo" attaches it next to the Excel export. The figures come from the same selectors as the page's
JSON endpoints (constant number of queries, money as Decimal); floats appear only in what matplotlib draws.
"""

import io
from xml.sax.saxutils import escape

import matplotlib

# Agg before anything draws: the server has no display.
matplotlib.use("Agg")

from django.db.models import Q
from django.utils import timezone
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import pdf
from core.money import formato_moneda

from . import selectors

TIPO_PDF = "application/pdf"
AZUL = "#1F3864"
AZUL_CLARO = "#5B9BD5"
NARANJA = "#ED7D31"
MAXIMO_LIDERES = 12
MILES = FuncFormatter(lambda valor, _posicion: f"{valor:,.0f}")
ETIQUETAS_FILTRO = {
    "desde": "Desde",
    "hasta": "Hasta",
    "tipo_tiempo": "Tipo de tiempo",
    "sitio": "Sitio",
    "lider": "Líder",
    "ot": "OT",
    "anexo": "Anexo",
    "concepto": "Concepto",
    "solo_excedentes": "Sólo excedentes",
}
ESTILO_TABLA = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(AZUL)),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


def describir_filtros(filtros) -> str:
    """The chosen filters in words ("Desde: 01/03/2025 · Tipo de tiempo: CMA"), or that there are none."""
    partes = []
    for campo, etiqueta in ETIQUETAS_FILTRO.items():
        valor = filtros.cleaned_data.get(campo)
        if valor in (None, "", False):
            continue
        if hasattr(valor, "strftime"):
            valor = f"{valor:%d/%m/%Y}"
        elif valor is True:
            valor = "Sí"
        partes.append(f"{etiqueta}: {valor}")
    return " · ".join(partes) or "Sin filtros: toda la producción registrada."


def _png(figura: Figure) -> bytes:
    salida = io.BytesIO()
    figura.tight_layout()
    figura.savefig(salida, format="png", dpi=110)
    return salida.getvalue()


def _sin_datos(eje, texto: str = "Sin datos para los filtros elegidos") -> None:
    eje.text(0.5, 0.5, texto, ha="center", va="center", transform=eje.transAxes, color="grey")
    eje.set_xticks([])
    eje.set_yticks([])


def grafica_diaria(serie: list[dict]) -> bytes:
    """Produced vs programmed volume per day (lines)."""
    figura = Figure(figsize=(7.5, 3.2))
    eje = figura.add_subplot()
    eje.set_title("Volumen producido vs programado por día")
    if serie:
        fechas = [d["fecha"] for d in serie]
        eje.plot(fechas, [float(d["producido"]) for d in serie], color=AZUL, label="Producido")
        eje.plot(fechas, [float(d["programado"]) for d in serie], color=NARANJA, linestyle="--", label="Programado")
        eje.legend(fontsize=8)
        eje.grid(alpha=0.3)
        eje.yaxis.set_major_formatter(MILES)
        figura.autofmt_xdate()
    else:
        _sin_datos(eje)
    return _png(figura)


def grafica_lideres(lideres: list[dict]) -> bytes:
    """Produced MXN amount per project leader, largest on top, at most MAXIMO_LIDERES bars."""
    lideres = lideres[:MAXIMO_LIDERES]
    figura = Figure(figsize=(7.5, 0.4 * max(len(lideres), 3) + 1))
    eje = figura.add_subplot()
    eje.set_title("Importe producido por líder (MXN)")
    if lideres:
        eje.barh(
            [lider["lider"] or "Sin líder" for lider in reversed(lideres)],
            [float(lider["importe_mn"]) for lider in reversed(lideres)],
            color=AZUL,
        )
        eje.grid(axis="x", alpha=0.3)
        eje.xaxis.set_major_locator(MaxNLocator(5))
        eje.xaxis.set_major_formatter(MILES)
        eje.tick_params(labelsize=8)
    else:
        _sin_datos(eje)
    return _png(figura)


def grafica_embudo(etapas: list[dict]) -> bytes:
    """The funnel of statuses: one horizontal bar per stage, MXN and USD on separate panels."""
    figura = Figure(figsize=(7.5, 4.5))
    etiquetas = [e["etiqueta"] for e in reversed(etapas)]
    for posicion, (clave, moneda, color) in enumerate((("importe_mn", "MXN", AZUL), ("importe_usd", "USD", NARANJA))):
        eje = figura.add_subplot(2, 1, posicion + 1)
        eje.set_title(f"Embudo de estatus ({moneda})")
        eje.barh(etiquetas, [float(e[clave]) for e in reversed(etapas)], color=color)
        eje.grid(axis="x", alpha=0.3)
        eje.xaxis.set_major_locator(MaxNLocator(5))
        eje.xaxis.set_major_formatter(MILES)
        eje.tick_params(labelsize=8)
    return _png(figura)


def grafica_curva_s(curva: list[dict]) -> bytes:
    """Cumulative produced vs programmed amount per day, MXN and USD on separate panels (never one scale)."""
    figura = Figure(figsize=(7.5, 5))
    for posicion, (moneda, sufijo) in enumerate((("MXN", "mn"), ("USD", "usd"))):
        eje = figura.add_subplot(2, 1, posicion + 1)
        eje.set_title(f"Curva S: importe acumulado ({moneda})")
        if not curva:
            _sin_datos(eje)
            continue
        fechas = [p["fecha"] for p in curva]
        eje.plot(fechas, [float(p[f"producido_{sufijo}"]) for p in curva], color=AZUL, label="Producido")
        eje.plot(
            fechas, [float(p[f"programado_{sufijo}"]) for p in curva], color=NARANJA, linestyle="--", label="Programado"
        )
        eje.legend(fontsize=8)
        eje.grid(alpha=0.3)
        eje.yaxis.set_major_formatter(MILES)
        eje.tick_params(axis="x", labelsize=7)
    return _png(figura)


def _imagen(png: bytes, ancho_cm: float = 17) -> Image:
    return pdf.imagen(png, ancho_cm)


def _tabla(filas: list[list]) -> Table:
    tabla = Table(filas, repeatRows=1)
    tabla.setStyle(ESTILO_TABLA)
    return tabla


def pdf_graficas(condicion_produccion: Q, condicion_programado: Q, descripcion: str) -> tuple[bytes, str]:
    """The PDF of the KPIs, the funnel and the four charts for the filter, and its file name."""
    k = selectors.indicadores(condicion_produccion, condicion_programado)
    etapas = selectors.embudo(condicion_produccion)
    ahora = timezone.localtime()
    estilos = getSampleStyleSheet()
    partes = [
        Paragraph("SASCOP · Centro de consulta: gráficas", estilos["Title"]),
        Paragraph(f"Generado el {ahora:%d/%m/%Y %H:%M}. Filtros: {escape(descripcion)}", estilos["Normal"]),
        Spacer(1, 0.3 * cm),
        _tabla(
            [
                ["Indicador", "Valor"],
                ["Producido (MXN)", formato_moneda(k["importe_mn"], "MXN")],
                ["Producido (USD)", formato_moneda(k["importe_usd"], "USD")],
                ["Volumen producido", f"{k['volumen_producido']:,.2f}"],
                ["Volumen programado", f"{k['volumen_programado']:,.2f}"],
                ["Excedentes (MXN)", formato_moneda(k["excedente_mn"], "MXN")],
                ["OTs / registros", f"{k['ots']:,} / {k['filas']:,}"],
            ]
        ),
        Spacer(1, 0.3 * cm),
        _tabla(
            [["Etapa", "Registros", "Importe MXN", "Importe USD"]]
            + [
                [
                    e["etiqueta"],
                    f"{e['registros']:,}",
                    formato_moneda(e["importe_mn"], "MXN"),
                    formato_moneda(e["importe_usd"], "USD"),
                ]
                for e in etapas
            ]
        ),
        _imagen(grafica_embudo(etapas)),
        _imagen(grafica_curva_s(selectors.curva_s(condicion_produccion, condicion_programado))),
        _imagen(grafica_diaria(selectors.serie_diaria(condicion_produccion, condicion_programado))),
        _imagen(grafica_lideres(selectors.por_lider(condicion_produccion))),
    ]
    salida = io.BytesIO()
    documento = SimpleDocTemplate(
        salida,
        pagesize=letter,
        title="Centro de consulta: gráficas",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )
    documento.build(partes)
    return salida.getvalue(), f"consulta_graficas_{ahora:%Y%m%d_%H%M}.pdf"
