"""The production sheet at full size: loading and saving 200 concepts × 31 days × 2 time types, and its Excel.

Built in the bench's throwaway database with the test builders (`tests/produccion/datos.py`): an OT family with
200 concepts in its active annex (anexos C-2 and C-3, so every production row also gets its GPU) and programmed
volume on every day of March 2025, plus a 20-concept family to show that loading a sheet costs the same number of
queries at 20 and at 200 concepts (issue 5 acceptance). Everything goes through `django.test.Client` with the
bench's superuser, as the browser calls it:

- Cargar hoja: GET obtener_partidas_produccion (TE sheet), repeated: queries and p50/p95.
- Guardar hoja: POST guardar_produccion_masiva with 200 × 31 cells, TE then CMA; the first save of each inserts
  6 200 rows (and their GPUs, and recomputes the family's excess), the repeated one finds nothing to change.
- Cargar hoja again, with 12 400 production rows in the month.
- Excel: export of the TE sheet (GET exportar_hoja), import of the untouched file (no change), then a file with
  every TE cell changed: dry run, and the real import (6 200 updates).
"""

import io
import json
import math
import statistics
import time
from dataclasses import dataclass

MES, ANIO = 3, 2025
CONCEPTOS = 200
CONCEPTOS_PEQUENA = 20
REPETICIONES_CARGA = 20
REPETICIONES_EXCEL = 3
VOLUMEN_AUTORIZADO = "50"  # TE 31 × 1.5 = 46.5 stays below it; the CMA save pushes every concept into excess
SECUENCIA_INICIAL = 7000
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class MedicionProduccion:
    nombre: str
    peticiones: int = 0
    consultas: str = ""
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    kb: float = 0.0
    informe: str = ""


def _medir(nombre: str, peticion, *, repeticiones: int = 1, informe=None) -> MedicionProduccion:
    """Run `peticion()` `repeticiones` times; queries, latency and the report of the last answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    medicion = MedicionProduccion(nombre, repeticiones)
    latencias, consultas = [], []
    try:
        for _ in range(repeticiones):
            with CaptureQueriesContext(connection) as capturadas:
                inicio = time.perf_counter()
                respuesta = peticion()
                latencias.append((time.perf_counter() - inicio) * 1000)
            consultas.append(len(capturadas))
            if respuesta.status_code != 200:
                medicion.informe = f"respuesta {respuesta.status_code}: {respuesta.content[:200]!r}"
                return medicion
    except Exception as exc:  # one failing step must not lose the other figures
        medicion.informe = f"error {type(exc).__name__}: {exc}"[:200]
        return medicion
    ordenadas = sorted(latencias)
    medicion.consultas = (
        str(min(consultas)) if min(consultas) == max(consultas) else f"{min(consultas)}-{max(consultas)}"
    )
    medicion.p50_ms = statistics.median(latencias)
    medicion.p95_ms = ordenadas[max(math.ceil(0.95 * len(ordenadas)) - 1, 0)]  # nearest rank
    medicion.kb = len(respuesta.content) / 1024
    medicion.informe = informe(respuesta) if informe else ""
    return medicion


def _conteos(respuesta) -> str:
    datos = respuesta.json()
    claves = ("creados", "actualizados", "eliminados", "sin_cambios", "excedentes_cambiados")
    claves += ("creadas", "actualizadas", "eliminadas")
    return " ".join(f"{c}={datos[c]}" for c in claves if c in datos)


def _parametros(familia, tipo_tiempo: str = "TE") -> dict:
    return {"id_ot": familia.ot.pk, "mes": MES, "anio": ANIO, "tipo_tiempo": tipo_tiempo, "id_sitio": familia.sitio.pk}


def _libro_cambiado(contenido: bytes, valor: float) -> bytes:
    """The exported workbook with every day cell of every concept row set to `valor` (as a user would)."""
    import openpyxl

    from operaciones.produccion.excel import COLUMNAS_INICIALES, FILA_ENCABEZADO

    libro = openpyxl.load_workbook(io.BytesIO(contenido))
    hoja = libro.worksheets[0]
    titulos = [c.value for c in hoja[FILA_ENCABEZADO + 1]]
    columna_id = titulos.index("ID") + 1
    primera = len(COLUMNAS_INICIALES) + 1
    dias = sum(1 for t in titulos if hasattr(t, "day"))
    for fila in range(FILA_ENCABEZADO + 2, hoja.max_row + 1):
        if hoja.cell(fila, columna_id).value is not None:
            for columna in range(primera, primera + dias):
                hoja.cell(fila, columna).value = valor
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _apartar_secuencias(inicio: int = SECUENCIA_INICIAL) -> None:
    """Start the test factories' sequences far from the demo data's names (contract numbers are unique)."""
    import factory

    from tests import factories

    base = factory.django.DjangoModelFactory
    for objeto in vars(factories).values():
        if isinstance(objeto, type) and issubclass(objeto, base) and objeto is not base:
            objeto.reset_sequence(inicio, force=True)


def medir_produccion(cliente) -> list[MedicionProduccion]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.produccion.datos import familia_con_anexo, valores_mes

    url_hoja = reverse("produccion:obtener_partidas_produccion")
    url_guardar = reverse("produccion:guardar_produccion_masiva")
    url_exportar = reverse("produccion:exportar_hoja")
    url_importar = reverse("produccion:importar_hoja")
    _apartar_secuencias()
    pequena = familia_con_anexo(CONCEPTOS_PEQUENA, mes=MES, anio=ANIO, volumen=VOLUMEN_AUTORIZADO, programado="2")
    grande = familia_con_anexo(CONCEPTOS, mes=MES, anio=ANIO, volumen=VOLUMEN_AUTORIZADO, programado="2")
    celdas = f"{CONCEPTOS} × 31"

    def cargar(familia):
        return lambda: cliente.get(url_hoja, _parametros(familia))

    def guardar(tipo_tiempo: str, valor: str):
        cuerpo = {
            **_parametros(grande, tipo_tiempo),
            "partidas": [
                {"id_partida_imp": p.pk, "codigo": p.id_partida, "valores": valores_mes(MES, ANIO, valor)}
                for p in grande.partidas
            ],
        }
        texto = json.dumps(cuerpo)
        return lambda: cliente.post(url_guardar, data=texto, content_type="application/json")

    def importar(contenido: bytes, **extra):
        def peticion():
            archivo = SimpleUploadedFile("hoja.xlsx", contenido, content_type=TIPO_XLSX)
            return cliente.post(url_importar, {**_parametros(grande), "archivo": archivo, **extra})

        return peticion

    cliente.get(url_hoja, _parametros(pequena))  # the session's periodic write lands here, not in a measurement
    mediciones = [
        _medir(f"Cargar hoja ({CONCEPTOS_PEQUENA} conceptos, vacía)", cargar(pequena), repeticiones=REPETICIONES_CARGA),
        _medir(f"Cargar hoja ({CONCEPTOS} conceptos, vacía)", cargar(grande), repeticiones=REPETICIONES_CARGA),
    ]
    for tipo_tiempo, valor in (("TE", "1.5"), ("CMA", "0.5")):
        peticion = guardar(tipo_tiempo, valor)
        mediciones.append(_medir(f"Guardar {tipo_tiempo} {celdas} (primera)", peticion, informe=_conteos))
        mediciones.append(_medir(f"Guardar {tipo_tiempo} {celdas} (repetida)", peticion, informe=_conteos))
    mediciones.append(
        _medir(f"Cargar hoja ({CONCEPTOS}, 12 400 registros)", cargar(grande), repeticiones=REPETICIONES_CARGA)
    )
    exportado = cliente.get(url_exportar, _parametros(grande))
    mediciones.append(
        _medir(
            f"Exportar Excel ({CONCEPTOS} conceptos)",
            lambda: cliente.get(url_exportar, _parametros(grande)),
            repeticiones=REPETICIONES_EXCEL,
        )
    )
    if exportado.status_code == 200:
        contenido = exportado.content
        cambiado = _libro_cambiado(contenido, 2.0)
        mediciones += [
            _medir("Importar Excel sin tocar", importar(contenido), repeticiones=REPETICIONES_EXCEL, informe=_conteos),
            _medir("Importar Excel, todo cambiado (simulacro)", importar(cambiado, dry_run="true"), informe=_conteos),
            _medir("Importar Excel, todo cambiado", importar(cambiado), informe=_conteos),
        ]
    return mediciones


def imprimir_produccion(mediciones: list[MedicionProduccion]) -> None:
    ancho = max(len(m.nombre) for m in mediciones)
    print(f"\n{'hoja de producción'.ljust(ancho)} | consultas | p50 ms | p95 ms |     KB | informe")
    print(f"{'-' * ancho}-+-----------+--------+--------+--------+--------")
    for m in mediciones:
        if not m.consultas:
            print(f"{m.nombre.ljust(ancho)} | {m.informe}")
            continue
        print(f"{m.nombre.ljust(ancho)} | {m.consultas:>9} | {m.p50_ms:6.0f} | {m.p95_ms:6.0f} | {m.kb:6.0f} | "
              f"{m.informe}")  # fmt: skip
