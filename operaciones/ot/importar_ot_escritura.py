"""Writing step of the historical OT import (`importar_ot`): placeholders, OTs, their checklists and the activity.

Runs inside `ejecutar_escritura`'s transaction on the plans the validation step (importar_ot_validacion.py) left.
"""

from collections import defaultdict

from django.utils import timezone

from core.actividad import actividad_registrar_lote
from core.importacion import InformeImportacion, TablaExcel, reiniciar_secuencias
from core.models import Evento
from operaciones.catalogos.constantes import ClienteId, EstatusId, EstatusRegistro, TipoId
from operaciones.catalogos.models import Cliente, ResponsableProyecto, Sitio
from operaciones.pte.models import EstatusPTE, PTEHeader
from operaciones.pte.services import pte_generar_pasos

from .importar_ot_filas import (
    CATEGORIA_SITIO,
    COMENTARIO_POR_REVISAR,
    ENTIDAD_OT,
    ENTIDAD_PTE,
    ESTATUS_PASO_POR_ESTATUS_OT,
    TIPO_PTE_POR_REVISAR,
    CatalogosOT,
    Faltantes,
    PlanOT,
)
from .models import OTE
from .services import ot_generar_pasos


class _EscritorOT:
    """Writes what the validation planned; mixed into the importer with the validation step's state."""

    tabla: TablaExcel
    informe: InformeImportacion
    catalogos: CatalogosOT
    faltantes: Faltantes
    planes: list[PlanOT]
    total: int

    def escribir(self, usuario, origen: str) -> None:
        self._crear_faltantes(usuario)
        existentes = self._existentes()
        actividad_ot = []
        hechos = len(self.tabla.filas)
        for tipo in (TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION):
            nuevas, cambiadas, campos_cambiados = [], [], set()
            for plan in (p for p in self.planes if p.tipo == tipo):
                self._resolver_enlaces(plan)
                actual = existentes.get(plan.clave)
                if actual is None:
                    plan.ot, plan.creada = OTE(**{"id_cliente_id": ClienteId.PEMEX, **plan.valores}), True
                    nuevas.append(plan.ot)
                    actividad_ot.append((plan, None))
                    continue
                plan.ot = actual
                cambios = {
                    a: (getattr(actual, a), valor) for a, valor in plan.valores.items() if getattr(actual, a) != valor
                }
                if not cambios:
                    self.informe.sin_cambios += 1
                    continue
                for atributo, (_, valor) in cambios.items():
                    setattr(actual, atributo, valor)
                actual.fecha_actualizacion = timezone.now()  # bulk_update does not apply auto_now
                cambiadas.append(actual)
                campos_cambiados.update(cambios)
                actividad_ot.append((plan, cambios))
            OTE.objects.bulk_create(nuevas, batch_size=500)
            if cambiadas:
                campos = sorted(campos_cambiados | {"fecha_actualizacion"})
                OTE.objects.bulk_update(cambiadas, campos, batch_size=500)
            self.informe.creadas += len(nuevas)
            self.informe.actualizadas += len(cambiadas)
        for plan in self.planes:
            if plan.creada:
                self._crear_pasos(plan.ot)
            hechos += 1
            self.avance(hechos, self.total)
        actividad_registrar_lote(
            usuario=usuario,
            entidad=ENTIDAD_OT,
            evento=Evento.IMPORTAR,
            registros=[
                (
                    plan.ot.pk,
                    cambios,
                    f"{'Actualizada' if cambios else 'Creada'} por importación de «{origen}», fila {plan.fila}",
                )
                for plan, cambios in actividad_ot
            ],
        )

    def _existentes(self) -> dict[tuple, OTE]:
        folios = {p.clave[0] for p in self.planes}
        por_clave = defaultdict(list)
        for ot in OTE.objects.filter(orden_trabajo__in=folios):
            por_clave[(ot.orden_trabajo, ot.id_tipo_id, ot.num_reprogramacion)].append(ot)
        elegidas = {}
        for clave, ots in por_clave.items():
            vigentes = [o for o in ots if o.estatus != EstatusRegistro.ELIMINADO] or ots
            elegidas[clave] = min(vigentes, key=lambda o: o.pk)
        return elegidas

    def _resolver_enlaces(self, plan: PlanOT) -> None:
        v = plan.valores
        if plan.folio_pte:
            v["id_pte_header_id"] = self.catalogos.ptes[plan.folio_pte]
        elif plan.ot_principal_db is not None:
            v["id_pte_header_id"] = plan.ot_principal_db.id_pte_header_id
        else:
            v["id_pte_header_id"] = None
        if plan.tipo == TipoId.OT_REPROGRAMACION:
            principal = plan.principal.ot if plan.principal is not None else plan.ot_principal_db
            v["ot_principal_id"] = principal.pk

    def _crear_pasos(self, ot: OTE) -> None:
        if ot.id_cliente_id:
            ot.id_cliente = self.catalogos.clientes[ot.id_cliente_id]  # cached: no query per OT
        terminada = ot.id_estatus_ot_id == EstatusId.TERMINADA
        ot_generar_pasos(
            ot=ot,
            estatus_paso=ESTATUS_PASO_POR_ESTATUS_OT.get(ot.id_estatus_ot_id, EstatusId.PENDIENTE),
            fecha_inicio=ot.fecha_inicio_real,
            fecha_termino=ot.fecha_termino_real,
            fecha_entrega=ot.fecha_termino_real if terminada else None,
        )

    def _crear_faltantes(self, usuario) -> None:
        f, conteo = self.faltantes, self.informe.otros_creados
        responsables = [
            ResponsableProyecto(pk=pk, descripcion=f"RESPONSABLE {pk} (POR REVISAR)", comentario=COMENTARIO_POR_REVISAR)
            for pk in sorted(f.responsables)
        ]
        clientes = [
            Cliente(
                pk=pk,
                descripcion=f"CLIENTE {pk} (POR REVISAR)",
                id_tipo_id=TipoId.CLIENTE_CONTRATO,
                comentario=COMENTARIO_POR_REVISAR,
            )
            for pk in sorted(f.clientes)
        ]
        nombres = dict(CATEGORIA_SITIO.values())
        sitios = [
            Sitio(
                pk=pk,
                descripcion=f"{nombres[categoria]} {pk} (POR REVISAR)",
                id_frente_id=categoria,
                comentario=COMENTARIO_POR_REVISAR,
            )
            for pk, categoria in sorted(f.sitios.items())
        ]
        actividad = []
        for modelo, filas, nombre, entidad in (
            (ResponsableProyecto, responsables, "Responsables creados por revisar", "Responsable de proyecto"),
            (Cliente, clientes, "Clientes creados por revisar", "Cliente"),
            (Sitio, sitios, "Sitios creados por revisar", "Sitio"),
        ):
            if not filas:
                continue
            modelo.objects.bulk_create(filas)
            reiniciar_secuencias([modelo])
            conteo[nombre] = len(filas)
            actividad.append((entidad, filas))
        self.catalogos.clientes.update({c.pk: c for c in clientes})
        ptes = self._crear_ptes()
        if ptes:
            actividad.append((ENTIDAD_PTE, ptes))
        for entidad, filas in actividad:
            actividad_registrar_lote(
                usuario=usuario,
                entidad=entidad,
                evento=Evento.IMPORTAR,
                registros=[(fila.pk, None, COMENTARIO_POR_REVISAR) for fila in filas],
            )

    def _crear_ptes(self) -> list[PTEHeader]:
        ptes = []
        for folio, plan in sorted(self.faltantes.ptes.items()):
            descripcion = plan.valores.get("descripcion_trabajo") or "POR DEFINIR"
            ptes.append(
                PTEHeader(
                    oficio_pte=folio,
                    id_tipo_id=TIPO_PTE_POR_REVISAR,
                    descripcion_trabajo=descripcion,
                    id_responsable_proyecto_id=plan.valores["id_responsable_proyecto_id"],
                    id_cliente=self.catalogos.clientes[ClienteId.PEMEX],
                    estatus=EstatusPTE.PENDIENTE,
                    comentario=COMENTARIO_POR_REVISAR,
                )
            )
        PTEHeader.objects.bulk_create(ptes)
        for pte in ptes:
            pte_generar_pasos(pte=pte)
            self.catalogos.ptes[pte.oficio_pte] = pte.pk
        if ptes:
            self.informe.otros_creados["PTEs creadas por revisar"] = len(ptes)
        return ptes
