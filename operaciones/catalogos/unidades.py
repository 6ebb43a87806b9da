"""Units of measure as the contract workbooks write them: one normalisation for every import and form.

The files write the same unit several ways (`TON `, `ton`, `HOM/DIA`, `Hom / Día`); a unit is the same when its
normalised text is: upper case, accents dropped, spaces around `/` and `-` removed, runs of blanks collapsed.
"""

import unicodedata

from .models import UnidadMedida

LARGO_CLAVE = UnidadMedida._meta.get_field("clave").max_length
LARGO_DESCRIPCION = UnidadMedida._meta.get_field("descripcion").max_length


def normalizar_unidad(texto) -> str:
    """The comparable form of a unit as written in a file or a form ('' for a blank cell)."""
    if texto is None:
        return ""
    limpio = str(texto).replace("\xa0", " ").strip().upper()
    sin_acentos = "".join(c for c in unicodedata.normalize("NFKD", limpio) if not unicodedata.combining(c))
    compacto = " ".join(sin_acentos.split())
    for separador in ("/", "-"):
        compacto = separador.join(parte.strip() for parte in compacto.split(separador))
    return compacto


def mapa_unidades(*, incluir_inactivas: bool = False) -> dict[str, UnidadMedida]:
    """Normalised clave and descripción → unit (one query). A clave wins over another unit's descripción, but an
    inactive unit never hides an active one; of two units with the same text, the active one with the lowest id."""
    unidades = UnidadMedida.objects.order_by("-activo", "pk")
    if not incluir_inactivas:
        unidades = unidades.filter(activo=True)
    mapa: dict[str, UnidadMedida] = {}
    lista = list(unidades)
    for unidad in lista:
        descripcion = normalizar_unidad(unidad.descripcion)
        if descripcion:  # a blank descripción must not make a blank cell match a unit
            mapa.setdefault(descripcion, unidad)
    for unidad in lista:
        clave = normalizar_unidad(unidad.clave)
        actual = mapa.get(clave)
        if not clave or (actual is not None and normalizar_unidad(actual.clave) == clave):
            continue
        if actual is None or unidad.activo or not actual.activo:
            mapa[clave] = unidad
    return mapa


def unidad_nueva(texto: str) -> UnidadMedida:
    """An unsaved unit for a text no unit matches (`--crear-faltantes`), with the text as the file wrote it."""
    limpio = " ".join(str(texto).replace("\xa0", " ").split()).upper()
    return UnidadMedida(
        clave=limpio[:LARGO_CLAVE],
        descripcion=limpio[:LARGO_DESCRIPCION],
        comentario="Creada por importación: revisar",
        activo=True,
    )
