"""The month production sheet of an OT family at a site (reference §3.3, "Producción" tab).

Rows are the concepts of the ACTIVE annex versions of every live OT of the family, consolidated by the identity
the excess service uses (`excedentes.clave_concepto`): the most recent version containing a concept (fecha_carga,
then id, as the excess service orders them) supplies its line, code, description, volume and prices; the lines of
older versions only add their ids to `ids_agrupados`. Production is matched by concept too, over every line of the
family (active or not), so production captured against a replaced version never disappears from the sheet — the
original matched by line id and lost it.

What each figure counts:
- day cells, `acumulado_mes`, `monto_*` of a row: the selected site, both time types, this month;
- `acumulado_previo`: the concept's production before the 1st of the month, every site and time type;
- KPIs: aut = Σ authorised volume × PU, acum = Σ acumulado_previo × PU, ejec = this month at every site × PU,
  resta = aut − acum − ejec; each term rounded to cents per row before summing (core/money.py).

The number of SQL queries does not depend on the number of concepts or days (six in all).
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from core.money import redondear_centavos
from operaciones.ot.models import OTE, PartidaAnexoImportada, PartidaProyectada

from .excedentes import clave_concepto
from .gpu import normalizar_anexo, requiere_gpu
from .models import Produccion, TipoTiempo
from .ventanas import (
    MOTIVO_FIRMADO,
    dias_firmados,
    dias_fuera_de_ventana,
    fechas_de_familia,
    id_principal,
    ventana_de_fechas,
)

CERO = Decimal(0)
DIAS_HOJA = 31
SEIS_DECIMALES = Decimal("0.000001")
SIN_ANEXO = ("", "S/A")

GPU_AUTORIZADO, GPU_BLOQUEADO, GPU_NO_APLICA = "AUTORIZADO", "BLOQUEADO", "NO APLICA"


def texto_decimal(valor: Decimal | None) -> str | None:
    """A volume as plain text without trailing zeros ("1.5", "100"); None stays None."""
    if valor is None:
        return None
    texto = format(valor, "f")
    if "." in texto:
        texto = texto.rstrip("0").rstrip(".")
    return texto or "0"


def texto_volumen(valor: Decimal) -> str:
    """An aggregated volume with the model's six decimals ("46.500000"), as stored volumes read."""
    return str(valor.quantize(SEIS_DECIMALES))


def clave_codigo(codigo: str) -> tuple:
    """Code split on "." with numeric parts as integers; non-numeric parts sort after numeric ones."""
    partes = [p.strip() for p in (codigo or "").split(".") if p.strip()]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.upper()) for p in partes)


def clave_orden_anexo(anexo: str) -> tuple:
    """Anexo order: alphabetical, blank (and the "S/A" placeholder for "sin anexo") last."""
    normal = normalizar_anexo(anexo)
    return (normal in SIN_ANEXO, normal)


@dataclass
class ConceptoHoja:
    """One consolidated concept of the family's active annexes: the line of its latest version plus the rest."""

    clave: tuple
    id_partida_imp: int
    version: int
    anexo: str
    codigo: str
    descripcion: str
    unidad: str
    volumen_autorizado: Decimal
    pu_mn: Decimal
    pu_usd: Decimal
    concepto_id: int | None = None
    tipo_id: int | None = None  # catalogue type of the concept (ordinary / PUE), None for a line without concept
    # Σ round(volume × unit price, 2) of the concept's lines in its latest version, per currency.
    importe_mn: Decimal = CERO
    importe_usd: Decimal = CERO
    ids_agrupados: list[int] = field(default_factory=list)
    # line id → recency of its version (0 = the latest); used to pick which version programs a day.
    rango_de_linea: dict[int, int] = field(default_factory=dict)

    @property
    def orden(self) -> tuple:
        return (clave_orden_anexo(self.anexo), clave_codigo(self.codigo), self.descripcion, self.id_partida_imp)


def conceptos_de_familia(familia: list[int] | QuerySet) -> tuple[list[ConceptoHoja], dict[int, ConceptoHoja]]:
    """Concepts of the family's active annex versions in sheet order, and line id → concept (one query)."""
    lineas = (
        PartidaAnexoImportada.objects.filter(importacion_anexo__ot_id__in=familia, importacion_anexo__es_activo=True)
        .order_by("-importacion_anexo__fecha_carga", "-importacion_anexo_id", "orden_fila", "id")
        .values_list(
            "pk",
            "importacion_anexo_id",
            "concepto_id",
            "anexo",
            "id_partida",
            "descripcion_concepto",
            "unidad_medida__descripcion",
            "volumen_proyectado",
            "precio_unitario_mn",
            "precio_unitario_usd",
            "concepto__id_tipo_partida_id",
        )
    )
    por_clave: dict[tuple, ConceptoHoja] = {}
    por_linea: dict[int, ConceptoHoja] = {}
    versiones: dict[tuple, list[int]] = defaultdict(list)
    for pk, version, concepto_id, anexo, codigo, descripcion, unidad, volumen, pu_mn, pu_usd, tipo_id in lineas:
        clave = clave_concepto(concepto_id, anexo, codigo)
        concepto = por_clave.get(clave)
        if concepto is None:
            concepto = por_clave[clave] = ConceptoHoja(
                clave=clave,
                id_partida_imp=pk,
                version=version,
                anexo=anexo,
                codigo=codigo,
                descripcion=descripcion,
                unidad=unidad or "",
                volumen_autorizado=CERO,
                pu_mn=pu_mn,
                pu_usd=pu_usd,
                concepto_id=concepto_id,
                tipo_id=tipo_id,
            )
        if concepto.version == version:
            # The same concept twice in its latest version: both lines are authorised (as the excess service says).
            concepto.volumen_autorizado += volumen
            concepto.importe_mn += redondear_centavos(volumen * pu_mn)
            concepto.importe_usd += redondear_centavos(volumen * pu_usd)
        if version not in versiones[clave]:
            versiones[clave].append(version)
        concepto.ids_agrupados.append(pk)
        concepto.rango_de_linea[pk] = versiones[clave].index(version)
        por_linea[pk] = concepto
    return sorted(por_clave.values(), key=lambda c: c.orden), por_linea


def _rango_mes(mes: int, anio: int) -> tuple[date, date, int]:
    dias = calendar.monthrange(anio, mes)[1]
    return date(anio, mes, 1), date(anio, mes, dias), dias


def _programado(familia: list[int], por_linea: dict[int, ConceptoHoja], primero: date, ultimo: date) -> dict:
    """(concept key, day) → programmed volume, from the most recent active version that programs that day."""
    filas = PartidaProyectada.objects.filter(
        partida_anexo__importacion_anexo__ot_id__in=familia,
        partida_anexo__importacion_anexo__es_activo=True,
        fecha__range=(primero, ultimo),
    ).values_list("partida_anexo_id", "fecha", "volumen_programado")
    por_version: dict[tuple, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: CERO))
    for linea_id, fecha, volumen in filas:
        concepto = por_linea.get(linea_id)
        if concepto is not None:
            por_version[(concepto.clave, fecha.day)][concepto.rango_de_linea[linea_id]] += volumen
    return {clave: valores[min(valores)] for clave, valores in por_version.items()}


def _produccion_familia(familia: list[int]):
    return Produccion.objects.filter(id_partida_anexo__importacion_anexo__ot_id__in=familia)


CAMPOS_CONCEPTO = ("id_partida_anexo__concepto_id", "id_partida_anexo__anexo", "id_partida_anexo__id_partida")


def _previo(familia: list[int], primero: date) -> dict[tuple, Decimal]:
    """Concept → production before the month (every site and time type), summed in the database."""
    filas = (
        _produccion_familia(familia)
        .filter(fecha_produccion__lt=primero)
        .order_by()
        .values(*CAMPOS_CONCEPTO)
        .annotate(total=Sum("volumen_produccion"))
        .values_list(*CAMPOS_CONCEPTO, "total")
    )
    previo: dict[tuple, Decimal] = defaultdict(lambda: CERO)
    for concepto_id, anexo, codigo, total in filas:
        previo[clave_concepto(concepto_id, anexo, codigo)] += total or CERO
    return previo


@dataclass
class DiaProduccion:
    te: Decimal | None = None
    cma: Decimal | None = None
    excedente_te: bool = False
    excedente_cma: bool = False

    def sumar(self, tipo: str, volumen: Decimal, excedente: bool) -> None:
        if tipo == TipoTiempo.CMA:
            self.cma = (self.cma or CERO) + volumen
            self.excedente_cma |= excedente
        else:
            self.te = (self.te or CERO) + volumen
            self.excedente_te |= excedente


def _mes(familia: list[int], primero: date, ultimo: date, sitio_id: int):
    """The month's production: per (concept, day) at the site, per concept at every site, and GPU blocks."""
    filas = (
        _produccion_familia(familia)
        .filter(fecha_produccion__range=(primero, ultimo))
        .order_by()
        .values_list(
            *CAMPOS_CONCEPTO,
            "fecha_produccion",
            "tipo_tiempo",
            "id_sitio_produccion_id",
            "volumen_produccion",
            "es_excedente",
            "excedente_autorizado",
        )
    )
    dias: dict[tuple, DiaProduccion] = defaultdict(DiaProduccion)
    todos_sitios: dict[tuple, Decimal] = defaultdict(lambda: CERO)
    bloqueados: set[tuple] = set()
    for concepto_id, anexo, codigo, fecha, tipo, sitio, volumen, excedente, autorizado in filas:
        clave = clave_concepto(concepto_id, anexo, codigo)
        todos_sitios[clave] += volumen
        if sitio != sitio_id:
            continue
        dias[(clave, fecha.day)].sumar(tipo, volumen, excedente)
        # The rule of gpu.gpu_bloqueado, on plain values (no model instance per row).
        if excedente and not autorizado and volumen > 0:
            bloqueados.add(clave)
    return dias, todos_sitios, bloqueados


def _familia_de(ot: OTE) -> tuple[int, list[dict]]:
    principal_id = id_principal(ot)
    return principal_id, fechas_de_familia(principal_id)


class _Totales:
    def __init__(self):
        self.valores = {k: Decimal("0.00") for k in ("aut", "ejec", "acum")}
        self.usd = {k: Decimal("0.00") for k in ("aut", "ejec", "acum")}

    def sumar(self, clave: str, volumen: Decimal, concepto: ConceptoHoja) -> None:
        self.valores[clave] += redondear_centavos(volumen * concepto.pu_mn)
        self.usd[clave] += redondear_centavos(volumen * concepto.pu_usd)

    def como_json(self) -> dict:
        resta_mn = self.valores["aut"] - self.valores["acum"] - self.valores["ejec"]
        resta_usd = self.usd["aut"] - self.usd["acum"] - self.usd["ejec"]
        salida = {}
        for k in ("aut", "ejec", "acum"):
            salida[f"{k}_mn"] = str(self.valores[k])
            salida[f"{k}_usd"] = str(self.usd[k])
        salida["resta_mn"], salida["resta_usd"] = str(resta_mn), str(resta_usd)
        return salida


def _subtotal(anexo: str, dias_mes: int) -> dict:
    return {
        "es_subtitulo": True,
        "anexo": anexo,
        "descripcion": f"TOTAL ANEXO: {anexo or 'SIN ANEXO'}",
        "_acumulado": CERO,
        "_mn": Decimal("0.00"),
        "_usd": Decimal("0.00"),
        "_dias": [{"te": CERO, "cma": CERO, "programado": CERO} if d <= dias_mes else None for d in range(1, 32)],
    }


def _cerrar_subtotal(fila: dict) -> dict:
    return {
        "es_subtitulo": True,
        "anexo": fila["anexo"],
        "descripcion": fila["descripcion"],
        "acumulado_mes": texto_volumen(fila["_acumulado"]),
        "monto_mn": str(fila["_mn"]),
        "monto_usd": str(fila["_usd"]),
        "dias": [None if d is None else {k: texto_decimal(v) for k, v in d.items()} for d in fila["_dias"]],
    }


def hoja_produccion(*, ot: OTE, mes: int, anio: int, tipo_tiempo: str, sitio) -> dict:
    """The production sheet of the OT's family for a month at a site (JSON body without the envelope keys)."""
    sitio_id = sitio if isinstance(sitio, int) else sitio.pk
    principal_id, fechas = _familia_de(ot)
    familia = [f["pk"] for f in fechas]
    primero, ultimo, dias_mes = _rango_mes(mes, anio)

    inicio, fin, es_patio = ventana_de_fechas(fechas, sitio_id)
    bloqueados = dias_fuera_de_ventana(inicio, fin, es_patio, mes=mes, anio=anio)
    for dia in dias_firmados(principal_id, mes=mes, anio=anio):
        bloqueados[dia] = MOTIVO_FIRMADO

    conceptos, por_linea = conceptos_de_familia(familia)
    programado = _programado(familia, por_linea, primero, ultimo)
    previo = _previo(familia, primero)
    produccion, mes_todos_sitios, gpu_bloqueados = _mes(familia, primero, ultimo, sitio_id)

    totales = _Totales()
    filas: list[dict] = []
    subtotal: dict | None = None
    for concepto in conceptos:
        anexo_normal = normalizar_anexo(concepto.anexo)
        if subtotal is None or normalizar_anexo(subtotal["anexo"]) != anexo_normal:
            subtotal = _subtotal(concepto.anexo, dias_mes)
            filas.append(subtotal)
        dias = []
        acumulado_mes = CERO
        for numero in range(1, DIAS_HOJA + 1):
            if numero > dias_mes:
                dias.append(None)
                continue
            prod = produccion.get((concepto.clave, numero))
            te = prod.te if prod else None
            cma = prod.cma if prod else None
            prog = programado.get((concepto.clave, numero))
            acumulado_mes += (te or CERO) + (cma or CERO)
            celda_total = subtotal["_dias"][numero - 1]
            celda_total["te"] += te or CERO
            celda_total["cma"] += cma or CERO
            celda_total["programado"] += prog or CERO
            es_cma = tipo_tiempo == TipoTiempo.CMA
            dias.append(
                {
                    "valor": texto_decimal(cma if es_cma else te),
                    "te": texto_decimal(te),
                    "cma": texto_decimal(cma),
                    "programado": texto_decimal(prog),
                    "es_excedente": bool(prod and (prod.excedente_cma if es_cma else prod.excedente_te)),
                    "bloqueado": numero in bloqueados,
                }
            )
        monto_mn = redondear_centavos(acumulado_mes * concepto.pu_mn)
        monto_usd = redondear_centavos(acumulado_mes * concepto.pu_usd)
        subtotal["_acumulado"] += acumulado_mes
        subtotal["_mn"] += monto_mn
        subtotal["_usd"] += monto_usd
        acumulado_previo = previo.get(concepto.clave, CERO)
        totales.sumar("aut", concepto.volumen_autorizado, concepto)
        totales.sumar("acum", acumulado_previo, concepto)
        totales.sumar("ejec", mes_todos_sitios.get(concepto.clave, CERO), concepto)
        if not requiere_gpu(concepto.anexo):
            estatus_gpu = GPU_NO_APLICA
        elif concepto.clave in gpu_bloqueados:
            estatus_gpu = GPU_BLOQUEADO
        else:
            estatus_gpu = GPU_AUTORIZADO
        filas.append(
            {
                "es_subtitulo": False,
                "id_partida_imp": concepto.id_partida_imp,
                "ids_agrupados": concepto.ids_agrupados,
                "anexo": concepto.anexo,
                "codigo": concepto.codigo,
                "descripcion": concepto.descripcion,
                "unidad": concepto.unidad,
                "volumen_autorizado": texto_volumen(concepto.volumen_autorizado),
                "pu_mn": str(concepto.pu_mn),
                "pu_usd": str(concepto.pu_usd),
                "acumulado_previo": texto_volumen(acumulado_previo),
                "acumulado_mes": texto_volumen(acumulado_mes),
                "monto_mn": str(monto_mn),
                "monto_usd": str(monto_usd),
                "estatus_gpu": estatus_gpu,
                "dias": dias,
            }
        )
    filas = [_cerrar_subtotal(f) if f.get("es_subtitulo") else f for f in filas]
    return {
        "dias_mes": dias_mes,
        "dias_bloqueados": [{"dia": d, "motivo": m} for d, m in sorted(bloqueados.items())],
        "ventana": {
            "inicio": inicio.isoformat() if inicio else None,
            "fin": fin.isoformat() if fin else None,
            "es_patio": es_patio,
        },
        "partidas": filas,
        "totales": totales.como_json(),
    }
