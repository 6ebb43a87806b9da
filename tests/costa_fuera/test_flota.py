"""Fleet page (latest report, position and status of every active vessel) and positions typed by hand."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import RegistroActividad
from costa_fuera import flota
from costa_fuera.models import (
    BitacoraTiempo,
    CategoriaOperativa,
    EstadoReporte,
    PersonalABordo,
    PosicionEmbarcacion,
)
from operaciones.catalogos.constantes import FrenteId
from tests.costa_fuera import datos
from tests.factories import SitioFactory, UserFactory, frente

pytestmark = pytest.mark.django_db

URL_POSICION = "costa_fuera:posicion_registrar"


def barco_con_dias(nombre: str, *, capacidad=50, pob=20, categoria=CategoriaOperativa.ESPERA_CLIMA):
    barco = datos.embarcacion(nombre, capacidad_pob=capacidad)
    representante = UserFactory(first_name="Rosa", last_name=f"Rep {nombre}")
    datos.reporte(barco, date(2025, 3, 9), representante=representante, estado=EstadoReporte.CERRADO)
    ultimo = datos.reporte(barco, date(2025, 3, 10), representante=representante, estado=EstadoReporte.PRE_CIERRE)
    BitacoraTiempo.objects.create(reporte=ultimo, hora_inicio=time(0), hora_fin=time(12), actividad="x")
    BitacoraTiempo.objects.create(
        reporte=ultimo, hora_inicio=time(12), hora_fin=time(0), actividad="y", estatus_operativo=categoria
    )
    PersonalABordo.objects.create(reporte=ultimo, compania="BME SubTec", categoria="Buzos", cantidad=pob)
    momento = timezone.make_aware(datetime(2025, 3, 10, 12))
    PosicionEmbarcacion.objects.create(embarcacion=barco, timestamp=momento - timedelta(hours=6), latitud=1, longitud=1)
    PosicionEmbarcacion.objects.create(
        embarcacion=barco, timestamp=momento, latitud=Decimal("19.5"), longitud=Decimal("-92.25"),
        velocidad_nudos=Decimal("7.50"),
    )  # fmt: skip
    return barco, ultimo


def test_flota_resumen_gives_latest_report_position_status_and_pob(db):
    _, ultimo = barco_con_dias("DSV FLOTA A", capacidad=15, pob=20)
    sin_reporte = datos.embarcacion("DSV FLOTA SIN REPORTE")
    SitioFactory(descripcion="DSV INACTIVA", activo=False)
    SitioFactory(descripcion="PLATAFORMA X", id_frente=frente(FrenteId.PLATAFORMA))
    filas = {f.embarcacion.descripcion: f for f in flota.flota_resumen()}
    assert "DSV INACTIVA" not in filas and "PLATAFORMA X" not in filas
    a = filas["DSV FLOTA A"]
    assert a.reporte.pk == ultimo.pk
    assert a.estatus == "Espera por clima"
    assert a.pob_total == 20 and a.capacidad == 15 and a.pob_excedido
    assert a.posicion_texto == "19.500000° N, 92.250000° O"
    s = filas[sin_reporte.descripcion]
    assert s.reporte is None and s.estatus == "Sin reporte" and s.posicion is None


def test_fleet_page_shows_each_vessel_with_a_constant_number_of_queries(cliente_lector, django_assert_max_num_queries):
    barco_con_dias("DSV FLOTA A")
    url = reverse("costa_fuera:inicio")
    with django_assert_max_num_queries(20) as pocas:
        respuesta = cliente_lector.get(url)
    consultas = len(pocas.captured_queries)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for esperado in ("DSV FLOTA A", "10/03/2025", "Pre-cierre", "Rosa Rep DSV FLOTA A", "Espera por clima",
                     "20 / 50", "19.500000° N, 92.250000° O", "7.50 nudos", "rdo.pdf", "rdo.xlsx"):  # fmt: skip
        assert esperado in html, esperado
    for n in range(4):
        barco_con_dias(f"DSV MAS {n}", categoria=CategoriaOperativa.TRANSITO)
    datos.embarcacion("DSV SIN NADA")
    with django_assert_max_num_queries(consultas):
        respuesta = cliente_lector.get(url)
    html = respuesta.content.decode()
    assert "DSV MAS 3" in html and "Tránsito" in html and "Sin reporte" in html


def test_fleet_page_shows_the_position_form_only_to_who_may_record(cliente_lector, capturista):
    datos.embarcacion("DSV FORM")
    url = reverse("costa_fuera:inicio")
    assert 'id="form-posicion"' not in cliente_lector.get(url).content.decode()
    otro = Client()
    otro.force_login(capturista)
    assert 'id="form-posicion"' in otro.get(url).content.decode()


def test_fleet_page_refuses_anonymous_and_outsider(client, externo):
    url = reverse("costa_fuera:inicio")
    assert client.get(url).status_code == 302
    client.force_login(externo)
    assert client.get(url).status_code == 403


# --- recording a position ------------------------------------------------------------------------------------------


def con_permiso_de_posicion():
    usuario = UserFactory()
    usuario.user_permissions.add(Permission.objects.get(codename="add_posicionembarcacion"))
    cliente = Client()
    cliente.force_login(usuario)
    return cliente, usuario


def valido(barco, **cambios):
    momento = timezone.localtime() - timedelta(hours=1)
    datos_ = {"embarcacion": barco.pk, "latitud": "19.123456", "longitud": "-92.654321",
              "timestamp": momento.strftime("%Y-%m-%dT%H:%M"), "velocidad_nudos": "8.5"}  # fmt: skip
    datos_.update(cambios)
    return datos_


def test_recording_a_position_stores_it_logs_it_and_shows_on_the_fleet(db):
    cliente, usuario = con_permiso_de_posicion()
    barco = datos.embarcacion("DSV POSICION")
    respuesta = cliente.post(reverse(URL_POSICION), valido(barco))
    assert respuesta.status_code == 201, respuesta.json()
    cuerpo = respuesta.json()
    assert cuerpo["exito"] and "19.123456° N" in cuerpo["detalles"]
    posicion = PosicionEmbarcacion.objects.get(pk=cuerpo["id_nuevo"])
    assert (posicion.embarcacion_id, posicion.latitud, posicion.longitud) == (
        barco.pk, Decimal("19.123456"), Decimal("-92.654321"),
    )  # fmt: skip
    assert posicion.velocidad_nudos == Decimal("8.50")
    assert RegistroActividad.objects.filter(afectacion=flota.ENTIDAD_POSICION, registro_id=posicion.pk, usuario=usuario)
    (fila,) = [f for f in flota.flota_resumen() if f.embarcacion.pk == barco.pk]
    assert fila.posicion.pk == posicion.pk


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"latitud": "90.5"}, "latitud"),
        ({"latitud": "-91"}, "latitud"),
        ({"longitud": "180.000001"}, "longitud"),
        ({"longitud": "-181"}, "longitud"),
        ({"latitud": "19.1234567"}, "latitud"),
        ({"latitud": "abc"}, "latitud"),
        ({"latitud": "0", "longitud": "0.000000"}, "latitud"),
        ({"velocidad_nudos": "-1"}, "velocidad_nudos"),
        ({"velocidad_nudos": "1e9"}, "velocidad_nudos"),
        ({"timestamp": "mañana"}, "timestamp"),
        ({"embarcacion": "999999999"}, "embarcacion"),
        ({"embarcacion": str(10**30)}, "embarcacion"),
        ({"embarcacion": ""}, "embarcacion"),
        ({"latitud": ""}, "latitud"),
    ],
)
def test_invalid_position_is_400_naming_the_field(db, cambios, campo):
    cliente, _ = con_permiso_de_posicion()
    barco = datos.embarcacion()
    respuesta = cliente.post(reverse(URL_POSICION), valido(barco, **cambios))
    assert respuesta.status_code == 400
    cuerpo = respuesta.json()
    assert campo in cuerpo["errores"] and not cuerpo["exito"]
    assert not PosicionEmbarcacion.objects.exists()


def test_position_in_the_future_or_of_an_inactive_vessel_is_refused(db):
    cliente, _ = con_permiso_de_posicion()
    barco = datos.embarcacion()
    futuro = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    respuesta = cliente.post(reverse(URL_POSICION), valido(barco, timestamp=futuro))
    assert respuesta.status_code == 400 and "futuro" in respuesta.json()["errores"]["timestamp"][0]
    plataforma = SitioFactory(id_frente=frente(FrenteId.PLATAFORMA))
    assert cliente.post(reverse(URL_POSICION), valido(plataforma)).status_code == 400
    inactiva = SitioFactory(activo=False)
    assert cliente.post(reverse(URL_POSICION), valido(inactiva)).status_code == 400


def test_position_needs_login_permission_and_post(client, lector):
    barco = datos.embarcacion()
    url = reverse(URL_POSICION)
    assert client.post(url, valido(barco)).status_code == 401
    client.force_login(lector)
    assert client.post(url, valido(barco)).status_code == 403
    cliente, _ = con_permiso_de_posicion()
    assert cliente.get(url).status_code == 405
    assert not PosicionEmbarcacion.objects.exists()
