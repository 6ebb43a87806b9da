"""Checking an uploaded file before it is stored: size limit, type by its first bytes, SHA-256.

The name and the type the browser claims are never trusted: `detectar_tipo` reads the magic bytes. Used by the GPU
evidence (operaciones/produccion/gpu.py) and the incident photos (costa_fuera/incidencias.py); each caller gives its
own limit, accepted types and Spanish wording, and the errors are keyed by the caller's form field.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError

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
