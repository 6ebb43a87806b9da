"""Demo builder of one unit's OT families (initial OT plus reprogrammings) with their checklists."""

from datetime import date, timedelta

from core.demo_comun import LOTE, _centavos, _Familia, _GeneradorBase, _momento
from core.demo_datos import ESTATUS_OT, FRENTES_OT, TRABAJOS
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.ot.models import OTE, OTDetalle
from operaciones.pte.models import EstatusPTE, PTEHeader


class _GeneradorOTs(_GeneradorBase):
    """The OT families of a unit (initial OT plus reprogrammings) with their checklists."""

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
