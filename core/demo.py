"""Builders of the demo data set (`manage.py generar_datos_demo`, the benchmark and the demo tests).

One unit of `escala` is roughly a small office's year of work: ten project leaders, one PEMEX contract with its
Anexo C catalogue and PUEs, thirty PTEs with their checklists, twenty initial OTs (some reprogrammed) and, for
the OTs that already started, the annex, the daily production, the daily/monthly reports and the GPU evidence.

Everything comes from `random.Random(semilla)`, so one seed always gives the same data set (dates are relative
to `hoy`). Amounts are Decimals built from integers, never floats. Rows go in with `bulk_create` in batches.
The family of an OT (initial + reprogrammings) keeps its annex and production on the initial OT.

The builders are split by what they make: core/demo_comun.py (shared helpers and the generator's base),
core/demo_ptes.py (contract and PTEs), core/demo_ots.py (OT families), core/demo_produccion.py (annex, production,
reports and GPUs), core/demo_estimaciones.py and core/demo_costa_fuera.py; this module joins them and is the entry
point the command, the benchmark and the tests use.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.demo_comun import ANEXOS_GPU, LOTE, USUARIO_DEMO, _Familia, _momento
from core.demo_costa_fuera import costa_fuera_demo
from core.demo_estimaciones import estimaciones_demo
from core.demo_ots import _GeneradorOTs
from core.demo_produccion import _GeneradorProduccion
from core.demo_ptes import _GeneradorPTEs
from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.catalogos.models import Cliente, Estatus, Frente, ResponsableProyecto, Tipo
from operaciones.pte.models import EstatusPTE, PTEHeader

__all__ = ["ANEXOS_GPU", "USUARIO_DEMO", "CatalogosFaltantes", "catalogos_faltantes", "generar_datos_demo", "hay_datos"]


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


class _Generador(_GeneradorPTEs, _GeneradorOTs, _GeneradorProduccion):
    """One unit of `escala` after another, on top of the seeded catalogues."""

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
