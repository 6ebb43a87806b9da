"""The RDO workbook (Resumen, Bitácora, POB, Consumibles, Incidencias) and the vessel's range export."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from costa_fuera import excel
from costa_fuera.models import BitacoraTiempo, CategoriaOperativa, InventarioDiario, TipoRecurso
from tests.costa_fuera import datos
from tests.costa_fuera.test_documento import reporte_completo

pytestmark = pytest.mark.django_db


def libro(contenido: bytes):
    return load_workbook(io.BytesIO(contenido))


def filas(hoja) -> list[tuple]:
    return [fila for fila in hoja.iter_rows(values_only=True) if any(v is not None for v in fila)]


def test_workbook_has_the_five_sheets_with_typed_values(db):
    wb = libro(excel.rdo_xlsx(reporte=reporte_completo()))
    assert wb.sheetnames == ["Resumen", "Bitácora", "POB", "Consumibles", "Incidencias"]

    resumen = {f[0]: f[1] for f in filas(wb["Resumen"]) if f[0]}
    assert resumen["Embarcación"] == "DSV PRUEBA UNO"
    assert resumen["Fecha"] == datetime(2025, 3, 10)
    assert resumen["Estado"] == "Borrador"
    assert resumen["Representante"] == "Rita Representante"
    assert resumen["Personal a bordo"] == 21 and resumen["Capacidad de la embarcación"] == 60
    assert resumen["Horas en bitácora"] == 24
    assert resumen["Operando"] == pytest.approx(14.5) and resumen["Espera por clima"] == pytest.approx(3.5)
    assert resumen["OT-GRZ-801-25-902"] == pytest.approx(8.5) and resumen["Sin OT"] == pytest.approx(9.5)

    bitacora = filas(wb["Bitácora"])
    assert bitacora[0][:6] == ("Inicio", "Fin", "Horas", "Categoría", "OT", "Actividad")
    assert bitacora[1][:5] == ("00:00", "06:00", 6, "Operando", "OT-GRZ-801-25-901")
    assert bitacora[4][:4] == ("18:00", "24:00", 6, "Tránsito")
    assert bitacora[-1][0] == "Total" and bitacora[-1][2] == 24

    pob = filas(wb["POB"])
    assert pob[1] == ("BME SubTec", "Buzos", 18)
    assert pob[-2] == ("Total a bordo", None, 21) and pob[-1] == ("Capacidad de la embarcación", None, 60)

    consumibles = filas(wb["Consumibles"])
    diesel, agua = consumibles[1], consumibles[2]
    assert diesel[:9] == ("Diésel", "L", 250, 100, 12.5, 2, 335.5, 334, -1.5)
    assert diesel[10] == "No"
    assert agua[0] == "Agua" and agua[8] == pytest.approx(-14.75) and agua[10] == "Sí"
    assert all(isinstance(v, int | float) for v in diesel[2:10])

    incidencias = filas(wb["Incidencias"])
    assert {f[2] for f in incidencias[1:]} == {"Casi accidente en cubierta visible", "Falla interna del umbilical"}


def test_client_workbook_keeps_only_client_visible_incidents(db):
    wb = libro(excel.rdo_xlsx(reporte=reporte_completo(), solo_cliente=True))
    textos = [f[2] for f in filas(wb["Incidencias"])[1:] if len(f) > 2 and f[2]]
    assert textos == ["Casi accidente en cubierta visible"]
    assert any("Versión para el cliente" in (f[0] or "") for f in filas(wb["Incidencias"]))


def test_excel_view_names_the_file_after_vessel_and_date(cliente_lector):
    reporte = reporte_completo()
    respuesta = cliente_lector.get(reverse("costa_fuera:rdo_excel", args=[reporte.pk]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Disposition"] == 'attachment; filename="RDO_DSV_PRUEBA_UNO_2025-03-10.xlsx"'
    assert libro(respuesta.content).sheetnames[1] == "Bitácora"


def test_excel_view_refuses_anonymous_outsider_missing_and_bad_version(cliente_lector, externo):
    reporte = datos.reporte()
    url = reverse("costa_fuera:rdo_excel", args=[reporte.pk])
    assert Client().get(url).status_code == 302
    ajeno = Client()
    ajeno.force_login(externo)
    assert ajeno.get(url).status_code == 403
    assert cliente_lector.get(reverse("costa_fuera:rdo_excel", args=[reporte.pk + 999])).status_code == 404
    respuesta = cliente_lector.get(url, {"version": "x"})
    assert respuesta.status_code == 400 and "versión" in respuesta.json()["detalles"]


# --- range export ----------------------------------------------------------------------------------------------------


def dias_con_datos(barco, desde: date, n: int):
    anterior = Decimal("200.000")
    for k in range(n):
        r = datos.reporte(barco, desde + timedelta(days=k))
        BitacoraTiempo.objects.create(reporte=r, hora_inicio=time(0), hora_fin=time(8), actividad="a")
        BitacoraTiempo.objects.create(
            reporte=r,
            hora_inicio=time(8),
            hora_fin=time(0),
            actividad="b",
            estatus_operativo=CategoriaOperativa.TRANSITO,
        )
        consumo = Decimal("10.250") + k
        InventarioDiario.objects.create(
            reporte=r, tipo_recurso=TipoRecurso.DIESEL, existencia_anterior=anterior, consumo=consumo,
            existencia_actual=anterior - consumo, lectura_pemex=anterior - consumo,
        )  # fmt: skip
        anterior -= consumo


def test_range_export_one_row_per_day_with_hours_and_consumables(cliente_lector, django_assert_max_num_queries):
    barco = datos.embarcacion("B/A RANGO", capacidad_pob=40)
    dias_con_datos(barco, date(2025, 3, 1), 5)
    datos.reporte(barco, date(2025, 4, 1))  # outside the range
    url = reverse("costa_fuera:rdo_rango_excel")
    parametros = {"embarcacion": barco.pk, "desde": "2025-03-02", "hasta": "2025-03-31"}
    with django_assert_max_num_queries(12):
        respuesta = cliente_lector.get(url, parametros)
    assert respuesta.status_code == 200
    assert "RDO_B_A_RANGO_2025-03-02_a_2025-03-31.xlsx" in respuesta["Content-Disposition"]
    hoja = libro(respuesta.content)["Reportes"]
    tabla = filas(hoja)[1:]
    encabezado = tabla[0]
    cuerpo = tabla[1:]
    assert len(cuerpo) == 4
    col = {titulo: i for i, titulo in enumerate(encabezado)}
    assert cuerpo[0][col["Fecha"]] == datetime(2025, 3, 2)
    assert cuerpo[0][col["Horas bitácora"]] == 24
    assert cuerpo[0][col["Horas operando"]] == 8 and cuerpo[0][col["Horas tránsito"]] == 16
    assert cuerpo[0][col["Diésel consumo"]] == pytest.approx(11.25)
    assert cuerpo[-1][col["Diésel actual"]] == pytest.approx(200 - (10.25 + 11.25 + 12.25 + 13.25 + 14.25))
    assert cuerpo[0][col["Capacidad"]] == 40


def test_range_export_rejects_bad_input_naming_the_field(cliente_lector, externo):
    barco = datos.embarcacion()
    url = reverse("costa_fuera:rdo_rango_excel")
    casos = [
        ({"embarcacion": barco.pk, "desde": "2025-03-10", "hasta": "2025-03-01"}, "hasta"),
        ({"embarcacion": barco.pk, "desde": "2024-01-01", "hasta": "2025-03-01"}, "hasta"),
        ({"embarcacion": barco.pk, "desde": "ayer", "hasta": "2025-03-01"}, "desde"),
        ({"embarcacion": 10**20, "desde": "2025-03-01", "hasta": "2025-03-01"}, "embarcacion"),
        ({"desde": "2025-03-01", "hasta": "2025-03-01"}, "embarcacion"),
    ]
    for parametros, campo in casos:
        respuesta = cliente_lector.get(url, parametros)
        assert respuesta.status_code == 400, parametros
        assert campo in respuesta.json()["errores"], parametros
    ajeno = Client()
    ajeno.force_login(externo)
    assert ajeno.get(url, casos[0][0]).status_code == 403
    assert Client().get(url, casos[0][0]).status_code == 302


def test_range_export_allows_366_days_and_refuses_367(cliente_lector):
    barco = datos.embarcacion()
    url = reverse("costa_fuera:rdo_rango_excel")
    desde = date(2024, 1, 1)
    limite = {"embarcacion": barco.pk, "desde": desde.isoformat(), "hasta": (desde + timedelta(days=365)).isoformat()}
    assert cliente_lector.get(url, limite).status_code == 200
    excede = {**limite, "hasta": (desde + timedelta(days=366)).isoformat()}
    respuesta = cliente_lector.get(url, excede)
    assert respuesta.status_code == 400
    assert "366 días" in respuesta.json()["errores"]["hasta"][0]
