"""Django admin: every registered model's pages answer, audit models are read-only, changelists have no N+1."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Evento, IntentoAcceso, Modulo, RegistroActividad, TrabajoSegundoPlano
from costa_fuera.models import (
    BitacoraTiempo,
    FotoIncidencia,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    PosicionEmbarcacion,
    ReporteDiarioEmbarcacion,
    TipoRecurso,
)
from operaciones.catalogos.constantes import ClienteId, EstatusId, FrenteId, TipoId
from operaciones.catalogos.models import (
    AnexoContrato,
    Categoria,
    Clasificacion,
    ConceptoMaestro,
    Contrato,
    Paso,
    ResponsableProyecto,
    Sitio,
    SubAnexo,
    SubCategoria,
    UnidadMedida,
)
from operaciones.cronograma.models import (
    AvanceCronograma,
    AvanceOtHistorial,
    CronogramaVersion,
    DependenciaTarea,
    TareaCronograma,
)
from operaciones.estimaciones.models import EstimacionDetalle, EstimacionHeader
from operaciones.ot.models import OTE, ImportacionAnexo, OTDetalle, PartidaAnexoImportada, PartidaProyectada
from operaciones.produccion.models import (
    CicloGuardia,
    Produccion,
    Producto,
    RegistroGPU,
    ReporteDiario,
    ReporteMensual,
    Superintendente,
)
from operaciones.pte.models import PTEDetalle, PTEHeader

pytestmark = pytest.mark.django_db

HOY = datetime.date(2025, 3, 10)
PROYECTO = {"core", "catalogos", "pte", "ot", "produccion", "estimaciones", "cronograma", "costa_fuera"}
MODELOS = sorted(
    (m for m in django_admin.site._registry if m._meta.app_label in PROYECTO),
    key=lambda m: m._meta.label,
)


def _url(modelo, vista, *args):
    return reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_{vista}", args=args)


def _ot(n: int, responsable, **extra) -> OTE:
    campos = {
        "id_tipo_id": TipoId.OT_INICIAL,
        "orden_trabajo": f"OT-{n:04d}",
        "id_responsable_proyecto": responsable,
        "id_cliente_id": ClienteId.PEMEX,
        "id_frente_id": FrenteId.BARCO,
        "id_embarcacion_id": 1,
    }
    return OTE.objects.create(**(campos | extra))


def _produccion(partida, reporte, dia, sitio) -> Produccion:
    produccion = Produccion.objects.create(
        id_partida_anexo=partida,
        id_reporte_mensual=reporte,
        fecha_produccion=dia,
        volumen_produccion=Decimal("2.5"),
        id_sitio_produccion=sitio,
    )
    RegistroGPU.objects.create(id_produccion=produccion, id_estatus_id=EstatusId.GPU_PROCESO)
    return produccion


@pytest.fixture
def datos(admin):
    """One row (at least) of every project model, linked the way the application links them."""
    responsable = ResponsableProyecto.objects.create(descripcion="Ing. Rosa Líder", usuario=admin)
    barco = Sitio.objects.get(pk=1)
    pza = UnidadMedida.objects.get(clave="PIEZA")

    pte = PTEHeader.objects.create(
        id_tipo_id=TipoId.LICITACION,
        oficio_pte="BME-3801-001-2025",
        id_responsable_proyecto=responsable,
        id_cliente_id=1,
        fecha_solicitud=HOY,
    )
    for paso in Paso.objects.filter(id_tipo_cliente=TipoId.CLIENTE_CONTRATO)[:3]:
        PTEDetalle.objects.create(id_pte_header=pte, id_paso=paso)

    ot = _ot(1, responsable, id_pte_header=pte, fecha_inicio_programado=HOY)
    OTE.objects.create(
        id_tipo_id=TipoId.OT_REPROGRAMACION,
        orden_trabajo="OT-0001",
        id_responsable_proyecto=responsable,
        ot_principal=ot,
        num_reprogramacion=1,
    )
    for paso in ot.id_tipo.plantillas_paso_ot.all()[:3]:
        OTDetalle.objects.create(id_ot=ot, id_paso=paso)

    contrato = Contrato.objects.create(numero_contrato="640228800", cliente_id=1, fecha_inicio=HOY)
    anexo = AnexoContrato.objects.create(contrato=contrato, clave="ANEXO C")
    sub = SubAnexo.objects.create(anexo_maestro=anexo, clave_anexo="C-2")
    concepto = ConceptoMaestro.objects.create(
        sub_anexo=sub,
        partida_ordinaria="2.1.",
        descripcion="Tubo de acero al carbón",
        unidad_medida=pza,
        id_tipo_partida_id=TipoId.PARTIDA_ORDINARIA,
        precio_unitario_mn=Decimal("1500.50"),
    )
    categoria = Categoria.objects.create(clave="TUBOS", descripcion="Tubos")
    subcategoria = SubCategoria.objects.create(categoria=categoria, clave="T1", descripcion="Tubería")
    Clasificacion.objects.create(subcategoria=subcategoria, clave="T1A", descripcion="Sin costura")

    importacion = ImportacionAnexo.objects.create(ot=ot, usuario_carga=admin, total_registros=1)
    partida = PartidaAnexoImportada.objects.create(
        importacion_anexo=importacion,
        concepto=concepto,
        id_partida="2.1.",
        descripcion_concepto="Tubo de acero al carbón",
        anexo="C-2",
        unidad_medida=pza,
        volumen_proyectado=Decimal("10"),
    )
    PartidaProyectada.objects.create(ot=ot, partida_anexo=partida, fecha=HOY, volumen_programado=Decimal("1"))

    reporte = ReporteMensual.objects.create(id_ot=ot, mes=HOY.month, anio=HOY.year)
    ReporteDiario.objects.create(id_reporte_mensual=reporte, fecha=HOY, id_sitio=barco)
    produccion = _produccion(partida, reporte, HOY, barco)
    Producto.objects.create(id_partida="2.1.", descripcion_concepto="Tubo", id_unidad_medida=pza)
    super_a = Superintendente.objects.create(nombre="Juan A", sitio_asignado=barco)
    super_b = Superintendente.objects.create(nombre="Pedro B", sitio_asignado=barco)
    CicloGuardia.objects.create(sitio=barco, super_a=super_a, super_b=super_b, fecha_inicio_super_a=HOY)

    estimacion = EstimacionHeader.objects.create(
        id_ot=ot, contrato=contrato, folio="EST-001", fecha_estimacion=HOY, fecha_desde=HOY, fecha_hasta=HOY
    )
    EstimacionDetalle.objects.create(id_estimacion_header=estimacion, id_produccion=produccion)

    version = CronogramaVersion.objects.create(id_ot=ot, nombre_version="Programa v1", usuario_carga=admin)
    tarea = TareaCronograma.objects.create(version=version, uid_project=1, id_project=1, nombre="Movilización")
    TareaCronograma.objects.create(version=version, uid_project=2, id_project=2, nombre="Ejecución")
    AvanceCronograma.objects.create(tarea=tarea, porcentaje_real=Decimal("50"))
    DependenciaTarea.objects.create(version=version, predecesor_uid=1, sucesor_uid=2)
    AvanceOtHistorial.objects.create(id_ot=version.id_ot, fecha=datetime.date(2026, 3, 5), version=version)

    rde = ReporteDiarioEmbarcacion.objects.create(embarcacion=barco, fecha=HOY, representante=admin)
    BitacoraTiempo.objects.create(
        reporte=rde, hora_inicio=datetime.time(6), hora_fin=datetime.time(12), actividad="Buceo", ot=ot
    )
    InventarioDiario.objects.create(
        reporte=rde,
        tipo_recurso=TipoRecurso.DIESEL,
        existencia_anterior=Decimal("100"),
        consumo=Decimal("10"),
        existencia_actual=Decimal("90"),
    )
    PersonalABordo.objects.create(reporte=rde, compania="BME", categoria="Buzo", cantidad=12)
    incidencia = Incidencia.objects.create(reporte=rde, tipo="Clima", descripcion="Mal tiempo", registrado_por=admin)
    FotoIncidencia.objects.create(
        incidencia=incidencia,
        archivo="costa_fuera/incidencias/2025/03/foto_prueba.png",
        nombre_original="ola.png",
        tipo_contenido="image/png",
        tamano=1024,
        sha256="0" * 64,
        subida_por=admin,
    )
    PosicionEmbarcacion.objects.create(
        embarcacion=barco, timestamp=datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC), latitud=19, longitud=-92
    )

    RegistroActividad.objects.create(evento=Evento.CREAR, afectacion="OT", registro_id=ot.pk, usuario=admin)
    IntentoAcceso.objects.create(usuario="intruso", ip="10.0.0.1")
    TrabajoSegundoPlano.objects.create(tipo="importar_anexo", usuario=admin)
    Modulo.objects.create(app_name="pte", nombre="PTE")
    return {"ot": ot, "responsable": responsable, "partida": partida, "reporte": reporte, "barco": barco}


def test_every_project_model_is_registered():
    registrados = set(django_admin.site._registry)
    faltantes = [
        m._meta.label for app in PROYECTO for m in apps.get_app_config(app).get_models() if m not in registrados
    ]
    assert faltantes == []


def test_site_header_is_spanish(cliente_admin):
    respuesta = cliente_admin.get(reverse("admin:index"))
    assert respuesta.status_code == 200
    assert "SASCOP BME SubTec — Administración" in respuesta.content.decode()


@pytest.mark.parametrize("modelo", MODELOS, ids=lambda m: m._meta.label)
def test_changelist_search_add_and_change_pages_answer(modelo, datos, admin, cliente_admin):
    assert cliente_admin.get(_url(modelo, "changelist")).status_code == 200
    assert cliente_admin.get(_url(modelo, "changelist"), {"q": "a"}).status_code == 200

    modelo_admin = django_admin.site._registry[modelo]
    peticion = RequestFactory().get("/")
    peticion.user = admin
    if modelo_admin.has_add_permission(peticion):
        assert cliente_admin.get(_url(modelo, "add")).status_code == 200

    objeto = modelo.objects.order_by("pk").first()
    assert objeto is not None, "the fixture must create a row of every model"
    assert cliente_admin.get(_url(modelo, "change", objeto.pk)).status_code == 200


@pytest.mark.parametrize("modelo", [RegistroActividad, IntentoAcceso])
def test_audit_records_are_read_only(modelo, datos, cliente_admin):
    objeto = modelo.objects.first()

    assert cliente_admin.get(_url(modelo, "add")).status_code == 403
    if modelo is RegistroActividad:
        assert cliente_admin.get(_url(modelo, "delete", objeto.pk)).status_code == 403
    pagina = cliente_admin.get(_url(modelo, "change", objeto.pk)).content.decode()
    assert 'name="_save"' not in pagina
    assert cliente_admin.post(_url(modelo, "change", objeto.pk), {}).status_code == 403


def test_admin_unlocks_a_user_by_deleting_its_failed_logins(datos, cliente_admin):
    intento = IntentoAcceso.objects.first()
    respuesta = cliente_admin.post(_url(IntentoAcceso, "delete", intento.pk), {"post": "yes"})
    assert respuesta.status_code == 302
    assert not IntentoAcceso.objects.filter(pk=intento.pk).exists()


def test_catalogues_are_deactivated_not_deleted(datos, cliente_admin):
    sitio = datos["barco"]
    assert cliente_admin.get(_url(Sitio, "delete", sitio.pk)).status_code == 403

    respuesta = cliente_admin.post(_url(Sitio, "changelist"), {"action": "desactivar", "_selected_action": [sitio.pk]})

    assert respuesta.status_code == 302
    sitio.refresh_from_db()
    assert sitio.activo is False


def test_pte_and_ot_are_not_hard_deleted_from_admin(datos, cliente_admin):
    assert cliente_admin.get(_url(OTE, "delete", datos["ot"].pk)).status_code == 403
    pte = PTEHeader.objects.first()
    assert cliente_admin.get(_url(PTEHeader, "delete", pte.pk)).status_code == 403


def test_staff_without_permissions_cannot_open_a_changelist(datos, client, externo):
    externo.is_staff = True
    externo.save()
    client.force_login(externo)

    assert client.get(_url(OTE, "changelist")).status_code == 403


def _consultas(cliente, url) -> int:
    with CaptureQueriesContext(connection) as contexto:
        assert cliente.get(url).status_code == 200
    return len(contexto.captured_queries)


def _mas_ots(datos, cuantas):
    """Reprogrammings: every related column of the changelist (principal, status, front…) is filled."""
    for n in range(2, cuantas + 2):
        _ot(
            1,
            datos["responsable"],
            id_tipo_id=TipoId.OT_REPROGRAMACION,
            ot_principal=datos["ot"],
            num_reprogramacion=n,
            id_estatus_ot_id=EstatusId.EN_EJECUCION,
        )


def _mas_producciones(datos, cuantas):
    for n in range(1, cuantas + 1):
        _produccion(datos["partida"], datos["reporte"], HOY + datetime.timedelta(days=n), datos["barco"])


def _mas_ptes(datos, cuantas):
    for n in range(2, cuantas + 2):
        PTEHeader.objects.create(
            id_tipo_id=TipoId.OBRA,
            oficio_pte=f"BME-3801-{n:03d}-2025",
            id_responsable_proyecto=datos["responsable"],
            id_cliente_id=1,
        )


@pytest.mark.parametrize(
    ("modelo", "agregar"),
    [
        (OTE, _mas_ots),
        (Produccion, _mas_producciones),
        (RegistroGPU, _mas_producciones),
        (PTEHeader, _mas_ptes),
    ],
    ids=["ote", "produccion", "registrogpu", "pteheader"],
)
def test_changelist_queries_do_not_grow_with_rows(modelo, agregar, datos, cliente_admin):
    url = _url(modelo, "changelist")
    _consultas(cliente_admin, url)  # warm the session and content-type caches
    pocas = _consultas(cliente_admin, url)

    agregar(datos, 12)
    muchas = _consultas(cliente_admin, url)

    assert muchas == pocas
