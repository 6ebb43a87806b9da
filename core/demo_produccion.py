"""Demo builder of the work of a started OT family: its annex, programme, daily production, reports and GPUs."""

from datetime import date, timedelta
from decimal import Decimal

from core.demo_comun import ANEXOS_GPU, CENTAVO, _dias, _Familia, _GeneradorBase, _momento, _q
from core.demo_datos import PARTIDA_EMBARCACION, PARTIDAS_SOLO_BARCO
from core.money import redondear_centavos
from operaciones.catalogos.constantes import EstatusId, FrenteId
from operaciones.ot.models import ImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteDiario, ReporteMensual, TipoTiempo


def _total(partidas, precio: str) -> Decimal:
    """Σ round(volume × unit price, 2) of annex lines, as the annex import computes its totals."""
    return sum((redondear_centavos(p.volumen_proyectado * getattr(p, precio)) for p in partidas), Decimal(0))


class _GeneradorProduccion(_GeneradorBase):
    """The annex of a started family and its daily work (production, daily/monthly reports, GPUs)."""

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
            total_mn=_total(partidas, "precio_unitario_mn"),
            total_usd=_total(partidas, "precio_unitario_usd"),
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
