"""One normalisation of units for every import and form (operaciones/catalogos/unidades.py)."""

import pytest

from operaciones.catalogos.models import UnidadMedida
from operaciones.catalogos.unidades import LARGO_CLAVE, mapa_unidades, normalizar_unidad, unidad_nueva


@pytest.mark.parametrize(
    ("texto", "normal"),
    [
        ("TON ", "TON"),
        ("ton", "TON"),
        ("\xa0Ton\xa0", "TON"),
        ("Hom / Día", "HOM/DIA"),
        ("HOM/DÍA", "HOM/DIA"),
        ("h - h", "H-H"),
        ("M2 / DÍA", "M2/DIA"),
        ("m²", "M2"),
        ("metro   lineal", "METRO LINEAL"),
        ("Serv/\tdía\n", "SERV/DIA"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_a_unit_is_compared_by_its_normalised_text(texto, normal):
    assert normalizar_unidad(texto) == normal


def test_variants_of_the_same_unit_normalise_alike():
    variantes = {"JORNADA", "jornada", " Jornada ", "JORNADA\xa0"}
    assert {normalizar_unidad(v) for v in variantes} == {"JORNADA"}
    assert normalizar_unidad("DÍA") == normalizar_unidad("DIA") == normalizar_unidad("día")


@pytest.fixture
def unidades(db):
    UnidadMedida.objects.all().delete()
    return {
        "ton": UnidadMedida.objects.create(clave="TON", descripcion="Tonelada"),
        "hom_dia": UnidadMedida.objects.create(clave="HOM/DÍA", descripcion="Hombre por día"),
        "inactiva": UnidadMedida.objects.create(clave="LOTE", descripcion="Lote", activo=False),
    }


def test_the_map_finds_a_unit_by_clave_or_description_in_one_query(unidades, django_assert_num_queries):
    with django_assert_num_queries(1):
        mapa = mapa_unidades()
    assert mapa[normalizar_unidad("ton ")] == unidades["ton"]
    assert mapa[normalizar_unidad("TONELADA")] == unidades["ton"]
    assert mapa[normalizar_unidad("hom / dia")] == unidades["hom_dia"]
    assert mapa[normalizar_unidad("Hombre  por  DÍA")] == unidades["hom_dia"]


def test_inactive_units_are_left_out_unless_asked_for(unidades):
    assert "LOTE" not in mapa_unidades()
    con_inactivas = mapa_unidades(incluir_inactivas=True)
    assert con_inactivas["LOTE"] == unidades["inactiva"] and not con_inactivas["LOTE"].activo


def test_a_clave_wins_over_another_units_description(unidades):
    # a unit whose description reads like another unit's clave does not hide that unit
    metro = UnidadMedida.objects.create(clave="MT", descripcion="TON")
    mapa = mapa_unidades()
    assert mapa["TON"] == unidades["ton"]
    assert mapa["MT"] == metro


def test_an_inactive_unit_never_hides_an_active_one(unidades):
    # fixed: with inactive units included, an inactive clave used to replace an active unit's description
    UnidadMedida.objects.create(clave="TONELADA", descripcion="Tonelada vieja", activo=False)
    activa = UnidadMedida.objects.create(clave="KG", descripcion="JUNTA")
    UnidadMedida.objects.create(clave="JUNTA", descripcion="Junta (anterior)", activo=False)
    mapa = mapa_unidades(incluir_inactivas=True)
    assert mapa["TONELADA"] == unidades["ton"]
    assert mapa["JUNTA"] == activa


def test_of_two_units_with_the_same_clave_the_active_one_with_the_lowest_id_wins(unidades):
    UnidadMedida.objects.create(clave="ton", descripcion="TON (duplicada)")
    vieja = UnidadMedida.objects.create(clave="HOM/DIA", descripcion="Hom-día inactiva", activo=False)
    mapa = mapa_unidades(incluir_inactivas=True)
    assert mapa["TON"] == unidades["ton"]
    assert mapa["HOM/DIA"] == unidades["hom_dia"] and mapa["HOM/DIA"] != vieja


def test_a_blank_description_does_not_make_a_blank_text_match(unidades):
    # fixed: a unit saved without description used to be found for an empty cell
    UnidadMedida.objects.create(clave="SIN", descripcion="")
    mapa = mapa_unidades()
    assert "" not in mapa
    assert mapa["SIN"].clave == "SIN"


def test_a_new_unit_keeps_the_text_as_written_and_is_not_saved(db):
    nueva = unidad_nueva("  pza.\xa0 ")
    assert nueva.pk is None
    assert (nueva.clave, nueva.descripcion, nueva.activo) == ("PZA.", "PZA.", True)
    assert "revisar" in nueva.comentario
    larga = unidad_nueva("servicio  mensual por equipo")
    assert larga.clave == "SERVICIO MENSUAL POR EQUIPO"[:LARGO_CLAVE] and len(larga.clave) == LARGO_CLAVE
    assert larga.descripcion == "SERVICIO MENSUAL POR EQUIPO"
    # once saved, the same text finds it by its description even though the clave was cut
    larga.save()
    assert mapa_unidades()[normalizar_unidad("Servicio mensual por equipo")] == larga
