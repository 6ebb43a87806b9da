"""Every BI aggregate equals an independent SQL count or sum on the demo data set (issue 8's acceptance).

The demo data (`core.demo.generar_datos_demo`, escala 1, fixed seed and day) has production in TE and CMA, GPUs in
every state, estimations in every state, PTE/OT checklists and monthly folders. Each figure the Centro de consulta
or the statistics API shows is compared with a query written here by hand against the tables (cursor.execute), not
with another call of the selectors.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from core.demo import generar_datos_demo
from core.money import redondear_centavos
from operaciones.consulta import api, documentacion, selectors
from operaciones.consulta.forms import FiltrosGrafica, FiltrosInformacion

HOY = date(2026, 6, 15)
SEIS = Decimal("0.000001")
# Raw-SQL pieces shared by the checks: one production row with its annex line, its OT and its amounts.
DESDE_PRODUCCION = """
    FROM produccion p
    JOIN partida_anexo_importada pa ON pa.id = p.id_partida_anexo_id
    JOIN reporte_mensual_header rm ON rm.id = p.id_reporte_mensual_id
    JOIN ot o ON o.id = rm.id_ot_id
"""
MN = "ROUND(p.volumen_produccion * pa.precio_unitario_mn, 2)"
USD = "ROUND(p.volumen_produccion * pa.precio_unitario_usd, 2)"


def sql(consulta: str, parametros=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(consulta, list(parametros))
        return cursor.fetchall()


def cent(valor) -> Decimal:
    """A raw SQL sum as cents (SQLite answers floats: read them through their text, never their bits)."""
    return redondear_centavos(None if valor is None else str(valor))


def vol(valor) -> Decimal:
    return Decimal(str(valor or 0)).quantize(SEIS)


@pytest.fixture
def demo(db):
    cuentas = generar_datos_demo(escala=1, semilla=8, hoy=HOY)
    assert cuentas["Estimaciones"] > 0
    # The demo leaves no estimation paid and no GPU with evidence yet: pay the invoiced ones and attach evidence to
    # a third of the GPUs, so every stage of the funnel and every deliverable state has rows to count.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE estimacion_header SET estado = 'PAGADA' WHERE estado = 'FACTURADA'")
        cursor.execute("UPDATE registro_generadores_pu SET archivo = 'https://gpu/evidencia' WHERE (id % 3) = 0")
    lider = sql(f"SELECT o.id_responsable_proyecto_id, COUNT(*) {DESDE_PRODUCCION} GROUP BY 1 ORDER BY 2 DESC")[0][0]
    fechas = sql("SELECT MIN(fecha_produccion), MAX(fecha_produccion) FROM produccion")[0]
    return {"lider": lider, "desde": fechas[0], "hasta": fechas[1]}


def _casos(demo) -> list[tuple[dict, str, list, str, list]]:
    """(form values, production WHERE, its params, programme WHERE, its params) of three filters."""
    mitad = date(2026, 3, 1)
    return [
        ({}, "1=1", [], "1=1", []),
        (
            {"tipo_tiempo": "CMA", "desde": "2025-09-01", "hasta": mitad.isoformat()},
            "p.tipo_tiempo = %s AND p.fecha_produccion >= %s AND p.fecha_produccion <= %s",
            ["CMA", date(2025, 9, 1), mitad],
            "pp.fecha >= %s AND pp.fecha <= %s",
            [date(2025, 9, 1), mitad],
        ),
        (
            {"lider": str(demo["lider"]), "solo_excedentes": ""},
            "o.id_responsable_proyecto_id = %s",
            [demo["lider"]],
            "o.id_responsable_proyecto_id = %s",
            [demo["lider"]],
        ),
    ]


def _filtros(valores: dict, clase=FiltrosInformacion):
    filtros = clase(valores)
    assert filtros.is_valid(), filtros.errors
    return filtros


def test_kpis_equal_sql(demo):
    for valores, donde, parametros, donde_prog, parametros_prog in _casos(demo):
        filtros = _filtros(valores)
        k = selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())
        (filas, ots, mn, usd, volumen, exc_mn, exc_usd) = sql(
            f"SELECT COUNT(*), COUNT(DISTINCT rm.id_ot_id), SUM({MN}), SUM({USD}), SUM(p.volumen_produccion), "
            f"SUM(CASE WHEN p.es_excedente THEN {MN} ELSE 0 END), SUM(CASE WHEN p.es_excedente THEN {USD} ELSE 0 END)"
            f" {DESDE_PRODUCCION} WHERE {donde}",
            parametros,
        )[0]
        programado = sql(
            f"SELECT SUM(pp.volumen_programado) FROM partida_proyectada pp JOIN ot o ON o.id = pp.ot_id "
            f"WHERE {donde_prog}",
            parametros_prog,
        )[0][0]
        assert filas > 0, valores
        assert (k["filas"], k["ots"]) == (filas, ots)
        assert (k["importe_mn"], k["importe_usd"]) == (cent(mn), cent(usd))
        assert (k["excedente_mn"], k["excedente_usd"]) == (cent(exc_mn), cent(exc_usd))
        assert k["volumen_producido"] == vol(volumen)
        assert k["volumen_programado"] == vol(programado)


def test_daily_series_leaders_and_drill_down_equal_sql(demo):
    for valores, donde, parametros, donde_prog, parametros_prog in _casos(demo):
        filtros = _filtros(valores)
        produccion, programado = filtros.condicion_produccion(), filtros.condicion_programado()

        serie = selectors.serie_diaria(produccion, programado)
        esperado = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0), Decimal(0)])
        for dia, v, mn, usd in sql(
            f"SELECT p.fecha_produccion, SUM(p.volumen_produccion), SUM({MN}), SUM({USD}) {DESDE_PRODUCCION} "
            f"WHERE {donde} GROUP BY p.fecha_produccion",
            parametros,
        ):
            esperado[str(dia)][:3] = [vol(v), cent(mn), cent(usd)]
        for dia, v in sql(
            f"SELECT pp.fecha, SUM(pp.volumen_programado) FROM partida_proyectada pp JOIN ot o ON o.id = pp.ot_id "
            f"WHERE {donde_prog} GROUP BY pp.fecha",
            parametros_prog,
        ):
            esperado[str(dia)][3] = vol(v)
        assert {str(d["fecha"]) for d in serie} == set(esperado)
        for d in serie:
            v, mn, usd, prog = esperado[str(d["fecha"])]
            assert (d["producido"], d["importe_mn"], d["importe_usd"], d["programado"]) == (vol(v), mn, usd, vol(prog))

        lideres = {
            fila[0]: (cent(fila[1]), cent(fila[2]), vol(fila[3]))
            for fila in sql(
                f"SELECT o.id_responsable_proyecto_id, SUM({MN}), SUM({USD}), SUM(p.volumen_produccion) "
                f"{DESDE_PRODUCCION} WHERE {donde} GROUP BY o.id_responsable_proyecto_id",
                parametros,
            )
        }
        barras = selectors.por_lider(produccion)
        assert {b["lider_id"]: (b["importe_mn"], b["importe_usd"], b["volumen"]) for b in barras} == lideres

        anio = "SUBSTR(CAST(p.fecha_produccion AS TEXT), 1, 4)"
        mes = "SUBSTR(CAST(p.fecha_produccion AS TEXT), 6, 2)"
        anios = {
            int(a): cent(mn)
            for a, mn in sql(f"SELECT {anio}, SUM({MN}) {DESDE_PRODUCCION} WHERE {donde} GROUP BY 1", parametros)
        }
        assert {f["periodo"]: f["importe_mn"] for f in selectors.por_periodo(produccion, "anio")} == anios
        ultimo = max(anios)
        meses = {
            int(m): cent(mn)
            for m, mn in sql(
                f"SELECT {mes}, SUM({MN}) {DESDE_PRODUCCION} WHERE {donde} AND {anio} = %s GROUP BY 1",
                [*parametros, str(ultimo)],
            )
        }
        assert {f["periodo"]: f["importe_mn"] for f in selectors.por_periodo(produccion, "mes", ultimo)} == meses


def test_funnel_equals_sql(demo):
    for valores, donde, parametros, _dp, _pp in _casos(demo):
        filtros = _filtros(valores)
        etapas = {e["etapa"]: e for e in selectors.embudo(filtros.condicion_produccion())}
        liberado = "(g.id_estatus_id = 17 OR UPPER(TRIM(pa.anexo)) NOT IN ('C-2', 'C-3', 'C2EXT', 'C3EXT'))"
        estado = "eh.estado"
        fila = sql(
            f"""SELECT COUNT(*), SUM({MN}), SUM({USD}),
                SUM(CASE WHEN {liberado} THEN 1 ELSE 0 END),
                SUM(CASE WHEN {liberado} THEN {MN} ELSE 0 END), SUM(CASE WHEN {liberado} THEN {USD} ELSE 0 END),
                COUNT(ed.id), SUM(ed.importe_mn), SUM(ed.importe_usd),
                SUM(CASE WHEN {estado} IN ('APROBADA', 'FACTURADA', 'PAGADA') THEN 1 ELSE 0 END),
                SUM(CASE WHEN {estado} IN ('APROBADA', 'FACTURADA', 'PAGADA') THEN ed.importe_mn ELSE 0 END),
                SUM(CASE WHEN {estado} IN ('APROBADA', 'FACTURADA', 'PAGADA') THEN ed.importe_usd ELSE 0 END),
                SUM(CASE WHEN {estado} IN ('FACTURADA', 'PAGADA') THEN 1 ELSE 0 END),
                SUM(CASE WHEN {estado} IN ('FACTURADA', 'PAGADA') THEN ed.importe_mn ELSE 0 END),
                SUM(CASE WHEN {estado} IN ('FACTURADA', 'PAGADA') THEN ed.importe_usd ELSE 0 END),
                SUM(CASE WHEN {estado} = 'PAGADA' THEN 1 ELSE 0 END),
                SUM(CASE WHEN {estado} = 'PAGADA' THEN ed.importe_mn ELSE 0 END),
                SUM(CASE WHEN {estado} = 'PAGADA' THEN ed.importe_usd ELSE 0 END)
            {DESDE_PRODUCCION}
            LEFT JOIN registro_generadores_pu g ON g.id_produccion_id = p.id
            LEFT JOIN estimacion_detalle ed ON ed.id_produccion_id = p.id AND ed.vigente = %s
            LEFT JOIN estimacion_header eh ON eh.id = ed.id_estimacion_header_id
            WHERE {donde}""",
            [True, *parametros],
        )[0]
        for i, clave in enumerate(("producido", "liberado", "estimado", "aprobado", "facturado", "pagado")):
            n, mn, usd = fila[3 * i : 3 * i + 3]
            assert (etapas[clave]["registros"], etapas[clave]["importe_mn"], etapas[clave]["importe_usd"]) == (
                int(n or 0),
                cent(mn),
                cent(usd),
            ), (valores, clave)
    # On the whole data set every stage is reached, and the chain never grows from one stage to the next.
    todo = selectors.embudo(_filtros({}).condicion_produccion())
    assert all(e["registros"] > 0 for e in todo)
    assert [e["registros"] for e in todo[2:]] == sorted((e["registros"] for e in todo[2:]), reverse=True)


def test_s_curve_equals_running_sql_sums(demo):
    for valores, donde, parametros, donde_prog, parametros_prog in _casos(demo):
        filtros = _filtros(valores)
        curva = selectors.curva_s(filtros.condicion_produccion(), filtros.condicion_programado())
        diarios = defaultdict(lambda: [Decimal(0)] * 4)
        for dia, mn, usd in sql(
            f"SELECT p.fecha_produccion, SUM({MN}), SUM({USD}) {DESDE_PRODUCCION} WHERE {donde} "
            "GROUP BY p.fecha_produccion",
            parametros,
        ):
            diarios[str(dia)][0:2] = [cent(mn), cent(usd)]
        for dia, mn, usd in sql(
            "SELECT pp.fecha, SUM(ROUND(pp.volumen_programado * pa.precio_unitario_mn, 2)), "
            "SUM(ROUND(pp.volumen_programado * pa.precio_unitario_usd, 2)) FROM partida_proyectada pp "
            "JOIN partida_anexo_importada pa ON pa.id = pp.partida_anexo_id JOIN ot o ON o.id = pp.ot_id "
            f"WHERE {donde_prog} GROUP BY pp.fecha",
            parametros_prog,
        ):
            diarios[str(dia)][2:4] = [cent(mn), cent(usd)]
        assert [str(p["fecha"]) for p in curva] == sorted(diarios)
        acumulado = [Decimal(0)] * 4
        for punto in curva:
            acumulado = [a + b for a, b in zip(acumulado, diarios[str(punto["fecha"])], strict=True)]
            campos = ("producido_mn", "producido_usd", "programado_mn", "programado_usd")
            assert [punto[c] for c in campos] == acumulado, punto["fecha"]
        assert (
            acumulado[0]
            == selectors.indicadores(filtros.condicion_produccion(), filtros.condicion_programado())["importe_mn"]
        )


ESTADO_SQL = """CASE WHEN TRIM(COALESCE({t}.archivo, '')) <> '' {adjunto} THEN 'ENTREGADO'
    {no_aplica} ELSE 'PENDIENTE' END"""


def _estado(tabla: str, con_adjunto: bool, no_aplica: bool) -> str:
    return (
        "o.id_responsable_proyecto_id AS lider, "
        + ESTADO_SQL.format(
            t=tabla,
            adjunto=f"OR COALESCE({tabla}.archivo_adjunto, '') <> ''" if con_adjunto else "",
            no_aplica=f"WHEN {tabla}.estatus_paso_id = 14 THEN 'NO APLICA'" if no_aplica else "",
        )
        + " AS estado"
    )


def test_documentation_counts_equal_sql(demo):
    fuentes = {
        "pte": f"SELECT {_estado('d', True, True)} FROM pte_detalle d "
        "JOIN pte_header o ON o.id = d.id_pte_header_id WHERE o.estatus <> 0",
        "ot": f"SELECT {_estado('d', True, True)} FROM ot_detalle d "
        "JOIN ot o ON o.id = d.id_ot_id WHERE o.estatus <> 0",
        "mensual": f"SELECT {_estado('r', False, False)} FROM reporte_mensual_header r "
        "JOIN ot o ON o.id = r.id_ot_id WHERE o.estatus <> 0",
        "gpu": f"SELECT {_estado('g', True, False)} FROM registro_generadores_pu g "
        "JOIN produccion p ON p.id = g.id_produccion_id JOIN reporte_mensual_header rm ON rm.id = "
        "p.id_reporte_mensual_id JOIN ot o ON o.id = rm.id_ot_id WHERE o.estatus <> 0",
    }
    claves = {"ENTREGADO": "entregados", "PENDIENTE": "pendientes", "NO APLICA": "no_aplica"}
    por_tipo = defaultdict(lambda: defaultdict(int))
    por_lider = defaultdict(lambda: defaultdict(int))
    for tipo, consulta in fuentes.items():
        for lider, estado, n in sql(f"SELECT lider, estado, COUNT(*) FROM ({consulta}) x GROUP BY 1, 2"):
            por_tipo[tipo][claves[estado]] += n
            por_lider[str(lider)][claves[estado]] += n
    grupos = {g["clave"]: g for g in documentacion.conteos_agrupados({"tipo": ""}, "tipo")}
    assert set(grupos) == set(fuentes)
    for tipo, cuentas in por_tipo.items():
        for clave in claves.values():
            assert grupos[tipo][clave] == cuentas[clave], (tipo, clave)
    assert all(por_tipo[t]["entregados"] and por_tipo[t]["pendientes"] for t in ("pte", "ot", "gpu"))
    lideres = {g["clave"]: g for g in documentacion.conteos_agrupados({"tipo": ""}, "lider")}
    assert set(lideres) == set(por_lider)
    for lider, cuentas in por_lider.items():
        assert {c: lideres[lider][c] for c in claves.values()} == {c: cuentas[c] for c in claves.values()}


def test_statistics_api_equals_sql(demo):
    cifras = api.estadisticas(HOY)
    ptes = dict(sql("SELECT estatus, COUNT(*) FROM pte_header WHERE estatus <> 0 GROUP BY estatus"))
    assert {e["estatus"]: e["total"] for e in cifras["ptes"]["por_estatus"] if e["total"]} == ptes
    assert cifras["ptes"]["total"] == sum(ptes.values())
    ots = dict(sql("SELECT id_estatus_ot_id, COUNT(*) FROM ot WHERE estatus IN (1, -1) GROUP BY id_estatus_ot_id"))
    assert {e["id"]: e["total"] for e in cifras["ots"]["por_estatus"]} == ots
    for clave, desde, hasta in (("mes", date(2026, 6, 1), date(2026, 6, 30)), ("anio", date(2026, 1, 1), HOY)):
        n, mn, usd, exc_mn = sql(
            f"SELECT COUNT(*), SUM({MN}), SUM({USD}), SUM(CASE WHEN p.es_excedente THEN {MN} ELSE 0 END) "
            f"{DESDE_PRODUCCION} WHERE o.estatus <> 0 AND p.fecha_produccion >= %s AND p.fecha_produccion <= %s",
            [desde, date(2026, 12, 31) if clave == "anio" else hasta],
        )[0]
        periodo = cifras["produccion"][clave]
        assert periodo["registros"] == n and n > 0
        assert (periodo["importe"]["mxn"], periodo["importe"]["usd"]) == (f"{cent(mn)}", f"{cent(usd)}")
        assert periodo["excedente"]["mxn"] == f"{cent(exc_mn)}"
    estimaciones = {
        e: (n, cent(mn), cent(usd))
        for e, n, mn, usd in sql(
            "SELECT estado, COUNT(*), SUM(total_importe_mn), SUM(total_importe_usd) FROM estimacion_header GROUP BY 1"
        )
    }
    for fila in cifras["estimaciones"]["por_estado"]:
        n, mn, usd = estimaciones.get(fila["estado"], (0, cent(0), cent(0)))
        assert (fila["total"], fila["importe"]["mxn"], fila["importe"]["usd"]) == (n, f"{mn}", f"{usd}")
    assert cifras["estimaciones"]["total_vigentes"] == sum(v[0] for e, v in estimaciones.items() if e != "CANCELADA")


def test_endpoints_answer_the_same_figures_as_sql(demo, cliente_lector):
    """The JSON the page reads carries the SQL figures too (no rounding or reshaping lost on the way)."""
    donde, parametros = "p.tipo_tiempo = %s", ["TE"]
    mn, usd = sql(f"SELECT SUM({MN}), SUM({USD}) {DESDE_PRODUCCION} WHERE {donde}", parametros)[0]
    k = cliente_lector.get(reverse("consulta:indicadores"), {"tipo_tiempo": "TE"}).json()["indicadores"]
    assert (Decimal(k["importe_mn"]), Decimal(k["importe_usd"])) == (cent(mn), cent(usd))
    etapas = cliente_lector.get(reverse("consulta:embudo"), {"tipo_tiempo": "TE"}).json()["etapas"]
    assert Decimal(etapas[0]["importe_mn"]) == cent(mn)
    curva = cliente_lector.get(reverse("consulta:curva_s"), {"tipo_tiempo": "TE"}).json()["curva"]
    assert Decimal(curva[-1]["producido_mn"]) == cent(mn)
    assert Decimal(curva[-1]["producido_usd"]) == cent(usd)
    graficas = cliente_lector.get(reverse("consulta:graficas"), {"tipo_tiempo": "TE"}).json()
    assert sum(Decimal(f["importe_mn"]) for f in graficas["periodo"]["filas"]) == cent(mn)
    filtros = _filtros({"tipo_tiempo": "TE", "nivel": "anio"}, FiltrosGrafica)
    assert filtros.cleaned_data["nivel"] == "anio"
