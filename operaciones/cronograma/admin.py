"""Django admin of the MS Project schedules. Versions come from imports: their tasks are shown, not edited."""

from django.contrib import admin

from core.admin import SoloLecturaInline

from .models import AvanceCronograma, AvanceOtHistorial, CronogramaVersion, DependenciaTarea, TareaCronograma


class TareaInline(SoloLecturaInline):
    model = TareaCronograma
    fields = (
        "id_project",
        "wbs",
        "nombre",
        "nivel_esquema",
        "es_resumen",
        "es_hito",
        "fecha_inicio",
        "fecha_fin",
        "duracion_dias",
        "porcentaje_completado",
    )
    readonly_fields = fields


@admin.register(CronogramaVersion)
class CronogramaVersionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "nombre_version",
        "id_ot",
        "es_activo",
        "fecha_carga",
        "usuario_carga",
        "fecha_inicio_proyecto",
        "fecha_fin_proyecto",
    )
    list_display_links = ("id", "nombre_version")
    list_filter = ("es_activo",)
    search_fields = ("nombre_version", "id_ot__orden_trabajo")
    list_select_related = ("id_ot", "usuario_carga")
    autocomplete_fields = ("id_ot",)
    readonly_fields = ("fecha_carga", "usuario_carga", "reporte_importacion")
    date_hierarchy = "fecha_carga"
    inlines = (TareaInline,)


@admin.register(TareaCronograma)
class TareaCronogramaAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "version",
        "uid_project",
        "wbs",
        "nombre",
        "es_resumen",
        "fecha_inicio",
        "fecha_fin",
        "porcentaje_completado",
    )
    list_filter = ("es_resumen", "es_hito")
    search_fields = ("nombre", "wbs", "version__nombre_version", "version__id_ot__orden_trabajo")
    list_select_related = ("version",)
    autocomplete_fields = ("version",)
    show_full_result_count = False


@admin.register(AvanceCronograma)
class AvanceCronogramaAdmin(admin.ModelAdmin):
    list_display = ("id", "tarea", "porcentaje_real", "porcentaje_cliente", "fecha_actualizacion", "actualizado_por")
    search_fields = ("tarea__nombre", "comentario")
    list_select_related = ("tarea", "actualizado_por")
    autocomplete_fields = ("tarea",)
    readonly_fields = ("fecha_actualizacion", "actualizado_por")


@admin.register(DependenciaTarea)
class DependenciaTareaAdmin(admin.ModelAdmin):
    list_display = ("id", "version", "predecesor_uid", "sucesor_uid", "tipo", "lag_dias")
    list_filter = ("tipo",)
    search_fields = ("version__nombre_version",)
    list_select_related = ("version",)
    autocomplete_fields = ("version",)


@admin.register(AvanceOtHistorial)
class AvanceOtHistorialAdmin(admin.ModelAdmin):
    """Written by progress capture (one row per OT and day); shown for audit, not edited."""

    list_display = ("id", "id_ot", "fecha", "porcentaje_planeado", "porcentaje_real", "porcentaje_cliente", "version")
    search_fields = ("id_ot__orden_trabajo",)
    list_select_related = ("id_ot", "version")
    date_hierarchy = "fecha"
    readonly_fields = (
        "id_ot",
        "fecha",
        "version",
        "porcentaje_planeado",
        "porcentaje_real",
        "porcentaje_cliente",
        "fecha_registro",
    )

    def has_add_permission(self, request):
        return False
