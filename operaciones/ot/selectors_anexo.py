"""Reads of an OT's annex (Anexo C lines it was given, reference §3.5): its versions, their lines and programme.

Every upload is a version of the annex (ImportacionAnexo); one is active, the earlier ones stay readable, because
production captured against their lines keeps pointing at them.
"""

from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.money import redondear_centavos

from .models import OTE, ImportacionAnexo, PartidaAnexoImportada

PALABRAS_MAXIMAS = 6


def versiones_anexo(ot: OTE) -> QuerySet:
    """Every upload of the OT's annex, newest first, with who uploaded it and its line count."""
    return (
        ImportacionAnexo.objects.filter(ot=ot)
        .select_related("usuario_carga")
        .annotate(lineas=Count("partidas"))
        .order_by("-fecha_carga", "-pk")
    )


def version_anexo(ot: OTE, version_id: int | None = None) -> ImportacionAnexo | None:
    """The version asked for (only among this OT's), or else the active one (the newest when none is active)."""
    versiones = ImportacionAnexo.objects.filter(ot=ot)
    if version_id is not None:
        return versiones.filter(pk=version_id).first()
    return versiones.order_by("-es_activo", "-fecha_carga", "-pk").first()


def version_activa(ot: OTE) -> ImportacionAnexo | None:
    """The OT's active annex version, or None."""
    return ImportacionAnexo.objects.filter(ot=ot, es_activo=True).first()


def partidas_de_version(importacion: ImportacionAnexo | None) -> QuerySet:
    """The lines of one annex version with their unit (no version: no lines)."""
    if importacion is None:
        return PartidaAnexoImportada.objects.none()
    return PartidaAnexoImportada.objects.filter(importacion_anexo=importacion).select_related("unidad_medida")


def anotar_partidas(consulta: QuerySet) -> QuerySet:
    """How many days each line has a programmed volume (date columns of the annex workbook)."""
    con_volumen = Q(programacion_diaria__volumen_programado__gt=0)
    return consulta.annotate(dias_programados=Count("programacion_diaria", filter=con_volumen))


def partidas_filtrar(consulta: QuerySet, *, anexo: str = "", texto: str = "") -> QuerySet:
    """Lines of one sub-anexo (as written in the file) and/or whose code or description holds every word typed."""
    if anexo:
        consulta = consulta.filter(anexo__iexact=anexo)
    for palabra in texto.split()[:PALABRAS_MAXIMAS]:
        campos = ("id_partida", "descripcion_concepto", "unidad_medida__clave")
        consulta = consulta.filter(reduce(or_, (Q(**{f"{c}__icontains": palabra}) for c in campos)))
    return consulta


def anexos_de_version(importacion: ImportacionAnexo | None) -> list[dict]:
    """The sub-anexos a version's lines belong to, with their line counts (the table's anexo filter)."""
    if importacion is None:
        return []
    filas = (
        PartidaAnexoImportada.objects.filter(importacion_anexo=importacion)
        .order_by()
        .values("anexo")
        .annotate(lineas=Count("pk"))
        .order_by("anexo")
    )
    return [{"anexo": f["anexo"], "lineas": f["lineas"]} for f in filas]


# --- Serialisers (money and quantities travel as strings: the browser never does arithmetic on them) -----------


def cantidad_texto(valor: Decimal | None) -> str:
    """A quantity without trailing zeros and never in exponent form (100.000000 → "100")."""
    if valor is None:
        return ""
    return format(valor.normalize(), "f")


def dinero_texto(valor) -> str | None:
    """Money rounded by the house policy, as text ("1234.50"); None stays None."""
    return None if valor is None else str(redondear_centavos(valor))


def nombre_usuario(usuario) -> str:
    if usuario is None:
        return ""
    return usuario.get_full_name() or usuario.get_username()


def fila_partida(p: PartidaAnexoImportada) -> dict:
    """A row of the annex lines table, importes = volumen PTE × P.U. rounded to cents."""
    return {
        "id": p.pk,
        "orden_fila": p.orden_fila,
        "anexo": p.anexo,
        "id_partida": p.id_partida,
        "descripcion_concepto": p.descripcion_concepto,
        "unidad": p.unidad_medida.clave,
        "volumen_proyectado": cantidad_texto(p.volumen_proyectado),
        "precio_unitario_mn": str(p.precio_unitario_mn),
        "precio_unitario_usd": str(p.precio_unitario_usd),
        "importe_mn": dinero_texto(p.volumen_proyectado * p.precio_unitario_mn),
        "importe_usd": dinero_texto(p.volumen_proyectado * p.precio_unitario_usd),
        "dias_programados": getattr(p, "dias_programados", 0),
        "concepto_id": p.concepto_id,
    }


def version_como_dict(v: ImportacionAnexo) -> dict:
    """One entry of the versions list (annotated by `versiones_anexo`)."""
    return {
        "id": v.pk,
        "fecha_carga": timezone.localtime(v.fecha_carga).strftime("%d/%m/%Y %H:%M") if v.fecha_carga else "",
        "nombre_archivo": v.nombre_archivo or (v.archivo_excel.name.rsplit("/", 1)[-1] if v.archivo_excel else ""),
        "usuario": nombre_usuario(v.usuario_carga),
        "modo": v.modo,
        "modo_texto": v.get_modo_display(),
        "lineas": getattr(v, "lineas", v.total_registros),
        "total_mn": dinero_texto(v.total_mn),
        "total_usd": dinero_texto(v.total_usd),
        "tipo_cambio": None if v.tipo_cambio is None else str(v.tipo_cambio),
        "es_activo": v.es_activo,
    }
