"""Writes of the production sheet: saving a month sheet, recalculating excess, adding a concept to an OT (§3.3).

Saving a sheet (`produccion_guardar_hoja`) is one transaction: the family's initial OT is locked (two saves of the
same family run one after the other, so the excess walk always sees the final rows), every cell is validated
before anything is written, then one bulk insert, one bulk update and one delete, one insert into the activity
log per kind of change, the excess recalculation of the whole family and the GPU synchronisation.

A cell is the concept's production on that day, at that site, in that time type. Empty (null or "") and 0 both
mean "no production": an existing row is deleted, none is created. Rows are matched by concept, not by line id,
so a row captured against a line of an older annex version is updated in place rather than duplicated on the
latest line; new rows go to the latest line (the sheet's `id_partida_imp`).

New rows are filed in the monthly report (ReporteMensual) of the family's INITIAL OT, the same one the daily
reports and their signatures hang from, whichever OT of the family the sheet was opened from.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from core.actividad import actividad_registrar, actividad_registrar_lote
from core.formato import fecha_dmy
from core.models import Evento
from operaciones.catalogos.constantes import EstatusId
from operaciones.catalogos.models import ConceptoMaestro, EstatusPUE, Sitio
from operaciones.ot.models import OTE, ImportacionAnexo, ModoImportacionAnexo, PartidaAnexoImportada

from .excedentes import clave_concepto, excedentes_recalcular
from .hoja import CAMPOS_CONCEPTO, conceptos_de_familia, texto_decimal
from .models import Produccion, RegistroGPU, ReporteMensual, TipoTiempo
from .ventanas import MOTIVO_FIRMADO, dias_firmados, dias_fuera_de_ventana, fechas_de_familia, ventana_de_fechas

ENTIDAD_PRODUCCION = "Producción"
ENTIDAD_PARTIDA = "Partida de anexo"
CERO = Decimal(0)
DECIMALES_MAXIMOS = 6
ENTEROS_MAXIMOS = 9  # Produccion.volumen_produccion is (15, 6)
LIMITE = Decimal(10) ** ENTEROS_MAXIMOS
LARGO_MAXIMO_TEXTO = 40
ERRORES_MAXIMOS = 200
NOMBRE_VERSION_MANUAL = "Partidas agregadas a mano"
LOTE = 1000
MINIMO_POR_VALOR = 20


@dataclass(frozen=True)
class ResultadoHoja:
    creados: int
    actualizados: int
    eliminados: int
    sin_cambios: int
    excedentes_cambiados: int

    @property
    def cambios(self) -> int:
        return self.creados + self.actualizados + self.eliminados


class ValorInvalido(Exception):
    """A cell that is not a valid volume; its text completes "<código> día <n>: …"."""


def leer_volumen(valor) -> Decimal | None:
    """A cell of the sheet as a volume: None when empty; ValorInvalido when not a non-negative (15, 6) decimal."""
    if valor is None:
        return None
    if isinstance(valor, bool) or not isinstance(valor, int | float | str | Decimal):
        raise ValorInvalido("el valor no es un número válido")
    if isinstance(valor, str):
        texto = valor.strip()
        if not texto:
            return None
        if len(texto) > LARGO_MAXIMO_TEXTO:
            raise ValorInvalido("el valor no es un número válido")
    else:
        texto = str(valor)
    try:
        numero = Decimal(texto)
    except (InvalidOperation, ValueError):
        raise ValorInvalido(f"«{texto}» no es un número válido") from None
    if not numero.is_finite():
        raise ValorInvalido(f"«{texto}» no es un número válido")
    if numero < 0:
        raise ValorInvalido("el volumen no puede ser negativo")
    if numero >= LIMITE:
        raise ValorInvalido(f"el volumen admite a lo más {ENTEROS_MAXIMOS} dígitos enteros")
    if numero != numero.quantize(Decimal(1).scaleb(-DECIMALES_MAXIMOS)):
        raise ValorInvalido(f"el volumen admite a lo más {DECIMALES_MAXIMOS} decimales")
    return numero + CERO  # normalises -0 to 0


@dataclass
class _Celda:
    """One posted cell that differs from what is stored."""

    concepto: object
    dia: int
    deseado: Decimal
    existentes: list  # [(pk, linea_id, volumen)]
    campo: str = ""


class _Errores:
    def __init__(self):
        self.por_campo: dict[str, list[str]] = {}
        self.total = 0

    def agregar(self, campo: str, mensaje: str) -> None:
        self.total += 1
        if len(self.por_campo) < ERRORES_MAXIMOS:
            self.por_campo.setdefault(campo, []).append(mensaje)

    def lanzar_si_hay(self) -> None:
        if not self.por_campo:
            return
        if self.total > len(self.por_campo):
            self.por_campo.setdefault("__all__", []).append(
                f"Hay {self.total} errores en la hoja; se muestran los primeros {ERRORES_MAXIMOS}."
            )
        raise ValidationError(self.por_campo)


def _existentes(familia: list[int], primero: date, ultimo: date, tipo_tiempo: str, sitio_id: int) -> dict:
    """(concept key, day) → stored rows [(pk, line id, volume)] of the month at the site in the time type."""
    filas = (
        Produccion.objects.filter(
            id_partida_anexo__importacion_anexo__ot_id__in=familia,
            fecha_produccion__range=(primero, ultimo),
            tipo_tiempo=tipo_tiempo,
            id_sitio_produccion_id=sitio_id,
        )
        .order_by("fecha_produccion", "pk")
        .values_list("pk", "id_partida_anexo_id", "fecha_produccion", "volumen_produccion", *CAMPOS_CONCEPTO)
    )
    existentes: dict[tuple, list] = defaultdict(list)
    for pk, linea_id, fecha, volumen, concepto_id, anexo, codigo in filas:
        existentes[(clave_concepto(concepto_id, anexo, codigo), fecha.day)].append((pk, linea_id, volumen))
    return existentes


def _validar_parametros(mes, anio, tipo_tiempo) -> None:
    if tipo_tiempo not in TipoTiempo.values:
        raise ValidationError({"tipo_tiempo": "El tipo de tiempo debe ser TE o CMA."})
    if not (isinstance(mes, int) and 1 <= mes <= 12 and isinstance(anio, int) and 2000 <= anio <= 2100):
        raise ValidationError({"mes": "El mes o el año no son válidos."})


def _celdas_cambiadas(partidas, por_linea, existentes, bloqueados, dias_mes, errores) -> tuple[list[_Celda], int]:
    """Validate every posted cell; the cells whose value differs from what is stored, and how many did not."""
    cambiadas, sin_cambios = [], 0
    vistos: dict[tuple, int] = {}
    for i, partida in enumerate(partidas):
        concepto = por_linea.get(partida["id_partida_imp"])
        if concepto is None:
            codigo = partida.get("codigo") or f"#{partida['id_partida_imp']}"
            errores.agregar(
                f"partidas[{i}].id_partida_imp",
                f"La partida {codigo} no pertenece al anexo activo de la OT.",
            )
            continue
        if concepto.clave in vistos:
            errores.agregar(
                f"partidas[{i}].id_partida_imp",
                f"La partida {concepto.codigo} viene dos veces en la hoja "
                f"(filas {vistos[concepto.clave] + 1} y {i + 1}).",
            )
            continue
        vistos[concepto.clave] = i
        for indice, crudo in enumerate(partida["valores"]):
            dia, campo = indice + 1, f"partidas[{i}].valores[{indice}]"
            try:
                valor = leer_volumen(crudo)
            except ValorInvalido as motivo:
                errores.agregar(campo, f"{concepto.codigo} día {dia}: {motivo}.")
                continue
            deseado = valor or CERO
            if dia > dias_mes:
                if deseado:
                    errores.agregar(campo, f"{concepto.codigo} día {dia}: el mes sólo tiene {dias_mes} días.")
                continue
            filas = existentes.get((concepto.clave, dia), [])
            if deseado == sum((v for _, _, v in filas), CERO):
                sin_cambios += 1 if deseado else 0
                continue
            if dia in bloqueados:
                errores.agregar(
                    campo, f"{concepto.codigo} día {dia}: día bloqueado ({bloqueados[dia]}); no admite cambios."
                )
                continue
            cambiadas.append(_Celda(concepto, dia, deseado, filas, campo))
    return cambiadas, sin_cambios


def _detalle(concepto, fecha: date, tipo_tiempo: str, sitio: Sitio) -> str:
    return f"Hoja de producción: {concepto.anexo} {concepto.codigo} · {fecha_dmy(fecha)} · {tipo_tiempo} · {sitio}"


@dataclass
class _Plan:
    """The writes a sheet needs, and their activity-log rows (id, {campo: (antes, después)}, detalle)."""

    nuevas: list = field(default_factory=list)
    actualizadas: list = field(default_factory=list)
    borrar: list = field(default_factory=list)
    log_altas: list = field(default_factory=list)  # (index into nuevas, detalle): ids exist only after the insert
    log_cambios: list = field(default_factory=list)
    log_bajas: list = field(default_factory=list)


def _planear(cambiadas: list[_Celda], *, mes, anio, tipo_tiempo, sitio, principal_id) -> _Plan:
    """Turn changed cells into rows to insert, update and delete."""
    plan = _Plan()
    mensual = None
    for celda in cambiadas:
        fecha = date(anio, mes, celda.dia)
        detalle = _detalle(celda.concepto, fecha, tipo_tiempo, sitio)
        # The row on the latest line keeps the value; rows of the same concept on older lines merge into it.
        destino = None
        if celda.deseado:
            destino = next((f for f in celda.existentes if f[1] == celda.concepto.id_partida_imp), None)
            destino = destino or (celda.existentes[0] if celda.existentes else None)
        for pk, _, volumen in celda.existentes:
            if destino is not None and pk == destino[0]:
                continue
            plan.borrar.append(pk)
            nota = detalle if not celda.deseado else f"{detalle} (unificada con la línea vigente)"
            plan.log_bajas.append((pk, {"volumen_produccion": (texto_decimal(volumen), "")}, nota))
        if not celda.deseado:
            continue
        if destino is None:
            if mensual is None:
                mensual, _ = ReporteMensual.objects.get_or_create(id_ot_id=principal_id, mes=mes, anio=anio)
            plan.nuevas.append(
                Produccion(
                    id_partida_anexo_id=celda.concepto.id_partida_imp,
                    id_reporte_mensual=mensual,
                    fecha_produccion=fecha,
                    volumen_produccion=celda.deseado,
                    tipo_tiempo=tipo_tiempo,
                    id_sitio_produccion=sitio,
                )
            )
            plan.log_altas.append((len(plan.nuevas) - 1, detalle))
        else:
            plan.actualizadas.append(Produccion(pk=destino[0], volumen_produccion=celda.deseado))
            cambio = (texto_decimal(destino[2]), texto_decimal(celda.deseado))
            plan.log_cambios.append((destino[0], {"volumen_produccion": cambio}, detalle))
    return plan


def _registrar_actividad(plan: _Plan, usuario) -> None:
    """One activity row per changed cell (one insert per kind of change), with the volume before and after."""
    altas = [
        (plan.nuevas[i].pk, {"volumen_produccion": ("", texto_decimal(plan.nuevas[i].volumen_produccion))}, detalle)
        for i, detalle in plan.log_altas
    ]
    for evento, registros in (
        (Evento.CREAR, altas),
        (Evento.ACTUALIZAR, plan.log_cambios),
        (Evento.ELIMINAR, plan.log_bajas),
    ):
        if registros:
            actividad_registrar_lote(usuario=usuario, entidad=ENTIDAD_PRODUCCION, evento=evento, registros=registros)


@transaction.atomic
def produccion_guardar_hoja(
    *,
    ot: OTE,
    mes: int,
    anio: int,
    tipo_tiempo: str,
    sitio: Sitio,
    partidas: list[dict],
    usuario,
    simulacro: bool = False,
) -> ResultadoHoja:
    """Save a month sheet in one transaction: validate every cell, bulk upsert, log each change, recompute excess."""
    _validar_parametros(mes, anio, tipo_tiempo)
    principal_id = ot.ot_principal_id or ot.pk
    principal = OTE.objects.select_for_update().get(pk=principal_id)
    fechas = fechas_de_familia(principal_id)
    familia = [f["pk"] for f in fechas]
    dias_mes = calendar.monthrange(anio, mes)[1]
    primero, ultimo = date(anio, mes, 1), date(anio, mes, dias_mes)

    inicio, fin, es_patio = ventana_de_fechas(fechas, sitio.pk)
    bloqueados = dias_fuera_de_ventana(inicio, fin, es_patio, mes=mes, anio=anio)
    for dia in dias_firmados(principal_id, mes=mes, anio=anio):
        bloqueados[dia] = MOTIVO_FIRMADO

    _, por_linea = conceptos_de_familia(familia)
    existentes = _existentes(familia, primero, ultimo, tipo_tiempo, sitio.pk)
    errores = _Errores()
    cambiadas, sin_cambios = _celdas_cambiadas(partidas, por_linea, existentes, bloqueados, dias_mes, errores)
    _rechazar_estimacion_aprobada(cambiadas, errores)
    _rechazar_gpu_firmado(cambiadas, errores)
    errores.lanzar_si_hay()

    plan = _planear(cambiadas, mes=mes, anio=anio, tipo_tiempo=tipo_tiempo, sitio=sitio, principal_id=principal_id)
    _borrar(plan.borrar, cambiadas)
    if plan.nuevas:
        Produccion.objects.bulk_create(plan.nuevas, batch_size=LOTE)
    _actualizar(plan.actualizadas)
    _registrar_actividad(plan, usuario)

    hubo_cambios = plan.nuevas or plan.actualizadas or plan.borrar
    excedentes = excedentes_recalcular(ot=principal) if hubo_cambios else 0
    tocadas = [p.pk for p in plan.nuevas] + [p.pk for p in plan.actualizadas]
    if tocadas:
        # gpu.py belongs to the GPU module; imported here so the sheet loads even while that module changes.
        from .gpu import gpus_sincronizar

        gpus_sincronizar(producciones_ids=tocadas)
    if simulacro:
        transaction.set_rollback(True)
    return ResultadoHoja(
        creados=len(plan.nuevas),
        actualizados=len(plan.actualizadas),
        eliminados=len(plan.borrar),
        sin_cambios=sin_cambios,
        excedentes_cambiados=excedentes,
    )


def _rechazar_gpu_firmado(cambiadas: list[_Celda], errores: _Errores) -> None:
    """A signed generador certifies the volume it was signed for: changing or deleting that production is refused."""
    ids = [pk for celda in cambiadas for pk, _, _ in celda.existentes]
    if not ids:
        return
    firmadas = set(
        RegistroGPU.objects.filter(id_produccion_id__in=ids, id_estatus_id=EstatusId.FIRMADO).values_list(
            "id_produccion_id", flat=True
        )
    )
    for celda in cambiadas:
        if any(pk in firmadas for pk, _, _ in celda.existentes):
            errores.agregar(
                celda.campo,
                f"{celda.concepto.codigo} día {celda.dia}: su generador (GPU) está FIRMADO; regréselo a "
                "FALTA FIRMA PEMEX para modificar la producción.",
            )


def _rechazar_estimacion_aprobada(cambiadas: list[_Celda], errores: _Errores) -> None:
    """Production in a live line of an approved (invoiced, paid) estimation is billed: no edit, no delete."""
    ids = [pk for celda in cambiadas for pk, _, _ in celda.existentes]
    if not ids:
        return
    # estimaciones is downstream of produccion: imported at call time, like the GPU module above.
    from operaciones.estimaciones.models import EstadoEstimacion, EstimacionDetalle

    bloqueadas = {
        produccion_id: (folio, EstadoEstimacion(estado).label.lower())
        for produccion_id, folio, estado in EstimacionDetalle.objects.filter(
            id_produccion_id__in=ids,
            vigente=True,
            id_estimacion_header__estado__in=(
                EstadoEstimacion.APROBADA,
                EstadoEstimacion.FACTURADA,
                EstadoEstimacion.PAGADA,
            ),
        ).values_list("id_produccion_id", "id_estimacion_header__folio", "id_estimacion_header__estado")
    }
    for celda in cambiadas:
        estimacion = next((bloqueadas[pk] for pk, _, _ in celda.existentes if pk in bloqueadas), None)
        if estimacion is not None:
            errores.agregar(
                celda.campo,
                f"{celda.concepto.codigo} día {celda.dia}: la producción ya está en la estimación {estimacion[0]} "
                f"{estimacion[1]}; no se puede modificar.",
            )


# A new volume voids an excess authorisation: the client authorised the volume it saw, not the corrected one.
SIN_AUTORIZACION = {
    "excedente_autorizado": False,
    "excedente_autorizado_por": None,
    "fecha_autorizacion_excedente": None,
}


def _actualizar(filas: list[Produccion]) -> None:
    """Write new volumes: one UPDATE per value shared by many cells, a CASE bulk update for the rest.

    A sheet repeats values (whole columns of 1, 2, 0.5); Django's bulk_update spends most of its time building one
    CASE branch per row, so grouping by value cuts a full-month rewrite to a handful of short statements.
    """
    por_valor: dict[Decimal, list[int]] = defaultdict(list)
    for fila in filas:
        por_valor[fila.volumen_produccion].append(fila.pk)
    sueltas = []
    for volumen, ids in por_valor.items():
        if len(ids) >= MINIMO_POR_VALOR:
            for inicio in range(0, len(ids), LOTE):
                Produccion.objects.filter(pk__in=ids[inicio : inicio + LOTE]).update(
                    volumen_produccion=volumen, **SIN_AUTORIZACION
                )
        else:
            sueltas.extend(Produccion(pk=pk, volumen_produccion=volumen, **SIN_AUTORIZACION) for pk in ids)
    if sueltas:
        Produccion.objects.bulk_update(sueltas, ["volumen_produccion", *SIN_AUTORIZACION], batch_size=LOTE)


def _borrar(ids: list[int], cambiadas: list[_Celda]) -> None:
    """Delete production rows (their GPUs go with them); rows already billed in an estimation are refused."""
    if not ids:
        return
    try:
        with transaction.atomic():
            Produccion.objects.filter(pk__in=ids).delete()
    except ProtectedError as rechazo:
        protegidas = {getattr(o, "id_produccion_id", None) for o in rechazo.protected_objects}
        mensajes = [
            f"{c.concepto.codigo} día {c.dia}: la producción ya está incluida en una estimación; no se puede borrar."
            for c in cambiadas
            if any(pk in protegidas for pk, _, _ in c.existentes)
        ]
        raise ValidationError(mensajes or ["Parte de la producción ya está incluida en una estimación."]) from None


# --- Excess recalculation ---------------------------------------------------------------------------------------


@transaction.atomic
def produccion_recalcular_excedentes(*, ot: OTE, usuario) -> int:
    """Recompute the excess flags of the OT's whole family (the "recalcular" action); returns how many changed."""
    principal = OTE.objects.select_for_update().get(pk=ot.ot_principal_id or ot.pk)
    cambiadas = excedentes_recalcular(ot=principal)
    actividad_registrar(
        usuario=usuario,
        entidad="Excedentes",
        registro_id=principal.pk,
        evento=Evento.ACTUALIZAR,
        detalle=f"Recálculo de excedentes de la familia de {principal}: {cambiadas} marcas cambiaron",
    )
    return cambiadas


# --- Adding a catalogue concept to an OT ------------------------------------------------------------------------


def anexo_de_concepto(concepto: ConceptoMaestro) -> str:
    """The annex key a line of this concept carries: its sub-anexo's clave, or a PUE's code prefix (C3EXT-0977)."""
    if concepto.sub_anexo_id:
        return concepto.sub_anexo.clave_anexo
    return (concepto.partida_extraordinaria or "").split("-")[0].strip().upper()


@transaction.atomic
def partida_vincular_ot(*, ot: OTE, concepto: ConceptoMaestro, usuario) -> PartidaAnexoImportada:
    """Add a catalogue concept to the OT's active annex version (volume 0, catalogue prices).

    Refused for an inactive or cancelled concept and for a concept any active version of the family already has
    (a second line would become the latest and reset its authorised volume to 0). An OT without an active version
    gets an empty one.
    """
    if not concepto.activo or concepto.estatus == EstatusPUE.CANCELADA:
        raise ValidationError({"id_producto": "El concepto está inactivo o cancelado: no se puede agregar a la OT."})
    principal_id = ot.ot_principal_id or ot.pk
    OTE.objects.select_for_update().filter(pk=principal_id).first()
    familia = [f["pk"] for f in fechas_de_familia(principal_id)]
    codigo = concepto.partida_ordinaria or concepto.partida_extraordinaria
    anexo = anexo_de_concepto(concepto)
    _, por_linea = conceptos_de_familia(familia)
    claves = {c.clave for c in por_linea.values()}
    if clave_concepto(concepto.pk, anexo, codigo) in claves or clave_concepto(None, anexo, codigo) in claves:
        raise ValidationError({"id_producto": f"La partida {codigo} ya está en el anexo activo de la OT."})
    version = ImportacionAnexo.objects.select_for_update().filter(ot=ot, es_activo=True).first()
    if version is None:
        version = ImportacionAnexo.objects.create(
            ot=ot,
            usuario_carga=usuario if getattr(usuario, "is_authenticated", False) else None,
            es_activo=True,
            nombre_archivo=NOMBRE_VERSION_MANUAL,
            modo=ModoImportacionAnexo.COMPLETA,
        )
    ultima = version.partidas.order_by("-orden_fila").values_list("orden_fila", flat=True).first() or 0
    linea = PartidaAnexoImportada.objects.create(
        importacion_anexo=version,
        concepto=concepto,
        id_partida=codigo,
        descripcion_concepto=concepto.descripcion,
        anexo=anexo or "S/A",
        unidad_medida_id=concepto.unidad_medida_id,
        volumen_proyectado=CERO,
        precio_unitario_mn=concepto.precio_unitario_mn,
        precio_unitario_usd=concepto.precio_unitario_usd,
        orden_fila=ultima + 1,
    )
    ImportacionAnexo.objects.filter(pk=version.pk).update(total_registros=version.partidas.count())
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_PARTIDA,
        registro_id=linea.pk,
        evento=Evento.CREAR,
        cambios={"id_partida": ("", codigo), "anexo": ("", linea.anexo), "volumen_proyectado": ("", CERO)},
        detalle=f"Partida {codigo} agregada a mano al anexo de la OT {ot}",
    )
    # A new concept with volume 0 makes its (future) production excess; a concept it matches by code may change.
    excedentes_recalcular(ot=ot)
    return linea
