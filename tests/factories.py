"""factory_boy factories for the main models, reusable by every test.

Seeded catalogue rows (Tipo, Estatus, Frente, Cliente PEMEX, Paso, PasoOt) come from the session seed in
`tests/conftest.py`: factories fetch them lazily by their named id, never create them. Amounts are Decimals
built from strings.

    ot = OTEFactory()                                   # initial OT on a vessel, EN EJECUCION
    repro = ReprogramacionFactory(ot_principal=ot)      # its first reprogramming
    pte = PTEHeaderFactory(con_pasos=True)              # with every step of its client's type
    partida = PartidaAnexoImportadaFactory(importacion_anexo__ot=ot)
    ProduccionFactory(id_partida_anexo=partida, volumen_produccion=Decimal("2.5"))
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import (
    CLAVE_ANEXO_C,
    DESCRIPCION_ANEXO_C,
    ClienteId,
    EstatusId,
    EstatusRegistro,
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
from operaciones.ot.models import OTE, ImportacionAnexo, OTDetalle, PartidaAnexoImportada
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteDiario, ReporteMensual, TipoTiempo
from operaciones.pte.models import EstatusPTE, Prioridad, PTEDetalle, PTEHeader


def tipo(tipo_id: int) -> Tipo:
    return Tipo.objects.get(pk=tipo_id)


def estatus(estatus_id: int) -> Estatus:
    return Estatus.objects.get(pk=estatus_id)


def frente(frente_id: int) -> Frente:
    return Frente.objects.get(pk=frente_id)


def cliente_pemex() -> Cliente:
    return Cliente.objects.get(pk=ClienteId.PEMEX)


def _sitio_de_ot(ot: OTE) -> Sitio:
    return ot.id_embarcacion or ot.id_plataforma or ot.id_patio or SitioFactory()


def _reporte_mensual(produccion) -> "ReporteMensual":
    ot = produccion.id_partida_anexo.importacion_anexo.ot
    dia = produccion.fecha_produccion
    reporte, _ = ReporteMensual.objects.get_or_create(id_ot=ot, mes=dia.month, anio=dia.year)
    return reporte


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"usuario{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@bluemarine.com.mx")
    first_name = "Usuario"
    last_name = factory.Sequence(lambda n: f"Prueba {n}")


# --- Catálogos --------------------------------------------------------------------------------------------------


class ResponsableProyectoFactory(DjangoModelFactory):
    class Meta:
        model = ResponsableProyecto

    descripcion = factory.Sequence(lambda n: f"Ing. Responsable {n:03d}")


class ClienteFactory(DjangoModelFactory):
    """A new client (intercom by default). PEMEX itself is the seeded row: use `cliente_pemex()`."""

    class Meta:
        model = Cliente

    descripcion = factory.Sequence(lambda n: f"CLIENTE INTERCOM {n:03d}")
    id_tipo = factory.LazyFunction(lambda: tipo(TipoId.CLIENTE_INTERCOM))


class SitioFactory(DjangoModelFactory):
    """A vessel by default; pass `id_frente=frente(FrenteId.PLATAFORMA)` (or PATIO) for the other kinds."""

    class Meta:
        model = Sitio

    descripcion = factory.Sequence(lambda n: f"SITIO DE PRUEBA {n:03d}")
    id_frente = factory.LazyFunction(lambda: frente(FrenteId.EMBARCACION))


class UnidadMedidaFactory(DjangoModelFactory):
    class Meta:
        model = UnidadMedida

    clave = factory.Sequence(lambda n: f"U{n:03d}")
    descripcion = factory.LazyAttribute(lambda o: f"UNIDAD {o.clave}")


class PasoFactory(DjangoModelFactory):
    class Meta:
        model = Paso

    descripcion = factory.Sequence(lambda n: f"Paso de prueba {n}")
    orden = factory.Sequence(lambda n: str(100 + n))
    id_tipo_cliente = factory.LazyFunction(lambda: tipo(TipoId.CLIENTE_CONTRATO))


class PasoOtFactory(DjangoModelFactory):
    class Meta:
        model = PasoOt

    descripcion = factory.Sequence(lambda n: f"Paso de OT de prueba {n}")
    orden = factory.Sequence(lambda n: str(100 + n))
    tipo = factory.LazyFunction(lambda: tipo(TipoId.OT_INICIAL))
    id_tipo_cliente = factory.LazyFunction(lambda: tipo(TipoId.CLIENTE_CONTRATO))


class ContratoFactory(DjangoModelFactory):
    class Meta:
        model = Contrato

    numero_contrato = factory.Sequence(lambda n: f"PEMEX 640228{n:03d}")
    descripcion = "Servicios de mantenimiento e inspección submarina"
    cliente = factory.LazyFunction(cliente_pemex)
    fecha_inicio = date(2023, 1, 10)
    fecha_termino = date(2033, 1, 9)


class AnexoContratoFactory(DjangoModelFactory):
    class Meta:
        model = AnexoContrato

    contrato = factory.SubFactory(ContratoFactory)
    clave = CLAVE_ANEXO_C
    descripcion = DESCRIPCION_ANEXO_C


class SubAnexoFactory(DjangoModelFactory):
    class Meta:
        model = SubAnexo
        django_get_or_create = ("anexo_maestro", "clave_anexo")

    anexo_maestro = factory.SubFactory(AnexoContratoFactory)
    clave_anexo = "C-3"
    descripcion = "Instalación, construcción y reparación costa fuera"


class ConceptoMaestroFactory(DjangoModelFactory):
    """An ordinary Anexo C line; `ConceptoMaestroFactory(pue=True)` gives an authorised PUE instead."""

    class Meta:
        model = ConceptoMaestro

    class Params:
        pue = factory.Trait(
            sub_anexo=None,
            partida_ordinaria="",
            partida_extraordinaria=factory.Sequence(lambda n: f"C3EXT-{n + 1:04d}"),
            id_tipo_partida=factory.LazyFunction(lambda: tipo(TipoId.PARTIDA_EXTRAORDINARIA)),
            estatus=EstatusPUE.AUTORIZADO,
            cantidad=Decimal("1"),
        )

    sub_anexo = factory.SubFactory(SubAnexoFactory)
    partida_ordinaria = factory.Sequence(lambda n: f"3.{n + 1}.")
    descripcion = factory.Sequence(lambda n: f"SOLDADURA SUBMARINA DE PRUEBA {n}")
    unidad_medida = factory.SubFactory(UnidadMedidaFactory)
    cantidad = Decimal("100")
    precio_unitario_mn = Decimal("1500.50")
    precio_unitario_usd = Decimal("0")
    id_tipo_partida = factory.LazyFunction(lambda: tipo(TipoId.PARTIDA_ORDINARIA))


# --- PTE ----------------------------------------------------------------------------------------------------------


class PTEHeaderFactory(DjangoModelFactory):
    """A PEMEX PTE; `con_pasos=True` also creates one PENDIENTE step per active Paso of the client's type."""

    class Meta:
        model = PTEHeader
        skip_postgeneration_save = True

    id_tipo = factory.LazyFunction(lambda: tipo(TipoId.OBRA))
    oficio_pte = factory.Sequence(lambda n: f"BME-3801-{n + 1:03d}-2025")
    oficio_solicitud = factory.Sequence(lambda n: f"PEP-DG-SMNE-GMM-{n + 100}-2025")
    descripcion_trabajo = "INSPECCIÓN SUBMARINA DE DUCTOS DE LA PLATAFORMA AKAL-C"
    fecha_solicitud = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    plazo_dias = 20
    id_responsable_proyecto = factory.SubFactory(ResponsableProyectoFactory)
    total_homologado = Decimal("1250000.00")
    estatus = EstatusPTE.PENDIENTE
    prioridad = Prioridad.MEDIA
    id_cliente = factory.LazyFunction(cliente_pemex)

    @factory.post_generation
    def con_pasos(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        pasos = Paso.objects.filter(activo=True, id_tipo_cliente_id=self.id_cliente.id_tipo_id).order_by("pk")
        PTEDetalle.objects.bulk_create([PTEDetalle(id_pte_header=self, id_paso=p) for p in pasos])


class PTEDetalleFactory(DjangoModelFactory):
    class Meta:
        model = PTEDetalle

    id_pte_header = factory.SubFactory(PTEHeaderFactory)
    id_paso = factory.SubFactory(PasoFactory)
    estatus_paso = factory.LazyFunction(lambda: estatus(EstatusId.PENDIENTE))


# --- OT -----------------------------------------------------------------------------------------------------------


class OTEFactory(DjangoModelFactory):
    """An initial OT (Tipo 4) on a vessel, in execution; `con_pasos=True` adds its template's steps."""

    class Meta:
        model = OTE
        skip_postgeneration_save = True

    id_tipo = factory.LazyFunction(lambda: tipo(TipoId.OT_INICIAL))
    orden_trabajo = factory.Sequence(lambda n: f"OT-GRZ-801-25-{n + 1:03d}")
    descripcion_trabajo = "REPARACIÓN DE DUCTO ASCENDENTE EN LA PLATAFORMA KU-A"
    id_responsable_proyecto = factory.SubFactory(ResponsableProyectoFactory)
    oficio_ot = factory.Sequence(lambda n: f"PEP-DG-SMLIC-GMMC-{n + 100}-2025")
    id_estatus_ot = factory.LazyFunction(lambda: estatus(EstatusId.EN_EJECUCION))
    estatus = EstatusRegistro.ACTIVO
    id_cliente = factory.LazyFunction(cliente_pemex)
    id_frente = factory.LazyFunction(lambda: frente(FrenteId.BARCO))
    id_embarcacion = factory.SubFactory(SitioFactory)
    id_plataforma = factory.SubFactory(
        SitioFactory, id_frente=factory.LazyFunction(lambda: frente(FrenteId.PLATAFORMA))
    )
    fecha_inicio_programado = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    fecha_termino_programado = factory.LazyAttribute(lambda o: o.fecha_inicio_programado + timedelta(days=59))
    fecha_inicio_real = factory.LazyAttribute(lambda o: o.fecha_inicio_programado)
    plazo_dias = 60
    monto_mxn = Decimal("15000000.00")
    monto_usd = Decimal("850000.00")

    @factory.post_generation
    def con_pasos(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        pasos = PasoOt.objects.filter(activo=True, tipo_id=self.id_tipo_id).order_by("pk")
        OTDetalle.objects.bulk_create([OTDetalle(id_ot=self, id_paso=p) for p in pasos])


class ReprogramacionFactory(OTEFactory):
    """A reprogramming (Tipo 5) of an initial OT; it shares the folio and sites of its principal."""

    id_tipo = factory.LazyFunction(lambda: tipo(TipoId.OT_REPROGRAMACION))
    ot_principal = factory.SubFactory(OTEFactory)
    num_reprogramacion = factory.LazyAttribute(lambda o: o.ot_principal.reprogramaciones.count() + 1)
    orden_trabajo = factory.LazyAttribute(lambda o: o.ot_principal.orden_trabajo)
    id_responsable_proyecto = factory.LazyAttribute(lambda o: o.ot_principal.id_responsable_proyecto)
    id_embarcacion = factory.LazyAttribute(lambda o: o.ot_principal.id_embarcacion)
    id_plataforma = factory.LazyAttribute(lambda o: o.ot_principal.id_plataforma)
    fecha_inicio_programado = factory.LazyAttribute(lambda o: o.ot_principal.fecha_inicio_programado)
    fecha_termino_programado = factory.LazyAttribute(
        lambda o: o.ot_principal.fecha_termino_programado + timedelta(days=15 * o.num_reprogramacion)
    )


class OTDetalleFactory(DjangoModelFactory):
    class Meta:
        model = OTDetalle

    id_ot = factory.SubFactory(OTEFactory)
    id_paso = factory.SubFactory(PasoOtFactory)
    estatus_paso = factory.LazyFunction(lambda: estatus(EstatusId.PENDIENTE))


class ImportacionAnexoFactory(DjangoModelFactory):
    class Meta:
        model = ImportacionAnexo

    ot = factory.SubFactory(OTEFactory)
    usuario_carga = factory.SubFactory(UserFactory)
    total_registros = 0
    es_activo = True


class PartidaAnexoImportadaFactory(DjangoModelFactory):
    """An annex line copying code, description, unit and prices from its catalogue concept."""

    class Meta:
        model = PartidaAnexoImportada

    importacion_anexo = factory.SubFactory(ImportacionAnexoFactory)
    concepto = factory.SubFactory(ConceptoMaestroFactory)
    id_partida = factory.LazyAttribute(lambda o: o.concepto.partida_ordinaria or o.concepto.partida_extraordinaria)
    descripcion_concepto = factory.LazyAttribute(lambda o: o.concepto.descripcion)
    anexo = factory.LazyAttribute(
        lambda o: o.concepto.sub_anexo.clave_anexo if o.concepto.sub_anexo else o.concepto.partida_extraordinaria[:5]
    )
    unidad_medida = factory.LazyAttribute(lambda o: o.concepto.unidad_medida)
    volumen_proyectado = Decimal("100")
    precio_unitario_mn = factory.LazyAttribute(lambda o: o.concepto.precio_unitario_mn)
    precio_unitario_usd = factory.LazyAttribute(lambda o: o.concepto.precio_unitario_usd)
    orden_fila = factory.Sequence(lambda n: n + 1)


# --- Producción ---------------------------------------------------------------------------------------------------


class ReporteMensualFactory(DjangoModelFactory):
    class Meta:
        model = ReporteMensual
        django_get_or_create = ("id_ot", "mes", "anio")

    id_ot = factory.SubFactory(OTEFactory)
    mes = factory.LazyFunction(lambda: timezone.localdate().month)
    anio = factory.LazyFunction(lambda: timezone.localdate().year)
    id_estatus = factory.LazyFunction(lambda: estatus(EstatusId.PENDIENTE))


class ReporteDiarioFactory(DjangoModelFactory):
    class Meta:
        model = ReporteDiario

    id_reporte_mensual = factory.SubFactory(ReporteMensualFactory)
    fecha = factory.LazyAttribute(lambda o: date(o.id_reporte_mensual.anio, o.id_reporte_mensual.mes, 1))
    id_estatus = factory.LazyFunction(lambda: estatus(EstatusId.FIRMADO))
    id_sitio = factory.LazyAttribute(lambda o: _sitio_de_ot(o.id_reporte_mensual.id_ot))


class ProduccionFactory(DjangoModelFactory):
    """A day's TE production of an annex line, filed in its OT's monthly report at the OT's main site."""

    class Meta:
        model = Produccion

    id_partida_anexo = factory.SubFactory(PartidaAnexoImportadaFactory)
    fecha_produccion = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    id_reporte_mensual = factory.LazyAttribute(_reporte_mensual)
    volumen_produccion = Decimal("2.500000")
    tipo_tiempo = TipoTiempo.TE
    es_excedente = False
    id_sitio_produccion = factory.LazyAttribute(lambda o: _sitio_de_ot(o.id_partida_anexo.importacion_anexo.ot))


class RegistroGPUFactory(DjangoModelFactory):
    class Meta:
        model = RegistroGPU

    id_produccion = factory.SubFactory(ProduccionFactory)
    id_estatus = factory.LazyFunction(lambda: estatus(EstatusId.GPU_PROCESO))


class RegistroActividadFactory(DjangoModelFactory):
    class Meta:
        model = RegistroActividad

    usuario = factory.SubFactory(UserFactory)
    evento = Evento.CREAR
    afectacion = "PTE Header"
    registro_id = factory.Sequence(lambda n: n + 1)
    detalle = factory.LazyAttribute(lambda o: f"Registro de prueba {o.registro_id}")
