"""The weekly summary's charts as PNG bytes (matplotlib, Agg backend: no display on the server)."""

import io

import matplotlib

# Agg before anything draws: the server has no display.
matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

MILES = FuncFormatter(lambda valor, _posicion: f"{valor:,.0f}")

AZUL = "#0d6efd"
VERDE = "#198754"
MAXIMO_BARRAS = 12
# strftime's day names follow the server locale (usually English); these do not.
DIAS = ("Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom")


def _png(figura: Figure) -> bytes:
    salida = io.BytesIO()
    figura.tight_layout()
    figura.savefig(salida, format="png", dpi=110)
    return salida.getvalue()


def grafica_barras(etiquetas: list[str], valores: list, titulo: str, color: str = AZUL) -> bytes:
    """Horizontal bars (largest on top), at most MAXIMO_BARRAS so the labels stay readable."""
    etiquetas, valores = etiquetas[:MAXIMO_BARRAS], valores[:MAXIMO_BARRAS]
    # Figure() rather than pyplot: no global state, safe to call from a worker thread.
    figura = Figure(figsize=(7, 0.45 * max(len(etiquetas), 3) + 1))
    eje = figura.add_subplot()
    eje.barh(list(reversed(etiquetas)), [float(v) for v in reversed(valores)], color=color)
    eje.set_title(titulo)
    eje.grid(axis="x", alpha=0.3)
    eje.xaxis.set_major_formatter(MILES)
    return _png(figura)


def grafica_produccion(dias: list[dict]) -> bytes:
    """Daily production amount of the week, MXN and USD on separate panels (never on one scale)."""
    figura = Figure(figsize=(7, 5))
    etiquetas = [f"{DIAS[d['fecha'].weekday()]} {d['fecha']:%d/%m}" for d in dias]
    # float only for drawing; every figure in the text and tables stays Decimal.
    for posicion, (clave, moneda, color) in enumerate((("importe_mn", "MXN", AZUL), ("importe_usd", "USD", VERDE))):
        eje = figura.add_subplot(2, 1, posicion + 1)
        eje.bar(etiquetas, [float(d[clave]) for d in dias], color=color)
        eje.set_title(f"Producción diaria ({moneda})")
        eje.grid(axis="y", alpha=0.3)
        eje.tick_params(axis="x", labelsize=8)
        eje.yaxis.set_major_formatter(MILES)
    return _png(figura)
