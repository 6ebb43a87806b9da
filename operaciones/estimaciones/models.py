"""Billing estimations: a period of an OT family's production with the unit prices snapshotted (§2.4, §3.6)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from operaciones.catalogos.models import Contrato, Estatus
from operaciones.ot.models import OTE
from operaciones.produccion.models import Produccion


class EstadoEstimacion(models.TextChoices):
    BORRADOR = "BORRADOR", "Borrador"
    EN_REVISION = "EN_REVISION", "En revisión"
    APROBADA = "APROBADA", "Aprobada"
    FACTURADA = "FACTURADA", "Facturada"
    PAGADA = "PAGADA", "Pagada"
    CANCELADA = "CANCELADA", "Cancelada"


class EstimacionHeader(models.Model):
    id_ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="estimaciones", verbose_name="OT")
    contrato = models.ForeignKey(Contrato, on_delete=models.PROTECT, null=True, blank=True, related_name="estimaciones")
    numero = models.PositiveIntegerField("número consecutivo", null=True, blank=True)
    folio = models.CharField(max_length=60, blank=True, default="")
    estado = models.CharField(max_length=12, choices=EstadoEstimacion.choices, default=EstadoEstimacion.BORRADOR)
    fecha_estimacion = models.DateField()
    fecha_desde = models.DateField()
    fecha_hasta = models.DateField()
    id_estatus_cobro = models.ForeignKey(Estatus, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    total_volumen_producido = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    total_volumen_estimado = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    total_importe_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    total_importe_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    tipo_cambio = models.DecimalField("tipo de cambio MXN/USD", max_digits=12, decimal_places=4, default=0)
    porcentaje_retencion = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    porcentaje_amortizacion_anticipo = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    importe_retencion_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    importe_retencion_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    importe_amortizacion_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    importe_amortizacion_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    numero_factura = models.CharField(max_length=60, blank=True, default="")
    fecha_factura = models.DateField(null=True, blank=True)
    fecha_pago = models.DateField(null=True, blank=True)
    comentario = models.TextField(blank=True, default="")
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fecha_creacion = models.DateTimeField(auto_now_add=True)
    aprobado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fecha_aprobacion = models.DateTimeField(null=True, blank=True)
    # Random code printed in the document's QR: the verification link names it, not the guessable id.
    codigo_verificacion = models.CharField(max_length=32, blank=True, default="", db_index=True)
    fecha_cancelacion = models.DateTimeField(null=True, blank=True)
    motivo_cancelacion = models.TextField(blank=True, default="")

    class Meta:
        db_table = "estimacion_header"
        verbose_name = "estimación"
        verbose_name_plural = "estimaciones"
        ordering = ["-fecha_estimacion", "-id"]
        permissions = [
            ("aprobar_estimacion", "Puede aprobar estimaciones"),
            ("facturar_estimacion", "Puede registrar factura y pago de estimaciones"),
        ]
        indexes = [
            models.Index(fields=["id_ot", "estado"], name="estimacion_ot_estado_idx"),
            models.Index(fields=["fecha_desde", "fecha_hasta"], name="estimacion_periodo_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estado__in=EstadoEstimacion.values), name="estimacion_estado_valido"),
            models.CheckConstraint(condition=Q(fecha_hasta__gte=F("fecha_desde")), name="estimacion_periodo_ordenado"),
            models.CheckConstraint(condition=Q(tipo_cambio__gte=0), name="estimacion_tipo_cambio_no_negativo"),
            models.UniqueConstraint(
                fields=["contrato", "numero"],
                condition=Q(numero__isnull=False),
                name="estimacion_numero_unico_por_contrato",
            ),
        ]

    def __str__(self):
        return self.folio or f"Estimación {self.pk}"


class EstimacionDetalle(models.Model):
    """One production record billed by an estimation, with the unit prices in force when it was estimated."""

    id_estimacion_header = models.ForeignKey(EstimacionHeader, on_delete=models.CASCADE, related_name="detalles")
    id_produccion = models.ForeignKey(Produccion, on_delete=models.PROTECT, related_name="estimaciones_detalle")
    volumen_actual = models.DecimalField(max_digits=15, decimal_places=6, default=0)
    volumen_estimado = models.DecimalField(max_digits=15, decimal_places=6, default=0)
    precio_unitario_mn = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    precio_unitario_usd = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    importe_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    importe_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    id_estatus_cobro = models.ForeignKey(Estatus, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comentario_ajuste = models.TextField(blank=True, default="")
    # False once its estimation is cancelled: the production is free to be estimated again. A production record is
    # in at most one live line (partial unique constraint), so nothing is billed twice even under concurrency.
    vigente = models.BooleanField(default=True)

    class Meta:
        db_table = "estimacion_detalle"
        verbose_name = "línea de estimación"
        verbose_name_plural = "líneas de estimación"
        ordering = ["id_estimacion_header_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_estimacion_header", "id_produccion"], name="estimacion_detalle_produccion_unica"
            ),
            models.UniqueConstraint(
                fields=["id_produccion"], condition=Q(vigente=True), name="estimacion_produccion_una_vigente"
            ),
            models.CheckConstraint(
                condition=Q(volumen_estimado__gte=0, volumen_actual__gte=0), name="estimacion_detalle_no_negativo"
            ),
        ]

    def __str__(self):
        return f"{self.id_estimacion_header_id} · {self.id_produccion_id}"
