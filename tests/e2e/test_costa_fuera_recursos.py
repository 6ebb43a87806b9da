"""In the browser, the vessel day page's other tabs: persons on board against the vessel's capacity, the diesel and
water balance against PEMEX's reading, incidents with a photo (a PDF dressed as a PNG is refused), the TE/CMA
production proposed from the log and confirmed through the dialog, and a closed report that refuses writes."""

import re
import struct
import zlib
from datetime import date, time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from costa_fuera.models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    FotoIncidencia,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
)
from operaciones.produccion.models import Produccion
from tests.conftest import CLAVE, GRUPO_CAPTURISTA
from tests.costa_fuera import datos
from tests.e2e.comun import entrar, ruta
from tests.factories import UnidadMedidaFactory
from tests.produccion.datos import familia_con_anexo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

USUARIO = "recursos_e2e"
FECHA = date(2025, 3, 10)
C = CategoriaOperativa


@pytest.fixture
def capturista_barco(semillas):
    """Edits the day's POB, consumables and incidents and may also write production (the proposal's confirmation)."""
    user = User.objects.create_user(USUARIO, "recursos.e2e@bluemarine.com.mx", CLAVE, first_name="Rosa")
    user.groups.add(Group.objects.get(name=GRUPO_CAPTURISTA))
    return user


@pytest.fixture
def errores_js(pagina):
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    return errores


def _abrir(pagina, live_server, reporte, pestana):
    entrar(pagina, live_server, USUARIO, reverse("costa_fuera:reporte", args=[reporte.pk]), CLAVE)
    pagina.get_by_role("tab", name=pestana).click()


def _guardar_y_recargar(pagina, boton, final, estado_http):
    """Click a save button whose success reloads the page on the same tab; wait for the reload too."""
    if estado_http >= 400:
        with pagina.expect_response(ruta(final)) as envio:
            boton.click()
        assert envio.value.status == estado_http, envio.value.text()
        return envio.value
    with pagina.expect_navigation(), pagina.expect_response(ruta(final)) as envio:
        boton.click()
    assert envio.value.status == estado_http, envio.value.text()
    return envio.value


def png_real(ancho: int = 3, alto: int = 2) -> bytes:
    """A valid RGB PNG built byte by byte (signature, IHDR, zlib-compressed IDAT, IEND) so a browser can draw it."""

    def bloque(tipo: bytes, contenido: bytes) -> bytes:
        return struct.pack(">I", len(contenido)) + tipo + contenido + struct.pack(">I", zlib.crc32(tipo + contenido))

    renglones = b"".join(
        b"\x00" + bytes(v for x in range(ancho) for v in (40 * x % 256, 120, 200 - 30 * y)) for y in range(alto)
    )
    cabecera = struct.pack(">IIBBBBB", ancho, alto, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + bloque(b"IHDR", cabecera)
        + bloque(b"IDAT", zlib.compress(renglones))
        + bloque(b"IEND", b"")
    )


def _clase(nombre):
    return re.compile(rf"(^|\s){re.escape(nombre)}(\s|$)")


# --- (a) POB against the vessel's capacity ----------------------------------------------------------------------


def _fila_pob(pagina, indice, compania, categoria, cantidad):
    fila = pagina.locator("#pob-filas tr.pob-fila").nth(indice)
    fila.locator("[name=compania]").fill(compania)
    fila.locator("[name=categoria]").fill(categoria)
    fila.locator("[name=cantidad]").fill(str(cantidad))


def test_pob_over_capacity_is_refused_then_saved(live_server, pagina, capturista_barco, errores_js):
    barco = datos.embarcacion("DSV E2E POB", capacidad_pob=12)
    reporte = datos.reporte(barco, FECHA, representante=capturista_barco)
    _abrir(pagina, live_server, reporte, "Personal a bordo")

    # The empty day opens with one blank row; a second one comes from "Agregar renglón".
    filas = pagina.locator("#pob-filas tr.pob-fila")
    expect(filas).to_have_count(1)
    _fila_pob(pagina, 0, "BME SubTec", "Buzos", 6)
    pagina.get_by_role("button", name="Agregar renglón").click()
    _fila_pob(pagina, 1, "PEMEX", "Supervisión", 7)
    expect(pagina.locator("#pob-total")).to_have_text("13")
    expect(pagina.locator("#pob-excede")).to_be_visible()
    expect(pagina.locator("#pob-barra")).to_have_class(_clase("bg-danger"))

    guardar = pagina.get_by_role("button", name="Guardar personal a bordo")
    _guardar_y_recargar(pagina, guardar, "/pob/guardar/", 400)
    expect(pagina.locator("#contenedor-avisos")).to_contain_text(
        "El personal a bordo (13) excede la capacidad de la embarcación (12)."
    )
    assert not PersonalABordo.objects.filter(reporte=reporte).exists()

    # Within capacity: saved, and after the reload (same tab) the figures come from the server.
    _fila_pob(pagina, 1, "PEMEX", "Supervisión", 4)
    expect(pagina.locator("#pob-excede")).to_be_hidden()
    _guardar_y_recargar(pagina, guardar, "/pob/guardar/", 200)
    expect(pagina.locator("#tab-pob")).to_be_visible()
    expect(pagina.locator("#pob-total")).to_have_text("10")
    expect(pagina.locator("#pob-total-tabla")).to_have_text("10")
    expect(pagina.locator("#pob-porcentaje")).to_have_text("83.3")
    barra = pagina.locator("#pob-barra")
    expect(barra).to_have_class(_clase("bg-success"))
    assert "83.3%" in barra.get_attribute("style").replace(" ", "")
    expect(pagina.locator("#pob-excede")).to_be_hidden()
    expect(filas).to_have_count(2)
    guardadas = set(PersonalABordo.objects.filter(reporte=reporte).values_list("compania", "categoria", "cantidad"))
    assert guardadas == {("BME SubTec", "Buzos", 6), ("PEMEX", "Supervisión", 4)}
    assert not errores_js, errores_js


# --- (b) Diesel and water against PEMEX's reading -----------------------------------------------------------------


def _consumible(pagina, recurso, **valores):
    form = pagina.locator(f"form.consumible-form[data-recurso={recurso}]")
    for campo, valor in valores.items():
        form.locator(f"[name={campo}]").fill(valor)
    return form


def test_consumables_balance_and_tolerance_alert(live_server, pagina, capturista_barco, settings, errores_js):
    settings.SASCOP_TOLERANCIA_CONSUMIBLES = "2"
    barco = datos.embarcacion("DSV E2E CONSUMIBLES")
    reporte = datos.reporte(barco, FECHA, representante=capturista_barco)
    _abrir(pagina, live_server, reporte, "Consumibles")

    # Diesel: 10 000 + 5 000 − 2 000 − 0 = 13 000 L; PEMEX reads 12 500 (−500 L, −3.85 %), over the 2 % tolerance.
    diesel = _consumible(
        pagina, "DIESEL", existencia_anterior="10000", suministro="5000", consumo="2000", lectura_pemex="12500"
    )
    expect(diesel.locator(".consumible-actual")).to_have_text("13,000.000")  # the browser's preview
    _guardar_y_recargar(pagina, diesel.get_by_role("button", name="Guardar diésel"), "/inventario/guardar/", 200)
    expect(pagina.locator("#tab-consumibles")).to_be_visible()
    diesel = pagina.locator("form.consumible-form[data-recurso=DIESEL]")
    expect(diesel.locator(".consumible-actual")).to_have_text("13,000.000")
    expect(diesel.locator(".consumible-alerta")).to_be_visible()
    expect(diesel.locator(".consumible-alerta")).to_contain_text("Diferencia fuera de tolerancia (2 %)")
    expect(diesel.locator(".consumible-diferencia")).to_contain_text("-500.000 L (-3.85 %)")
    fila = InventarioDiario.objects.get(reporte=reporte, tipo_recurso="DIESEL")
    assert (fila.existencia_anterior, fila.existencia_actual, fila.lectura_pemex) == (
        Decimal("10000"),
        Decimal("13000"),
        Decimal("12500"),
    )

    # Water: 2 000 − 500 = 1 500 L; PEMEX reads 1 510 (+0.67 %): inside the tolerance, no alert.
    agua = _consumible(pagina, "AGUA", existencia_anterior="2000", consumo="500", lectura_pemex="1510")
    _guardar_y_recargar(pagina, agua.get_by_role("button", name="Guardar agua"), "/inventario/guardar/", 200)
    agua = pagina.locator("form.consumible-form[data-recurso=AGUA]")
    expect(agua.locator(".consumible-actual")).to_have_text("1,500.000")
    expect(agua.locator(".consumible-alerta")).to_have_count(0)
    expect(agua).to_contain_text("Dentro de tolerancia (2 %)")
    expect(agua.locator(".consumible-diferencia")).to_contain_text("10.000 L (0.67 %)")
    expect(pagina.locator("form.consumible-form[data-recurso=DIESEL] .consumible-alerta")).to_be_visible()
    assert InventarioDiario.objects.get(reporte=reporte, tipo_recurso="AGUA").existencia_actual == Decimal("1500")
    assert not errores_js, errores_js


# --- (c) Incidents and their photos -------------------------------------------------------------------------------


def test_incident_with_a_png_photo_and_a_pdf_refused(live_server, pagina, capturista_barco, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    barco = datos.embarcacion("DSV E2E INCIDENCIAS")
    reporte = datos.reporte(barco, FECHA, representante=capturista_barco)
    _abrir(pagina, live_server, reporte, "Incidencias")
    expect(pagina.locator("#incidencias-panel")).to_contain_text("No se registraron incidencias en este día.")

    form = pagina.locator("#incidencia-form")
    form.get_by_label("Tipo").fill("Falla de equipo")
    form.get_by_label("Severidad").select_option("ALTA")
    form.get_by_label("Descripción").fill("Falla del umbilical del ROV durante la inspección.")
    form.get_by_label("Visible para el cliente").check()
    _guardar_y_recargar(pagina, form.get_by_role("button", name="Guardar incidencia"), "/incidencias/crear/", 201)
    incidencia = Incidencia.objects.get(reporte=reporte)
    assert (incidencia.tipo, incidencia.severidad, incidencia.visible_cliente) == ("Falla de equipo", "ALTA", True)
    tarjeta = pagina.locator(f".incidencia[data-id='{incidencia.pk}']")
    expect(tarjeta).to_contain_text("Falla del umbilical del ROV")
    expect(tarjeta).to_contain_text("Visible para el cliente")
    expect(tarjeta).to_contain_text("Alta")

    # A real PNG (built here) is accepted, listed with its link, and the browser can draw it.
    contenido = png_real()
    tarjeta.get_by_label("Foto de la incidencia").set_input_files(
        {"name": "umbilical.png", "mimeType": "image/png", "buffer": contenido}
    )
    _guardar_y_recargar(pagina, tarjeta.get_by_role("button", name="Subir foto"), "/fotos/subir/", 201)
    foto = FotoIncidencia.objects.get(incidencia=incidencia)
    url_foto = reverse("costa_fuera:incidencia_foto", args=[foto.pk])
    enlace = tarjeta.locator(f"a[href='{url_foto}']")
    expect(enlace).to_have_count(1)
    expect(tarjeta).to_contain_text("umbilical.png")
    imagen = enlace.locator("img")
    expect(imagen).to_have_attribute("alt", "umbilical.png")
    imagen.scroll_into_view_if_needed()
    pagina.wait_for_function("img => img.complete && img.naturalWidth === 3", arg=imagen.element_handle())
    servida = pagina.request.get(f"{live_server.url}{url_foto}")
    assert servida.status == 200
    assert servida.headers["content-type"] == "image/png"
    assert servida.body() == contenido

    # A PDF renamed .png is recognised by its bytes and refused in Spanish; nothing is stored.
    tarjeta.get_by_label("Foto de la incidencia").set_input_files(
        {
            "name": "evidencia.png",
            "mimeType": "image/png",
            "buffer": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        }
    )
    _guardar_y_recargar(pagina, tarjeta.get_by_role("button", name="Subir foto"), "/fotos/subir/", 400)
    expect(pagina.locator("#contenedor-avisos")).to_contain_text(
        "El archivo no es una imagen válida: solo se aceptan fotos JPEG, PNG o WebP."
    )
    assert FotoIncidencia.objects.filter(incidencia=incidencia).count() == 1
    assert sorted(p.name for p in (tmp_path / "media").rglob("*") if p.is_file()) == [foto.archivo.name.split("/")[-1]]


# --- (d) Production proposed from the log, confirmed through the dialog ---------------------------------------------

TRAMOS = [
    ("00:00", "10:00", C.OPERANDO),
    ("10:00", "18:00", C.ESPERA_CLIMA),
    ("18:00", "00:00", C.TRANSITO),  # ends at 24:00
]


def _horas(inicio: str, fin: str) -> Decimal:
    a, b = time.fromisoformat(inicio), time.fromisoformat(fin)
    minutos = (b.hour * 60 + b.minute or 24 * 60) - (a.hour * 60 + a.minute)
    return Decimal(minutos) / 60


def test_proposal_confirmed_writes_day_rate_production(live_server, pagina, capturista_barco, errores_js):
    fam = familia_con_anexo(1, mes=FECHA.month, anio=FECHA.year, orden_trabajo="OT-E2E-CF-PROP")
    linea = fam.partidas[0]
    linea.unidad_medida = UnidadMedidaFactory(descripcion="DÍA", clave="DIA")
    linea.save(update_fields=["unidad_medida"])
    reporte = datos.reporte(fam.sitio, FECHA, representante=capturista_barco, estado=EstadoReporte.PRE_CIERRE)
    BitacoraTiempo.objects.bulk_create(
        BitacoraTiempo(
            reporte=reporte,
            hora_inicio=time.fromisoformat(i),
            hora_fin=time.fromisoformat(f),
            actividad=f"Actividad {i}",
            estatus_operativo=c,
            ot=fam.ot,
        )
        for i, f, c in TRAMOS
    )
    horas_te = sum(_horas(i, f) for i, f, c in TRAMOS if c in (C.OPERANDO, C.TRANSITO))
    horas_cma = sum(_horas(i, f) for i, f, c in TRAMOS if c == C.ESPERA_CLIMA)
    seis = Decimal("0.000001")
    esperado = {"TE": (horas_te / 24).quantize(seis), "CMA": (horas_cma / 24).quantize(seis)}
    assert esperado == {"TE": Decimal("0.666667"), "CMA": Decimal("0.333333")}

    _abrir(pagina, live_server, reporte, "Propuesta")
    tarjeta = pagina.locator(f"#propuesta-ots div.card[data-ot='{fam.ot.pk}']")
    expect(tarjeta).to_contain_text("OT OT-E2E-CF-PROP")
    expect(tarjeta.locator("dl")).to_contain_text("Horas TE16")
    expect(tarjeta.locator("dl")).to_contain_text("Horas CMA8")
    filas = tarjeta.locator("tbody tr")
    expect(filas).to_have_count(2)
    expect(filas.nth(0)).to_contain_text("TE")
    expect(filas.nth(0).locator("td").last).to_have_text("0.666667")
    expect(filas.nth(1)).to_contain_text("CMA")
    expect(filas.nth(1).locator("td").last).to_have_text("0.333333")
    expect(tarjeta.locator(".propuesta-elegir:checked")).to_have_count(2)

    confirmar = pagina.get_by_role("button", name="Confirmar producción")
    expect(confirmar).to_be_enabled()
    confirmar.click()
    dialogo = pagina.locator("#modal-propuesta")
    expect(dialogo).to_be_visible()
    expect(dialogo.locator("#propuesta-modal-fecha")).to_have_text("10/03/2025")
    expect(dialogo.locator("#propuesta-modal-tabla tbody tr")).to_have_count(2)
    expect(dialogo.locator("#propuesta-modal-tabla tbody")).to_contain_text("0.666667")
    expect(dialogo.locator("#propuesta-modal-tabla tbody")).to_contain_text("0.333333")
    with pagina.expect_response(ruta("/propuesta/confirmar/")) as envio:
        dialogo.get_by_role("button", name="Escribir producción").click()
    assert envio.value.status == 200, envio.value.text()
    expect(dialogo).to_be_hidden()

    escritas = {
        p.tipo_tiempo: p.volumen_produccion
        for p in Produccion.objects.filter(fecha_produccion=FECHA, id_partida_anexo=linea)
    }
    assert escritas == esperado
    assert Produccion.objects.filter(fecha_produccion=FECHA, id_sitio_produccion=fam.sitio).count() == 2

    # After a reload the tab shows the written values as current: nothing left to confirm.
    pagina.reload()
    pagina.get_by_role("tab", name="Propuesta").click()
    filas = pagina.locator(f"#propuesta-ots div.card[data-ot='{fam.ot.pk}'] tbody tr")
    expect(filas.nth(0).locator("td").last).to_have_text("0.666667 (sin cambio)")
    expect(filas.nth(1).locator("td").last).to_have_text("0.333333 (sin cambio)")
    expect(pagina.locator("#propuesta-ots .propuesta-elegir:checked")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Confirmar producción")).to_be_disabled()
    assert not errores_js, errores_js


# --- (e) A closed report ------------------------------------------------------------------------------------------


def test_closed_report_has_no_save_buttons_and_refuses_a_direct_post(live_server, pagina, capturista_barco):
    barco = datos.embarcacion("DSV E2E CERRADO", capacidad_pob=20)
    reporte = datos.reporte(barco, FECHA, representante=capturista_barco, estado=EstadoReporte.CERRADO)
    PersonalABordo.objects.create(reporte=reporte, compania="BME SubTec", categoria="Buzos", cantidad=5)
    Incidencia.objects.create(
        reporte=reporte, tipo="Clima", severidad="MEDIA", descripcion="Oleaje de 3 m.", registrado_por=capturista_barco
    )
    _abrir(pagina, live_server, reporte, "Personal a bordo")
    expect(pagina.locator("#aviso-solo-lectura")).to_contain_text("El reporte está cerrado: solo lectura.")
    expect(pagina.locator("#pob-filas")).to_contain_text("BME SubTec")
    expect(pagina.locator("#pob-filas input")).to_have_count(0)
    expect(pagina.locator("#incidencias-panel")).to_contain_text("Oleaje de 3 m.")
    # Every tab's write controls are absent, not merely hidden in an inactive tab (include_hidden). "Confirmar
    # producción" is not among them: production may be confirmed from a closed day (docs/costa_fuera.md).
    for nombre in (
        "Guardar bitácora",
        "Agregar actividad",
        "Guardar personal a bordo",
        "Agregar renglón",
        "Quitar renglón",
        "Guardar diésel",
        "Guardar agua",
        "Guardar incidencia",
        "Editar",
        "Subir foto",
        "Eliminar",
    ):
        expect(pagina.get_by_role("button", name=nombre, include_hidden=True)).to_have_count(0)
    expect(pagina.locator("#tab-consumibles input:not([type=hidden])")).to_have_count(0)
    expect(pagina.locator("#incidencia-form")).to_have_count(0)

    # Posting past the page: the server refuses it in Spanish and the POB stays as it was.
    token = next(c["value"] for c in pagina.context.cookies() if c["name"] == "csrftoken")
    respuesta = pagina.request.post(
        f"{live_server.url}{reverse('costa_fuera:pob_guardar', args=[reporte.pk])}",
        form={"filas": '[{"compania": "PEMEX", "categoria": "Supervisión", "cantidad": 3}]'},
        headers={"X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest"},
    )
    assert respuesta.status == 400, respuesta.text()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] is False
    assert "está cerrado y no admite cambios" in cuerpo["detalles"]
    assert list(PersonalABordo.objects.filter(reporte=reporte).values_list("compania", "cantidad")) == [
        ("BME SubTec", 5)
    ]
