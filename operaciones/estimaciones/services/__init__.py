"""Writes of estimations: create one from a period of signed production, adjust a line, move it along its workflow.

Rules kept here, in one place (issue 6):
- Eligible production for a new estimation: the OT family's production in the period, volume > 0, not in a live
  (vigente) line of another estimation, excess only once authorised, and a FIRMADO GPU when its line's anexo is
  in settings.SASCOP_ANEXOS_CON_GPU. One query finds it all; one line per production record with the unit
  prices of its annex line snapshotted; importe = round(volumen_estimado × PU, 2) per currency; header totals
  = Σ line importes (aggregated in the database); deductions = round(subtotal × % / 100, 2) with the contract's
  percentages copied on the header at creation.
- Folio: a consecutive `numero` per contract, assigned under a row lock on the contract, so two estimations
  created at the same time get distinct consecutive numbers. Cancelled estimations keep theirs (no gaps).
- Concurrency over the same production: creation first locks the family's initial OT (the same lock the
  production sheet takes), so two creations for one family run one after the other and the second one simply
  does not see the rows the first one took (READ COMMITTED re-reads after the lock). The partial unique
  constraint (one live line per production record) is the backstop for anything else: its violation becomes a
  ValidationError asking to try again, never a 500.
- Workflow: BORRADOR ⇄ EN_REVISION → APROBADA → FACTURADA → PAGADA; BORRADOR / EN_REVISION / APROBADA →
  CANCELADA. Approval re-checks that every line still matches its production (volume, signed GPU) and marks the
  production ESTIMADO; cancelling frees its lines (vigente=False) and puts the production back to PENDIENTE.
"""

from .comun import (
    CAMPOS_TOTALES,
    ESTADOS_APROBADOS,
    ESTADOS_EDITABLES,
    PERMISO_APROBAR,
    PERMISO_CAMBIAR,
    PERMISO_FACTURAR,
    TRANSICIONES,
    deduccion,
    estados_siguientes,
    folio_de,
    importe,
    permiso_de_transicion,
)
from .crear import contratos_de_familia, estimacion_crear, produccion_estimable
from .flujo import estimacion_ajustar_linea, estimacion_cambiar_estado

__all__ = [
    "CAMPOS_TOTALES",
    "ESTADOS_APROBADOS",
    "ESTADOS_EDITABLES",
    "PERMISO_APROBAR",
    "PERMISO_CAMBIAR",
    "PERMISO_FACTURAR",
    "TRANSICIONES",
    "contratos_de_familia",
    "deduccion",
    "estados_siguientes",
    "estimacion_ajustar_linea",
    "estimacion_cambiar_estado",
    "estimacion_crear",
    "folio_de",
    "importe",
    "permiso_de_transicion",
    "produccion_estimable",
]
