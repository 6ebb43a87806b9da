"""Django admin of the offshore operations: the vessel's daily report and what hangs from it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import engines
from django.template.response import TemplateResponse

from operaciones.catalogos.constantes import FrenteId
from operaciones.catalogos.models import Sitio

from . import reglas
from .models import (
    BitacoraTiempo,
    EstadoReporte,
    FotoIncidencia,
    Incidencia,
    InventarioDiario,
    PersonalABordo,
    PosicionEmbarcacion,
    ReporteDiarioEmbarcacion,
)
from .services_reporte import MOTIVO_MAXIMO, PERMISO_REABRIR, reporte_reabrir


def _cerrado(reporte) -> bool:
    return reporte is not None and reporte.estado == EstadoReporte.CERRADO


class SoloLecturaSiCerradoInline:
    """An inline of a report: read-only (no add, change or delete) while its report is closed."""

    def has_add_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_delete_permission(request, obj)


class FormHijoDeReporte(forms.ModelForm):
    """A row under a report edited on its own admin page: refused when its report (old or new) is closed."""

    def clean(self):
        datos = super().clean()
        for reporte in (getattr(self.instance, "reporte", None) if self.instance.pk else None, datos.get("reporte")):
            if reporte is not None:
                try:
                    reglas.exigir_editable(reporte)
                except ValidationError as e:
                    raise ValidationError(e.message_dict["reporte"]) from None
        return datos


class HijoDeReporteAdmin(admin.ModelAdmin):
    """Rows of a closed report are read-only here too; saves lock the report as every write does."""

    form = FormHijoDeReporte

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and _cerrado(obj.reporte)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and _cerrado(obj.reporte)) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        reglas.reporte_para_editar(obj.reporte_id)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        reglas.reporte_para_editar(obj.reporte_id)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(reporte__estado=EstadoReporte.CERRADO).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


class ReabrirAdminForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la reapertura",
        max_length=MOTIVO_MAXIMO,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": "Indique el motivo de la reapertura."},
    )


PLANTILLA_REABRIR = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}
{% block content %}
<form method="post">{% csrf_token %}
  <p>Los reportes cerrados seleccionados volverán a borrador. El motivo queda en el registro de actividad.</p>
  <ul>{% for r in reportes %}<li>{{ r }} ({{ r.get_estado_display }})</li>{% endfor %}</ul>
  {{ form.as_p }}
  {% for r in reportes %}<input type="hidden" name="{{ casilla }}" value="{{ r.pk }}">{% endfor %}
  <input type="hidden" name="action" value="reabrir">
  <input type="hidden" name="aplicar" value="1">
  <input type="submit" value="Reabrir">
  <a href="" class="button cancel-link">Cancelar</a>
</form>
{% endblock %}"""
)


class BitacoraInline(SoloLecturaSiCerradoInline, admin.TabularInline):
    model = BitacoraTiempo
    fields = ("hora_inicio", "hora_fin", "actividad", "estatus_operativo", "ot", "hueco_justificado")
    autocomplete_fields = ("ot",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ot")


class InventarioInline(SoloLecturaSiCerradoInline, admin.TabularInline):
    model = InventarioDiario
    extra = 0


class PersonalABordoInline(SoloLecturaSiCerradoInline, admin.TabularInline):
    model = PersonalABordo
    extra = 0


class IncidenciaInline(SoloLecturaSiCerradoInline, admin.StackedInline):
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
    # The state moves only through the application's workflow (and the "Reabrir" action below).
    readonly_fields = ("estado", "cerrado_por", "fecha_cierre", "fecha_creacion", "fecha_actualizacion")
    date_hierarchy = "fecha"
    inlines = (BitacoraInline, InventarioInline, PersonalABordoInline, IncidenciaInline)
    actions = ("reabrir",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "embarcacion":
            kwargs["queryset"] = Sitio.objects.filter(id_frente=FrenteId.EMBARCACION)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _cerrado(obj) and super().has_delete_permission(request, obj)

    def has_reabrir_permission(self, request):
        return request.user.has_perm(PERMISO_REABRIR)

    def save_model(self, request, obj, form, change):
        if change:
            reglas.reporte_para_editar(obj.pk)  # lock; a report closed meanwhile is not written to
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        if queryset.filter(estado=EstadoReporte.CERRADO).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    @admin.action(description="Reabrir los reportes cerrados seleccionados", permissions=["reabrir"])
    def reabrir(self, request, queryset):
        """Asks for the reason on an intermediate page, then reopens each report through the service."""
        form = ReabrirAdminForm(request.POST if "aplicar" in request.POST else None)
        if form.is_bound and form.is_valid():
            reabiertos = 0
            for reporte in queryset.select_related("embarcacion"):
                try:
                    reporte_reabrir(reporte_id=reporte.pk, usuario=request.user, motivo=form.cleaned_data["motivo"])
                    reabiertos += 1
                except ValidationError as e:
                    self.message_user(request, e.messages[0], messages.WARNING)
            if reabiertos:
                self.message_user(request, f"Se reabrieron {reabiertos} reportes.", messages.SUCCESS)
            return None
        contexto = {
            **self.admin_site.each_context(request),
            "title": "Reabrir reportes diarios",
            "opts": self.model._meta,
            "reportes": queryset.select_related("embarcacion"),
            "form": form,
            "casilla": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, PLANTILLA_REABRIR, contexto)


@admin.register(BitacoraTiempo)
class BitacoraTiempoAdmin(HijoDeReporteAdmin):
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
class InventarioDiarioAdmin(HijoDeReporteAdmin):
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
class PersonalABordoAdmin(HijoDeReporteAdmin):
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

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and _cerrado(obj.reporte)) and super().has_delete_permission(request, obj)


@admin.register(FotoIncidencia)
class FotoIncidenciaAdmin(admin.ModelAdmin):
    """Photos are uploaded through the application (type and size checked); here they are only looked at."""

    list_display = ("id", "incidencia", "nombre_original", "tipo_contenido", "tamano", "subida_por", "fecha_subida")
    search_fields = ("nombre_original", "incidencia__tipo", "incidencia__reporte__embarcacion__descripcion")
    list_select_related = ("incidencia", "subida_por")
    readonly_fields = (
        "incidencia",
        "archivo",
        "nombre_original",
        "tipo_contenido",
        "tamano",
        "sha256",
        "subida_por",
        "fecha_subida",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        cerrado = obj is not None and _cerrado(obj.incidencia.reporte)
        return not cerrado and super().has_delete_permission(request, obj)


@admin.register(Incidencia)
class IncidenciaAdmin(HijoDeReporteAdmin):
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
