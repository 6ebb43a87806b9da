"""Writing in one durable transaction, the error workbook, and keeping a web upload's report."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django import forms
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import get_valid_filename
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


def libro_errores_de(*, usuario, tipo: str | Iterable[str], pk: int) -> TrabajoSegundoPlano | None:
    """The job row (of that kind, or of one of those kinds) holding an error workbook, only for its uploader."""
    tipos = [tipo] if isinstance(tipo, str) else list(tipo)
    trabajo = TrabajoSegundoPlano.objects.filter(pk=pk, usuario=usuario, tipo__in=tipos).first()
    return trabajo if trabajo is not None and trabajo.archivo else None


def libro_errores_respuesta(
    *,
    usuario,
    tipo: str | Iterable[str],
    pk: int,
    nombre: str | None = None,
    pertenece: Callable[[TrabajoSegundoPlano], bool] | None = None,
) -> FileResponse:
    """The error workbook of a job as a download for its uploader; 404 for anyone else or when there is none.

    `pertenece` narrows further (e.g. the job must be of the OT in the URL); `nombre` defaults to the job kind.
    """
    trabajo = libro_errores_de(usuario=usuario, tipo=tipo, pk=pk)
    if trabajo is None or (pertenece is not None and not pertenece(trabajo)):
        raise Http404("El libro de errores no existe.")
    nombre = get_valid_filename(nombre or f"errores_{trabajo.tipo}.xlsx")
    return FileResponse(trabajo.archivo.open("rb"), as_attachment=True, filename=nombre)


FIRMA_ZIP = b"PK\x03\x04"


def _tamano_legible(octetos: int) -> str:
    if octetos >= 1024 * 1024:
        return f"{octetos / (1024 * 1024):g} MB"
    if octetos >= 1024:
        return f"{octetos / 1024:g} KB"
    return f"{octetos} bytes"


def validar_libro_xlsx(archivo, *, tamano_maximo: int):
    """An uploaded .xlsx of at most `tamano_maximo` bytes whose first bytes are a ZIP's (what every .xlsx is)."""
    if not archivo.name.lower().endswith(".xlsx"):
        raise forms.ValidationError("El archivo debe ser un libro de Excel .xlsx.")
    if archivo.size > tamano_maximo:
        raise forms.ValidationError(f"El archivo pesa más de {_tamano_legible(tamano_maximo)}.")
    firma = archivo.read(len(FIRMA_ZIP))
    archivo.seek(0)
    if firma != FIRMA_ZIP:
        raise forms.ValidationError("El archivo no es un libro de Excel .xlsx válido.")
    return archivo
