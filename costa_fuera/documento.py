"""The vessel's daily report of operations (RDO) as a PDF, and the figures every RDO document shows.

`contenido_rdo` reads one report into plain values (time log with hours, totals per category and per OT, POB against
the vessel's capacity, diesel/water balances against PEMEX's reading, incidents, position); the PDF here and the
Excel workbook (`excel.py`) both print it, so the two documents can never disagree.

Two versions: the internal one (default) lists every incident; the client's (`solo_cliente=True`) only those marked
visible to the client, and says so. A report not yet closed carries a "BORRADOR" watermark on every page.

The PDF prints each incident's photos under it as thumbnails, three to a row, read from storage when the PDF is built
(the Excel only counts them). A photo whose file is missing or unreadable prints "(foto no disponible: <name>)".
"""

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.http import Http404
from django.utils import timezone
from PIL import Image as ImagenPIL
from PIL import ImageOps
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from core import actividad, pdf
from core.pdf import AMARILLO, AZUL, BASE, GRIS, NOTA, ROJO

from . import consumibles
from .bitacora import totales_bitacora
from .flota import formato_posicion, posicion_del_dia
from .models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    FotoIncidencia,
    InventarioDiario,
    PersonalABordo,
    ReporteDiarioEmbarcacion,
    TipoRecurso,
)
from .selectors_recursos import incidencias_del_reporte

CONTRATISTA = "BME SubTec"
TITULO_DOCUMENTO = "Reporte diario de operaciones (RDO)"
MARCA_BORRADOR = "BORRADOR"
PK_MAXIMO = 2**63 - 1
MINUTOS_DIA = 24 * 60
CENTESIMA = Decimal("0.01")

PAGINA = letter
ANCHO_UTIL = PAGINA[0] - 2 * pdf.MARGEN

CELDA = ParagraphStyle("rdo_celda", parent=BASE, fontSize=7.5, leading=9)
ETIQUETA = ParagraphStyle("rdo_etiqueta", parent=CELDA, fontName="Helvetica-Bold")
TITULO = ParagraphStyle("rdo_titulo", parent=BASE, fontName="Helvetica-Bold", fontSize=14, leading=17, textColor=AZUL)
SECCION = ParagraphStyle("rdo_seccion", parent=TITULO, fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=4)
REJILLA = pdf.estilo_rejilla(7.5, 9)

# Incident photos: three thumbnails per row, each fitted (proportions kept) into a box of these points; the bitmap
# embedded is downscaled to at most PIXELES_MINIATURA so a day with many phone photos stays a small PDF.
FOTOS_POR_FILA = 3
MINIATURA_ANCHO, MINIATURA_ALTO = 160, 120
PIXELES_MINIATURA = (640, 480)
CALIDAD_JPEG = 80

logger = logging.getLogger(__name__)


# --- the figures ---------------------------------------------------------------------------------------------------


def minutos(inicio: time, fin: time) -> int:
    """Length of a time-log entry; an end of 00:00 is midnight at the end of the day (24:00)."""
    fin_min = MINUTOS_DIA if fin == time(0, 0) else fin.hour * 60 + fin.minute
    return fin_min - (inicio.hour * 60 + inicio.minute)


def horas(cantidad_minutos: int) -> Decimal:
    return (Decimal(cantidad_minutos) / 60).quantize(CENTESIMA, rounding=ROUND_HALF_UP)


def texto_hora(valor: time, *, es_fin: bool = False) -> str:
    return "24:00" if es_fin and valor == time(0, 0) else f"{valor:%H:%M}"


def nombre_usuario(usuario) -> str:
    """core's full-name-else-username, but blank (not "Sistema") where the report has no such user yet."""
    return actividad.nombre_usuario(usuario) if usuario else ""


@dataclass
class ContenidoRDO:
    reporte: ReporteDiarioEmbarcacion
    solo_cliente: bool
    bitacora: list[dict] = field(default_factory=list)
    por_categoria: list[dict] = field(default_factory=list)
    por_ot: list[dict] = field(default_factory=list)
    total_horas: Decimal = Decimal(0)
    pob: list[dict] = field(default_factory=list)
    pob_total: int = 0
    capacidad_pob: int | None = None
    inventarios: list[dict] = field(default_factory=list)
    incidencias: list[dict] = field(default_factory=list)
    latitud: Decimal | None = None
    longitud: Decimal | None = None
    momento_posicion: datetime | None = None

    @property
    def posicion(self) -> str:
        return formato_posicion(self.latitud, self.longitud) or "Sin posición registrada"

    @property
    def version(self) -> str:
        return "Versión para el cliente" if self.solo_cliente else "Versión interna"


def reporte_para_documento(pk: int) -> ReporteDiarioEmbarcacion:
    """The report with what its header needs; 404 (Spanish page) when it does not exist."""
    if pk > PK_MAXIMO:
        raise Http404("El reporte diario no existe.")
    reporte = (
        ReporteDiarioEmbarcacion.objects.select_related("embarcacion", "representante", "cerrado_por")
        .filter(pk=pk)
        .first()
    )
    if reporte is None:
        raise Http404("El reporte diario no existe.")
    return reporte


def _bitacora(c: ContenidoRDO) -> None:
    etiquetas = dict(CategoriaOperativa.choices)
    entradas = BitacoraTiempo.objects.filter(reporte=c.reporte).select_related("ot").order_by("hora_inicio", "pk")
    for b in entradas:
        c.bitacora.append(
            {
                "inicio": texto_hora(b.hora_inicio),
                "fin": texto_hora(b.hora_fin, es_fin=True),
                "horas": horas(minutos(b.hora_inicio, b.hora_fin)),
                "categoria": b.estatus_operativo,
                "etiqueta": etiquetas.get(b.estatus_operativo, b.estatus_operativo),
                "ot": b.ot.orden_trabajo if b.ot_id else "",
                "actividad": b.actividad,
                "hueco_justificado": b.hueco_justificado,
            }
        )
    # The totals come from the time log's own rule (categories in order, OTs by folio with "Sin OT" last).
    totales = totales_bitacora(c.reporte)
    c.por_categoria, c.por_ot, c.total_horas = totales["por_categoria"], totales["por_ot"], totales["total_horas"]


def _inventarios(c: ContenidoRDO) -> None:
    """The day's balances as stored, with PEMEX's difference by the consumables' own rule (one definition)."""
    orden = {k: i for i, k in enumerate(TipoRecurso.values)}
    filas = sorted(InventarioDiario.objects.filter(reporte=c.reporte), key=lambda i: orden.get(i.tipo_recurso, 99))
    for i in filas:
        dif = consumibles.diferencia(i)
        c.inventarios.append(
            {
                "tipo": i.tipo_recurso,
                "etiqueta": i.get_tipo_recurso_display(),
                "unidad": consumibles.UNIDAD,
                "anterior": i.existencia_anterior,
                "suministro": i.suministro,
                "consumo": i.consumo,
                "trasiego": i.trasiego,
                "actual": i.existencia_actual,
                "lectura_pemex": i.lectura_pemex,
                "diferencia": dif["diferencia"],
                "diferencia_porcentaje": dif["diferencia_pct"],
                "fuera_de_tolerancia": dif["alerta"],
            }
        )


def _incidencias(c: ContenidoRDO) -> None:
    """Most severe first; the client's version keeps only those marked visible to the client."""
    for i in incidencias_del_reporte(c.reporte, solo_cliente=c.solo_cliente):
        c.incidencias.append(
            {
                "tipo": i["tipo"],
                "severidad": i["severidad_texto"],
                "descripcion": i["descripcion"],
                "visible_cliente": i["visible_cliente"],
                "registrado_por": i["registrado_por"],
                "fecha_registro": timezone.localtime(i["fecha_registro"]),
                "fotos": len(i["fotos"]),
                # Name in storage and the name it was uploaded with, for the PDF's thumbnails (read when printing).
                "imagenes": [{"archivo": f["archivo"], "nombre": f["nombre_original"]} for f in i["fotos"]],
            }
        )


def contenido_rdo(reporte: ReporteDiarioEmbarcacion, *, solo_cliente: bool = False) -> ContenidoRDO:
    """Everything an RDO document prints, read once (a fixed handful of queries)."""
    c = ContenidoRDO(reporte=reporte, solo_cliente=solo_cliente, capacidad_pob=reporte.embarcacion.capacidad_pob)
    _bitacora(c)
    c.pob = [
        {"compania": p.compania, "categoria": p.categoria, "cantidad": p.cantidad}
        for p in PersonalABordo.objects.filter(reporte=reporte).order_by("compania", "categoria")
    ]
    c.pob_total = sum(p["cantidad"] for p in c.pob)
    _inventarios(c)
    _incidencias(c)
    c.latitud, c.longitud, c.momento_posicion = posicion_del_dia(reporte)
    return c


def nombre_archivo(reporte: ReporteDiarioEmbarcacion, extension: str) -> str:
    """`RDO_<vessel>_<yyyy-mm-dd>.<ext>` with only safe characters (vessel names carry spaces and slashes)."""
    barco = re.sub(r"[^A-Za-z0-9._-]+", "_", _plano(reporte.embarcacion.descripcion)).strip("_") or "embarcacion"
    return f"RDO_{barco}_{reporte.fecha:%Y-%m-%d}.{extension}"


# --- formatting ----------------------------------------------------------------------------------------------------


_plano = pdf.texto_plano


def _p(valor, estilo=CELDA, largo: int | None = None) -> Paragraph:
    return pdf.parrafo(valor, estilo, largo)


def _num(valor, decimales: int = 3) -> str:
    """A Decimal with thousands separators and a fixed number of decimals; blank for None."""
    if valor is None:
        return ""
    return f"{Decimal(valor):,.{decimales}f}"


def _tabla(datos, anchos, *estilo, encabezado: bool = True) -> Table:
    return pdf.tabla(datos, anchos, *estilo, rejilla=REJILLA, encabezado=encabezado)


def _fila_total(fila: int, hasta: int = 0) -> list:
    return pdf.fila_destacada(fila, hasta)


def _vacio(texto: str) -> Paragraph:
    return _p(texto, NOTA)


# --- watermark ----------------------------------------------------------------------------------------------------


def marca_de_agua(reporte: ReporteDiarioEmbarcacion) -> str:
    """Only a closed report is a signed record; a draft or pre-closed one says so on every page."""
    return "" if reporte.estado == EstadoReporte.CERRADO else MARCA_BORRADOR


# --- sections ------------------------------------------------------------------------------------------------------


def _encabezado(c: ContenidoRDO) -> list:
    r = c.reporte
    subtitulo = f"{TITULO_DOCUMENTO} · {c.version}"
    anchos = [ANCHO_UTIL * 0.7, ANCHO_UTIL * 0.3]
    titulo = pdf.barra_titulo(CONTRATISTA, subtitulo, f"{r.fecha:%d/%m/%Y}", TITULO, anchos)
    posicion = c.posicion
    if c.momento_posicion:
        posicion += f" (registrada el {timezone.localtime(c.momento_posicion):%d/%m/%Y %H:%M})"
    filas = [
        ("Embarcación", r.embarcacion.descripcion, "Fecha", f"{r.fecha:%d/%m/%Y}"),
        ("Estado", r.get_estado_display(), "Representante", nombre_usuario(r.representante)),
        ("Posición", posicion, "Sin arribos", "Sí" if r.sin_arribos else "No"),
    ]
    if r.estado == EstadoReporte.CERRADO:
        cierre = f"{timezone.localtime(r.fecha_cierre):%d/%m/%Y %H:%M}" if r.fecha_cierre else ""
        filas.append(("Cerrado por", nombre_usuario(r.cerrado_por), "Fecha de cierre", cierre))
    datos = [[_p(a, ETIQUETA), _p(b, largo=300), _p(d, ETIQUETA), _p(e, largo=300)] for a, b, d, e in filas]
    gris = [("BACKGROUND", (col, 0), (col, -1), GRIS) for col in (0, 2)]
    generales = _tabla(datos, [70, 250, 80, ANCHO_UTIL - 400], *gris, encabezado=False)
    return [titulo, Spacer(1, 8), generales]


def _seccion_bitacora(c: ContenidoRDO) -> list:
    historia = [_p("Bitácora de tiempos", SECCION)]
    if not c.bitacora:
        return [*historia, _vacio("El reporte no tiene actividades en la bitácora.")]
    datos = [["Inicio", "Fin", "Horas", "Categoría", "OT", "Actividad"]]
    for b in c.bitacora:
        actividad = b["actividad"] + (" (hueco justificado)" if b["hueco_justificado"] else "")
        datos.append(
            [b["inicio"], b["fin"], _num(b["horas"], 2), _p(b["etiqueta"]), _p(b["ot"]), _p(actividad, largo=900)]
        )
    datos.append(["Total", "", _num(c.total_horas, 2), "", "", ""])
    estilo = [("ALIGN", (2, 0), (2, -1), "RIGHT"), *_fila_total(len(datos) - 1, 1)]
    historia.append(_tabla(datos, [34, 34, 38, 80, 100, ANCHO_UTIL - 286], *estilo))
    # Totals per category and per OT side by side.
    categorias = [["Categoría", "Horas"], *([x["etiqueta"], _num(x["horas"], 2)] for x in c.por_categoria)]
    categorias.append(["Total", _num(c.total_horas, 2)])
    ots = [["OT", "Horas"], *([_p(x["ot"]), _num(x["horas"], 2)] for x in c.por_ot)]
    ots.append(["Total", _num(c.total_horas, 2)])
    alinear = ("ALIGN", (1, 0), (1, -1), "RIGHT")
    t_cat = _tabla(categorias, [130, 60], alinear, *_fila_total(len(categorias) - 1))
    t_ot = _tabla(ots, [170, 60], alinear, *_fila_total(len(ots) - 1))
    totales = Table([[t_cat, t_ot]], colWidths=[210, ANCHO_UTIL - 210])
    totales.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [*historia, Spacer(1, 6), _p("Horas por categoría y por OT", ETIQUETA), Spacer(1, 2), totales]


def _seccion_pob(c: ContenidoRDO) -> list:
    historia = [_p("Personal a bordo (POB)", SECCION)]
    capacidad = c.capacidad_pob
    if not c.pob:
        return [*historia, _vacio("El reporte no tiene personal a bordo registrado.")]
    datos = [
        ["Compañía", "Categoría", "Personas"],
        *([_p(p["compania"]), _p(p["categoria"]), p["cantidad"]] for p in c.pob),
    ]
    datos.append(["Total a bordo", "", c.pob_total])
    datos.append(
        ["Capacidad de la embarcación", "", capacidad if capacidad is not None else "Sin capacidad registrada"]
    )
    estilo = [("ALIGN", (2, 0), (2, -1), "RIGHT"), *_fila_total(len(datos) - 2, 1), *_fila_total(len(datos) - 1, 1)]
    if capacidad is not None and c.pob_total > capacidad:
        estilo.append(("TEXTCOLOR", (2, len(datos) - 2), (2, len(datos) - 2), ROJO))
    historia.append(_tabla(datos, [220, 200, 90], *estilo))
    if capacidad is not None and c.pob_total > capacidad:
        historia.append(
            _p(f"El personal a bordo ({c.pob_total}) excede la capacidad de la embarcación ({capacidad}).", NOTA)
        )
    return historia


def _seccion_consumibles(c: ContenidoRDO) -> list:
    historia = [_p("Consumibles: diésel y agua", SECCION)]
    if not c.inventarios:
        return [*historia, _vacio("El reporte no tiene inventarios de consumibles.")]
    datos = [["Recurso", "Anterior", "Suministro", "Consumo", "Trasiego", "Actual", "Lectura PEMEX", "Diferencia"]]
    estilo = [("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    for n, i in enumerate(c.inventarios, start=1):
        diferencia = _num(i["diferencia"])
        if i["diferencia_porcentaje"] is not None:
            diferencia += f" ({i['diferencia_porcentaje']:.2f} %)"
        datos.append(
            [
                f"{i['etiqueta']} ({i['unidad']})",
                *(_num(i[k]) for k in ("anterior", "suministro", "consumo", "trasiego", "actual", "lectura_pemex")),
                diferencia,
            ]
        )
        if i["fuera_de_tolerancia"]:
            estilo += [("BACKGROUND", (0, n), (-1, n), AMARILLO), ("TEXTCOLOR", (7, n), (7, n), ROJO)]
    historia.append(_tabla(datos, [60, 62, 62, 62, 62, 62, 70, ANCHO_UTIL - 440], *estilo))
    nota = (
        "Actual = anterior + suministro − consumo − trasiego. Diferencia = lectura PEMEX − actual; se marca cuando "
        f"excede la tolerancia de {consumibles.tolerancia():.2f} % de la existencia actual."
    )
    historia.append(_p(nota, NOTA))
    return historia


def _miniatura(nombre_archivo: str) -> bytes | None:
    """A stored photo (JPEG, PNG or WebP) as a small JPEG upright and on white; None when missing or unreadable."""
    if not nombre_archivo:
        return None
    almacen = FotoIncidencia._meta.get_field("archivo").storage
    try:
        with almacen.open(nombre_archivo, "rb") as archivo, ImagenPIL.open(archivo) as original:
            original.draft("RGB", PIXELES_MINIATURA)  # JPEG: decode at a reduced scale, far cheaper
            foto = ImageOps.exif_transpose(original)
            foto.thumbnail(PIXELES_MINIATURA)
            if foto.mode in ("RGBA", "LA", "PA") or "transparency" in foto.info:
                foto = foto.convert("RGBA")
                fondo = ImagenPIL.new("RGB", foto.size, "white")
                fondo.paste(foto, mask=foto.getchannel("A"))
                foto = fondo
            salida = io.BytesIO()
            foto.convert("RGB").save(salida, "JPEG", quality=CALIDAD_JPEG)
    except Exception as error:  # a missing, truncated or corrupt file must not stop the whole RDO
        logger.warning("Foto de incidencia no disponible para el RDO: %s (%r)", nombre_archivo, error)
        return None
    return salida.getvalue()


def _celda_foto(imagen: dict) -> list:
    """One thumbnail fitted into the box with its name below, or the notice that the photo is not available."""
    contenido = _miniatura(imagen["archivo"])
    if contenido is None:
        return [_p(f"(foto no disponible: {imagen['nombre']})", NOTA, largo=120)]
    miniatura = pdf.imagen(contenido, MINIATURA_ANCHO / cm)
    escala = min(1, MINIATURA_ALTO / miniatura.drawHeight)
    miniatura.drawWidth, miniatura.drawHeight = miniatura.drawWidth * escala, miniatura.drawHeight * escala
    return [miniatura, _p(imagen["nombre"], NOTA, largo=60)]


def _filas_fotos(imagenes: list[dict]) -> list[Table]:
    """The photos in rows of FOTOS_POR_FILA, one small table per row (so a long gallery can break between pages)."""
    ancho = (ANCHO_UTIL - 6) / FOTOS_POR_FILA
    filas = []
    for inicio in range(0, len(imagenes), FOTOS_POR_FILA):
        celdas = [_celda_foto(i) for i in imagenes[inicio : inicio + FOTOS_POR_FILA]]
        celdas += [""] * (FOTOS_POR_FILA - len(celdas))
        fila = Table([celdas], colWidths=[ancho] * FOTOS_POR_FILA)
        fila.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        filas.append(fila)
    return filas


def _seccion_incidencias(c: ContenidoRDO) -> list:
    historia = [_p("Incidencias", SECCION)]
    if c.solo_cliente:
        historia.append(_p("Versión para el cliente: se muestran solo las incidencias visibles para el cliente.", NOTA))
    if not c.incidencias:
        return [*historia, _vacio("Sin incidencias que reportar.")]
    datos = [["Tipo", "Severidad", "Descripción", "Cliente", "Registró", "Fotos"]]
    estilo = [("ALIGN", (5, 0), (5, -1), "RIGHT")]
    for i in c.incidencias:
        registro = _p(f"{i['registrado_por']} {i['fecha_registro']:%d/%m/%Y %H:%M}")
        visible = "Sí" if i["visible_cliente"] else "No"
        datos.append([_p(i["tipo"]), i["severidad"], _p(i["descripcion"], largo=1500), visible, registro, i["fotos"]])
        # Its photos right under it: each row of thumbnails is one table row spanning every column.
        for galeria in _filas_fotos(i["imagenes"]):
            n = len(datos)
            datos.append([galeria, "", "", "", "", ""])
            estilo += [("SPAN", (0, n), (-1, n)), ("ALIGN", (0, n), (-1, n), "LEFT")]
    historia.append(_tabla(datos, [80, 48, ANCHO_UTIL - 334, 50, 116, 40], *estilo))
    return historia


def _firmas(c: ContenidoRDO) -> Table:
    r = c.reporte
    bloques = [
        ("Elaboró", nombre_usuario(r.representante), f"Representante a bordo, {CONTRATISTA}"),
        ("Cerró", nombre_usuario(r.cerrado_por), CONTRATISTA),
        ("Enterado", "", "Por PEMEX"),
    ]
    return pdf.tabla_firmas(bloques, ANCHO_UTIL)


def rdo_pdf(*, reporte: ReporteDiarioEmbarcacion, solo_cliente: bool = False) -> bytes:
    """The RDO as PDF bytes: header, time log with totals, POB, consumables, incidents, comments and signatures."""
    c = contenido_rdo(reporte, solo_cliente=solo_cliente)
    historia = _encabezado(c)
    historia += _seccion_bitacora(c) + _seccion_pob(c) + _seccion_consumibles(c) + _seccion_incidencias(c)
    historia.append(_p("Comentarios generales", SECCION))
    comentarios = _plano(reporte.comentarios_generales, 4000) or "Sin comentarios."
    historia += [Paragraph(escape(comentarios), BASE), Spacer(1, 12), KeepTogether(_firmas(c))]
    generado = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    pie = (f"SASCOP · {CONTRATISTA} · RDO {reporte.embarcacion.descripcion} {reporte.fecha:%d/%m/%Y} · "
           f"{reporte.get_estado_display()} · {c.version} · Generado el {generado}")  # fmt: skip
    return pdf.documento_pdf(
        historia, pagina=PAGINA, pie=pie, marca=pdf.MarcaDeAgua(marca_de_agua(reporte)),
        titulo=f"RDO {reporte.embarcacion.descripcion} {reporte.fecha:%d/%m/%Y}", asunto=TITULO_DOCUMENTO,
        autor=CONTRATISTA,
    )  # fmt: skip
