"""Test data builders for production: an OT family with an active annex version, built in bulk.

    fam = familia_con_anexo(conceptos=200, mes=3, anio=2025)
    ot, sitio, partidas = fam                       # unpacks like a tuple
    fam.importacion, fam.conceptos, fam.reprogramacion

Lines alternate between anexos C-2 and C-3 (codes "2.1.", "3.2.", …), every one linked to its catalogue concept,
with projected volume `volumen` and prices `precio_mn`/`precio_usd`. The OT's dates cover the whole month (from
ten days before its first day to thirty days after its last), so no day is outside the validity window unless a
test moves the dates.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from operaciones.catalogos.constantes import EstatusId, TipoId
from operaciones.catalogos.models import ConceptoMaestro, Sitio, SubAnexo
from operaciones.ot.models import OTE, ImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from operaciones.produccion.models import Produccion, ReporteDiario, ReporteMensual, TipoTiempo
from tests.factories import (
    AnexoContratoFactory,
    ImportacionAnexoFactory,
    OTEFactory,
    ReprogramacionFactory,
    UnidadMedidaFactory,
    tipo,
)

ANEXOS = ("C-2", "C-3")


@dataclass
class Familia:
    ot: OTE
    sitio: Sitio
    partidas: list[PartidaAnexoImportada]
    importacion: ImportacionAnexo
    conceptos: list[ConceptoMaestro] = field(default_factory=list)
    reprogramacion: OTE | None = None

    def __iter__(self):
        return iter((self.ot, self.sitio, self.partidas))


def ultimo_dia(mes: int, anio: int) -> date:
    return date(anio, mes, calendar.monthrange(anio, mes)[1])


def conceptos_crear(n: int, *, anexos=ANEXOS, precio_mn="10.50", precio_usd="1.25", volumen="100") -> list:
    """`n` catalogue concepts spread over `anexos`, in one insert."""
    unidad = UnidadMedidaFactory()
    anexo_c = AnexoContratoFactory()
    subanexos = {clave: SubAnexo.objects.create(anexo_maestro=anexo_c, clave_anexo=clave) for clave in anexos}
    ordinaria = tipo(TipoId.PARTIDA_ORDINARIA)
    conceptos = []
    for i in range(n):
        clave = anexos[i % len(anexos)]
        prefijo = clave.split("-")[-1]
        conceptos.append(
            ConceptoMaestro(
                sub_anexo=subanexos[clave],
                partida_ordinaria=f"{prefijo}.{i // len(anexos) + 1}.",
                descripcion=f"CONCEPTO DE PRUEBA {clave} {i + 1}",
                unidad_medida=unidad,
                cantidad=Decimal(volumen),
                precio_unitario_mn=Decimal(precio_mn),
                precio_unitario_usd=Decimal(precio_usd),
                id_tipo_partida=ordinaria,
            )
        )
    return ConceptoMaestro.objects.bulk_create(conceptos)


def lineas_crear(importacion: ImportacionAnexo, conceptos, *, volumen="100", precio_mn=None, precio_usd=None) -> list:
    """One annex line per concept in `importacion` (prices from the concept unless given), in one insert."""
    lineas = [
        PartidaAnexoImportada(
            importacion_anexo=importacion,
            concepto=c,
            id_partida=c.partida_ordinaria or c.partida_extraordinaria,
            descripcion_concepto=c.descripcion,
            anexo=c.sub_anexo.clave_anexo if c.sub_anexo_id else c.partida_extraordinaria[:5],
            unidad_medida=c.unidad_medida,
            volumen_proyectado=Decimal(volumen),
            precio_unitario_mn=Decimal(precio_mn) if precio_mn is not None else c.precio_unitario_mn,
            precio_unitario_usd=Decimal(precio_usd) if precio_usd is not None else c.precio_unitario_usd,
            orden_fila=i + 1,
        )
        for i, c in enumerate(conceptos)
    ]
    return PartidaAnexoImportada.objects.bulk_create(lineas)


def familia_con_anexo(
    conceptos: int = 3,
    *,
    mes: int = 3,
    anio: int = 2025,
    volumen: str = "100",
    precio_mn: str = "10.50",
    precio_usd: str = "1.25",
    programado: str | None = None,
    con_reprogramacion: bool = False,
    **ot_extra,
) -> Familia:
    """An initial OT on a vessel whose dates cover the month, with an active annex of `conceptos` lines.

    `programado="2"` also programs that volume for every line on every day of the month (PartidaProyectada);
    `con_reprogramacion=True` adds a live reprogramming (without annex) to the family.
    """
    ot_extra.setdefault("fecha_inicio_programado", date(anio, mes, 1) - timedelta(days=10))
    ot_extra.setdefault("fecha_termino_programado", ultimo_dia(mes, anio) + timedelta(days=30))
    ot_extra.setdefault("fecha_inicio_real", ot_extra["fecha_inicio_programado"])
    ot = OTEFactory(**ot_extra)
    importacion = ImportacionAnexoFactory(ot=ot, es_activo=True, nombre_archivo="anexo_prueba.xlsx")
    catalogo = conceptos_crear(conceptos, precio_mn=precio_mn, precio_usd=precio_usd, volumen=volumen)
    partidas = lineas_crear(importacion, catalogo, volumen=volumen)
    if programado is not None:
        PartidaProyectada.objects.bulk_create(
            PartidaProyectada(ot=ot, partida_anexo=p, fecha=date(anio, mes, d), volumen_programado=Decimal(programado))
            for p in partidas
            for d in range(1, ultimo_dia(mes, anio).day + 1)
        )
    repro = ReprogramacionFactory(ot_principal=ot) if con_reprogramacion else None
    return Familia(
        ot=ot,
        sitio=ot.id_embarcacion,
        partidas=partidas,
        importacion=importacion,
        conceptos=catalogo,
        reprogramacion=repro,
    )


def firmar_dia(ot: OTE, sitio: Sitio, dia: date, estatus: int = EstatusId.FIRMADO) -> ReporteDiario:
    """The daily report of `ot` at `sitio` for `dia`, with `estatus` (FIRMADO by default)."""
    mensual, _ = ReporteMensual.objects.get_or_create(id_ot=ot, mes=dia.month, anio=dia.year)
    reporte, _ = ReporteDiario.objects.update_or_create(
        id_reporte_mensual=mensual, fecha=dia, id_sitio=sitio, defaults={"id_estatus_id": estatus}
    )
    return reporte


def producir(partida, dia: date, volumen, *, sitio: Sitio, tipo_tiempo=TipoTiempo.TE, ot: OTE | None = None):
    """A production row stored directly (not through the sheet), filed in the monthly report of `ot`."""
    ot = ot or partida.importacion_anexo.ot
    mensual, _ = ReporteMensual.objects.get_or_create(id_ot=ot, mes=dia.month, anio=dia.year)
    return Produccion.objects.create(
        id_partida_anexo=partida,
        id_reporte_mensual=mensual,
        fecha_produccion=dia,
        volumen_produccion=Decimal(str(volumen)),
        tipo_tiempo=tipo_tiempo,
        id_sitio_produccion=sitio,
    )


def valores_mes(mes: int, anio: int, valor="1.5") -> list:
    """31 cells: `valor` on every day of the month, None beyond its length."""
    dias = ultimo_dia(mes, anio).day
    return [valor if d <= dias else None for d in range(1, 32)]


def cuerpo_hoja(familia: Familia, *, mes: int = 3, anio: int = 2025, tipo_tiempo="TE", valores=None, partidas=None):
    """The JSON body of guardar_produccion_masiva for the whole family sheet (every line the same `valores`)."""
    valores = valores if valores is not None else valores_mes(mes, anio)
    partidas = partidas if partidas is not None else familia.partidas
    return {
        "id_ot": familia.ot.pk,
        "mes": mes,
        "anio": anio,
        "tipo_tiempo": tipo_tiempo,
        "id_sitio": familia.sitio.pk,
        "partidas": [{"id_partida_imp": p.pk, "codigo": p.id_partida, "valores": list(valores)} for p in partidas],
    }
