"""Offshore operations: the vessel's day as a record (reference §2.5, §3.15).

A vessel is a Sitio (category EMBARCACION). The original's PostGIS point becomes a validated
latitude/longitude pair, so no spatial database is needed.
"""

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Abs
from django.db.models.lookups import LessThan

from operaciones.catalogos.models import Sitio
from operaciones.ot.models import OTE


class EstadoReporte(models.TextChoices):
    BORRADOR = "BORRADOR", "Borrador"
    PRE_CIERRE = "PRE_CIERRE", "Pre-cierre"
    CERRADO = "CERRADO", "Cerrado"


class ReporteDiarioEmbarcacion(models.Model):
    embarcacion = models.ForeignKey(Sitio, on_delete=models.PROTECT, related_name="reportes_diarios")
    fecha = models.DateField()
    representante = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    estado = models.CharField(max_length=12, choices=EstadoReporte.choices, default=EstadoReporte.BORRADOR)
    sin_arribos = models.BooleanField(default=False)
    archivo_pdf = models.FileField(upload_to="costa_fuera/rdo/%Y/%m/", blank=True)
    comentarios_generales = models.TextField(blank=True, default="")
    cerrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fecha_cierre = models.DateTimeField(null=True, blank=True)
    latitud = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    fecha_creacion = models.DateTimeField(auto_now_add=True)
    fecha_actualizacion = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reporte_diario_embarcacion"
        verbose_name = "reporte diario de embarcación"
        verbose_name_plural = "reportes diarios de embarcación"
        ordering = ["-fecha"]
        permissions = [
            ("cerrar_reporte", "Puede cerrar un reporte diario de embarcación"),
            ("reabrir_reporte", "Puede reabrir un reporte diario de embarcación cerrado"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["embarcacion", "fecha"], name="rde_uno_por_dia"),
            models.CheckConstraint(condition=Q(estado__in=EstadoReporte.values), name="rde_estado_valido"),
            models.CheckConstraint(
                condition=Q(latitud__isnull=True) | Q(latitud__gte=-90, latitud__lte=90), name="rde_latitud_valida"
            ),
            models.CheckConstraint(
                condition=Q(longitud__isnull=True) | Q(longitud__gte=-180, longitud__lte=180),
                name="rde_longitud_valida",
            ),
        ]

    def __str__(self):
        return f"{self.embarcacion} {self.fecha}"


class CategoriaOperativa(models.TextChoices):
    OPERANDO = "OPERANDO", "Operando"
    ESPERA_CLIMA = "ESPERA_CLIMA", "Espera por clima"
    ESPERA_CLIENTE = "ESPERA_CLIENTE", "Espera por cliente"
    TRANSITO = "TRANSITO", "Tránsito"
    MANTENIMIENTO = "MANTENIMIENTO", "Mantenimiento"
    OTRO = "OTRO", "Otro"


class BitacoraTiempo(models.Model):
    reporte = models.ForeignKey(ReporteDiarioEmbarcacion, on_delete=models.CASCADE, related_name="bitacora")
    hora_inicio = models.TimeField()
    hora_fin = models.TimeField()
    actividad = models.TextField()
    estatus_operativo = models.CharField(
        max_length=20, choices=CategoriaOperativa.choices, default=CategoriaOperativa.OPERANDO
    )
    ot = models.ForeignKey(OTE, on_delete=models.PROTECT, null=True, blank=True, related_name="bitacora_barco")
    hueco_justificado = models.BooleanField(default=False)

    class Meta:
        db_table = "bitacora_tiempo"
        verbose_name = "actividad de bitácora"
        verbose_name_plural = "bitácora de tiempos"
        ordering = ["reporte_id", "hora_inicio"]
        constraints = [
            # 00:00 as the end means midnight at the end of the day (24:00), which a TimeField cannot hold.
            models.CheckConstraint(
                condition=Q(hora_fin__gt=F("hora_inicio")) | Q(hora_fin=time(0, 0)), name="bitacora_horas_ordenadas"
            ),
            models.CheckConstraint(
                condition=Q(estatus_operativo__in=CategoriaOperativa.values), name="bitacora_categoria_valida"
            ),
        ]

    def __str__(self):
        return f"{self.hora_inicio:%H:%M}–{self.hora_fin:%H:%M} {self.actividad[:40]}"


class PosicionEmbarcacion(models.Model):
    embarcacion = models.ForeignKey(Sitio, on_delete=models.PROTECT, related_name="posiciones")
    timestamp = models.DateTimeField()
    latitud = models.DecimalField(max_digits=9, decimal_places=6)
    longitud = models.DecimalField(max_digits=9, decimal_places=6)
    velocidad_nudos = models.DecimalField(max_digits=6, decimal_places=2, default=0)

    class Meta:
        db_table = "posicion_embarcacion"
        verbose_name = "posición de embarcación"
        verbose_name_plural = "posiciones de embarcación"
        ordering = ["-timestamp"]
        indexes = [models.Index(fields=["embarcacion", "-timestamp"], name="posicion_ultima_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitud__gte=-90, latitud__lte=90, longitud__gte=-180, longitud__lte=180)
                & ~Q(latitud=0, longitud=0),
                name="posicion_coordenadas_validas",
            )
        ]

    def __str__(self):
        return f"{self.embarcacion_id} {self.latitud}, {self.longitud}"


class TipoRecurso(models.TextChoices):
    DIESEL = "DIESEL", "Diésel"
    AGUA = "AGUA", "Agua"


class InventarioDiario(models.Model):
    """Daily balance: anterior + suministro − consumo − trasiego = actual; PEMEX's reading kept beside ours."""

    reporte = models.ForeignKey(ReporteDiarioEmbarcacion, on_delete=models.CASCADE, related_name="inventarios")
    tipo_recurso = models.CharField(max_length=10, choices=TipoRecurso.choices)
    existencia_anterior = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    suministro = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    consumo = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    trasiego = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    existencia_actual = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    lectura_pemex = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)

    class Meta:
        db_table = "inventario_diario"
        verbose_name = "inventario diario"
        verbose_name_plural = "inventarios diarios"
        constraints = [
            models.UniqueConstraint(fields=["reporte", "tipo_recurso"], name="inventario_recurso_unico"),
            models.CheckConstraint(condition=Q(tipo_recurso__in=TipoRecurso.values), name="inventario_tipo_valido"),
            # Quantities have 3 decimals, so on PostgreSQL's exact numerics "within half a thousandth" is equality;
            # SQLite (the embedded `make run` database) compares decimals as floats, where 0.1 + 0.2 ≠ 0.3.
            models.CheckConstraint(
                condition=LessThan(
                    Abs(
                        F("existencia_actual")
                        - (F("existencia_anterior") + F("suministro") - F("consumo") - F("trasiego"))
                    ),
                    Value(Decimal("0.0005")),
                ),
                name="inventario_balance_cuadra",
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_recurso_display()} {self.existencia_actual}"


class PersonalABordo(models.Model):
    reporte = models.ForeignKey(ReporteDiarioEmbarcacion, on_delete=models.CASCADE, related_name="pob")
    compania = models.CharField("compañía", max_length=200)
    categoria = models.CharField("categoría", max_length=100)
    cantidad = models.PositiveIntegerField()

    class Meta:
        db_table = "pob_diario"
        verbose_name = "personal a bordo"
        verbose_name_plural = "personal a bordo"
        constraints = [models.UniqueConstraint(fields=["reporte", "compania", "categoria"], name="pob_renglon_unico")]

    def __str__(self):
        return f"{self.compania} · {self.categoria}: {self.cantidad}"


class Severidad(models.TextChoices):
    BAJA = "BAJA", "Baja"
    MEDIA = "MEDIA", "Media"
    ALTA = "ALTA", "Alta"
    CRITICA = "CRITICA", "Crítica"


class Incidencia(models.Model):
    reporte = models.ForeignKey(ReporteDiarioEmbarcacion, on_delete=models.CASCADE, related_name="incidencias")
    tipo = models.CharField(max_length=100)
    severidad = models.CharField(max_length=10, choices=Severidad.choices, default=Severidad.BAJA)
    descripcion = models.TextField()
    visible_cliente = models.BooleanField("visible para el cliente", default=False)
    registrado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha_registro = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "incidencia_embarcacion"
        verbose_name = "incidencia"
        verbose_name_plural = "incidencias"
        ordering = ["-fecha_registro"]
        constraints = [
            models.CheckConstraint(condition=Q(severidad__in=Severidad.values), name="incidencia_severidad_valida")
        ]

    def __str__(self):
        return f"{self.tipo} ({self.get_severidad_display()})"


class FotoIncidencia(models.Model):
    """A photo of an incident; type (by its bytes) and size are checked before it is stored."""

    incidencia = models.ForeignKey(Incidencia, on_delete=models.CASCADE, related_name="fotos")
    archivo = models.FileField(upload_to="costa_fuera/incidencias/%Y/%m/")
    nombre_original = models.CharField(max_length=255)
    tipo_contenido = models.CharField(max_length=50)
    tamano = models.PositiveIntegerField("tamaño en bytes")
    sha256 = models.CharField(max_length=64)
    subida_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha_subida = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "incidencia_foto"
        verbose_name = "foto de incidencia"
        verbose_name_plural = "fotos de incidencia"
        ordering = ["incidencia_id", "id"]

    def __str__(self):
        return self.nombre_original
