"""Building blocks of the catalogue tests: rows every catalogue's form needs, made here (not from the seed)."""

from dataclasses import dataclass
from itertools import count

import pytest

from operaciones.catalogos.constantes import NivelEstatus, NivelFrente, NivelTipo
from operaciones.catalogos.models import (
    Cliente,
    Estatus,
    Frente,
    Paso,
    PasoOt,
    ResponsableProyecto,
    Sitio,
    Tipo,
    TipoPaso,
    UnidadMedida,
)

_numero = count(1)


@dataclass
class Base:
    tipo_cliente: Tipo
    tipo_ot: Tipo
    tipo_pte: Tipo
    categoria_sitio: Frente
    frente_ot: Frente
    paso: Paso


@pytest.fixture
def base(db) -> Base:
    tipo_cliente = Tipo.objects.create(descripcion="CLIENTE PRUEBA", nivel_afectacion=NivelTipo.CLIENTE)
    return Base(
        tipo_cliente=tipo_cliente,
        tipo_ot=Tipo.objects.create(descripcion="PLANTILLA PRUEBA", nivel_afectacion=NivelTipo.OT),
        tipo_pte=Tipo.objects.create(descripcion="PTE PRUEBA", nivel_afectacion=NivelTipo.PTE),
        categoria_sitio=Frente.objects.create(descripcion="CATEGORIA PRUEBA", nivel_afectacion=NivelFrente.SITIOS),
        frente_ot=Frente.objects.create(descripcion="FRENTE PRUEBA", nivel_afectacion=NivelFrente.OTS),
        paso=Paso.objects.create(descripcion="PASO PADRE PRUEBA", orden="90", id_tipo_cliente=tipo_cliente),
    )


def datos_validos(clave: str, base: Base, descripcion: str) -> dict:
    """A POST body that creates a row of that catalogue."""
    comunes = {"descripcion": descripcion, "comentario": "creado en prueba"}
    por_catalogo = {
        "tipos": {"nivel_afectacion": NivelTipo.PTE.value},
        "estatus": {"nivel_afectacion": NivelEstatus.PASO.value},
        "frentes": {"nivel_afectacion": NivelFrente.OTS.value},
        "sitios": {"id_frente": base.categoria_sitio.pk, "capacidad_pob": "40"},
        "unidad_medida": {"clave": f"U{next(_numero)}"},
        "responsable": {"usuario": ""},
        "cliente": {"id_tipo": base.tipo_cliente.pk},
        "pasos": {
            "orden": "9.1",
            "tipo": TipoPaso.SUBPASO.value,
            "paso_padre": base.paso.pk,
            "id_tipo_cliente": base.tipo_cliente.pk,
            "importancia": "2.50",
        },
        "pasos_ot": {
            "orden": "7",
            "tipo": base.tipo_ot.pk,
            "id_tipo_cliente": base.tipo_cliente.pk,
            "importancia": "1",
        },
    }
    return {**comunes, **por_catalogo[clave]}


def crear_fila(clave: str, base: Base, descripcion: str, *, activo: bool = True):
    """A row straight in the database (for list and query-count tests)."""
    comunes = {"descripcion": descripcion, "activo": activo}
    fabricas = {
        "tipos": lambda: Tipo.objects.create(nivel_afectacion=NivelTipo.PTE, **comunes),
        "estatus": lambda: Estatus.objects.create(nivel_afectacion=NivelEstatus.PASO, **comunes),
        "frentes": lambda: Frente.objects.create(nivel_afectacion=NivelFrente.OTS, **comunes),
        "sitios": lambda: Sitio.objects.create(id_frente=base.categoria_sitio, **comunes),
        "unidad_medida": lambda: UnidadMedida.objects.create(clave=f"F{next(_numero)}", **comunes),
        "responsable": lambda: ResponsableProyecto.objects.create(**comunes),
        "cliente": lambda: Cliente.objects.create(id_tipo=base.tipo_cliente, **comunes),
        "pasos": lambda: Paso.objects.create(
            orden="1", tipo=TipoPaso.SUBPASO, paso_padre=base.paso, id_tipo_cliente=base.tipo_cliente, **comunes
        ),
        "pasos_ot": lambda: PasoOt.objects.create(
            orden="1", tipo=base.tipo_ot, id_tipo_cliente=base.tipo_cliente, paso_pte_origen=base.paso, **comunes
        ),
    }
    return fabricas[clave]()
