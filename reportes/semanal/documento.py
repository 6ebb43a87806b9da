"""The weekly summary as a PDF (reportlab): the figures' tables with the charts embedded."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import pdf
from core.money import formato_moneda

from .datos import ResumenSemanal
from .graficas import grafica_barras, grafica_produccion

ESTILO_TABLA = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0d3b66")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
)


def _tabla(encabezados: list[str], filas: list[list]) -> Table:
    tabla = Table([encabezados, *filas], repeatRows=1)
    tabla.setStyle(ESTILO_TABLA)
    return tabla


def _imagen(png: bytes, ancho_cm: float = 16) -> Image:
    return pdf.imagen(png, ancho_cm)


def titulo_semana(resumen: ResumenSemanal) -> str:
    return f"Resumen semanal SASCOP del {resumen.desde:%d/%m/%Y} al {resumen.hasta:%d/%m/%Y}"


def pdf_semanal(resumen: ResumenSemanal) -> bytes:
    """The PDF bytes of the week's summary."""
    estilos = getSampleStyleSheet()
    partes = [Paragraph(titulo_semana(resumen), estilos["Title"]), Spacer(1, 0.3 * cm)]

    partes.append(Paragraph("Producción de la semana", estilos["Heading2"]))
    partes.append(
        Paragraph(
            f"{resumen.produccion_registros:,} registros: {formato_moneda(resumen.produccion_mn, 'MXN')} y "
            f"{formato_moneda(resumen.produccion_usd, 'USD')} (tiempo efectivo y CMA).",
            estilos["Normal"],
        )
    )
    if resumen.produccion_registros:
        partes.append(_imagen(grafica_produccion(resumen.produccion_dias)))

    partes.append(Paragraph("Estimaciones de la semana", estilos["Heading2"]))
    if resumen.estimaciones:
        partes.append(
            _tabla(
                ["Estado", "Estimaciones", "Importe MXN", "Importe USD"],
                [
                    [
                        e["estado"],
                        f"{e['total']:,}",
                        formato_moneda(e["importe_mn"], ""),
                        formato_moneda(e["importe_usd"], ""),
                    ]
                    for e in resumen.estimaciones
                ],
            )
        )
    else:
        partes.append(Paragraph("No se registraron estimaciones.", estilos["Normal"]))

    partes.append(Paragraph("Entregables cargados por líder", estilos["Heading2"]))
    if resumen.entregables:
        partes.append(
            _tabla(
                ["Líder", "Pasos de PTE", "Pasos de OT", "Total"],
                [[f["lider"], f["pte"], f["ot"], f["total"]] for f in resumen.entregables],
            )
        )
        partes.append(
            _imagen(
                grafica_barras(
                    [f["lider"] for f in resumen.entregables],
                    [f["total"] for f in resumen.entregables],
                    "Entregables por líder",
                ),
                12,
            )
        )
    else:
        partes.append(Paragraph("No se cargaron entregables.", estilos["Normal"]))

    partes.append(Paragraph("Actividad por usuario y módulo", estilos["Heading2"]))
    if resumen.actividad:
        partes.append(
            _tabla(
                ["Usuario", "Módulo", "Movimientos"],
                [[f["usuario"], f["modulo"], f"{f['total']:,}"] for f in resumen.actividad],
            )
        )
        por_usuario: dict[str, int] = {}
        for f in resumen.actividad:
            por_usuario[f["usuario"]] = por_usuario.get(f["usuario"], 0) + f["total"]
        ordenados = sorted(por_usuario.items(), key=lambda par: -par[1])
        partes.append(
            _imagen(grafica_barras([u for u, _ in ordenados], [n for _, n in ordenados], "Movimientos por usuario"), 12)
        )
    else:
        partes.append(Paragraph("No hubo actividad registrada.", estilos["Normal"]))

    salida = io.BytesIO()
    documento = SimpleDocTemplate(
        salida, pagesize=letter, title=titulo_semana(resumen), leftMargin=2 * cm, rightMargin=2 * cm
    )
    documento.build(partes)
    return salida.getvalue()
