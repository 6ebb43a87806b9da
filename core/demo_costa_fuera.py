"""Demo vessel daily reports: the last two weeks of each demo vessel, so the fleet page and the RDO have data.

Kept apart from core/demo.py (which only calls it once, after the production data exist): per active vessel, about
`DIAS` consecutive daily reports ending at the demo's reference date — a time log covering 00:00–24:00 with the OTs
working on that vessel, POB within its capacity, a diesel and water balance that chains from day to day with
PEMEX's reading beside it, a few incidents (some visible to the client) and a noon position. Older days are closed,
yesterday is in pre-closure and today is a draft. Days a vessel already has a report for are left alone, so running
the demo again adds nothing here. Deterministic: everything comes from `random.Random(semilla)`.
"""

import itertools
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from costa_fuera.models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    PosicionEmbarcacion,
    ReporteDiarioEmbarcacion,
    Severidad,
    TipoRecurso,
)
from operaciones.catalogos.models import Sitio
from operaciones.produccion.reportes_diarios import ots_del_sitio

DIAS = 14
LOTE = 1000
CAPACIDAD_PREDETERMINADA = 80
MILESIMA = Decimal("0.001")
ACTIVIDADES = {
    CategoriaOperativa.OPERANDO: (
        "Inspección submarina con ROV de ducto ascendente",
        "Buceo de saturación: limpieza y medición de espesores",
        "Instalación de abrazadera de reparación en ducto",
        "Maniobras con grúa para bajar equipo al lecho marino",
        "Recuperación de equipo y revisión en cubierta",
    ),
    CategoriaOperativa.ESPERA_CLIMA: ("En espera por condiciones meteorológicas (oleaje mayor a 2.5 m)",),
    CategoriaOperativa.ESPERA_CLIENTE: ("En espera de autorización de PEMEX para iniciar maniobras",),
    CategoriaOperativa.TRANSITO: ("Tránsito entre plataformas", "Navegando hacia puerto para abastecimiento"),
    CategoriaOperativa.MANTENIMIENTO: ("Mantenimiento preventivo a equipo de buceo", "Mantenimiento a generador"),
    CategoriaOperativa.OTRO: ("Simulacro de abandono de embarcación", "Cambio de guardia y plática de seguridad"),
}
PESOS_CATEGORIA = (
    (CategoriaOperativa.OPERANDO, 60),
    (CategoriaOperativa.ESPERA_CLIMA, 12),
    (CategoriaOperativa.ESPERA_CLIENTE, 8),
    (CategoriaOperativa.TRANSITO, 10),
    (CategoriaOperativa.MANTENIMIENTO, 6),
    (CategoriaOperativa.OTRO, 4),
)
CON_OT = {CategoriaOperativa.OPERANDO, CategoriaOperativa.ESPERA_CLIENTE}
# (company, category, share of the vessel's capacity) — the sum stays below 1 so POB never exceeds capacity.
TRIPULACION = (
    ("BME SubTec", "Tripulación marina", Decimal("0.22")),
    ("BME SubTec", "Buzos", Decimal("0.18")),
    ("BME SubTec", "Supervisión", Decimal("0.06")),
    ("PEMEX", "Supervisión", Decimal("0.04")),
    ("Servicios Marinos del Golfo", "Cocina y hotelería", Decimal("0.10")),
    ("Inspecciones Técnicas del Sureste", "Técnicos ROV", Decimal("0.08")),
)
INCIDENCIAS = (
    ("Seguridad", Severidad.BAJA, "Casi accidente: herramienta suelta en cubierta durante maniobra; se aseguró.", True),
    ("Equipo", Severidad.MEDIA, "Falla intermitente en el umbilical del ROV; se cambió el conector.", False),
    ("Clima", Severidad.MEDIA, "Suspensión de buceo por mal tiempo; se reanudó al mejorar el oleaje.", True),
    ("Ambiental", Severidad.ALTA, "Irisación menor observada junto a la embarcación; se notificó a PEMEX.", True),
    ("Personal", Severidad.BAJA, "Un tripulante atendido en enfermería por golpe leve; regresó a sus labores.", False),
)
# Litres (the unit of the consumables rows).
DIESEL_INICIAL, AGUA_INICIAL = Decimal("320000.000"), Decimal("180000.000")


def _cantidad(rng: random.Random, minimo: int, maximo: int) -> Decimal:
    """Whole litres as a three-decimal Decimal: tank soundings are read to the litre, and whole numbers keep the
    balance check exact on SQLite too (which compares decimals as binary floats)."""
    return Decimal(rng.randint(minimo, maximo)).quantize(MILESIMA)


def _momento(dia: date, hora: int, minuto: int = 0):
    return timezone.make_aware(datetime.combine(dia, time(hora, minuto)))


def _ots_por_dia(barco: Sitio, dias: list[date]) -> dict[date, list[int]]:
    """The OTs working on the vessel each day (their window at the site covers it); the month's OTs otherwise."""
    por_mes = {}
    for mes, anio in sorted({(d.month, d.year) for d in dias}):
        por_mes[(mes, anio)] = ots_del_sitio(sitio=barco, mes=mes, anio=anio)
    resultado = {}
    for dia in dias:
        del_mes = por_mes[(dia.month, dia.year)]
        vigentes = [o.id for o in del_mes if (o.inicio is None or o.inicio <= dia) and (o.fin is None or o.fin >= dia)]
        resultado[dia] = vigentes or [o.id for o in del_mes]
    return resultado


class _CostaFuera:
    def __init__(self, *, semilla: int, hoy: date, usuario):
        self.rng = random.Random(semilla)
        self.hoy = hoy
        self.usuario = usuario
        self.cuentas: dict[str, int] = {}

    def _crear(self, clave: str, modelo, objetos: list) -> list:
        creados = modelo.objects.bulk_create(objetos, batch_size=LOTE) if objetos else []
        if creados:
            self.cuentas[clave] = self.cuentas.get(clave, 0) + len(creados)
        return creados

    def _estado(self, dia: date) -> str:
        if dia >= self.hoy:
            return EstadoReporte.BORRADOR
        return EstadoReporte.PRE_CIERRE if dia == self.hoy - timedelta(days=1) else EstadoReporte.CERRADO

    def _bitacora(self, reporte, ots: list[int]) -> list[BitacoraTiempo]:
        """Four to seven entries that cover the day end to end (the last one ends at 00:00 = 24:00)."""
        r = self.rng
        cortes = sorted(r.sample(range(2, 47), r.randint(3, 6)))  # half-hour boundaries between 01:00 and 23:30
        limites = [0, *cortes, 48]
        entradas = []
        for inicio, fin in itertools.pairwise(limites):
            categoria = r.choices(*zip(*PESOS_CATEGORIA, strict=True))[0]
            ot = r.choice(ots) if ots and categoria in CON_OT else None
            entradas.append(
                BitacoraTiempo(
                    reporte=reporte,
                    hora_inicio=time(inicio // 2, 30 * (inicio % 2)),
                    hora_fin=time(0, 0) if fin == 48 else time(fin // 2, 30 * (fin % 2)),
                    actividad=r.choice(ACTIVIDADES[categoria]),
                    estatus_operativo=categoria,
                    ot_id=ot,
                )
            )
        return entradas

    def _pob(self, reporte, capacidad: int) -> list[PersonalABordo]:
        filas = []
        for compania, categoria, parte in TRIPULACION:
            base = int(capacidad * parte)
            cantidad = max(1, base + self.rng.randint(-2, 2))
            filas.append(PersonalABordo(reporte=reporte, compania=compania, categoria=categoria, cantidad=cantidad))
        return filas

    def _inventario(self, reporte, tipo: str, anterior: Decimal, consumo: tuple[int, int], carga: tuple[int, int]):
        """One day's balance: supply when the stock runs low, a transfer now and then, PEMEX's reading within ±1 %."""
        r = self.rng
        consumido = _cantidad(r, *consumo)
        suministro = _cantidad(r, *carga) if anterior - consumido < carga[0] else Decimal("0.000")
        trasiego = _cantidad(r, 1_000, 4_000) if r.random() < 0.2 else Decimal("0.000")
        actual = anterior + suministro - consumido - trasiego
        if actual < 0:  # never below empty: the transfer is what gives
            trasiego, actual = Decimal("0.000"), anterior + suministro - consumido
        lectura = (actual * (1 + Decimal(r.randint(-100, 100)) / 10000)).quantize(MILESIMA)
        return InventarioDiario(
            reporte=reporte,
            tipo_recurso=tipo,
            existencia_anterior=anterior,
            suministro=suministro,
            consumo=consumido,
            trasiego=trasiego,
            existencia_actual=actual,
            lectura_pemex=lectura,
        )

    def _posicion(self, barco: Sitio, dia: date, anterior: tuple[Decimal, Decimal]) -> PosicionEmbarcacion:
        """Noon position drifting around the Bay of Campeche (Cantarell / Ku-Maloob-Zaap fields)."""
        r = self.rng
        latitud = min(max(anterior[0] + Decimal(r.randint(-30000, 30000)).scaleb(-6), Decimal("19.2")), Decimal("19.9"))
        longitud = min(
            max(anterior[1] + Decimal(r.randint(-30000, 30000)).scaleb(-6), Decimal("-92.6")), Decimal("-91.7")
        )
        return PosicionEmbarcacion(
            embarcacion=barco,
            timestamp=_momento(dia, 12),
            latitud=latitud,
            longitud=longitud,
            velocidad_nudos=Decimal(r.randint(0, 120)).scaleb(-1),
        )

    def embarcacion(self, barco: Sitio) -> None:
        dias = [self.hoy - timedelta(days=n) for n in range(DIAS - 1, -1, -1)]
        ocupados = set(ReporteDiarioEmbarcacion.objects.filter(embarcacion=barco).values_list("fecha", flat=True))
        dias = [d for d in dias if d not in ocupados]
        if not dias:
            return
        r = self.rng
        ots = _ots_por_dia(barco, dias)
        punto = (Decimal(r.randint(19400000, 19700000)).scaleb(-6), Decimal(r.randint(-92300000, -91900000)).scaleb(-6))
        posiciones, reportes = [], []
        for dia in dias:
            posicion = self._posicion(barco, dia, punto)
            punto = (posicion.latitud, posicion.longitud)
            posiciones.append(posicion)
            estado = self._estado(dia)
            cerrado = estado == EstadoReporte.CERRADO
            reportes.append(
                ReporteDiarioEmbarcacion(
                    embarcacion=barco,
                    fecha=dia,
                    representante=self.usuario,
                    estado=estado,
                    comentarios_generales=r.choice(
                        (
                            "",
                            "Operación normal.",
                            "Se coordinó con el supervisor de PEMEX el programa del día siguiente.",
                        )
                    ),
                    cerrado_por=self.usuario if cerrado else None,
                    fecha_cierre=_momento(dia + timedelta(days=1), 8) if cerrado else None,
                    latitud=posicion.latitud,
                    longitud=posicion.longitud,
                )
            )
        self._crear("Posiciones de embarcación", PosicionEmbarcacion, posiciones)
        reportes = self._crear("Reportes diarios de embarcación", ReporteDiarioEmbarcacion, reportes)
        bitacora, pob, inventarios, incidencias = [], [], [], []
        diesel, agua = DIESEL_INICIAL, AGUA_INICIAL
        con_incidencia = set(r.sample(range(len(reportes)), min(3, len(reportes))))
        for n, reporte in enumerate(reportes):
            bitacora += self._bitacora(reporte, ots[reporte.fecha])
            pob += self._pob(reporte, barco.capacidad_pob or CAPACIDAD_PREDETERMINADA)
            fila_diesel = self._inventario(reporte, TipoRecurso.DIESEL, diesel, (8_000, 18_000), (150_000, 220_000))
            fila_agua = self._inventario(reporte, TipoRecurso.AGUA, agua, (10_000, 20_000), (80_000, 120_000))
            diesel, agua = fila_diesel.existencia_actual, fila_agua.existencia_actual
            inventarios += [fila_diesel, fila_agua]
            if n in con_incidencia:
                tipo, severidad, descripcion, visible = r.choice(INCIDENCIAS)
                incidencias.append(
                    Incidencia(reporte=reporte, tipo=tipo, severidad=severidad, descripcion=descripcion,
                               visible_cliente=visible, registrado_por=self.usuario)
                )  # fmt: skip
        self._crear("Bitácora de embarcación", BitacoraTiempo, bitacora)
        self._crear("Personal a bordo", PersonalABordo, pob)
        self._crear("Inventarios de consumibles", InventarioDiario, inventarios)
        creadas = self._crear("Incidencias de embarcación", Incidencia, incidencias)
        # auto_now_add stamped "now": each incident belongs to its report's afternoon.
        for incidencia in creadas:
            incidencia.fecha_registro = min(_momento(incidencia.reporte.fecha, 15), timezone.now())
        Incidencia.objects.bulk_update(creadas, ["fecha_registro"], batch_size=LOTE)


def costa_fuera_demo(*, embarcaciones: list[Sitio], usuario, hoy: date, semilla: int) -> dict[str, int]:
    """Two weeks of daily reports for each demo vessel (capacity set where missing); returns counts per entity."""
    sin_capacidad = [b.pk for b in embarcaciones if not b.capacidad_pob]
    if sin_capacidad:
        Sitio.objects.filter(pk__in=sin_capacidad).update(capacidad_pob=CAPACIDAD_PREDETERMINADA)
        for barco in embarcaciones:
            barco.capacidad_pob = barco.capacidad_pob or CAPACIDAD_PREDETERMINADA
    generador = _CostaFuera(semilla=semilla, hoy=hoy, usuario=usuario)
    for barco in sorted(embarcaciones, key=lambda b: b.pk):
        generador.embarcacion(barco)
    return generador.cuentas
