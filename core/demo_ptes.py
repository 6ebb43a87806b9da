"""Demo builders of one unit's contract (Anexo C catalogue and PUEs) and its PTEs with their checklists."""

from datetime import date, timedelta
from decimal import Decimal

from core.demo_comun import LOTE, _centavos, _GeneradorBase, _momento, _q
from core.demo_datos import CONCEPTOS, ESTATUS_PTE, PUES, SUBANEXOS, TIPOS_PTE, TRABAJOS
from operaciones.catalogos.constantes import CLAVE_ANEXO_C, DESCRIPCION_ANEXO_C, EstatusId, TipoId
from operaciones.catalogos.models import AnexoContrato, ConceptoMaestro, Contrato, EstatusPUE, Paso, SubAnexo
from operaciones.pte.models import EstatusPTE, Prioridad, PTEDetalle, PTEHeader


class _GeneradorPTEs(_GeneradorBase):
    """The contract of a unit (catalogue and PUEs) and its PTEs with their checklists."""

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
