"""Django admin of the catalogues, the step templates and the contract's concept catalogue.

Catalogue rows are never deleted (history points at them): they are deactivated, one by one or in bulk.
"""

from django.contrib import admin

from core.admin import ActivableAdmin

from .models import (
    AnexoContrato,
    Categoria,
    Clasificacion,
    Cliente,
    ConceptoMaestro,
    Contrato,
    Estatus,
    Frente,
    Paso,
    PasoOt,
    ResponsableProyecto,
    Sitio,
    SubAnexo,
    SubCategoria,
    Tipo,
    UnidadMedida,
)


class CatalogoAdmin(ActivableAdmin):
    list_display = ("id", "descripcion", "activo")
    list_display_links = ("id", "descripcion")
    list_filter = ("activo",)
    search_fields = ("descripcion", "comentario")
    ordering = ("id",)


@admin.register(Tipo)
class TipoAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "nivel_afectacion", "activo")
    list_filter = ("nivel_afectacion", "activo")


@admin.register(Estatus)
class EstatusAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "nivel_afectacion", "activo")
    list_filter = ("nivel_afectacion", "activo")


@admin.register(Frente)
class FrenteAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "nivel_afectacion", "activo")
    list_filter = ("nivel_afectacion", "activo")


@admin.register(Sitio)
class SitioAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "id_frente", "capacidad_pob", "activo")
    list_filter = ("id_frente", "activo")
    list_select_related = ("id_frente",)


@admin.register(UnidadMedida)
class UnidadMedidaAdmin(CatalogoAdmin):
    list_display = ("id", "clave", "descripcion", "activo")
    search_fields = ("clave", "descripcion")


@admin.register(ResponsableProyecto)
class ResponsableProyectoAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "usuario", "activo")
    list_select_related = ("usuario",)
    search_fields = ("descripcion", "usuario__username", "usuario__email")
    autocomplete_fields = ("usuario",)


@admin.register(Cliente)
class ClienteAdmin(CatalogoAdmin):
    list_display = ("id", "descripcion", "id_tipo", "activo")
    list_filter = ("id_tipo", "activo")
    list_select_related = ("id_tipo",)


@admin.register(Categoria)
class CategoriaAdmin(ActivableAdmin):
    list_display = ("clave", "descripcion", "activo")
    list_filter = ("activo",)
    search_fields = ("clave", "descripcion")


@admin.register(SubCategoria)
class SubCategoriaAdmin(ActivableAdmin):
    list_display = ("clave", "descripcion", "categoria", "activo")
    list_filter = ("activo",)
    search_fields = ("clave", "descripcion", "categoria__descripcion")
    list_select_related = ("categoria",)
    autocomplete_fields = ("categoria",)


@admin.register(Clasificacion)
class ClasificacionAdmin(ActivableAdmin):
    list_display = ("clave", "descripcion", "subcategoria", "activo")
    list_filter = ("activo",)
    search_fields = ("clave", "descripcion", "subcategoria__descripcion")
    list_select_related = ("subcategoria",)
    autocomplete_fields = ("subcategoria",)


class SubpasoInline(admin.TabularInline):
    model = Paso
    fk_name = "paso_padre"
    fields = ("orden", "descripcion", "tipo", "importancia", "id_tipo_cliente", "activo")
    extra = 0
    show_change_link = True
    verbose_name = "sub-paso"
    verbose_name_plural = "sub-pasos (entregables)"


@admin.register(Paso)
class PasoAdmin(ActivableAdmin):
    list_display = ("id", "orden", "descripcion", "tipo", "paso_padre", "id_tipo_cliente", "importancia", "activo")
    list_display_links = ("id", "descripcion")
    list_filter = ("id_tipo_cliente", "tipo", "activo")
    search_fields = ("descripcion", "orden")
    list_select_related = ("paso_padre", "id_tipo_cliente")
    autocomplete_fields = ("paso_padre",)
    ordering = ("id_tipo_cliente_id", "id")
    inlines = (SubpasoInline,)


@admin.register(PasoOt)
class PasoOtAdmin(ActivableAdmin):
    list_display = ("id", "orden", "descripcion", "tipo", "id_tipo_cliente", "paso_pte_origen", "importancia", "activo")
    list_display_links = ("id", "descripcion")
    list_filter = ("tipo", "id_tipo_cliente", "activo")
    search_fields = ("descripcion", "orden")
    list_select_related = ("tipo", "id_tipo_cliente", "paso_pte_origen")
    autocomplete_fields = ("paso_pte_origen",)
    ordering = ("tipo_id", "id")


class AnexoContratoInline(admin.TabularInline):
    model = AnexoContrato
    fields = ("clave", "tipo", "descripcion", "monto_mn", "monto_usd", "activo")
    extra = 0
    show_change_link = True


@admin.register(Contrato)
class ContratoAdmin(ActivableAdmin):
    list_display = ("numero_contrato", "cliente", "fecha_inicio", "fecha_termino", "monto_mn", "monto_usd", "activo")
    list_filter = ("activo", "cliente")
    search_fields = ("numero_contrato", "descripcion")
    list_select_related = ("cliente",)
    inlines = (AnexoContratoInline,)


class SubAnexoInline(admin.TabularInline):
    model = SubAnexo
    fields = ("clave_anexo", "descripcion", "importe_mn", "importe_usd", "activo")
    extra = 0
    show_change_link = True


@admin.register(AnexoContrato)
class AnexoContratoAdmin(ActivableAdmin):
    list_display = ("clave", "contrato", "tipo", "monto_mn", "monto_usd", "activo")
    list_filter = ("tipo", "activo")
    search_fields = ("clave", "descripcion", "contrato__numero_contrato")
    list_select_related = ("contrato",)
    autocomplete_fields = ("contrato",)
    inlines = (SubAnexoInline,)


@admin.register(SubAnexo)
class SubAnexoAdmin(ActivableAdmin):
    list_display = ("clave_anexo", "anexo_maestro", "unidad_medida", "importe_mn", "importe_usd", "activo")
    list_filter = ("activo",)
    search_fields = ("clave_anexo", "descripcion", "anexo_maestro__clave")
    list_select_related = ("anexo_maestro__contrato",)
    autocomplete_fields = ("anexo_maestro",)


@admin.register(ConceptoMaestro)
class ConceptoMaestroAdmin(ActivableAdmin):
    list_display = (
        "id",
        "sub_anexo",
        "partida_ordinaria",
        "partida_extraordinaria",
        "descripcion_corta",
        "unidad_medida",
        "precio_unitario_mn",
        "precio_unitario_usd",
        "id_tipo_partida",
        "estatus",
        "activo",
    )
    list_display_links = ("id", "descripcion_corta")
    list_filter = ("id_tipo_partida", "estatus", "activo", "unidad_medida")
    search_fields = ("partida_ordinaria", "partida_extraordinaria", "descripcion", "pte_creacion", "ot_creacion")
    list_select_related = ("sub_anexo", "unidad_medida", "id_tipo_partida")
    autocomplete_fields = ("sub_anexo", "concepto_origen")
    show_full_result_count = False

    @admin.display(description="concepto")
    def descripcion_corta(self, obj):
        return obj.descripcion[:90]
