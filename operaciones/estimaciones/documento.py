"""The estimation document (PDF): carátula, lines by anexo, per-concept summary, signatures and a verification QR.

Laid out as PEMEX estimations are read: a carátula with contract, OT, period and both currencies side by side
(subtotal, fondo de garantía, amortización de anticipo, neto, homologado at the recorded exchange rate) and the
signatures; then the números generadores (one row per production record, grouped by anexo, with subtotals) and the
per-concept account (autorizado / anterior / periodo / acumulado / restante). Amounts are Decimals from the
database formatted with `core.money.formato_moneda`: the carátula prints the header's stored totals (what the
acceptance compares), and the anexo subtotals are exact Decimal sums of the stored line amounts — no float anywhere.

Large estimations: a listed line costs ≈ 0.4 ms in reportlab, so 100 000 lines make a ≈ 4 200-page, 12 MB file that
takes ≈ 40 s — too slow for a web request and useless on paper. Above `LINEAS_MAXIMAS_DETALLE` lines the body shows
one row per concept and unit price (sums by the database) and says so; the Excel export of the lines keeps every
record. `detalle=True` forces the full listing (measured times in bench/README.md, "Issue 6").
"""

import logging
import re
import secrets
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from core import pdf
from core.actividad import actividad_registrar
from core.models import Evento
from core.money import formato_moneda, redondear_centavos
from core.pdf import AMARILLO, AZUL, BASE, CENTRO, GRIS, NOTA, ROJO
from operaciones.produccion.hoja import clave_codigo, clave_orden_anexo

from .models import EstadoEstimacion, EstimacionHeader
from .selectors import estimacion_conceptos, estimacion_lineas, estimacion_totales

logger = logging.getLogger(__name__)

LINEAS_MAXIMAS_DETALLE = 5_000
# Rows per table: reportlab re-measures the rest of a table at each page break, so one huge table costs O(n²).
FILAS_POR_TABLA = 500
CONTRATISTA = "BME SubTec"
CLIENTE_PREDETERMINADO = "PEMEX"
MARCA_BORRADOR = "BORRADOR — SIN VALOR"
MARCA_CANCELADA = "CANCELADA"
ESTADOS_CON_VALOR = {EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA}
CODIGO_VALIDO = re.compile(r"^[A-Za-z0-9_-]{1,32}$")

PAGINA = landscape(letter)
ANCHO_UTIL = PAGINA[0] - 2 * pdf.MARGEN
CERO = Decimal(0)

CELDA = ParagraphStyle("celda", parent=BASE, fontSize=7, leading=8.4)
ETIQUETA = ParagraphStyle("etiqueta", parent=CELDA, fontName="Helvetica-Bold")
TITULO = ParagraphStyle("titulo", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=18, textColor=AZUL)
SECCION = ParagraphStyle("seccion", parent=TITULO, fontSize=11, leading=14, spaceBefore=6, spaceAfter=4)
REJILLA = pdf.estilo_rejilla(7, 8.4)


# --- verification code and names -------------------------------------------------------------------------------------


def estimacion_asegurar_codigo(*, estimacion: EstimacionHeader, usuario) -> str:
    """The estimation's verification code, created (and logged) the first time a document needs one."""
    if estimacion.codigo_verificacion:
        return estimacion.codigo_verificacion
    # Conditional update: two simultaneous first downloads must not print two different codes.
    asignado = EstimacionHeader.objects.filter(pk=estimacion.pk, codigo_verificacion="").update(
        codigo_verificacion=secrets.token_hex(16)
    )
    codigo = EstimacionHeader.objects.values_list("codigo_verificacion", flat=True).get(pk=estimacion.pk)
    estimacion.codigo_verificacion = codigo
    if asignado:
        logger.info("Código de verificación asignado a la estimación %s al generar su documento", estimacion.pk)
        actividad_registrar(
            usuario=usuario,
            entidad="Estimación",
            registro_id=estimacion.pk,
            evento=Evento.ACTUALIZAR,
            cambios={"codigo_verificacion": ("", codigo)},
            detalle=f"Código de verificación asignado al generar el documento de {estimacion.folio}.",
        )
    return codigo


def codigo_valido(codigo: str) -> bool:
    """Shape of a verification code in a URL (anything else cannot exist: 404 without a query)."""
    return bool(CODIGO_VALIDO.match(codigo or ""))


def nombre_archivo(estimacion: EstimacionHeader) -> str:
    """`Estimacion_<folio>.pdf` with only safe characters (a folio carries the contract number, spaces and all)."""
    folio = re.sub(r"[^A-Za-z0-9._-]+", "_", estimacion.folio or f"ID{estimacion.pk}").strip("_")
    return f"Estimacion_{folio}.pdf"


def marca_de_agua(estimacion: EstimacionHeader) -> str:
    """A cancelled estimation says so on every page; one not yet approved has no value as a billing document."""
    if estimacion.estado == EstadoEstimacion.CANCELADA:
        return MARCA_CANCELADA
    return "" if estimacion.estado in ESTADOS_CON_VALOR else MARCA_BORRADOR


def codigo_qr(valor: str, tamano: float = 92) -> Drawing:
    """The QR of `valor` as a drawing of `tamano` points (reportlab's own encoder; tests watch this seam)."""
    widget = QrCodeWidget(valor, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    dibujo = Drawing(tamano, tamano, transform=[tamano / (x1 - x0), 0, 0, tamano / (y1 - y0), 0, 0])
    dibujo.add(widget)
    return dibujo


# --- formatting ----------------------------------------------------------------------------------------------------


_plano = pdf.texto_plano


def _p(valor, estilo=CELDA, largo: int | None = None) -> Paragraph:
    return pdf.parrafo(valor, estilo, largo)


def _envolver(valor, ancho: float, largo: int | None = None) -> str:
    """Text broken into lines that fit `ancho` points of a 7-point cell.

    A plain multi-line string costs a fraction of a Paragraph, which matters at thousands of rows (bench/README.md).
    """
    return "\n".join(simpleSplit(_plano(valor, largo), "Helvetica", 7, ancho - 6))


def _fecha(valor) -> str:
    return valor.strftime("%d/%m/%Y") if valor else ""


def _decimales(valor, minimo: int = 2) -> str:
    """A Decimal with thousands separators, trailing zeros dropped down to `minimo` decimals (no float involved)."""
    entero, _, fraccion = format(Decimal(valor or 0), ",f").partition(".")
    return f"{entero}.{fraccion.rstrip('0').ljust(minimo, '0')}"


def _importe(valor) -> str:
    return formato_moneda(valor, "")


def _cuantas(cantidad: int, nombre: str) -> str:
    return f"{cantidad:,} {nombre}" + ("" if cantidad == 1 else "s")


def _nombre(usuario) -> str:
    return (usuario.get_full_name() or usuario.get_username()) if usuario else ""


def _tabla(datos, anchos, *estilo, encabezado: bool = True) -> Table:
    return pdf.tabla(datos, anchos, *estilo, rejilla=REJILLA, encabezado=encabezado)


_fila_destacada = pdf.fila_destacada


# --- watermark ----------------------------------------------------------------------------------------------------


def _marca(texto: str) -> pdf.MarcaDeAgua:
    """A cancelled estimation's mark is red and larger; a draft's is grey."""
    cancelada = texto == MARCA_CANCELADA
    return pdf.MarcaDeAgua(texto, color=ROJO if cancelada else colors.grey, tamano=72 if cancelada else 58, angulo=25)


# --- carátula ------------------------------------------------------------------------------------------------------


def _cliente(estimacion) -> str:
    return str(estimacion.contrato.cliente) if estimacion.contrato_id else CLIENTE_PREDETERMINADO


def _datos_generales(e: EstimacionHeader) -> Table:
    contrato = e.contrato.numero_contrato if e.contrato_id else "Sin contrato"
    filas = [
        ("Contratista", CONTRATISTA, "Cliente", _cliente(e)),
        ("Contrato", contrato, "Estimación", f"{e.folio} (núm. {e.numero or '—'})"),
        (
            "Orden de trabajo",
            e.id_ot.orden_trabajo,
            "Periodo",
            f"del {_fecha(e.fecha_desde)} al {_fecha(e.fecha_hasta)}",
        ),
        ("Descripción", e.id_ot.descripcion_trabajo, "Fecha de estimación", _fecha(e.fecha_estimacion)),
        ("Estado", e.get_estado_display(), "Tipo de cambio", f"{e.tipo_cambio:.4f} MXN/USD"),
    ]
    if e.numero_factura or e.fecha_factura or e.fecha_pago:
        factura = f"{e.numero_factura} del {_fecha(e.fecha_factura)}".strip()
        filas.append(("Factura", factura, "Fecha de pago", _fecha(e.fecha_pago) or "Pendiente"))
    if e.estado == EstadoEstimacion.CANCELADA:
        cancelada = timezone.localtime(e.fecha_cancelacion) if e.fecha_cancelacion else None
        filas.append(("Cancelada el", _fecha(cancelada), "Motivo", e.motivo_cancelacion))
    datos = [[_p(a, ETIQUETA), _p(b, largo=400), _p(c, ETIQUETA), _p(d, largo=400)] for a, b, c, d in filas]
    gris = [("BACKGROUND", (c, 0), (c, -1), GRIS) for c in (0, 2)]
    return _tabla(datos, [80, 290, 90, ANCHO_UTIL - 460], *gris, encabezado=False)


def _tabla_totales(e: EstimacionHeader, t: dict) -> Table:
    def renglon(etiqueta, clave, usd=True):
        return [etiqueta, formato_moneda(t[f"{clave}_mn"] if usd else t[clave], "MXN"),
                formato_moneda(t[f"{clave}_usd"], "USD") if usd else ""]  # fmt: skip

    datos = [
        ["Importes de la estimación", "M.N. (MXN)", "USD"],
        renglon("Subtotal estimado", "subtotal"),
        renglon(f"(-) Retención, fondo de garantía ({e.porcentaje_retencion:.2f} %)", "retencion"),
        renglon(f"(-) Amortización de anticipo ({e.porcentaje_amortizacion_anticipo:.2f} %)", "amortizacion"),
        renglon("Neto a pagar", "neto"),
        [f"Homologado a M.N. al tipo de cambio {t['tipo_cambio']:.4f} MXN/USD", "", ""],
        renglon("Subtotal homologado (M.N. + USD × T.C.)", "homologado_subtotal", usd=False),
        renglon("Neto homologado", "homologado_neto", usd=False),
    ]
    return _tabla(
        datos, [250, 115, 105], ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5, 10.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        *_fila_destacada(4, 0), *_fila_destacada(5), ("FONTNAME", (0, 7), (-1, 7), "Helvetica-Bold"),
    )  # fmt: skip


def _bloque_qr(e: EstimacionHeader, url: str) -> Table:
    texto = f"<b>Verificación del documento</b><br/>Escanee el código o abra:<br/>{escape(_plano(url))}"
    texto += f"<br/>Código: {escape(e.codigo_verificacion)}"
    tabla = Table([[codigo_qr(url)], [Paragraph(texto, CENTRO)]], colWidths=[ANCHO_UTIL - 490])
    tabla.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return tabla


def _firmas(e: EstimacionHeader) -> Table:
    contratista = f"Por la contratista, {CONTRATISTA}"
    bloques = [
        ("Elaboró", _nombre(e.creado_por), contratista),
        ("Revisó", "", contratista),
        ("Autorizó", _nombre(e.aprobado_por), contratista),
        ("Recibió", "", f"Por {_cliente(e)}"),
    ]
    return pdf.tabla_firmas(bloques, ANCHO_UTIL, renglones=4)


def _caratula(e: EstimacionHeader, totales: dict, url: str) -> list:
    titulo = pdf.barra_titulo(CONTRATISTA, "Estimación de obra · carátula", e.folio, TITULO, [ANCHO_UTIL / 2] * 2)
    importes = Table([[_tabla_totales(e, totales), _bloque_qr(e, url)]], colWidths=[480, ANCHO_UTIL - 480])
    importes.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    historia = [titulo, Spacer(1, 8), _datos_generales(e), Spacer(1, 10), importes]
    if e.comentario:
        historia += [Spacer(1, 6), Paragraph(f"<b>Comentario:</b> {escape(_plano(e.comentario, 800))}", NOTA)]
    return [*historia, Spacer(1, 8), KeepTogether(_firmas(e))]


# --- body: lines by anexo ------------------------------------------------------------------------------------------

ENCABEZADO_LINEAS = ["Código", "Descripción", "Fecha / tiempo", "Unidad", "Vol. producido", "Vol. estimado",
                     "P.U. M.N.", "P.U. USD", "Importe M.N.", "Importe USD"]  # fmt: skip
ANCHOS_LINEAS = [46, 188, 66, 40, 56, 56, 58, 52, 84, 72]


def _filas_detalladas(lineas) -> list[dict]:
    """One row per line (the selector annotates each line with its display values), codes in numeric order."""
    filas = [
        {"anexo": d.anexo, "codigo": d.codigo, "descripcion": d.descripcion, "unidad": d.unidad,
         "cuando": f"{_fecha(d.fecha)} {d.tipo_tiempo}", "orden": (d.fecha, d.tipo_tiempo, d.pk),
         "actual": d.volumen_actual, "estimado": d.volumen_estimado,
         "pu_mn": d.precio_unitario_mn, "pu_usd": d.precio_unitario_usd, "mn": d.importe_mn, "usd": d.importe_usd,
         "ajuste": d.volumen_estimado != d.volumen_actual or bool(d.comentario_ajuste),
         "comentario": d.comentario_ajuste}
        for d in lineas
    ]  # fmt: skip
    # 2.9. before 2.10., which the database's text order does not give.
    filas.sort(key=lambda f: (clave_orden_anexo(f["anexo"]), clave_codigo(f["codigo"]), f["orden"]))
    return filas


def _filas_resumidas(lineas) -> list[dict]:
    """One row per concept and unit price, summed by the database (estimations too large to list)."""
    ajustada = ~Q(volumen_estimado=F("volumen_actual")) | ~Q(comentario_ajuste="")
    grupos = (
        lineas.order_by()
        .values("anexo", "codigo", "descripcion", "unidad", pu_mn=F("precio_unitario_mn"),
                pu_usd=F("precio_unitario_usd"))
        .annotate(lineas=Count("pk"), actual=Sum("volumen_actual"), estimado=Sum("volumen_estimado"),
                  suma_mn=Sum("importe_mn"), suma_usd=Sum("importe_usd"), ajustadas=Count("pk", filter=ajustada),
                  desde=Min("id_produccion__fecha_produccion"), hasta=Max("id_produccion__fecha_produccion"))
    )  # fmt: skip
    filas = []
    for g in grupos:
        g["cuando"] = f"{_cuantas(g['lineas'], 'línea')}, {_fecha(g['desde'])} a {_fecha(g['hasta'])}"
        g["ajuste"] = bool(g["ajustadas"])
        g["comentario"] = _cuantas(g["ajustadas"], "línea") + " con ajuste (ver el Excel de líneas)"
        # SQLite sums decimals in floating point: back to cents (a no-op on PostgreSQL, whose sums are exact).
        g["mn"], g["usd"] = redondear_centavos(g["suma_mn"]), redondear_centavos(g["suma_usd"])
        filas.append(g)
    filas.sort(key=lambda f: (clave_orden_anexo(f["anexo"]), clave_codigo(f["codigo"]), f["pu_mn"], f["pu_usd"]))
    return filas


def _tablas_anexo(anexo: str, filas: list[dict], encabezado: list[str]) -> list:
    """The anexo's rows in tables of FILAS_POR_TABLA, the last one ending with the anexo's subtotals."""
    ancho_descripcion, ancho_cuando, ancho_unidad = ANCHOS_LINEAS[1:4]
    cuerpo = [
        [_plano(f["codigo"], 20),
         _envolver(f["descripcion"], ancho_descripcion, 350)
         + ("\n" + _envolver(f"* Ajuste: {f['comentario']}", ancho_descripcion, 300) if f["ajuste"] else ""),
         _envolver(f["cuando"], ancho_cuando), _envolver(f["unidad"], ancho_unidad, 40), _decimales(f["actual"]),
         _decimales(f["estimado"]) + (" *" if f["ajuste"] else ""), "$" + _decimales(f["pu_mn"]),
         "$" + _decimales(f["pu_usd"]), _importe(f["mn"]), _importe(f["usd"])]
        for f in filas
    ]  # fmt: skip
    historia = [_p(f"Anexo {anexo or 'sin anexo'}", SECCION)]
    for inicio in range(0, len(cuerpo), FILAS_POR_TABLA):
        bloque = [encabezado, *cuerpo[inicio : inicio + FILAS_POR_TABLA]]
        estilo = [("ALIGN", (4, 0), (-1, -1), "RIGHT")]
        tramo = enumerate(filas[inicio : inicio + FILAS_POR_TABLA], start=1)
        estilo += [("BACKGROUND", (0, i), (-1, i), AMARILLO) for i, f in tramo if f["ajuste"]]
        if inicio + FILAS_POR_TABLA >= len(cuerpo):
            total_mn, total_usd = sum((f["mn"] for f in filas), CERO), sum((f["usd"] for f in filas), CERO)
            bloque.append([f"Subtotal anexo {anexo}"] + [""] * 7)
            bloque[-1] += [formato_moneda(total_mn, "MXN"), formato_moneda(total_usd, "USD")]
            estilo += _fila_destacada(len(bloque) - 1, 7)
        historia.append(_tabla(bloque, ANCHOS_LINEAS, *estilo))
    return historia


def _cuerpo_lineas(estimacion: EstimacionHeader, detalle: bool | None) -> list:
    lineas = estimacion_lineas(estimacion)
    cantidad = lineas.count()
    historia = [_p("Números generadores: líneas de la estimación por anexo", SECCION)]
    if not cantidad:
        return [*historia, _p("La estimación no tiene líneas.", NOTA)]
    encabezado = ENCABEZADO_LINEAS
    if (cantidad > LINEAS_MAXIMAS_DETALLE) if detalle is None else not detalle:
        filas = _filas_resumidas(lineas)
        encabezado = [*ENCABEZADO_LINEAS[:2], "Registros", *ENCABEZADO_LINEAS[3:]]
        nota = (f"Esta estimación tiene {cantidad:,} líneas (una por registro de producción): para que el documento "
                f"siga siendo legible se resumen aquí en {len(filas):,} filas por concepto y precio unitario, con "
                "volúmenes e importes sumados por la base de datos. El detalle de cada registro está en la "
                "exportación a Excel de las líneas de esta estimación.")  # fmt: skip
    else:
        filas = _filas_detalladas(lineas.iterator(chunk_size=2000))
        nota = (f"{_cuantas(cantidad, 'línea')}, una por registro de producción, con los precios unitarios "
                "vigentes al estimar. Las marcadas con * tienen un volumen estimado distinto del producido, con su "
                "comentario.")  # fmt: skip
    historia.append(_p(nota, NOTA))
    por_anexo: dict[str, list] = {}
    for f in filas:
        por_anexo.setdefault(f["anexo"], []).append(f)
    for anexo, grupo in por_anexo.items():
        historia += _tablas_anexo(anexo, grupo, encabezado)
    return historia


# --- per-concept summary -------------------------------------------------------------------------------------------

ENCABEZADO_CONCEPTOS = ["Código", "Descripción", "Unidad", "Autorizado", "Anterior", "Periodo", "Acumulado",
                        "Restante", "Periodo M.N.", "Periodo USD", "Acumulado M.N.", "Acumulado USD"]  # fmt: skip
ANCHOS_CONCEPTOS = [44, 140, 40, 50, 50, 50, 50, 50, 66, 56, 66, 58]
VOLUMENES = ("autorizado", "anterior", "periodo", "acumulado", "restante")
IMPORTES = ("periodo_mn", "periodo_usd", "acumulado_mn", "acumulado_usd")


def _resumen_conceptos(estimacion: EstimacionHeader) -> list:
    conceptos = estimacion_conceptos(estimacion)
    historia = [_p("Resumen por concepto: autorizado, anterior, periodo, acumulado y restante", SECCION)]
    if not conceptos:
        return [*historia, _p("Sin conceptos.", NOTA)]
    datos, estilo, anexo = [ENCABEZADO_CONCEPTOS], [("ALIGN", (3, 0), (-1, -1), "RIGHT")], None
    for c in conceptos:
        if c["anexo"] != anexo:
            anexo = c["anexo"]
            datos.append([f"Anexo {anexo or 'sin anexo'}"] + [""] * 11)
            estilo += _fila_destacada(len(datos) - 1)
        datos.append([_plano(c["codigo"], 20), _envolver(c["descripcion"], ANCHOS_CONCEPTOS[1], 200),
                      _envolver(c["unidad"], ANCHOS_CONCEPTOS[2], 40),
                      *(_decimales(c[v]) for v in VOLUMENES), *(_importe(c[i]) for i in IMPORTES)])  # fmt: skip
        if c["restante"] < 0:  # billed beyond the authorised volume: excess the client must have authorised
            estilo.append(("TEXTCOLOR", (7, len(datos) - 1), (7, len(datos) - 1), ROJO))
    datos.append(["Total"] + [""] * 7 + [_importe(sum((c[i] for c in conceptos), CERO)) for i in IMPORTES])
    return [*historia, _tabla(datos, ANCHOS_CONCEPTOS, *estilo, *_fila_destacada(len(datos) - 1, 7))]


# --- the document --------------------------------------------------------------------------------------------------


def estimacion_pdf(*, estimacion: EstimacionHeader, url_verificacion: str, detalle: bool | None = None) -> bytes:
    """The estimation document as PDF bytes; `detalle` None lists every line up to LINEAS_MAXIMAS_DETALLE."""
    historia = _caratula(estimacion, estimacion_totales(estimacion), url_verificacion)
    historia += [PageBreak(), *_cuerpo_lineas(estimacion, detalle), Spacer(1, 10), *_resumen_conceptos(estimacion)]
    generado = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    pie = (f"SASCOP · {CONTRATISTA} · Estimación {estimacion.folio} · {estimacion.get_estado_display()} · "
           f"Verificación {estimacion.codigo_verificacion} · Generado el {generado}")  # fmt: skip
    return pdf.documento_pdf(
        historia, pagina=PAGINA, pie=pie, marca=_marca(marca_de_agua(estimacion)),
        titulo=f"Estimación {estimacion.folio}", autor=CONTRATISTA,
        asunto=f"Estimación {estimacion.folio} de la OT {estimacion.id_ot.orden_trabajo}",
    )  # fmt: skip
