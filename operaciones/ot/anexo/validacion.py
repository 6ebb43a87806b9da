"""Validating the rows of an annex workbook into lines ready to write (catalogue match, prices, volumes, days)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from core.importacion import (
    CampoCodigo,
    CampoDecimal,
    CampoTexto,
    InformeImportacion,
    TablaExcel,
    ValorInvalido,
    es_vacio,
    leer_decimal,
    validar_fila,
)
from operaciones.catalogos.models import ConceptoMaestro, EstatusPUE

from .catalogo import CatalogoActivo, clave_linea, codigo_concepto, normalizar_anexo, normalizar_descripcion
from .lectura import ColumnaFecha, LibroAnexo

DECIMALES_VOLUMEN = 6
DECIMALES_PRECIO = 4
# Largest values the columns hold (PartidaAnexoImportada 18,6 and 18,4; PartidaProyectada 15,6).
MAXIMO_VOLUMEN = Decimal(10) ** 12
MAXIMO_PRECIO = Decimal(10) ** 14
MAXIMO_PROGRAMADO = Decimal(10) ** 9
CADA = 100  # progress is reported every this many rows

Reportar = Callable[[int, int], None]


def _leer_importe(valor) -> Decimal | None:
    """An amount; a lone dash (how the workbooks write «nothing») is 0."""
    if isinstance(valor, str) and valor.strip() in {"-", "–", "—"}:
        return Decimal(0)
    return leer_decimal(valor)


class CampoImporte(CampoDecimal):
    lector = staticmethod(_leer_importe)


class FilaAnexoForm(forms.Form):
    """One line of an annex workbook: the types and ranges of each cell."""

    anexo = CampoCodigo(max_length=50)
    partida = CampoCodigo(max_length=50)
    concepto = CampoTexto()
    unidad = CampoTexto(max_length=50)
    volumen = CampoImporte(min_value=Decimal(0), decimales=DECIMALES_VOLUMEN)
    pu_mn = CampoImporte(min_value=Decimal(0))
    pu_usd = CampoImporte(min_value=Decimal(0))
    ok = CampoTexto()

    def clean_volumen(self):
        valor = self.cleaned_data["volumen"]
        if valor is not None and valor >= MAXIMO_VOLUMEN:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»", code="rango")
        return valor

    def _precio(self, campo: str):
        valor = self.cleaned_data[campo]
        if valor is not None and valor >= MAXIMO_PRECIO:
            raise forms.ValidationError(f"valor fuera de rango «{valor}»", code="rango")
        return valor

    def clean_pu_mn(self):
        return self._precio("pu_mn")

    def clean_pu_usd(self):
        return self._precio("pu_usd")


@dataclass
class LineaAnexo:
    """A valid line: its concept, code and description as the catalogue writes them, volume, prices and days."""

    fila: int
    concepto: ConceptoMaestro
    anexo: str
    codigo: str
    descripcion: str
    volumen: Decimal
    pu_mn: Decimal
    pu_usd: Decimal
    programado: dict[datetime.date, Decimal] = field(default_factory=dict)

    @property
    def clave(self) -> tuple[str, str, str]:
        return clave_linea(self.anexo, self.codigo, self.descripcion)


def _es_total(celdas: tuple) -> bool:
    """The TOTAL row (its label may sit in any column, e.g. under P.U. USD in the contract's sheets)."""
    for valor in celdas:
        if isinstance(valor, str):
            texto = normalizar_descripcion(valor)
            if texto == "TOTAL" or texto.startswith("TOTAL "):
                return True
    return False


def _es_titulo_de_anexo(valores: dict) -> bool:
    """The anexo's title row: PARTIDA is the anexo itself (`C-4-1`) or its section number (2 for C-2), no unit."""
    partida, anexo = valores.get("partida"), valores.get("anexo")
    if es_vacio(partida) or es_vacio(anexo) or not es_vacio(valores.get("unidad")):
        return False
    codigo = normalizar_anexo(str(partida).removesuffix(".0") if isinstance(partida, float) else partida)
    return normalizar_anexo(anexo) in {codigo, f"C-{codigo}"}


class ValidadorAnexo:
    """Turns every row of the table into a `LineaAnexo` or into located errors in the report."""

    def __init__(self, libro: LibroAnexo, informe: InformeImportacion, reportar: Reportar):
        self.tabla: TablaExcel = libro.tabla
        self.fechas: list[ColumnaFecha] = libro.fechas
        self.informe = informe
        self.reportar = reportar
        self.lineas: list[LineaAnexo] = []
        self.sin_ok = 0

    def validar(self) -> list[LineaAnexo]:
        catalogo = CatalogoActivo()
        total = len(self.tabla.filas)
        vistas: dict[tuple, int] = {}
        tras_total = False
        for i, fila in enumerate(self.tabla.filas, start=1):
            if i % CADA == 0:
                self.reportar(i, total)
            valores = self.tabla.valores(fila)
            if es_vacio(valores.get("unidad")):
                # A TOTAL (or per-anexo subtotal) row is not a line; below the last one come place, date and
                # signatures, written in any column. Lines after a subtotal carry a unit and are still read.
                if _es_total(fila.celdas):
                    tras_total = True
                    continue
                if tras_total:
                    continue
            if self._omitir(valores):
                continue
            validada = validar_fila(FilaAnexoForm(data=valores), self.tabla, fila, self.informe)
            programado = self._programado(fila)
            if validada is None or programado is None:
                continue
            linea = self._linea(catalogo, fila.numero, validada.datos, programado)
            if linea is None:
                continue
            if linea.clave in vistas:
                self.informe.error(
                    f"la partida «{linea.codigo}» del anexo {linea.anexo} ya está en la fila {vistas[linea.clave]}",
                    **self.tabla.lugar(fila.numero, "partida"),
                )
                continue
            vistas[linea.clave] = fila.numero
            self.lineas.append(linea)
        if self.sin_ok:
            ok = self.tabla.ubicacion("ok")
            self.informe.advertencia(
                f"Se omitieron {self.sin_ok} filas sin «OK» en la columna {ok.letra} ({ok.encabezado})."
            )
        return self.lineas

    def _omitir(self, valores: dict) -> bool:
        """Blank lines, heading rows (text only) and, when there is an OK column, rows not marked OK."""
        if self.tabla.ubicacion("ok") is not None:
            texto = valores.get("ok")
            if normalizar_descripcion(texto if isinstance(texto, str) else "") != "OK":
                if not es_vacio(valores.get("partida")):
                    self.sin_ok += 1
                return True
        if _es_titulo_de_anexo(valores):
            return True
        if not es_vacio(valores.get("partida")):
            return False
        if es_vacio(valores.get("concepto")):
            return True
        # A description without code is a heading (ID PADRE/MADRE) unless it carries a unit or a volume.
        return es_vacio(valores.get("unidad")) and es_vacio(valores.get("volumen"))

    def _programado(self, fila) -> dict[datetime.date, Decimal] | None:
        """The day columns of a row (positive volumes only); None when a cell is invalid."""
        dias: dict[datetime.date, Decimal] = {}
        valido = True
        for columna in self.fechas:
            valor = fila.celdas[columna.indice] if columna.indice < len(fila.celdas) else None
            lugar = {"fila": fila.numero, "columna": columna.letra, "encabezado": columna.encabezado}
            try:
                cantidad = _leer_importe(valor)
            except ValorInvalido as exc:
                self.informe.error(str(exc), **lugar)
                valido = False
                continue
            if cantidad is None or cantidad == 0:
                continue
            if cantidad < 0:
                self.informe.error(f"volumen programado negativo «{cantidad}»", **lugar)
                valido = False
            elif cantidad >= MAXIMO_PROGRAMADO:
                self.informe.error(f"valor fuera de rango «{cantidad}»", **lugar)
                valido = False
            elif cantidad != cantidad.quantize(Decimal(1).scaleb(-DECIMALES_VOLUMEN)):
                self.informe.error(f"«{cantidad}» tiene más de {DECIMALES_VOLUMEN} decimales", **lugar)
                valido = False
            else:
                dias[columna.fecha] = cantidad
        return dias if valido else None

    def _linea(self, catalogo: CatalogoActivo, fila: int, d: dict, programado: dict) -> LineaAnexo | None:
        faltan = False
        for campo, mensaje in (
            ("partida", "falta la PARTIDA de esta línea"),
            ("concepto", "falta el CONCEPTO de esta línea"),
            ("unidad", "falta la UNIDAD de esta línea"),
        ):
            if not d.get(campo):
                self.informe.error(mensaje, **self.tabla.lugar(fila, campo))
                faltan = True
        if faltan:
            return None
        codigo, descripcion = d["partida"], " ".join(d["concepto"].split())
        coincidencia = catalogo.buscar(
            anexo=d["anexo"] or "", codigo=codigo, descripcion=descripcion, unidad_texto=d["unidad"]
        )
        if coincidencia.concepto is None:
            self.informe.error(coincidencia.mensaje, **self.tabla.lugar(fila, coincidencia.campo))
            return None
        if coincidencia.advertencia:
            self.informe.advertencia(coincidencia.advertencia, **self.tabla.lugar(fila, "partida"))
        concepto = coincidencia.concepto
        if concepto.estatus == EstatusPUE.CANCELADA:
            self.informe.advertencia(
                f"la PUE «{codigo_concepto(concepto)}» está CANCELADA en el catálogo",
                **self.tabla.lugar(fila, "partida"),
            )
        precios = {}
        for campo, atributo in (("pu_mn", "precio_unitario_mn"), ("pu_usd", "precio_unitario_usd")):
            precios[campo] = self._precio(fila, campo, d.get(campo), getattr(concepto, atributo))
        if None in precios.values():
            return None
        volumen = d["volumen"]
        if volumen is None:
            volumen = Decimal(0)
            self.informe.advertencia("VOLUMEN PTE vacío: se tomó 0", **self.tabla.lugar(fila, "volumen"))
        anexo = concepto.sub_anexo.clave_anexo.strip().upper() if concepto.sub_anexo_id else None
        return LineaAnexo(
            fila=fila,
            concepto=concepto,
            anexo=normalizar_anexo(anexo or d["anexo"]),
            codigo=codigo_concepto(concepto),
            descripcion=concepto.descripcion,
            volumen=volumen,
            pu_mn=precios["pu_mn"],
            pu_usd=precios["pu_usd"],
            programado=programado,
        )

    def _precio(self, fila: int, campo: str, del_archivo: Decimal | None, del_catalogo: Decimal) -> Decimal | None:
        """The contract price when the catalogue has one (> 0), else the file's (at most 4 decimals)."""
        if del_catalogo > 0:
            if del_archivo is not None and del_archivo != 0 and del_archivo != del_catalogo:
                self.informe.advertencia(
                    f"el P.U. del archivo ({del_archivo}) difiere del catálogo ({del_catalogo.normalize():f}); "
                    "se usó el del catálogo",
                    **self.tabla.lugar(fila, campo),
                )
            return del_catalogo
        if del_archivo is None:
            return Decimal(0)
        if del_archivo != del_archivo.quantize(Decimal(1).scaleb(-DECIMALES_PRECIO)):
            self.informe.error(
                f"«{del_archivo}» tiene más de {DECIMALES_PRECIO} decimales", **self.tabla.lugar(fila, campo)
            )
            return None
        return del_archivo
