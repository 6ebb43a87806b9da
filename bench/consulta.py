"""The Centro de consulta (BI) at the bench's demo scale: every endpoint the page calls, plus the API and the mail.

Measured on the data set `bench/run.py` builds (`generar_datos_demo --escala N`, plus the extra OT/PTE volume unless
it is turned off), with the same `medir` as the other scenarios: SQL queries per request, p50/p95 and req/s. Each
data endpoint is asked twice: with no filter (the whole data set, the worst case) and with the filters a user
typically sets (the latest year of production, one project leader). The Excel export, the statistics API's yearly
sums and "enviar a mi correo" (Excel + charts PDF, to the in-memory mail backend) run fewer times: they write files.
"""

import statistics
import time
from urllib.parse import urlencode

REPETICIONES_ARCHIVO = 3
BASE = "/operaciones/centro_consulta/"


def _filtros() -> dict:
    """The filters a user would set on this data set: the latest year with production and its busiest leader."""
    from django.db.models import Count, Max

    from operaciones.produccion.models import Produccion

    ultima = Produccion.objects.aggregate(m=Max("fecha_produccion"))["m"]
    if ultima is None:
        return {}
    lider = (
        Produccion.objects.filter(fecha_produccion__year=ultima.year)
        .values("id_reporte_mensual__id_ot__id_responsable_proyecto")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return {
        "desde": f"{ultima.year}-01-01",
        "hasta": f"{ultima.year}-12-31",
        "lider": lider["id_reporte_mensual__id_ot__id_responsable_proyecto"],
        "anio": ultima.year,
    }


def escenarios_consulta():
    from bench.escenarios import Escenario

    f = _filtros()
    anio = f.pop("anio", 2025)
    filtrado = urlencode(f)
    tabla = "draw=1&start=0&length=25&order[0][column]=0&columns[0][data]=fecha&order[0][dir]=desc"
    lista = [Escenario("BI: página", BASE)]
    for sufijo, consulta in (("todo", ""), ("filtrado", filtrado)):
        unir = f"&{consulta}" if consulta else ""
        lista += [
            Escenario(f"BI: indicadores ({sufijo})", f"{BASE}informacion/indicadores/?{consulta}"),
            Escenario(f"BI: tabla, 1.ª página ({sufijo})", f"{BASE}informacion/datatable/?{tabla}{unir}"),
            Escenario(f"BI: gráficas por año ({sufijo})", f"{BASE}informacion/graficas/?nivel=anio{unir}"),
            Escenario(f"BI: embudo ({sufijo})", f"{BASE}informacion/embudo/?{consulta}"),
            Escenario(f"BI: curva S ({sufijo})", f"{BASE}informacion/curva_s/?{consulta}"),
        ]
    lista += [
        Escenario("BI: tabla, búsqueda + página 5", f"{BASE}informacion/datatable/?{tabla}&start=100&search[value]=2."),
        Escenario("BI: gráficas, días de un mes", f"{BASE}informacion/graficas/?nivel=dia&anio={anio}&mes=3"),
        Escenario("BI: documentos por líder", f"{BASE}documentacion/agrupados/?agrupar_por=lider"),
        Escenario(
            "BI: documentos por tipo, pendientes", f"{BASE}documentacion/agrupados/?agrupar_por=tipo&estado=PENDIENTE"
        ),
        Escenario("BI: documentos, tabla (pasos de OT)", f"{BASE}documentacion/datatable/?draw=1&start=0&length=25"),
        Escenario("BI: documentos, tabla (GPU)", f"{BASE}documentacion/datatable/?draw=1&start=0&length=25&tipo=gpu"),
        Escenario("API de estadísticas", "/operaciones/api/estadisticas/"),
        Escenario("BI: Excel (todo)", f"{BASE}informacion/exportar/", REPETICIONES_ARCHIVO),
        Escenario("BI: Excel (filtrado)", f"{BASE}informacion/exportar/?{filtrado}", REPETICIONES_ARCHIVO),
    ]
    return lista, f


def _cuerpo(respuesta) -> bytes:
    """The body, read to the end (a streamed Excel file is read within the measured time, as a browser would)."""
    if getattr(respuesta, "streaming", False):
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def _medir(cliente, nombre: str, url: str, repeticiones: int, calentamiento: int, datos: dict | None = None):
    """Queries, latencies and size of GET `url` (POST `datos` when given), like bench.run.medir but able to read a
    streamed response and to post a form."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.run import Resultado, percentil

    def pedir():
        respuesta = cliente.get(url) if datos is None else cliente.post(url, datos)
        return respuesta, _cuerpo(respuesta)

    resultado = Resultado(nombre, url if datos is None else f"POST {url}")
    consultas, cuerpo = [], b""
    try:
        for _ in range(calentamiento):
            respuesta, cuerpo = pedir()
        for _ in range(repeticiones):
            with CaptureQueriesContext(connection) as capturadas:
                inicio = time.perf_counter()
                respuesta, cuerpo = pedir()
                resultado.latencias_ms.append((time.perf_counter() - inicio) * 1000)
            consultas.append(len(capturadas))
            resultado.estado = respuesta.status_code
            if respuesta.status_code != 200:
                resultado.nota = f"respuesta {respuesta.status_code}, se omite"
                return resultado
    except Exception as exc:  # one failing endpoint must not lose the other figures
        resultado.nota = f"error {type(exc).__name__}, se omite"
        return resultado
    resultado.kb = len(cuerpo) / 1024
    resultado.consultas_min, resultado.consultas_max = min(consultas), max(consultas)
    resultado.p50_ms = statistics.median(resultado.latencias_ms)
    resultado.p95_ms = percentil(resultado.latencias_ms, 95)
    resultado.req_s = 1000 * len(resultado.latencias_ms) / sum(resultado.latencias_ms)
    return resultado


def medir_consulta(cliente, *, repeticiones: int, calentamiento: int) -> list:
    from django.core import mail

    lista, filtros = escenarios_consulta()
    resultados = [
        _medir(
            cliente,
            e.nombre,
            e.url,
            e.repeticiones or repeticiones,
            1 if e.repeticiones else max(calentamiento, 1),
        )
        for e in lista
    ]
    envio = _medir(
        cliente,
        "BI: enviar a mi correo (Excel + PDF, filtrado)",
        f"{BASE}informacion/enviar/",
        REPETICIONES_ARCHIVO,
        1,
        datos=filtros,
    )
    if envio.medido and mail.outbox:
        envio.kb = sum(len(adjunto[1]) for adjunto in mail.outbox[-1].attachments) / 1024
    mail.outbox.clear()
    resultados.append(envio)
    return resultados


def imprimir_consulta(resultados: list) -> None:
    from bench.run import imprimir_tabla

    print("\nCentro de consulta (BI):")
    imprimir_tabla(resultados)
