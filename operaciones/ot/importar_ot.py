"""Import of historical work orders (OT_IMPORTAR.xlsx, reference §5.3): parse → validate → write → report.

Rules (issue 3):
- the workbook's columns are the original's database columns, found by name; `id_pte_header_id` holds the PTE
  folio and `ot_principal` the initial OT's folio, both as text;
- initial OTs (tipo 4) are written first, then reprogrammings (tipo 5), each linked to the initial OT whose
  `orden_trabajo` is its `ot_principal` (in the file or already in the database); a reprogramming without PTE,
  responsable or client inherits them from its principal;
- natural key (orden_trabajo, tipo, num_reprogramacion): an existing OT is updated only where the file differs,
  so re-running a file changes nothing;
- strict by default (any problem → nothing written); `crear_faltantes` creates unknown PTE folios, project
  leaders, sites and clients as placeholders marked for review; `omitir_invalidos` leaves an invalid optional
  cell empty with a warning;
- new OTs get their step checklist, the steps' status following the OT's status and their dates the real ones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError

from core.importacion import (
    ArchivoInvalido,
    InformeImportacion,
    TablaExcel,
    ejecutar_escritura,
    importacion_registrar,
    leer_tabla,
)
from core.models import TrabajoSegundoPlano

from .importar_ot_escritura import _EscritorOT
from .importar_ot_filas import COLUMNAS, COMENTARIO_POR_REVISAR
from .importar_ot_validacion import _ValidadorOT

# The row rules live in importar_ot_filas.py, the validation step in importar_ot_validacion.py and the writing
# step in importar_ot_escritura.py; this module is the entry point the command, the web page and the tests use.
__all__ = ["COMENTARIO_POR_REVISAR", "TIPO_TRABAJO_WEB", "ResultadoImportacion", "importar_ot", "importar_ot_desde_web"]


@dataclass
class ResultadoImportacion:
    informe: InformeImportacion
    tabla: TablaExcel | None = None


Avance = Callable[[int, int], None]


def importar_ot(
    archivo,
    *,
    simulacro: bool = False,
    crear_faltantes: bool = False,
    omitir_invalidos: bool = False,
    usuario=None,
    nombre_archivo: str = "",
    avance: Avance | None = None,
) -> ResultadoImportacion:
    """Import OT_IMPORTAR.xlsx (a path or an open file): everything or nothing, with the report of what happened."""
    informe = InformeImportacion(simulacro=simulacro)
    try:
        tabla = leer_tabla(archivo, COLUMNAS)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return ResultadoImportacion(informe)
    importador = _ImportadorOT(tabla, informe, crear_faltantes, omitir_invalidos, avance or (lambda *_: None))
    importador.validar()
    origen = Path(str(nombre_archivo or getattr(archivo, "name", "") or archivo)).name
    try:
        ejecutar_escritura(informe, lambda: importador.escribir(usuario, origen), simulacro=simulacro)
    except IntegrityError:
        informe.error("La base de datos rechazó los datos (registro duplicado o inconsistente); no se escribió nada.")
        informe.creadas = informe.actualizadas = informe.sin_cambios = 0
        informe.otros_creados.clear()
    return ResultadoImportacion(informe, tabla)


TIPO_TRABAJO_WEB = "importar_ot"


def importar_ot_desde_web(
    *, archivo, usuario, simulacro: bool, crear_faltantes: bool, omitir_invalidos: bool
) -> tuple[InformeImportacion, TrabajoSegundoPlano]:
    """Run the import for an upload and keep its report, and its error workbook if any, on a job row of the user."""
    opciones = {"simulacro": simulacro, "crear_faltantes": crear_faltantes, "omitir_invalidos": omitir_invalidos}
    nombre = getattr(archivo, "name", "")
    resultado = importar_ot(archivo, usuario=usuario, nombre_archivo=nombre, **opciones)
    trabajo = importacion_registrar(
        tipo=TIPO_TRABAJO_WEB,
        usuario=usuario,
        parametros={"archivo": nombre[:200], **opciones},
        informe=resultado.informe,
        tabla=resultado.tabla,
    )
    return resultado.informe, trabajo


class _ImportadorOT(_ValidadorOT, _EscritorOT):
    """One run of the import: `validar()` then, inside the write transaction, `escribir()`."""
