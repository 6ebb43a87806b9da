"""Small builders of real rows for the dashboard and module landing tests (seeded catalogues, ids by constant)."""

from datetime import date, datetime, time
from decimal import Decimal
from itertools import count

from django.contrib.auth.models import User
from django.utils import timezone

from core.models import Evento, RegistroActividad
from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion
from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, FrenteId, TipoId
from operaciones.catalogos.models import ResponsableProyecto, Sitio, UnidadMedida
from operaciones.cronograma.models import CronogramaVersion, TareaCronograma
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.ot.models import OTE, ImportacionAnexo, PartidaAnexoImportada
from operaciones.produccion.models import Produccion, ReporteMensual, TipoTiempo
from operaciones.pte.models import EstatusPTE, PTEHeader

_folios = count(1)


def responsable() -> ResponsableProyecto:
    return ResponsableProyecto.objects.get_or_create(descripcion="Ing. Líder de Prueba")[0]


def crear_pte(estatus=EstatusPTE.PENDIENTE, **extra) -> PTEHeader:
    return PTEHeader.objects.create(
        id_tipo_id=TipoId.PTE,
        oficio_pte=extra.pop("oficio_pte", f"PTE-PRUEBA-{next(_folios):04d}"),
        id_responsable_proyecto=responsable(),
        estatus=estatus,
        **extra,
    )


def crear_ot(
    *,
    tipo=TipoId.OT_INICIAL,
    estatus=EstatusRegistro.ACTIVO,
    estatus_ot=EstatusId.EN_EJECUCION,
    frente=FrenteId.BARCO,
    principal: OTE | None = None,
    **extra,
) -> OTE:
    return OTE.objects.create(
        id_tipo_id=tipo,
        orden_trabajo=extra.pop("orden_trabajo", f"OT-PRUEBA-{next(_folios):04d}"),
        id_responsable_proyecto=responsable(),
        estatus=estatus,
        id_estatus_ot_id=estatus_ot,
        id_frente_id=frente,
        ot_principal=principal,
        num_reprogramacion=extra.pop("num_reprogramacion", next(_folios) if principal else None),
        **extra,
    )


def crear_partida(ot: OTE, pu_mn: str, pu_usd: str) -> PartidaAnexoImportada:
    anexo = ImportacionAnexo.objects.filter(ot=ot, es_activo=True).first() or ImportacionAnexo.objects.create(ot=ot)
    return PartidaAnexoImportada.objects.create(
        importacion_anexo=anexo,
        id_partida=f"P-{next(_folios)}",
        descripcion_concepto="Concepto de prueba",
        anexo="C-2",
        unidad_medida=UnidadMedida.objects.order_by("pk").first(),
        precio_unitario_mn=Decimal(pu_mn),
        precio_unitario_usd=Decimal(pu_usd),
    )


def reporte_mensual(ot: OTE, dia: date) -> ReporteMensual:
    return ReporteMensual.objects.get_or_create(id_ot=ot, mes=dia.month, anio=dia.year)[0]


def crear_produccion(partida: PartidaAnexoImportada, dia: date, volumen: str, tipo=TipoTiempo.TE, sitio=None):
    return Produccion.objects.create(
        id_partida_anexo=partida,
        id_reporte_mensual=reporte_mensual(partida.importacion_anexo.ot, dia),
        fecha_produccion=dia,
        volumen_produccion=Decimal(volumen),
        tipo_tiempo=tipo,
        id_sitio_produccion=sitio or embarcaciones().first(),
    )


def embarcaciones():
    return Sitio.objects.filter(id_frente=FrenteId.EMBARCACION, activo=True).order_by("pk")


def crear_actividad(usuario: User | None, afectacion: str, **extra) -> RegistroActividad:
    return RegistroActividad.objects.create(
        usuario=usuario, evento=extra.pop("evento", Evento.ACTUALIZAR), afectacion=afectacion, **extra
    )


def crear_estimacion(ot: OTE, estado=EstadoEstimacion.BORRADOR, **extra) -> EstimacionHeader:
    hoy = timezone.localdate()
    return EstimacionHeader.objects.create(
        id_ot=ot,
        folio=extra.pop("folio", f"EST-{next(_folios):04d}"),
        estado=estado,
        fecha_estimacion=hoy,
        fecha_desde=hoy.replace(day=1),
        fecha_hasta=hoy,
        **extra,
    )


def crear_cronograma(ot: OTE, tareas: int = 2, activo: bool = True) -> CronogramaVersion:
    version = CronogramaVersion.objects.create(
        id_ot=ot,
        nombre_version=f"Programa {next(_folios)}",
        es_activo=activo,
        fecha_inicio_proyecto=timezone.make_aware(datetime.combine(timezone.localdate(), time(8))),
    )
    for uid in range(1, tareas + 1):
        TareaCronograma.objects.create(version=version, uid_project=uid, nombre=f"Tarea {uid}")
    return version


def crear_reporte_barco(embarcacion: Sitio, dia: date, representante: User, estado=EstadoReporte.BORRADOR):
    return ReporteDiarioEmbarcacion.objects.create(
        embarcacion=embarcacion, fecha=dia, representante=representante, estado=estado
    )
