"""A PUE catalogue workbook built like ANEXO_C_PUES.xlsx (reference §5.2), for tests and benchmarks.

There is no sample of that file in ../shared/samples, so this builds one with the same shape and quirks:
sheet `PUE´s BME` (acute accent), an Excel table `Tabla1` over the data with the header on row 1 and the 19
columns in their order, M.N./U.S.D. as structured-reference formulas without a cached value, unique PARTIDA EXT
codes with the file's prefix mix, partly filled PTE/OT/comment/status/sanction date columns, PUEs already
converted into ordinary lines of anexos C-7…C-20, unit variants (`TON `, `ton`, `Pieza`, …) and descriptions
repeated under different codes. Counts follow the real file's (3 056 rows) scaled to `filas`; the same
`semilla` always gives the same workbook.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

HOJA = "PUE´s BME"
TABLA = "Tabla1"
COLUMNAS_PUES = (
    "ANEXO",
    "PARTIDA",
    "CONCEPTO",
    "UNIDAD",
    "CANTIDADES DE REFERENCIA",
    "P.U. M.N.",
    "P.U. USD",
    "M.N.",
    "U.S.D.",
    "ID PADRE",
    "ID MADRE",
    "ID HIJO",
    "PTE CREACION",
    "OT CREACION",
    "FECHA SANCION",
    "PARTIDA EXT",
    "ESTATUS",
    "COMENTARIO",
    "ID BME",
)
COL = {nombre: i for i, nombre in enumerate(COLUMNAS_PUES)}
SEMILLA = 3056

FILAS_REALES = 3056
PREFIJOS = (("C1EXT", 5), ("C2EXT", 985), ("C3EXT", 1869), ("C4EXT", 28), ("C5EXT", 168), ("C6EXT", 1))
# How many rows of the real file have each feature; scaled to the size asked for.
REAL = {
    "convertidas": 180,
    "pte": 2264,
    "ot": 1541,
    "comentario": 2417,
    "en_elaboracion": 752,
    "cancelada": 252,
    "fecha": 151,
    "descripciones_repetidas": 22,
    "ton_con_espacio": 3,
    "ton_minusculas": 4,
    "pieza_capitalizada": 6,
    "m2_dia": 9,
    "serv_dia": 7,
    "hom_dia": 8,
}
ANEXOS_CONVERTIDAS = tuple(f"C-{n}" for n in range(7, 21))
UNIDADES = (
    ("PIEZA", 30),
    ("TON", 12),
    ("JUNTA", 8),
    ("M", 8),
    ("M2", 5),
    ("ML", 3),
    ("H-H", 4),
    ("DÍA", 5),
    ("SERVICIO", 10),
    ("JORNADA", 8),
    ("HORA", 3),
    ("LOTE", 3),
    ("KG", 2),
    ("EVENTO", 2),
    ("M3", 1),
    ("COMIDA", 1),
)
ETIQUETAS = (
    "ESTIMULACIONES",
    "YAXCHE-C",
    "SALVATAJE",
    "ABKATUN-A",
    "KU-A",
    "MALOOB-A",
    "ZAAP-C",
    "DESMANTELAMIENTO",
    "INTERCONEXIONES",
    "RECUPERACION DE DUCTOS",
)
ACCIONES = (
    "Suministro e instalación de",
    "Fabricación y montaje de",
    "Desmantelamiento de",
    "Retiro y disposición de",
    "Inspección y limpieza de",
    "Reparación de",
    "Renta de",
    "Prefabricado de",
    "Sustitución de",
    "Pruebas de hermeticidad a",
    "Corte y biselado de",
    "Recubrimiento anticorrosivo a",
)
OBJETOS = (
    "tubería de acero al carbón",
    "abrazadera de reparación",
    "válvula de compuerta",
    "brida de cuello soldable",
    "codo de radio largo",
    "soporte tipo silleta",
    "ducto ascendente",
    "tee recta",
    "reducción concéntrica",
    "junta aislante monolítica",
    "lanzador de diablos",
    "camisa de refuerzo",
    "defensa de ducto",
    "grapa estructural",
    "equipo de buceo de saturación",
    "embarcación de apoyo",
    "grúa de 50 toneladas",
    "personal técnico especializado",
    "andamio tubular",
    "espárrago de alta resistencia",
)
MEDIDAS = ('2"Ø', '3"Ø', '4"Ø', '6"Ø', '8"Ø', '10"Ø', '12"Ø', '16"Ø', '20"Ø', '24"Ø', '36"Ø')
DETALLES = (
    "cédula 80",
    "cédula 160",
    "clase 600",
    "clase 1500",
    "en zona de mareas",
    "a una profundidad de hasta 60 m",
    "incluye materiales y mano de obra",
    "en plataforma satélite",
    "con certificado de calidad",
    "por medios mecánicos",
)
PLATAFORMAS = ("ABK-A", "KU-A", "AKAL-C", "ZAAP-C", "POL-A", "EK-A", "NHA2")


@dataclass
class LibroPUEs:
    """The rows written (one list of 19 values per data row, formulas as text) and where they went."""

    filas: list[list]

    @staticmethod
    def numero_fila(indice: int) -> int:
        """Excel row number of data row `indice` (the header is row 1)."""
        return indice + 2

    @staticmethod
    def letra(columna: str) -> str:
        return get_column_letter(COL[columna] + 1)

    def valor(self, indice: int, columna: str):
        return self.filas[indice][COL[columna]]


def _escalar(real: int, filas: int) -> int:
    """A feature's count for `filas` rows; at least one when the real file has it and there is room."""
    if real == 0 or filas == 0:
        return 0
    return min(filas, max(1, round(real * filas / FILAS_REALES)))


def _repartir(filas: int) -> list[tuple[str, int]]:
    """The PARTIDA EXT prefixes' counts for `filas` rows (largest remainder, so they add up exactly)."""
    cuotas = [(prefijo, real * filas / FILAS_REALES) for prefijo, real in PREFIJOS]
    enteros = {prefijo: int(cuota) for prefijo, cuota in cuotas}
    sobrante = filas - sum(enteros.values())
    for prefijo, _ in sorted(cuotas, key=lambda c: c[1] - int(c[1]), reverse=True)[:sobrante]:
        enteros[prefijo] += 1
    return [(prefijo, enteros[prefijo]) for prefijo, _ in PREFIJOS]


def _descripciones(azar: random.Random, cantidad: int) -> list[str]:
    vistas: set[str] = set()
    salida = []
    while len(salida) < cantidad:
        texto = (
            f"{azar.choice(ACCIONES)} {azar.choice(OBJETOS)} de {azar.choice(MEDIDAS)} "
            f"{azar.choice(DETALLES)}, {azar.choice(DETALLES)}."
        )
        if texto not in vistas:
            vistas.add(texto)
            salida.append(texto)
    return salida


def _precio(azar: random.Random, minimo: float, maximo: float):
    if azar.random() < 0.3:
        return azar.randint(int(minimo), int(maximo))  # the real file mixes int and float cells
    return round(azar.uniform(minimo, maximo), 2)


def _precios(azar: random.Random) -> tuple:
    tipo = azar.random()
    if tipo < 0.55:
        return _precio(azar, 50, 250_000), 0
    if tipo < 0.75:
        return 0, _precio(azar, 10, 90_000)
    if tipo < 0.85:
        return _precio(azar, 50, 50_000), _precio(azar, 10, 5_000)
    return 0, 0


def _elegir(azar: random.Random, disponibles: list[int], cantidad: int) -> list[int]:
    """`cantidad` indices taken out of `disponibles` (so features that exclude each other never overlap)."""
    elegidos = azar.sample(disponibles, min(cantidad, len(disponibles)))
    quitar = set(elegidos)
    disponibles[:] = [i for i in disponibles if i not in quitar]
    return sorted(elegidos)


def filas_pues(*, filas: int = FILAS_REALES, semilla: int = SEMILLA) -> list[list]:
    """The data rows of a PUE workbook (19 values each, in COLUMNAS_PUES order)."""
    azar = random.Random(semilla)
    codigos = [f"{prefijo}-{n:04d}" for prefijo, cantidad in _repartir(filas) for n in range(1, cantidad + 1)]
    descripciones = _descripciones(azar, filas)
    nombres_unidad = [u for u, _ in UNIDADES]
    pesos_unidad = [p for _, p in UNIDADES]
    datos = []
    for i in range(filas):
        fila = [None] * len(COLUMNAS_PUES)
        mn, usd = _precios(azar)
        fila[COL["CONCEPTO"]] = descripciones[i]
        fila[COL["UNIDAD"]] = azar.choices(nombres_unidad, pesos_unidad)[0]
        fila[COL["CANTIDADES DE REFERENCIA"]] = 1
        fila[COL["P.U. M.N."]] = mn
        fila[COL["P.U. USD"]] = usd
        fila[COL["M.N."]] = f"={TABLA}[[#This Row],[P.U. M.N.]]*{TABLA}[[#This Row],[CANTIDADES DE REFERENCIA]]"
        fila[COL["U.S.D."]] = f"={TABLA}[[#This Row],[P.U. USD]]*{TABLA}[[#This Row],[CANTIDADES DE REFERENCIA]]"
        fila[COL["PARTIDA EXT"]] = codigos[i]
        datos.append(fila)

    indices = list(range(filas))
    escala = {clave: _escalar(real, filas) for clave, real in REAL.items()}

    # PUEs already converted into ordinary lines: spread over C-7…C-20, numbered within each anexo.
    libres = list(indices)
    convertidas = _elegir(azar, libres, escala["convertidas"])
    por_anexo: dict[str, int] = {}
    for n, i in enumerate(convertidas):
        anexo = ANEXOS_CONVERTIDAS[n % len(ANEXOS_CONVERTIDAS)]
        por_anexo[anexo] = por_anexo.get(anexo, 0) + 1
        numero_anexo = int(anexo.split("-")[1])
        # Both code styles of the real file: `1C-010.` and `10C-11.`
        partida = (
            f"{por_anexo[anexo]}C-{numero_anexo:03d}."
            if numero_anexo % 2 == 0
            else f"{por_anexo[anexo]}C-{numero_anexo}."
        )
        datos[i][COL["ANEXO"]] = anexo
        datos[i][COL["PARTIDA"]] = partida

    # Status only on PUEs not converted (a converted PUE was authorised); sanction dates mostly on those left blank.
    for i in _elegir(azar, libres, escala["en_elaboracion"]):
        datos[i][COL["ESTATUS"]] = "EN ELABORACION"
    for i in _elegir(azar, libres, escala["cancelada"]):
        datos[i][COL["ESTATUS"]] = "CANCELADA"
    sin_estatus = [i for i in indices if datos[i][COL["ESTATUS"]] is None]
    for i in azar.sample(sin_estatus, min(escala["fecha"], len(sin_estatus))):
        dia = datetime.datetime(2023, 1, 16) + datetime.timedelta(days=azar.randrange(0, 900))
        datos[i][COL["FECHA SANCION"]] = dia

    con_pte = sorted(azar.sample(indices, escala["pte"]))
    for i in con_pte:
        datos[i][COL["PTE CREACION"]] = f"BME-3801-{azar.randint(1, 120):03d}-{azar.choice((2023, 2024, 2025))}"
    for i in azar.sample(con_pte, min(escala["ot"], len(con_pte))):
        anio = azar.choice((23, 24, 25))
        datos[i][COL["OT CREACION"]] = f"OT-801-{anio}-{azar.randint(1, 99):03d}-{azar.choice(PLATAFORMAS)}"
    for i in azar.sample(indices, escala["comentario"]):
        datos[i][COL["COMENTARIO"]] = azar.choice(ETIQUETAS)

    # Unit spellings the real file has besides the catalogue's own: all resolve to a seeded unit.
    otras = list(indices)
    for clave, unidad in (
        ("ton_con_espacio", "TON "),
        ("ton_minusculas", "ton"),
        ("pieza_capitalizada", "Pieza"),
        ("m2_dia", "M2/DÍA"),
        ("serv_dia", "SERV/DIA"),
        ("hom_dia", "HOM/DÍA"),
    ):
        for i in _elegir(azar, otras, escala[clave]):
            datos[i][COL["UNIDAD"]] = unidad

    # The same description under two codes (the real file has 22 such pairs).
    if filas >= 2:
        candidatos = list(indices)
        for _ in range(min(escala["descripciones_repetidas"], filas // 2)):
            origen, copia = _elegir(azar, candidatos, 2)
            datos[copia][COL["CONCEPTO"]] = datos[origen][COL["CONCEPTO"]]
    return datos


def libro_pues(
    ruta_o_buffer,
    *,
    filas: int = FILAS_REALES,
    semilla: int = SEMILLA,
    ajustar: Callable[[list[list]], None] | None = None,
) -> LibroPUEs:
    """Write the workbook to a path or a binary buffer; `ajustar(filas)` may edit the rows before they are written."""
    datos = filas_pues(filas=filas, semilla=semilla)
    if ajustar is not None:
        ajustar(datos)
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.title = HOJA
    hoja.append(list(COLUMNAS_PUES))
    for fila in datos:
        hoja.append(fila)
    for celda in hoja[f"O2:O{len(datos) + 1}"]:
        celda[0].number_format = "dd/mm/yyyy"
    ultima = get_column_letter(len(COLUMNAS_PUES))
    tabla = Table(displayName=TABLA, ref=f"A1:{ultima}{max(len(datos), 1) + 1}")
    tabla.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    hoja.add_table(tabla)
    libro.save(ruta_o_buffer)
    return LibroPUEs(datos)
