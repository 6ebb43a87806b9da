#!/usr/bin/env python
"""SASCOP benchmark: SQL queries per request and latency of the main pages on a realistic data set.

Creates a throwaway database with Django's test-database machinery (never touches the configured one),
migrates, seeds the catalogues and roles, builds the demo data set at the given scale, logs a superuser in
and requests every scenario of `bench/escenarios.py` with `django.test.Client`. Prints a table and saves the
figures as JSON under `bench/resultados/`. The throwaway database is destroyed at the end, also on error.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py --escala 20
"""

import argparse
import json
import logging
import math
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
RESULTADOS = RAIZ / "bench" / "resultados"
# Extra volume on top of the demo data set: with the demo's ≈ 700 OTs at escala 20, `make bench` lists over 20 000.
OTS_EXTRA = 20_000
PTES_EXTRA = 5_000


def configurar_entorno() -> None:
    """Production-like settings (DEBUG off) over plain HTTP, like the test suite, before Django starts."""
    sys.path.insert(0, str(RAIZ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bme_subtec.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = "bench-clave-solo-para-mediciones-" + "b" * 40
    os.environ["DJANGO_SECURE"] = "0"
    os.environ["DJANGO_TESTING"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # Uploaded files of the measured imports go to a throwaway folder, never into the project's media.
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sascop-bench-media-")


def argumentos() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Mide consultas SQL y latencia de las páginas principales.")
    parser.add_argument("--escala", type=int, default=20, help="Escala de los datos de demostración (20).")
    parser.add_argument("--semilla", type=int, default=2026, help="Semilla de los datos de demostración.")
    parser.add_argument("--repeticiones", type=int, default=50, help="Peticiones medidas por endpoint (50).")
    parser.add_argument("--calentamiento", type=int, default=3, help="Peticiones previas sin medir (3).")
    parser.add_argument("--nota", default="", help="Descripción libre de la máquina, guardada en el JSON.")
    parser.add_argument(
        "--ots-extra",
        type=int,
        default=OTS_EXTRA,
        help=f"OTs adicionales (iniciales y reprogramaciones, con sus pasos) sobre la demostración ({OTS_EXTRA:,}).",
    )
    parser.add_argument(
        "--ptes-extra", type=int, default=PTES_EXTRA, help=f"PTEs adicionales con sus pasos ({PTES_EXTRA:,})."
    )
    parser.add_argument("--solo", default="", help="Mide solo los escenarios cuyo nombre contiene este texto.")
    parser.add_argument(
        "--conservar-bd", action="store_true", help="No borra la base desechable al terminar (para EXPLAIN ANALYZE)."
    )
    parser.add_argument(
        "--reusar-bd", action="store_true", help="Reutiliza la base conservada por --conservar-bd sin regenerar datos."
    )
    parser.add_argument(
        "--sin-importaciones", action="store_true", help="No mide las importaciones de Excel (filas por segundo)."
    )
    parser.add_argument(
        "--sin-produccion",
        action="store_true",
        help="No mide la hoja de producción (cargar y guardar 200 conceptos × 31 días × TE/CMA, y su Excel).",
    )
    parser.add_argument(
        "--sin-estimaciones",
        action="store_true",
        help="No mide las estimaciones (crear una sobre 100 000 registros de producción, su PDF y sus resúmenes).",
    )
    parser.add_argument(
        "--sin-consulta",
        action="store_true",
        help="No mide el centro de consulta (indicadores, tabla, gráficas, embudo, curva S, documentos, API, Excel).",
    )
    parser.add_argument(
        "--sin-cronograma",
        action="store_true",
        help="No mide la lectura e importación de cronogramas de MS Project (en frío y en caliente).",
    )
    parser.add_argument(
        "--sin-costa-fuera",
        action="store_true",
        help="No mide costa fuera (flota, reportes diarios de embarcación, guardados, RDO y Excel de rango).",
    )
    parser.add_argument(
        "--costa-fuera-barcos", type=int, default=10, help="Embarcaciones de la flota de costa fuera (10)."
    )
    parser.add_argument(
        "--costa-fuera-dias", type=int, default=365, help="Días de reportes por embarcación de costa fuera (365)."
    )
    return parser.parse_args()


@dataclass
class Resultado:
    nombre: str
    url: str
    estado: int = 0
    consultas_min: int = 0
    consultas_max: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    req_s: float = 0.0
    kb: float = 0.0
    nota: str = ""
    latencias_ms: list[float] = field(default_factory=list)

    @property
    def medido(self) -> bool:
        return not self.nota


def percentil(valores: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordenados = sorted(valores)
    return ordenados[max(math.ceil(p / 100 * len(ordenados)) - 1, 0)]


def medir(cliente, escenario, *, repeticiones: int, calentamiento: int) -> Resultado:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resultado = Resultado(escenario.nombre, escenario.url)
    try:
        for _ in range(1 if escenario.repeticiones else max(calentamiento, 1)):
            respuesta = cliente.get(escenario.url)
        resultado.estado = respuesta.status_code
        if respuesta.status_code == 404:
            resultado.nota = "404: todavía no existe, se omite"
            return resultado
        if respuesta.status_code != 200:
            resultado.nota = f"respuesta {respuesta.status_code}, se omite"
            return resultado
        consultas = []
        for _ in range(escenario.repeticiones or repeticiones):
            with CaptureQueriesContext(connection) as capturadas:
                inicio = time.perf_counter()
                respuesta = cliente.get(escenario.url)
                resultado.latencias_ms.append((time.perf_counter() - inicio) * 1000)
            consultas.append(len(capturadas))
    except Exception as exc:  # a failing view must not stop the other measurements
        resultado.nota = f"error {type(exc).__name__}, se omite"
        return resultado
    resultado.kb = len(respuesta.content) / 1024
    resultado.consultas_min, resultado.consultas_max = min(consultas), max(consultas)
    resultado.p50_ms = statistics.median(resultado.latencias_ms)
    resultado.p95_ms = percentil(resultado.latencias_ms, 95)
    resultado.req_s = 1000 * len(resultado.latencias_ms) / sum(resultado.latencias_ms)
    return resultado


def tamanos() -> dict[str, int]:
    from core.models import RegistroActividad
    from operaciones.catalogos.constantes import TipoId
    from operaciones.catalogos.models import ConceptoMaestro
    from operaciones.ot.models import OTE, OTDetalle, PartidaAnexoImportada, PartidaProyectada
    from operaciones.produccion.models import Produccion, RegistroGPU, ReporteDiario, ReporteMensual
    from operaciones.pte.models import PTEDetalle, PTEHeader

    return {
        "Conceptos del catálogo": ConceptoMaestro.objects.count(),
        "PTEs": PTEHeader.objects.count(),
        "Pasos de PTE": PTEDetalle.objects.count(),
        "OTs iniciales": OTE.objects.filter(id_tipo=TipoId.OT_INICIAL).count(),
        "Reprogramaciones": OTE.objects.filter(id_tipo=TipoId.OT_REPROGRAMACION).count(),
        "Pasos de OT": OTDetalle.objects.count(),
        "Partidas de anexo": PartidaAnexoImportada.objects.count(),
        "Volúmenes programados": PartidaProyectada.objects.count(),
        "Reportes mensuales": ReporteMensual.objects.count(),
        "Reportes diarios": ReporteDiario.objects.count(),
        "Registros de producción": Produccion.objects.count(),
        "Generadores (GPU)": RegistroGPU.objects.count(),
        "Registros de actividad": RegistroActividad.objects.count(),
    }


def maquina(nota: str) -> dict:
    import django
    from django.db import connection

    version_bd = connection.cursor().connection.server_version if connection.vendor == "postgresql" else None
    if connection.vendor == "sqlite":
        import sqlite3

        version_bd = sqlite3.sqlite_version
    return {
        "sistema": platform.platform(),
        "procesadores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "base_de_datos": connection.vendor,
        "version_base_de_datos": version_bd,
        "nota": nota,
    }


def imprimir_tabla(resultados: list[Resultado]) -> None:
    if not resultados:
        return
    ancho = max(len(r.nombre) for r in resultados)
    print(f"\n{'endpoint'.ljust(ancho)} | consultas | p50 ms | p95 ms |  req/s")
    print(f"{'-' * ancho}-+-----------+--------+--------+-------")
    for r in resultados:
        if not r.medido:
            print(f"{r.nombre.ljust(ancho)} | {r.nota}")
            continue
        consultas = (
            str(r.consultas_min) if r.consultas_min == r.consultas_max else f"{r.consultas_min}-{r.consultas_max}"
        )
        print(f"{r.nombre.ljust(ancho)} | {consultas:>9} | {r.p50_ms:6.1f} | {r.p95_ms:6.1f} | {r.req_s:6.1f}")


def preparar(args) -> dict[str, float]:
    """Seed and demo data in the throwaway database; returns the seconds each phase took."""
    from django.core.management import call_command

    fases = {}
    inicio = time.perf_counter()
    call_command("seed_catalogos", verbosity=0)
    call_command("seed_roles", verbosity=0)
    fases["semillas_s"] = time.perf_counter() - inicio
    inicio = time.perf_counter()
    call_command("generar_datos_demo", escala=args.escala, semilla=args.semilla, verbosity=0)
    fases["datos_demo_s"] = time.perf_counter() - inicio
    inicio = time.perf_counter()
    from bench.volumen import generar_volumen
    from core.selectors import hoy_mexico

    generar_volumen(ots=args.ots_extra, ptes=args.ptes_extra, semilla=args.semilla, hoy=hoy_mexico())
    fases["volumen_s"] = time.perf_counter() - inicio
    inicio = time.perf_counter()
    estadisticas()
    fases["estadisticas_s"] = time.perf_counter() - inicio
    return fases


def estadisticas() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum does on a live database.

    Without it PostgreSQL plans the first minutes after a load of tens of thousands of rows as if the tables
    were empty (one row per table), and a list query can run for minutes instead of milliseconds.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def ejecutar(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.escenarios import escenarios

    fases = {}
    if not args.reusar_bd:
        fases = preparar(args)
        print(f"Semillas: {fases['semillas_s']:.1f} s; datos de demostración (escala {args.escala}): "
              f"{fases['datos_demo_s']:.1f} s; volumen extra ({args.ots_extra:,} OTs, {args.ptes_extra:,} PTEs): "
              f"{fases['volumen_s']:.1f} s")  # fmt: skip
    conteos = tamanos()
    print("\nTamaño del conjunto de datos:")
    for nombre, cantidad in conteos.items():
        print(f"  {nombre.ljust(26)} {cantidad:>9,}")
    usuario, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"email": "bench@localhost", "is_superuser": True, "is_staff": True}
    )
    usuario.set_password(secrets.token_urlsafe(24))
    usuario.save()
    cliente = Client()
    cliente.force_login(usuario)
    resultados = [
        medir(cliente, e, repeticiones=args.repeticiones, calentamiento=args.calentamiento)
        for e in escenarios()
        if args.solo.lower() in e.nombre.lower()
    ]
    imprimir_tabla(resultados)
    consulta = []
    if not args.sin_consulta:
        # Before the sections below add their own production: the BI reads the demo data set as users have it.
        from bench.consulta import imprimir_consulta, medir_consulta

        mediciones_bi = medir_consulta(cliente, repeticiones=args.repeticiones, calentamiento=args.calentamiento)
        imprimir_consulta(mediciones_bi)
        consulta = [asdict(r) for r in mediciones_bi]
    importaciones = []
    if not args.sin_importaciones:
        from bench.importaciones import imprimir_importaciones, medir_importaciones

        mediciones = medir_importaciones()
        imprimir_importaciones(mediciones)
        importaciones = [{**asdict(m), "filas_s": round(m.filas_s, 1)} for m in mediciones]
    produccion = []
    if not args.sin_produccion:
        from bench.produccion import imprimir_produccion, medir_produccion

        mediciones_hoja = medir_produccion(cliente)
        imprimir_produccion(mediciones_hoja)
        produccion = [asdict(m) for m in mediciones_hoja]
    estimaciones = []
    if not args.sin_estimaciones:
        from bench.estimaciones import imprimir_estimaciones, medir_estimaciones

        mediciones_est = medir_estimaciones(cliente)
        imprimir_estimaciones(mediciones_est)
        estimaciones = [{**asdict(m), "segundos": round(m.segundos, 3)} for m in mediciones_est]
    cronograma = []
    if not args.sin_cronograma:
        from bench.cronograma import imprimir_cronograma, medir_cronograma

        mediciones_cron = medir_cronograma(con_bd=True)
        imprimir_cronograma(mediciones_cron)
        cronograma = [asdict(m) for m in mediciones_cron]
    costa_fuera = {}
    if not args.sin_costa_fuera:
        from bench.costa_fuera import imprimir_costa_fuera, medir_costa_fuera, para_json

        medicion_cf = medir_costa_fuera(
            cliente,
            repeticiones=args.repeticiones,
            calentamiento=args.calentamiento,
            barcos=args.costa_fuera_barcos,
            dias=args.costa_fuera_dias,
            semilla=args.semilla,
        )
        imprimir_costa_fuera(medicion_cf)
        costa_fuera = para_json(medicion_cf)
    return {
        "fases": fases,
        "tamanos": conteos,
        "resultados": [asdict(r) for r in resultados],
        "consulta": consulta,
        "importaciones": importaciones,
        "produccion": produccion,
        "estimaciones": estimaciones,
        "cronograma": cronograma,
        "costa_fuera": costa_fuera,
    }


def main() -> int:
    args = argumentos()
    configurar_entorno()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    # Skipped endpoints are reported in the table; Django's own 404 warnings would only clutter it.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    nombre_original = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        # A name of our own, so the benchmark never collides with a test run against the same server.
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{nombre_original}"
    inicio = time.perf_counter()
    print(f"Creando base de datos desechable ({connection.vendor})…")
    informe = {
        "fecha": datetime.now().astimezone().isoformat(timespec="seconds"),
        "escala": args.escala,
        "semilla": args.semilla,
        "repeticiones": args.repeticiones,
        "ots_extra": args.ots_extra,
        "ptes_extra": args.ptes_extra,
    }
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.reusar_bd)
        informe["maquina"] = maquina(args.nota)
        informe["fases"] = {"migracion_s": time.perf_counter() - inicio}
        medicion = ejecutar(args)
        informe["fases"].update(medicion.pop("fases"))
        informe.update(medicion)
    finally:
        # Only ever drop the throwaway database: if its creation failed early, NAME is still the real one.
        if connection.settings_dict["NAME"] != nombre_original:
            conservar = args.conservar_bd or args.reusar_bd
            if conservar:
                print(f"Base conservada: {connection.settings_dict['NAME']} (bórrela al terminar).")
            connection.creation.destroy_test_db(nombre_original, verbosity=0, keepdb=conservar)
        teardown_test_environment()
    RESULTADOS.mkdir(parents=True, exist_ok=True)
    archivo = RESULTADOS / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    archivo.write_text(json.dumps(informe, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nResultados guardados en {archivo.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
