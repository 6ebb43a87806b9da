"""manage.py enviar_reporte_semanal: one e-mail with the PDF to the configured recipients, nothing for an empty week,
the week in Mexico City time, Spanish errors."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command

from core.models import RegistroActividad
from core.selectors import hoy_mexico
from operaciones.estimaciones.models import EstadoEstimacion, EstimacionHeader
from operaciones.ot.services import paso_ot_guardar_archivo
from reportes.semanal.datos import limites, resumen_semanal, semana_anterior
from tests.factories import (
    ImportacionAnexoFactory,
    OTDetalleFactory,
    OTEFactory,
    PartidaAnexoImportadaFactory,
    ProduccionFactory,
    RegistroActividadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MX = ZoneInfo("America/Mexico_City")
LUNES = date(2025, 6, 9)
DOMINGO = date(2025, 6, 15)
SEMANA = ["--desde", "2025-06-09", "--hasta", "2025-06-15"]


def _actividad(momento: datetime, **extra) -> RegistroActividad:
    registro = RegistroActividadFactory(**extra)
    # fecha is auto_now_add: move it afterwards.
    RegistroActividad.objects.filter(pk=registro.pk).update(fecha=momento)
    return registro


@pytest.fixture
def semana_con_datos():
    ot = OTEFactory()
    partida = PartidaAnexoImportadaFactory(
        importacion_anexo=ImportacionAnexoFactory(ot=ot),
        precio_unitario_mn=Decimal("1000.00"),
        precio_unitario_usd=Decimal("50.00"),
    )
    ProduccionFactory(id_partida_anexo=partida, fecha_produccion=date(2025, 6, 10), volumen_produccion=Decimal("2"))
    EstimacionHeader.objects.create(
        id_ot=ot,
        estado=EstadoEstimacion.APROBADA,
        fecha_estimacion=date(2025, 6, 12),
        fecha_desde=date(2025, 6, 1),
        fecha_hasta=date(2025, 6, 8),
        total_importe_mn=Decimal("1500.50"),
        total_importe_usd=Decimal("20.00"),
    )
    _actividad(datetime(2025, 6, 11, 10, 0, tzinfo=MX), usuario=UserFactory(username="maria"), afectacion="OT")
    return ot


def test_envia_un_correo_con_pdf_a_los_destinatarios_configurados(semana_con_datos, settings):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = ["direccion@bluemarine.com.mx", "finanzas@bluemarine.com.mx"]
    call_command("enviar_reporte_semanal", *SEMANA)
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["direccion@bluemarine.com.mx", "finanzas@bluemarine.com.mx"]
    assert "09/06/2025" in correo.subject and "15/06/2025" in correo.subject
    nombre, contenido, tipo = correo.attachments[0]
    assert tipo == "application/pdf" and nombre.endswith(".pdf")
    assert contenido.startswith(b"%PDF")
    html, tipo_html = correo.alternatives[0]
    assert tipo_html == "text/html"
    # 2 × 1000.00 MXN and 2 × 50.00 USD, each in its own currency.
    assert "$2,000.00 MXN" in html and "$100.00 USD" in html
    assert "$1,500.50 MXN" in correo.body and "maria" in correo.body


def test_sin_opcion_ni_ajuste_usa_el_grupo(semana_con_datos, settings):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = []
    settings.SASCOP_REPORTE_SEMANAL_GRUPO = "Resumen semanal"
    grupo = Group.objects.create(name="Resumen semanal")
    for usuario in (
        UserFactory(email="activo@bluemarine.com.mx"),
        UserFactory(email="inactivo@bluemarine.com.mx", is_active=False),
        UserFactory(email=""),
    ):
        usuario.groups.add(grupo)
    UserFactory(email="fuera@bluemarine.com.mx")
    call_command("enviar_reporte_semanal", *SEMANA)
    assert [c.to for c in mail.outbox] == [["activo@bluemarine.com.mx"]]


def test_la_opcion_destinatarios_manda(semana_con_datos, settings):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = ["direccion@bluemarine.com.mx"]
    call_command("enviar_reporte_semanal", *SEMANA, "--destinatarios", "a@bluemarine.com.mx, b@bluemarine.com.mx")
    assert mail.outbox[0].to == ["a@bluemarine.com.mx", "b@bluemarine.com.mx"]


def test_semana_vacia_no_envia(settings, capsys):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = ["direccion@bluemarine.com.mx"]
    _actividad(datetime(2025, 6, 16, 0, 30, tzinfo=MX))
    call_command("enviar_reporte_semanal", *SEMANA)
    assert mail.outbox == []
    assert "no se envió ningún correo" in capsys.readouterr().out


def test_sin_destinatarios_error_claro(semana_con_datos, settings):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = []
    settings.SASCOP_REPORTE_SEMANAL_GRUPO = ""
    with pytest.raises(CommandError, match="No hay destinatarios"):
        call_command("enviar_reporte_semanal", *SEMANA)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (["--desde", "2025-13-01", "--hasta", "2025-06-15"], "no es válida"),
        (["--desde", "09/06/2025", "--hasta", "2025-06-15"], "no es válida"),
        (["--desde", "2025-06-15", "--hasta", "2025-06-09"], "no puede ser anterior"),
        (["--desde", "2025-06-09"], "juntos"),
        (["--desde", "2020-01-01", "--hasta", "2025-06-15"], "no puede pasar"),
        ([*SEMANA, "--destinatarios", "no-es-correo"], "no es un correo válido"),
    ],
)
def test_entradas_invalidas_dan_error_en_espanol(argumentos, mensaje, settings):
    settings.SASCOP_REPORTE_SEMANAL_DESTINATARIOS = ["direccion@bluemarine.com.mx"]
    with pytest.raises(CommandError, match=mensaje):
        call_command("enviar_reporte_semanal", *argumentos)


def test_semana_anterior_de_lunes_a_domingo():
    assert semana_anterior(date(2025, 6, 18)) == (LUNES, DOMINGO)
    assert semana_anterior(date(2025, 6, 16)) == (LUNES, DOMINGO)
    assert semana_anterior(date(2025, 6, 22)) == (LUNES, DOMINGO)


def test_limites_en_hora_de_la_ciudad_de_mexico():
    inicio, fin = limites(LUNES, DOMINGO)
    # Mexico City is UTC−6 all year since 2022.
    assert inicio == datetime(2025, 6, 9, 6, 0, tzinfo=ZoneInfo("UTC"))
    assert fin == datetime(2025, 6, 16, 6, 0, tzinfo=ZoneInfo("UTC"))


def test_actividad_cuenta_por_hora_local_no_utc():
    dentro_temprano = _actividad(datetime(2025, 6, 9, 0, 30, tzinfo=MX), afectacion="PTE")  # Mon 06:30 UTC
    dentro_tarde = _actividad(datetime(2025, 6, 15, 23, 30, tzinfo=MX), afectacion="PTE")  # Mon 16th 05:30 UTC
    _actividad(datetime(2025, 6, 8, 23, 30, tzinfo=MX), afectacion="PTE")  # Mon 9th 05:30 UTC: previous week
    _actividad(datetime(2025, 6, 16, 0, 10, tzinfo=MX), afectacion="PTE")  # next week
    resumen = resumen_semanal(LUNES, DOMINGO)
    assert resumen.total_actividad == 2
    assert {dentro_temprano.usuario.username, dentro_tarde.usuario.username} == {
        f["usuario"] for f in resumen.actividad
    }


def test_entregables_por_lider_desde_la_bitacora(admin):
    paso = OTDetalleFactory()
    paso_ot_guardar_archivo(paso=paso, archivo="https://drive.example.com/evidencia", usuario=admin)
    otro = OTDetalleFactory()
    paso_ot_guardar_archivo(paso=otro, archivo="https://drive.example.com/x", usuario=admin)
    paso_ot_guardar_archivo(paso=otro, archivo="", usuario=admin)  # cleared: the earlier load still happened
    hoy = hoy_mexico()
    resumen = resumen_semanal(hoy - timedelta(days=hoy.weekday()), hoy - timedelta(days=hoy.weekday()) + timedelta(6))
    lideres = {f["lider"]: f for f in resumen.entregables}
    assert lideres[paso.id_ot.id_responsable_proyecto.descripcion]["ot"] == 1
    assert resumen.total_entregables == 2


def test_produccion_y_estimaciones_de_la_semana_por_moneda(semana_con_datos):
    resumen = resumen_semanal(LUNES, DOMINGO)
    assert resumen.produccion_mn == Decimal("2000.00")
    assert resumen.produccion_usd == Decimal("100.00")
    assert [d["importe_mn"] for d in resumen.produccion_dias if d["importe_mn"]] == [Decimal("2000.00")]
    assert resumen.estimaciones == [
        {"estado": "Aprobada", "total": 1, "importe_mn": Decimal("1500.50"), "importe_usd": Decimal("20.00")}
    ]
