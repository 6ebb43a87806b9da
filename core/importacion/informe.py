"""The import report: problems with their Excel location, and the counts."""

from collections import Counter
from dataclasses import dataclass, field

COLUMNA_OBSERVACIONES = "OBSERVACIONES_SISTEMA"
FILAS_BUSQUEDA_ENCABEZADO = 20
ANIO_MINIMO, ANIO_MAXIMO = 1900, 2100


class ArchivoInvalido(Exception):
    """The file as a whole cannot be imported (not an xlsx, empty, missing headers). Message in Spanish."""


class ValorInvalido(ValueError):
    """One cell's value cannot be read as the type its column needs. Message in Spanish, without location."""


@dataclass(frozen=True)
class Problema:
    """An error or a warning, located in the workbook when it belongs to a cell or a row."""

    mensaje: str
    fila: int | None = None
    columna: str = ""
    encabezado: str = ""

    def __str__(self) -> str:
        lugar = []
        if self.fila:
            lugar.append(f"fila {self.fila}")
        if self.columna:
            nombre = f" ({self.encabezado})" if self.encabezado else ""
            lugar.append(f"columna {self.columna}{nombre}")
        elif self.encabezado:
            lugar.append(f"columna {self.encabezado}")
        return f"{', '.join(lugar)}: {self.mensaje}" if lugar else self.mensaje

    def orden(self) -> tuple:
        return (self.fila or 0, len(self.columna), self.columna)

    def como_dict(self) -> dict:
        return {"fila": self.fila, "columna": self.columna, "encabezado": self.encabezado, "mensaje": self.mensaje}


@dataclass
class InformeImportacion:
    """What an import did (or would do): counts, and every problem with its place in the workbook."""

    creadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    advertencias: list[Problema] = field(default_factory=list)
    errores: list[Problema] = field(default_factory=list)
    # Rows created besides the imported entity (e.g. placeholders "por revisar"), by kind.
    otros_creados: Counter = field(default_factory=Counter)
    simulacro: bool = False
    escrito: bool = False

    def error(self, mensaje: str, *, fila: int | None = None, columna: str = "", encabezado: str = "") -> None:
        self.errores.append(Problema(mensaje, fila, columna, encabezado))

    def advertencia(self, mensaje: str, *, fila: int | None = None, columna: str = "", encabezado: str = "") -> None:
        self.advertencias.append(Problema(mensaje, fila, columna, encabezado))

    @property
    def hay_errores(self) -> bool:
        return bool(self.errores)

    def resumen(self) -> str:
        return (
            f"creadas={self.creadas} actualizadas={self.actualizadas} sin_cambios={self.sin_cambios} "
            f"advertencias={len(self.advertencias)} errores={len(self.errores)}"
        )

    def lineas(self) -> list[str]:
        """The report as printed by the commands; the summary is always the last line."""
        salida = [f"ERROR {p}" for p in sorted(self.errores, key=Problema.orden)]
        salida += [f"ADVERTENCIA {p}" for p in sorted(self.advertencias, key=Problema.orden)]
        salida += [f"{nombre}: {cantidad}" for nombre, cantidad in sorted(self.otros_creados.items())]
        if self.errores:
            salida.append("No se escribió nada: corrija los errores y vuelva a importar.")
        elif self.simulacro:
            salida.append("Simulacro (--dry-run): se revirtió todo, no se escribió nada.")
        salida.append(self.resumen())
        return salida

    def problemas_por_fila(self) -> dict[int, list[str]]:
        """Row number → its problems as text ("columna F (…): …"), errors first."""
        por_fila: dict[int, list[str]] = {}
        for prefijo, problemas in (("ERROR", self.errores), ("ADVERTENCIA", self.advertencias)):
            for p in problemas:
                if p.fila:
                    sin_fila = Problema(p.mensaje, None, p.columna, p.encabezado)
                    por_fila.setdefault(p.fila, []).append(f"{prefijo}: {sin_fila}")
        return por_fila

    def como_dict(self) -> dict:
        """JSON-serialisable form (kept on a job row or shown by the upload page)."""
        return {
            "creadas": self.creadas,
            "actualizadas": self.actualizadas,
            "sin_cambios": self.sin_cambios,
            "advertencias": [p.como_dict() for p in sorted(self.advertencias, key=Problema.orden)],
            "errores": [p.como_dict() for p in sorted(self.errores, key=Problema.orden)],
            "otros_creados": dict(self.otros_creados),
            "simulacro": self.simulacro,
            "escrito": self.escrito,
            "resumen": self.resumen(),
        }
