"""Centro de consulta (reference §1.3 "Centro de Consulta"): read-only figures, tables and exports.

Every endpoint reads the same filter form, so the cards, the charts, the table and the Excel file always describe
the same rows. Nothing here writes to the database, and nothing takes a destination address from the request.
"""

from functools import wraps

from django.core.mail import EmailMessage
from django.shortcuts import render
from django.urls import reverse

from core import respuestas
from core.acceso import permiso_requerido, solo_metodo, solo_post
from core.datatables import Columna, responder_datatable
from core.formato import fecha_dmy
from core.roles import VER_CENTRO_CONSULTA
from core.selectors import resumen_consulta
from operaciones.catalogos.models import ResponsableProyecto

from . import documentacion, exportar, forms, graficas_pdf, selectors

solo_lectura = solo_metodo("GET", "HEAD")

COLUMNAS_PRODUCCION = [
    Columna("fecha", "Fecha", campo="fecha_produccion", orden=True),
    Columna("ot", "OT", campo="id_reporte_mensual__id_ot__orden_trabajo", busqueda=True, orden=True),
    Columna("lider", "Líder", campo="id_reporte_mensual__id_ot__id_responsable_proyecto__descripcion", orden=True),
    Columna("anexo", "Anexo", campo="id_partida_anexo__anexo", busqueda=True, orden=True),
    Columna("partida", "Partida", campo="id_partida_anexo__id_partida", busqueda=True, orden=True),
    Columna("descripcion", "Descripción", campo="id_partida_anexo__descripcion_concepto", busqueda=True),
    Columna("sitio", "Sitio", campo="id_sitio_produccion__descripcion", orden=True),
    Columna("tipo_tiempo", "Tiempo", orden=True),
    Columna("volumen", "Volumen", campo="volumen_produccion", orden=True),
    Columna("importe_mn", "Importe MXN", orden=True),
    Columna("importe_usd", "Importe USD", orden=True),
    Columna("excedente", "Excedente", campo="es_excedente", orden=True),
]

COLUMNAS_DOCUMENTOS = [
    Columna("tipo", "Tipo", orden=True),
    Columna("referencia", "Folio", busqueda=True, orden=True),
    Columna("documento", "Documento", busqueda=True, orden=True),
    Columna("lider", "Líder", orden=True),
    Columna("cliente", "Cliente", orden=True),
    Columna("frente", "Frente", orden=True),
    Columna("sitio", "Sitio", orden=True),
    Columna("estatus", "Estatus", orden=True),
    Columna("estado", "Entrega", orden=True),
    Columna("enlace", "Evidencia"),
]

URLS_PAGINA = (
    "indicadores",
    "datatable",
    "graficas",
    "embudo",
    "curva_s",
    "exportar",
    "enviar_correo",
    "documentos_datatable",
    "documentos_agrupados",
)


def _fila_produccion(p) -> dict:
    ot = p.id_reporte_mensual.id_ot
    partida = p.id_partida_anexo
    return {
        "id": p.pk,
        "fecha": fecha_dmy(p.fecha_produccion),
        "ot": ot.orden_trabajo,
        "lider": ot.id_responsable_proyecto.descripcion,
        "anexo": partida.anexo,
        "partida": partida.id_partida,
        "descripcion": partida.descripcion_concepto,
        "sitio": p.id_sitio_produccion.descripcion,
        "tipo_tiempo": p.tipo_tiempo,
        "volumen": str(selectors.volumen_exacto(p.volumen_produccion)),
        "importe_mn": str(selectors.centavos(p.importe_mn)),
        "importe_usd": str(selectors.centavos(p.importe_usd)),
        "excedente": "Sí" if p.es_excedente else "No",
    }


@permiso_requerido(VER_CENTRO_CONSULTA)
def inicio(request):
    contexto = {
        "titulo": "Centro de consulta",
        "icono": "bi-graph-up",
        "modulo_activo": "consulta",
        "resumen": resumen_consulta(),
        "columnas": [c.para_cliente() for c in COLUMNAS_PRODUCCION],
        "configuracion": {"urls": {n: reverse(f"consulta:{n}") for n in URLS_PAGINA}},
        "lideres": ResponsableProyecto.objects.order_by("descripcion").values("id", "descripcion"),
        "tipos_tiempo": forms.TipoTiempo.choices,
        "columnas_documentos": [c.para_cliente() for c in COLUMNAS_DOCUMENTOS],
        "tipos_documento": documentacion.TIPOS,
        "estados_documento": documentacion.ESTADOS,
    }
    return render(request, "consulta/centro.html", contexto)


def con_filtros(clase=forms.FiltrosInformacion):
    """Bind the query string to `clase`; invalid filters answer 400 naming the field, valid ones reach the view
    as its second argument. Every BI endpoint reads its rows through this one gate."""

    def decorador(vista):
        @wraps(vista)
        def envuelta(request):
            filtros = clase(request.GET)
            if not filtros.is_valid():
                return respuestas.formulario_invalido(filtros)
            return vista(request, filtros)

        return envuelta

    return decorador


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros()
def indicadores(request, filtros):
    datos = selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())
    return respuestas.exito("", indicadores=datos)


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
def datatable(request):
    return responder_datatable(
        request,
        selectors.produccion_base(),
        columnas=COLUMNAS_PRODUCCION,
        fila=_fila_produccion,
        filtros_form=forms.FiltrosInformacion,
        orden_defecto=("-fecha_produccion",),
    )


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros(forms.FiltrosGrafica)
def graficas(request, filtros):
    d = filtros.cleaned_data
    produccion, programado = filtros.condicion_produccion(), filtros.condicion_programado()
    return respuestas.exito(
        "",
        diaria=selectors.serie_diaria(produccion, programado),
        lideres=selectors.por_lider(produccion),
        periodo={
            "nivel": d["nivel"],
            "anio": d.get("anio"),
            "mes": d.get("mes"),
            "filas": selectors.por_periodo(produccion, d["nivel"], d.get("anio"), d.get("mes")),
        },
    )


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros()
def embudo(request, filtros):
    return respuestas.exito("", etapas=selectors.embudo(filtros.condicion_produccion()))


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros()
def curva_s(request, filtros):
    return respuestas.exito("", curva=selectors.curva_s(filtros.condicion_produccion(), filtros.condicion_programado()))


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros()
def exportar_excel(request, filtros):
    return exportar.respuesta_exportacion(filtros.condicion_produccion())


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_post
def enviar_correo(request):
    # Only ever to the logged-in user's own address: the request carries filters, never a destination; a posted
    # address field (email, destinatario, to, ...) is not a filter and is never read.
    destino = (request.user.email or "").strip()
    if not destino:
        return respuestas.error("Su usuario no tiene correo electrónico registrado; no es posible enviar el archivo.")
    filtros = forms.FiltrosInformacion(request.POST)
    if not filtros.is_valid():
        return respuestas.formulario_invalido(filtros)
    produccion, programado = filtros.condicion_produccion(), filtros.condicion_programado()
    archivo, nombre = exportar.archivo_exportacion(produccion)
    with archivo:
        contenido = archivo.read()
    pdf, nombre_pdf = graficas_pdf.pdf_graficas(produccion, programado, graficas_pdf.describir_filtros(filtros))
    mensaje = EmailMessage(
        subject="SASCOP · Exportación del centro de consulta",
        body=(
            "Adjuntamos la producción del centro de consulta (Excel) y sus gráficas (PDF) con los filtros que tenía "
            "seleccionados."
        ),
        to=[destino],
    )
    mensaje.attach(nombre, contenido, exportar.TIPO_XLSX)
    mensaje.attach(nombre_pdf, pdf, graficas_pdf.TIPO_PDF)
    mensaje.send()
    return respuestas.exito(f"Enviamos el archivo y las gráficas a {destino}.")


# --- Documentación ------------------------------------------------------------------------------------------------


def _fila_documento(d) -> dict:
    return {
        "id": d.pk,
        "tipo": documentacion.NOMBRE_TIPO[d.tipo],
        "referencia": d.referencia,
        "documento": d.documento,
        "lider": d.lider or "",
        "cliente": d.cliente or "",
        "frente": d.frente or "",
        "sitio": d.sitio or "",
        "estatus": d.estatus or "",
        "estado": d.estado,
        "enlace": (d.enlace or "").strip(),
    }


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros(forms.FiltrosDocumentacion)
def documentos_datatable(request, filtros):
    # The flat list pages one source at a time (OT steps unless another is chosen): a union cannot be filtered.
    fuente = documentacion.FUENTES[filtros.cleaned_data["tipo"] or "ot"]
    return responder_datatable(
        request,
        fuente(),
        columnas=COLUMNAS_DOCUMENTOS,
        fila=_fila_documento,
        filtros_form=forms.FiltrosDocumentacion,
        orden_defecto=("referencia",),
    )


@permiso_requerido(VER_CENTRO_CONSULTA)
@solo_lectura
@con_filtros(forms.FiltrosDocumentacion)
def documentos_agrupados(request, filtros):
    d = filtros.cleaned_data
    return respuestas.exito(
        "", agrupar_por=d["agrupar_por"], grupos=documentacion.conteos_agrupados(d, d["agrupar_por"])
    )
