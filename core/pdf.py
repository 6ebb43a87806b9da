"""What the reportlab documents share: page furniture, house colours and styles, and small building blocks.

The estimation document (operaciones/estimaciones/documento.py) and the vessel's daily report (costa_fuera/
documento.py) are laid out alike: a title bar with a blue rule, grid tables with a blue heading row, grey subtotal
rows, a signature row, a watermark drawn under each page's content and a footer that says "Página X de Y". Each
document keeps only its own sizes (cell and title fonts, page orientation) and its own content.

Text goes through `texto_plano`: the standard fonts only know cp1252, so any other character prints as "?" instead
of a missing glyph.
"""

import functools
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table, TableStyle

CREADOR = "SASCOP"
MARGEN = 36
AZUL, GRIS = colors.HexColor("#1f3b63"), colors.HexColor("#e9edf3")
AMARILLO, ROJO = colors.HexColor("#fff4cc"), colors.HexColor("#b42318")
GRIS_TEXTO = colors.HexColor("#444444")
BORDE = colors.HexColor("#b8c0cc")
LINEA_FIRMA = "_" * 30

BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=8, leading=10)
NOTA = ParagraphStyle("nota", parent=BASE, fontSize=7.5, leading=9, textColor=GRIS_TEXTO)
CENTRO = ParagraphStyle("centro", parent=BASE, fontSize=7.5, leading=9, alignment=TA_CENTER)
ESTILO_ENCABEZADO = [
    ("BACKGROUND", (0, 0), (-1, 0), AZUL),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
]


def estilo_rejilla(tamano: float, interlineado: float) -> list:
    """The grid every table uses: thin grey lines, tight padding, text of `tamano` points at the top of its cell."""
    return [
        ("FONT", (0, 0), (-1, -1), "Helvetica", tamano, interlineado),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, BORDE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


# --- text ----------------------------------------------------------------------------------------------------------


def texto_plano(valor, largo: int | None = None) -> str:
    """One-line text in the standard fonts' character set (cp1252; other characters become "?"), cut to `largo`."""
    texto = " ".join(str(valor if valor is not None else "").split())
    if largo and len(texto) > largo:
        texto = texto[: largo - 1].rstrip() + "…"
    return texto.encode("cp1252", "replace").decode("cp1252")


def parrafo(valor, estilo: ParagraphStyle, largo: int | None = None) -> Paragraph:
    """A wrapped paragraph of plain text, its markup characters escaped (a description may hold "<" or "&")."""
    return Paragraph(escape(texto_plano(valor, largo)), estilo)


# --- tables --------------------------------------------------------------------------------------------------------


def tabla(datos, anchos, *estilo, rejilla: list, encabezado: bool = True) -> Table:
    """A grid table; with `encabezado` its first row is the blue heading, repeated on each page it spans."""
    resultado = Table(datos, colWidths=anchos, repeatRows=1 if encabezado else 0)
    resultado.setStyle(TableStyle([*rejilla, *(ESTILO_ENCABEZADO if encabezado else []), *estilo]))
    return resultado


def fila_destacada(fila: int, hasta: int = -1) -> list:
    """A total, subtotal or heading row: merged from the first column to `hasta`, bold on grey."""
    return [
        ("SPAN", (0, fila), (hasta, fila)),
        ("FONTNAME", (0, fila), (-1, fila), "Helvetica-Bold"),
        ("BACKGROUND", (0, fila), (-1, fila), GRIS),
    ]


def barra_titulo(principal: str, subtitulo: str, derecha: str, estilo: ParagraphStyle, anchos) -> Table:
    """The title row: `principal` over a grey `subtitulo` on the left, `derecha` on the right, a blue rule below."""
    texto = f"{escape(principal)}<br/><font size=9 color='#444444'>{escape(subtitulo)}</font>"
    alineado = ParagraphStyle("derecha", estilo, alignment=2)
    barra = Table([[Paragraph(texto, estilo), parrafo(derecha, alineado)]], colWidths=anchos)
    barra.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1.5, AZUL), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return barra


def tabla_firmas(bloques, ancho: float, *, renglones: int = 3) -> Table:
    """One signature cell per (title, name, role) in `bloques`, side by side across `ancho` points.

    `renglones` line breaks between the title and the line leave room to sign; a block without a name says
    "Nombre y firma".
    """
    celdas = [
        Paragraph(
            f"<b>{escape(titulo)}</b>{'<br/>' * renglones}{LINEA_FIRMA}"
            f"<br/>{escape(texto_plano(nombre)) or 'Nombre y firma'}<br/>{escape(texto_plano(rol))}",
            CENTRO,
        )
        for titulo, nombre, rol in bloques
    ]
    firmas = Table([celdas], colWidths=[ancho / len(celdas)] * len(celdas))
    firmas.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return firmas


def imagen(png: bytes, ancho_cm: float) -> Image:
    """A PNG scaled to `ancho_cm` centimetres wide, keeping its proportions."""
    resultado = Image(io.BytesIO(png))
    escala = ancho_cm * cm / resultado.imageWidth
    resultado.drawWidth, resultado.drawHeight = resultado.imageWidth * escala, resultado.imageHeight * escala
    return resultado


# --- page furniture ------------------------------------------------------------------------------------------------


class LienzoNumerado(canvas.Canvas):
    """Keeps every page until the end, so each footer can carry `pie` on the left and "Página X de Y" on the right."""

    def __init__(self, *args, pie: str = "", margen: float = MARGEN, **kwargs):
        super().__init__(*args, **kwargs)
        self._pie, self._margen, self._pendientes = texto_plano(pie), margen, []

    def showPage(self):
        self._pendientes.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pendientes)
        for numero, estado in enumerate(self._pendientes, start=1):
            self.__dict__.update(estado)
            self.setFont("Helvetica", 7)
            self.setFillColor(colors.grey)
            self.drawString(self._margen, 20, self._pie)
            self.drawRightString(self._pagesize[0] - self._margen, 20, f"Página {numero} de {total}")
            super().showPage()
        super().save()


@dataclass(frozen=True)
class MarcaDeAgua:
    """Diagonal text across the middle of every page ("BORRADOR", "CANCELADA"); nothing when `texto` is empty.

    Drawn before the page's content (as the page callback), faint enough for the tables to stay readable over it.
    """

    texto: str
    color: colors.Color = colors.grey
    tamano: float = 80
    angulo: float = 40

    def __call__(self, lienzo, documento) -> None:
        if not self.texto:
            return
        ancho, alto = documento.pagesize
        lienzo.saveState()
        lienzo.setFillColor(self.color)
        lienzo.setFillAlpha(0.16)
        lienzo.setFont("Helvetica-Bold", self.tamano)
        lienzo.translate(ancho / 2, alto / 2)
        lienzo.rotate(self.angulo)
        lienzo.drawCentredString(0, -20, self.texto)
        lienzo.restoreState()


def documento_pdf(
    historia: list, *, pagina, pie: str, marca: MarcaDeAgua, titulo: str, asunto: str, autor: str
) -> bytes:
    """`historia` laid out on `pagina` with the house margins, the watermark and the numbered footer; PDF bytes."""
    salida = io.BytesIO()
    documento = SimpleDocTemplate(
        salida, pagesize=pagina, leftMargin=MARGEN, rightMargin=MARGEN, topMargin=MARGEN, bottomMargin=MARGEN + 6,
        title=titulo, author=autor, creator=CREADOR, subject=asunto,
    )  # fmt: skip
    lienzo = functools.partial(LienzoNumerado, pie=pie)
    documento.build(historia, onFirstPage=marca, onLaterPages=marca, canvasmaker=lienzo)
    return salida.getvalue()
