"""Writing in one durable transaction, the error workbook, and keeping a web upload's report."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from openpyxl.utils import get_column_letter

from ..exportar import ColumnaExcel, libro_xlsx
from ..models import EstadoTrabajo, TrabajoSegundoPlano
from .informe import (
    COLUMNA_OBSERVACIONES,
    InformeImportacion,
)
from .libro import (
    TablaExcel,
)


def ejecutar_escritura(informe: InformeImportacion, escribir: Callable[[], None], *, simulacro: bool = False) -> None:
    """Write only when there are no errors, in one durable transaction; a dry run rolls everything back."""
    informe.simulacro = simulacro
    if informe.hay_errores:
        return
    with transaction.atomic(durable=True):
        escribir()
        if informe.hay_errores or simulacro:
            transaction.set_rollback(True)
        else:
            informe.escrito = True


def reiniciar_secuencias(modelos: Iterable) -> None:
    """Move id sequences past rows inserted with explicit ids (PostgreSQL; nothing to do on SQLite)."""
    sentencias = connection.ops.sequence_reset_sql(no_style(), list(modelos))
    if sentencias:
        with connection.cursor() as cursor:
            for sentencia in sentencias:
                cursor.execute(sentencia)


# --- Error workbook ---------------------------------------------------------------------------------------------


def _valor_para_libro(valor):
    if isinstance(valor, float):
        return Decimal(str(valor)) if valor == valor else str(valor)
    return valor


def libro_errores(tabla: TablaExcel, informe: InformeImportacion) -> bytes | None:
    """Every row as read, behind a first column OBSERVACIONES_SISTEMA with its problems (blank when none).

    Keeping the good rows lets the user correct the workbook in place and upload it again: the two added
    columns are ignored by the import, which finds its columns by name. None when no row has a problem.
    """
    por_fila = informe.problemas_por_fila()
    if not por_fila:
        return None
    ancho = max([len(tabla.encabezados)] + [len(f.celdas) for f in tabla.filas])
    columnas = [ColumnaExcel(COLUMNA_OBSERVACIONES, 60), ColumnaExcel("FILA", 8, "entero")]
    for i in range(ancho):
        titulo = tabla.encabezados[i] if i < len(tabla.encabezados) else ""
        valores = [f.celdas[i] for f in tabla.filas if i < len(f.celdas)]
        formato = "texto"
        if any(isinstance(v, datetime.date) for v in valores):
            formato = "fecha"
        elif any(isinstance(v, float) for v in valores):
            formato = "decimal"
        columnas.append(ColumnaExcel(titulo or get_column_letter(i + 1), 18, formato))
    datos = (
        ["\n".join(por_fila.get(f.numero, [])), f.numero]
        + [_valor_para_libro(f.celdas[i]) if i < len(f.celdas) else None for i in range(ancho)]
        for f in tabla.filas
    )
    return libro_xlsx("Errores", columnas, datos)


# --- Web uploads ------------------------------------------------------------------------------------------------


def importacion_registrar(
    *, tipo: str, usuario, parametros: dict, informe: InformeImportacion, tabla: TablaExcel | None
) -> TrabajoSegundoPlano:
    """Keep a web upload's report, and its error workbook when a row has a problem, on a job row of the uploader."""
    filas = len(tabla.filas) if tabla else 0
    trabajo = TrabajoSegundoPlano(
        tipo=tipo,
        usuario=usuario,
        estado=EstadoTrabajo.ERROR if informe.hay_errores else EstadoTrabajo.TERMINADO,
        avance=filas,
        total=filas,
        parametros=parametros,
        resultado=informe.como_dict(),
        mensaje=informe.resumen(),
        fecha_fin=timezone.now(),
    )
    libro = libro_errores(tabla, informe) if tabla else None
    if libro:
        trabajo.archivo.save(f"errores_{tipo}_{get_random_string(16)}.xlsx", ContentFile(libro), save=False)
    trabajo.save()
    return trabajo


def libro_errores_de(*, usuario, tipo: str, pk: int) -> TrabajoSegundoPlano | None:
    """The job row holding an error workbook, only for the user who uploaded the file."""
    trabajo = TrabajoSegundoPlano.objects.filter(pk=pk, usuario=usuario, tipo=tipo).first()
    return trabajo if trabajo is not None and trabajo.archivo else None
