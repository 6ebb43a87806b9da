"""Pure helpers of the schedule reader (no Java): custom-field aliases of §3.8, numbers, decimals, dates, the OLE2
truncation check, and the MSPDI generator's own arithmetic."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from operaciones.cronograma.lector.conversion import (
    decimal_texto,
    fecha_texto,
    leer_numero,
    normalizar_alias,
    orden_natural,
    uso_de_alias,
)
from operaciones.cronograma.lector.errores import MENSAJES, ErrorCronograma, error_de_codigo
from operaciones.cronograma.lector.proceso import es_ole2, ole2_truncado
from tests.cronograma.mspdi import dia_habil, mspdi_plan

MUESTRAS = Path(settings.BASE_DIR).parent / "shared" / "samples" / "mpp"


@pytest.mark.parametrize(
    ("alias", "uso"),
    [
        ("Pond.", "ponderacion"),
        ("POND", "ponderacion"),
        ("Ponderador", "ponderacion"),
        ("Ponderación", "ponderacion"),
        ("Peso", "ponderacion"),
        ("% Pond. física", "ponderacion"),
        ("Peso (%)", "ponderacion"),
        ("Avance real", "avance"),
        ("% Avance", "avance"),
        ("Avance físico", "avance"),
        ("FISICO", "avance"),
        ("Costo", "otro"),
        ("Notas", "otro"),
        ("", "otro"),
        (None, "otro"),
    ],
)
def test_uso_de_alias(alias, uso):
    assert uso_de_alias(alias) == uso


def test_normalizar_alias_quita_acentos_y_espacios():
    assert normalizar_alias("  % Avance   Físico ") == "% avance fisico"


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        (12.5, Decimal("12.5")),
        (3, Decimal(3)),
        ("12,5 %", Decimal("12.5")),
        ("12.5%", Decimal("12.5")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234,567", Decimal(1234567)),
        ("-3,25", Decimal("-3.25")),
        ("\u00a045 %", Decimal(45)),
        ("", None),
        ("n/a", None),
        (None, None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_leer_numero(valor, esperado):
    assert leer_numero(valor) == esperado


def test_decimal_texto_redondea_y_acota():
    assert decimal_texto(50.0) == "50.00"
    assert decimal_texto(Decimal("0.125")) == "0.13"  # ROUND_HALF_UP
    assert decimal_texto(-1.0) == "-1.00"
    assert decimal_texto(-0.001) == "0.00"
    assert decimal_texto(123456.0, maximo=Decimal("99999.99")) == "99999.99"
    assert decimal_texto(-5, minimo=0) == "0.00"
    assert decimal_texto(1 / 3) == "0.33"


def test_fecha_texto_sin_segundos():
    assert fecha_texto("2003-01-07T08:00") == "2003-01-07T08:00"
    assert fecha_texto("2003-01-07T08:00:30") == "2003-01-07T08:00"
    assert fecha_texto(None) is None


def test_orden_natural():
    assert sorted(["Number10", "Text1", "Number2"], key=orden_natural) == ["Number2", "Number10", "Text1"]


def test_ole2_truncado_distingue_un_mpp_cortado(tmp_path):
    assert es_ole2(MUESTRAS / "sample.mpp")
    assert not ole2_truncado(MUESTRAS / "sample.mpp")
    assert ole2_truncado(MUESTRAS / "invalid" / "truncated-sample.mpp")
    assert not ole2_truncado(MUESTRAS / "invalid" / "not-a-project.mpp")
    assert not ole2_truncado(MUESTRAS / "sample1.xml")
    cortado = tmp_path / "cortado.mpp"
    cortado.write_bytes((MUESTRAS / "mpp14baseline.mpp").read_bytes()[:50_000])
    assert ole2_truncado(cortado)


def test_cada_codigo_tiene_mensaje_en_espanol():
    for codigo in MENSAJES:
        error = error_de_codigo(codigo, "detalle técnico")
        assert isinstance(error, ErrorCronograma)
        assert str(error) == MENSAJES[codigo]
        assert "detalle técnico" not in str(error)
    assert str(error_de_codigo("desconocido")) == MENSAJES["ilegible"]


def test_dia_habil_salta_fines_de_semana():
    lunes = date(2025, 1, 6)
    assert [dia_habil(lunes, n).isoformat() for n in (0, 4, 5, 9, 10)] == [
        "2025-01-06",
        "2025-01-10",
        "2025-01-13",
        "2025-01-17",
        "2025-01-20",
    ]


@pytest.mark.parametrize("n", [3, 4, 5, 11, 37, 41])
def test_plan_generado_tiene_exactamente_n_tareas_y_resumenes_con_hijos(n):
    plan = mspdi_plan(n)
    assert len(plan.tareas) == n
    padres = {t["padre_uid"] for t in plan.tareas}
    assert all(t["uid"] in padres for t in plan.tareas if t["es_resumen"])
    assert all(not t["es_resumen"] for t in plan.tareas if t["uid"] not in padres)


def test_plan_generado_rechaza_menos_de_tres_tareas():
    with pytest.raises(ValueError, match="al menos 3"):
        mspdi_plan(2)
