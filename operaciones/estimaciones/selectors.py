"""Reads of estimations: the permission-scoped list, one estimation, its lines and totals, the per-concept summary
of the document and the reconciliation of an OT family (issue 6).

Concepts are identified as the excess service identifies them (`excedentes.clave_concepto`): the catalogue id, or
(anexo, code) for lines never linked to the catalogue, so a concept keeps one row across annex versions. The
authorised volume is the one the production sheet and the excess service use: the concept's line(s) in the most
recent active annex version of the family that contains it.

The per-concept figures are aggregated in the database with conditional sums (one query per source: annex lines,
production, estimation lines), so the number of queries does not depend on the number of concepts or rows.
Amounts of production are Σ round(volume × PU, 2) per record — the rounding an estimation line applies — so a
fully estimated concept shows the same amount produced and estimated.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Round, Trim, Upper
from django.http import Http404

from core.money import redondear_centavos
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, TipoId
from operaciones.ot.models import OTE
from operaciones.produccion.excedentes import clave_concepto
from operaciones.produccion.gpu import anexos_con_gpu, normalizar_anexo
from operaciones.produccion.hoja import clave_codigo, clave_orden_anexo, conceptos_de_familia
from operaciones.produccion.models import Produccion

from .models import EstadoEstimacion, EstimacionDetalle, EstimacionHeader

CERO = Decimal(0)
SEIS_DECIMALES = Decimal("0.000001")
CUATRO_DECIMALES = Decimal("0.0001")
PERMISO_VER = "estimaciones.view_estimacionheader"
ESTADOS_APROBADOS = (EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA)
ESTADOS_FACTURADOS = (EstadoEstimacion.FACTURADA, EstadoEstimacion.PAGADA)
_IMPORTE = DecimalField(max_digits=38, decimal_places=10)
_VOLUMEN = DecimalField(max_digits=38, decimal_places=6)

# Values of an estimation line's production and annex line, for display.
_PARTIDA = "id_produccion__id_partida_anexo"


# --- List and one estimation -----------------------------------------------------------------------------------------


def estimaciones_para_usuario(usuario) -> QuerySet:
    """Estimations the user may see: all of them with the module's view permission, none without it.

    Estimations of a deleted OT stay listed: a billing document does not disappear with its work order.
    """
    if usuario is None or not usuario.has_perm(PERMISO_VER):
        return EstimacionHeader.objects.none()
    return EstimacionHeader.objects.select_related("id_ot", "contrato", "creado_por", "aprobado_por")


def estimacion_para_usuario(usuario, pk) -> EstimacionHeader:
    """One estimation the user may see, or Http404 (a bad id or no permission look the same)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("Estimación no encontrada.") from None
    estimacion = estimaciones_para_usuario(usuario).filter(pk=pk).first()
    if estimacion is None:
        raise Http404("Estimación no encontrada.")
    return estimacion


def estimacion_por_codigo(codigo: str) -> EstimacionHeader | None:
    """The estimation a verification code (the document's QR) names, or None."""
    codigo = (codigo or "").strip()
    if not codigo or len(codigo) > 32:
        return None
    return EstimacionHeader.objects.select_related("id_ot", "contrato").filter(codigo_verificacion=codigo).first()


def estimacion_lineas(estimacion: EstimacionHeader) -> QuerySet:
    """The estimation's lines with their production, annex line, unit and site, in anexo / code / date order.

    Each line also carries anexo, codigo, descripcion, unidad, fecha, tipo_tiempo and sitio as plain values.
    A cancelled estimation shows the lines it had (all no longer vigente).
    """
    return (
        EstimacionDetalle.objects.filter(id_estimacion_header=estimacion)
        .select_related(
            f"{_PARTIDA}__unidad_medida",
            "id_produccion__id_sitio_produccion",
            "id_estatus_cobro",
        )
        .annotate(
            anexo=F(f"{_PARTIDA}__anexo"),
            codigo=F(f"{_PARTIDA}__id_partida"),
            descripcion=F(f"{_PARTIDA}__descripcion_concepto"),
            unidad=F(f"{_PARTIDA}__unidad_medida__descripcion"),
            fecha=F("id_produccion__fecha_produccion"),
            tipo_tiempo=F("id_produccion__tipo_tiempo"),
            sitio=F("id_produccion__id_sitio_produccion__descripcion"),
        )
        .order_by(
            f"{_PARTIDA}__anexo",
            f"{_PARTIDA}__id_partida",
            "id_produccion__fecha_produccion",
            "id_produccion__tipo_tiempo",
            "id_produccion__id_sitio_produccion__descripcion",
            "pk",
        )
    )


def estimacion_totales(estimacion: EstimacionHeader) -> dict[str, Decimal]:
    """Subtotals, deductions and net in each currency, and the homologado (MXN + USD × tipo de cambio); no query."""
    subtotal_mn, subtotal_usd = estimacion.total_importe_mn, estimacion.total_importe_usd
    retencion_mn, retencion_usd = estimacion.importe_retencion_mn, estimacion.importe_retencion_usd
    amortizacion_mn, amortizacion_usd = estimacion.importe_amortizacion_mn, estimacion.importe_amortizacion_usd
    neto_mn = subtotal_mn - retencion_mn - amortizacion_mn
    neto_usd = subtotal_usd - retencion_usd - amortizacion_usd
    tipo_cambio = estimacion.tipo_cambio
    return {
        "subtotal_mn": subtotal_mn,
        "subtotal_usd": subtotal_usd,
        "retencion_mn": retencion_mn,
        "retencion_usd": retencion_usd,
        "amortizacion_mn": amortizacion_mn,
        "amortizacion_usd": amortizacion_usd,
        "neto_mn": neto_mn,
        "neto_usd": neto_usd,
        "tipo_cambio": tipo_cambio,
        "homologado_subtotal": redondear_centavos(subtotal_mn + subtotal_usd * tipo_cambio),
        "homologado_neto": redondear_centavos(neto_mn + neto_usd * tipo_cambio),
    }


# --- Concepts of a family -------------------------------------------------------------------------------------------


def _familia(principal_id: int) -> QuerySet:
    """Ids of the family's live OTs as a subquery (no query of its own)."""
    return (
        OTE.objects.filter(Q(pk=principal_id) | Q(ot_principal_id=principal_id))
        .exclude(~Q(pk=principal_id) & Q(estatus=EstatusRegistro.ELIMINADO))
        .values("pk")
    )


def _es_pue(anexo: str, tipo_id) -> bool:
    return tipo_id == TipoId.PARTIDA_EXTRAORDINARIA or normalizar_anexo(anexo).endswith("EXT")


def _autorizados(familia) -> dict[tuple, dict]:
    """Concept → its authorised line data (volume, Σ round(volume × PU, 2), prices of the latest active version),
    from the same consolidation the production sheet uses."""
    conceptos, _ = conceptos_de_familia(familia)
    return {
        c.clave: {
            "version": c.version,
            "concepto_id": c.concepto_id,
            "anexo": c.anexo,
            "codigo": c.codigo,
            "descripcion": c.descripcion,
            "unidad": c.unidad,
            "pu_mn": c.pu_mn,
            "pu_usd": c.pu_usd,
            "tipo_id": c.tipo_id,
            "volumen": c.volumen_autorizado,
            "mn": c.importe_mn,
            "usd": c.importe_usd,
        }
        for c in conceptos
    }


def _agrupar(filas, campos: tuple[str, ...]) -> dict[tuple, dict]:
    """Merge aggregated rows (grouped by concept id, anexo, code) into one dict per concept key."""
    grupos: dict[tuple, dict] = {}
    for fila in filas:
        clave = clave_concepto(fila["concepto_id"], fila["anexo"], fila["codigo"])
        destino = grupos.get(clave)
        if destino is None:
            grupos[clave] = {**fila, **{c: fila[c] or CERO for c in campos}}
            continue
        for campo in campos:
            destino[campo] += fila[campo] or CERO
        for campo in ("descripcion", "unidad", "tipo_id", "pu_mn", "pu_usd"):
            if destino.get(campo) is None and fila.get(campo) is not None:
                destino[campo] = fila[campo]
    return grupos


def _grupo_concepto(prefijo: str) -> dict:
    return {
        "concepto_id": F(f"{prefijo}concepto_id"),
        "anexo": F(f"{prefijo}anexo"),
        "codigo": F(f"{prefijo}id_partida"),
    }


def _importe_sql(volumen: str, precio: str):
    """round(volume × PU, 2) per row, in the database (exact numeric on PostgreSQL)."""
    return Round(ExpressionWrapper(F(volumen) * F(precio), output_field=_IMPORTE), 2, output_field=_IMPORTE)


def _sumas(nombre: str, volumen: str, mn: str, usd: str, condicion: Q | None = None) -> dict:
    return {
        nombre: Sum(volumen, filter=condicion, output_field=_VOLUMEN),
        f"{nombre}_mn": Sum(mn, filter=condicion, output_field=_IMPORTE),
        f"{nombre}_usd": Sum(usd, filter=condicion, output_field=_IMPORTE),
    }


def _campos(*nombres: str) -> tuple[str, ...]:
    return tuple(f"{n}{sufijo}" for n in nombres for sufijo in ("", "_mn", "_usd"))


def _orden(fila: dict) -> tuple:
    return (clave_orden_anexo(fila["anexo"]), clave_codigo(fila["codigo"]), fila["descripcion"] or "")


def _centavos(valor) -> Decimal:
    return redondear_centavos(valor or CERO)


def _volumen(valor) -> Decimal:
    """A summed volume with the model's six decimals (SQLite returns them unscaled)."""
    return (valor or CERO).quantize(SEIS_DECIMALES)


def _precio(valor) -> Decimal | None:
    return None if valor is None else valor.quantize(CUATRO_DECIMALES)


def estimacion_conceptos(estimacion: EstimacionHeader) -> list[dict]:
    """Per concept of the estimation: authorised, previous (earlier approved estimations), this period, accumulated
    and remaining, in volume and in MXN / USD; sorted by anexo then numeric code. Two queries."""
    familia = _familia(estimacion.id_ot_id)
    propia = Q(id_estimacion_header_id=estimacion.pk)
    anterior = Q(
        vigente=True,
        id_estimacion_header__estado__in=ESTADOS_APROBADOS,
        id_estimacion_header_id__lt=estimacion.pk,
    )
    filas = (
        EstimacionDetalle.objects.filter(id_produccion__id_partida_anexo__importacion_anexo__ot_id__in=familia)
        .filter(propia | anterior)
        .values(**_grupo_concepto(f"{_PARTIDA}__"))
        .annotate(
            lineas=Count("pk", filter=propia),
            descripcion=Max(f"{_PARTIDA}__descripcion_concepto"),
            unidad=Max(f"{_PARTIDA}__unidad_medida__descripcion"),
            pu_mn=Max("precio_unitario_mn", filter=propia),
            pu_usd=Max("precio_unitario_usd", filter=propia),
            **_sumas("periodo", "volumen_estimado", "importe_mn", "importe_usd", propia),
            **_sumas("anterior", "volumen_estimado", "importe_mn", "importe_usd", anterior),
        )
        .order_by()
    )
    grupos = _agrupar(filas, ("lineas", *_campos("periodo", "anterior")))
    autorizados = _autorizados(familia)
    resultado = []
    for clave, grupo in grupos.items():
        if not grupo["lineas"]:
            continue
        aut = autorizados.get(clave, {})
        fila = {
            "concepto_id": grupo["concepto_id"],
            "anexo": aut.get("anexo", grupo["anexo"]),
            "codigo": aut.get("codigo", grupo["codigo"]),
            "descripcion": aut.get("descripcion", grupo["descripcion"] or ""),
            "unidad": aut.get("unidad", grupo["unidad"] or ""),
            "pu_mn": _precio(grupo["pu_mn"]),
            "pu_usd": _precio(grupo["pu_usd"]),
            "autorizado": _volumen(aut.get("volumen")),
            "autorizado_mn": aut.get("mn", CERO),
            "autorizado_usd": aut.get("usd", CERO),
        }
        for nombre in ("anterior", "periodo"):
            fila[nombre] = _volumen(grupo[nombre])
            fila[f"{nombre}_mn"] = _centavos(grupo[f"{nombre}_mn"])
            fila[f"{nombre}_usd"] = _centavos(grupo[f"{nombre}_usd"])
        for sufijo in ("", "_mn", "_usd"):
            fila[f"acumulado{sufijo}"] = fila[f"anterior{sufijo}"] + fila[f"periodo{sufijo}"]
            fila[f"restante{sufijo}"] = fila[f"autorizado{sufijo}"] - fila[f"acumulado{sufijo}"]
        resultado.append(fila)
    return sorted(resultado, key=_orden)


# --- Reconciliation of a family ---------------------------------------------------------------------------------------

ETAPAS = ("autorizado", "producido", "gpu_firmado", "estimado", "aprobado", "facturado", "pagado")


def _produccion_agrupada(familia) -> list[dict]:
    """Produced and released-for-billing (GPU FIRMADO, or no GPU needed) per (concept, anexo, code)."""
    consulta = Produccion.objects.filter(id_partida_anexo__importacion_anexo__ot_id__in=familia)
    con_gpu = anexos_con_gpu()
    liberada = Q(gpu__id_estatus_id=EstatusId.FIRMADO)
    if con_gpu:
        consulta = consulta.alias(anexo_gpu=Upper(Trim("id_partida_anexo__anexo")))
        liberada |= ~Q(anexo_gpu__in=con_gpu)
    else:
        liberada = Q()
    mn = _importe_sql("volumen_produccion", "id_partida_anexo__precio_unitario_mn")
    usd = _importe_sql("volumen_produccion", "id_partida_anexo__precio_unitario_usd")
    return list(
        consulta.alias(imp_mn=mn, imp_usd=usd)
        .values(**_grupo_concepto("id_partida_anexo__"))
        .annotate(
            descripcion=Max("id_partida_anexo__descripcion_concepto"),
            unidad=Max("id_partida_anexo__unidad_medida__descripcion"),
            tipo_id=Max("id_partida_anexo__concepto__id_tipo_partida_id"),
            **_sumas("producido", "volumen_produccion", "imp_mn", "imp_usd"),
            **_sumas("gpu_firmado", "volumen_produccion", "imp_mn", "imp_usd", liberada or None),
        )
        .order_by()
    )


def _lineas_agrupadas(familia) -> list[dict]:
    """Live estimation lines per (concept, anexo, code): estimated, approved, invoiced and paid (cumulative)."""
    estado = "id_estimacion_header__estado"
    return list(
        EstimacionDetalle.objects.filter(
            id_produccion__id_partida_anexo__importacion_anexo__ot_id__in=familia, vigente=True
        )
        .values(**_grupo_concepto(f"{_PARTIDA}__"))
        .annotate(
            descripcion=Max(f"{_PARTIDA}__descripcion_concepto"),
            unidad=Max(f"{_PARTIDA}__unidad_medida__descripcion"),
            tipo_id=Max(f"{_PARTIDA}__concepto__id_tipo_partida_id"),
            **_sumas("estimado", "volumen_estimado", "importe_mn", "importe_usd"),
            **_sumas(
                "aprobado", "volumen_estimado", "importe_mn", "importe_usd", Q(**{f"{estado}__in": ESTADOS_APROBADOS})
            ),
            **_sumas(
                "facturado", "volumen_estimado", "importe_mn", "importe_usd", Q(**{f"{estado}__in": ESTADOS_FACTURADOS})
            ),
            **_sumas("pagado", "volumen_estimado", "importe_mn", "importe_usd", Q(**{estado: EstadoEstimacion.PAGADA})),
        )
        .order_by()
    )


def conciliacion_familia(*, ot: OTE) -> list[dict]:
    """Per concept of the OT family: authorised → produced → GPU signed → estimated → approved → invoiced → paid,
    volume and MXN / USD each, excess and PUE flagged, and a last "total" row of amounts. Three queries.

    "gpu_firmado" counts production released for billing: a FIRMADO GPU, or an anexo that needs none. "aprobado",
    "facturado" and "pagado" are cumulative (a paid line was approved and invoiced too).
    """
    familia = _familia(ot.ot_principal_id or ot.pk)
    autorizados = _autorizados(familia)
    produccion = _agrupar(_produccion_agrupada(familia), _campos("producido", "gpu_firmado"))
    lineas = _agrupar(_lineas_agrupadas(familia), _campos("estimado", "aprobado", "facturado", "pagado"))
    filas = []
    for clave in {*autorizados, *produccion, *lineas}:
        aut, prod, est = autorizados.get(clave, {}), produccion.get(clave, {}), lineas.get(clave, {})
        base = aut or prod or est
        tipo_id = aut.get("tipo_id") or prod.get("tipo_id") or est.get("tipo_id")
        fila = {
            "concepto_id": clave[1] if clave[0] == "concepto" else None,
            "anexo": base["anexo"],
            "codigo": base["codigo"],
            "descripcion": base.get("descripcion") or "",
            "unidad": base.get("unidad") or "",
            "autorizado": _volumen(aut.get("volumen")),
            "autorizado_mn": aut.get("mn", CERO),
            "autorizado_usd": aut.get("usd", CERO),
            "es_total": False,
        }
        for etapa, origen in (
            ("producido", prod),
            ("gpu_firmado", prod),
            ("estimado", est),
            ("aprobado", est),
            ("facturado", est),
            ("pagado", est),
        ):
            fila[etapa] = _volumen(origen.get(etapa))
            fila[f"{etapa}_mn"] = _centavos(origen.get(f"{etapa}_mn"))
            fila[f"{etapa}_usd"] = _centavos(origen.get(f"{etapa}_usd"))
        fila["es_excedente"] = fila["producido"] > fila["autorizado"]
        fila["es_pue"] = _es_pue(fila["anexo"], tipo_id)
        filas.append(fila)
    filas.sort(key=_orden)
    filas.append(_fila_total(filas))
    return filas


def _fila_total(filas: list[dict]) -> dict:
    """Amounts add up across concepts; volumes (different units) do not, so they are None on this row."""
    total = {f"{etapa}{moneda}": CERO for etapa in ETAPAS for moneda in ("_mn", "_usd")}
    for fila in filas:
        for etapa in ETAPAS:
            total[f"{etapa}_mn"] += fila[f"{etapa}_mn"]
            total[f"{etapa}_usd"] += fila[f"{etapa}_usd"]
    return {
        "concepto_id": None,
        "anexo": "",
        "codigo": "",
        "descripcion": "TOTAL",
        "unidad": "",
        **dict.fromkeys(ETAPAS),
        **total,
        "es_total": True,
        "es_excedente": any(f["es_excedente"] for f in filas),
        "es_pue": False,
    }
