"""The two catalogue imports (Anexo C of a contract, the PUE catalogue) as background jobs of the web upload.

Issue 4, item 5: the upload page stores the workbook and launches one of these jobs; the job runs the same
importer as `manage.py importar_anexo_c` / `importar_pues` with a progress callback, keeps the report on its row
and, when the file is refused, an error workbook listing every problem. These files have many sheets (Anexo C) or
a table whose rows are not re-exported as they were read, so the workbook lists the problems themselves (sheet,
row, column, header, message) instead of giving back the rows.
"""

import re

from django.utils.crypto import get_random_string

from core.exportar import ColumnaExcel, libro_xlsx
from core.importacion import COLUMNA_OBSERVACIONES, InformeImportacion, Problema
from core.models import TrabajoSegundoPlano
from core.trabajos import ErrorTrabajo, archivo_del_trabajo, tipo_trabajo, trabajo_adjuntar, trabajo_lanzar_con_archivo

from .importar_anexo_c import importar_anexo_c
from .importar_pues import importar_pues

TIPO_ANEXO_C = "importar_anexo_c"
TIPO_PUES = "importar_pues"
TIPOS = {TIPO_ANEXO_C: "Anexo C del contrato", TIPO_PUES: "Catálogo de PUEs"}
CARPETA_SUBIDAS = "importaciones/catalogos"

# The Anexo C importer names the sheet of a row's problem at the end of its message: "… (hoja «Anexo C-2-CR»)".
_HOJA_AL_FINAL = re.compile(r"\s*\(hoja «(?P<hoja>[^»]+)»\)\s*$")
# Problems of a whole sheet name it in the text: "La hoja «X» no tiene las columnas requeridas: …".
_HOJA_EN_TEXTO = re.compile(r"\bhoja «(?P<hoja>[^»]+)»")
# The importers speak to the command line; on the web the same advice names the form's fields instead.
OPCIONES_EN_LA_WEB = (
    ("con --contrato NUMERO", "en «Número de contrato»"),
    ("(--contrato, ", "("),
    ("--crear-faltantes", "la opción «Crear faltantes»"),
    ("--cliente", "el cliente"),
    ("--contrato", "«Número de contrato»"),
)


def catalogo_importacion_lanzar(
    *,
    tipo: str,
    archivo_subido,
    usuario,
    contrato: str = "",
    cliente: str = "",
    crear_faltantes: bool = False,
    simulacro: bool = False,
) -> TrabajoSegundoPlano:
    """Keep the uploaded workbook and queue its import (Anexo C or PUEs) as a job of the uploader."""
    if tipo not in TIPOS:
        raise ValueError(f"Tipo de importación desconocido: {tipo}")
    return trabajo_lanzar_con_archivo(
        tipo=tipo,
        usuario=usuario,
        archivo_subido=archivo_subido,
        carpeta=CARPETA_SUBIDAS,
        parametros={
            "contrato": contrato or "",
            "cliente": cliente or "",
            "crear_faltantes": bool(crear_faltantes),
            "simulacro": bool(simulacro),
        },
    )


@tipo_trabajo(TIPO_ANEXO_C)
def _importar_anexo_c_en_segundo_plano(trabajo: TrabajoSegundoPlano, reportar) -> dict:
    p = trabajo.parametros
    return _ejecutar(trabajo, reportar, importar_anexo_c, contrato=p["contrato"], cliente=p.get("cliente") or None)


@tipo_trabajo(TIPO_PUES)
def _importar_pues_en_segundo_plano(trabajo: TrabajoSegundoPlano, reportar) -> dict:
    return _ejecutar(trabajo, reportar, importar_pues, contrato=trabajo.parametros.get("contrato") or None)


def _ejecutar(trabajo: TrabajoSegundoPlano, reportar, importar, **destino) -> dict:
    """Run the importer on the stored upload; a refused file ends the job in ERROR with its error workbook."""
    p = trabajo.parametros
    with archivo_del_trabajo(trabajo) as archivo:
        informe = importar(
            archivo,
            simulacro=p.get("simulacro", False),
            crear_faltantes=p.get("crear_faltantes", False),
            reportar=reportar,
            usuario=trabajo.usuario,
            nombre_archivo=p.get("nombre_archivo", ""),
            **destino,
        )
    datos = informe_como_resultado(informe, tipo=trabajo.tipo, contrato=p.get("contrato", ""))
    if informe.hay_errores:
        trabajo_adjuntar(trabajo, f"errores_{trabajo.tipo}_{get_random_string(12)}.xlsx", libro_problemas(informe))
        raise ErrorTrabajo(informe.resumen(), resultado=datos)
    return datos


def hoja_del_problema(mensaje: str) -> tuple[str, str]:
    """(sheet named by the message or "", the message without its trailing sheet note)."""
    final = _HOJA_AL_FINAL.search(mensaje)
    if final:
        return final["hoja"], mensaje[: final.start()]
    en_texto = _HOJA_EN_TEXTO.search(mensaje)
    return (en_texto["hoja"] if en_texto else ""), mensaje


def _para_la_web(problema: Problema) -> Problema:
    mensaje = problema.mensaje
    for opcion, campo in OPCIONES_EN_LA_WEB:
        mensaje = mensaje.replace(opcion, campo)
    return Problema(mensaje, problema.fila, problema.columna, problema.encabezado)


def _problemas(problemas: list[Problema]) -> list[Problema]:
    """As the web shows them: the form's words for the command's options, grouped by sheet, in workbook order."""
    return sorted((_para_la_web(p) for p in problemas), key=_orden)


def _orden(problema: Problema) -> tuple:
    # Grouped by sheet, then in workbook order: a multi-sheet report reads like the file.
    return (hoja_del_problema(problema.mensaje)[0], *problema.orden())


def _problema_como_dict(problema: Problema) -> dict:
    hoja, texto = hoja_del_problema(problema.mensaje)
    return {**problema.como_dict(), "hoja": hoja, "texto": texto}


def informe_como_resultado(informe: InformeImportacion, *, tipo: str, contrato: str) -> dict:
    """The report kept on the job row: the command's report, each problem with its sheet when known."""
    datos = informe.como_dict()
    datos["errores"] = [_problema_como_dict(p) for p in _problemas(informe.errores)]
    datos["advertencias"] = [_problema_como_dict(p) for p in _problemas(informe.advertencias)]
    return {**datos, "tipo": tipo, "tipo_texto": TIPOS[tipo], "contrato": contrato}


COLUMNAS_LIBRO = [
    ColumnaExcel(COLUMNA_OBSERVACIONES, 70),
    ColumnaExcel("TIPO", 14),
    ColumnaExcel("HOJA", 22),
    ColumnaExcel("FILA", 8, "entero"),
    ColumnaExcel("COLUMNA", 10),
    ColumnaExcel("ENCABEZADO", 28),
    ColumnaExcel("MENSAJE", 70),
]


def libro_problemas(informe: InformeImportacion) -> bytes:
    """Every problem of the report, errors first, one per row; OBSERVACIONES_SISTEMA is its message as reported."""
    filas = []
    for nombre, problemas in (("ERROR", informe.errores), ("ADVERTENCIA", informe.advertencias)):
        for p in _problemas(problemas):
            hoja, texto = hoja_del_problema(p.mensaje)
            filas.append([p.mensaje, nombre, hoja, p.fila, p.columna, p.encabezado, texto])
    return libro_xlsx("Errores", COLUMNAS_LIBRO, filas)
