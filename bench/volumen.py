"""Extra PTE and OT volume for the benchmark: thousands of rows on top of the demo data set, built fast.

The demo data set (`generar_datos_demo`) is rich but small (≈ 700 OTs at escala 20): every OT there carries
production, reports and annexes, so it cannot grow to tens of thousands in a reasonable time. This module adds
only what the PTE and OT lists read — headers and their checklists — at the size of several years of a busy
office: PTEs with their PTEDetalle steps, and OT families (an initial OT, Tipo 4, and sometimes reprogrammings,
Tipo 5, hanging from it through `ot_principal`), each OT with its OTDetalle steps from the seeded PasoOt template.

Folios, statuses, fronts, sites and dates follow the demo's distributions; a few rows are "por definir" or
soft-deleted, as in a real database. Everything comes from `random.Random(semilla)` and goes in with
`bulk_create` in batches inside one transaction.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from core.demo_datos import ESTATUS_OT, ESTATUS_PTE, FRENTES_OT, PLATAFORMAS, TIPOS_PTE, TRABAJOS
from operaciones.catalogos.constantes import ClienteId, EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.catalogos.models import Cliente, Paso, PasoOt, ResponsableProyecto, Sitio
from operaciones.ot.models import OTE, OTDetalle
from operaciones.pte.models import EstatusPTE, Prioridad, PTEDetalle, PTEHeader

LOTE = 2000
# Share of OTs that are "por definir" (−1) and soft-deleted (0): the list must skip the latter.
POR_DEFINIR = 0.02
ELIMINADAS = 0.03
# Share of initial OTs that were reprogrammed, and how many times.
REPROGRAMADAS = 0.35
MAX_REPROGRAMACIONES = 3


def _elegir(rng: random.Random, opciones):
    valores, pesos = zip(*opciones, strict=True)
    return rng.choices(valores, weights=pesos)[0]


def _centavos(rng: random.Random, minimo: int, maximo: int) -> Decimal:
    return Decimal(rng.randint(minimo * 100, maximo * 100)).scaleb(-2)


class _Volumen:
    def __init__(self, *, semilla: int, hoy: date):
        self.rng = random.Random(semilla)
        self.hoy = hoy
        self.cuentas: dict[str, int] = {}
        self.responsables = list(ResponsableProyecto.objects.filter(activo=True).order_by("pk"))
        if not self.responsables:
            self.responsables = [ResponsableProyecto.objects.create(descripcion="RESPONSABLE DE VOLUMEN")]
        self.clientes = list(Cliente.objects.filter(activo=True).order_by("pk"))
        self.pemex = Cliente.objects.get(pk=ClienteId.PEMEX)
        self.pasos_pte: dict[int, list[Paso]] = {}
        for paso in Paso.objects.filter(activo=True).order_by("pk"):
            self.pasos_pte.setdefault(paso.id_tipo_cliente_id, []).append(paso)
        filtro_cliente = Q(id_tipo_cliente__isnull=True) | Q(id_tipo_cliente=self.pemex.id_tipo_id)
        self.pasos_ot = {
            tipo: list(PasoOt.objects.filter(filtro_cliente, activo=True, tipo_id=tipo).order_by("pk"))
            for tipo in (TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION)
        }
        sitios = Sitio.objects.filter(activo=True).order_by("pk")
        self.embarcaciones = [s for s in sitios if s.id_frente_id == FrenteId.EMBARCACION]
        self.plataformas = [s for s in sitios if s.id_frente_id == FrenteId.PLATAFORMA]
        self.patios = [s for s in sitios if s.id_frente_id == FrenteId.PATIO]

    def _crear(self, clave: str, modelo, objetos: list) -> list:
        creados = modelo.objects.bulk_create(objetos, batch_size=LOTE)
        self.cuentas[clave] = self.cuentas.get(clave, 0) + len(creados)
        return creados

    def _estatus_pasos(self, n: int, hechos: int, resto: int) -> list[int]:
        hechos = min(hechos, n)
        r = self.rng.random
        estatus = [EstatusId.NO_APLICA if r() < 0.08 else EstatusId.COMPLETADO for _ in range(hechos)]
        if hechos < n:
            estatus.append(EstatusId.PROCESO if resto == EstatusId.PENDIENTE else resto)
        return estatus + [resto] * (n - len(estatus))

    # -- PTEs ------------------------------------------------------------------------------------------------

    def ptes(self, cantidad: int) -> list[PTEHeader]:
        r = self.rng
        usados = set(PTEHeader.objects.values_list("oficio_pte", flat=True))
        cabeceras, n = [], 0
        while len(cabeceras) < cantidad:
            n += 1
            solicitud = self.hoy - timedelta(days=r.randint(10, 6 * 365))
            folio = f"BME-{3700 + n // 1000}-{n % 1000:03d}-{solicitud.year}"
            if folio in usados:
                continue
            usados.add(folio)
            estatus = EstatusPTE.ELIMINADA if r.random() < ELIMINADAS else _elegir(r, ESTATUS_PTE)
            plazo = r.randint(10, 45)
            p, q = r.sample(self.plataformas, 2) if len(self.plataformas) > 1 else (None, None)
            cabeceras.append(
                PTEHeader(
                    id_tipo_id=r.choice(TIPOS_PTE),
                    oficio_pte=folio,
                    oficio_solicitud=f"PEP-DG-SMNE-GMM-{r.randint(100, 999)}-{solicitud.year}",
                    descripcion_trabajo=r.choice(TRABAJOS)
                    .format(p=p.descripcion if p else r.choice(PLATAFORMAS), q=q.descripcion if q else "KU-A")
                    .upper(),
                    fecha_solicitud=solicitud,
                    fecha_entrega=solicitud + timedelta(days=plazo + r.randint(-5, 5))
                    if estatus == EstatusPTE.ENTREGADA
                    else None,
                    plazo_dias=plazo,
                    id_responsable_proyecto=r.choice(self.responsables),
                    total_homologado=_centavos(r, 300_000, 90_000_000),
                    estatus=estatus,
                    prioridad=r.choice(Prioridad.values),
                    id_cliente=self.pemex if r.random() < 0.85 else r.choice(self.clientes),
                )
            )
        cabeceras = self._crear("PTEs", PTEHeader, cabeceras)
        detalles = []
        for pte in cabeceras:
            pasos = self.pasos_pte.get(pte.id_cliente.id_tipo_id, [])
            detalles.extend(self._detalles_pte(pte, pasos))
            if len(detalles) >= 10 * LOTE:
                self._crear("Pasos de PTE", PTEDetalle, detalles)
                detalles = []
        self._crear("Pasos de PTE", PTEDetalle, detalles)
        return cabeceras

    def _detalles_pte(self, pte: PTEHeader, pasos: list[Paso]) -> list[PTEDetalle]:
        n, r = len(pasos), self.rng
        hechos, resto = {
            EstatusPTE.ENTREGADA: (n, EstatusId.PENDIENTE),
            EstatusPTE.PROCESO: (r.randint(n // 4, max(n * 3 // 4, 1)), EstatusId.PENDIENTE),
            EstatusPTE.CANCELADA: (r.randint(0, n // 3), EstatusId.CANCELADO),
            EstatusPTE.SUSPENDIDA: (r.randint(0, n // 2), EstatusId.PASO_SUSPENDIDO),
        }.get(pte.estatus, (0, EstatusId.PENDIENTE))
        dia = pte.fecha_solicitud
        detalles = []
        for paso, estatus in zip(pasos, self._estatus_pasos(n, hechos, resto), strict=True):
            hecho = estatus in (EstatusId.COMPLETADO, EstatusId.NO_APLICA)
            fin = min(dia + timedelta(days=r.randint(0, 2)), self.hoy) if hecho else None
            detalles.append(
                PTEDetalle(
                    id_pte_header=pte,
                    id_paso=paso,
                    estatus_paso_id=estatus,
                    fecha_inicio=dia if hecho or estatus == EstatusId.PROCESO else None,
                    fecha_termino=fin,
                    fecha_entrega=fin if estatus == EstatusId.COMPLETADO else None,
                )
            )
            dia = fin or dia
        return detalles

    # -- OTs -------------------------------------------------------------------------------------------------

    def _fechas(self, estatus: int) -> tuple[date, int, date | None, date | None]:
        """Programmed start, planned days, real start and real end (spread over six years)."""
        r, hoy = self.rng, self.hoy
        dias = r.randint(25, 75)
        if estatus == EstatusId.TERMINADA:
            inicio = hoy - timedelta(days=dias + r.randint(3, 6 * 365))
            real = inicio + timedelta(days=r.randint(0, 3))
            return inicio, dias, real, real + timedelta(days=dias + r.randint(-2, 4))
        if estatus in (EstatusId.EN_EJECUCION, EstatusId.SUSPENDIDA):
            inicio = hoy - timedelta(days=r.randint(5, dias - 2))
            return inicio, dias, inicio + timedelta(days=r.randint(0, 2)), None
        if estatus in (EstatusId.ASIGNADA, EstatusId.DIFERIDA_SIN_INICIAR):
            return hoy + timedelta(days=r.randint(3, 90)), dias, None, None
        return hoy - timedelta(days=r.randint(0, 5 * 365)), dias, None, None

    def _estatus_registro(self) -> int:
        x = self.rng.random()
        if x < ELIMINADAS:
            return EstatusRegistro.ELIMINADO
        return EstatusRegistro.POR_DEFINIR if x < ELIMINADAS + POR_DEFINIR else EstatusRegistro.ACTIVO

    def ots(self, cantidad: int, ptes: list[PTEHeader]) -> None:
        r = self.rng
        entregadas = [p for p in ptes if p.estatus == EstatusPTE.ENTREGADA and p.id_cliente_id == ClienteId.PEMEX]
        entregadas = entregadas or [None]
        usados = set(OTE.objects.values_list("orden_trabajo", flat=True))
        familias: list[tuple[OTE, list[OTE]]] = []
        total, n = 0, 0
        while total < cantidad:
            n += 1
            estatus = _elegir(r, ESTATUS_OT)
            frente = _elegir(r, FRENTES_OT)
            inicio, dias, inicio_real, termino_real = self._fechas(estatus)
            folio = f"OT-GRZ-{700 + n // 1000}-{inicio.year % 100:02d}-{n % 1000:03d}"
            if folio in usados:
                continue
            usados.add(folio)
            pte = entregadas[n % len(entregadas)]
            embarcacion = r.choice(self.embarcaciones) if frente == FrenteId.BARCO and self.embarcaciones else None
            plataforma = r.choice(self.plataformas) if frente != FrenteId.TIERRA and self.plataformas else None
            patio = r.choice(self.patios) if self.patios and (frente == FrenteId.TIERRA or r.random() < 0.15) else None
            fase_patio = patio is not None and frente != FrenteId.TIERRA
            extensiones = []
            if r.random() < REPROGRAMADAS:
                extensiones = [r.randint(7, 20) for _ in range(r.randint(1, MAX_REPROGRAMACIONES))]
            extensiones = extensiones[: max(cantidad - total - 1, 0)]
            dias_inicial = max(dias - sum(extensiones), 10)
            comunes = {
                "orden_trabajo": folio,
                "descripcion_trabajo": pte.descripcion_trabajo if pte else "INSPECCION SUBMARINA DE DUCTOS",
                "id_responsable_proyecto": pte.id_responsable_proyecto if pte else r.choice(self.responsables),
                "responsable_cliente": f"Ing. Residente {r.randint(1, 400)}",
                "oficio_ot": f"PEP-DG-SMLIC-GMMC-{r.randint(100, 999)}-{inicio.year}",
                "id_estatus_ot_id": estatus,
                "id_pte_header": pte,
                "id_cliente": self.pemex,
                "id_frente_id": frente,
                "id_embarcacion": embarcacion,
                "id_plataforma": plataforma,
                "id_patio": patio,
                "requiere_patio": fase_patio,
                "fecha_inicio_patio": inicio - timedelta(days=r.randint(12, 25)) if fase_patio else None,
                "fecha_fin_patio": inicio - timedelta(days=r.randint(1, 5)) if fase_patio else None,
                "fecha_inicio_programado": inicio,
                "fecha_inicio_real": inicio_real,
                "fecha_termino_real": termino_real,
                "monto_mxn": _centavos(r, 2_000_000, 90_000_000),
                "monto_usd": _centavos(r, 100_000, 6_000_000),
            }
            inicial = OTE(
                id_tipo_id=TipoId.OT_INICIAL,
                estatus=self._estatus_registro(),
                fecha_termino_programado=inicio + timedelta(days=dias_inicial - 1),
                plazo_dias=dias_inicial,
                **comunes,
            )
            reprogramaciones, acumulado = [], dias_inicial
            for numero, extension in enumerate(extensiones, start=1):
                acumulado += extension
                reprogramaciones.append(
                    OTE(
                        id_tipo_id=TipoId.OT_REPROGRAMACION,
                        estatus=EstatusRegistro.ACTIVO,
                        num_reprogramacion=numero,
                        fecha_termino_programado=inicio + timedelta(days=acumulado - 1),
                        plazo_dias=acumulado,
                        comentario=f"Reprogramación {numero}: ampliación de plazo por {extension} días",
                        **comunes,
                    )
                )
            familias.append((inicial, reprogramaciones))
            total += 1 + len(reprogramaciones)
        self._crear("OTs iniciales", OTE, [inicial for inicial, _ in familias])
        todas = [inicial for inicial, _ in familias]
        reprogramadas = []
        for inicial, reprogramaciones in familias:
            for repro in reprogramaciones:
                repro.ot_principal = inicial
                reprogramadas.append(repro)
        self._crear("Reprogramaciones", OTE, reprogramadas)
        todas.extend(reprogramadas)
        detalles = []
        for ot in todas:
            detalles.extend(self._detalles_ot(ot))
            if len(detalles) >= 10 * LOTE:
                self._crear("Pasos de OT", OTDetalle, detalles)
                detalles = []
        self._crear("Pasos de OT", OTDetalle, detalles)

    def _detalles_ot(self, ot: OTE) -> list[OTDetalle]:
        pasos = self.pasos_ot[ot.id_tipo_id]
        n, r = len(pasos), self.rng
        hechos, resto = {
            EstatusId.TERMINADA: (n, EstatusId.PENDIENTE),
            EstatusId.EN_EJECUCION: (r.randint(n // 2, max(n - 1, 0)), EstatusId.PENDIENTE),
            EstatusId.SUSPENDIDA: (r.randint(n // 3, max(n - 1, 0)), EstatusId.PASO_SUSPENDIDO),
            EstatusId.CANCELADA: (r.randint(0, n // 3), EstatusId.CANCELADO),
            EstatusId.POR_CANCELAR: (r.randint(0, n // 3), EstatusId.PENDIENTE),
        }.get(ot.id_estatus_ot_id, (r.randint(0, min(2, n)), EstatusId.PENDIENTE))
        base = ot.fecha_inicio_programado - timedelta(days=10)
        detalles = []
        for paso, estatus in zip(pasos, self._estatus_pasos(n, hechos, resto), strict=True):
            hecho = estatus == EstatusId.COMPLETADO
            fin = min(base + timedelta(days=r.randint(0, 40)), self.hoy) if hecho else None
            detalles.append(
                OTDetalle(
                    id_ot=ot,
                    id_paso=paso,
                    estatus_paso_id=estatus,
                    fecha_inicio=base if hecho or estatus == EstatusId.PROCESO else None,
                    fecha_termino=fin,
                    fecha_entrega=fin,
                )
            )
        return detalles


@transaction.atomic
def generar_volumen(*, ots: int, ptes: int, semilla: int, hoy: date) -> dict[str, int]:
    """Add `ptes` PTEs and about `ots` OTs (initials + reprogrammings) with their steps; returns counts."""
    volumen = _Volumen(semilla=semilla, hoy=hoy)
    cabeceras = volumen.ptes(ptes) if ptes > 0 else []
    if ots > 0:
        volumen.ots(ots, cabeceras or list(PTEHeader.objects.exclude(estatus=EstatusPTE.ELIMINADA)))
    return volumen.cuentas
