"""Error codes of the reading subprocess and the Spanish messages users see for them."""

VACIO = "vacio"
NO_EXISTE = "no_existe"
CARPETA = "carpeta"
NO_RECONOCIDO = "no_reconocido"
TRUNCADO = "truncado"
PROTEGIDO = "protegido"
ILEGIBLE = "ilegible"
JAVA_AUSENTE = "java"
MEMORIA = "memoria"
TIEMPO = "tiempo"
FALLO_PROCESO = "proceso"

MENSAJES = {
    VACIO: "El archivo está vacío.",
    NO_EXISTE: "No se encontró el archivo del cronograma.",
    CARPETA: "La ruta indicada es una carpeta, no un archivo de cronograma.",
    NO_RECONOCIDO: "El archivo no es un cronograma de MS Project reconocible.",
    TRUNCADO: (
        "El archivo no es un cronograma de MS Project reconocible: parece un .mpp incompleto o dañado "
        "(truncado). Vuelva a guardarlo desde MS Project y súbalo de nuevo."
    ),
    PROTEGIDO: (
        "El archivo está protegido con contraseña de lectura. Ábralo en MS Project, quite la contraseña "
        "(Guardar como → Herramientas → Opciones generales) y súbalo de nuevo."
    ),
    ILEGIBLE: (
        "No se pudo leer el cronograma: el archivo está dañado o usa un formato que no se reconoce. "
        "Guárdelo de nuevo desde MS Project (.mpp o XML) y vuelva a intentarlo."
    ),
    JAVA_AUSENTE: (
        "No se encontró Java (11 o superior), necesario para leer archivos de MS Project. "
        "Pida al administrador que lo instale o que configure JAVA_HOME."
    ),
    MEMORIA: (
        "El cronograma es demasiado grande para leerse con la memoria asignada al lector. "
        "Divídalo o pida al administrador que revise el servidor."
    ),
    TIEMPO: "La lectura del cronograma tardó demasiado y se canceló. Intente de nuevo o con un archivo más pequeño.",
    FALLO_PROCESO: "No se pudo leer el cronograma por un error interno del lector. Intente de nuevo más tarde.",
}


class ErrorCronograma(Exception):
    """A schedule that cannot be read; the message is in Spanish, for the user."""

    def __init__(self, mensaje: str, *, codigo: str = ILEGIBLE, detalle: str = ""):
        super().__init__(mensaje)
        self.codigo = codigo
        self.detalle = detalle  # technical, for the logs only


class FalloLectura(Exception):
    """Raised inside the subprocess; becomes {"error": codigo, "detalle": detalle}."""

    def __init__(self, codigo: str, detalle: str = ""):
        super().__init__(codigo)
        self.codigo = codigo
        self.detalle = detalle


def error_de_codigo(codigo: str, detalle: str = "") -> ErrorCronograma:
    return ErrorCronograma(MENSAJES.get(codigo, MENSAJES[ILEGIBLE]), codigo=codigo, detalle=detalle)
