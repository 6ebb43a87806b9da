"""Catalogues, contracts and the contract's concept catalogue (Anexo C lines and PUEs).

Table and field names are the original's (reference §2.1) so an existing SASCOP database can be moved over.
Catalogues are never deleted: `activo=False` hides them. Everything that points at a catalogue uses PROTECT.
"""

from django.db import models
from django.db.models import Q

from .constantes import NivelEstatus, NivelFrente, NivelTipo


class Catalogo(models.Model):
    """Common shape of the simple catalogues: a description, a comment and the active flag."""

    descripcion = models.CharField("descripción", max_length=200)
    comentario = models.TextField("comentario", blank=True, default="")
    activo = models.BooleanField("activo", default=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["descripcion"]

    def __str__(self):
        return self.descripcion


class Tipo(Catalogo):
    nivel_afectacion = models.PositiveSmallIntegerField("nivel de afectación", choices=NivelTipo.choices)

    class Meta(Catalogo.Meta):
        db_table = "tipo"
        verbose_name = "tipo"
        verbose_name_plural = "tipos"
        indexes = [models.Index(fields=["nivel_afectacion", "activo"], name="tipo_nivel_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(nivel_afectacion__in=NivelTipo.values), name="tipo_nivel_valido")
        ]


class Frente(Catalogo):
    """Two concepts share this table (as in the original): OT fronts (nivel 2) and site categories (nivel 1)."""

    nivel_afectacion = models.PositiveSmallIntegerField(
        "nivel de afectación", choices=NivelFrente.choices, null=True, blank=True
    )

    class Meta(Catalogo.Meta):
        db_table = "frente"
        verbose_name = "frente"
        verbose_name_plural = "frentes"
        constraints = [
            models.CheckConstraint(
                condition=Q(nivel_afectacion__isnull=True) | Q(nivel_afectacion__in=NivelFrente.values),
                name="frente_nivel_valido",
            )
        ]


class Estatus(Catalogo):
    descripcion = models.CharField("descripción", max_length=100)
    nivel_afectacion = models.PositiveSmallIntegerField("nivel de afectación", choices=NivelEstatus.choices)

    class Meta(Catalogo.Meta):
        db_table = "cat_estatus"
        verbose_name = "estatus"
        verbose_name_plural = "estatus"
        ordering = ["nivel_afectacion", "id"]
        indexes = [models.Index(fields=["nivel_afectacion", "activo"], name="estatus_nivel_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(nivel_afectacion__in=NivelEstatus.values), name="estatus_nivel_valido")
        ]


class Sitio(Catalogo):
    """Vessels, platforms, yards and intercom sites; `id_frente` is the site category."""

    id_frente = models.ForeignKey(
        Frente, on_delete=models.PROTECT, null=True, blank=True, related_name="sitios", verbose_name="categoría"
    )
    capacidad_pob = models.PositiveIntegerField(
        "capacidad de personas a bordo", null=True, blank=True, help_text="Sólo embarcaciones y plataformas."
    )

    class Meta(Catalogo.Meta):
        db_table = "sitio"
        verbose_name = "sitio"
        verbose_name_plural = "sitios"


class UnidadMedida(Catalogo):
    descripcion = models.CharField("descripción", max_length=50)
    clave = models.CharField("clave", max_length=10)

    class Meta(Catalogo.Meta):
        db_table = "unidad_medida"
        verbose_name = "unidad de medida"
        verbose_name_plural = "unidades de medida"
        indexes = [models.Index(fields=["clave"], name="unidad_clave_idx")]


class ResponsableProyecto(Catalogo):
    """The project leader ("líder") of PTEs and OTs."""

    descripcion = models.CharField("nombre", max_length=100)
    usuario = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsables_proyecto",
        help_text="Usuario del sistema que corresponde a este líder, si lo hay.",
    )

    class Meta(Catalogo.Meta):
        db_table = "responsable_proyecto"
        verbose_name = "responsable de proyecto"
        verbose_name_plural = "responsables de proyecto"


class Cliente(Catalogo):
    id_tipo = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="clientes",
        verbose_name="tipo de cliente",
        limit_choices_to={"nivel_afectacion": NivelTipo.CLIENTE},
    )

    class Meta(Catalogo.Meta):
        db_table = "cliente"
        verbose_name = "cliente"
        verbose_name_plural = "clientes"


class Categoria(models.Model):
    """First heading level of the concept catalogue (the Excel's ID PADRE)."""

    clave = models.CharField(max_length=50)
    descripcion = models.CharField("descripción", max_length=500)
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "cat_categoria"
        verbose_name = "categoría"
        verbose_name_plural = "categorías"
        constraints = [models.UniqueConstraint(fields=["clave"], name="categoria_clave_unica")]

    def __str__(self):
        return self.descripcion


class SubCategoria(models.Model):
    """Second heading level (ID MADRE)."""

    categoria = models.ForeignKey(Categoria, on_delete=models.PROTECT, related_name="subcategorias")
    clave = models.CharField(max_length=50)
    descripcion = models.CharField("descripción", max_length=500)
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "cat_subcategoria"
        verbose_name = "subcategoría"
        verbose_name_plural = "subcategorías"
        constraints = [models.UniqueConstraint(fields=["categoria", "clave"], name="subcategoria_clave_unica")]

    def __str__(self):
        return self.descripcion


class Clasificacion(models.Model):
    """Third heading level (ID HIJO)."""

    subcategoria = models.ForeignKey(SubCategoria, on_delete=models.PROTECT, related_name="clasificaciones")
    clave = models.CharField(max_length=50)
    descripcion = models.CharField("descripción", max_length=500)
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "cat_clasificacion"
        verbose_name = "clasificación"
        verbose_name_plural = "clasificaciones"
        constraints = [models.UniqueConstraint(fields=["subcategoria", "clave"], name="clasificacion_clave_unica")]

    def __str__(self):
        return self.descripcion


class TipoPaso(models.IntegerChoices):
    PRINCIPAL = 1, "Paso principal"
    SUBPASO = 2, "Sub-paso"


class Paso(models.Model):
    """Step template of a PTE, per client type. Sub-steps hang from a parent step (e.g. "Volumetría")."""

    descripcion = models.CharField("descripción", max_length=300)
    orden = models.CharField("orden", max_length=10)
    activo = models.BooleanField(default=True, db_index=True)
    importancia = models.DecimalField(
        "importancia (peso)", max_digits=7, decimal_places=2, default=0, help_text="Peso para el avance ponderado."
    )
    tipo = models.PositiveSmallIntegerField(choices=TipoPaso.choices, default=TipoPaso.PRINCIPAL)
    paso_padre = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subpasos", verbose_name="paso padre"
    )
    comentario = models.TextField(blank=True, default="")
    id_tipo_cliente = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="pasos",
        verbose_name="tipo de cliente",
        limit_choices_to={"nivel_afectacion": NivelTipo.CLIENTE},
    )

    class Meta:
        db_table = "paso"
        verbose_name = "paso de PTE"
        verbose_name_plural = "pasos de PTE"
        ordering = ["id_tipo_cliente_id", "id"]
        indexes = [models.Index(fields=["id_tipo_cliente", "activo"], name="paso_cliente_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(tipo__in=TipoPaso.values), name="paso_tipo_valido"),
            models.CheckConstraint(condition=Q(importancia__gte=0), name="paso_importancia_no_negativa"),
            models.CheckConstraint(
                condition=Q(tipo=TipoPaso.PRINCIPAL) | Q(paso_padre__isnull=False),
                name="paso_subpaso_con_padre",
            ),
        ]

    def __str__(self):
        return f"{self.orden} {self.descripcion}"


class PasoOt(models.Model):
    """Step template of an OT; `tipo` is the template (Tipo 4 inicial, 5 reprogramación, 18 intercom).

    `paso_pte_origen` is the catalogue mapping that carries a deliverable already produced during the PTE
    into this OT step (the original hard-coded Paso 37/44 → PasoOt 16/17).
    """

    descripcion = models.CharField("descripción", max_length=300)
    orden = models.CharField("orden", max_length=10)
    activo = models.BooleanField(default=True, db_index=True)
    importancia = models.DecimalField("importancia (peso)", max_digits=7, decimal_places=2, default=0)
    tipo = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="plantillas_paso_ot",
        verbose_name="plantilla",
        limit_choices_to={"nivel_afectacion": NivelTipo.OT},
    )
    comentario = models.TextField(blank=True, default="")
    id_tipo_cliente = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pasos_ot",
        verbose_name="tipo de cliente",
        limit_choices_to={"nivel_afectacion": NivelTipo.CLIENTE},
    )
    paso_pte_origen = models.ForeignKey(
        Paso,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pasos_ot_destino",
        verbose_name="paso de PTE que lo alimenta",
    )

    class Meta:
        db_table = "paso_ot"
        verbose_name = "paso de OT"
        verbose_name_plural = "pasos de OT"
        ordering = ["tipo_id", "id"]
        indexes = [models.Index(fields=["tipo", "activo"], name="paso_ot_plantilla_idx")]
        constraints = [models.CheckConstraint(condition=Q(importancia__gte=0), name="paso_ot_importancia_no_negativa")]

    def __str__(self):
        return f"{self.orden} {self.descripcion}"


class Contrato(models.Model):
    numero_contrato = models.CharField("número de contrato", max_length=100, unique=True)
    descripcion = models.TextField("descripción", blank=True, default="")
    cliente = models.ForeignKey(Cliente, on_delete=models.PROTECT, related_name="contratos")
    fecha_inicio = models.DateField(null=True, blank=True)
    fecha_termino = models.DateField(null=True, blank=True)
    monto_mn = models.DecimalField("monto M.N.", max_digits=20, decimal_places=2, default=0)
    monto_usd = models.DecimalField("monto USD", max_digits=20, decimal_places=2, default=0)
    porcentaje_retencion = models.DecimalField(
        "retención (fondo de garantía) %", max_digits=5, decimal_places=2, default=0
    )
    porcentaje_amortizacion_anticipo = models.DecimalField(
        "amortización de anticipo %", max_digits=5, decimal_places=2, default=0
    )
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "contrato"
        verbose_name = "contrato"
        verbose_name_plural = "contratos"
        ordering = ["numero_contrato"]
        constraints = [
            models.CheckConstraint(
                condition=Q(porcentaje_retencion__gte=0, porcentaje_retencion__lte=100)
                & Q(porcentaje_amortizacion_anticipo__gte=0, porcentaje_amortizacion_anticipo__lte=100),
                name="contrato_porcentajes_validos",
            ),
            models.CheckConstraint(
                condition=Q(fecha_termino__isnull=True)
                | Q(fecha_inicio__isnull=True)
                | Q(fecha_termino__gte=models.F("fecha_inicio")),
                name="contrato_fechas_ordenadas",
            ),
        ]

    def __str__(self):
        return self.numero_contrato


class TipoAnexo(models.TextChoices):
    TECNICO = "TECNICO", "Técnico"
    FINANCIERO = "FINANCIERO", "Financiero (Anexo C)"
    LEGAL = "LEGAL", "Legal"


class AnexoContrato(models.Model):
    contrato = models.ForeignKey(Contrato, on_delete=models.PROTECT, related_name="anexos")
    clave = models.CharField(max_length=50)
    descripcion = models.TextField("descripción", blank=True, default="")
    tipo = models.CharField(max_length=20, choices=TipoAnexo.choices, default=TipoAnexo.FINANCIERO)
    archivo = models.FileField(upload_to="contratos/anexos/", blank=True)
    monto_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    monto_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "contrato_anexo_maestro"
        verbose_name = "anexo de contrato"
        verbose_name_plural = "anexos de contrato"
        ordering = ["contrato_id", "clave"]
        constraints = [
            models.UniqueConstraint(fields=["contrato", "clave"], name="anexo_contrato_clave_unica"),
            models.CheckConstraint(condition=Q(tipo__in=TipoAnexo.values), name="anexo_contrato_tipo_valido"),
        ]

    def __str__(self):
        return f"{self.contrato} · {self.clave}"


class SubAnexo(models.Model):
    """One per ANEXO value of the contract workbook (`C-2`, `C-4-1`, …)."""

    anexo_maestro = models.ForeignKey(AnexoContrato, on_delete=models.PROTECT, related_name="subanexos")
    clave_anexo = models.CharField("clave", max_length=50)
    descripcion = models.TextField("descripción", blank=True, default="")
    unidad_medida = models.CharField(max_length=50, blank=True, default="")
    cantidad = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    precio_unitario_mn = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    precio_unitario_usd = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    importe_mn = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    importe_usd = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "contrato_sub_anexo"
        verbose_name = "sub-anexo"
        verbose_name_plural = "sub-anexos"
        ordering = ["anexo_maestro_id", "clave_anexo"]
        constraints = [models.UniqueConstraint(fields=["anexo_maestro", "clave_anexo"], name="subanexo_clave_unica")]

    def __str__(self):
        return self.clave_anexo


class EstatusPUE(models.TextChoices):
    EN_ELABORACION = "EN ELABORACION", "En elaboración"
    AUTORIZADO = "AUTORIZADO", "Autorizado"
    CANCELADA = "CANCELADA", "Cancelada"


class ConceptoMaestro(models.Model):
    """The price catalogue ("sábana"): ordinary contract lines (Tipo 6) and PUEs (Tipo 7).

    Identity of an ordinary line is (sub-anexo, partida, descripción): codes repeat inside a sheet.
    `concepto_origen` keeps the lineage of a PUE converted into an ordinary line.
    """

    sub_anexo = models.ForeignKey(SubAnexo, on_delete=models.PROTECT, null=True, blank=True, related_name="conceptos")
    partida_ordinaria = models.CharField("partida", max_length=50, blank=True, default="")
    codigo_interno = models.CharField("código interno", max_length=50, blank=True, default="")
    descripcion = models.TextField("descripción")
    unidad_medida = models.ForeignKey(UnidadMedida, on_delete=models.PROTECT, related_name="conceptos")
    cantidad = models.DecimalField("cantidad de referencia", max_digits=20, decimal_places=6, default=0)
    precio_unitario_mn = models.DecimalField("P.U. M.N.", max_digits=18, decimal_places=4, default=0)
    precio_unitario_usd = models.DecimalField("P.U. USD", max_digits=18, decimal_places=4, default=0)
    id_tipo_partida = models.ForeignKey(
        Tipo,
        on_delete=models.PROTECT,
        related_name="conceptos",
        verbose_name="tipo de partida",
        limit_choices_to={"nivel_afectacion": NivelTipo.PARTIDA},
    )
    categoria = models.CharField("ID PADRE", max_length=500, blank=True, default="")
    subcategoria = models.CharField("ID MADRE", max_length=500, blank=True, default="")
    clasificacion = models.CharField("ID HIJO", max_length=500, blank=True, default="")
    partida_extraordinaria = models.CharField("partida extraordinaria", max_length=50, blank=True, default="")
    pte_creacion = models.CharField("PTE de creación", max_length=100, blank=True, default="")
    ot_creacion = models.CharField("OT de creación", max_length=100, blank=True, default="")
    fecha_autorizacion = models.DateField("fecha de sanción", null=True, blank=True)
    estatus = models.CharField("estatus PUE", max_length=20, choices=EstatusPUE.choices, blank=True, default="")
    concepto_origen = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversiones",
        verbose_name="PUE de origen",
    )
    comentario = models.TextField(blank=True, default="")
    activo = models.BooleanField(default=True)

    class Meta:
        db_table = "contrato_concepto_maestro"
        verbose_name = "concepto del catálogo"
        verbose_name_plural = "conceptos del catálogo"
        ordering = ["sub_anexo_id", "partida_ordinaria", "id"]
        indexes = [
            models.Index(fields=["partida_ordinaria"], name="concepto_partida_idx"),
            models.Index(fields=["partida_extraordinaria"], name="concepto_partida_ext_idx"),
            models.Index(fields=["sub_anexo", "activo"], name="concepto_subanexo_idx"),
            models.Index(fields=["id_tipo_partida", "activo"], name="concepto_tipo_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partida_extraordinaria"],
                condition=Q(activo=True) & ~Q(partida_extraordinaria__in=["", "NA"]),
                name="concepto_pue_codigo_unico_activo",
            ),
            models.CheckConstraint(
                condition=Q(estatus__in=["", *EstatusPUE.values]), name="concepto_estatus_pue_valido"
            ),
            models.CheckConstraint(
                condition=Q(precio_unitario_mn__gte=0, precio_unitario_usd__gte=0, cantidad__gte=0),
                name="concepto_importes_no_negativos",
            ),
        ]

    def __str__(self):
        codigo = self.partida_ordinaria or self.partida_extraordinaria
        return f"{codigo} {self.descripcion[:60]}"
