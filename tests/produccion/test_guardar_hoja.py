"""Saving a month production sheet (issue 5 items 3 and 4): one request, one transaction, every cell validated."""

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Evento, RegistroActividad
from operaciones.catalogos.constantes import EstatusId
from operaciones.estimaciones.models import EstimacionDetalle, EstimacionHeader
from operaciones.ot.models import PartidaAnexoImportada
from operaciones.produccion.models import Produccion, RegistroGPU, ReporteMensual, TipoTiempo
from operaciones.produccion.services import produccion_guardar_hoja
from tests.factories import ImportacionAnexoFactory, OTEFactory, SitioFactory
from tests.produccion.datos import (
    conceptos_crear,
    cuerpo_hoja,
    familia_con_anexo,
    firmar_dia,
    lineas_crear,
    producir,
    valores_mes,
)

pytestmark = pytest.mark.django_db

URL = "/operaciones/produccion/guardar_produccion_masiva/"


def guardar(cliente, cuerpo):
    return cliente.post(URL, data=json.dumps(cuerpo), content_type="application/json")


def vacios() -> list:
    return [None] * 31


def con(dia: int, valor, base=None) -> list:
    valores = list(base) if base is not None else vacios()
    valores[dia - 1] = valor
    return valores


def guardar_servicio(fam, valores_por_partida, *, usuario=None, tipo="TE", sitio=None, mes=3, anio=2025, **extra):
    partidas = [{"id_partida_imp": p.pk, "codigo": p.id_partida, "valores": v} for p, v in valores_por_partida]
    return produccion_guardar_hoja(
        ot=extra.pop("ot", fam.ot),
        mes=mes,
        anio=anio,
        tipo_tiempo=tipo,
        sitio=sitio or fam.sitio,
        partidas=partidas,
        usuario=usuario,
        **extra,
    )


# --- Acceptance: through the JSON endpoint ------------------------------------------------------------------------


def test_a_sheet_of_200_concepts_by_31_days_saves_in_one_request_and_resaving_changes_nothing(
    cliente_capturista, django_assert_max_num_queries
):
    fam = familia_con_anexo(200)
    cuerpo = cuerpo_hoja(fam)

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 200, respuesta.content
    datos = respuesta.json()
    assert datos["exito"] is True and datos["tipo_aviso"] == "exito"
    assert (datos["creados"], datos["actualizados"], datos["eliminados"]) == (6200, 0, 0)
    assert Produccion.objects.filter(id_partida_anexo__in=fam.partidas).count() == 6200
    assert set(Produccion.objects.values_list("volumen_produccion", flat=True)) == {Decimal("1.5")}
    # Bulk writes: the query count does not grow with the 6 200 cells.
    with django_assert_max_num_queries(60):
        otra = guardar(cliente_capturista, cuerpo)

    assert otra.status_code == 200
    assert otra.json() | {"detalles": ""} == {
        "exito": True,
        "tipo_aviso": "exito",
        "detalles": "",
        "creados": 0,
        "actualizados": 0,
        "eliminados": 0,
        "sin_cambios": 6200,
        "excedentes_cambiados": 0,
    }
    assert "Sin cambios" in otra.json()["detalles"]
    assert Produccion.objects.count() == 6200


def test_a_changed_value_on_a_signed_day_is_refused_in_spanish_and_nothing_is_saved(cliente_capturista):
    fam = familia_con_anexo(2)
    firmar_dia(fam.ot, SitioFactory(), date(2025, 3, 5))  # signed at another site: the day is closed anyway
    cuerpo = cuerpo_hoja(fam)

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 400
    datos = respuesta.json()
    assert datos["exito"] is False and datos["tipo_aviso"] == "error"
    assert datos["detalles"] == "2.1. día 5: día bloqueado (Reporte diario firmado); no admite cambios."
    assert set(datos["errores"]) == {"partidas[0].valores[4]", "partidas[1].valores[4]"}
    assert Produccion.objects.count() == 0  # all or nothing: the other 60 cells were not saved either


def test_an_unchanged_value_on_a_signed_day_is_accepted(cliente_capturista):
    fam = familia_con_anexo(1)
    producir(fam.partidas[0], date(2025, 3, 5), "1.5", sitio=fam.sitio)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 5))

    respuesta = guardar(cliente_capturista, cuerpo_hoja(fam))

    assert respuesta.status_code == 200, respuesta.content
    assert respuesta.json()["creados"] == 30
    assert respuesta.json()["sin_cambios"] == 1


def test_clearing_a_value_on_a_signed_day_is_refused(cliente_capturista):
    fam = familia_con_anexo(1)
    producir(fam.partidas[0], date(2025, 3, 5), "1.5", sitio=fam.sitio)
    firmar_dia(fam.ot, fam.sitio, date(2025, 3, 5))

    respuesta = guardar(cliente_capturista, cuerpo_hoja(fam, valores=con(5, "")))

    assert respuesta.status_code == 400
    assert "Reporte diario firmado" in respuesta.json()["errores"]["partidas[0].valores[4]"][0]
    assert Produccion.objects.get().volumen_produccion == Decimal("1.5")


def test_a_value_outside_the_validity_window_is_refused():
    fam = familia_con_anexo(1, fecha_inicio_programado=date(2025, 3, 10), fecha_inicio_real=None)

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(9, "2"))])

    assert rechazo.value.message_dict == {
        "partidas[0].valores[8]": [
            "2.1. día 9: día bloqueado (Fuera de la vigencia de la OT (10/03/2025 – 30/04/2025)); no admite cambios."
        ]
    }


@pytest.mark.parametrize(
    ("valor", "mensaje"),
    [
        (-1, "2.1. día 5: el volumen no puede ser negativo."),
        ("-0.5", "2.1. día 5: el volumen no puede ser negativo."),
        ("abc", "2.1. día 5: «abc» no es un número válido."),
        ("1,5", "2.1. día 5: «1,5» no es un número válido."),
        ("NaN", "2.1. día 5: «NaN» no es un número válido."),
        ("Infinity", "2.1. día 5: «Infinity» no es un número válido."),
        (True, "2.1. día 5: el valor no es un número válido."),
        ({"a": 1}, "2.1. día 5: el valor no es un número válido."),
        ("1.1234567", "2.1. día 5: el volumen admite a lo más 6 decimales."),
        ("1000000000", "2.1. día 5: el volumen admite a lo más 9 dígitos enteros."),
        ("1e12", "2.1. día 5: el volumen admite a lo más 9 dígitos enteros."),
        ("9" * 60, "2.1. día 5: el valor no es un número válido."),
    ],
)
def test_an_invalid_value_is_refused_naming_the_concept_and_the_day(cliente_capturista, valor, mensaje):
    fam = familia_con_anexo(1)

    respuesta = guardar(cliente_capturista, cuerpo_hoja(fam, valores=con(5, valor, valores_mes(3, 2025))))

    assert respuesta.status_code == 400
    assert respuesta.json()["errores"] == {"partidas[0].valores[4]": [mensaje]}
    assert respuesta.json()["detalles"] == mensaje
    assert Produccion.objects.count() == 0


def test_every_invalid_cell_is_reported_not_only_the_first():
    fam = familia_con_anexo(2)

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(1, "x", con(2, "-1"))), (fam.partidas[1], con(31, "1e-9"))])

    assert set(rechazo.value.message_dict) == {
        "partidas[0].valores[0]",
        "partidas[0].valores[1]",
        "partidas[1].valores[30]",
    }
    assert rechazo.value.message_dict["partidas[1].valores[30]"] == [
        "3.1. día 31: el volumen admite a lo más 6 decimales."
    ]


def test_values_with_trailing_zeros_numbers_and_six_decimals_are_accepted():
    fam = familia_con_anexo(1)
    valores = con(1, 2, con(2, 0.25, con(3, "1.500000", con(4, " 7 ", con(5, "123456789.123456")))))

    r = guardar_servicio(fam, [(fam.partidas[0], valores)])

    assert r.creados == 5
    guardados = dict(Produccion.objects.values_list("fecha_produccion__day", "volumen_produccion"))
    assert guardados == {
        1: Decimal("2"),
        2: Decimal("0.25"),
        3: Decimal("1.5"),
        4: Decimal("7"),
        5: Decimal("123456789.123456"),
    }


def test_a_value_beyond_the_length_of_the_month_is_refused():
    fam = familia_con_anexo(1, mes=2, anio=2025)

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(29, "1"))], mes=2)

    assert rechazo.value.message_dict == {"partidas[0].valores[28]": ["2.1. día 29: el mes sólo tiene 28 días."]}


# --- Upsert semantics ----------------------------------------------------------------------------------------------


def test_changing_clearing_and_zeroing_cells_updates_and_deletes_rows_keeping_their_ids():
    fam = familia_con_anexo(1)
    partida = fam.partidas[0]
    guardar_servicio(fam, [(partida, con(1, "1", con(2, "2", con(3, "3"))))])
    ids = dict(Produccion.objects.values_list("fecha_produccion__day", "pk"))

    r = guardar_servicio(fam, [(partida, con(1, "1.25", con(2, "", con(3, 0, con(4, "4")))))])

    assert (r.creados, r.actualizados, r.eliminados, r.sin_cambios) == (1, 1, 2, 0)
    filas = dict(Produccion.objects.values_list("fecha_produccion__day", "pk"))
    assert set(filas) == {1, 4}
    assert filas[1] == ids[1]
    assert Produccion.objects.get(pk=ids[1]).volumen_produccion == Decimal("1.25")


def test_days_not_sent_and_the_other_time_type_and_site_are_left_alone():
    fam = familia_con_anexo(1)
    partida = fam.partidas[0]
    otro_sitio = SitioFactory()
    cma = producir(partida, date(2025, 3, 1), "9", sitio=fam.sitio, tipo_tiempo=TipoTiempo.CMA)
    ajena = producir(partida, date(2025, 3, 1), "8", sitio=otro_sitio)
    dia_20 = producir(partida, date(2025, 3, 20), "7", sitio=fam.sitio)

    r = guardar_servicio(fam, [(partida, ["1", "", None])])  # only days 1–3 sent

    assert (r.creados, r.eliminados) == (1, 0)
    assert Produccion.objects.filter(pk__in=[cma.pk, ajena.pk, dia_20.pk]).count() == 3


def test_a_row_captured_against_an_older_annex_version_is_updated_in_place():
    fam = familia_con_anexo(1, con_reprogramacion=True)
    nueva = ImportacionAnexoFactory(ot=fam.reprogramacion, es_activo=True)
    [linea_nueva] = lineas_crear(nueva, fam.conceptos, volumen="150")
    vieja = producir(fam.partidas[0], date(2025, 3, 2), "3", sitio=fam.sitio)

    r = guardar_servicio(fam, [(linea_nueva, con(2, "3", con(3, "4")))])

    assert (r.creados, r.actualizados, r.sin_cambios) == (1, 0, 1)
    vieja.refresh_from_db()
    assert vieja.id_partida_anexo_id == fam.partidas[0].pk
    assert Produccion.objects.get(fecha_produccion=date(2025, 3, 3)).id_partida_anexo_id == linea_nueva.pk

    guardar_servicio(fam, [(linea_nueva, con(2, "5"))])
    vieja.refresh_from_db()
    assert vieja.volumen_produccion == Decimal("5")  # same row, not a second one on the new line
    assert Produccion.objects.filter(fecha_produccion=date(2025, 3, 2)).count() == 1


def test_rows_of_one_concept_on_two_annex_versions_are_merged_into_the_latest_line_when_the_cell_changes(capturista):
    fam = familia_con_anexo(1, con_reprogramacion=True)
    nueva = ImportacionAnexoFactory(ot=fam.reprogramacion, es_activo=True)
    [linea_nueva] = lineas_crear(nueva, fam.conceptos)
    vieja = producir(fam.partidas[0], date(2025, 3, 2), "1", sitio=fam.sitio)
    actual = producir(linea_nueva, date(2025, 3, 2), "2", sitio=fam.sitio)

    assert guardar_servicio(fam, [(linea_nueva, con(2, "3"))]).sin_cambios == 1  # the cell shows 1 + 2
    r = guardar_servicio(fam, [(linea_nueva, con(2, "4"))], usuario=capturista)

    assert (r.actualizados, r.eliminados) == (1, 1)
    assert list(Produccion.objects.values_list("pk", "volumen_produccion")) == [(actual.pk, Decimal("4"))]
    baja = RegistroActividad.objects.get(evento=Evento.ELIMINAR)
    assert baja.registro_id == vieja.pk and "unificada" in baja.detalle


def test_new_rows_are_filed_in_the_monthly_report_of_the_initial_ot_even_from_a_reprogramming():
    fam = familia_con_anexo(1, con_reprogramacion=True)

    guardar_servicio(fam, [(fam.partidas[0], con(1, "1"))], ot=fam.reprogramacion)

    fila = Produccion.objects.select_related("id_reporte_mensual").get()
    assert (fila.id_reporte_mensual.id_ot_id, fila.id_reporte_mensual.mes, fila.id_reporte_mensual.anio) == (
        fam.ot.pk,
        3,
        2025,
    )
    assert not ReporteMensual.objects.filter(id_ot=fam.reprogramacion).exists()


def test_a_line_foreign_to_the_family_or_of_an_inactive_version_is_refused(cliente_capturista):
    fam = familia_con_anexo(1)
    ajena = familia_con_anexo(1)
    cuerpo = cuerpo_hoja(fam, partidas=[ajena.partidas[0]])

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 400
    assert respuesta.json()["errores"] == {
        "partidas[0].id_partida_imp": ["La partida 2.1. no pertenece al anexo activo de la OT."]
    }
    fam.importacion.es_activo = False
    fam.importacion.save()
    assert guardar(cliente_capturista, cuerpo_hoja(fam)).status_code == 400
    assert Produccion.objects.count() == 0


def test_the_same_concept_twice_in_one_sheet_is_refused():
    fam = familia_con_anexo(1)

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(1, "1")), (fam.partidas[0], con(1, "2"))])

    assert "viene dos veces" in rechazo.value.message_dict["partidas[1].id_partida_imp"][0]


def test_a_dry_run_validates_and_counts_but_writes_nothing(admin):
    fam = familia_con_anexo(2)

    r = guardar_servicio(fam, [(p, valores_mes(3, 2025)) for p in fam.partidas], usuario=admin, simulacro=True)

    assert r.creados == 62
    assert Produccion.objects.count() == 0
    assert not RegistroActividad.objects.exists()
    assert not ReporteMensual.objects.exists()


# --- Activity log --------------------------------------------------------------------------------------------------


def test_every_changed_cell_lands_in_the_activity_log_with_before_and_after(capturista):
    fam = familia_con_anexo(1)
    partida = fam.partidas[0]
    guardar_servicio(fam, [(partida, con(1, "1", con(2, "2")))], usuario=capturista)
    altas = RegistroActividad.objects.filter(evento=Evento.CREAR, afectacion="Producción")
    assert sorted(altas.values_list("valor_anterior", "valor_actual")) == [("", "1"), ("", "2")]
    RegistroActividad.objects.all().delete()

    guardar_servicio(fam, [(partida, con(1, "1.5", con(2, "")))], usuario=capturista)

    filas = RegistroActividad.objects.order_by("evento")
    assert [(f.evento, f.campo, f.valor_anterior, f.valor_actual, f.usuario_id) for f in filas] == [
        (Evento.ACTUALIZAR, "volumen_produccion", "1", "1.5", capturista.pk),
        (Evento.ELIMINAR, "volumen_produccion", "2", "", capturista.pk),
    ]
    assert "2.1." in filas[0].detalle and "01/03/2025" in filas[0].detalle and "TE" in filas[0].detalle
    assert filas[0].registro_id == Produccion.objects.get().pk

    RegistroActividad.objects.all().delete()
    guardar_servicio(fam, [(partida, con(1, "1.5"))], usuario=capturista)
    assert not RegistroActividad.objects.exists()  # an unchanged save logs nothing


# --- Excess and GPU ------------------------------------------------------------------------------------------------


def excedentes_independientes(familia_ids: list[int]) -> dict[int, bool]:
    """Plain-Python running total per catalogue concept over the family's production, in (date, id) order.

    Authorised volume: the concept's line(s) in the most recent active annex version of the family containing it.
    """
    versiones = defaultdict(list)
    for linea in PartidaAnexoImportada.objects.filter(
        importacion_anexo__ot_id__in=familia_ids, importacion_anexo__es_activo=True
    ).select_related("importacion_anexo"):
        versiones[linea.concepto_id].append(linea)
    autorizado = {}
    for concepto_id, lineas in versiones.items():
        ultima = max((ln.importacion_anexo.fecha_carga, ln.importacion_anexo_id) for ln in lineas)
        autorizado[concepto_id] = sum(
            (
                ln.volumen_proyectado
                for ln in lineas
                if (ln.importacion_anexo.fecha_carga, ln.importacion_anexo_id) == ultima
            ),
            Decimal(0),
        )
    filas = sorted(
        Produccion.objects.filter(id_partida_anexo__importacion_anexo__ot_id__in=familia_ids).select_related(
            "id_partida_anexo"
        ),
        key=lambda p: (p.fecha_produccion, p.pk),
    )
    acumulado = defaultdict(lambda: Decimal(0))
    esperado = {}
    for p in filas:
        concepto = p.id_partida_anexo.concepto_id
        acumulado[concepto] += p.volumen_produccion
        esperado[p.pk] = acumulado[concepto] > autorizado.get(concepto, Decimal(0))
    return esperado


def test_excess_flags_equal_an_independent_running_total_over_the_family(cliente_capturista):
    fam = familia_con_anexo(4, volumen="40", mes=3, con_reprogramacion=True)
    # The reprogramming's newer annex authorises less of the first two concepts.
    nueva = ImportacionAnexoFactory(ot=fam.reprogramacion, es_activo=True)
    nuevas = lineas_crear(nueva, fam.conceptos[:2], volumen="25")
    otro_sitio = SitioFactory()
    producir(fam.partidas[2], date(2025, 2, 27), "30", sitio=otro_sitio)  # an earlier month counts first
    fam.ot.fecha_inicio_programado = fam.ot.fecha_inicio_real = date(2025, 2, 1)
    fam.ot.save()

    sitios = {"principal": fam.sitio, "otro": otro_sitio}
    hojas = [
        ("TE", "principal", [nuevas[0], nuevas[1], fam.partidas[2], fam.partidas[3]], "1.5"),
        ("CMA", "principal", [nuevas[0], fam.partidas[2]], "0.75"),
        ("TE", "otro", [nuevas[1], fam.partidas[3]], "0.5"),
    ]
    for tipo, sitio, partidas, valor in hojas:
        cuerpo = cuerpo_hoja(fam, tipo_tiempo=tipo, valores=valores_mes(3, 2025, valor), partidas=partidas)
        cuerpo["id_sitio"] = sitios[sitio].pk
        assert guardar(cliente_capturista, cuerpo).status_code == 200
    # April too, through the reprogramming.
    cuerpo = cuerpo_hoja(fam, mes=4, valores=valores_mes(4, 2025, "2"), partidas=nuevas)
    cuerpo["id_ot"] = fam.reprogramacion.pk
    assert guardar(cliente_capturista, cuerpo).status_code == 200

    esperado = excedentes_independientes([fam.ot.pk, fam.reprogramacion.pk])
    guardado = dict(Produccion.objects.values_list("pk", "es_excedente"))
    assert guardado == esperado
    assert any(esperado.values()) and not all(esperado.values())


def test_gpus_are_created_for_saved_production_in_gpu_anexos_and_go_with_deleted_rows(settings):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2"]
    fam = familia_con_anexo(2)  # 2.1. in C-2, 3.1. in C-3

    guardar_servicio(fam, [(fam.partidas[0], con(1, "1", con(2, "2"))), (fam.partidas[1], con(1, "1"))])

    assert RegistroGPU.objects.count() == 2
    assert set(RegistroGPU.objects.values_list("id_produccion__id_partida_anexo__anexo", flat=True)) == {"C-2"}
    guardar_servicio(fam, [(fam.partidas[0], con(1, "1", con(2, "")))])
    assert RegistroGPU.objects.count() == 1


@pytest.mark.parametrize("nuevo", ["5", ""], ids=["cambiar", "borrar"])
def test_production_whose_gpu_is_signed_cannot_be_changed_or_cleared(settings, nuevo):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2"]
    fam = familia_con_anexo(1)
    fila = producir(fam.partidas[0], date(2025, 3, 3), "2", sitio=fam.sitio)
    RegistroGPU.objects.create(id_produccion=fila, id_estatus_id=EstatusId.FIRMADO, archivo="https://evidencia/3")

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(1, "1", con(3, nuevo)))])

    assert rechazo.value.messages == [
        "2.1. día 3: su generador (GPU) está FIRMADO; regréselo a FALTA FIRMA PEMEX para modificar la producción."
    ]
    fila.refresh_from_db()
    assert fila.volumen_produccion == Decimal("2")
    assert Produccion.objects.count() == 1  # day 1 was not saved either


def test_production_whose_gpu_is_not_signed_yet_can_still_be_corrected(settings):
    settings.SASCOP_ANEXOS_CON_GPU = ["C-2"]
    fam = familia_con_anexo(1)
    fila = producir(fam.partidas[0], date(2025, 3, 3), "2", sitio=fam.sitio)
    RegistroGPU.objects.create(id_produccion=fila, id_estatus_id=EstatusId.FALTA_FIRMA_PEMEX)

    guardar_servicio(fam, [(fam.partidas[0], con(3, "5"))])

    fila.refresh_from_db()
    assert fila.volumen_produccion == Decimal("5")


def test_a_corrected_volume_voids_the_excess_authorisation(admin):
    fam = familia_con_anexo(1, volumen="1")
    fila = producir(fam.partidas[0], date(2025, 3, 3), "2", sitio=fam.sitio)
    Produccion.objects.filter(pk=fila.pk).update(
        es_excedente=True, excedente_autorizado=True, excedente_autorizado_por=admin
    )

    guardar_servicio(fam, [(fam.partidas[0], con(3, "3"))])

    fila.refresh_from_db()
    assert (fila.volumen_produccion, fila.es_excedente) == (Decimal("3"), True)
    assert (fila.excedente_autorizado, fila.excedente_autorizado_por) == (False, None)


def test_production_already_in_an_estimation_cannot_be_cleared():
    fam = familia_con_anexo(1)
    fila = producir(fam.partidas[0], date(2025, 3, 3), "2", sitio=fam.sitio)
    estimacion = EstimacionHeader.objects.create(
        id_ot=fam.ot, fecha_estimacion=date(2025, 4, 1), fecha_desde=date(2025, 3, 1), fecha_hasta=date(2025, 3, 31)
    )
    EstimacionDetalle.objects.create(id_estimacion_header=estimacion, id_produccion=fila)

    with pytest.raises(ValidationError) as rechazo:
        guardar_servicio(fam, [(fam.partidas[0], con(1, "1", con(3, "")))])

    assert rechazo.value.messages == [
        "2.1. día 3: la producción ya está incluida en una estimación; no se puede borrar."
    ]
    assert list(Produccion.objects.values_list("pk", flat=True)) == [fila.pk]  # day 1 was not saved either


def test_production_of_another_family_is_untouched():
    fam = familia_con_anexo(1)
    otra = OTEFactory()
    conceptos = conceptos_crear(1)
    [linea] = lineas_crear(ImportacionAnexoFactory(ot=otra), conceptos)
    ajena = producir(linea, date(2025, 3, 1), "5", sitio=fam.sitio)

    guardar_servicio(fam, [(fam.partidas[0], con(1, "1"))])

    assert Produccion.objects.filter(pk=ajena.pk).exists()
    assert Produccion.objects.count() == 2


# --- Endpoint: access and input -----------------------------------------------------------------------------------


def test_anonymous_callers_get_no_access(client):
    respuesta = client.post(URL, data="{}", content_type="application/json")

    assert respuesta.status_code in (401, 302)
    assert Produccion.objects.count() == 0


def test_users_without_capture_permission_are_refused(cliente_lector, cliente_externo):
    fam = familia_con_anexo(1)
    for cliente in (cliente_lector, cliente_externo):
        respuesta = guardar(cliente, cuerpo_hoja(fam))
        assert respuesta.status_code == 403
        assert respuesta.json()["exito"] is False
    assert Produccion.objects.count() == 0


@pytest.mark.parametrize(
    ("cambio", "campo"),
    [
        ({"mes": 13}, "mes"),
        ({"anio": "dos mil"}, "anio"),
        ({"tipo_tiempo": "XX"}, "tipo_tiempo"),
        ({"id_ot": None}, "id_ot"),
        ({"id_sitio": -3}, "id_sitio"),
        ({"partidas": "todas"}, "partidas"),
        ({"partidas": []}, "partidas"),
        ({"partidas": [{"id_partida_imp": "x", "valores": []}]}, "partidas"),
        ({"partidas": [{"id_partida_imp": 1, "valores": [1] * 32}]}, "partidas"),
        ({"partidas": [7]}, "partidas"),
    ],
)
def test_malformed_bodies_get_400_with_errors(cliente_capturista, cambio, campo):
    fam = familia_con_anexo(1)

    respuesta = guardar(cliente_capturista, cuerpo_hoja(fam) | cambio)

    assert respuesta.status_code == 400
    assert campo in respuesta.json()["errores"]


def test_a_body_that_is_not_a_json_object_gets_400(cliente_capturista):
    for cuerpo in ("{no es json", "[1, 2]", '"texto"'):
        respuesta = cliente_capturista.post(URL, data=cuerpo, content_type="application/json")
        assert respuesta.status_code == 400
        assert respuesta.json()["exito"] is False


def test_a_missing_ot_or_site_is_404(cliente_capturista):
    fam = familia_con_anexo(1)

    assert guardar(cliente_capturista, cuerpo_hoja(fam) | {"id_ot": 987654}).status_code == 404
    assert guardar(cliente_capturista, cuerpo_hoja(fam) | {"id_sitio": 987654}).status_code == 404


def test_get_is_not_allowed(cliente_capturista):
    assert cliente_capturista.get(URL).status_code == 405


# --- Production billed by an approved estimation is locked (issue 6) ----------------------------------------------


def _estimacion_sin_gpu(settings, estado):
    """An estimation in `estado` over 2.1. / 3.1. days 1–3 of anexos that need no GPU (only the estimation locks)."""
    from tests.estimaciones.datos import estimacion_lista

    settings.SASCOP_ANEXOS_CON_GPU = []
    return estimacion_lista(conceptos=2, dias=3, volumen="2", estado=estado, firmar=False)


@pytest.mark.parametrize("estado", ["APROBADA", "FACTURADA", "PAGADA"])
@pytest.mark.parametrize("nuevo", ["5", ""], ids=["cambiar", "borrar"])
def test_production_in_an_approved_estimation_cannot_be_changed_or_cleared_through_the_sheet(
    settings, cliente_capturista, estado, nuevo
):
    fam, estimacion = _estimacion_sin_gpu(settings, estado)
    cuerpo = cuerpo_hoja(fam, valores=con(3, nuevo, ["2", "2", "2"] + [None] * 28), partidas=fam.partidas[:1])

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 400
    datos = respuesta.json()
    esperado = (
        f"2.1. día 3: la producción ya está en la estimación {estimacion.folio} {estado.lower()}; "
        "no se puede modificar."
    )
    assert datos["detalles"] == esperado
    assert datos["errores"] == {"partidas[0].valores[2]": [esperado]}
    assert set(Produccion.objects.values_list("volumen_produccion", flat=True)) == {Decimal("2")}


def test_every_locked_cell_is_named_and_untouched_cells_of_the_estimation_are_accepted(settings, cliente_capturista):
    fam, _ = _estimacion_sin_gpu(settings, "APROBADA")
    cuerpo = cuerpo_hoja(fam, valores=["7", "2", "9"] + [None] * 28)

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 400
    assert set(respuesta.json()["errores"]) == {
        "partidas[0].valores[0]",
        "partidas[0].valores[2]",
        "partidas[1].valores[0]",
        "partidas[1].valores[2]",
    }
    assert Produccion.objects.count() == 6


def test_production_in_a_draft_estimation_can_still_be_corrected(settings):
    fam, _ = _estimacion_sin_gpu(settings, "BORRADOR")

    guardar_servicio(fam, [(fam.partidas[0], ["2", "2", "4"] + [None] * 28)])

    assert Produccion.objects.filter(volumen_produccion=Decimal("4")).count() == 1


def test_cancelling_the_approved_estimation_releases_its_production_for_editing(settings, cliente_capturista):
    from operaciones.estimaciones.services import estimacion_cambiar_estado

    fam, estimacion = _estimacion_sin_gpu(settings, "APROBADA")
    estimacion_cambiar_estado(estimacion=estimacion, estado="CANCELADA", usuario=None, motivo="Volúmenes erróneos")
    cuerpo = cuerpo_hoja(fam, valores=con(3, "5", ["2", "2", "2"] + [None] * 28), partidas=fam.partidas[:1])

    respuesta = guardar(cliente_capturista, cuerpo)

    assert respuesta.status_code == 200, respuesta.json()
    assert Produccion.objects.filter(volumen_produccion=Decimal("5")).count() == 1


def test_the_estimation_lock_costs_one_query_whatever_the_number_of_changed_cells(settings, capturista):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fam, _ = _estimacion_sin_gpu(settings, "EN_REVISION")
    with CaptureQueriesContext(connection) as consultas:
        guardar_servicio(fam, [(fam.partidas[0], ["3", "3", "3"] + [None] * 28)], usuario=capturista, simulacro=True)
    bloqueo = [q for q in consultas.captured_queries if "estimacion_detalle" in q["sql"] and "SELECT" in q["sql"]]
    assert len(bloqueo) == 1
