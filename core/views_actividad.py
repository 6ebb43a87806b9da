"""Activity log page, its DataTables endpoint and the user list of its filter."""

import datetime

from django import forms
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from . import actividad as log
from . import selectors
from .acceso import permiso_requerido
from .datatables import Columna, FiltrosDataTable, responder_datatable
from .models import Evento

COLUMNAS = (
    Columna("fecha", "Fecha", orden=True),
    Columna("usuario", "Usuario", campo="usuario__username", busqueda=True, orden=True),
    Columna("entidad", "Entidad", campo="afectacion", busqueda=True, orden=True),
    Columna("registro_id", "Id", orden=True),
    Columna("evento", "Evento", orden=True),
    Columna("campo", "Campo", busqueda=True, orden=True),
    Columna("valor_anterior", "Valor anterior", busqueda=True),
    Columna("valor_actual", "Valor actual", busqueda=True),
)


def _inicio_del_dia(dia: datetime.date) -> datetime.datetime:
    """Midnight in Mexico City (the site time zone), as an aware instant."""
    return timezone.make_aware(datetime.datetime.combine(dia, datetime.time.min))


class FiltrosActividad(FiltrosDataTable):
    afectacion = forms.CharField(max_length=100, required=False)
    evento = forms.ChoiceField(choices=[("", "Todos"), *Evento.choices], required=False)
    usuario = forms.IntegerField(min_value=1, required=False)
    registro_id = forms.IntegerField(min_value=0, max_value=2**63 - 1, required=False)
    desde = forms.DateField(required=False)
    hasta = forms.DateField(required=False)

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            self.add_error("hasta", "La fecha final es anterior a la inicial.")
        return datos

    def filtrar(self, queryset):
        d = self.cleaned_data
        if d["afectacion"]:
            queryset = queryset.filter(afectacion=d["afectacion"])
        if d["evento"]:
            queryset = queryset.filter(evento=d["evento"])
        if d["usuario"]:
            queryset = queryset.filter(usuario_id=d["usuario"])
        if d["registro_id"] is not None:
            queryset = queryset.filter(registro_id=d["registro_id"])
        if d["desde"]:
            queryset = queryset.filter(fecha__gte=_inicio_del_dia(d["desde"]))
        if d["hasta"]:
            queryset = queryset.filter(fecha__lt=_inicio_del_dia(d["hasta"] + datetime.timedelta(days=1)))
        return queryset


def _fila(r) -> dict:
    return {
        "id": r.pk,
        "fecha": timezone.localtime(r.fecha).strftime("%d/%m/%Y %H:%M:%S"),
        "fecha_iso": r.fecha.isoformat(),
        "usuario": log.nombre_usuario(r.usuario),
        "entidad": r.afectacion,
        "registro_id": r.registro_id,
        "evento": r.get_evento_display(),
        "campo": r.campo,
        "valor_anterior": r.valor_anterior,
        "valor_actual": r.valor_actual,
        "detalle": r.detalle,
    }


@permiso_requerido("core.view_registroactividad")
def actividad(request):
    contexto = {
        "columnas": [c.para_cliente() for c in COLUMNAS],
        "entidades": selectors.entidades_registradas(),
        "eventos": Evento.choices,
    }
    return render(request, "core/actividad.html", contexto)


@permiso_requerido("core.view_registroactividad")
def actividad_datatable(request):
    return responder_datatable(
        request,
        selectors.actividades(),
        columnas=COLUMNAS,
        fila=_fila,
        filtros_form=FiltrosActividad,
        orden_defecto=("-fecha", "-id"),
    )


@permiso_requerido("core.view_registroactividad")
def actividad_usuarios(request):
    usuarios = [
        {"id": u.pk, "username": u.get_username(), "nombre_completo": log.nombre_usuario(u)}
        for u in selectors.usuarios_para_filtro()
    ]
    return JsonResponse(usuarios, safe=False)
