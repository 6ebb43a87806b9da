"""Work orders (OT), their reprogrammings, step checklists and Anexo C imports (reference §2.3).

What the original stored as plain ids (`ot_principal`, the four site columns) are real foreign keys here,
with the same column names so an existing database moves over.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from operaciones.catalogos.constantes import EstatusId, EstatusRegistro, NivelEstatus, NivelTipo, TipoId
from operaciones.catalogos.models import (
    Cliente,
    ConceptoMaestro,
    Estatus,
    Frente,
    PasoOt,
    ResponsableProyecto,
    Sitio,
    Tipo,
    UnidadMedida,
)
from operaciones.pte.models import DetallePaso, PTEHeader


class OTE(models.Model):
    id_tipo = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="ots",
        verbose_name="tipo",
        limit_choices_to={"nivel_afectacion": NivelTipo.OT},
    )
    id_pte_header = models.ForeignKey(
        PTEHeader, on_delete=models.PROTECT, null=True, blank=True, related_name="ots", verbose_name="PTE"
    )
    orden_trabajo = models.CharField("folio OT", max_length=150)
    descripcion_trabajo = models.TextField("descripción del trabajo", blank=True, default="")
    id_responsable_proyecto = models.ForeignKey(
        ResponsableProyecto, on_delete=models.PROTECT, related_name="ots", verbose_name="responsable"
    )
    responsable_cliente = models.CharField(max_length=200, blank=True, default="")
    oficio_ot = models.CharField("oficio OT", max_length=200, blank=True, default="")
    id_estatus_ot = models.ForeignKey(
        Estatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        default=EstatusId.ASIGNADA,
        related_name="ots",
        verbose_name="estatus de la OT",
        limit_choices_to={"nivel_afectacion": NivelEstatus.OT},
    )
    fecha_inicio_programado = models.DateField(null=True, blank=True)
    fecha_inicio_real = models.DateField(null=True, blank=True)
    fecha_termino_programado = models.DateField(null=True, blank=True)
    fecha_termino_real = models.DateField(null=True, blank=True)
    estatus = models.SmallIntegerField(choices=EstatusRegistro.choices, default=EstatusRegistro.ACTIVO)
    num_reprogramacion = models.PositiveIntegerField("número de reprogramación", null=True, blank=True)
    ot_principal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="ot_principal",
        related_name="reprogramaciones",
        verbose_name="OT principal",
    )
    comentario = models.TextField(blank=True, default="")
    monto_mxn = models.DecimalField(max_digits=25, decimal_places=2, default=0)
    monto_usd = models.DecimalField(max_digits=25, decimal_places=2, default=0)
    id_frente = models.ForeignKey(
        Frente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ots",
        verbose_name="frente",
        limit_choices_to={"nivel_afectacion": 2},
    )
    id_embarcacion = models.ForeignKey(
        Sitio, on_delete=models.PROTECT, null=True, blank=True, db_column="id_embarcacion", related_name="+"
    )
    id_plataforma = models.ForeignKey(
        Sitio, on_delete=models.PROTECT, null=True, blank=True, db_column="id_plataforma", related_name="+"
    )
    id_intercom = models.ForeignKey(
        Sitio, on_delete=models.PROTECT, null=True, blank=True, db_column="id_intercom", related_name="+"
    )
    id_patio = models.ForeignKey(
        Sitio, on_delete=models.PROTECT, null=True, blank=True, db_column="id_patio", related_name="+"
    )
    plazo_dias = models.PositiveIntegerField(null=True, blank=True)
    id_cliente = models.ForeignKey(
        Cliente, on_delete=models.PROTECT, null=True, blank=True, related_name="ots", verbose_name="cliente"
    )
    requiere_patio = models.BooleanField(default=False)
    fecha_inicio_patio = models.DateField(null=True, blank=True)
    fecha_fin_patio = models.DateField(null=True, blank=True)
    fecha_creacion = models.DateTimeField(auto_now_add=True, null=True)
    fecha_actualizacion = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "ot"
        verbose_name = "orden de trabajo"
        verbose_name_plural = "órdenes de trabajo"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["id_tipo", "estatus"], name="ot_tipo_estatus_idx"),
            models.Index(fields=["orden_trabajo"], name="ot_folio_idx"),
            models.Index(fields=["oficio_ot"], name="ot_oficio_idx"),
            models.Index(fields=["id_estatus_ot", "estatus"], name="ot_estatus_ot_idx"),
            models.Index(fields=["fecha_inicio_programado"], name="ot_inicio_prog_idx"),
            models.Index(fields=["fecha_termino_programado"], name="ot_termino_prog_idx"),
            models.Index(fields=["id_responsable_proyecto", "estatus"], name="ot_responsable_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estatus__in=EstatusRegistro.values), name="ot_estatus_valido"),
            models.CheckConstraint(
                condition=~Q(id_tipo=TipoId.OT_REPROGRAMACION) | Q(ot_principal__isnull=False),
                name="ot_reprogramacion_con_principal",
            ),
            models.CheckConstraint(
                condition=Q(ot_principal__isnull=True) | ~Q(ot_principal=F("id")),
                name="ot_principal_no_es_ella_misma",
            ),
            models.CheckConstraint(condition=Q(monto_mxn__gte=0, monto_usd__gte=0), name="ot_montos_no_negativos"),
            models.CheckConstraint(
                condition=Q(fecha_fin_patio__isnull=True)
                | Q(fecha_inicio_patio__isnull=True)
                | Q(fecha_fin_patio__gte=F("fecha_inicio_patio")),
                name="ot_fase_patio_ordenada",
            ),
            models.UniqueConstraint(
                fields=["ot_principal", "num_reprogramacion"],
                condition=Q(estatus__in=[EstatusRegistro.ACTIVO, EstatusRegistro.POR_DEFINIR])
                & Q(ot_principal__isnull=False)
                & Q(num_reprogramacion__isnull=False),
                name="ot_reprogramacion_numero_unico",
            ),
        ]

    def __str__(self):
        return self.orden_trabajo

    @property
    def es_reprogramacion(self) -> bool:
        return self.id_tipo_id == TipoId.OT_REPROGRAMACION

    @property
    def id_familia(self) -> int:
        """Id of the initial OT of this OT's family (DESIGN §6)."""
        return self.ot_principal_id or self.pk


class OTDetalle(DetallePaso):
    """One step of an OT's checklist."""

    id_ot = models.ForeignKey(OTE, on_delete=models.CASCADE, related_name="detalles")
    id_paso = models.ForeignKey(PasoOt, on_delete=models.PROTECT, related_name="detalles_ot")

    class Meta:
        db_table = "ot_detalle"
        verbose_name = "paso de OT"
        verbose_name_plural = "pasos de OT"
        ordering = ["id_ot_id", "id_paso_id"]
        indexes = [models.Index(fields=["id_ot", "estatus_paso"], name="ot_detalle_estatus_idx")]
        constraints = [models.UniqueConstraint(fields=["id_ot", "id_paso"], name="ot_detalle_paso_unico")]

    def __str__(self):
        return f"{self.id_ot_id} · {self.id_paso_id}"


def ruta_anexo_ot(instance, filename):
    return f"operaciones/anexos_ot/{instance.ot_id}/{filename}"


class ModoImportacionAnexo(models.TextChoices):
    COMPLETA = "COMPLETA", "Carga completa (nueva versión)"
    ACTUALIZACION = "ACTUALIZACION", "Sólo actualizar la versión activa"


class ImportacionAnexo(models.Model):
    """One upload of an OT's annex (Anexo C lines and programmed volumes). One active per OT."""

    ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="importaciones_anexo")
    archivo_excel = models.FileField(upload_to=ruta_anexo_ot, blank=True)
    fecha_carga = models.DateTimeField(auto_now_add=True)
    usuario_carga = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    total_registros = models.PositiveIntegerField(default=0)
    es_activo = models.BooleanField(default=True)
    nombre_archivo = models.CharField("archivo", max_length=255, blank=True, default="")
    hash_archivo = models.CharField("SHA-256 del archivo", max_length=64, blank=True, default="")
    modo = models.CharField(max_length=15, choices=ModoImportacionAnexo.choices, default=ModoImportacionAnexo.COMPLETA)
    # Exchange rate the user entered for the homologado total; never a constant in code.
    tipo_cambio = models.DecimalField("tipo de cambio", max_digits=12, decimal_places=4, null=True, blank=True)
    total_mn = models.DecimalField("total M.N.", max_digits=22, decimal_places=2, default=0)
    total_usd = models.DecimalField("total USD", max_digits=22, decimal_places=2, default=0)
    informe = models.JSONField("informe de importación", default=dict, blank=True)

    class Meta:
        db_table = "importacion_anexo"
        verbose_name = "importación de anexo"
        verbose_name_plural = "importaciones de anexo"
        ordering = ["-fecha_carga"]
        constraints = [
            models.UniqueConstraint(fields=["ot"], condition=Q(es_activo=True), name="anexo_un_activo_por_ot"),
            models.CheckConstraint(condition=Q(modo__in=ModoImportacionAnexo.values), name="anexo_modo_valido"),
            models.CheckConstraint(
                condition=Q(tipo_cambio__isnull=True) | Q(tipo_cambio__gt=0), name="anexo_tipo_cambio_positivo"
            ),
        ]

    def __str__(self):
        return f"Anexo de {self.ot} ({self.fecha_carga:%Y-%m-%d})"


class PartidaAnexoImportada(models.Model):
    """A line of an OT's annex: code as written in the file, projected volume and unit prices."""

    importacion_anexo = models.ForeignKey(ImportacionAnexo, on_delete=models.CASCADE, related_name="partidas")
    concepto = models.ForeignKey(
        ConceptoMaestro, on_delete=models.PROTECT, null=True, blank=True, related_name="partidas_ot"
    )
    id_partida = models.CharField("partida", max_length=50)
    descripcion_concepto = models.TextField("concepto")
    anexo = models.CharField(max_length=50, default="S/A")
    unidad_medida = models.ForeignKey(UnidadMedida, on_delete=models.PROTECT, related_name="+")
    volumen_proyectado = models.DecimalField(max_digits=18, decimal_places=6, default=0)
    precio_unitario_mn = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    precio_unitario_usd = models.DecimalField(max_digits=18, decimal_places=4, default=0)
    orden_fila = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "partida_anexo_importada"
        verbose_name = "partida de anexo"
        verbose_name_plural = "partidas de anexo"
        ordering = ["importacion_anexo_id", "orden_fila"]
        indexes = [
            models.Index(fields=["importacion_anexo", "anexo", "id_partida"], name="partida_anexo_codigo_idx"),
            models.Index(fields=["id_partida"], name="partida_codigo_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(volumen_proyectado__gte=0, precio_unitario_mn__gte=0, precio_unitario_usd__gte=0),
                name="partida_anexo_no_negativa",
            )
        ]

    def __str__(self):
        return f"{self.anexo} {self.id_partida}"


class PartidaProyectada(models.Model):
    """Programmed volume of an annex line for one day (date columns of the annex workbook)."""

    ot = models.ForeignKey(OTE, on_delete=models.PROTECT, related_name="programacion")
    partida_anexo = models.ForeignKey(
        PartidaAnexoImportada, on_delete=models.CASCADE, related_name="programacion_diaria"
    )
    fecha = models.DateField()
    volumen_programado = models.DecimalField(max_digits=15, decimal_places=6, default=0)

    class Meta:
        db_table = "partida_proyectada"
        verbose_name = "volumen programado"
        verbose_name_plural = "volúmenes programados"
        ordering = ["partida_anexo_id", "fecha"]
        indexes = [models.Index(fields=["ot", "fecha"], name="proyectada_ot_fecha_idx")]
        constraints = [
            models.UniqueConstraint(fields=["partida_anexo", "fecha"], name="proyectada_partida_fecha_unica"),
            models.CheckConstraint(condition=Q(volumen_programado__gte=0), name="proyectada_no_negativa"),
        ]

    def __str__(self):
        return f"{self.partida_anexo_id} {self.fecha}: {self.volumen_programado}"
