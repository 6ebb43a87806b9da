"""Upload of an OT's annex (Anexo C lines and programmed days), reference §3.5 and §5.5, issue 4 items 4 and 5.

- Reading (`lectura`): any sheet, those named "ANEXO C" / "RECURSOS PROGRAMADOS" first; the header row is found
  by its names (ANEXO, PARTIDA, CONCEPTO, UNIDAD, VOLUMEN PTE, P.U. M.N., optional P.U. USD and OK); every header
  that is a date is a day column of programmed volumes.
- Matching (`catalogo`): each line against the ACTIVE catalogue on (anexo, code, description, unit), normalised;
  a PUE (no sub-anexo) by code alone; the original's diagnostics name the row and the column at fault.
- Validation (`validacion`): the contract price wins when the catalogue has one; volumes ≥ 0 with 6 decimals.
- Writing (`importar`): all or nothing; COMPLETA makes a new active version and keeps the earlier ones (with
  their lines, so production keeps pointing at them); ACTUALIZACION really updates volumes and prices of the
  active version and appends new lines; then the one excess service recomputes the family's flags.
- Totals (`totales`): Σ round(volumen × P.U., 2) per currency; homologado only with the user's exchange rate.
- Background job (`trabajo`): the web upload runs as a job with progress, keeping the report and error workbook.
"""

from .importar import ENTIDAD_ANEXO, ENTIDAD_PARTIDA, ResultadoAnexo, anexo_ot_importar
from .lectura import COLUMNAS, leer_anexo
from .totales import anexo_totales
from .trabajo import TIPO_TRABAJO_ANEXO, anexo_ot_lanzar

__all__ = [
    "COLUMNAS",
    "ENTIDAD_ANEXO",
    "ENTIDAD_PARTIDA",
    "TIPO_TRABAJO_ANEXO",
    "ResultadoAnexo",
    "anexo_ot_importar",
    "anexo_ot_lanzar",
    "anexo_totales",
    "leer_anexo",
]
