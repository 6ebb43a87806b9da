"""Reads of a day's POB, consumables and incidents: for the day page and for the RDO documents.

Each function runs a fixed number of queries whatever the number of rows.
"""

from django.conf import settings
from django.urls import reverse

from core.actividad import nombre_usuario

from . import consumibles, incidencias, pob
from .models import FotoIncidencia, Incidencia, InventarioDiario, ReporteDiarioEmbarcacion, Severidad, TipoRecurso

PERMISO_VER = "costa_fuera.view_reportediarioembarcacion"
PERMISO_EDITAR = "costa_fuera.change_reportediarioembarcacion"
CLASE_SEVERIDAD = {
    Severidad.BAJA: "text-bg-secondary",
    Severidad.MEDIA: "text-bg-info",
    Severidad.ALTA: "text-bg-warning",
    Severidad.CRITICA: "text-bg-danger",
}


def _resumen(filas: list[dict], campo: str) -> list[dict]:
    totales: dict[str, int] = {}
    for fila in filas:
        totales[fila[campo]] = totales.get(fila[campo], 0) + fila["cantidad"]
    return [{campo: nombre, "total": total} for nombre, total in sorted(totales.items(), key=lambda p: (-p[1], p[0]))]


def _porcentaje_capacidad(total: int, capacidad: int | None) -> float | None:
    """Share of the capacity in use; a capacity of 0 (no one may board) reads 0 % empty and 100 % with anyone."""
    if capacidad is None:
        return None
    if capacidad == 0:
        return 100.0 if total else 0.0
    return round(total * 100 / capacidad, 1)


def pob_del_reporte(reporte: ReporteDiarioEmbarcacion) -> dict:
    """The day's POB rows, total, the vessel's capacity (None when unknown) and the totals by company and category."""
    filas = list(reporte.pob.order_by("compania", "categoria").values("id", "compania", "categoria", "cantidad"))
    total = sum(f["cantidad"] for f in filas)
    capacidad = reporte.embarcacion.capacidad_pob
    porcentaje = _porcentaje_capacidad(total, capacidad)
    return {
        "filas": filas,
        "total": total,
        "capacidad": capacidad,
        "porcentaje": porcentaje,
        "porcentaje_barra": min(porcentaje or 0, 100),
        "excede": capacidad is not None and total > capacidad,
        "por_compania": _resumen(filas, "compania"),
        "por_categoria": _resumen(filas, "categoria"),
    }


def _fila_inventario(inventario: InventarioDiario, anterior_editable: bool) -> dict:
    return {
        "id": inventario.pk,
        "tipo_recurso": inventario.tipo_recurso,
        "etiqueta": TipoRecurso(inventario.tipo_recurso).label,
        "unidad": consumibles.UNIDAD,
        "existencia_anterior": inventario.existencia_anterior,
        "suministro": inventario.suministro,
        "consumo": inventario.consumo,
        "trasiego": inventario.trasiego,
        "existencia_actual": inventario.existencia_actual,
        "lectura_pemex": inventario.lectura_pemex,
        "anterior_editable": anterior_editable,
        **consumibles.diferencia(inventario),
    }


def inventarios_del_reporte(reporte: ReporteDiarioEmbarcacion) -> list[dict]:
    """The day's DIESEL and AGUA balances (a zero row for one not opened yet), with PEMEX's difference and alert."""
    por_recurso = {i.tipo_recurso: i for i in reporte.inventarios.all()}
    # The opening balance can be typed only on the vessel's first day with the resource.
    con_previo = set(
        InventarioDiario.objects.filter(
            reporte__embarcacion_id=reporte.embarcacion_id, reporte__fecha__lt=reporte.fecha
        )
        .order_by()
        .values_list("tipo_recurso", flat=True)
        .distinct()
    )
    resultado = []
    for recurso in consumibles.RECURSOS:
        fila = por_recurso.get(recurso) or InventarioDiario(reporte=reporte, tipo_recurso=recurso)
        resultado.append(_fila_inventario(fila, recurso not in con_previo))
    return resultado


def _foto(foto: FotoIncidencia) -> dict:
    return {
        "id": foto.pk,
        "nombre_original": foto.nombre_original,
        "tipo_contenido": foto.tipo_contenido,
        "tamano": foto.tamano,
        "sha256": foto.sha256,
        "archivo": foto.archivo.name,
        "url": reverse("costa_fuera:incidencia_foto", args=[foto.pk]),
    }


def incidencias_del_reporte(reporte: ReporteDiarioEmbarcacion, *, solo_cliente: bool = False) -> list[dict]:
    """The day's incidents, most severe first, with their photos; `solo_cliente` keeps those visible to the client."""
    consulta = Incidencia.objects.filter(reporte=reporte).select_related("registrado_por").prefetch_related("fotos")
    if solo_cliente:
        consulta = consulta.filter(visible_cliente=True)
    orden = {valor: i for i, valor in enumerate(reversed(Severidad.values))}
    filas = sorted(consulta, key=lambda i: (orden[i.severidad], i.fecha_registro, i.pk))
    return [
        {
            "id": i.pk,
            "tipo": i.tipo,
            "severidad": i.severidad,
            "severidad_texto": i.get_severidad_display(),
            "clase_severidad": CLASE_SEVERIDAD.get(i.severidad, "text-bg-secondary"),
            "descripcion": i.descripcion,
            "visible_cliente": i.visible_cliente,
            "registrado_por": nombre_usuario(i.registrado_por),
            "fecha_registro": i.fecha_registro,
            "fotos": [_foto(f) for f in i.fotos.all()],
        }
        for i in filas
    ]


def contexto_recursos(reporte: ReporteDiarioEmbarcacion, usuario) -> dict:
    """What the POB, consumables and incidents tabs of the day page need (the page adds `reporte`, `editable`)."""
    return {
        "pob_dia": pob_del_reporte(reporte),
        "pob_maximo": pob.CANTIDAD_MAXIMA,
        "inventarios_dia": inventarios_del_reporte(reporte),
        "unidad_consumibles": consumibles.UNIDAD_TEXTO,
        "incidencias_dia": incidencias_del_reporte(reporte),
        "tipos_incidencia": incidencias.TIPOS_SUGERIDOS,
        "severidades_incidencia": Severidad.choices,
        "foto_max_mb": round(settings.SASCOP_FOTO_MAX_BYTES / 1048576, 1),
        "puede_editar_recursos": usuario.has_perm(PERMISO_EDITAR),
        "puede_crear_incidencia": usuario.has_perm("costa_fuera.add_incidencia"),
        "puede_editar_incidencia": usuario.has_perm("costa_fuera.change_incidencia"),
        "puede_borrar_incidencia": usuario.has_perm("costa_fuera.delete_incidencia"),
    }
