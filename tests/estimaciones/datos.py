"""Test data builders for estimations: an OT family with signed, estimable production, built in bulk.

    fam, est = estimacion_lista(conceptos=2, dias=3)          # a BORRADOR estimation of 2 × 3 records
    fam, est = estimacion_lista(estado=EstadoEstimacion.APROBADA)
    fam = familia_con_anexo(conceptos=5)                       # tests/produccion/datos.py
    producciones = produccion_firmada(fam, dias=10, volumen="0.125")
    contrato_de(fam)                                           # the family's contract (one per familia_con_anexo)

Production rows are stored directly (not through the sheet) with a FIRMADO GPU each, for every line of the family
and every day from the 1st of `mes`/`anio` on (`dias` may run past the month end: the days go on into the next
months, each filed in its own monthly report). Lines of familia_con_anexo are in anexos C-2 / C-3, which need a
GPU under the default settings.
"""

from datetime import date, timedelta
from decimal import Decimal

from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import Contrato
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.estimaciones.services import estimacion_cambiar_estado, estimacion_crear
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteMensual, TipoTiempo
from tests.produccion.datos import Familia, familia_con_anexo

LOTE = 5000

# The workflow steps that lead to each state (and what each step needs), for `estimacion_lista(estado=...)`.
CAMINO = {
    EstadoEstimacion.BORRADOR: [],
    EstadoEstimacion.EN_REVISION: [EstadoEstimacion.EN_REVISION],
    EstadoEstimacion.APROBADA: [EstadoEstimacion.EN_REVISION, EstadoEstimacion.APROBADA],
    EstadoEstimacion.FACTURADA: [EstadoEstimacion.EN_REVISION, EstadoEstimacion.APROBADA, EstadoEstimacion.FACTURADA],
    EstadoEstimacion.PAGADA: [
        EstadoEstimacion.EN_REVISION,
        EstadoEstimacion.APROBADA,
        EstadoEstimacion.FACTURADA,
        EstadoEstimacion.PAGADA,
    ],
    EstadoEstimacion.CANCELADA: [EstadoEstimacion.CANCELADA],
}


def contrato_de(familia: Familia) -> Contrato:
    """The contract the family's concepts belong to (familia_con_anexo makes one per family)."""
    return familia.conceptos[0].sub_anexo.anexo_maestro.contrato


def produccion_firmada(
    familia: Familia,
    *,
    dias: int = 3,
    volumen="1.5",
    mes: int = 3,
    anio: int = 2025,
    tipo_tiempo: str = TipoTiempo.TE,
    partidas=None,
    firmar: bool = True,
) -> list[Produccion]:
    """One record per line and day from the 1st of `mes` (bulk inserts), each with a FIRMADO GPU when `firmar`."""
    partidas = partidas if partidas is not None else familia.partidas
    inicio = date(anio, mes, 1)
    fechas = [inicio + timedelta(days=d) for d in range(dias)]
    mensuales = {}
    for fecha in fechas:
        clave = (fecha.year, fecha.month)
        if clave not in mensuales:
            mensuales[clave], _ = ReporteMensual.objects.get_or_create(
                id_ot=familia.ot, mes=fecha.month, anio=fecha.year
            )
    filas = [
        Produccion(
            id_partida_anexo=partida,
            id_reporte_mensual=mensuales[(fecha.year, fecha.month)],
            fecha_produccion=fecha,
            volumen_produccion=Decimal(str(volumen)),
            tipo_tiempo=tipo_tiempo,
            id_sitio_produccion=familia.sitio,
        )
        for partida in partidas
        for fecha in fechas
    ]
    creadas = Produccion.objects.bulk_create(filas, batch_size=LOTE)
    if firmar:
        RegistroGPU.objects.bulk_create(
            [RegistroGPU(id_produccion=p, id_estatus_id=EstatusId.FIRMADO) for p in creadas], batch_size=LOTE
        )
    return creadas


def estimacion_lista(
    conceptos: int = 2,
    dias: int = 3,
    *,
    volumen="1.5",
    precio_mn: str = "10.50",
    precio_usd: str = "1.25",
    mes: int = 3,
    anio: int = 2025,
    tipo_cambio: str = "17.2500",
    retencion: str = "5.00",
    amortizacion: str = "10.00",
    estado: str = EstadoEstimacion.BORRADOR,
    usuario=None,
    familia: Familia | None = None,
    firmar: bool = True,
) -> tuple[Familia, EstimacionHeader]:
    """A family with `conceptos` lines and `dias` days of signed production, and an estimation of the whole period.

    The contract gets `retencion` and `amortizacion` percentages; `estado` walks the workflow as Sistema (no user),
    with invoice data and payment date filled in where the step needs them. `firmar=False` leaves the production
    without GPU: only estimable when the test empties settings.SASCOP_ANEXOS_CON_GPU.
    """
    familia = familia or familia_con_anexo(
        conceptos, mes=mes, anio=anio, precio_mn=precio_mn, precio_usd=precio_usd, volumen="100"
    )
    Contrato.objects.filter(pk=contrato_de(familia).pk).update(
        porcentaje_retencion=Decimal(retencion), porcentaje_amortizacion_anticipo=Decimal(amortizacion)
    )
    producciones = produccion_firmada(familia, dias=dias, volumen=volumen, mes=mes, anio=anio, firmar=firmar)
    ultimo = max(p.fecha_produccion for p in producciones)
    estimacion = estimacion_crear(
        ot=familia.ot,
        fecha_desde=date(anio, mes, 1),
        fecha_hasta=ultimo,
        tipo_cambio=Decimal(tipo_cambio),
        usuario=usuario,
        fecha_estimacion=ultimo,
    )
    for paso in CAMINO[EstadoEstimacion(estado)]:
        estimacion = estimacion_cambiar_estado(
            estimacion=estimacion,
            estado=paso,
            usuario=None,
            numero_factura="F-0001",
            fecha_factura=ultimo + timedelta(days=5),
            fecha_pago=ultimo + timedelta(days=30),
            motivo="Cancelada en la preparación de la prueba",
        )
    return familia, estimacion
