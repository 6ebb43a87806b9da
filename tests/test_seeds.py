"""seed_catalogos: exact ids of the original, idempotent, respects admin edits, leaves sequences usable."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from operaciones.catalogos.constantes import (
    ClienteId,
    EstatusId,
    FrenteId,
    NivelEstatus,
    NivelFrente,
    NivelTipo,
    TipoId,
)
from operaciones.catalogos.management.commands.seed_catalogos import TABLAS
from operaciones.catalogos.models import (
    Cliente,
    Estatus,
    Frente,
    Paso,
    PasoOt,
    Sitio,
    Tipo,
    TipoPaso,
    UnidadMedida,
)

pytestmark = pytest.mark.django_db

MUESTRAS = Path("/work/shared/samples")


def _foto():
    return {modelo.__name__: list(modelo.objects.order_by("pk").values()) for modelo, _, _ in TABLAS}


def _sembrar() -> str:
    salida = io.StringIO()
    call_command("seed_catalogos", stdout=salida)
    return salida.getvalue()


def _lineas_resumen(salida: str) -> list[str]:
    return [linea for linea in salida.splitlines() if "creados" in linea]


def test_second_run_changes_nothing_and_says_so():
    antes = _foto()

    salida = _sembrar()

    assert _foto() == antes
    resumen = _lineas_resumen(salida)
    assert len(resumen) == len(TABLAS)
    assert all("creados 0, actualizados 0," in linea for linea in resumen), resumen


def test_seed_creates_every_row_on_an_empty_catalogue_then_is_stable():
    Paso.objects.filter(paso_padre__isnull=False).delete()
    for modelo in (PasoOt, Paso, Sitio, Cliente, UnidadMedida, Frente, Estatus, Tipo):
        modelo.objects.all().delete()

    primera = _sembrar()
    despues_primera = _foto()
    segunda = _sembrar()

    assert "Tipos: creados 18, actualizados 0, sin cambios 0" in primera
    assert "Estatus: creados 20, actualizados 0, sin cambios 0" in primera
    assert "Frentes: creados 7, actualizados 0, sin cambios 0" in primera
    assert _foto() == despues_primera
    assert all("creados 0, actualizados 0," in linea for linea in _lineas_resumen(segunda))


def test_seed_corrects_owned_fields_but_keeps_admin_choices():
    estatus = Estatus.objects.get(pk=EstatusId.COMPLETADO)
    estatus.descripcion = "TERMINADO A MANO"
    estatus.activo = False
    estatus.comentario = "Nota del administrador"
    estatus.save()
    Sitio.objects.filter(pk=1).update(capacidad_pob=75)

    salida = _sembrar()

    estatus.refresh_from_db()
    assert estatus.descripcion == "COMPLETADO"
    assert estatus.activo is False
    assert estatus.comentario == "Nota del administrador"
    assert Sitio.objects.get(pk=1).capacidad_pob == 75
    assert "Estatus: creados 0, actualizados 1, sin cambios 19" in salida


def test_every_estatus_id_has_its_description_and_level():
    niveles = {
        NivelEstatus.PASO: [1, 2, 3, 4, 14, 15],
        NivelEstatus.OT: [5, 6, 7, 8, 9, 10, 11, 16],
        NivelEstatus.COBRO: [12, 13],
        NivelEstatus.REPORTE_DIARIO: [17, 18, 19, 20],
    }
    filas = Estatus.objects.in_bulk()
    assert sorted(filas) == list(range(1, 21))
    for nivel, ids in niveles.items():
        for pk in ids:
            assert filas[pk].nivel_afectacion == nivel, pk
    for estatus in EstatusId:
        assert filas[estatus.value].descripcion == estatus.label
    assert filas[EstatusId.COBRO_PENDIENTE].descripcion == "POR ESTIMAR"
    assert filas[EstatusId.FIRMADO].descripcion == "FIRMADO"


def test_every_tipo_id_has_its_level():
    niveles = {
        NivelTipo.PTE: [1, 2, 3, 10, 11, 12, 13, 14, 17, 19, 20],
        NivelTipo.OT: [4, 5, 18],
        NivelTipo.PARTIDA: [6, 7],
        NivelTipo.CLIENTE: [15, 16],
    }
    filas = Tipo.objects.in_bulk()
    for nivel, ids in niveles.items():
        for pk in ids:
            assert filas[pk].nivel_afectacion == nivel, pk
    for tipo in TipoId:
        assert filas[tipo.value].descripcion == tipo.label


def test_frentes_split_between_ot_fronts_and_site_categories():
    filas = Frente.objects.in_bulk()
    assert {pk for pk, f in filas.items() if f.nivel_afectacion == NivelFrente.OTS} == {
        FrenteId.TIERRA,
        FrenteId.BARCO,
        FrenteId.CP_PS,
    }
    assert {pk for pk, f in filas.items() if f.nivel_afectacion == NivelFrente.SITIOS} == {
        FrenteId.PATIO,
        FrenteId.INTERCOM,
        FrenteId.EMBARCACION,
        FrenteId.PLATAFORMA,
    }
    for frente in FrenteId:
        assert filas[frente.value].descripcion == frente.label


def test_pemex_is_the_contract_client_and_2_to_4_are_intercom():
    assert Cliente.objects.get(pk=ClienteId.PEMEX).id_tipo_id == TipoId.CLIENTE_CONTRATO
    intercom = Cliente.objects.filter(pk__in=[2, 3, 4])
    assert intercom.count() == 3
    assert set(intercom.values_list("id_tipo_id", flat=True)) == {TipoId.CLIENTE_INTERCOM}


def test_units_of_the_original_keep_their_ids():
    esperadas = {1: "PIEZA", 4: "COMIDA", 5: "DÍA", 7: "H-H", 8: "HOM/DÍA", 10: "JORNADA", 15: "TON", 17: "M2/DÍA"}
    filas = UnidadMedida.objects.in_bulk()
    for pk, clave in esperadas.items():
        assert filas[pk].clave == clave


def test_every_unit_written_in_the_contract_workbook_exists():
    libro = openpyxl.load_workbook(MUESTRAS / "ANEXO_C_CONTRATO.xlsx", read_only=True)
    unidades = set()
    for hoja in libro.worksheets:
        columna = None
        for fila in hoja.iter_rows(values_only=True):
            if columna is None:
                columna = next(
                    (i for i, v in enumerate(fila) if isinstance(v, str) and v.strip().upper() in {"UNIDAD", "UNID."}),
                    None,
                )
                continue
            if columna < len(fila) and isinstance(fila[columna], str) and fila[columna].strip():
                unidades.add(fila[columna].strip().upper())
    libro.close()
    claves = set(UnidadMedida.objects.values_list("clave", flat=True))
    assert unidades
    assert unidades <= claves, unidades - claves


def test_vessels_one_and_two_are_vessels_with_capacity():
    for pk in (1, 2, 3):
        sitio = Sitio.objects.get(pk=pk)
        assert sitio.id_frente_id == FrenteId.EMBARCACION
        assert sitio.capacidad_pob
    assert Sitio.objects.filter(id_frente=FrenteId.PLATAFORMA, descripcion="AKAL-C").exists()
    assert Sitio.objects.filter(id_frente=FrenteId.PATIO).exists()
    assert Sitio.objects.filter(id_frente=FrenteId.INTERCOM).exists()


def test_paso_4_is_volumetria_with_its_deliverables():
    volumetria = Paso.objects.get(pk=4)
    assert volumetria.descripcion == "Volumetría"
    assert volumetria.tipo == TipoPaso.PRINCIPAL
    assert volumetria.orden == "4"
    assert volumetria.id_tipo_cliente_id == TipoId.CLIENTE_CONTRATO
    entregables = volumetria.subpasos.all()
    assert entregables.count() >= 4
    assert {p.tipo for p in entregables} == {TipoPaso.SUBPASO}


def test_each_client_type_has_main_steps():
    for tipo_cliente in (TipoId.CLIENTE_CONTRATO, TipoId.CLIENTE_INTERCOM):
        principales = Paso.objects.filter(id_tipo_cliente=tipo_cliente, tipo=TipoPaso.PRINCIPAL)
        assert principales.count() >= 5
    contrato = Paso.objects.filter(id_tipo_cliente=TipoId.CLIENTE_CONTRATO, tipo=TipoPaso.PRINCIPAL)
    assert sorted(int(p.orden) for p in contrato) == list(range(1, 13))


def test_ot_templates_exist_and_carry_pte_deliverables():
    for plantilla in (TipoId.OT_INICIAL, TipoId.OT_REPROGRAMACION, TipoId.PLANTILLA_INTERCOM):
        pasos = PasoOt.objects.filter(tipo=plantilla)
        assert pasos.count() >= 5, plantilla
        assert pasos.filter(paso_pte_origen__isnull=False).exists(), plantilla
    inicial = PasoOt.objects.filter(tipo=TipoId.OT_INICIAL)
    assert inicial.filter(paso_pte_origen=4).exists()
    programa = inicial.get(paso_pte_origen__descripcion="Programa de ejecución")
    assert "Programa de ejecución" in programa.descripcion
    # The mapping never crosses client types: an intercom OT step is fed by an intercom PTE step.
    for paso in PasoOt.objects.filter(paso_pte_origen__isnull=False).select_related("paso_pte_origen"):
        assert paso.paso_pte_origen.id_tipo_cliente_id == paso.id_tipo_cliente_id


def test_new_rows_after_seeding_get_fresh_ids():
    _sembrar()

    tipo = Tipo.objects.create(descripcion="NUEVO TIPO", nivel_afectacion=NivelTipo.PTE)
    sitio = Sitio.objects.create(descripcion="NUEVA PLATAFORMA", id_frente_id=FrenteId.PLATAFORMA)
    unidad = UnidadMedida.objects.create(clave="LT", descripcion="LITRO")
    paso = Paso.objects.create(descripcion="Paso nuevo", orden="99", id_tipo_cliente_id=TipoId.CLIENTE_CONTRATO)
    paso_ot = PasoOt.objects.create(descripcion="Paso OT nuevo", orden="99", tipo_id=TipoId.OT_INICIAL)
    estatus = Estatus.objects.create(descripcion="NUEVO", nivel_afectacion=NivelEstatus.OT)

    assert tipo.pk > max(TipoId.values)
    assert estatus.pk > max(EstatusId.values)
    assert sitio.pk > 16
    assert unidad.pk > 19
    assert paso.pk > 25
    assert paso_ot.pk > 32


def test_starter_rows_of_a_moved_database_are_never_renamed():
    # A database moved over from the original system has its own platform and steps under these ids.
    Sitio.objects.filter(pk=9).update(descripcion="PLATAFORMA REAL DEL CLIENTE")
    Paso.objects.filter(pk=1).update(descripcion="Paso propio de la oficina")
    UnidadMedida.objects.filter(pk=1).update(descripcion="PZA")

    _sembrar()

    assert Sitio.objects.get(pk=9).descripcion == "PLATAFORMA REAL DEL CLIENTE"
    assert Paso.objects.get(pk=1).descripcion == "Paso propio de la oficina"
    assert UnidadMedida.objects.get(pk=1).descripcion == "PZA"
