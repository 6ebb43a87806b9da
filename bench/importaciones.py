"""Rows per second of each Excel import, on the sample files (or generated ones where no sample exists).

Each import is measured twice on the same throwaway database: "primera" writes everything, "repetida" re-reads
the same file and finds nothing to change (the idempotent path, what operations staff run most often).
"""

import io
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
MUESTRAS = RAIZ.parent / "shared" / "samples"
CONTRATO_BENCH = "BENCH-ANEXO-C"
LINEAS_ANEXO_OT = 1_000
DIAS_ANEXO_OT = 30
FILAS_PUES = 3_056


@dataclass
class MedicionImportacion:
    nombre: str
    pasada: str
    filas: int
    segundos: float
    resumen: str

    @property
    def filas_s(self) -> float:
        return self.filas / self.segundos if self.segundos else 0.0


def _cronometrar(funcion):
    inicio = time.perf_counter()
    informe = funcion()
    return informe, time.perf_counter() - inicio


def _anexo_c(mediciones: list) -> None:
    from operaciones.catalogos.importar_anexo_c import importar_anexo_c
    from operaciones.catalogos.models import ConceptoMaestro, SubAnexo

    archivo = MUESTRAS / "ANEXO_C_CONTRATO.xlsx"
    for pasada in ("primera", "repetida"):
        informe, segundos = _cronometrar(
            lambda: importar_anexo_c(archivo, contrato=CONTRATO_BENCH, crear_faltantes=True)
        )
        filas = ConceptoMaestro.objects.filter(sub_anexo__anexo_maestro__contrato__numero_contrato=CONTRATO_BENCH)
        mediciones.append(MedicionImportacion("importar_anexo_c (muestra)", pasada, filas.count(), segundos,
                                              informe.resumen()))  # fmt: skip
    assert SubAnexo.objects.filter(anexo_maestro__contrato__numero_contrato=CONTRATO_BENCH).exists()


def _pues(mediciones: list) -> None:
    from operaciones.catalogos.importar_pues import importar_pues
    from tests.catalogos.libro_pues import libro_pues

    buffer = io.BytesIO()
    libro_pues(buffer, filas=FILAS_PUES)
    for pasada in ("primera", "repetida"):
        buffer.seek(0)
        informe, segundos = _cronometrar(lambda: importar_pues(buffer, contrato=CONTRATO_BENCH, crear_faltantes=True))
        mediciones.append(MedicionImportacion("importar_pues (generado)", pasada, FILAS_PUES, segundos,
                                              informe.resumen()))  # fmt: skip


def _anexo_ot(mediciones: list) -> None:
    import datetime

    from operaciones.catalogos.models import ConceptoMaestro
    from operaciones.ot.importar_anexo import anexo_ot_importar
    from operaciones.ot.models import ImportacionAnexo, ModoImportacionAnexo
    from tests.ot.libro_anexo import libro_anexo, linea_de

    ot = _ot_sin_produccion()
    if ot is None:
        return
    conceptos = (
        ConceptoMaestro.objects.filter(sub_anexo__anexo_maestro__contrato__numero_contrato=CONTRATO_BENCH, activo=True)
        .select_related("sub_anexo", "unidad_medida")
        .order_by("pk")[:LINEAS_ANEXO_OT]
    )
    fechas = [datetime.date(2026, 1, 1) + datetime.timedelta(days=d) for d in range(DIAS_ANEXO_OT)]
    lineas = [linea_de(c, volumen=Decimal("30"), dias=dict.fromkeys(fechas, Decimal("1"))) for c in conceptos]
    contenido = libro_anexo(None, lineas, fechas=fechas)
    pasadas = (("primera", ModoImportacionAnexo.COMPLETA), ("actualización", ModoImportacionAnexo.ACTUALIZACION))
    for pasada, modo in pasadas:
        resultado, segundos = _cronometrar(
            lambda m=modo: anexo_ot_importar(ot=ot, archivo=io.BytesIO(contenido), modo=m, tipo_cambio=Decimal("18.5"))
        )
        mediciones.append(MedicionImportacion(f"anexo de OT ({len(lineas)} líneas × {DIAS_ANEXO_OT} días)", pasada,
                                              len(lineas), segundos, resultado.informe.resumen()))  # fmt: skip
    assert ImportacionAnexo.objects.filter(ot=ot, es_activo=True).exists()


def _ot_sin_produccion():
    from operaciones.catalogos.constantes import EstatusRegistro, TipoId
    from operaciones.ot.models import OTE

    return (
        OTE.objects.filter(id_tipo=TipoId.OT_INICIAL, estatus=EstatusRegistro.ACTIVO, importaciones_anexo__isnull=True)
        .order_by("pk")
        .first()
    )


def medir_importaciones() -> list[MedicionImportacion]:
    mediciones: list[MedicionImportacion] = []
    for medir in (_anexo_c, _pues, _anexo_ot):
        medir(mediciones)
    return mediciones


def imprimir_importaciones(mediciones: list[MedicionImportacion]) -> None:
    ancho = max(len(m.nombre) for m in mediciones)
    print(f"\n{'importación'.ljust(ancho)} | pasada        |  filas | segundos |  filas/s | informe")
    print(f"{'-' * ancho}-+---------------+--------+----------+----------+--------")
    for m in mediciones:
        print(f"{m.nombre.ljust(ancho)} | {m.pasada.ljust(13)} | {m.filas:>6,} | {m.segundos:8.2f} | "
              f"{m.filas_s:8,.0f} | {m.resumen}")  # fmt: skip
