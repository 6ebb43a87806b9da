"""Django admin of the work orders, their step checklists and the OT annex imports.

An OT is never removed from here: the application soft-deletes it (estatus 0) and keeps its history.
"""

from django.contrib import admin

from core.admin import SinBorradoAdmin, SoloLecturaInline
from operaciones.pte.admin import PasosInline

from .models import OTE, ImportacionAnexo, OTDetalle, PartidaAnexoImportada, PartidaProyectada


class OTDetalleInline(PasosInline):
    model = OTDetalle


@admin.register(OTE)
class OTEAdmin(SinBorradoAdmin):
    list_display = (
        "id",
        "orden_trabajo",
        "id_tipo",
        "num_reprogramacion",
        "ot_principal",
        "id_estatus_ot",
        "id_cliente",
        "id_responsable_proyecto",
        "id_frente",
        "fecha_inicio_programado",
        "fecha_termino_programado",
        "estatus",
    )
    list_display_links = ("id", "orden_trabajo")
    list_filter = ("estatus", "id_tipo", "id_estatus_ot", "id_frente", "id_cliente")
    search_fields = ("orden_trabajo", "oficio_ot", "descripcion_trabajo", "id_pte_header__oficio_pte")
    list_select_related = (
        "id_tipo",
        "ot_principal",
        "id_estatus_ot",
        "id_cliente",
        "id_responsable_proyecto",
        "id_frente",
    )
    autocomplete_fields = (
        "id_pte_header",
        "ot_principal",
        "id_responsable_proyecto",
        "id_cliente",
        "id_embarcacion",
        "id_plataforma",
        "id_intercom",
        "id_patio",
    )
    readonly_fields = ("fecha_creacion", "fecha_actualizacion")
    date_hierarchy = "fecha_inicio_programado"
    inlines = (OTDetalleInline,)


@admin.register(OTDetalle)
class OTDetalleAdmin(admin.ModelAdmin):
    list_display = ("id", "id_ot", "id_paso", "estatus_paso", "fecha_inicio", "fecha_termino", "fecha_entrega")
    list_filter = ("estatus_paso",)
    search_fields = ("id_ot__orden_trabajo", "id_paso__descripcion", "comentario")
    list_select_related = ("id_ot", "id_paso", "estatus_paso")
    autocomplete_fields = ("id_ot", "id_paso")


class PartidaAnexoInline(SoloLecturaInline):
    """An imported annex is replaced by a new import, not edited line by line."""

    model = PartidaAnexoImportada
    fields = (
        "orden_fila",
        "anexo",
        "id_partida",
        "descripcion_concepto",
        "unidad_medida",
        "volumen_proyectado",
        "precio_unitario_mn",
        "precio_unitario_usd",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unidad_medida")


@admin.register(ImportacionAnexo)
class ImportacionAnexoAdmin(admin.ModelAdmin):
    list_display = ("id", "ot", "fecha_carga", "usuario_carga", "total_registros", "es_activo")
    list_filter = ("es_activo",)
    search_fields = ("ot__orden_trabajo",)
    list_select_related = ("ot", "usuario_carga")
    autocomplete_fields = ("ot",)
    readonly_fields = ("fecha_carga", "usuario_carga", "total_registros")
    date_hierarchy = "fecha_carga"
    inlines = (PartidaAnexoInline,)


@admin.register(PartidaAnexoImportada)
class PartidaAnexoImportadaAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "ot",
        "anexo",
        "id_partida",
        "descripcion_corta",
        "unidad_medida",
        "volumen_proyectado",
        "precio_unitario_mn",
        "precio_unitario_usd",
    )
    list_filter = ("importacion_anexo__es_activo",)
    search_fields = ("id_partida", "descripcion_concepto", "anexo", "importacion_anexo__ot__orden_trabajo")
    list_select_related = ("importacion_anexo__ot", "unidad_medida")
    autocomplete_fields = ("importacion_anexo", "concepto")
    show_full_result_count = False

    @admin.display(description="OT", ordering="importacion_anexo__ot__orden_trabajo")
    def ot(self, obj):
        return obj.importacion_anexo.ot

    @admin.display(description="concepto")
    def descripcion_corta(self, obj):
        return obj.descripcion_concepto[:90]


@admin.register(PartidaProyectada)
class PartidaProyectadaAdmin(admin.ModelAdmin):
    list_display = ("id", "ot", "partida_anexo", "fecha", "volumen_programado")
    search_fields = ("ot__orden_trabajo", "partida_anexo__id_partida")
    list_select_related = ("ot", "partida_anexo")
    autocomplete_fields = ("ot", "partida_anexo")
    date_hierarchy = "fecha"
    show_full_result_count = False
