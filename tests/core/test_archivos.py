"""Files kept in step with the database transaction: core.archivos.borrar_si_se_revierte / borrar_al_confirmar."""

import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.transaction import TransactionManagementError

from core.archivos import borrar_al_confirmar, borrar_si_se_revierte


class Falla(Exception):
    pass


@pytest.fixture
def almacen(tmp_path):
    return FileSystemStorage(location=tmp_path / "media")


def guardar(almacen, nombre="evidencia.pdf", contenido=b"%PDF-1.7\n") -> str:
    return almacen.save(nombre, ContentFile(contenido))


def guardar_provisional(almacen, nombre="evidencia.pdf") -> str:
    guardado = guardar(almacen, nombre)
    borrar_si_se_revierte(almacen, guardado)
    return guardado


# --- Inside the test's transaction (savepoints) ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_exception_leaving_the_block_deletes_the_file_it_stored(almacen):
    with pytest.raises(Falla), transaction.atomic():
        nombre = guardar_provisional(almacen)
        assert almacen.exists(nombre)
        raise Falla

    assert not almacen.exists(nombre)


@pytest.mark.django_db
def test_a_committed_block_keeps_its_file(almacen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as llamadas, transaction.atomic():
        nombre = guardar_provisional(almacen)

    assert len(llamadas) == 1
    assert almacen.exists(nombre)


@pytest.mark.django_db
def test_an_outer_block_that_rolls_back_later_deletes_the_file_of_a_finished_inner_block(almacen):
    with pytest.raises(Falla), transaction.atomic():
        with transaction.atomic():
            nombre = guardar_provisional(almacen)
        assert almacen.exists(nombre)  # the inner block ended well: nothing decided yet
        raise Falla

    assert not almacen.exists(nombre)


@pytest.mark.django_db
def test_only_the_rolled_back_savepoint_loses_its_file(almacen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queda = guardar_provisional(almacen, "queda.pdf")
        try:
            with transaction.atomic():
                se_va = guardar_provisional(almacen, "se_va.pdf")
                raise Falla
        except Falla:
            pass
        assert not almacen.exists(se_va)

    assert almacen.exists(queda)


@pytest.mark.django_db
def test_a_savepointless_inner_block_is_covered_when_the_outer_one_rolls_back(almacen):
    with pytest.raises(Falla), transaction.atomic():
        with transaction.atomic(savepoint=False):
            nombre = guardar_provisional(almacen)
        raise Falla

    assert not almacen.exists(nombre)


def test_it_refuses_to_run_outside_an_atomic_block(almacen):
    nombre = guardar(almacen)
    with pytest.raises(TransactionManagementError):
        borrar_si_se_revierte(almacen, nombre)
    assert almacen.exists(nombre)


@pytest.mark.django_db
def test_files_to_delete_on_commit_stay_until_the_commit(almacen, django_capture_on_commit_callbacks):
    viejos = [guardar(almacen, "uno.jpg"), guardar(almacen, "dos.jpg")]

    with django_capture_on_commit_callbacks(execute=False) as llamadas:
        with transaction.atomic():
            borrar_al_confirmar(almacen, [*viejos, ""])
        assert all(almacen.exists(n) for n in viejos)

    assert len(llamadas) == 1
    llamadas[0]()
    assert not any(almacen.exists(n) for n in viejos)


@pytest.mark.django_db
def test_files_to_delete_on_commit_stay_when_the_block_rolls_back(almacen, django_capture_on_commit_callbacks):
    viejo = guardar(almacen)

    with django_capture_on_commit_callbacks(execute=True) as llamadas, pytest.raises(Falla), transaction.atomic():
        borrar_al_confirmar(almacen, [viejo])
        raise Falla

    assert llamadas == [] and almacen.exists(viejo)


@pytest.mark.django_db
def test_a_file_that_cannot_be_deleted_is_logged_and_the_others_still_go(
    almacen, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    rebelde, normal = guardar(almacen, "rebelde.jpg"), guardar(almacen, "normal.jpg")
    borrar_original = almacen.delete

    def borrar(nombre):
        if nombre == rebelde:
            raise PermissionError("sin permiso")
        borrar_original(nombre)

    monkeypatch.setattr(almacen, "delete", borrar)
    caplog.set_level(logging.ERROR, logger="core.archivos")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        borrar_al_confirmar(almacen, [rebelde, normal])

    assert almacen.exists(rebelde) and not almacen.exists(normal)
    assert rebelde in caplog.text


# --- Real transactions (no test transaction around them) -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_keeps_the_file_and_a_real_rollback_deletes_it(almacen):
    with transaction.atomic():
        guardado = guardar_provisional(almacen, "guardado.pdf")
    assert almacen.exists(guardado)

    with pytest.raises(Falla), transaction.atomic():
        revertido = guardar_provisional(almacen, "revertido.pdf")
        raise Falla
    assert not almacen.exists(revertido)


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_is_kept_even_if_an_earlier_commit_callback_fails(almacen):
    def falla():
        raise Falla

    with pytest.raises(Falla), transaction.atomic():
        transaction.on_commit(falla)  # Django then drops the callbacks after it, ours included
        nombre = guardar_provisional(almacen)

    assert almacen.exists(nombre)
