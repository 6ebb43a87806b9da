"""The OT annex upload: a new active version (COMPLETA) or an update of the active one (ACTUALIZACION)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError
from django.utils import timezone

from core.actividad import actividad_registrar_lote, valor_legible
from core.importacion import ArchivoInvalido, InformeImportacion, TablaExcel, ejecutar_escritura
from core.models import Evento
from operaciones.catalogos.constantes import EstatusRegistro
from operaciones.produccion.excedentes import excedentes_recalcular

from ..models import OTE, ImportacionAnexo, ModoImportacionAnexo, PartidaAnexoImportada, PartidaProyectada
from .catalogo import clave_linea
from .lectura import LibroAnexo, leer_anexo
from .totales import anexo_totales
from .validacion import LineaAnexo, ValidadorAnexo

ENTIDAD_ANEXO = "Anexo de OT"
ENTIDAD_PARTIDA = "Partida de anexo"
DECIMALES_TIPO_CAMBIO = 4
MAXIMO_TIPO_CAMBIO = Decimal(10) ** 8  # ImportacionAnexo.tipo_cambio is 12,4
OTROS_PROGRAMADOS = "Volúmenes programados (días) escritos"
OTROS_EXCEDENTES = "Registros de producción con marca de excedente cambiada"

Reportar = Callable[[int, int], None]


@dataclass
class ResultadoAnexo:
    informe: InformeImportacion
    importacion: ImportacionAnexo | None = None  # the version written (None on errors / dry run)
    tabla: TablaExcel | None = None


def _contenido(archivo, nombre_archivo: str | None) -> tuple[bytes, str]:
    if isinstance(archivo, str | Path):
        ruta = Path(archivo)
        if not ruta.is_file():
            raise ArchivoInvalido(f"No se encontró el archivo «{ruta}».")
        return ruta.read_bytes(), Path(nombre_archivo or ruta.name).name
    if hasattr(archivo, "seek"):
        archivo.seek(0)
    contenido = archivo.read()
    return contenido, Path(nombre_archivo or getattr(archivo, "name", "") or "anexo.xlsx").name


def _modo(modo, informe: InformeImportacion) -> str | None:
    if modo in ModoImportacionAnexo.values:
        return str(modo)
    informe.error(f"Modo de carga desconocido «{modo}»: use COMPLETA o ACTUALIZACION.")
    return None


def _tipo_cambio(valor, informe: InformeImportacion) -> Decimal | None:
    if valor is None or valor == "":
        return None
    try:
        tipo_cambio = Decimal(str(valor))
    except (InvalidOperation, ValueError):
        tipo_cambio = None
    if (
        tipo_cambio is None
        or not tipo_cambio.is_finite()
        or tipo_cambio <= 0
        or tipo_cambio >= MAXIMO_TIPO_CAMBIO
        or tipo_cambio != tipo_cambio.quantize(Decimal(1).scaleb(-DECIMALES_TIPO_CAMBIO))
    ):
        informe.error(f"Tipo de cambio inválido «{valor}»: debe ser mayor que 0 y tener a lo sumo 4 decimales.")
        return None
    return tipo_cambio


def _autor(usuario):
    return usuario if usuario is not None and getattr(usuario, "is_authenticated", False) else None


def anexo_ot_importar(
    *,
    ot: OTE,
    archivo,
    usuario=None,
    modo: str = ModoImportacionAnexo.COMPLETA,
    tipo_cambio: Decimal | None = None,
    simulacro: bool = False,
    reportar: Reportar | None = None,
    nombre_archivo: str | None = None,
) -> ResultadoAnexo:
    """Load an OT's annex workbook against the active catalogue: everything or nothing, then recompute excess."""
    informe = InformeImportacion(simulacro=simulacro)
    reportar = reportar or (lambda *_: None)
    modo = _modo(modo, informe)
    tipo_cambio = _tipo_cambio(tipo_cambio, informe)
    if ot.estatus == EstatusRegistro.ELIMINADO:
        informe.error("La OT está eliminada: no se le puede cargar un anexo.")
    try:
        contenido, nombre = _contenido(archivo, nombre_archivo)
        libro = leer_anexo(contenido)
    except ArchivoInvalido as exc:
        informe.error(str(exc))
        return ResultadoAnexo(informe)
    if informe.hay_errores:
        return ResultadoAnexo(informe, None, libro.tabla)
    total = len(libro.tabla.filas)
    huella = hashlib.sha256(contenido).hexdigest()
    activa = ImportacionAnexo.objects.filter(ot=ot, es_activo=True).first()
    if modo == ModoImportacionAnexo.COMPLETA and activa is not None and _misma_version(activa, huella):
        informe.sin_cambios = activa.total_registros
        informe.advertencia(
            f"El archivo es idéntico a la versión activa del anexo (cargada el "
            f"{timezone.localtime(activa.fecha_carga):%d/%m/%Y %H:%M}): no se creó una versión nueva."
        )
        reportar(total, total)
        return ResultadoAnexo(informe, activa, libro.tabla)
    if modo == ModoImportacionAnexo.ACTUALIZACION and activa is None:
        informe.error("La OT no tiene una versión activa del anexo que actualizar: use la carga completa.")
        return ResultadoAnexo(informe, None, libro.tabla)
    lineas = ValidadorAnexo(libro, informe, reportar).validar()
    if not lineas and not informe.hay_errores:
        informe.error("El archivo no tiene líneas que importar.")
    escritor = _EscritorAnexo(
        ot=ot,
        usuario=_autor(usuario),
        modo=modo,
        tipo_cambio=tipo_cambio,
        lineas=lineas,
        libro=libro,
        archivo=(nombre, huella, contenido),
        informe=informe,
        simulacro=simulacro,
    )
    try:
        ejecutar_escritura(informe, escritor.escribir, simulacro=simulacro)
    except (IntegrityError, DataError):
        informe.error(
            "La base de datos rechazó los datos (otra carga del anexo de esta OT al mismo tiempo o un "
            "registro inconsistente); no se escribió nada."
        )
        informe.creadas = informe.actualizadas = informe.sin_cambios = 0
        informe.otros_creados.clear()
    finally:
        if not informe.escrito:
            escritor.borrar_archivo()
    reportar(total, total)
    return ResultadoAnexo(informe, escritor.importacion if informe.escrito else None, libro.tabla)


def _misma_version(activa: ImportacionAnexo, huella: str) -> bool:
    # A version changed by an update no longer equals its file, so the same file makes a new version again.
    return activa.hash_archivo == huella and activa.modo == ModoImportacionAnexo.COMPLETA


class _EscritorAnexo:
    def __init__(self, *, ot, usuario, modo, tipo_cambio, lineas, libro: LibroAnexo, archivo, informe, simulacro):
        self.ot = ot
        self.usuario = usuario
        self.modo = modo
        self.tipo_cambio = tipo_cambio
        self.lineas: list[LineaAnexo] = lineas
        self.hay_dias = bool(libro.fechas)
        self.nombre, self.huella, self.contenido = archivo
        self.informe = informe
        self.simulacro = simulacro
        self.importacion: ImportacionAnexo | None = None
        self.guardado = ""

    def borrar_archivo(self) -> None:
        """The stored copy of a version that was rolled back."""
        if self.guardado and self.importacion is not None:
            self.importacion.archivo_excel.storage.delete(self.guardado)
            self.guardado = ""

    def escribir(self) -> None:
        # Uploads of one OT wait for each other, so "one active version per OT" holds without races.
        OTE.objects.select_for_update().filter(pk=self.ot.pk).first()
        activa = ImportacionAnexo.objects.select_for_update().filter(ot=self.ot, es_activo=True).first()
        if self.modo == ModoImportacionAnexo.COMPLETA:
            cambio = self._completa(activa)
        elif activa is None:
            self.informe.error("La OT no tiene una versión activa del anexo que actualizar: use la carga completa.")
            return
        else:
            cambio = self._actualizar(activa)
        if not cambio:
            return
        # Inline, inside the same transaction: production flags always agree with the version that is active.
        cambiados = excedentes_recalcular(ot=self.ot)
        if cambiados:
            self.informe.otros_creados[OTROS_EXCEDENTES] = cambiados
        self._guardar_informe()

    # --- COMPLETA -----------------------------------------------------------------------------------------------

    def _completa(self, activa: ImportacionAnexo | None) -> bool:
        if activa is not None:
            activa.es_activo = False
            activa.save(update_fields=["es_activo"])
        nueva = ImportacionAnexo(
            ot=self.ot,
            usuario_carga=self.usuario,
            total_registros=len(self.lineas),
            es_activo=True,
            nombre_archivo=self.nombre[:255],
            hash_archivo=self.huella,
            modo=ModoImportacionAnexo.COMPLETA,
            tipo_cambio=self.tipo_cambio,
        )
        self.importacion = nueva
        if not self.simulacro:
            nueva.archivo_excel.save(self.nombre, ContentFile(self.contenido), save=False)
            self.guardado = nueva.archivo_excel.name
        nueva.save()
        partidas = [self._partida(nueva, linea) for linea in self.lineas]
        PartidaAnexoImportada.objects.bulk_create(partidas, batch_size=500)
        programados = [
            PartidaProyectada(ot=self.ot, partida_anexo=partida, fecha=fecha, volumen_programado=volumen)
            for partida, linea in zip(partidas, self.lineas, strict=True)
            for fecha, volumen in sorted(linea.programado.items())
        ]
        PartidaProyectada.objects.bulk_create(programados, batch_size=1000)
        self.informe.creadas = len(partidas)
        if programados:
            self.informe.otros_creados[OTROS_PROGRAMADOS] = len(programados)
        detalle = f"Versión del anexo cargada de «{self.nombre}»: {len(partidas)} partidas"
        registros = [(nueva.pk, None, detalle)]
        if activa is not None:
            registros.append((activa.pk, {"es_activo": (True, False)}, f"Reemplazada por la versión {nueva.pk}"))
        actividad_registrar_lote(
            usuario=self.usuario, entidad=ENTIDAD_ANEXO, evento=Evento.IMPORTAR, registros=registros
        )
        return True

    @staticmethod
    def _partida(importacion: ImportacionAnexo, linea: LineaAnexo) -> PartidaAnexoImportada:
        return PartidaAnexoImportada(
            importacion_anexo=importacion,
            concepto=linea.concepto,
            id_partida=linea.codigo,
            descripcion_concepto=linea.descripcion,
            anexo=linea.anexo,
            unidad_medida_id=linea.concepto.unidad_medida_id,
            volumen_proyectado=linea.volumen,
            precio_unitario_mn=linea.pu_mn,
            precio_unitario_usd=linea.pu_usd,
            orden_fila=linea.fila,
        )

    # --- ACTUALIZACION ------------------------------------------------------------------------------------------

    def _actualizar(self, activa: ImportacionAnexo) -> bool:
        self.importacion = activa
        existentes = list(activa.partidas.all())
        por_clave: dict[tuple, PartidaAnexoImportada] = {}
        for partida in existentes:
            por_clave.setdefault(clave_linea(partida.anexo, partida.id_partida, partida.descripcion_concepto), partida)
        dias_actuales: dict[int, dict] = {}
        if self.hay_dias:
            for partida_id, fecha, volumen in PartidaProyectada.objects.filter(
                partida_anexo__importacion_anexo=activa
            ).values_list("partida_anexo_id", "fecha", "volumen_programado"):
                dias_actuales.setdefault(partida_id, {})[fecha] = volumen
        nuevas, cambiadas, campos, registros, reprogramar = [], [], set(), [], []
        tocadas = set()
        for linea in self.lineas:
            partida = por_clave.get(linea.clave)
            if partida is None:
                partida = self._partida(activa, linea)
                nuevas.append(partida)
                reprogramar.append((partida, linea.programado))
                continue
            tocadas.add(partida.pk)
            cambios = self._aplicar(partida, linea)
            campos.update(cambios)
            if self.hay_dias and dias_actuales.get(partida.pk, {}) != linea.programado:
                reprogramar.append((partida, linea.programado))
                antes, despues = dias_actuales.get(partida.pk, {}), linea.programado
                cambios["programacion_diaria"] = (_dias(antes), _dias(despues))
            if cambios:
                cambiadas.append(partida)
                registros.append((partida.pk, cambios, f"Actualizada con «{self.nombre}», fila {linea.fila}"))
            else:
                self.informe.sin_cambios += 1
        ausentes = [p for p in existentes if p.pk not in tocadas]
        if ausentes:
            codigos = ", ".join(f"«{p.id_partida}»" for p in ausentes[:5]) + (" …" if len(ausentes) > 5 else "")
            self.informe.advertencia(
                f"{len(ausentes)} partidas de la versión activa no están en el archivo y se conservaron: {codigos}"
            )
        tipo_cambio_nuevo = self.tipo_cambio is not None and self.tipo_cambio != activa.tipo_cambio
        if not (nuevas or cambiadas or tipo_cambio_nuevo):
            return False
        PartidaAnexoImportada.objects.bulk_create(nuevas, batch_size=500)
        if cambiadas and campos:
            PartidaAnexoImportada.objects.bulk_update(cambiadas, sorted(campos), batch_size=500)
        self._reprogramar(reprogramar)
        self.informe.creadas = len(nuevas)
        self.informe.actualizadas = len(cambiadas)
        registros += [(p.pk, None, f"Agregada con «{self.nombre}», fila {p.orden_fila}") for p in nuevas]
        actividad_registrar_lote(
            usuario=self.usuario, entidad=ENTIDAD_PARTIDA, evento=Evento.IMPORTAR, registros=registros
        )
        cambios_version = {"modo": (activa.modo, ModoImportacionAnexo.ACTUALIZACION)}
        if tipo_cambio_nuevo:
            cambios_version["tipo_cambio"] = (activa.tipo_cambio, self.tipo_cambio)
            activa.tipo_cambio = self.tipo_cambio
        activa.modo = ModoImportacionAnexo.ACTUALIZACION
        activa.total_registros = len(existentes) + len(nuevas)
        actividad_registrar_lote(
            usuario=self.usuario,
            entidad=ENTIDAD_ANEXO,
            evento=Evento.ACTUALIZAR,
            registros=[(activa.pk, cambios_version, f"Actualizada con «{self.nombre}»")],
        )
        return True

    @staticmethod
    def _aplicar(partida: PartidaAnexoImportada, linea: LineaAnexo) -> dict:
        cambios = {}
        for atributo, valor in (
            ("volumen_proyectado", linea.volumen),
            ("precio_unitario_mn", linea.pu_mn),
            ("precio_unitario_usd", linea.pu_usd),
            ("concepto_id", linea.concepto.pk),
            ("unidad_medida_id", linea.concepto.unidad_medida_id),
        ):
            anterior = getattr(partida, atributo)
            if anterior != valor:
                cambios[atributo] = (anterior, valor)
                setattr(partida, atributo, valor)
        return cambios

    def _reprogramar(self, reprogramar: list[tuple[PartidaAnexoImportada, dict]]) -> None:
        """Programmed days of the touched lines are replaced by the file's, when the file has day columns."""
        if not self.hay_dias:
            return
        existentes = [p.pk for p, _ in reprogramar if p.pk is not None]
        PartidaProyectada.objects.filter(partida_anexo_id__in=existentes).delete()
        programados = [
            PartidaProyectada(ot=self.ot, partida_anexo=partida, fecha=fecha, volumen_programado=volumen)
            for partida, dias in reprogramar
            for fecha, volumen in sorted(dias.items())
        ]
        PartidaProyectada.objects.bulk_create(programados, batch_size=1000)
        if programados:
            self.informe.otros_creados[OTROS_PROGRAMADOS] = len(programados)

    # --- both -----------------------------------------------------------------------------------------------------

    def _guardar_informe(self) -> None:
        version = self.importacion
        totales = anexo_totales(version)
        version.total_mn, version.total_usd = totales["mn"], totales["usd"]
        datos = {**self.informe.como_dict(), "escrito": not self.simulacro}
        if self.modo == ModoImportacionAnexo.COMPLETA:
            version.informe = datos
        else:
            historia = version.informe if isinstance(version.informe, dict) else {}
            entrada = {
                "fecha": timezone.now().isoformat(timespec="seconds"),
                "usuario_id": self.usuario.pk if self.usuario else None,
                "nombre_archivo": self.nombre[:255],
                "hash_archivo": self.huella,
                "informe": datos,
            }
            version.informe = {**historia, "actualizaciones": [*historia.get("actualizaciones", []), entrada]}
        version.save(update_fields=["total_mn", "total_usd", "informe", "modo", "tipo_cambio", "total_registros"])


def _dias(dias: dict) -> str:
    if not dias:
        return "sin programación"
    total = sum(dias.values(), Decimal(0))
    return f"{len(dias)} días, {valor_legible(total.normalize())} en total"
