"""Django admin of the core models, the site's Spanish titles and the mixins the other apps' admins share."""

from django.contrib import admin, messages

from .models import IntentoAcceso, Modulo, RegistroActividad, TrabajoSegundoPlano

admin.site.site_header = "SASCOP BME SubTec — Administración"
admin.site.site_title = "SASCOP BME SubTec"
admin.site.index_title = "Administración del sistema"


class SoloLecturaAdmin(admin.ModelAdmin):
    """Records written only by the system (audit trail, login attempts): visible, never edited from here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SoloLecturaInline(admin.TabularInline):
    """An inline that shows child rows without offering to add, edit or delete them."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description="Activar los seleccionados", permissions=["change"])
def activar(modeladmin, request, queryset):
    total = queryset.update(activo=True)
    modeladmin.message_user(request, f"{total} registro(s) activado(s).", messages.SUCCESS)


@admin.action(description="Desactivar los seleccionados", permissions=["change"])
def desactivar(modeladmin, request, queryset):
    total = queryset.update(activo=False)
    modeladmin.message_user(request, f"{total} registro(s) desactivado(s).", messages.SUCCESS)


class SinBorradoAdmin(admin.ModelAdmin):
    """Rows that are deactivated or soft-deleted, never removed: history and foreign keys point at them."""

    def has_delete_permission(self, request, obj=None):
        return False


class ActivableAdmin(SinBorradoAdmin):
    """Catalogue-like rows with an `activo` flag: (de)activated in bulk instead of deleted."""

    actions = [activar, desactivar]


@admin.register(RegistroActividad)
class RegistroActividadAdmin(SoloLecturaAdmin):
    list_display = (
        "fecha",
        "usuario",
        "evento",
        "afectacion",
        "registro_id",
        "campo",
        "valor_anterior",
        "valor_actual",
    )
    list_filter = ("evento", "afectacion")
    search_fields = ("afectacion", "campo", "valor_anterior", "valor_actual", "detalle", "usuario__username")
    list_select_related = ("usuario",)
    date_hierarchy = "fecha"
    show_full_result_count = False


@admin.register(IntentoAcceso)
class IntentoAccesoAdmin(SoloLecturaAdmin):
    """Failed logins behind the lockout. Deleting a user's rows unlocks that user before the window ends."""

    list_display = ("fecha", "usuario", "ip")
    search_fields = ("usuario", "ip")
    date_hierarchy = "fecha"

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("core.delete_intentoacceso")


@admin.register(TrabajoSegundoPlano)
class TrabajoSegundoPlanoAdmin(admin.ModelAdmin):
    """Jobs are created by the imports and exports; here they are only inspected or cleaned up."""

    list_display = ("id", "tipo", "usuario", "estado", "avance", "total", "fecha_creacion", "fecha_fin")
    list_filter = ("estado", "tipo")
    search_fields = ("tipo", "usuario__username", "mensaje")
    list_select_related = ("usuario",)
    date_hierarchy = "fecha_creacion"
    readonly_fields = (
        "tipo",
        "usuario",
        "estado",
        "avance",
        "total",
        "parametros",
        "resultado",
        "archivo",
        "mensaje",
        "fecha_creacion",
        "fecha_fin",
    )

    def has_add_permission(self, request):
        return False


@admin.register(Modulo)
class ModuloAdmin(admin.ModelAdmin):
    list_display = ("orden", "nombre", "app_name", "icono", "activo")
    list_display_links = ("nombre",)
    list_editable = ("orden", "activo")
    list_filter = ("activo",)
    search_fields = ("nombre", "app_name", "descripcion")
