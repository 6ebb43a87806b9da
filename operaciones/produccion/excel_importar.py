"""Import of a month production sheet in the layout `excel.py` exports (issue 5, item 6).

The file is read by header names (never by position): ANEXO, PARTIDA, CONCEPTO and the hidden ID are the row's
identity; every column whose header is a date is a day, and that date must fall in the chosen month (else an
error naming the column). Rows map to the sheet by ID (the line's id_partida_imp, or any line it groups), or by
ANEXO + PARTIDA + CONCEPTO when the ID is blank; subtotal rows ("TOTAL ANEXO: …") are skipped. Cells are read as
`Decimal(str(cell))`. Days the file does not carry keep their stored value; an empty cell means no production
that day, as on screen. A header block naming another time type or site refuses the file.

Nothing here decides whether a value is acceptable: the rows go, all at once, to `produccion_guardar_hoja` (the
service the screen saves with: one transaction, every cell validated, blocked days refused; a dry run is its
`simulacro`), and its `partidas[i].valores[d]` errors come back as Excel row and column letter.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.utils import get_column_letter

from core.actividad import actividad_registrar
from core.formato import fecha_dmy
from core.importacion import (
    FILAS_BUSQUEDA_ENCABEZADO,
    ArchivoInvalido,
    Columna,
    InformeImportacion,
    TablaExcel,
    ValorInvalido,
    es_vacio,
    leer_codigo,
    leer_decimal,
    leer_entero,
    leer_fecha,
    leer_tabla,
    leer_texto,
    normalizar_encabezado,
)
from core.models import Evento

from .excel import DIAS_MAXIMOS, ENCABEZADO_ID, ETIQUETA_MES, ETIQUETA_OT, ETIQUETA_SITIO, ETIQUETA_TIPO, nombre_mes
from .hoja import hoja_produccion
from .models import TipoTiempo
from .services import produccion_guardar_hoja

ENTIDAD_IMPORTACION = "Hoja de producción (Excel)"

# What the import reads by name. The informative columns are located only so they are not taken for days.
COLUMNAS_IMPORTACION = (
    Columna("id", (ENCABEZADO_ID, "ID PARTIDA")),
    Columna("anexo", ("ANEXO",), requerida=True),
    Columna("partida", ("PARTIDA", "CODIGO", "CLAVE"), requerida=True),
    Columna("concepto", ("CONCEPTO", "DESCRIPCION"), requerida=True),
    Columna("unidad", ("UNIDAD", "UNIDAD DE MEDIDA")),
    Columna("volumen", ("VOL. AUTORIZADO", "VOLUMEN AUTORIZADO")),
    Columna("pu_mn", ("P.U. M.N.", "PU MN", "P.U. MN")),
    Columna("pu_usd", ("P.U. USD", "PU USD")),
    Columna("acumulado", ("ACUMULADO MES",)),
    Columna("importe_mn", ("IMPORTE M.N.", "IMPORTE MN")),
    Columna("importe_usd", ("IMPORTE USD",)),
)
PREFIJO_SUBTOTAL = "TOTAL"
_CLAVE_ERROR = re.compile(r"^partidas\[(\d+)\](?:\.valores\[(\d+)\])?")


# --- Import: reading ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnaDia:
    dia: int
    indice: int
    letra: str
    encabezado: str


@dataclass
class LibroLeido:
    """What the import takes from the file: the table, its day columns and the header block above it."""

    tabla: TablaExcel
    dias: dict[int, ColumnaDia]
    metadatos: dict[str, tuple]  # normalised label → (value, Excel row, column letter)
    fila_encabezado: int | None


def _normalizar(texto) -> str:
    return normalizar_encabezado(texto).rstrip(":").strip()


def _bloque_superior(contenido: bytes, tabla: TablaExcel) -> tuple[dict[str, tuple], int | None]:
    """The header block's labelled values and the Excel row of the table header (the table reader keeps neither)."""
    etiquetas = {_normalizar(e) for e in (ETIQUETA_OT, ETIQUETA_SITIO, ETIQUETA_MES, ETIQUETA_TIPO)}
    buscado = [normalizar_encabezado(e) for e in tabla.encabezados]
    metadatos, fila_encabezado = {}, None
    libro = openpyxl.load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    try:
        filas = libro[tabla.hoja].iter_rows(max_row=FILAS_BUSQUEDA_ENCABEZADO, values_only=True)
        for numero, fila in enumerate(filas, start=1):
            textos = [normalizar_encabezado(v) for v in fila]
            if textos[: len(buscado)] == buscado:
                fila_encabezado = numero
                break
            etiqueta = _normalizar(fila[0]) if fila else ""
            if etiqueta in etiquetas:
                for j, valor in enumerate(fila[1:], start=2):
                    if not es_vacio(valor):
                        metadatos[etiqueta] = (str(valor).strip(), numero, get_column_letter(j))
                        break
    finally:
        libro.close()
    return metadatos, fila_encabezado


def _fecha_de_encabezado(texto: str) -> date | None:
    try:
        return leer_fecha(texto)
    except ValorInvalido:
        return None


def _columnas_dia(tabla: TablaExcel, informe: InformeImportacion, *, mes: int, anio: int, fila: int | None) -> dict:
    """Day → its column, from the date headers; a date outside the month or a repeated date is an error."""
    conocidas = {u.indice for u in tabla.ubicaciones.values()}
    dias: dict[int, ColumnaDia] = {}
    mes_texto = nombre_mes(mes, anio).lower()
    for indice, texto in enumerate(tabla.encabezados):
        if indice in conocidas or not texto:
            continue
        letra = get_column_letter(indice + 1)
        fecha = _fecha_de_encabezado(texto)
        if fecha is None:
            informe.advertencia(f"columna «{texto[:40]}» no reconocida: se ignoró", fila=fila, columna=letra)
            continue
        lugar = {"fila": fila, "columna": letra, "encabezado": fecha_dmy(fecha)}
        if (fecha.year, fecha.month) != (anio, mes):
            informe.error(f"la fecha {fecha_dmy(fecha)} de la columna {letra} no es de {mes_texto}", **lugar)
        elif fecha.day in dias:
            informe.error(
                f"el día {fecha_dmy(fecha)} se repite (ya está en la columna {dias[fecha.day].letra})", **lugar
            )
        else:
            dias[fecha.day] = ColumnaDia(fecha.day, indice, letra, fecha_dmy(fecha))
    return dias


def leer_libro_hoja(contenido: bytes, informe: InformeImportacion, *, mes: int, anio: int) -> LibroLeido:
    """Parse a month sheet workbook; `ArchivoInvalido` for a file that is not one, header problems to `informe`."""
    tabla = leer_tabla(io.BytesIO(contenido), COLUMNAS_IMPORTACION)
    metadatos, fila_encabezado = _bloque_superior(contenido, tabla)
    dias = _columnas_dia(tabla, informe, mes=mes, anio=anio, fila=fila_encabezado)
    if not dias and not informe.hay_errores:
        raise ArchivoInvalido(
            f"La hoja «{tabla.hoja}» no tiene columnas de días: el encabezado de cada día debe ser su fecha "
            "(dd/mm/aaaa)."
        )
    return LibroLeido(tabla, dias, metadatos, fila_encabezado)


# --- Import: mapping rows to the sheet and saving -------------------------------------------------------------------


@dataclass
class ResultadoImportacionHoja:
    """The import's report: the service's counts (cells) plus every problem located in the workbook."""

    informe: InformeImportacion
    eliminadas: int = 0
    excedentes_cambiados: int = 0

    def como_dict(self) -> dict:
        datos = self.informe.como_dict()
        return {
            "creadas": datos["creadas"],
            "actualizadas": datos["actualizadas"],
            "eliminadas": self.eliminadas,
            "sin_cambios": datos["sin_cambios"],
            "excedentes_cambiados": self.excedentes_cambiados,
            "errores": [_problema(e) for e in datos["errores"]],
            "advertencias": [_problema(a) for a in datos["advertencias"]],
            "simulacro": datos["simulacro"],
            "escrito": datos["escrito"],
        }

    def resumen(self) -> str:
        i = self.informe
        return (
            f"creadas={i.creadas} actualizadas={i.actualizadas} eliminadas={self.eliminadas} "
            f"sin_cambios={i.sin_cambios} advertencias={len(i.advertencias)} errores={len(i.errores)}"
        )


def _problema(problema: dict) -> dict:
    """{fila, columna, encabezado, mensaje}; null where the problem has no row or column (a whole-file problem)."""
    return {**problema, "columna": problema["columna"] or None, "encabezado": problema["encabezado"] or None}


def _clave_codigo(codigo: str | None) -> str:
    # "2.1." and "2.1" are the same code as people write it.
    return (codigo or "").strip().rstrip(".").upper()


def _clave(anexo, codigo, concepto) -> tuple[str, str, str]:
    return (normalizar_encabezado(anexo or ""), _clave_codigo(codigo), normalizar_encabezado(concepto or ""))


class _Mapa:
    """The sheet's concept rows, by ID (the representative line and every grouped one) and by their text key."""

    def __init__(self, datos: dict):
        self.por_id: dict[int, dict] = {}
        self.por_clave: dict[tuple, dict] = {}
        for partida in datos["partidas"]:
            if partida.get("es_subtitulo"):
                continue
            for ident in [partida["id_partida_imp"], *(partida.get("ids_agrupados") or [])]:
                self.por_id.setdefault(int(ident), partida)
            clave = _clave(partida.get("anexo"), partida.get("codigo"), partida.get("descripcion"))
            self.por_clave.setdefault(clave, partida)


def _lugar(libro: LibroLeido, campo: str, fila: int) -> dict:
    ubicacion = libro.tabla.ubicacion(campo)
    lugar = {"fila": fila}
    if ubicacion:
        lugar.update(columna=ubicacion.letra, encabezado=ubicacion.encabezado)
    return lugar


def _es_subtotal(valores: dict) -> bool:
    texto = leer_texto(valores.get("concepto")) or leer_texto(valores.get("anexo")) or ""
    return normalizar_encabezado(texto).startswith(PREFIJO_SUBTOTAL)


def _partida_de_fila(fila, valores: dict, mapa: _Mapa, libro: LibroLeido, informe) -> dict | None:
    """The sheet row a file row stands for (by ID, else by ANEXO + PARTIDA + CONCEPTO); None, with the error."""
    leidos = {}
    for campo, lector in (("id", leer_entero), ("partida", leer_codigo)):
        try:
            leidos[campo] = lector(valores.get(campo))
        except ValorInvalido as exc:
            informe.error(str(exc), **_lugar(libro, campo, fila.numero))
            return None
    ident, codigo = leidos["id"], leidos["partida"]
    if ident is not None:
        partida = mapa.por_id.get(ident)
        if partida is None:
            informe.error(f"la partida con ID {ident} no es de la hoja de esta OT", **_lugar(libro, "id", fila.numero))
        elif codigo and _clave_codigo(codigo) != _clave_codigo(partida.get("codigo")):
            informe.error(
                f"la partida «{codigo}» no corresponde a su ID {ident} (partida {partida.get('codigo')})",
                **_lugar(libro, "partida", fila.numero),
            )
            return None
        return partida
    partida = mapa.por_clave.get(_clave(leer_texto(valores.get("anexo")), codigo, leer_texto(valores.get("concepto"))))
    if partida is None:
        informe.error(
            f"concepto desconocido: anexo «{leer_texto(valores.get('anexo')) or ''}», partida «{codigo}» "
            "no está en la hoja de esta OT (o su descripción no coincide)",
            **_lugar(libro, "partida", fila.numero),
        )
    return partida


def _valores_de_fila(fila, partida: dict, dias_mes: int, libro: LibroLeido, informe) -> list:
    """The 31 values the service receives: the file's cells, the stored value for days the file lacks."""
    actuales = partida.get("dias") or []
    valores = []
    for dia in range(1, DIAS_MAXIMOS + 1):
        actual = actuales[dia - 1].get("valor") if dia <= len(actuales) and actuales[dia - 1] else None
        columna = libro.dias.get(dia)
        if dia > dias_mes:
            valores.append(None)
            continue
        if columna is None:
            valores.append(actual)
            continue
        celda = fila.celdas[columna.indice] if columna.indice < len(fila.celdas) else None
        try:
            numero = leer_decimal(celda)
        except ValorInvalido as exc:
            informe.error(f"{exc}", fila=fila.numero, columna=columna.letra, encabezado=columna.encabezado)
            # The stored value stands in so the service can still report the file's other problems.
            valores.append(actual)
            continue
        valores.append(None if numero is None else format(numero, "f"))
    return valores


def _partidas_del_libro(libro: LibroLeido, datos: dict, informe) -> tuple[list[dict], list[int]]:
    """The `partidas` body for the service, and the Excel row of each (to place the service's errors)."""
    mapa = _Mapa(datos)
    partidas, filas_excel, usadas = [], [], {}
    for fila in libro.tabla.filas:
        valores = libro.tabla.valores(fila)
        if es_vacio(valores.get("id")) and es_vacio(valores.get("partida")):
            if not _es_subtotal(valores):
                informe.error("la fila no tiene PARTIDA ni ID", **_lugar(libro, "partida", fila.numero))
            continue
        partida = _partida_de_fila(fila, valores, mapa, libro, informe)
        if partida is None:
            continue
        ident = int(partida["id_partida_imp"])
        if ident in usadas:
            informe.error(
                f"la partida {partida.get('codigo')} ya viene en la fila {usadas[ident]}",
                **_lugar(libro, "partida", fila.numero),
            )
            continue
        usadas[ident] = fila.numero
        partidas.append(
            {
                "id_partida_imp": ident,
                "codigo": partida.get("codigo") or "",
                "valores": _valores_de_fila(fila, partida, datos["dias_mes"], libro, informe),
            }
        )
        filas_excel.append(fila.numero)
    return partidas, filas_excel


def _verificar_bloque(libro: LibroLeido, informe, *, sitio, tipo_tiempo: str) -> None:
    """A file exported for another time type or site is refused rather than written into this sheet."""
    tipo = libro.metadatos.get(_normalizar(ETIQUETA_TIPO))
    if tipo:
        del_archivo = (tipo[0].split() or [""])[0].upper()
        if del_archivo in TipoTiempo.values and del_archivo != tipo_tiempo:
            informe.error(
                f"el archivo es de la hoja {del_archivo} y eligió importarlo en {tipo_tiempo}",
                fila=tipo[1],
                columna=tipo[2],
                encabezado=ETIQUETA_TIPO,
            )
    del_sitio = libro.metadatos.get(_normalizar(ETIQUETA_SITIO))
    if del_sitio and normalizar_encabezado(del_sitio[0]) != normalizar_encabezado(str(sitio)):
        informe.error(
            f"el archivo es del sitio «{del_sitio[0]}» y eligió importarlo en «{sitio}»",
            fila=del_sitio[1],
            columna=del_sitio[2],
            encabezado=ETIQUETA_SITIO,
        )


def _traducir_rechazo(rechazo: ValidationError, informe, filas_excel: list[int], libro: LibroLeido) -> None:
    """The service's `partidas[i].valores[d]` keys become the Excel row of row i and the column of day d + 1."""
    mensajes = rechazo.message_dict if hasattr(rechazo, "error_dict") else {"__all__": rechazo.messages}
    for clave, lista in mensajes.items():
        lugar = {}
        coincidencia = _CLAVE_ERROR.match(clave)
        if coincidencia:
            indice = int(coincidencia.group(1))
            if indice < len(filas_excel):
                lugar["fila"] = filas_excel[indice]
            if coincidencia.group(2) is not None:
                dia = int(coincidencia.group(2)) + 1
                columna = libro.dias.get(dia)
                if columna is not None:
                    lugar.update(columna=columna.letra, encabezado=columna.encabezado)
                else:
                    lugar["encabezado"] = f"día {dia}"
        for mensaje in lista:
            informe.error(str(mensaje), **lugar)


def hoja_importar(
    *, ot, sitio, mes: int, anio: int, tipo_tiempo: str, archivo, usuario, simulacro: bool = False
) -> ResultadoImportacionHoja:
    """Import a month sheet workbook into the OT family's sheet; all-or-nothing, through `produccion_guardar_hoja`."""
    informe = InformeImportacion(simulacro=simulacro)
    resultado = ResultadoImportacionHoja(informe)
    contenido = archivo if isinstance(archivo, bytes) else archivo.read()
    try:
        libro = leer_libro_hoja(contenido, informe, mes=mes, anio=anio)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return resultado
    _verificar_bloque(libro, informe, sitio=sitio, tipo_tiempo=tipo_tiempo)
    datos = hoja_produccion(ot=ot, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo, sitio=sitio)
    partidas, filas_excel = _partidas_del_libro(libro, datos, informe)
    if not partidas:
        if not informe.hay_errores:
            informe.error("El archivo no tiene filas de partidas de la hoja de esta OT.")
        return resultado
    escribir = not simulacro and not informe.hay_errores
    try:
        with transaction.atomic():
            guardado = produccion_guardar_hoja(
                ot=ot,
                mes=mes,
                anio=anio,
                tipo_tiempo=tipo_tiempo,
                sitio=sitio,
                partidas=partidas,
                usuario=usuario,
                # With errors already found nothing may be written; the service still runs to report its own.
                simulacro=not escribir,
            )
            if escribir and guardado.cambios:
                _registrar(ot, sitio, mes, anio, tipo_tiempo, archivo, contenido, usuario, guardado)
    except ValidationError as rechazo:
        _traducir_rechazo(rechazo, informe, filas_excel, libro)
        return resultado
    if informe.hay_errores:
        return resultado
    informe.creadas, informe.actualizadas = guardado.creados, guardado.actualizados
    informe.sin_cambios = guardado.sin_cambios
    resultado.eliminadas = guardado.eliminados
    resultado.excedentes_cambiados = guardado.excedentes_cambiados
    informe.escrito = escribir
    return resultado


def _registrar(ot, sitio, mes, anio, tipo_tiempo, archivo, contenido: bytes, usuario, guardado) -> None:
    """One activity row naming the file behind the cell changes the service logged (which file, its SHA-256)."""
    nombre = getattr(archivo, "name", "") or "(sin nombre)"
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_IMPORTACION,
        registro_id=ot.ot_principal_id or ot.pk,
        evento=Evento.IMPORTAR,
        detalle=(
            f"«{nombre[:100]}» (SHA-256 {hashlib.sha256(contenido).hexdigest()}) en la hoja {tipo_tiempo} de "
            f"{nombre_mes(mes, anio)} de la OT {ot} en {sitio}: {guardado.creados} nuevas, "
            f"{guardado.actualizados} modificadas, {guardado.eliminados} eliminadas"
        ),
    )
