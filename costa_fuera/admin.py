"""Django admin of the offshore operations: the vessel's daily report and what hangs from it."""

from django.contrib import admin

from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.models import Sitio

from .models import (
    BitacoraTiempo,
    FotoIncidencia,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    PosicionEmbarcacion,
    ReporteDiarioEmbarcacion,
)


class BitacoraInline(admin.TabularInline):
    model = BitacoraTiempo
    fields = ("hora_inicio", "hora_fin", "actividad", "estatus_operativo", "ot", "hueco_justificado")
    autocomplete_fields = ("ot",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ot")


class InventarioInline(admin.TabularInline):
    model = InventarioDiario
    extra = 0


class PersonalABordoInline(admin.TabularInline):
    model = PersonalABordo
    extra = 0


class IncidenciaInline(admin.StackedInline):
    model = Incidencia
    fields = ("tipo", "severidad", "descripcion", "visible_cliente", "registrado_por", "fecha_registro")
    readonly_fields = ("registrado_por", "fecha_registro")
    extra = 0

    def has_add_permission(self, request, obj=None):
        # `registrado_por` is required and set by the application, so incidents are added there.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registrado_por")


@admin.register(ReporteDiarioEmbarcacion)
class ReporteDiarioEmbarcacionAdmin(admin.ModelAdmin):
    list_display = ("id", "fecha", "embarcacion", "representante", "estado", "sin_arribos", "fecha_actualizacion")
    list_filter = ("estado", "embarcacion", "sin_arribos")
    search_fields = ("embarcacion__descripcion", "representante__username", "comentarios_generales")
    list_select_related = ("embarcacion", "representante")
    autocomplete_fields = ("embarcacion", "representante")
    readonly_fields = ("cerrado_por", "fecha_cierre", "fecha_creacion", "fecha_actualizacion")
    date_hierarchy = "fecha"
    inlines = (BitacoraInline, InventarioInline, PersonalABordoInline, IncidenciaInline)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "embarcacion":
            kwargs["queryset"] = Sitio.objects.filter(id_frente=FrenteId.EMBARCACION)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BitacoraTiempo)
class BitacoraTiempoAdmin(admin.ModelAdmin):
    list_display = ("id", "reporte", "hora_inicio", "hora_fin", "estatus_operativo", "ot", "hueco_justificado")
    list_filter = ("estatus_operativo", "hueco_justificado")
    search_fields = ("actividad", "reporte__embarcacion__descripcion", "ot__orden_trabajo")
    list_select_related = ("reporte__embarcacion", "ot")
    autocomplete_fields = ("reporte", "ot")


@admin.register(PosicionEmbarcacion)
class PosicionEmbarcacionAdmin(admin.ModelAdmin):
    list_display = ("id", "embarcacion", "timestamp", "latitud", "longitud", "velocidad_nudos")
    list_filter = ("embarcacion",)
    search_fields = ("embarcacion__descripcion",)
    list_select_related = ("embarcacion",)
    autocomplete_fields = ("embarcacion",)
    date_hierarchy = "timestamp"
    show_full_result_count = False


@admin.register(InventarioDiario)
class InventarioDiarioAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "reporte",
        "tipo_recurso",
        "existencia_anterior",
        "suministro",
        "consumo",
        "trasiego",
        "existencia_actual",
        "lectura_pemex",
    )
    list_filter = ("tipo_recurso",)
    search_fields = ("reporte__embarcacion__descripcion",)
    list_select_related = ("reporte__embarcacion",)
    autocomplete_fields = ("reporte",)


@admin.register(PersonalABordo)
class PersonalABordoAdmin(admin.ModelAdmin):
    list_display = ("id", "reporte", "compania", "categoria", "cantidad")
    search_fields = ("compania", "categoria", "reporte__embarcacion__descripcion")
    list_select_related = ("reporte__embarcacion",)
    autocomplete_fields = ("reporte",)


class FotoIncidenciaInline(admin.TabularInline):
    model = FotoIncidencia
    fields = ("archivo", "nombre_original", "tipo_contenido", "tamano", "sha256", "subida_por", "fecha_subida")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        # Photos go through the application, which checks their type by their bytes and their size.
        return False


@admin.register(Incidencia)
class IncidenciaAdmin(admin.ModelAdmin):
    list_display = ("id", "reporte", "tipo", "severidad", "visible_cliente", "registrado_por", "fecha_registro")
    list_filter = ("severidad", "visible_cliente")
    search_fields = ("tipo", "descripcion", "reporte__embarcacion__descripcion")
    list_select_related = ("reporte__embarcacion", "registrado_por")
    autocomplete_fields = ("reporte",)
    readonly_fields = ("registrado_por", "fecha_registro")
    inlines = (FotoIncidenciaInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registrado_por = request.user
        super().save_model(request, obj, form, change)
