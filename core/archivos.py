"""Uploaded files: checking one before it is stored, and keeping storage in step with the database transaction.

The name and the type the browser claims are never trusted: `detectar_tipo` reads the magic bytes. Used by the GPU
evidence (operaciones/produccion/gpu.py) and the incident photos (costa_fuera/incidencias.py); each caller gives its
own limit, accepted types and Spanish wording, and the errors are keyed by the caller's form field.

Storage is not transactional, so two helpers tie files to the transaction that writes the rows pointing at them:
- `borrar_si_se_revierte(almacen, nombre)`: a file just saved is deleted when the transaction that would reference
  it does not commit (see its docstring for what is and is not covered).
- `borrar_al_confirmar(almacen, nombres)`: files whose rows were deleted or replaced go only once that is committed.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.transaction import TransactionManagementError

logger = logging.getLogger(__name__)

MEGABYTE = 1048576


@dataclass(frozen=True)
class TipoArchivo:
    mime: str
    extension: str


def detectar_tipo(cabecera: bytes) -> TipoArchivo | None:
    """The file type from the first bytes of the file (JPEG, PNG, WebP or PDF); None for anything else."""
    if cabecera.startswith(b"\xff\xd8\xff"):
        return TipoArchivo("image/jpeg", "jpg")
    if cabecera.startswith(b"\x89PNG\r\n\x1a\n"):
        return TipoArchivo("image/png", "png")
    if len(cabecera) >= 12 and cabecera[:4] == b"RIFF" and cabecera[8:12] == b"WEBP":
        return TipoArchivo("image/webp", "webp")
    if cabecera.startswith(b"%PDF-"):
        return TipoArchivo("application/pdf", "pdf")
    return None


@dataclass(frozen=True)
class MensajesArchivo:
    """The Spanish wording of the refusals: `sujeto` opens the size message ("La foto pesa 3.2 MB; …")."""

    vacio: str
    sujeto: str
    tipo_invalido: str


def validar_archivo(
    archivo, *, maximo_bytes: int, tipos: set[str] | None, campo: str, mensajes: MensajesArchivo
) -> tuple[TipoArchivo, str]:
    """(type by content, SHA-256 hex) of an uploaded file; ValidationError on `campo` when empty, too big or foreign.

    `tipos` is the set of accepted MIME types (None: every type `detectar_tipo` knows). The file is read in chunks
    and left rewound for whoever stores it.
    """
    tamano = getattr(archivo, "size", None) or 0
    if tamano <= 0:
        raise ValidationError({campo: mensajes.vacio})
    if tamano > maximo_bytes:
        raise ValidationError(
            {
                campo: f"{mensajes.sujeto} pesa {tamano / MEGABYTE:.1f} MB; "
                f"el máximo es {maximo_bytes / MEGABYTE:.1f} MB."
            }
        )
    archivo.seek(0)
    tipo = detectar_tipo(archivo.read(16))
    if tipo is None or (tipos is not None and tipo.mime not in tipos):
        raise ValidationError({campo: mensajes.tipo_invalido})
    archivo.seek(0)
    huella = hashlib.sha256()
    for bloque in archivo.chunks():
        huella.update(bloque)
    archivo.seek(0)
    return tipo, huella.hexdigest()


# --- Files and the database transaction ------------------------------------------------------------------------------


class _TestigoDeArchivo:
    """Sits in the connection's on-commit list on behalf of one stored file.

    Django runs the on-commit callbacks when the outermost transaction commits and simply drops them when the
    transaction, or the savepoint they were registered under, rolls back (and when the connection is closed inside a
    transaction). So: called → committed, keep the file; released without having been called → rolled back, delete it.
    CPython frees the object as soon as Django drops it, so the deletion happens inside the rollback itself.
    """

    __slots__ = ("almacen", "conexion", "confirmado", "nombre")

    def __init__(self, almacen, nombre: str, conexion):
        self.almacen, self.nombre, self.conexion, self.confirmado = almacen, nombre, conexion, False

    def __call__(self) -> None:
        self.confirmado = True

    def __del__(self) -> None:
        # run_commit_hooks_on_set_autocommit_on is True between a commit and the end of its callbacks: if an earlier
        # callback raised, Django drops ours unrun although the data was committed; the file must stay then.
        if self.confirmado or getattr(self.conexion, "run_commit_hooks_on_set_autocommit_on", False):
            return
        try:
            self.almacen.delete(self.nombre)
        except Exception:  # a finaliser must not raise; the orphan is only logged
            logger.exception("No se pudo borrar el archivo %s de una transacción revertida.", self.nombre)


def borrar_si_se_revierte(almacen, nombre: str, *, using: str | None = None) -> None:
    """Delete the just-stored file `nombre` from `almacen` unless the current transaction commits.

    Call it right after saving the file, inside the atomic block that writes the row referencing it. Covered: an
    exception leaving the service's own atomic block (its savepoint or transaction rolls back), and an outer atomic
    block around the service that rolls back later (a view, a command, a test), however deep; the file goes as
    soon as the rollback that discards its row happens. Not covered: a process killed between saving the file and
    the rollback (no code runs then), and an interpreter without reference counting (the deletion would wait for the
    garbage collector). If an earlier, non-robust on-commit callback raises after a commit, Django drops ours unrun;
    the file is then kept as long as the connection has not committed again before that exception's traceback is
    freed (in practice always: the traceback dies with the request). Refuses to run outside an atomic block, where
    nothing would roll back the row.
    """
    conexion = transaction.get_connection(using)
    if not conexion.in_atomic_block:
        raise TransactionManagementError("borrar_si_se_revierte() necesita un bloque atómico abierto.")
    # No reference is kept here: the on-commit list must hold the only one, so that dropping it frees the witness.
    conexion.on_commit(_TestigoDeArchivo(almacen, nombre, conexion))


def borrar_al_confirmar(almacen, nombres, *, using: str | None = None) -> None:
    """Delete `nombres` from `almacen` once the current transaction commits (at once outside a transaction).

    For files whose rows are being deleted or now point at a new file: a rollback keeps them. The callback is robust:
    a file that cannot be deleted is logged, and the other commit callbacks still run.
    """
    nombres = [n for n in nombres if n]
    if not nombres:
        return

    def borrar() -> None:
        for nombre in nombres:
            try:
                almacen.delete(nombre)
            except Exception:
                logger.exception("No se pudo borrar el archivo reemplazado o eliminado %s.", nombre)

    transaction.on_commit(borrar, using=using, robust=True)
