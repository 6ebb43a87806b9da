"""MS Project schedules of an OT: versions, tasks, links and the two progress truths (§2.4, §3.8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from operaciones.ot.models import OTE


class CronogramaVersion(models.Model):
    id_ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="cronogramas", verbose_name="OT")
    nombre_version = models.CharField(max_length=200)
    archivo_mpp = models.FileField(upload_to="operaciones/mpps/", blank=True)
    fecha_carga = models.DateTimeField(auto_now_add=True)
    usuario_carga = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    es_activo = models.BooleanField(default=True)
    fecha_inicio_proyecto = models.DateTimeField(null=True, blank=True)
    fecha_fin_proyecto = models.DateTimeField(null=True, blank=True)
    reporte_importacion = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "importacion_cronograma"
        verbose_name = "versión de cronograma"
        verbose_name_plural = "versiones de cronograma"
        ordering = ["-fecha_carga"]
        constraints = [
            models.UniqueConstraint(fields=["id_ot"], condition=Q(es_activo=True), name="cronograma_una_activa_por_ot")
        ]

    def __str__(self):
        return self.nombre_version


class TareaCronograma(models.Model):
    version = models.ForeignKey(CronogramaVersion, on_delete=models.CASCADE, related_name="tareas")
    uid_project = models.IntegerField("unique id")
    id_project = models.IntegerField("id", null=True, blank=True)
    wbs = models.CharField(max_length=100, blank=True, default="")
    nombre = models.CharField(max_length=500)
    nivel_esquema = models.PositiveSmallIntegerField(default=1)
    es_resumen = models.BooleanField(default=False)
    es_hito = models.BooleanField(default=False)
    padre_uid = models.IntegerField(null=True, blank=True)
    fecha_inicio = models.DateTimeField(null=True, blank=True)
    fecha_fin = models.DateTimeField(null=True, blank=True)
    duracion_dias = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    porcentaje_mpp = models.DecimalField("ponderación", max_digits=7, decimal_places=2, default=0)
    porcentaje_completado = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    recursos = models.TextField(blank=True, default="")

    class Meta:
        db_table = "importacion_cronograma_tarea"
        verbose_name = "tarea de cronograma"
        verbose_name_plural = "tareas de cronograma"
        ordering = ["version_id", "id_project", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "uid_project"], name="tarea_uid_unico_por_version"),
            models.CheckConstraint(condition=Q(duracion_dias__gte=0), name="tarea_duracion_no_negativa"),
        ]

    def __str__(self):
        return self.nombre


class AvanceCronograma(models.Model):
    """Measured progress (SUBTEC) and the progress the client accepts, per task."""

    tarea = models.OneToOneField(TareaCronograma, on_delete=models.CASCADE, related_name="avance")
    porcentaje_real = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    porcentaje_cliente = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    comentario = models.TextField(blank=True, default="")
    fecha_actualizacion = models.DateTimeField(auto_now=True)
    actualizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "avance_cronograma"
        verbose_name = "avance de tarea"
        verbose_name_plural = "avances de tarea"
        constraints = [
            models.CheckConstraint(
                condition=Q(porcentaje_real__gte=0, porcentaje_real__lte=100)
                & Q(porcentaje_cliente__gte=0, porcentaje_cliente__lte=100),
                name="avance_porcentajes_validos",
            )
        ]

    def __str__(self):
        return f"Avance de {self.tarea_id}: real {self.porcentaje_real} %, cliente {self.porcentaje_cliente} %"


class TipoDependencia(models.TextChoices):
    FS = "FS", "Fin a comienzo"
    SS = "SS", "Comienzo a comienzo"
    FF = "FF", "Fin a fin"
    SF = "SF", "Comienzo a fin"


class DependenciaTarea(models.Model):
    version = models.ForeignKey(CronogramaVersion, on_delete=models.CASCADE, related_name="dependencias")
    predecesor_uid = models.IntegerField()
    sucesor_uid = models.IntegerField()
    tipo = models.CharField(max_length=2, choices=TipoDependencia.choices, default=TipoDependencia.FS)
    lag_dias = models.DecimalField(max_digits=9, decimal_places=2, default=0)

    class Meta:
        db_table = "dependencia_tarea"
        verbose_name = "dependencia"
        verbose_name_plural = "dependencias"
        constraints = [
            models.CheckConstraint(condition=Q(tipo__in=TipoDependencia.values), name="dependencia_tipo_valido"),
            models.UniqueConstraint(
                fields=["version", "predecesor_uid", "sucesor_uid", "tipo"], name="dependencia_unica"
            ),
        ]

    def __str__(self):
        return f"{self.predecesor_uid} → {self.sucesor_uid} {self.tipo}"


class AvanceOtHistorial(models.Model):
    """The OT's rolled-up progress as it stood on each day progress was recorded: the real and client S-curves."""

    id_ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="historial_avance", verbose_name="OT")
    fecha = models.DateField()
    version = models.ForeignKey(
        CronogramaVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="historial_avance"
    )
    porcentaje_planeado = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    porcentaje_real = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    porcentaje_cliente = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    fecha_registro = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "avance_ot_historial"
        verbose_name = "avance diario de la OT"
        verbose_name_plural = "avances diarios de las OTs"
        ordering = ["id_ot_id", "fecha"]
        constraints = [
            models.UniqueConstraint(fields=["id_ot", "fecha"], name="avance_ot_un_registro_por_dia"),
            models.CheckConstraint(
                condition=Q(porcentaje_planeado__gte=0, porcentaje_planeado__lte=100)
                & Q(porcentaje_real__gte=0, porcentaje_real__lte=100)
                & Q(porcentaje_cliente__gte=0, porcentaje_cliente__lte=100),
                name="avance_ot_historial_porcentajes_validos",
            ),
        ]

    def __str__(self):
        return f"{self.id_ot_id} {self.fecha}: real {self.porcentaje_real} %, cliente {self.porcentaje_cliente} %"
