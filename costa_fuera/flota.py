"""The fleet page (issue 9, item 6): each active vessel with its latest daily report, position and status.

A vessel is a Sitio of category EMBARCACION. Positions are typed by hand (there is no AIS feed): a validated
latitude/longitude pair in decimal degrees with the moment it was taken and the speed, stored as
PosicionEmbarcacion. The page is read with a constant number of queries whatever the size of the fleet.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.utils import timezone

from core.actividad import actividad_registrar
from core.models import Evento
from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.models import Sitio

from .models import BitacoraTiempo, CategoriaOperativa, PersonalABordo, PosicionEmbarcacion, ReporteDiarioEmbarcacion

ENTIDAD_POSICION = "Posición de embarcación"
SIN_REPORTE = "Sin reporte"
# A position typed a few minutes "ahead" is a clock slightly off, not a position from the future.
HOLGURA_RELOJ = timedelta(minutes=5)
DECIMALES_COORDENADA = 6
ETIQUETAS_CATEGORIA = dict(CategoriaOperativa.choices)


def embarcaciones_activas():
    """Active vessels (sites of category EMBARCACION), by name."""
    return Sitio.objects.filter(id_frente_id=FrenteId.EMBARCACION, activo=True).order_by("descripcion", "pk")


def formato_coordenada(valor, eje: str) -> str:
    """Decimal degrees with the hemisphere, as a chart reads them: 19.512345° N, 92.123456° O."""
    if valor is None:
        return ""
    valor = Decimal(valor)
    positivo, negativo = ("N", "S") if eje == "latitud" else ("E", "O")
    hemisferio = positivo if valor >= 0 else negativo
    return f"{abs(valor):.{DECIMALES_COORDENADA}f}° {hemisferio}"


def formato_posicion(latitud, longitud) -> str:
    if latitud is None or longitud is None:
        return ""
    return f"{formato_coordenada(latitud, 'latitud')}, {formato_coordenada(longitud, 'longitud')}"


@dataclass(frozen=True)
class FilaFlota:
    embarcacion: Sitio
    reporte: ReporteDiarioEmbarcacion | None
    posicion: PosicionEmbarcacion | None
    categoria: str  # code of the last time-log entry's category ("" when unknown)
    pob_total: int | None

    @property
    def estatus(self) -> str:
        if self.reporte is None:
            return SIN_REPORTE
        return ETIQUETAS_CATEGORIA.get(self.categoria, "Sin bitácora")

    @property
    def capacidad(self) -> int | None:
        return self.embarcacion.capacidad_pob

    @property
    def pob_excedido(self) -> bool:
        return bool(self.pob_total and self.capacidad and self.pob_total > self.capacidad)

    @property
    def posicion_texto(self) -> str:
        return formato_posicion(self.posicion.latitud, self.posicion.longitud) if self.posicion else ""


def flota_resumen() -> list[FilaFlota]:
    """Every active vessel with its latest report (by date), latest position and current status — three queries.

    The status is the category of the last entry (by start time) of the latest report's time log.
    """
    ultimo_reporte = ReporteDiarioEmbarcacion.objects.filter(embarcacion=OuterRef("pk")).order_by("-fecha", "-pk")
    ultima_posicion = PosicionEmbarcacion.objects.filter(embarcacion=OuterRef("pk")).order_by("-timestamp", "-pk")
    embarcaciones = list(
        embarcaciones_activas().annotate(
            id_ultimo_reporte=Subquery(ultimo_reporte.values("pk")[:1]),
            id_ultima_posicion=Subquery(ultima_posicion.values("pk")[:1]),
        )
    )
    ultima_actividad = BitacoraTiempo.objects.filter(reporte=OuterRef("pk")).order_by("-hora_inicio", "-pk")
    pob = (
        PersonalABordo.objects.filter(reporte=OuterRef("pk"))
        .order_by()
        .values("reporte")
        .annotate(total=Sum("cantidad"))
        .values("total")
    )
    ids_reporte = [e.id_ultimo_reporte for e in embarcaciones if e.id_ultimo_reporte]
    reportes = {
        r.pk: r
        for r in ReporteDiarioEmbarcacion.objects.filter(pk__in=ids_reporte)
        .select_related("representante")
        .annotate(
            categoria_actual=Subquery(ultima_actividad.values("estatus_operativo")[:1]),
            pob_total=Subquery(pob, output_field=IntegerField()),
        )
    }
    ids_posicion = [e.id_ultima_posicion for e in embarcaciones if e.id_ultima_posicion]
    posiciones = {p.pk: p for p in PosicionEmbarcacion.objects.filter(pk__in=ids_posicion)}
    filas = []
    for e in embarcaciones:
        reporte = reportes.get(e.id_ultimo_reporte)
        filas.append(
            FilaFlota(
                embarcacion=e,
                reporte=reporte,
                posicion=posiciones.get(e.id_ultima_posicion),
                categoria=(reporte.categoria_actual or "") if reporte else "",
                pob_total=(reporte.pob_total or 0) if reporte else None,
            )
        )
    return filas


def posicion_del_dia(reporte: ReporteDiarioEmbarcacion) -> tuple[Decimal | None, Decimal | None, datetime | None]:
    """The report's own position, else the vessel's last position recorded up to the end of that day (local time)."""
    if reporte.latitud is not None and reporte.longitud is not None:
        return reporte.latitud, reporte.longitud, None
    fin_dia = timezone.make_aware(datetime.combine(reporte.fecha + timedelta(days=1), datetime.min.time()))
    posicion = (
        PosicionEmbarcacion.objects.filter(embarcacion_id=reporte.embarcacion_id, timestamp__lt=fin_dia)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if posicion is None:
        return None, None, None
    return posicion.latitud, posicion.longitud, posicion.timestamp


# --- recording a position by hand ------------------------------------------------------------------------------------


def _coordenada(etiqueta: str, limite: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=etiqueta,
        max_digits=9,
        decimal_places=DECIMALES_COORDENADA,
        min_value=-limite,
        max_value=limite,
        error_messages={
            "required": f"Escriba la {etiqueta.lower()}.",
            "invalid": f"La {etiqueta.lower()} debe ser un número en grados decimales.",
            "min_value": f"La {etiqueta.lower()} debe estar entre −{limite} y {limite} grados.",
            "max_value": f"La {etiqueta.lower()} debe estar entre −{limite} y {limite} grados.",
            "max_decimal_places": f"La {etiqueta.lower()} admite como máximo {DECIMALES_COORDENADA} decimales.",
            "max_digits": f"La {etiqueta.lower()} debe estar entre −{limite} y {limite} grados.",
            "max_whole_digits": f"La {etiqueta.lower()} debe estar entre −{limite} y {limite} grados.",
        },
    )


class PosicionForm(forms.Form):
    embarcacion = forms.ModelChoiceField(
        queryset=embarcaciones_activas(),
        label="Embarcación",
        error_messages={
            "required": "Elija la embarcación.",
            "invalid_choice": "La embarcación elegida no existe o no está activa.",
        },
    )
    latitud = _coordenada("Latitud", 90)
    longitud = _coordenada("Longitud", 180)
    timestamp = forms.DateTimeField(
        label="Fecha y hora",
        error_messages={
            "required": "Escriba la fecha y hora de la posición.",
            "invalid": "La fecha y hora no es válida (use AAAA-MM-DD HH:MM).",
        },
    )
    velocidad_nudos = forms.DecimalField(
        label="Velocidad (nudos)",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=0,
        max_value=Decimal("9999.99"),
        error_messages={
            "invalid": "La velocidad debe ser un número de nudos.",
            "min_value": "La velocidad no puede ser negativa.",
            "max_value": "La velocidad debe ser menor de 10,000 nudos.",
            "max_decimal_places": "La velocidad admite como máximo 2 decimales.",
            "max_digits": "La velocidad debe ser menor de 10,000 nudos.",
            "max_whole_digits": "La velocidad debe ser menor de 10,000 nudos.",
        },
    )

    def clean_timestamp(self):
        momento = self.cleaned_data["timestamp"]
        if momento > timezone.now() + HOLGURA_RELOJ:
            raise ValidationError("La fecha y hora de la posición no puede estar en el futuro.")
        return momento

    def clean(self):
        datos = super().clean()
        if datos.get("latitud") == 0 and datos.get("longitud") == 0:
            # 0,0 is what an unset GPS sends: a point in the Gulf of Guinea, never one of our vessels.
            self.add_error("latitud", "La posición 0, 0 no es válida: revise la latitud y la longitud.")
        return datos


def posicion_registrar(
    *, embarcacion: Sitio, latitud: Decimal, longitud: Decimal, timestamp: datetime, velocidad_nudos, usuario
) -> PosicionEmbarcacion:
    """Record a hand-typed position of an active vessel (the form has checked ranges, 0,0 and the future)."""
    posicion = PosicionEmbarcacion(
        embarcacion=embarcacion,
        latitud=latitud,
        longitud=longitud,
        timestamp=timestamp,
        velocidad_nudos=velocidad_nudos if velocidad_nudos is not None else Decimal(0),
    )
    posicion.full_clean()
    posicion.save()
    actividad_registrar(
        usuario=usuario,
        entidad=ENTIDAD_POSICION,
        registro_id=posicion.pk,
        evento=Evento.CREAR,
        detalle=(
            f"Posición de {embarcacion.descripcion}: {formato_posicion(latitud, longitud)} "
            f"el {timezone.localtime(timestamp):%d/%m/%Y %H:%M}, {posicion.velocidad_nudos} nudos."
        ),
    )
    return posicion
