"""Fixed texts and proportions of the demo data set (`core.demo`): catalogue lines, sites, names, weights.

Descriptions are realistic Spanish texts of subsea work under a PEMEX unit-price contract; prices are plausible
reference prices (strings, turned into Decimals by the builders).
"""

from dataclasses import dataclass

from operaciones.catalogos.constantes import EstatusId, FrenteId, TipoId
from operaciones.pte.models import EstatusPTE

# (clave, descripción); matched against existing units by normalised clave or descripción before creating one.
UNIDADES = {
    "M": ("M", "METRO"),
    "PIEZA": ("PZA", "PIEZA"),
    "TON": ("TON", "TONELADA"),
    "JUNTA": ("JUNTA", "JUNTA"),
    "M2": ("M2", "METRO CUADRADO"),
    "M3": ("M3", "METRO CUBICO"),
    "JORNADA": ("JOR", "JORNADA"),
    "HORA": ("HR", "HORA"),
    "H-H": ("H-H", "HORA-HOMBRE"),
    "DIA": ("DIA", "DÍA"),
    "HOM/DIA": ("HOM/DIA", "HOMBRE/DÍA"),
    "COMIDA": ("COMIDA", "COMIDA"),
    "SERVICIO": ("SERV", "SERVICIO"),
}

# Anexo C lines, one per row: sub-anexo; partida; unidad; P.U. M.N.; P.U. USD; ritmo; mínimo-máximo; descripción.
# ritmo D = charged every working day (vessel, crew, lodging; the range is the daily quantity);
# ritmo A = charged as the work advances (the range is the volume the OT's annex authorises).
_TABLA_CONCEPTOS = """
C-2;2.15.;M;4850.00;0;A;60-900;Suministro de tubería de acero al carbón API 5L X52 de 8" Ø cédula 80, sin costura
C-2;2.23.;M;7320.50;0;A;40-600;Suministro de tubería de acero al carbón API 5L X52 de 12" Ø cédula 40
C-2;2.41.;PIEZA;3150.00;0;A;4-40;Suministro de codo de 90° radio largo de 8" Ø ASTM A234 WPB
C-2;2.57.;PIEZA;5980.00;0;A;4-30;Suministro de brida de cuello soldable de 8" Ø 600 lb cara realzada
C-2;2.88.;PIEZA;186400.00;0;A;1-8;Suministro de abrazadera submarina de reparación tipo envolvente de 12" Ø
C-2;2.112.;TON;38900.00;0;A;5-60;Suministro de perfil estructural de acero A-36 para soportería
C-2;2.140.;JUNTA;9650.00;0;A;10-90;Prefabricación en patio de carrete de tubería de 8" Ø
C-2;2.201.;PIEZA;11250.00;0;A;6-60;Suministro de ánodo de sacrificio de aluminio-zinc-indio de 150 lb
C-2;2.233.;M2;1425.00;0;A;80-1500;Suministro de recubrimiento epóxico para zona de mareas y oleaje
C-3;3.12.;JUNTA;14800.00;0;A;10-120;Soldadura a tope de tubería de 8" Ø en superficie, incluye radiografiado
C-3;3.27.;M;21500.00;0;A;5-80;Soldadura submarina húmeda de parche en elemento estructural
C-3;3.45.;PIEZA;17900.00;0;A;4-40;Corte y biselado submarino de tubería de 12" Ø
C-3;3.68.;M2;690.00;0;A;200-3000;Limpieza submarina de estructura con chorro de agua a alta presión
C-3;3.90.;PIEZA;2350.00;0;A;20-200;Inspección visual y medición de espesores por ultrasonido en elemento submarino
C-3;3.118.;PIEZA;98500.00;0;A;1-8;Instalación de abrazadera submarina de reparación en ducto ascendente
C-3;3.150.;TON;45200.00;0;A;3-40;Desmantelamiento de tramo dañado de ducto ascendente
C-3;3.204.;M2;980.00;0;A;100-2000;Aplicación de recubrimiento anticorrosivo en zona de mareas y oleaje
C-3;3.266.;PIEZA;6400.00;0;A;6-60;Instalación de ánodo de sacrificio en estructura submarina
C-3;3.301.;M3;15600.00;0;A;5-70;Relleno con mortero (grout) de soporte de ducto en lecho marino
C-4;4.7.;JORNADA;18650.00;0;D;2-6;Jornada de buzo de saturación
C-4;4.8.;JORNADA;14200.00;0;D;1-2;Jornada de supervisor de buceo
C-4;4.11.;JORNADA;12900.00;0;D;2-4;Jornada de soldador submarino calificado
C-4;4.20.;JORNADA;9800.00;0;D;1-3;Jornada de técnico inspector de ensayos no destructivos
C-4;4.24.;JORNADA;11350.00;0;D;1-1;Jornada de ingeniero residente de obra
C-4;4.25.;H-H;310.00;0;D;8-30;Hora-hombre de ayudante general en tiempo extraordinario
C-4;4.31.;JORNADA;8700.00;0;D;1-2;Jornada de operador de grúa de embarcación
C-4;4.35.;JORNADA;9100.00;0;D;1-2;Jornada de técnico de topografía y posicionamiento
C-5;5.3.;DIA;0;2450.00;D;1-1;Equipo de buceo con aire para 50 m de profundidad, por día
C-5;5.14.;DIA;0;18900.00;D;1-1;Sistema de buceo de saturación para cuatro buzos, por día
C-5;5.22.;DIA;0;9600.00;D;1-1;Vehículo operado a control remoto (ROV) clase trabajo, por día
C-5;5.40.;JORNADA;6200.00;0;D;1-2;Equipo de soldadura y corte submarino, por jornada
C-5;5.58.;JORNADA;3900.00;0;D;1-2;Compresora de aire de 750 PCM, por jornada
C-5;5.71.;HORA;2750.00;0;D;2-10;Grúa de apoyo de 50 t, por hora
C-5;5.96.;JORNADA;5400.00;0;D;1-1;Equipo de inspección ultrasónica multicanal, por jornada
C-5;5.133.;DIA;0;1350.00;D;1-1;Cámara hiperbárica de descompresión, por día
C-5;5.150.;DIA;0;90000.00;D;1-1;Embarcación de posicionamiento dinámico clase DP2 para 100 personas, por día
C-6;6.1.;HOM/DIA;1450.00;0;D;25-70;Hospedaje de personal a bordo de embarcación, por persona por día
C-6;6.2.;COMIDA;285.00;0;D;75-210;Alimentación de personal a bordo (desayuno, comida y cena)
C-6;6.3.;HOM/DIA;1680.00;0;D;10-40;Hospedaje de personal en plataforma habitacional, por persona por día
C-6;6.4.;COMIDA;240.00;0;D;5-40;Alimentación adicional de personal fuera de horario
"""
PARTIDA_EMBARCACION = "5.150."
PARTIDAS_SOLO_BARCO = frozenset({"5.150.", "6.1.", "6.2."})

# PUEs, one per row: prefijo; unidad; P.U. M.N.; P.U. USD; proyecto; descripción.
_TABLA_PUES = """
C3EXT;SERVICIO;385000.00;0;ESTIMULACIONES;Servicio de taponamiento temporal de ducto de 12" Ø con tapón mecánico
C2EXT;PIEZA;412300.00;0;YAXCHE-C;Suministro de grapa estructural especial para pierna de plataforma
C3EXT;TON;27800.00;0;SALVATAJE;Recuperación de chatarra metálica del lecho marino
C3EXT;M;0;38.50;INSPECCION DE DUCTOS;Videoinspección con ROV de la trayectoria de ducto submarino
C3EXT;PIEZA;64500.00;0;YAXCHE-C;Colocación de colchoneta de concreto articulada sobre ducto
C3EXT;M2;1120.00;0;ESTIMULACIONES;Retiro de incrustación marina en conductores de pozo
C2EXT;PIEZA;256900.00;0;SALVATAJE;Suministro de carrete bridado especial de 16" Ø
C3EXT;JORNADA;16400.00;0;INSPECCION DE DUCTOS;Buceo en aguas someras para inspección de ánodos
C3EXT;SERVICIO;0;48500.00;SALVATAJE;Salvamento y reflotamiento de equipo caído al mar
C2EXT;PIEZA;4850.00;0;ESTIMULACIONES;Suministro de empaque metálico tipo anillo RTJ R-49
"""


def _filas(tabla: str) -> list[list[str]]:
    return [linea.split(";") for linea in tabla.strip().splitlines()]


@dataclass(frozen=True)
class _Plantilla:
    anexo: str
    partida: str
    unidad: str
    mn: str
    usd: str
    diario: bool
    rango: tuple[int, int]
    descripcion: str


CONCEPTOS = tuple(
    _Plantilla(sub, partida, unidad, mn, usd, ritmo == "D", tuple(map(int, rango.split("-"))), texto)
    for sub, partida, unidad, mn, usd, ritmo, rango, texto in _filas(_TABLA_CONCEPTOS)
)
PUES = tuple(tuple(fila) for fila in _filas(_TABLA_PUES))

# (clave, descripción, ID PADRE of its lines)
SUBANEXOS = (
    ("C-2", "Catálogo de conceptos de suministro y prefabricación de materiales", "SUMINISTRO DE MATERIALES"),
    ("C-3", "Catálogo de conceptos de instalación, construcción y reparación costa fuera", "TRABAJOS COSTA FUERA"),
    ("C-4", "Plantilla optativa de personal", "PLANTILLA OPTATIVA DE PERSONAL"),
    ("C-5", "Plantilla optativa de equipos", "PLANTILLA BASE DE EQUIPOS"),
    ("C-6", "Hospedaje y alimentación optativos", "HOSPEDAJE Y ALIMENTACIÓN OPTATIVOS"),
)

EMBARCACIONES = (("DSV BME SUBTEC I", 100), ("DSV BME SUBTEC II", 80), ("B/A NAUTILUS DP2", 120))
PLATAFORMAS = (
    "AKAL-C", "AKAL-J", "KU-A", "KU-S", "ABKATUN-A", "ABKATUN-D", "POL-A", "NOHOCH-A", "ZAAP-C", "MALOOB-A",
)  # fmt: skip
PATIOS = ("PATIO DOS BOCAS", "PATIO CD. DEL CARMEN")

NOMBRES = (
    "Alejandro", "Beatriz", "Carlos", "Daniela", "Eduardo", "Fernanda", "Gabriel", "Guadalupe", "Héctor", "Isabel",
    "Jorge", "Karla", "Luis", "Mariana", "Miguel", "Norma", "Óscar", "Patricia", "Ramón", "Rosa", "Sergio",
    "Teresa", "Víctor", "Ximena", "José Antonio", "María Elena", "Juan Carlos", "Ana Laura",
)  # fmt: skip
APELLIDOS = (
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz",
    "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz",
    "Mendoza", "Aguilar", "Ortiz", "Castillo", "Chablé", "May", "Canul", "Pech",
)  # fmt: skip

TRABAJOS = (
    'Reparación de ducto ascendente de 12" Ø en la plataforma {p}',
    "Inspección submarina de estructura y ductos de la plataforma {p}",
    "Rehabilitación del sistema de protección catódica de la plataforma {p}",
    'Sustitución de abrazaderas en ducto de 8" Ø de {p} a {q}',
    "Mantenimiento a la zona de mareas y oleaje de la plataforma {p}",
    "Salvamento de equipo y limpieza del lecho marino en las inmediaciones de {p}",
    'Interconexión submarina de ducto de 16" Ø entre {p} y {q}',
    "Estabilización de claros libres del ducto de {p} a {q}",
)

TIPOS_PTE = (
    TipoId.LICITACION, TipoId.COSTEO_CLASE_V, TipoId.COSTEO_CLASE_IV, TipoId.COSTEO_CLASE_III, TipoId.OBRA,
    TipoId.UDC, TipoId.MERCADEOS, TipoId.SERVICIO_MTTO, TipoId.SERVICIOS, TipoId.MANTENIMIENTO,
)  # fmt: skip
ESTATUS_PTE = (
    (EstatusPTE.ENTREGADA, 55), (EstatusPTE.PROCESO, 20), (EstatusPTE.PENDIENTE, 15),
    (EstatusPTE.CANCELADA, 5), (EstatusPTE.SUSPENDIDA, 5),
)  # fmt: skip
ESTATUS_OT = (
    (EstatusId.EN_EJECUCION, 35), (EstatusId.TERMINADA, 30), (EstatusId.ASIGNADA, 15), (EstatusId.DIFERIDA, 4),
    (EstatusId.SUSPENDIDA, 5), (EstatusId.CANCELADA, 4), (EstatusId.POR_CANCELAR, 3),
    (EstatusId.DIFERIDA_SIN_INICIAR, 4),
)  # fmt: skip
FRENTES_OT = ((FrenteId.BARCO, 70), (FrenteId.CP_PS, 20), (FrenteId.TIERRA, 10))
