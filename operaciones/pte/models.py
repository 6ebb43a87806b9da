"""Technical-economic proposals (PTE) and their step checklists (reference §2.2)."""

from django.db import models
from django.db.models import Q

from operaciones.catalogos.constantes import EstatusId, NivelEstatus, NivelTipo
from operaciones.catalogos.models import Cliente, Estatus, Paso, ResponsableProyecto, Tipo


class EstatusPTE(models.IntegerChoices):
    """Header status of a PTE (an integer column, as in the original). 0 is the soft delete."""

    ELIMINADA = 0, "ELIMINADA"
    PENDIENTE = 1, "PENDIENTE"
    PROCESO = 2, "PROCESO"
    ENTREGADA = 3, "ENTREGADA"
    CANCELADA = 4, "CANCELADA"
    # The original's UI wrote 15 for SUSPENDIDA; kept so migrated rows keep their meaning.
    SUSPENDIDA = 15, "SUSPENDIDA"


class Prioridad(models.IntegerChoices):
    ALTA = 1, "ALTA"
    MEDIA = 2, "MEDIA"
    BAJA = 3, "BAJA"
    TBD = 4, "TBD"


class PTEHeader(models.Model):
    id_tipo = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="ptes",
        verbose_name="tipo",
        limit_choices_to={"nivel_afectacion": NivelTipo.PTE},
    )
    oficio_pte = models.CharField("folio PTE", max_length=100, default="SIN FOLIO")
    oficio_solicitud = models.CharField("oficio de solicitud", max_length=200, default="PENDIENTE")
    descripcion_trabajo = models.TextField("descripción del trabajo", default="POR DEFINIR")
    fecha_solicitud = models.DateField("fecha de solicitud", null=True, blank=True)
    fecha_entrega = models.DateField("fecha de entrega", null=True, blank=True)
    plazo_dias = models.PositiveIntegerField("plazo (días)", null=True, blank=True)
    id_orden_trabajo = models.CharField("orden de trabajo", max_length=100, blank=True, default="")
    id_responsable_proyecto = models.ForeignKey(
        ResponsableProyecto, on_delete=models.PROTECT, related_name="ptes", verbose_name="responsable"
    )
    total_homologado = models.DecimalField(max_digits=15, decimal_places=2, default=0)
    estatus = models.SmallIntegerField(choices=EstatusPTE.choices, default=EstatusPTE.PENDIENTE)
    prioridad = models.PositiveSmallIntegerField(choices=Prioridad.choices, default=Prioridad.MEDIA)
    id_cliente = models.ForeignKey(
        Cliente, on_delete=models.PROTECT, null=True, blank=True, related_name="ptes", verbose_name="cliente"
    )
    comentario = models.TextField(blank=True, default="")
    fecha_creacion = models.DateTimeField(auto_now_add=True, null=True)
    fecha_actualizacion = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "pte_header"
        verbose_name = "PTE"
        verbose_name_plural = "PTEs"
        ordering = ["-id"]
        permissions = [("view_centro_consulta", "Puede consultar el Centro de consulta (BI)")]
        indexes = [
            models.Index(fields=["estatus", "id_tipo"], name="pte_estatus_tipo_idx"),
            models.Index(fields=["oficio_pte"], name="pte_oficio_idx"),
            models.Index(fields=["fecha_solicitud"], name="pte_fecha_solicitud_idx"),
            models.Index(fields=["id_responsable_proyecto", "estatus"], name="pte_responsable_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estatus__in=EstatusPTE.values), name="pte_estatus_valido"),
            models.CheckConstraint(condition=Q(prioridad__in=Prioridad.values), name="pte_prioridad_valida"),
            models.CheckConstraint(condition=Q(total_homologado__gte=0), name="pte_total_no_negativo"),
            models.UniqueConstraint(
                fields=["oficio_pte"],
                condition=Q(estatus__gt=0) & ~Q(oficio_pte__in=["", "SIN FOLIO"]),
                name="pte_folio_unico_vigente",
            ),
        ]

    def __str__(self):
        return self.oficio_pte


def ruta_evidencia(instance, filename):
    """Uploaded step evidence goes under <app>/evidencias/<year>/<month>/ (pte/… or ot/…)."""
    from django.utils import timezone

    return f"{instance._meta.app_label}/evidencias/{timezone.now():%Y/%m}/{filename}"


class DetallePaso(models.Model):
    """What a step of a checklist records, for a PTE or an OT: status, dates, comment and its evidence.

    `archivo` is the evidence link (usually a shared-drive URL); `archivo_adjunto` an uploaded file. A step is
    delivered when either is present (DESIGN §6).
    """

    estatus_paso = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        default=EstatusId.PENDIENTE,
        related_name="+",
        limit_choices_to={"nivel_afectacion__in": [NivelEstatus.PTE, NivelEstatus.PASO]},
    )
    fecha_entrega = models.DateField(null=True, blank=True)
    fecha_inicio = models.DateField(null=True, blank=True)
    fecha_termino = models.DateField(null=True, blank=True)
    comentario = models.TextField(blank=True, default="")
    archivo = models.TextField("enlace de evidencia", blank=True, default="")
    archivo_adjunto = models.FileField("archivo de evidencia", upload_to=ruta_evidencia, blank=True)

    class Meta:
        abstract = True


class PTEDetalle(DetallePaso):
    """One step of a PTE's checklist."""

    id_pte_header = models.ForeignKey(PTEHeader, on_delete=models.CASCADE, related_name="detalles")
    id_paso = models.ForeignKey(Paso, on_delete=models.PROTECT, related_name="detalles_pte")

    class Meta:
        db_table = "pte_detalle"
        verbose_name = "paso de PTE"
        verbose_name_plural = "pasos de PTE"
        ordering = ["id_pte_header_id", "id_paso__orden", "id_paso_id"]
        indexes = [models.Index(fields=["id_pte_header", "estatus_paso"], name="pte_detalle_estatus_idx")]
        constraints = [
            models.UniqueConstraint(fields=["id_pte_header", "id_paso"], name="pte_detalle_paso_unico"),
        ]

    def __str__(self):
        return f"{self.id_pte_header_id} · {self.id_paso_id}"
