"""Django admin of the PTEs and their step checklists.

A PTE is never removed from here: the application soft-deletes it (estatus 0) and keeps its history.
"""

from django.contrib import admin

from core.admin import SinBorradoAdmin

from .models import PTEDetalle, PTEHeader


class PasosInline(admin.TabularInline):
    """A checklist (PTE or OT): steps come from a template; here their status, dates and evidence are edited."""

    fields = ("id_paso", "estatus_paso", "fecha_inicio", "fecha_termino", "fecha_entrega", "archivo", "comentario")
    readonly_fields = ("id_paso",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("id_paso")


class PTEDetalleInline(PasosInline):
    model = PTEDetalle


@admin.register(PTEHeader)
class PTEHeaderAdmin(SinBorradoAdmin):
    list_display = (
        "id",
        "oficio_pte",
        "id_tipo",
        "id_cliente",
        "id_responsable_proyecto",
        "fecha_solicitud",
        "estatus",
        "prioridad",
        "total_homologado",
    )
    list_display_links = ("id", "oficio_pte")
    list_filter = ("estatus", "prioridad", "id_tipo", "id_cliente")
    search_fields = ("oficio_pte", "oficio_solicitud", "descripcion_trabajo", "id_orden_trabajo")
    list_select_related = ("id_tipo", "id_cliente", "id_responsable_proyecto")
    autocomplete_fields = ("id_responsable_proyecto", "id_cliente")
    readonly_fields = ("fecha_creacion", "fecha_actualizacion")
    date_hierarchy = "fecha_solicitud"
    inlines = (PTEDetalleInline,)


@admin.register(PTEDetalle)
class PTEDetalleAdmin(admin.ModelAdmin):
    list_display = ("id", "id_pte_header", "id_paso", "estatus_paso", "fecha_inicio", "fecha_termino", "fecha_entrega")
    list_filter = ("estatus_paso",)
    search_fields = ("id_pte_header__oficio_pte", "id_paso__descripcion", "comentario")
    list_select_related = ("id_pte_header", "id_paso", "estatus_paso")
    autocomplete_fields = ("id_pte_header", "id_paso")
