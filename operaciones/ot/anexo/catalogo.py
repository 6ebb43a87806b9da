"""Matching an annex line against the active price catalogue, with the original's diagnostics (reference §3.5)."""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from operaciones.catalogos.models import ConceptoMaestro, UnidadMedida
from operaciones.catalogos.unidades import mapa_unidades, normalizar_unidad

SIN_ANEXO = "S/A"


def normalizar_descripcion(texto) -> str:
    """A description as compared: upper case, accents dropped, every run of blanks (nbsp, line breaks) one space."""
    if texto is None:
        return ""
    limpio = str(texto).replace("\xa0", " ").upper()
    sin_acentos = "".join(c for c in unicodedata.normalize("NFKD", limpio) if not unicodedata.combining(c))
    return " ".join(sin_acentos.split())


def normalizar_codigo(codigo) -> str:
    """A partida code as compared: upper case, no blanks. Dots stay: the contract has both `4.7` and `4.7.`."""
    if codigo is None:
        return ""
    return "".join(str(codigo).upper().split())


def codigo_laxo(codigo) -> str:
    """A code without its trailing dots, to find `2.1.` from a numeric cell 2.1 when no code is exactly equal."""
    return normalizar_codigo(codigo).rstrip(".")


def normalizar_anexo(anexo) -> str:
    """The ANEXO of a line as stored: upper case, blanks collapsed; blank is «S/A» (sin anexo)."""
    texto = " ".join(str(anexo or "").replace("\xa0", " ").upper().split())
    return texto or SIN_ANEXO


def clave_linea(anexo, codigo, descripcion) -> tuple[str, str, str]:
    """Identity of a line inside one annex version: (anexo, partida, descripción), each normalised."""
    return normalizar_anexo(anexo), normalizar_codigo(codigo), normalizar_descripcion(descripcion)


def codigo_concepto(concepto: ConceptoMaestro) -> str:
    """The code a concept is known by: its ordinary partida, or else its PUE code."""
    return concepto.partida_ordinaria or concepto.partida_extraordinaria


@dataclass(frozen=True)
class Coincidencia:
    """The concept a line matched, or the diagnostic (message and the column it belongs to)."""

    concepto: ConceptoMaestro | None = None
    campo: str = ""
    mensaje: str = ""
    advertencia: str = ""


def _corto(texto: str, largo: int = 80) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


def _anexo_de(concepto: ConceptoMaestro) -> str:
    return concepto.sub_anexo.clave_anexo if concepto.sub_anexo_id else "PUE"


class CatalogoActivo:
    """The active catalogue (ConceptoMaestro activo=True) and the units, loaded once and indexed for matching."""

    def __init__(self):
        conceptos = (
            ConceptoMaestro.objects.filter(activo=True).select_related("sub_anexo", "unidad_medida").order_by("pk")
        )
        self.unidades: dict[str, UnidadMedida] = mapa_unidades()
        self.por_codigo: dict[str, list[ConceptoMaestro]] = defaultdict(list)
        self.por_codigo_laxo: dict[str, list[ConceptoMaestro]] = defaultdict(list)
        self.por_descripcion: dict[str, list[ConceptoMaestro]] = defaultdict(list)
        # Converted PUEs: their code lives on as `partida_extraordinaria` of the ordinary concept they became.
        self.por_codigo_pue: dict[str, list[ConceptoMaestro]] = defaultdict(list)
        for concepto in conceptos:
            concepto.codigo_normal = normalizar_codigo(codigo_concepto(concepto))
            concepto.descripcion_normal = normalizar_descripcion(concepto.descripcion)
            concepto.anexo_normal = normalizar_anexo(concepto.sub_anexo.clave_anexo) if concepto.sub_anexo_id else ""
            self.por_codigo[concepto.codigo_normal].append(concepto)
            self.por_codigo_laxo[concepto.codigo_normal.rstrip(".")].append(concepto)
            self.por_descripcion[concepto.descripcion_normal].append(concepto)
            if concepto.partida_ordinaria and concepto.partida_extraordinaria:
                self.por_codigo_pue[codigo_laxo(concepto.partida_extraordinaria)].append(concepto)

    def unidad(self, texto: str) -> UnidadMedida | None:
        return self.unidades.get(normalizar_unidad(texto))

    @staticmethod
    def _en_anexo(concepto: ConceptoMaestro, anexo: str) -> bool:
        # A PUE has no sub-anexo: its line (C2EXT, C3EXT… or blank) is matched by code alone.
        return not concepto.sub_anexo_id or concepto.anexo_normal == anexo

    @staticmethod
    def _misma_unidad(concepto: ConceptoMaestro, unidad: UnidadMedida | None, texto: str) -> bool:
        if unidad is not None and unidad.pk == concepto.unidad_medida_id:
            return True
        propia = concepto.unidad_medida
        return normalizar_unidad(texto) in {normalizar_unidad(propia.clave), normalizar_unidad(propia.descripcion)}

    def buscar(self, *, anexo: str, codigo: str, descripcion: str, unidad_texto: str) -> Coincidencia:
        """The concept of a line on (anexo, code, description, unit), or why none matches."""
        a, c, d = normalizar_anexo(anexo), normalizar_codigo(codigo), normalizar_descripcion(descripcion)
        unidad = self.unidad(unidad_texto)
        exactos = [k for k in self.por_codigo.get(c, ()) if self._en_anexo(k, a)]
        laxos = [k for k in self.por_codigo_laxo.get(c.rstrip("."), ()) if self._en_anexo(k, a)]
        for grupo in (exactos, laxos):
            con_descripcion = [k for k in grupo if k.descripcion_normal == d]
            if con_descripcion:
                iguales = [k for k in con_descripcion if self._misma_unidad(k, unidad, unidad_texto)]
                if not iguales:
                    propia = con_descripcion[0].unidad_medida
                    return Coincidencia(
                        campo="unidad",
                        mensaje=f"UNIDAD DIFERENTE: Excel «{unidad_texto}» vs catálogo «{propia.clave}»",
                    )
                return self._elegir(iguales, codigo)
        con_codigo = exactos or laxos
        convertidas = [k for k in self.por_codigo_pue.get(c.rstrip("."), ()) if k.descripcion_normal == d]
        if convertidas:
            k = convertidas[0]
            return Coincidencia(
                campo="partida",
                mensaje=(
                    f"CÓDIGO INCORRECTO: la PUE «{codigo}» se convirtió en la partida «{codigo_concepto(k)}» "
                    f"del anexo {_anexo_de(k)}"
                ),
            )
        misma_descripcion = self.por_descripcion.get(d, [])
        if misma_descripcion:
            return self._otro_codigo(misma_descripcion, a, c)
        if con_codigo:
            if len(con_codigo) == 1:
                detalle = f"el catálogo dice «{_corto(con_codigo[0].descripcion)}»"
            else:
                detalle = f"ninguna de las {len(con_codigo)} descripciones del catálogo con esa partida coincide"
            return Coincidencia(
                campo="concepto", mensaje=f"DESCRIPCIÓN DIFERENTE para la partida «{codigo}»: {detalle}"
            )
        return Coincidencia(campo="partida", mensaje=f"NO ENCONTRADO en catálogo (anexo {a}, partida «{codigo}»)")

    def _otro_codigo(self, candidatos: list[ConceptoMaestro], anexo: str, codigo: str) -> Coincidencia:
        """The description exists, but not under this code in this anexo: say where it is."""
        mismo_codigo = [k for k in candidatos if k.codigo_normal.rstrip(".") == codigo.rstrip(".")]
        if mismo_codigo:
            return Coincidencia(
                campo="anexo",
                mensaje=f"ANEXO DIFERENTE: la partida «{codigo_concepto(mismo_codigo[0])}» con esa descripción "
                f"está en el anexo {_anexo_de(mismo_codigo[0])} del catálogo",
            )
        en_anexo = [k for k in candidatos if self._en_anexo(k, anexo)] or candidatos
        codigos = ", ".join(f"«{codigo_concepto(k)}» ({_anexo_de(k)})" for k in en_anexo[:3])
        return Coincidencia(
            campo="partida", mensaje=f"CÓDIGO INCORRECTO: esa descripción está en el catálogo con la partida {codigos}"
        )

    @staticmethod
    def _elegir(iguales: list[ConceptoMaestro], codigo: str) -> Coincidencia:
        if len(iguales) == 1:
            return Coincidencia(concepto=iguales[0])
        exactos = [k for k in iguales if codigo_concepto(k).strip() == codigo.strip()] or iguales
        elegido = exactos[0]
        ids = ", ".join(str(k.pk) for k in iguales)
        return Coincidencia(
            concepto=elegido,
            advertencia=(
                f"Posible duplicidad en el catálogo: {len(iguales)} conceptos con la misma partida, descripción y "
                f"unidad (ids {ids}); se usó el {elegido.pk}"
            ),
        )
