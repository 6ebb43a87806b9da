"""Consumables of a vessel's day: diesel and water, one balance row per resource and report (issue 9 §4).

Rules kept here, in one place:
- existencia_actual = existencia_anterior + suministro − consumo − trasiego, always computed here (the client's
  figure is never read); a negative result is refused. Quantities have at most 3 decimals, in litres.
- existencia_anterior is the existencia_actual of the same resource in the vessel's most recent earlier report that
  has that row; it can be typed only when there is no such report (the vessel's first day in the system).
- A change of a day's existencia_actual is carried forward: every later report of the vessel gets its anterior (and
  so its actual) recomputed, in date order, until a day already agrees. A later CERRADO report that would have to
  change refuses the whole edit (a closed report is a signed record: reopen it first); a later day that would go
  negative refuses it too. So the chain anterior(n) = actual(n−1) holds for every day after every save.
- diferencia = lectura_pemex − existencia_actual, also as a percent of ours; over the configured tolerance
  (settings.SASCOP_TOLERANCIA_CONSUMIBLES) the day shows an alert.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from core.actividad import actividad_registrar, cambios_entre, instantanea
from core.models import Evento

from . import reglas
from .models import EstadoReporte, InventarioDiario, ReporteDiarioEmbarcacion, TipoRecurso

ENTIDAD_INVENTARIO = "Inventario de consumibles"
RECURSOS = (TipoRecurso.DIESEL, TipoRecurso.AGUA)
UNIDAD = "L"
UNIDAD_TEXTO = "litros"
# The model's DecimalField(14, 3): 11 integer digits.
CANTIDAD_MAXIMA = Decimal("99999999999.999")
CERO = Decimal("0.000")
CAMPOS = ["existencia_anterior", "suministro", "consumo", "trasiego", "existencia_actual", "lectura_pemex"]


def formato(valor: Decimal | None) -> str:
    """A quantity as the messages show it: thousands separated, three decimals, with its unit."""
    return "" if valor is None else f"{valor:,.3f} {UNIDAD}"


def tolerancia(tipo_recurso: str | None = None) -> Decimal:
    """The alert threshold (percent), settings.SASCOP_TOLERANCIA_CONSUMIBLES: one value for diesel and water.

    Both are tank soundings in litres taken the same way, so one tolerance serves both; `tipo_recurso` is accepted
    so a per-resource value can be added later without touching the callers.
    """
    valor = settings.SASCOP_TOLERANCIA_CONSUMIBLES
    try:
        numero = Decimal(str(valor).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise ImproperlyConfigured("SASCOP_TOLERANCIA_CONSUMIBLES debe ser un porcentaje numérico.") from None
    if not numero.is_finite() or numero < 0:
        raise ImproperlyConfigured("SASCOP_TOLERANCIA_CONSUMIBLES debe ser un porcentaje mayor o igual a cero.")
    return numero


def diferencia(inventario: InventarioDiario) -> dict:
    """PEMEX's reading against ours: difference, its percent of ours and whether it passes the tolerance."""
    limite = tolerancia(inventario.tipo_recurso)
    if inventario.lectura_pemex is None:
        return {"diferencia": None, "diferencia_pct": None, "tolerancia": limite, "alerta": False}
    dif = inventario.lectura_pemex - inventario.existencia_actual
    if inventario.existencia_actual:
        pct = (dif / inventario.existencia_actual * 100).quantize(Decimal("0.01"))
        alerta = abs(pct) > limite
    else:
        # Nothing on board by our count: any reading other than zero is a discrepancy worth a look.
        pct, alerta = None, dif != 0
    return {"diferencia": dif, "diferencia_pct": pct, "tolerancia": limite, "alerta": alerta}


def _anteriores(reporte: ReporteDiarioEmbarcacion) -> dict[str, InventarioDiario]:
    """Per resource, the row of the vessel's most recent earlier report that has one (one query per resource)."""
    resultado: dict[str, InventarioDiario] = {}
    for recurso in RECURSOS:
        previa = (
            InventarioDiario.objects.filter(
                reporte__embarcacion_id=reporte.embarcacion_id, reporte__fecha__lt=reporte.fecha, tipo_recurso=recurso
            )
            .select_related("reporte")
            .order_by("-reporte__fecha")
            .first()
        )
        if previa is not None:
            resultado[recurso] = previa
    return resultado


def inventarios_abrir(reporte: ReporteDiarioEmbarcacion) -> None:
    """Open the day's DIESEL and AGUA rows: anterior (= actual) from the vessel's previous report, 0 when none."""
    anteriores = _anteriores(reporte)
    existentes = set(reporte.inventarios.values_list("tipo_recurso", flat=True))
    nuevas = []
    for recurso in RECURSOS:
        if recurso in existentes:
            continue
        previa = anteriores.get(recurso)
        inicial = previa.existencia_actual if previa else CERO
        nuevas.append(
            InventarioDiario(
                reporte=reporte, tipo_recurso=recurso, existencia_anterior=inicial, existencia_actual=inicial
            )
        )
    if nuevas:
        InventarioDiario.objects.bulk_create(nuevas, ignore_conflicts=True)


def _cantidad(nombre: str, valor, *, requerido: bool = True) -> Decimal | None:
    """A quantity ≥ 0 with at most 3 decimals and 11 integer digits (blank: 0, or None when optional)."""
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        # A movement left blank is no movement; an optional reading left blank is no reading.
        return CERO if requerido else None
    if isinstance(valor, bool):
        raise ValidationError({nombre: "La cantidad debe ser un número."})
    try:
        numero = Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({nombre: "La cantidad debe ser un número."}) from None
    if not numero.is_finite():
        raise ValidationError({nombre: "La cantidad debe ser un número."})
    if numero < 0:
        raise ValidationError({nombre: "La cantidad no puede ser negativa."})
    if numero != numero.quantize(Decimal("0.001")):
        raise ValidationError({nombre: "La cantidad admite a lo más 3 decimales."})
    if numero > CANTIDAD_MAXIMA:
        raise ValidationError({nombre: f"La cantidad no puede pasar de {formato(CANTIDAD_MAXIMA)}."})
    return numero.quantize(Decimal("0.001"))


def _propagar(reporte: ReporteDiarioEmbarcacion, recurso: str, actual: Decimal) -> list[InventarioDiario]:
    """Carry a new actual forward through the vessel's later reports; the rows changed (not saved yet).

    Later reports are locked in date order (the same order every edit takes, so two edits cannot deadlock).
    """
    etiqueta = TipoRecurso(recurso).label.lower()
    posteriores = list(
        InventarioDiario.objects.select_for_update(of=("self", "reporte"))
        .filter(reporte__embarcacion_id=reporte.embarcacion_id, reporte__fecha__gt=reporte.fecha, tipo_recurso=recurso)
        .select_related("reporte")
        .order_by("reporte__fecha")
    )
    cambiadas = []
    for fila in posteriores:
        if fila.existencia_anterior == actual:
            break  # this day already starts where the previous one ends: nothing further changes
        if fila.reporte.estado == EstadoReporte.CERRADO:
            raise ValidationError(
                {
                    "existencia_actual": (
                        f"El cambio deja la existencia de {etiqueta} en {formato(actual)}, pero el reporte cerrado del "
                        f"{fila.reporte.fecha:%d/%m/%Y} parte de {formato(fila.existencia_anterior)}. Reabra ese "
                        "reporte antes de corregir este día."
                    )
                }
            )
        fila.existencia_anterior = actual
        fila.existencia_actual = actual + fila.suministro - fila.consumo - fila.trasiego
        if fila.existencia_actual < 0:
            raise ValidationError(
                {
                    "existencia_actual": (
                        f"Con este cambio la existencia de {etiqueta} del {fila.reporte.fecha:%d/%m/%Y} quedaría "
                        f"negativa ({formato(fila.existencia_actual)}). Corrija los movimientos de ese día primero."
                    )
                }
            )
        cambiadas.append(fila)
        actual = fila.existencia_actual
    return cambiadas


def inventario_guardar(
    *,
    reporte_id: int,
    tipo_recurso: str,
    suministro,
    consumo,
    trasiego,
    lectura_pemex=None,
    existencia_anterior=None,
    usuario,
) -> tuple[InventarioDiario, list[InventarioDiario]]:
    """Save a day's movements of one resource, compute its balance and carry it to the later days.

    Returns the saved row and the later rows whose balance was recomputed. `existencia_anterior` is read only when
    the vessel has no earlier report with this resource; otherwise a different value is refused.
    """
    if tipo_recurso not in TipoRecurso.values:
        raise ValidationError({"tipo_recurso": "El recurso debe ser DIESEL o AGUA."})
    valores = {
        "suministro": _cantidad("suministro", suministro),
        "consumo": _cantidad("consumo", consumo),
        "trasiego": _cantidad("trasiego", trasiego),
        "lectura_pemex": _cantidad("lectura_pemex", lectura_pemex, requerido=False),
    }
    anterior_enviada = _cantidad("existencia_anterior", existencia_anterior, requerido=False)
    with transaction.atomic():
        reporte = reglas.reporte_para_editar(reporte_id)
        inventarios_abrir(reporte)
        fila = InventarioDiario.objects.select_for_update().get(reporte=reporte, tipo_recurso=tipo_recurso)
        antes = instantanea(fila, CAMPOS)
        previa = _anteriores(reporte).get(tipo_recurso)
        if previa is not None:
            if anterior_enviada is not None and anterior_enviada != previa.existencia_actual:
                raise ValidationError(
                    {
                        "existencia_anterior": (
                            f"La existencia anterior viene del reporte del {previa.reporte.fecha:%d/%m/%Y} "
                            f"({formato(previa.existencia_actual)}) y no se captura en este día."
                        )
                    }
                )
            fila.existencia_anterior = previa.existencia_actual
        elif anterior_enviada is not None:
            fila.existencia_anterior = anterior_enviada
        for campo, valor in valores.items():
            setattr(fila, campo, valor)
        fila.existencia_actual = fila.existencia_anterior + fila.suministro - fila.consumo - fila.trasiego
        if fila.existencia_actual < 0:
            raise ValidationError(
                {
                    "consumo": (
                        f"La existencia actual quedaría negativa ({formato(fila.existencia_actual)}): el consumo y el "
                        "trasiego no pueden superar la existencia anterior más el suministro."
                    )
                }
            )
        if fila.existencia_actual > CANTIDAD_MAXIMA:
            raise ValidationError({"suministro": f"La existencia no puede pasar de {formato(CANTIDAD_MAXIMA)}."})
        posteriores = _propagar(reporte, tipo_recurso, fila.existencia_actual)
        cambios = cambios_entre(antes, fila, CAMPOS)
        if not cambios and not posteriores:
            return fila, []
        fila.save()
        if posteriores:
            InventarioDiario.objects.bulk_update(posteriores, ["existencia_anterior", "existencia_actual"])
        etiqueta = TipoRecurso(tipo_recurso).label
        detalle = f"{etiqueta} del reporte {reglas.descripcion_reporte(reporte)}"
        if posteriores:
            fechas = ", ".join(f"{p.reporte.fecha:%d/%m/%Y}" for p in posteriores)
            detalle += f"; existencias recalculadas en: {fechas}"
        actividad_registrar(
            usuario=usuario,
            entidad=ENTIDAD_INVENTARIO,
            registro_id=fila.pk,
            evento=Evento.ACTUALIZAR,
            cambios=cambios,
            detalle=detalle[:1000],
        )
    return fila, posteriores
