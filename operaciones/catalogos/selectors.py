"""Reads of the catalogue screens: list querysets with their joins, one row serialiser per catalogue."""

from django.db.models import Model, QuerySet

from .models import Cliente, Estatus, Frente, Paso, PasoOt, ResponsableProyecto, Sitio, Tipo, UnidadMedida


def _clave_comparacion(valor: str) -> str:
    return " ".join((valor or "").split()).casefold()


def valor_duplicado(
    modelo: type[Model], *, campo: str, valor: str, alcance: dict | None = None, excluir_pk: int | None = None
) -> bool:
    """True when an active row in the same scope has this value, ignoring case and repeated spaces."""
    existentes = modelo.objects.filter(activo=True, **(alcance or {}))
    if excluir_pk is not None:
        existentes = existentes.exclude(pk=excluir_pk)
    buscado = _clave_comparacion(valor)
    # Catalogues are small (hundreds of rows); comparing in Python keeps the space/case rule in one place.
    return any(_clave_comparacion(v) == buscado for v in existentes.values_list(campo, flat=True).iterator())


def catalogo_lista(modelo: type[Model], relacionados: tuple[str, ...] = ()) -> QuerySet:
    """Every row of a catalogue (active or not) with the joins its list shows; filters narrow it later."""
    return modelo.objects.select_related(*relacionados)


def catalogo_registro(modelo: type[Model], pk: int, relacionados: tuple[str, ...] = ()) -> Model | None:
    """One row by id, or None."""
    return modelo.objects.select_related(*relacionados).filter(pk=pk).first()


def _base(obj) -> dict:
    return {"id": obj.pk, "descripcion": obj.descripcion, "comentario": obj.comentario, "activo": obj.activo}


def _texto(obj) -> str:
    return str(obj) if obj is not None else ""


def fila_tipo(t: Tipo) -> dict:
    return {**_base(t), "nivel_afectacion": t.nivel_afectacion, "nivel": t.get_nivel_afectacion_display()}


def fila_estatus(e: Estatus) -> dict:
    return {**_base(e), "nivel_afectacion": e.nivel_afectacion, "nivel": e.get_nivel_afectacion_display()}


def fila_frente(f: Frente) -> dict:
    nivel = f.get_nivel_afectacion_display() if f.nivel_afectacion is not None else ""
    return {**_base(f), "nivel_afectacion": f.nivel_afectacion, "nivel": nivel}


def fila_sitio(s: Sitio) -> dict:
    return {
        **_base(s),
        "id_frente": s.id_frente_id,
        "frente": _texto(s.id_frente),
        "capacidad_pob": s.capacidad_pob,
    }


def fila_unidad_medida(u: UnidadMedida) -> dict:
    return {**_base(u), "clave": u.clave}


def fila_responsable(r: ResponsableProyecto) -> dict:
    usuario = r.usuario.get_username() if r.usuario is not None else ""
    return {**_base(r), "usuario_id": r.usuario_id, "usuario": usuario}


def fila_cliente(c: Cliente) -> dict:
    return {**_base(c), "id_tipo": c.id_tipo_id, "tipo": _texto(c.id_tipo)}


def fila_paso(p: Paso) -> dict:
    return {
        **_base(p),
        "orden": p.orden,
        "importancia": p.importancia,
        "tipo": p.tipo,
        "tipo_texto": p.get_tipo_display(),
        "paso_padre": _texto(p.paso_padre),
        "id_tipo_cliente": p.id_tipo_cliente_id,
        "tipo_cliente": _texto(p.id_tipo_cliente),
    }


def fila_paso_ot(p: PasoOt) -> dict:
    return {
        **_base(p),
        "orden": p.orden,
        "importancia": p.importancia,
        "tipo": p.tipo_id,
        "plantilla": _texto(p.tipo),
        "tipo_cliente": _texto(p.id_tipo_cliente),
        "paso_pte_origen": _texto(p.paso_pte_origen),
    }
