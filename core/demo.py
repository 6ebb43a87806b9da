"""Builders of the demo data set (`manage.py generar_datos_demo`, the benchmark and the demo tests).

One unit of `escala` is roughly a small office's year of work: ten project leaders, one PEMEX contract with its
Anexo C catalogue and PUEs, thirty PTEs with their checklists, twenty initial OTs (some reprogrammed) and, for
the OTs that already started, the annex, the daily production, the daily/monthly reports and the GPU evidence.

Everything comes from `random.Random(semilla)`, so one seed always gives the same data set (dates are relative
to `hoy`). Amounts are Decimals built from integers, never floats. Rows go in with `bulk_create` in batches.
The family of an OT (initial + reprogrammings) keeps its annex and production on the initial OT.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.demo_costa_fuera import costa_fuera_demo
from core.demo_datos import (
    APELLIDOS,
    CONCEPTOS,
    EMBARCACIONES,
    ESTATUS_OT,
    ESTATUS_PTE,
    FRENTES_OT,
    NOMBRES,
    PARTIDA_EMBARCACION,
    PARTIDAS_SOLO_BARCO,
    PATIOS,
    PLATAFORMAS,
    PUES,
    SUBANEXOS,
    TIPOS_PTE,
    TRABAJOS,
    UNIDADES,
)
from core.demo_estimaciones import estimaciones_demo
from core.models import Evento, RegistroActividad
from core.money import redondear_centavos
from operaciones.catalogos.constantes import (
    CLAVE_ANEXO_C,
    DESCRIPCION_ANEXO_C,
    ClienteId,
    EstatusId,
    FrenteId,
    TipoId,
)
from operaciones.catalogos.models import (
    AnexoContrato,
    Cliente,
    ConceptoMaestro,
    Contrato,
    Estatus,
    EstatusPUE,
    Frente,
    Paso,
    PasoOt,
    ResponsableProyecto,
    Sitio,
    SubAnexo,
    Tipo,
    UnidadMedida,
)
from operaciones.ot.models import OTE, ImportacionAnexo, OTDetalle, PartidaAnexoImportada, PartidaProyectada
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteDiario, ReporteMensual, TipoTiempo
from operaciones.pte.models import EstatusPTE, Prioridad, PTEDetalle, PTEHeader

LOTE = 1000
USUARIO_DEMO = "demo"
ANEXOS_GPU = frozenset({"C-2", "C-3", "C2EXT", "C3EXT"})
CENTAVO = Decimal("0.01")


def _total(partidas, precio: str) -> Decimal:
    """Σ round(volume × unit price, 2) of annex lines, as the annex import computes its totals."""
    return sum((redondear_centavos(p.volumen_proyectado * getattr(p, precio)) for p in partidas), Decimal(0))


class CatalogosFaltantes(Exception):
    """The seeded catalogues (`seed_catalogos`) are not in the database."""


def catalogos_faltantes() -> list[str]:
    """Names of the seeded catalogues the demo needs and cannot find."""
    faltan = []
    revisiones = (
        ("tipos", Tipo, TipoId.values),
        ("estatus", Estatus, EstatusId.values),
        ("frentes", Frente, FrenteId.values),
        ("clientes", Cliente, ClienteId.values),
    )
    for nombre, modelo, ids in revisiones:
        if modelo.objects.filter(pk__in=ids).count() < len(ids):
            faltan.append(nombre)
    return faltan


def hay_datos() -> bool:
    return PTEHeader.objects.exists()


def _normal(texto: str) -> str:
    sin_acentos = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return " ".join(sin_acentos.upper().split())


def _centavos(rng: random.Random, minimo: int, maximo: int) -> Decimal:
    return Decimal(rng.randint(minimo * 100, maximo * 100)).scaleb(-2)


def _momento(dia: date, hora: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(dia, time(hora, 0)))


def _q(valor: Decimal, exp: Decimal = CENTAVO) -> Decimal:
    return valor.quantize(exp, rounding=ROUND_HALF_UP)


def _dias(desde: date, hasta: date):
    for n in range((hasta - desde).days + 1):
        yield desde + timedelta(days=n)


@dataclass
class _Familia:
    """An initial OT and what production needs to know about its whole family."""

    ot: OTE
    inicio_real: date | None
    fin_produccion: date | None
    dias_plan: int
    sitio: Sitio
    reprogramaciones: list = field(default_factory=list)


class _Generador:
    def __init__(self, *, semilla: int, hoy: date):
        self.rng = random.Random(semilla)
        self.hoy = hoy
        self.cuentas: dict[str, int] = {}
        self.usuario = self._usuario_demo()
        self.clientes = list(Cliente.objects.filter(activo=True).order_by("pk"))
        self.pemex = Cliente.objects.get(pk=ClienteId.PEMEX)
        self.pasos_por_tipo: dict[int, list[Paso]] = {}
        for paso in Paso.objects.filter(activo=True).order_by("pk"):
            self.pasos_por_tipo.setdefault(paso.id_tipo_cliente_id, []).append(paso)
        tipo_pemex = self.pemex.id_tipo_id
        filtro_cliente = Q(id_tipo_cliente__isnull=True) | Q(id_tipo_cliente=tipo_pemex)
        self.pasos_ot = {
            tipo: list(PasoOt.objects.filter(filtro_cliente, activo=True, tipo_id=tipo).order_by("pk"))
            for tipo in (TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION)
        }
        self.embarcaciones = self._sitios(FrenteId.EMBARCACION, EMBARCACIONES)
        self.plataformas = self._sitios(FrenteId.PLATAFORMA, [(p, None) for p in PLATAFORMAS])
        self.patios = self._sitios(FrenteId.PATIO, [(p, None) for p in PATIOS])
        self.unidades = self._unidades()
        self.folios_pte = set(PTEHeader.objects.values_list("oficio_pte", flat=True))
        self.folios_ot = set(OTE.objects.values_list("orden_trabajo", flat=True))
        self.contratos = set(Contrato.objects.values_list("numero_contrato", flat=True))
        self.codigos_pue = set(ConceptoMaestro.objects.values_list("partida_extraordinaria", flat=True))

    # -- shared pieces ---------------------------------------------------------------------------------------

    def _contar(self, clave: str, n: int) -> None:
        self.cuentas[clave] = self.cuentas.get(clave, 0) + n

    def _crear(self, clave: str, modelo, objetos: list) -> list:
        if not objetos:
            return []
        creados = modelo.objects.bulk_create(objetos, batch_size=LOTE)
        self._contar(clave, len(creados))
        return creados

    def _usuario_demo(self):
        usuario, creado = get_user_model().objects.get_or_create(
            username=USUARIO_DEMO,
            defaults={"first_name": "Usuario", "last_name": "Demostración", "email": "demo@bluemarine.com.mx"},
        )
        if creado:
            usuario.set_unusable_password()
            usuario.save(update_fields=["password"])
        return usuario

    def _sitios(self, frente: int, nombres) -> list[Sitio]:
        """The active sites of a category (the seed's vessels, platforms and yards); demo ones only if none."""
        existentes = list(Sitio.objects.filter(id_frente_id=frente, activo=True).order_by("pk"))
        if existentes:
            return existentes
        nuevos = [Sitio(descripcion=nombre, id_frente_id=frente, capacidad_pob=pob) for nombre, pob in nombres]
        return self._crear("Sitios", Sitio, nuevos)

    def _unidades(self) -> dict[str, UnidadMedida]:
        indice = {}
        for unidad in UnidadMedida.objects.filter(activo=True).order_by("pk"):
            indice.setdefault(_normal(unidad.clave), unidad)
            indice.setdefault(_normal(unidad.descripcion), unidad)
        resultado, nuevas = {}, []
        for nombre, (clave, descripcion) in UNIDADES.items():
            encontrada = indice.get(_normal(nombre)) or indice.get(_normal(clave)) or indice.get(_normal(descripcion))
            if encontrada is None:
                encontrada = UnidadMedida(clave=clave, descripcion=descripcion)
                nuevas.append(encontrada)
            resultado[nombre] = encontrada
        self._crear("Unidades de medida", UnidadMedida, nuevas)
        return resultado

    def _siguiente(self, usados: set, formato: str, **valores) -> str:
        n = 1
        while (folio := formato.format(n=n, **valores)) in usados:
            n += 1
        usados.add(folio)
        return folio

    def _elegir(self, opciones):
        valores, pesos = zip(*opciones, strict=True)
        return self.rng.choices(valores, weights=pesos)[0]

    def _nombre(self) -> str:
        r = self.rng
        return f"{r.choice(NOMBRES)} {r.choice(APELLIDOS)} {r.choice(APELLIDOS)}"

    # -- one unit of escala ----------------------------------------------------------------------------------

    def unidad(self) -> None:
        responsables = self._crear(
            "Responsables de proyecto",
            ResponsableProyecto,
            [ResponsableProyecto(descripcion=f"Ing. {self._nombre()}") for _ in range(10)],
        )
        conceptos, pues = self._contrato()
        ptes = self._ptes(responsables)
        familias = self._ots(ptes, responsables)
        for familia in familias:
            if familia.inicio_real and familia.fin_produccion and familia.fin_produccion >= familia.inicio_real:
                self._produccion(familia, conceptos, pues)
        self._contar("Estimaciones", estimaciones_demo(familias=familias, usuario=self.usuario))
        self._actividad(ptes, familias)

    def _contrato(self) -> tuple[list[dict], list[dict]]:
        r = self.rng
        anio = self.hoy.year - 2
        contrato = Contrato.objects.create(
            numero_contrato=self._siguiente(self.contratos, "PEMEX 640228{n:03d}"),
            descripcion="Servicios de mantenimiento, reparación e inspección submarina de ductos y estructuras "
            "marinas en la Sonda de Campeche",
            cliente=self.pemex,
            fecha_inicio=date(anio, 1, 10),
            fecha_termino=date(anio + 10, 1, 9),
            monto_mn=_centavos(r, 7_000_000_000, 8_000_000_000),
            monto_usd=_centavos(r, 400_000_000, 450_000_000),
            porcentaje_retencion=Decimal("5.00"),
            porcentaje_amortizacion_anticipo=Decimal("10.00"),
        )
        anexo = AnexoContrato.objects.create(contrato=contrato, clave=CLAVE_ANEXO_C, descripcion=DESCRIPCION_ANEXO_C)
        self._contar("Contratos", 1)
        self._contar("Anexos de contrato", 1)
        subanexos = {
            s.clave_anexo: s
            for s in self._crear(
                "Sub-anexos",
                SubAnexo,
                [SubAnexo(anexo_maestro=anexo, clave_anexo=clave, descripcion=texto) for clave, texto, _ in SUBANEXOS],
            )
        }
        ordinarios = []
        for plantilla in CONCEPTOS:
            # Each contract negotiates its own prices: ±10 % around the reference price.
            factor = Decimal(r.randint(90, 110)).scaleb(-2)
            concepto = ConceptoMaestro(
                sub_anexo=subanexos[plantilla.anexo],
                partida_ordinaria=plantilla.partida,
                descripcion=plantilla.descripcion.upper(),
                unidad_medida=self.unidades[plantilla.unidad],
                cantidad=Decimal(r.randint(100, 3653)),
                precio_unitario_mn=_q(Decimal(plantilla.mn) * factor),
                precio_unitario_usd=_q(Decimal(plantilla.usd) * factor),
                id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA,
                categoria=next(padre for clave, _, padre in SUBANEXOS if clave == plantilla.anexo),
            )
            ordinarios.append(
                {"concepto": concepto, "anexo": plantilla.anexo, "diario": plantilla.diario, "rango": plantilla.rango}
            )
        extra = []
        for prefijo, unidad, mn, usd, proyecto, texto in PUES:
            estatus = self._elegir(
                ((EstatusPUE.AUTORIZADO, 70), (EstatusPUE.EN_ELABORACION, 20), (EstatusPUE.CANCELADA, 10))
            )
            concepto = ConceptoMaestro(
                partida_extraordinaria=self._siguiente(self.codigos_pue, prefijo + "-{n:04d}"),
                descripcion=texto.upper(),
                unidad_medida=self.unidades[unidad],
                cantidad=Decimal(1),
                precio_unitario_mn=Decimal(mn),
                precio_unitario_usd=Decimal(usd),
                id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA,
                estatus=estatus,
                fecha_autorizacion=self.hoy - timedelta(days=r.randint(30, 500))
                if estatus == EstatusPUE.AUTORIZADO
                else None,
                comentario=proyecto,
            )
            extra.append({"concepto": concepto, "anexo": prefijo, "diario": False, "rango": (1, 12)})
        self._crear("Conceptos ordinarios", ConceptoMaestro, [c["concepto"] for c in ordinarios])
        self._crear("PUEs", ConceptoMaestro, [c["concepto"] for c in extra])
        autorizados = [c for c in extra if c["concepto"].estatus == EstatusPUE.AUTORIZADO]
        return ordinarios, autorizados

    def _ptes(self, responsables) -> list[PTEHeader]:
        r = self.rng
        cabeceras = []
        for _ in range(30):
            cliente = self.pemex if r.random() < 0.85 else r.choice(self.clientes)
            solicitud = self.hoy - timedelta(days=r.randint(10, 420))
            plazo = r.randint(10, 45)
            estatus = self._elegir(ESTATUS_PTE)
            p, q = r.sample(self.plataformas, 2)
            cabeceras.append(
                PTEHeader(
                    id_tipo_id=r.choice(TIPOS_PTE),
                    oficio_pte=self._siguiente(self.folios_pte, "BME-3801-{n:03d}-{anio}", anio=solicitud.year),
                    oficio_solicitud=f"PEP-DG-SMNE-GMM-{r.randint(100, 999)}-{solicitud.year}",
                    descripcion_trabajo=r.choice(TRABAJOS).format(p=p.descripcion, q=q.descripcion).upper(),
                    fecha_solicitud=solicitud,
                    fecha_entrega=solicitud + timedelta(days=plazo + r.randint(-5, 5))
                    if estatus == EstatusPTE.ENTREGADA
                    else None,
                    plazo_dias=plazo,
                    id_responsable_proyecto=r.choice(responsables),
                    total_homologado=_centavos(r, 300_000, 90_000_000),
                    estatus=estatus,
                    prioridad=r.choice(Prioridad.values),
                    id_cliente=cliente,
                )
            )
        cabeceras = self._crear("PTEs", PTEHeader, cabeceras)
        for pte in cabeceras:
            pte.fecha_creacion = _momento(pte.fecha_solicitud)
        PTEHeader.objects.bulk_update(cabeceras, ["fecha_creacion"], batch_size=LOTE)
        detalles = []
        for pte in cabeceras:
            pasos = self.pasos_por_tipo.get(pte.id_cliente.id_tipo_id, [])
            detalles.extend(self._detalles_pte(pte, pasos))
        self._crear("Pasos de PTE", PTEDetalle, detalles)
        return cabeceras

    def _estatus_pasos(self, n: int, hechos: int, resto: int) -> list[int]:
        """`hechos` steps done (a few NO APLICA), one in progress when some remain, the rest `resto`."""
        estatus = [EstatusId.NO_APLICA if self.rng.random() < 0.08 else EstatusId.COMPLETADO for _ in range(hechos)]
        if hechos < n:
            estatus.append(EstatusId.PROCESO if resto == EstatusId.PENDIENTE else resto)
        return estatus + [resto] * (n - len(estatus))

    def _detalles_pte(self, pte: PTEHeader, pasos: list[Paso]) -> list[PTEDetalle]:
        n = len(pasos)
        hechos, resto = {
            EstatusPTE.ENTREGADA: (n, EstatusId.PENDIENTE),
            EstatusPTE.PROCESO: (self.rng.randint(n // 4, max(n * 3 // 4, 1)), EstatusId.PENDIENTE),
            EstatusPTE.PENDIENTE: (0, EstatusId.PENDIENTE),
            EstatusPTE.CANCELADA: (self.rng.randint(0, n // 3), EstatusId.CANCELADO),
            EstatusPTE.SUSPENDIDA: (self.rng.randint(0, n // 2), EstatusId.PASO_SUSPENDIDO),
        }[pte.estatus]
        detalles = []
        dia = pte.fecha_solicitud
        for paso, estatus in zip(pasos, self._estatus_pasos(n, min(hechos, n), resto), strict=True):
            hecho = estatus in (EstatusId.COMPLETADO, EstatusId.NO_APLICA)
            inicio = dia if hecho or estatus == EstatusId.PROCESO else None
            fin = min(dia + timedelta(days=self.rng.randint(0, 2)), self.hoy) if hecho else None
            detalles.append(
                PTEDetalle(
                    id_pte_header=pte,
                    id_paso=paso,
                    estatus_paso_id=estatus,
                    fecha_inicio=inicio,
                    fecha_termino=fin,
                    fecha_entrega=fin if estatus == EstatusId.COMPLETADO else None,
                    archivo=f"https://archivo.bluemarine.com.mx/pte/{pte.oficio_pte}/{paso.orden}.pdf"
                    if estatus == EstatusId.COMPLETADO
                    else "",
                )
            )
            dia = fin or dia
        return detalles

    def _fechas_familia(self, estatus: int) -> tuple[date, int, date | None, date | None]:
        """Programmed start, planned days, real start and the last production day of a family."""
        r, hoy = self.rng, self.hoy
        dias = r.randint(25, 75)
        if estatus == EstatusId.TERMINADA:
            inicio = hoy - timedelta(days=dias + r.randint(3, 240))
            real = inicio + timedelta(days=r.randint(0, 3))
            return inicio, dias, real, min(real + timedelta(days=dias + r.randint(-2, 4)), hoy - timedelta(days=1))
        if estatus in (EstatusId.EN_EJECUCION, EstatusId.SUSPENDIDA):
            inicio = hoy - timedelta(days=r.randint(5, dias - 2))
            real = min(inicio + timedelta(days=r.randint(0, 2)), hoy - timedelta(days=2))
            fin = hoy - timedelta(days=1)
            if estatus == EstatusId.SUSPENDIDA:
                fin = real + timedelta(days=r.randint(1, max((fin - real).days, 1)))
            return inicio, dias, real, min(fin, hoy - timedelta(days=1))
        if estatus in (EstatusId.ASIGNADA, EstatusId.DIFERIDA_SIN_INICIAR):
            return hoy + timedelta(days=r.randint(3, 90)), dias, None, None
        return hoy + timedelta(days=r.randint(-120, 60)), dias, None, None

    def _ots(self, ptes: list[PTEHeader], responsables) -> list[_Familia]:
        r = self.rng
        # OTs come from delivered PTEs of the contract client (the original forces client 1 on every OT).
        entregadas = [p for p in ptes if p.estatus == EstatusPTE.ENTREGADA and p.id_cliente_id == ClienteId.PEMEX]
        entregadas = entregadas or [None]
        familias, reprogramaciones = [], []
        for i in range(20):
            estatus = self._elegir(ESTATUS_OT)
            frente = self._elegir(FRENTES_OT)
            inicio, dias, inicio_real, fin_produccion = self._fechas_familia(estatus)
            pte = entregadas[i % len(entregadas)]
            embarcacion = r.choice(self.embarcaciones) if frente == FrenteId.BARCO else None
            plataforma = r.choice(self.plataformas) if frente != FrenteId.TIERRA else None
            patio = r.choice(self.patios) if frente == FrenteId.TIERRA or r.random() < 0.15 else None
            fase_patio = patio is not None and frente != FrenteId.TIERRA
            # A reprogrammed family: the initial OT covers the first part, each reprogramming extends the end.
            extensiones = [r.randint(7, 20) for _ in range(r.randint(1, 3))] if r.random() < 0.35 else []
            dias_inicial = max(dias - sum(extensiones), 10)
            folio = self._siguiente(self.folios_ot, "OT-GRZ-801-{anio}-{n:03d}", anio=f"{inicio.year % 100:02d}")
            comunes = {
                "orden_trabajo": folio,
                "descripcion_trabajo": pte.descripcion_trabajo
                if pte
                else r.choice(TRABAJOS).format(p=plataforma or "AKAL-C", q="KU-A").upper(),
                "id_responsable_proyecto": pte.id_responsable_proyecto if pte else r.choice(responsables),
                "responsable_cliente": f"Ing. {self._nombre()}",
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
                "fecha_termino_real": fin_produccion if estatus == EstatusId.TERMINADA else None,
                "monto_mxn": _centavos(r, 2_000_000, 90_000_000),
                "monto_usd": _centavos(r, 100_000, 6_000_000),
            }
            ot = OTE(
                id_tipo_id=TipoId.OT_INICIAL,
                fecha_termino_programado=inicio + timedelta(days=dias_inicial - 1),
                plazo_dias=dias_inicial,
                **comunes,
            )
            familia = _Familia(ot, inicio_real, fin_produccion, dias, embarcacion or plataforma or patio)
            acumulado = dias_inicial
            for n, extension in enumerate(extensiones, start=1):
                acumulado += extension
                familia.reprogramaciones.append(
                    OTE(
                        id_tipo_id=TipoId.OT_REPROGRAMACION,
                        num_reprogramacion=n,
                        fecha_termino_programado=inicio + timedelta(days=acumulado - 1),
                        plazo_dias=acumulado,
                        comentario=f"Reprogramación {n}: ampliación de plazo por {extension} días",
                        **comunes,
                    )
                )
            familias.append(familia)
        self._crear("OTs iniciales", OTE, [f.ot for f in familias])
        for familia in familias:
            for repro in familia.reprogramaciones:
                repro.ot_principal = familia.ot
                reprogramaciones.append(repro)
        self._crear("Reprogramaciones", OTE, reprogramaciones)
        todas = [f.ot for f in familias] + reprogramaciones
        for ot in todas:
            ot.fecha_creacion = _momento(ot.fecha_inicio_programado - timedelta(days=15))
        OTE.objects.bulk_update(todas, ["fecha_creacion"], batch_size=LOTE)
        self._crear("Pasos de OT", OTDetalle, [d for ot in todas for d in self._detalles_ot(ot)])
        for pte in {ot.id_pte_header for ot in todas if ot.id_pte_header}:
            pte.id_orden_trabajo = next(ot.orden_trabajo for ot in todas if ot.id_pte_header == pte)
        PTEHeader.objects.bulk_update([p for p in ptes if p.id_orden_trabajo], ["id_orden_trabajo"])
        return familias

    def _detalles_ot(self, ot: OTE) -> list[OTDetalle]:
        pasos = self.pasos_ot[ot.id_tipo_id]
        n = len(pasos)
        hechos, resto = {
            EstatusId.TERMINADA: (n, EstatusId.PENDIENTE),
            EstatusId.EN_EJECUCION: (self.rng.randint(n // 2, max(n - 1, 0)), EstatusId.PENDIENTE),
            EstatusId.SUSPENDIDA: (self.rng.randint(n // 3, max(n - 1, 0)), EstatusId.PASO_SUSPENDIDO),
            EstatusId.CANCELADA: (self.rng.randint(0, n // 3), EstatusId.CANCELADO),
            EstatusId.POR_CANCELAR: (self.rng.randint(0, n // 3), EstatusId.PENDIENTE),
        }.get(ot.id_estatus_ot_id, (self.rng.randint(0, min(2, n)), EstatusId.PENDIENTE))
        base = ot.fecha_inicio_programado - timedelta(days=10)
        detalles = []
        for paso, estatus in zip(pasos, self._estatus_pasos(n, min(hechos, n), resto), strict=True):
            hecho = estatus == EstatusId.COMPLETADO
            fin = min(base + timedelta(days=self.rng.randint(0, 40)), self.hoy) if hecho else None
            detalles.append(
                OTDetalle(
                    id_ot=ot,
                    id_paso=paso,
                    estatus_paso_id=estatus,
                    fecha_inicio=base if hecho or estatus == EstatusId.PROCESO else None,
                    fecha_termino=fin,
                    fecha_entrega=fin,
                    archivo=f"https://archivo.bluemarine.com.mx/ot/{ot.orden_trabajo}/{paso.orden}.pdf"
                    if hecho
                    else "",
                )
            )
        return detalles

    def _partidas(self, familia: _Familia, conceptos: list[dict], pues: list[dict]) -> list[dict]:
        """About fifteen annex lines: crew, equipment and lodging charged daily plus work charged by advance."""
        r = self.rng
        barco = familia.ot.id_frente_id == FrenteId.BARCO
        diarios = [
            c
            for c in conceptos
            if c["diario"] and c["anexo"] in ("C-4", "C-5") and c["concepto"].partida_ordinaria != PARTIDA_EMBARCACION
        ]
        if barco:
            elegidos = [c for c in conceptos if c["concepto"].partida_ordinaria in PARTIDAS_SOLO_BARCO]
        else:
            elegidos = [c for c in conceptos if c["concepto"].partida_ordinaria in ("6.3.", "6.4.")]
        elegidos += r.sample(diarios, 4)
        avance = [c for c in conceptos if not c["diario"]]
        elegidos += r.sample(avance, 15 - len(elegidos) - (1 if pues else 0))
        if pues:
            elegidos.append(r.choice(pues))
        return elegidos

    def _produccion(self, familia: _Familia, conceptos: list[dict], pues: list[dict]) -> None:
        r, ot, dias_plan = self.rng, familia.ot, familia.dias_plan
        importacion = ImportacionAnexo.objects.create(ot=ot, usuario_carga=self.usuario, es_activo=True)
        self._contar("Importaciones de anexo", 1)
        lineas = self._partidas(familia, conceptos, pues)
        partidas = []
        for fila, linea in enumerate(lineas, start=1):
            concepto, (minimo, maximo) = linea["concepto"], linea["rango"]
            tasa = r.randint(minimo, maximo)
            linea["tasa"] = tasa
            volumen = Decimal(tasa * dias_plan if linea["diario"] else tasa)
            partidas.append(
                PartidaAnexoImportada(
                    importacion_anexo=importacion,
                    concepto=concepto,
                    id_partida=concepto.partida_ordinaria or concepto.partida_extraordinaria,
                    descripcion_concepto=concepto.descripcion,
                    anexo=linea["anexo"],
                    unidad_medida=concepto.unidad_medida,
                    volumen_proyectado=volumen,
                    precio_unitario_mn=concepto.precio_unitario_mn,
                    precio_unitario_usd=concepto.precio_unitario_usd,
                    orden_fila=fila,
                )
            )
        partidas = self._crear("Partidas de anexo", PartidaAnexoImportada, partidas)
        importacion.total_registros = len(partidas)
        importacion.fecha_carga = _momento(familia.inicio_real - timedelta(days=3))
        ImportacionAnexo.objects.filter(pk=importacion.pk).update(
            total_registros=importacion.total_registros,
            fecha_carga=importacion.fecha_carga,
            nombre_archivo=f"Anexo C {ot.orden_trabajo}.xlsx",
            total_mn=sum(
                (redondear_centavos(p.volumen_proyectado * p.precio_unitario_mn) for p in partidas), Decimal(0)
            ),
            total_usd=sum(
                (redondear_centavos(p.volumen_proyectado * p.precio_unitario_usd) for p in partidas), Decimal(0)
            ),
        )
        self._programa(familia, partidas)
        self._dias_produccion(familia, list(zip(lineas, partidas, strict=True)))

    def _programa(self, familia: _Familia, partidas: list[PartidaAnexoImportada]) -> None:
        """Programmed daily volumes of three lines over the first programmed month."""
        ot, dias = familia.ot, familia.dias_plan
        inicio = ot.fecha_inicio_programado
        fin = inicio + timedelta(days=min(dias, 30) - 1)
        filas = []
        for partida in self.rng.sample(partidas, 3):
            diario = _q(partida.volumen_proyectado / dias, Decimal("0.0001"))
            filas.extend(
                PartidaProyectada(ot_id=ot.pk, partida_anexo_id=partida.pk, fecha=dia, volumen_programado=diario)
                for dia in _dias(inicio, fin)
            )
        self._crear("Volúmenes programados", PartidaProyectada, filas)

    def _estatus_dia(self, dia: date) -> int:
        antiguedad = (self.hoy - dia).days
        if antiguedad > 20:
            return EstatusId.FIRMADO if self.rng.random() < 0.95 else EstatusId.FALTA_FIRMA_PEMEX
        if antiguedad > 6:
            return EstatusId.FALTA_FIRMA_PEMEX if self.rng.random() < 0.6 else EstatusId.FIRMADO
        return EstatusId.PENDIENTE

    def _estatus_gpu(self, dia: date) -> int:
        antiguedad = (self.hoy - dia).days
        if antiguedad > 30:
            return self._elegir(((EstatusId.FIRMADO, 85), (EstatusId.FALTA_FIRMA_PEMEX, 15)))
        if antiguedad > 10:
            return self._elegir(((EstatusId.FALTA_FIRMA_PEMEX, 50), (EstatusId.GPU_PROCESO, 50)))
        return self._elegir(((EstatusId.GPU_PROCESO, 50), (EstatusId.GPU_PENDIENTE, 50)))

    def _reportes_mensuales(self, familia: _Familia) -> dict[tuple[int, int], ReporteMensual]:
        actual = (self.hoy.year, self.hoy.month)
        anterior = (self.hoy.year - (self.hoy.month == 1), (self.hoy.month - 2) % 12 + 1)
        reportes = []
        for anio, mes in sorted({(d.year, d.month) for d in _dias(familia.inicio_real, familia.fin_produccion)}):
            estatus = {actual: EstatusId.PENDIENTE, anterior: EstatusId.PROCESO}.get((anio, mes), EstatusId.COMPLETADO)
            archivo = f"https://archivo.bluemarine.com.mx/ot/{familia.ot.orden_trabajo}/{anio}-{mes:02d}/"
            reportes.append(
                ReporteMensual(
                    id_ot=familia.ot,
                    mes=mes,
                    anio=anio,
                    id_estatus_id=estatus,
                    archivo=archivo if estatus == EstatusId.COMPLETADO else "",
                )
            )
        return {(m.anio, m.mes): m for m in self._crear("Reportes mensuales", ReporteMensual, reportes)}

    def _dias_produccion(self, familia: _Familia, lineas: list[tuple[dict, PartidaAnexoImportada]]) -> None:
        r, sitio, dias_plan = self.rng, familia.sitio, familia.dias_plan
        mensuales = self._reportes_mensuales(familia)
        diarios, producciones = [], []
        acumulado = {partida.pk: Decimal(0) for _, partida in lineas}
        for dia in _dias(familia.inicio_real, familia.fin_produccion):
            mensual = mensuales[(dia.year, dia.month)]
            diarios.append(
                ReporteDiario(
                    id_reporte_mensual_id=mensual.pk,
                    fecha=dia,
                    id_estatus_id=self._estatus_dia(dia),
                    id_sitio_id=sitio.pk,
                )
            )
            clima = r.random()
            if clima < 0.05:
                continue  # no work that day
            # Bad weather: only the daily-charged lines run, as minimum applied cost (CMA).
            tipo = TipoTiempo.CMA if clima < 0.12 else TipoTiempo.TE
            for linea, partida in lineas:
                if linea["diario"]:
                    volumen = Decimal(linea["tasa"])
                    if linea["tasa"] > 3:
                        volumen = _q(volumen * Decimal(r.randint(85, 115)).scaleb(-2))
                elif tipo == TipoTiempo.TE and r.random() < 0.3:
                    por_dia = partida.volumen_proyectado / (dias_plan * Decimal("0.3"))
                    volumen = max(_q(por_dia * Decimal(r.randint(60, 150)).scaleb(-2)), CENTAVO)
                else:
                    continue
                acumulado[partida.pk] += volumen
                producciones.append(
                    Produccion(
                        id_partida_anexo_id=partida.pk,
                        id_reporte_mensual_id=mensual.pk,
                        fecha_produccion=dia,
                        volumen_produccion=volumen,
                        tipo_tiempo=tipo,
                        es_excedente=acumulado[partida.pk] > partida.volumen_proyectado,
                        id_sitio_produccion_id=sitio.pk,
                    )
                )
        self._crear("Reportes diarios", ReporteDiario, diarios)
        producciones = self._crear("Registros de producción", Produccion, producciones)
        self._contar("Producción con excedente", sum(p.es_excedente for p in producciones))
        con_gpu = {partida.pk for _, partida in lineas if partida.anexo in ANEXOS_GPU}
        gpus = [
            RegistroGPU(id_produccion_id=p.pk, id_estatus_id=self._estatus_gpu(p.fecha_produccion))
            for p in producciones
            if p.id_partida_anexo_id in con_gpu and p.volumen_produccion > 0
        ]
        self._crear("Generadores (GPU)", RegistroGPU, gpus)

    def _actividad(self, ptes: list[PTEHeader], familias: list[_Familia]) -> None:
        r, registros = self.rng, []

        def registro(dia: date, **datos):
            registros.append((dia, RegistroActividad(usuario=self.usuario, **datos)))

        for pte in r.sample(ptes, 15):
            registro(
                pte.fecha_solicitud,
                registro_id=pte.pk,
                evento=Evento.CREAR,
                afectacion="PTE Header",
                detalle=f"Alta de la PTE {pte.oficio_pte}",
            )
            if pte.estatus == EstatusPTE.ENTREGADA and pte.fecha_entrega:
                registro(
                    min(pte.fecha_entrega, self.hoy),
                    registro_id=pte.pk,
                    evento=Evento.CAMBIO_ESTATUS,
                    afectacion="PTE Header",
                    campo="estatus",
                    valor_anterior=EstatusPTE.PROCESO.label,
                    valor_actual=EstatusPTE.ENTREGADA.label,
                )
        for familia in familias:
            ot = familia.ot
            registro(
                min(ot.fecha_creacion.date(), self.hoy),
                registro_id=ot.pk,
                evento=Evento.CREAR,
                afectacion="OT",
                detalle=f"Alta de la OT {ot.orden_trabajo}",
            )
            if familia.inicio_real:
                registro(
                    familia.inicio_real,
                    registro_id=ot.pk,
                    evento=Evento.CAMBIO_ESTATUS,
                    afectacion="OT",
                    campo="id_estatus_ot",
                    valor_anterior=EstatusId.ASIGNADA.label,
                    valor_actual=EstatusId.EN_EJECUCION.label,
                )
                registro(
                    familia.inicio_real - timedelta(days=3),
                    registro_id=ot.pk,
                    evento=Evento.IMPORTAR,
                    afectacion="OT",
                    detalle=f"Anexo C de la OT {ot.orden_trabajo} importado",
                )
        creados = self._crear("Registros de actividad", RegistroActividad, [fila for _, fila in registros])
        ahora = timezone.now()
        for (dia, _), fila in zip(registros, creados, strict=True):
            # An audit trail never lies in the future: today's entries stop at the current time.
            fila.fecha = min(_momento(dia, hora=r.randint(8, 18)), ahora)
        RegistroActividad.objects.bulk_update(creados, ["fecha"], batch_size=LOTE)


@transaction.atomic
def generar_datos_demo(*, escala: int, semilla: int, hoy: date | None = None) -> dict[str, int]:
    """Build `escala` units of consistent demo data on top of the seeded catalogues; returns counts per entity."""
    if escala < 1:
        raise ValueError("La escala debe ser al menos 1.")
    faltan = catalogos_faltantes()
    if faltan:
        raise CatalogosFaltantes(", ".join(faltan))
    generador = _Generador(semilla=semilla, hoy=hoy or timezone.localdate())
    for _ in range(escala):
        generador.unidad()
    generador.cuentas.update(
        costa_fuera_demo(
            embarcaciones=generador.embarcaciones, usuario=generador.usuario, hoy=generador.hoy, semilla=semilla
        )
    )
    return generador.cuentas
