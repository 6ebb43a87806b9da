"""Django admin of production, daily/monthly report statuses, GPU evidence and the guard rotation."""

from django.contrib import admin
from django.db import models

from core.admin import ActivableAdmin

from .models import CicloGuardia, Produccion, Producto, RegistroGPU, ReporteDiario, ReporteMensual, Superintendente


@admin.register(Producto)
class ProductoAdmin(ActivableAdmin):
    list_display = ("id", "id_partida", "anexo", "descripcion_corta", "id_unidad_medida", "id_tipo_partida", "activo")
    list_filter = ("activo", "id_tipo_partida")
    search_fields = ("id_partida", "descripcion_concepto", "anexo")
    list_select_related = ("id_unidad_medida", "id_tipo_partida")
    autocomplete_fields = ("id_sitio", "id_unidad_medida")

    @admin.display(description="concepto")
    def descripcion_corta(self, obj):
        return obj.descripcion_concepto[:90]


class ReporteDiarioInline(admin.TabularInline):
    model = ReporteDiario
    fields = ("fecha", "id_sitio", "id_estatus", "bloqueado", "comentario")
    autocomplete_fields = ("id_sitio",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("id_sitio", "id_estatus")


@admin.register(ReporteMensual)
class ReporteMensualAdmin(admin.ModelAdmin):
    list_display = ("id", "id_ot", "mes", "anio", "id_estatus", "fecha_actualizacion")
    list_filter = ("anio", "mes", "id_estatus")
    search_fields = ("id_ot__orden_trabajo",)
    list_select_related = ("id_ot", "id_estatus")
    autocomplete_fields = ("id_ot",)
    readonly_fields = ("fecha_creacion", "fecha_actualizacion")
    inlines = (ReporteDiarioInline,)


@admin.register(ReporteDiario)
class ReporteDiarioAdmin(admin.ModelAdmin):
    list_display = ("id", "ot", "fecha", "id_sitio", "id_estatus", "bloqueado")
    list_filter = ("id_estatus", "bloqueado")
    search_fields = ("id_reporte_mensual__id_ot__orden_trabajo", "comentario")
    list_select_related = ("id_reporte_mensual__id_ot", "id_sitio", "id_estatus")
    autocomplete_fields = ("id_reporte_mensual", "id_sitio")
    date_hierarchy = "fecha"

    @admin.display(description="OT", ordering="id_reporte_mensual__id_ot__orden_trabajo")
    def ot(self, obj):
        return obj.id_reporte_mensual.id_ot


@admin.register(Produccion)
class ProduccionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "ot",
        "fecha_produccion",
        "partida",
        "volumen_produccion",
        "tipo_tiempo",
        "es_excedente",
        "id_sitio_produccion",
        "id_estatus_cobro",
    )
    list_filter = ("tipo_tiempo", "es_excedente", "id_estatus_cobro")
    search_fields = (
        "id_reporte_mensual__id_ot__orden_trabajo",
        "id_partida_anexo__id_partida",
        "id_partida_anexo__descripcion_concepto",
    )
    list_select_related = ("id_reporte_mensual__id_ot", "id_partida_anexo", "id_sitio_produccion", "id_estatus_cobro")
    autocomplete_fields = ("id_partida_anexo", "id_reporte_mensual", "id_sitio_produccion")
    date_hierarchy = "fecha_produccion"
    show_full_result_count = False

    @admin.display(description="OT", ordering="id_reporte_mensual__id_ot__orden_trabajo")
    def ot(self, obj):
        return obj.id_reporte_mensual.id_ot

    @admin.display(description="partida", ordering="id_partida_anexo__id_partida")
    def partida(self, obj):
        return obj.id_partida_anexo


@admin.register(RegistroGPU)
class RegistroGPUAdmin(admin.ModelAdmin):
    list_display = ("id", "ot", "fecha", "partida", "id_estatus", "archivo", "fecha_actualizacion")
    list_filter = ("id_estatus",)
    search_fields = (
        "id_produccion__id_reporte_mensual__id_ot__orden_trabajo",
        "id_produccion__id_partida_anexo__id_partida",
        "nota_bloqueo",
    )
    list_select_related = ("id_produccion__id_reporte_mensual__id_ot", "id_produccion__id_partida_anexo", "id_estatus")
    autocomplete_fields = ("id_produccion",)
    readonly_fields = ("fecha_actualizacion",)
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="OT")
    def ot(self, obj):
        return obj.id_produccion.id_reporte_mensual.id_ot

    @admin.display(description="fecha", ordering="id_produccion__fecha_produccion")
    def fecha(self, obj):
        return obj.id_produccion.fecha_produccion

    @admin.display(description="partida")
    def partida(self, obj):
        return obj.id_produccion.id_partida_anexo


@admin.register(Superintendente)
class SuperintendenteAdmin(ActivableAdmin):
    list_display = ("nombre", "sitio_asignado", "color", "activo")
    list_filter = ("activo",)
    search_fields = ("nombre",)
    list_select_related = ("sitio_asignado",)
    autocomplete_fields = ("sitio_asignado",)


@admin.register(CicloGuardia)
class CicloGuardiaAdmin(admin.ModelAdmin):
    list_display = ("sitio", "super_a", "super_b", "fecha_inicio_super_a", "dias_por_turno")
    search_fields = ("sitio__descripcion", "super_a__nombre", "super_b__nombre")
    list_select_related = ("sitio", "super_a", "super_b")
    autocomplete_fields = ("sitio", "super_a", "super_b")
