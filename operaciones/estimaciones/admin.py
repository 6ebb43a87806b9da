"""Django admin of the billing estimations and their lines."""

from django.contrib import admin

from .models import EstimacionDetalle, EstimacionHeader


class EstimacionDetalleInline(admin.TabularInline):
    model = EstimacionDetalle
    fields = (
        "id_produccion",
        "volumen_actual",
        "volumen_estimado",
        "precio_unitario_mn",
        "precio_unitario_usd",
        "importe_mn",
        "importe_usd",
        "id_estatus_cobro",
        "comentario_ajuste",
    )
    autocomplete_fields = ("id_produccion",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("id_produccion__id_partida_anexo", "id_estatus_cobro")


@admin.register(EstimacionHeader)
class EstimacionHeaderAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "folio",
        "numero",
        "id_ot",
        "contrato",
        "estado",
        "fecha_estimacion",
        "fecha_desde",
        "fecha_hasta",
        "total_importe_mn",
        "total_importe_usd",
        "numero_factura",
    )
    list_display_links = ("id", "folio")
    list_filter = ("estado", "contrato")
    search_fields = ("folio", "numero_factura", "id_ot__orden_trabajo", "comentario")
    list_select_related = ("id_ot", "contrato")
    autocomplete_fields = ("id_ot", "contrato")
    readonly_fields = ("creado_por", "fecha_creacion", "aprobado_por", "fecha_aprobacion")
    date_hierarchy = "fecha_estimacion"
    inlines = (EstimacionDetalleInline,)


@admin.register(EstimacionDetalle)
class EstimacionDetalleAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "id_estimacion_header",
        "id_produccion",
        "volumen_estimado",
        "precio_unitario_mn",
        "precio_unitario_usd",
        "importe_mn",
        "importe_usd",
        "id_estatus_cobro",
    )
    list_filter = ("id_estatus_cobro",)
    search_fields = ("id_estimacion_header__folio", "id_produccion__id_partida_anexo__id_partida")
    list_select_related = ("id_estimacion_header", "id_produccion__id_partida_anexo", "id_estatus_cobro")
    autocomplete_fields = ("id_estimacion_header", "id_produccion")
    show_full_result_count = False
