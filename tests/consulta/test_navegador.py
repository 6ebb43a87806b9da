"""In the browser: the BI page loads its cards and charts (funnel and S-curve too), a filter updates them, a bar
drills down, Excel exports."""

from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Group, User

from operaciones.produccion.models import TipoTiempo
from tests.conftest import CLAVE, GRUPO_ADMIN
from tests.e2e.comun import entrar
from tests.produccion.datos import familia_con_anexo, producir

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_bi", "admin.bi@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def test_filter_updates_cards_and_charts_drill_down_and_export(live_server, pagina, administrador, tmp_path):
    errores = []
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    fam = familia_con_anexo(1, mes=3, anio=2025, precio_mn="100", precio_usd="10")
    producir(fam.partidas[0], date(2025, 3, 1), "2", sitio=fam.sitio)
    producir(fam.partidas[0], date(2025, 3, 2), "1", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA)

    entrar(pagina, live_server, "admin_bi", "/operaciones/centro_consulta/")
    valor = pagina.locator("#consulta-kpis .sascop-kpi-valor").first
    pagina.wait_for_function("document.querySelector('#consulta-kpis .sascop-kpi-valor').textContent.includes('300')")
    assert "300.00" in valor.text_content()
    pagina.locator("#tabla-consulta tbody tr").nth(1).wait_for()
    # The funnel and the S-curve draw the same rows: 300 MXN produced, accumulated over 1 and 2 March.
    pagina.wait_for_function("Chart.getChart('grafica-embudo') && Chart.getChart('grafica-curva-s')")
    pagina.wait_for_function("Chart.getChart('grafica-embudo').data.datasets[0].data[0] === 300")
    embudo = pagina.evaluate("Chart.getChart('grafica-embudo').data.labels")
    assert embudo == ["Producido", "GPU firmado / liberado", "Estimado", "Aprobado", "Facturado", "Pagado"]
    assert pagina.evaluate("Chart.getChart('grafica-curva-s').data.labels") == ["01/03/2025", "02/03/2025"]
    assert pagina.evaluate("Chart.getChart('grafica-curva-s').data.datasets[0].data") == [200, 300]

    with pagina.expect_response(lambda r: "informacion/graficas" in r.url):
        pagina.select_option("#f-tiempo", "CMA")
    pagina.wait_for_function(
        "document.querySelector('#consulta-kpis .sascop-kpi-valor').textContent.includes('100.00')"
    )
    etiquetas = pagina.evaluate("Chart.getChart('grafica-periodo').data.labels")
    assert etiquetas == ["2025"]
    # The new charts follow the filter too: only the CMA row of 2 March is left.
    pagina.wait_for_function("Chart.getChart('grafica-embudo').data.datasets[0].data[0] === 100")
    pagina.wait_for_function("Chart.getChart('grafica-curva-s').data.labels.join() === '02/03/2025'")
    assert pagina.evaluate("Chart.getChart('grafica-curva-s').data.datasets[0].data") == [100]
    assert pagina.evaluate("Chart.getChart('grafica-diaria').data.labels") == ["2025-03-02"]

    lienzo = pagina.locator("#grafica-periodo")
    lienzo.scroll_into_view_if_needed()
    caja = lienzo.bounding_box()
    with pagina.expect_response(lambda r: "nivel=mes" in r.url):
        pagina.mouse.click(caja["x"] + caja["width"] / 2, caja["y"] + caja["height"] - 40)
    pagina.wait_for_function("Chart.getChart('grafica-periodo').data.labels[0] === 'mar 2025'")

    with pagina.expect_download() as descarga:
        pagina.locator("#consulta-exportar").click()
    ruta = tmp_path / "bi.xlsx"
    descarga.value.save_as(ruta)
    filas = list(openpyxl.load_workbook(ruta).active.iter_rows(values_only=True))
    assert len(filas) == 2 and filas[1][7] == "CMA"

    pagina.get_by_role("tab", name="Documentación").click()
    pagina.locator("#tabla-grupos tbody tr").first.wait_for()
    assert errores == []
