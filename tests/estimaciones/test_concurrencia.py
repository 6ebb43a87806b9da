"""Estimations created at the same time (issue 6 acceptance): distinct consecutive folios, nothing billed twice.

The threaded tests need a server database with row locks (PostgreSQL, what CI runs); on SQLite, whose writes are
serialised anyway, they are skipped and the sequential checks below still pin the numbering.
"""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from operaciones.estimaciones.models import EstimacionDetalle, EstimacionHeader
from operaciones.estimaciones.services import crear as servicio_crear
from operaciones.estimaciones.services import estimacion_crear
from tests.estimaciones.datos import contrato_de, produccion_firmada
from tests.factories import ImportacionAnexoFactory, OTEFactory
from tests.produccion.datos import Familia, familia_con_anexo, lineas_crear

PAUSA = 0.5


def _misma_contrato(fam: Familia) -> Familia:
    """Another OT family whose annex uses `fam`'s concepts, so both bill the same contract."""
    ot = OTEFactory(fecha_inicio_programado=date(2025, 2, 1), fecha_termino_programado=date(2025, 5, 1))
    importacion = ImportacionAnexoFactory(ot=ot, es_activo=True)
    partidas = lineas_crear(importacion, fam.conceptos)
    return Familia(ot=ot, sitio=ot.id_embarcacion, partidas=partidas, importacion=importacion, conceptos=fam.conceptos)


def _crear(fam: Familia):
    return estimacion_crear(
        ot=fam.ot,
        fecha_desde=date(2025, 3, 1),
        fecha_hasta=date(2025, 3, 31),
        tipo_cambio=Decimal("18.2500"),
        usuario=None,
    )


def _en_paralelo(*tareas) -> list:
    """Run each callable in its own thread (own connection), released together; results or exceptions, in order."""
    salida: list = [None] * len(tareas)
    barrera = threading.Barrier(len(tareas))

    def correr(i, tarea):
        try:
            barrera.wait(timeout=10)
            salida[i] = tarea()
        except Exception as error:
            salida[i] = error
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=correr, args=(i, t)) for i, t in enumerate(tareas)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    return salida


def _lento(monkeypatch):
    """Hold each creation open after it has chosen its number, so without the lock both would choose the same."""
    original = servicio_crear._lineas_nuevas

    def lineas_lentas(cabecera, filas):
        time.sleep(PAUSA)
        return original(cabecera, filas)

    monkeypatch.setattr(servicio_crear, "_lineas_nuevas", lineas_lentas)


def _solo_servidor():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writes and has no row locks; CI runs this on PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_two_estimations_created_at_the_same_time_for_one_contract_get_distinct_consecutive_folios(
    semillas, monkeypatch
):
    _solo_servidor()
    uno = familia_con_anexo(2)
    dos = _misma_contrato(uno)
    produccion_firmada(uno, dias=3)
    produccion_firmada(dos, dias=3)
    _lento(monkeypatch)

    resultados = _en_paralelo(lambda: _crear(uno), lambda: _crear(dos))

    assert all(isinstance(r, EstimacionHeader) for r in resultados), resultados
    contrato = contrato_de(uno)
    numeros = sorted(EstimacionHeader.objects.filter(contrato=contrato).values_list("numero", flat=True))
    assert numeros == [1, 2]
    folios = sorted(EstimacionHeader.objects.values_list("folio", flat=True))
    assert folios == [f"EST-{contrato.numero_contrato}-0001", f"EST-{contrato.numero_contrato}-0002"]
    assert EstimacionDetalle.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_two_estimations_of_the_same_production_at_the_same_time_bill_it_once(semillas, monkeypatch):
    _solo_servidor()
    fam = familia_con_anexo(2)
    produccion_firmada(fam, dias=3)
    _lento(monkeypatch)

    resultados = _en_paralelo(lambda: _crear(fam), lambda: _crear(fam))

    creadas = [r for r in resultados if isinstance(r, EstimacionHeader)]
    rechazos = [r for r in resultados if isinstance(r, ValidationError)]
    assert (len(creadas), len(rechazos)) == (1, 1), resultados
    assert rechazos[0].messages[0].startswith("No hay producción por estimar en el periodo")
    assert EstimacionHeader.objects.count() == 1
    assert EstimacionDetalle.objects.filter(vigente=True).count() == 6


@pytest.mark.django_db
def test_estimations_created_one_after_another_for_one_contract_number_consecutively():
    uno = familia_con_anexo(1)
    dos = _misma_contrato(uno)
    produccion_firmada(uno, dias=1)
    produccion_firmada(dos, dias=1)

    primera, segunda = _crear(uno), _crear(dos)

    assert (primera.contrato_id, segunda.contrato_id) == (contrato_de(uno).pk,) * 2
    assert (primera.numero, segunda.numero) == (1, 2)


@pytest.mark.django_db
def test_a_second_estimation_over_the_same_production_finds_nothing_left():
    fam = familia_con_anexo(1)
    produccion_firmada(fam, dias=2)
    _crear(fam)
    with pytest.raises(ValidationError):
        _crear(fam)
    assert EstimacionDetalle.objects.count() == 2
