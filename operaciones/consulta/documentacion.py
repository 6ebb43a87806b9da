"""Centro de consulta, mode "Documentación": deliverables of PTE steps, OT steps, monthly folders and GPU evidence.

Each source is annotated to the same shape (reference, document, leader, client, front, site, status, state), so
the flat list pages one source at a time and the grouped counts are ONE query: a UNION ALL of the four grouped
sources, added up per group in Python. "Delivered" is DESIGN §6: a non-blank evidence link or an uploaded file;
otherwise a step whose status is NO APLICA is not applicable, and anything else is pending.
"""

from collections import defaultdict

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, Trim

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro
from operaciones.ot.models import OTDetalle
from operaciones.produccion.models import RegistroGPU, ReporteMensual
from operaciones.pte.models import EstatusPTE, PTEDetalle

ENTREGADO = "ENTREGADO"
PENDIENTE = "PENDIENTE"
NO_APLICA = "NO APLICA"
ESTADOS = (ENTREGADO, PENDIENTE, NO_APLICA)

TIPOS = (
    ("pte", "Pasos de PTE"),
    ("ot", "Pasos de OT"),
    ("mensual", "Carpetas mensuales"),
    ("gpu", "Evidencias GPU"),
)
NOMBRE_TIPO = dict(TIPOS)
# Grouping keys of the grouped view: the annotated id and the label shown for it.
AGRUPACIONES = {
    "lider": ("lider_id", "lider"),
    "cliente": ("cliente_id", "cliente"),
    "frente": ("frente_id", "frente"),
    "sitio": ("sitio_id", "sitio"),
    "tipo": ("tipo", "tipo"),
    "estatus": ("estatus", "estatus"),
}
_TEXTO = CharField()
_ENTERO = IntegerField()


def _estado(con_adjunto: bool, no_aplica: Q | None) -> Case:
    """The one deliverable state: delivered (link or file) → not applicable → pending."""
    entregado = ~Q(enlace_limpio="")
    if con_adjunto:
        entregado |= Q(archivo_adjunto__isnull=False) & ~Q(archivo_adjunto="")
    casos = [When(entregado, then=Value(ENTREGADO))]
    if no_aplica is not None:
        casos.append(When(no_aplica, then=Value(NO_APLICA)))
    return Case(*casos, default=Value(PENDIENTE), output_field=_TEXTO)


def _ot(prefijo: str) -> dict:
    """Leader, client, front and site of the OT reached through `prefijo` (site = its vessel)."""
    return {
        "lider_id": F(f"{prefijo}id_responsable_proyecto_id"),
        "lider": F(f"{prefijo}id_responsable_proyecto__descripcion"),
        "cliente_id": F(f"{prefijo}id_cliente_id"),
        "cliente": F(f"{prefijo}id_cliente__descripcion"),
        "frente_id": F(f"{prefijo}id_frente_id"),
        "frente": F(f"{prefijo}id_frente__descripcion"),
        "sitio_id": F(f"{prefijo}id_embarcacion_id"),
        "sitio": F(f"{prefijo}id_embarcacion__descripcion"),
    }


def documentos_pte() -> QuerySet:
    """Steps of live PTEs as deliverables (a PTE has no front or site)."""
    return (
        PTEDetalle.objects.exclude(id_pte_header__estatus=EstatusPTE.ELIMINADA)
        .annotate(
            enlace_limpio=Trim("archivo"),
            tipo=Value("pte", output_field=_TEXTO),
            referencia=F("id_pte_header__oficio_pte"),
            documento=F("id_paso__descripcion"),
            lider_id=F("id_pte_header__id_responsable_proyecto_id"),
            lider=F("id_pte_header__id_responsable_proyecto__descripcion"),
            cliente_id=F("id_pte_header__id_cliente_id"),
            cliente=F("id_pte_header__id_cliente__descripcion"),
            frente_id=Value(None, output_field=_ENTERO),
            frente=Value(None, output_field=_TEXTO),
            sitio_id=Value(None, output_field=_ENTERO),
            sitio=Value(None, output_field=_TEXTO),
            estatus=F("estatus_paso__descripcion"),
            enlace=F("archivo"),
        )
        .annotate(estado=_estado(True, Q(estatus_paso_id=EstatusId.NO_APLICA)))
    )


def documentos_ot() -> QuerySet:
    """Steps of live OTs as deliverables."""
    return (
        OTDetalle.objects.exclude(id_ot__estatus=EstatusRegistro.ELIMINADO)
        .annotate(
            enlace_limpio=Trim("archivo"),
            tipo=Value("ot", output_field=_TEXTO),
            referencia=F("id_ot__orden_trabajo"),
            documento=F("id_paso__descripcion"),
            **_ot("id_ot__"),
            estatus=F("estatus_paso__descripcion"),
            enlace=F("archivo"),
        )
        .annotate(estado=_estado(True, Q(estatus_paso_id=EstatusId.NO_APLICA)))
    )


def documentos_mensuales() -> QuerySet:
    """Monthly evidence folders of live OTs (a link only)."""
    return (
        ReporteMensual.objects.exclude(id_ot__estatus=EstatusRegistro.ELIMINADO)
        .annotate(
            enlace_limpio=Trim("archivo"),
            tipo=Value("mensual", output_field=_TEXTO),
            referencia=F("id_ot__orden_trabajo"),
            documento=Concat(
                Value("Carpeta mensual "),
                Cast("mes", _TEXTO),
                Value("/"),
                Cast("anio", _TEXTO),
                output_field=_TEXTO,
            ),
            **_ot("id_ot__"),
            estatus=F("id_estatus__descripcion"),
            enlace=F("archivo"),
        )
        .annotate(estado=_estado(False, None))
    )


def documentos_gpu() -> QuerySet:
    """GPU evidence of each production row of live OTs; the site is where it was produced."""
    ot = "id_produccion__id_reporte_mensual__id_ot__"
    campos = _ot(ot)
    campos["sitio_id"] = F("id_produccion__id_sitio_produccion_id")
    campos["sitio"] = F("id_produccion__id_sitio_produccion__descripcion")
    return (
        RegistroGPU.objects.exclude(**{f"{ot}estatus": EstatusRegistro.ELIMINADO})
        .annotate(
            enlace_limpio=Trim("archivo"),
            tipo=Value("gpu", output_field=_TEXTO),
            referencia=F(f"{ot}orden_trabajo"),
            documento=Concat(
                F("id_produccion__id_partida_anexo__id_partida"),
                Value(" "),
                Cast("id_produccion__fecha_produccion", _TEXTO),
                output_field=_TEXTO,
            ),
            **campos,
            estatus=F("id_estatus__descripcion"),
            enlace=F("archivo"),
        )
        .annotate(estado=_estado(True, None))
    )


FUENTES = {"pte": documentos_pte, "ot": documentos_ot, "mensual": documentos_mensuales, "gpu": documentos_gpu}


def condicion_documentos(datos: dict) -> Q:
    """The filter on the annotated shape (same for every source)."""
    q = Q()
    for campo in ("lider", "cliente", "frente", "sitio"):
        if datos.get(campo):
            q &= Q(**{f"{campo}_id": datos[campo]})
    if datos.get("estado"):
        q &= Q(estado=datos["estado"])
    if datos.get("estatus"):
        q &= Q(estatus__iexact=datos["estatus"])
    return q


def conteos_agrupados(datos: dict, agrupar_por: str) -> list[dict]:
    """Delivered / pending / not applicable per group, over the chosen sources, in ONE query (UNION ALL)."""
    clave, etiqueta = AGRUPACIONES[agrupar_por]
    tipos = [datos["tipo"]] if datos.get("tipo") else list(FUENTES)
    condicion = condicion_documentos(datos)
    consultas = [
        FUENTES[t]()
        .filter(condicion)
        .values(g_clave=Cast(F(clave), _TEXTO), g_etiqueta=Cast(F(etiqueta), _TEXTO), g_estado=F("estado"))
        .annotate(n=Count("pk"))
        .order_by()
        for t in tipos
    ]
    union = consultas[0].union(*consultas[1:], all=True) if len(consultas) > 1 else consultas[0]
    grupos: dict = defaultdict(lambda: {ENTREGADO: 0, PENDIENTE: 0, NO_APLICA: 0})
    etiquetas: dict = {}
    for fila in union:
        grupos[fila["g_clave"]][fila["g_estado"]] += fila["n"]
        etiquetas[fila["g_clave"]] = fila["g_etiqueta"]
    resultado = []
    for g, cuentas in grupos.items():
        nombre = etiquetas[g]
        if agrupar_por == "tipo":
            nombre = NOMBRE_TIPO.get(g, g)
        resultado.append(
            {
                "clave": g,
                "grupo": nombre or "Sin asignar",
                "entregados": cuentas[ENTREGADO],
                "pendientes": cuentas[PENDIENTE],
                "no_aplica": cuentas[NO_APLICA],
                "total": sum(cuentas.values()),
            }
        )
    return sorted(resultado, key=lambda r: (-r["total"], r["grupo"]))
