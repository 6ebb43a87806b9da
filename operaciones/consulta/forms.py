"""Filters of the Centro de consulta (reference §1.3 "Centro de Consulta", mode "Información")."""

from django import forms
from django.db.models import Q, QuerySet

from core.datatables import FiltrosDataTable
from operaciones.produccion.models import TipoTiempo

from . import documentacion

NIVELES = (("anio", "Año"), ("mes", "Mes"), ("dia", "Día"))


class FiltrosInformacion(FiltrosDataTable):
    """The original's production filters; every field optional, bound to the query string."""

    desde = forms.DateField(required=False)
    hasta = forms.DateField(required=False)
    tipo_tiempo = forms.ChoiceField(choices=[("", "Ambos"), *list(TipoTiempo.choices)], required=False)
    sitio = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    lider = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    ot = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    anexo = forms.CharField(max_length=50, required=False)
    concepto = forms.CharField(max_length=100, required=False)
    solo_excedentes = forms.BooleanField(required=False)

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", "La fecha final no puede ser anterior a la inicial.")
        return datos

    def _comunes(self, fecha: str, ot: str, partida: str) -> Q:
        """Conditions shared by production and programmed volume (their paths differ)."""
        d = self.cleaned_data
        q = Q()
        if d.get("desde"):
            q &= Q(**{f"{fecha}__gte": d["desde"]})
        if d.get("hasta"):
            q &= Q(**{f"{fecha}__lte": d["hasta"]})
        if d.get("ot"):
            q &= Q(**{f"{ot}_id": d["ot"]})
        if d.get("lider"):
            q &= Q(**{f"{ot}__id_responsable_proyecto_id": d["lider"]})
        if d.get("anexo"):
            q &= Q(**{f"{partida}__anexo__iexact": d["anexo"].strip()})
        texto = (d.get("concepto") or "").strip()
        if texto:
            q &= Q(**{f"{partida}__id_partida__icontains": texto}) | Q(
                **{f"{partida}__descripcion_concepto__icontains": texto}
            )
        return q

    def condicion_produccion(self) -> Q:
        d = self.cleaned_data
        q = self._comunes("fecha_produccion", "id_reporte_mensual__id_ot", "id_partida_anexo")
        if d.get("tipo_tiempo"):
            q &= Q(tipo_tiempo=d["tipo_tiempo"])
        if d.get("sitio"):
            q &= Q(id_sitio_produccion_id=d["sitio"])
        if d.get("solo_excedentes"):
            q &= Q(es_excedente=True)
        return q

    def condicion_programado(self) -> Q:
        # Programmed volume has no time type, site or excess flag: those filters narrow production only.
        return self._comunes("fecha", "ot", "partida_anexo")

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self.condicion_produccion())


class FiltrosGrafica(FiltrosInformacion):
    """The filters plus the drill-down level: year → month (of `anio`) → day (of `anio`/`mes`)."""

    nivel = forms.ChoiceField(choices=NIVELES, required=False)
    anio = forms.IntegerField(min_value=1900, max_value=9999, required=False)
    mes = forms.IntegerField(min_value=1, max_value=12, required=False)

    def clean(self):
        datos = super().clean()
        nivel = datos.get("nivel") or "anio"
        datos["nivel"] = nivel
        if nivel in ("mes", "dia") and not datos.get("anio"):
            self.add_error("anio", "Indique el año para bajar de nivel.")
        if nivel == "dia" and not datos.get("mes"):
            self.add_error("mes", "Indique el mes para bajar al detalle diario.")
        return datos


class FiltrosDocumentacion(FiltrosDataTable):
    """Filters of the "Documentación" mode: source, leader, client, front, site, state and status text."""

    tipo = forms.ChoiceField(choices=[("", "Todos"), *list(documentacion.TIPOS)], required=False)
    lider = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    cliente = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    frente = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    sitio = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    estado = forms.ChoiceField(choices=[("", "Todos")] + [(e, e) for e in documentacion.ESTADOS], required=False)
    estatus = forms.CharField(max_length=100, required=False)
    agrupar_por = forms.ChoiceField(choices=[(a, a) for a in documentacion.AGRUPACIONES], required=False)

    def clean(self):
        datos = super().clean()
        datos["agrupar_por"] = datos.get("agrupar_por") or "lider"
        datos["estatus"] = (datos.get("estatus") or "").strip()
        return datos

    def filtrar(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(documentacion.condicion_documentos(self.cleaned_data))
