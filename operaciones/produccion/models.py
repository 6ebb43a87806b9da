"""Daily production against the OT annex, daily/monthly reports, GPU evidence and guard rotation (§2.4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from operaciones.catalogos.constantes import EstatusId, NivelEstatus
from operaciones.catalogos.models import Estatus, Sitio, Tipo, UnidadMedida
from operaciones.ot.models import OTE, PartidaAnexoImportada


class TipoTiempo(models.TextChoices):
    TE = "TE", "Tiempo efectivo"
    CMA = "CMA", "Costo mínimo aplicado"


class Producto(models.Model):
    """Legacy product catalogue of the original, superseded by ConceptoMaestro; kept for migrated data."""

    id_partida = models.CharField(max_length=50)
    descripcion_concepto = models.TextField()
    anexo = models.CharField(max_length=50, blank=True, default="")
    id_sitio = models.ForeignKey(Sitio, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    id_tipo_partida = models.ForeignKey(Tipo, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    id_unidad_medida = models.ForeignKey(
        UnidadMedida, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    precio_unitario_mn = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    precio_unitario_usd = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    activo = models.BooleanField(default=True)
    comentario = models.TextField(blank=True, default="")

    class Meta:
        db_table = "producto"
        verbose_name = "producto (heredado)"
        verbose_name_plural = "productos (heredados)"
        ordering = ["id_partida"]

    def __str__(self):
        return f"{self.id_partida} {self.descripcion_concepto[:60]}"


class ReporteMensual(models.Model):
    """The monthly evidence folder of an OT."""

    id_ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="reportes_mensuales")
    mes = models.PositiveSmallIntegerField()
    anio = models.PositiveSmallIntegerField("año")
    archivo = models.TextField("enlace de evidencia", blank=True, default="")
    id_estatus = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        default=EstatusId.PENDIENTE,
        related_name="+",
        limit_choices_to={"nivel_afectacion__in": [NivelEstatus.PASO, NivelEstatus.REPORTE_MENSUAL]},
    )
    fecha_creacion = models.DateTimeField(auto_now_add=True)
    fecha_actualizacion = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reporte_mensual_header"
        verbose_name = "reporte mensual"
        verbose_name_plural = "reportes mensuales"
        ordering = ["-anio", "-mes"]
        constraints = [
            models.UniqueConstraint(fields=["id_ot", "mes", "anio"], name="reporte_mensual_unico"),
            models.CheckConstraint(condition=Q(mes__gte=1, mes__lte=12), name="reporte_mensual_mes_valido"),
            models.CheckConstraint(condition=Q(anio__gte=2000, anio__lte=2100), name="reporte_mensual_anio_valido"),
        ]

    def __str__(self):
        return f"{self.id_ot} {self.mes:02d}/{self.anio}"


class ReporteDiario(models.Model):
    """Status of one day's report of an OT at a site; FIRMADO closes the day for production capture."""

    id_reporte_mensual = models.ForeignKey(ReporteMensual, on_delete=models.CASCADE, related_name="dias_estatus")
    fecha = models.DateField(db_index=True)
    id_estatus = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        default=EstatusId.PENDIENTE,
        related_name="+",
        limit_choices_to={"nivel_afectacion__in": [NivelEstatus.PASO, NivelEstatus.REPORTE_DIARIO]},
    )
    comentario = models.CharField(max_length=255, blank=True, default="")
    bloqueado = models.BooleanField(default=False)
    id_sitio = models.ForeignKey(Sitio, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "reporte_diario_detalle"
        verbose_name = "reporte diario"
        verbose_name_plural = "reportes diarios"
        ordering = ["fecha"]
        constraints = [
            models.UniqueConstraint(fields=["id_reporte_mensual", "fecha", "id_sitio"], name="reporte_diario_unico")
        ]

    def __str__(self):
        return f"{self.id_reporte_mensual_id} {self.fecha}"


class Produccion(models.Model):
    id_partida_anexo = models.ForeignKey(PartidaAnexoImportada, on_delete=models.PROTECT, related_name="producciones")
    id_reporte_mensual = models.ForeignKey(ReporteMensual, on_delete=models.PROTECT, related_name="producciones")
    fecha_produccion = models.DateField()
    volumen_produccion = models.DecimalField(max_digits=15, decimal_places=6, default=0)
    tipo_tiempo = models.CharField(max_length=3, choices=TipoTiempo.choices, default=TipoTiempo.TE)
    es_excedente = models.BooleanField(default=False)
    id_estatus_cobro = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        default=EstatusId.PENDIENTE,
        related_name="+",
        verbose_name="estatus de cobro",
    )
    comentario = models.TextField(blank=True, default="")
    id_sitio_produccion = models.ForeignKey(Sitio, on_delete=models.PROTECT, related_name="producciones")
    # Excess production is billable only once the client authorises it; until then its GPU stays blocked.
    excedente_autorizado = models.BooleanField("excedente autorizado", default=False)
    excedente_autorizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fecha_autorizacion_excedente = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "produccion"
        verbose_name = "producción"
        verbose_name_plural = "producción"
        ordering = ["fecha_produccion", "id"]
        # The client's authorisation of excess volume is a project leader's decision, not a capture task.
        permissions = [("autorizar_excedente", "Puede autorizar producción excedente")]
        indexes = [
            models.Index(fields=["fecha_produccion"], name="produccion_fecha_idx"),
            models.Index(fields=["id_partida_anexo", "fecha_produccion"], name="produccion_partida_fecha_idx"),
            models.Index(fields=["tipo_tiempo"], name="produccion_tipo_tiempo_idx"),
            models.Index(fields=["id_reporte_mensual", "fecha_produccion"], name="produccion_reporte_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_partida_anexo", "fecha_produccion", "tipo_tiempo", "id_sitio_produccion"],
                name="produccion_unica",
            ),
            models.CheckConstraint(condition=Q(volumen_produccion__gte=0), name="produccion_no_negativa"),
            models.CheckConstraint(
                condition=Q(tipo_tiempo__in=TipoTiempo.values), name="produccion_tipo_tiempo_valido"
            ),
        ]

    def __str__(self):
        return f"{self.id_partida_anexo} {self.fecha_produccion} {self.tipo_tiempo}"


class RegistroGPU(models.Model):
    """Generador de precios unitarios: the evidence that a production record happened.

    The link to the estimation that bills it lives on EstimacionDetalle (downstream app), not here.
    """

    id_produccion = models.OneToOneField(Produccion, on_delete=models.CASCADE, related_name="gpu")
    id_estatus = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        default=EstatusId.GPU_PENDIENTE,
        related_name="+",
        limit_choices_to={"nivel_afectacion": NivelEstatus.REPORTE_DIARIO},
    )
    archivo = models.URLField("enlace de evidencia", max_length=500, blank=True, default="")
    archivo_adjunto = models.FileField("archivo de evidencia", upload_to="gpu/%Y/%m/", blank=True)
    hash_archivo = models.CharField("SHA-256 del archivo", max_length=64, blank=True, default="")
    tipo_archivo = models.CharField("tipo de archivo", max_length=100, blank=True, default="")
    nota_bloqueo = models.TextField(blank=True, default="")
    fecha_actualizacion = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "registro_generadores_pu"
        verbose_name = "generador (GPU)"
        verbose_name_plural = "generadores (GPU)"
        indexes = [models.Index(fields=["id_estatus"], name="gpu_estatus_idx")]

    def __str__(self):
        return f"GPU {self.id_produccion_id}"


class Superintendente(models.Model):
    nombre = models.CharField(max_length=200)
    sitio_asignado = models.ForeignKey(
        Sitio, on_delete=models.PROTECT, null=True, blank=True, related_name="superintendentes"
    )
    color = models.CharField(max_length=7, default="#3498db")
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "superintendente"
        verbose_name = "superintendente"
        verbose_name_plural = "superintendentes"
        ordering = ["nombre"]
        constraints = [
            models.CheckConstraint(condition=Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="superintendente_color_hex")
        ]

    def __str__(self):
        return self.nombre


class CicloGuardia(models.Model):
    """14×14 rotation of a site's two superintendents, counted from A's first day."""

    sitio = models.OneToOneField(Sitio, on_delete=models.PROTECT, related_name="ciclo_guardia")
    super_a = models.ForeignKey(Superintendente, on_delete=models.PROTECT, related_name="+")
    super_b = models.ForeignKey(Superintendente, on_delete=models.PROTECT, related_name="+")
    fecha_inicio_super_a = models.DateField()
    dias_por_turno = models.PositiveSmallIntegerField(default=14)

    class Meta:
        db_table = "guardias"
        verbose_name = "ciclo de guardia"
        verbose_name_plural = "ciclos de guardia"
        constraints = [
            models.CheckConstraint(condition=~Q(super_a=models.F("super_b")), name="guardia_supers_distintos"),
            models.CheckConstraint(condition=Q(dias_por_turno__gte=1), name="guardia_dias_positivos"),
        ]

    def __str__(self):
        return f"Guardia {self.sitio}"
