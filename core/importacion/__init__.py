"""The import contract shared by every Excel import (DESIGN §5 "Imports"): parse → validate → write → report.

- Parse: `leer_tabla` opens an .xlsx in read-only mode, finds the header row and each column by its normalised
  name (never by position) and keeps every data row with its Excel row number.
- Validate: each row goes through a Django form whose fields are the `Campo*` classes below (they read Excel
  cells: codes stay text, amounts are `Decimal(str(cell))`, dates come from date cells or text); `validar_fila`
  turns the form's errors into report entries with row, column letter and header name.
- Write: `ejecutar_escritura` runs the writer in one `transaction.atomic(durable=True)` only when the report has
  no errors; a dry run executes everything and rolls back, so its counts are the real ones.
- Report: `InformeImportacion` collects created / updated / unchanged / warnings / errors; the command prints it
  (last line `creadas=N actualizadas=N sin_cambios=N advertencias=N errores=N`) and the web upload shows it, with
  `libro_errores` giving back the rejected rows and the reason for each.
"""

from .celdas import (
    CampoCodigo,
    CampoDecimal,
    CampoEntero,
    CampoExcel,
    CampoFecha,
    CampoTexto,
    es_vacio,
    leer_codigo,
    leer_decimal,
    leer_entero,
    leer_fecha,
    leer_texto,
    limpiar_texto,
)
from .escritura import (
    ejecutar_escritura,
    importacion_registrar,
    libro_errores,
    libro_errores_de,
    libro_errores_respuesta,
    reiniciar_secuencias,
    validar_libro_xlsx,
)
from .informe import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    COLUMNA_OBSERVACIONES,
    FILAS_BUSQUEDA_ENCABEZADO,
    ArchivoInvalido,
    InformeImportacion,
    Problema,
    ValorInvalido,
)
from .libro import (
    Columna,
    FilaExcel,
    FilaValidada,
    TablaExcel,
    Ubicacion,
    abrir_libro,
    leer_tabla,
    normalizar_encabezado,
    tabla_de_filas,
    ubicar_columnas,
    validar_fila,
)

__all__ = [
    "ANIO_MAXIMO",
    "ANIO_MINIMO",
    "COLUMNA_OBSERVACIONES",
    "FILAS_BUSQUEDA_ENCABEZADO",
    "ArchivoInvalido",
    "CampoCodigo",
    "CampoDecimal",
    "CampoEntero",
    "CampoExcel",
    "CampoFecha",
    "CampoTexto",
    "Columna",
    "FilaExcel",
    "FilaValidada",
    "InformeImportacion",
    "Problema",
    "TablaExcel",
    "Ubicacion",
    "ValorInvalido",
    "abrir_libro",
    "ejecutar_escritura",
    "es_vacio",
    "importacion_registrar",
    "leer_codigo",
    "leer_decimal",
    "leer_entero",
    "leer_fecha",
    "leer_tabla",
    "leer_texto",
    "libro_errores",
    "libro_errores_de",
    "libro_errores_respuesta",
    "limpiar_texto",
    "normalizar_encabezado",
    "reiniciar_secuencias",
    "tabla_de_filas",
    "ubicar_columnas",
    "validar_fila",
    "validar_libro_xlsx",
]
