"""Shared pieces of the demo data builder (`core.demo`): constants, small helpers and the generator's base.

The base holds the random source, the reference day, the seeded catalogues the builders pick from (clients,
checklist steps, vessels, platforms, yards, units) and the folios already taken, plus the counting `bulk_create`
every builder goes through. The builders themselves live in core/demo_ptes.py, core/demo_ots.py and
core/demo_produccion.py; core/demo.py puts them together.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.demo_datos import APELLIDOS, EMBARCACIONES, NOMBRES, PATIOS, PLATAFORMAS, UNIDADES
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.catalogos.models import Cliente, ConceptoMaestro, Contrato, Paso, PasoOt, Sitio, UnidadMedida
from operaciones.ot.models import OTE
from operaciones.pte.models import PTEHeader

LOTE = 1000
USUARIO_DEMO = "demo"
ANEXOS_GPU = frozenset({"C-2", "C-3", "C2EXT", "C3EXT"})
CENTAVO = Decimal("0.01")


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


class _GeneradorBase:
    """Random source, reference day, seeded catalogues and folios taken: what every builder below shares."""

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

    def _estatus_pasos(self, n: int, hechos: int, resto: int) -> list[int]:
        """`hechos` steps done (a few NO APLICA), one in progress when some remain, the rest `resto`."""
        estatus = [EstatusId.NO_APLICA if self.rng.random() < 0.08 else EstatusId.COMPLETADO for _ in range(hechos)]
        if hechos < n:
            estatus.append(EstatusId.PROCESO if resto == EstatusId.PENDIENTE else resto)
        return estatus + [resto] * (n - len(estatus))
