"""An estimation over 100 000 production records: creating it, its document, its summaries and its approval.

Built in the bench's throwaway database with the test builders (`tests/produccion/datos.py`,
`tests/estimaciones/datos.py`): an OT family whose active annex has 200 concepts (anexos C-2 and C-3, which need a
GPU) and production on 250 consecutive days from 1 Jan 2025 in both time types — 200 × 250 × 2 = 100 000 records,
inserted with `bulk_create`, each with a FIRMADO GPU. A second family of 100 concepts × 25 days × 2 = 5 000 records
gives an estimation exactly at the PDF's listing limit (`documento.LINEAS_MAXIMAS_DETALLE`).

Measured, once each (they write, or they are a single document): `estimacion_crear` over the whole period (the first
call after the load, no warm-up), the per-concept summary (`estimacion_conceptos`), the family reconciliation
(`conciliacion_familia`), the PDF as users download it (`GET pdf/<pk>/`, which summarises a 100 000-line body by
concept), the same PDF forced to list every line, the 5 000-line PDF, and the approval of the 100 000 lines.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

CONCEPTOS = 200
DIAS = 250
CONCEPTOS_LIMITE = 100
DIAS_LIMITE = 25
INICIO = date(2025, 1, 1)
TIPO_CAMBIO = Decimal("18.2500")
SECUENCIA_INICIAL = 8000


@dataclass
class MedicionEstimacion:
    nombre: str
    registros: int = 0
    consultas: int = 0
    segundos: float = 0.0
    nota: str = ""


def _medir(nombre: str, funcion, *, registros: int = 0, nota=None) -> tuple[MedicionEstimacion, object]:
    """Run `funcion()` once; its queries, wall time and a note built from its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    medicion = MedicionEstimacion(nombre, registros)
    try:
        with CaptureQueriesContext(connection) as capturadas:
            inicio = time.perf_counter()
            resultado = funcion()
            medicion.segundos = time.perf_counter() - inicio
        medicion.consultas = len(capturadas)
    except Exception as exc:  # one failing step must not lose the other figures
        medicion.nota = f"error {type(exc).__name__}: {exc}"[:200]
        return medicion, None
    medicion.nota = nota(resultado) if nota else ""
    return medicion, resultado


def _familia(conceptos: int, dias: int):
    """A family with `conceptos` lines and `dias` days of TE and CMA production, every record with a FIRMADO GPU."""
    from operaciones.catalogos.models import Contrato
    from operaciones.produccion.models import TipoTiempo
    from tests.estimaciones.datos import contrato_de, produccion_firmada
    from tests.produccion.datos import familia_con_anexo

    fin = INICIO + timedelta(days=dias - 1)
    familia = familia_con_anexo(
        conceptos,
        mes=INICIO.month,
        anio=INICIO.year,
        volumen=str(dias * 2 + 50),
        precio_mn="1234.5678",
        precio_usd="67.8901",
        fecha_termino_programado=fin + timedelta(days=30),
    )
    Contrato.objects.filter(pk=contrato_de(familia).pk).update(
        porcentaje_retencion=Decimal("5.00"), porcentaje_amortizacion_anticipo=Decimal("10.00")
    )
    for tipo_tiempo, volumen in ((TipoTiempo.TE, "1.5"), (TipoTiempo.CMA, "0.333333")):
        produccion_firmada(
            familia, dias=dias, volumen=volumen, mes=INICIO.month, anio=INICIO.year, tipo_tiempo=tipo_tiempo
        )
    return familia, fin


def _paginas(contenido: bytes) -> str:
    import io

    from pypdf import PdfReader

    return f"{len(PdfReader(io.BytesIO(contenido)).pages):,} páginas, {len(contenido) / 1024:,.0f} KB"


def medir_estimaciones(cliente) -> list[MedicionEstimacion]:
    from django.urls import reverse

    from bench.produccion import _apartar_secuencias
    from bench.run import estadisticas
    from operaciones.estimaciones import documento
    from operaciones.estimaciones.models import EstadoEstimacion
    from operaciones.estimaciones.selectors import conciliacion_familia, estimacion_conceptos
    from operaciones.estimaciones.services import estimacion_cambiar_estado, estimacion_crear

    _apartar_secuencias(SECUENCIA_INICIAL)
    inicio = time.perf_counter()
    grande, fin = _familia(CONCEPTOS, DIAS)
    limite, fin_limite = _familia(CONCEPTOS_LIMITE, DIAS_LIMITE)
    estadisticas()  # as autovacuum would after a load this size
    registros = CONCEPTOS * DIAS * 2
    print(
        f"\nProducción para estimar: {registros:,} + {CONCEPTOS_LIMITE * DIAS_LIMITE * 2:,} registros con GPU "
        f"firmado en {time.perf_counter() - inicio:.1f} s"
    )

    def crear(familia, hasta):
        return lambda: estimacion_crear(
            ot=familia.ot, fecha_desde=INICIO, fecha_hasta=hasta, tipo_cambio=TIPO_CAMBIO, usuario=None
        )

    def lineas(est) -> str:
        return f"{est.detalles.count():,} líneas, {est.total_importe_mn:,} MXN" if est else ""

    mediciones = []
    medicion, est = _medir(
        f"estimacion_crear ({registros:,} registros, en frío)", crear(grande, fin), registros=registros, nota=lineas
    )
    mediciones.append(medicion)
    medicion, pequena = _medir(
        "estimacion_crear (5,000 registros)",
        crear(limite, fin_limite),
        registros=CONCEPTOS_LIMITE * DIAS_LIMITE * 2,
        nota=lineas,
    )
    mediciones.append(medicion)
    if est is None:
        return mediciones
    for nombre, funcion, nota in (
        (
            "estimacion_conceptos (resumen por concepto)",
            lambda: estimacion_conceptos(est),
            lambda r: f"{len(r)} conceptos",
        ),
        (
            "conciliacion_familia",
            lambda: conciliacion_familia(ot=grande.ot),
            lambda r: f"{len(r) - 1} conceptos + total",
        ),
        (
            "PDF vía GET pdf/<pk>/ (resumido por concepto)",
            lambda: cliente.get(reverse("estimaciones:pdf", args=[est.pk])),
            lambda r: f"HTTP {r.status_code}, " + (_paginas(r.content) if r.status_code == 200 else ""),
        ),
        (
            f"PDF con todas las líneas ({registros:,})",
            lambda: documento.estimacion_pdf(estimacion=est, url_verificacion="https://bench/v/", detalle=True),
            _paginas,
        ),
    ):
        mediciones.append(_medir(nombre, funcion, registros=registros, nota=nota)[0])
    if pequena is not None:
        mediciones.append(
            _medir(
                f"PDF con todas las líneas ({CONCEPTOS_LIMITE * DIAS_LIMITE * 2:,}, el límite)",
                lambda: documento.estimacion_pdf(estimacion=pequena, url_verificacion="https://bench/v/"),
                registros=CONCEPTOS_LIMITE * DIAS_LIMITE * 2,
                nota=_paginas,
            )[0]
        )
    revision, _ = _medir(
        "enviar a revisión",
        lambda: estimacion_cambiar_estado(estimacion=est, estado=EstadoEstimacion.EN_REVISION, usuario=None),
        nota=lambda r: r.get_estado_display(),
    )
    mediciones.append(revision)
    if not revision.nota.startswith("error"):
        medicion, _ = _medir(
            f"aprobar ({registros:,} líneas)",
            lambda: estimacion_cambiar_estado(estimacion=est, estado=EstadoEstimacion.APROBADA, usuario=None),
            registros=registros,
            nota=lambda r: r.get_estado_display(),
        )
        mediciones.append(medicion)
    return mediciones


def imprimir_estimaciones(mediciones: list[MedicionEstimacion]) -> None:
    ancho = max(len(m.nombre) for m in mediciones)
    print(f"\n{'estimación'.ljust(ancho)} | registros | consultas | segundos | nota")
    print(f"{'-' * ancho}-+-----------+-----------+----------+-----")
    for m in mediciones:
        print(f"{m.nombre.ljust(ancho)} | {m.registros:>9,} | {m.consultas:>9} | {m.segundos:8.2f} | {m.nota}")
