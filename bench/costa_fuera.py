"""Offshore operations (costa_fuera) at scale: a fleet with a year of daily reports, every page and save measured.

Built in the bench's throwaway database, on top of the demo data (whose vessels keep their two weeks): `barcos`
vessels of their own ("BENCH CF 01", …, capacity 80), each with an OT family on it (an initial OT whose window
covers the whole period and an active annex of four day- and hour-rate concepts, `tests/produccion/datos.py`) and
`dias` consecutive daily reports ending today, inserted with `bulk_create`: a time log of 5–8 activities covering
00:00–24:00 (the last one ends at 00:00 = midnight, no overlaps, the billable ones on the vessel's OT), 6 POB rows
within the capacity, diesel and water rows whose balance chains from day to day (anterior = the previous day's
actual, as the service keeps it), an incident on about one day in ten and a noon position. The first vessel's last
third is a long chain of BORRADOR days (the consumables edit in its middle carries forward through every later
day); the other vessels are closed except yesterday (pre-cierre) and today (borrador).

Measured with the bench's superuser through `django.test.Client`, queries captured per request: the fleet page,
the list page and its DataTables JSON (first page, a filtered page, a late page), the day page, the time-log save
(the same list again, and a list that changes on every request), the POB save, the consumables save in the middle
of the BORRADOR chain and on its last day, the TE/CMA proposal, the RDO PDF and Excel and the range Excel of the
whole period. Saves alternate between two bodies so each request really writes.
"""

import itertools
import json
import random
import statistics
import time
from dataclasses import asdict
from datetime import date, datetime, timedelta
from datetime import time as hora
from decimal import Decimal

BARCOS = 10
DIAS = 365
LOTE = 2000
CAPACIDAD = 80
REPETICIONES_ESCRITURA = 20
REPETICIONES_DOCUMENTO = 5
REPETICIONES_RANGO = 3
CONCEPTOS = 4
UNIDAD_DIA, UNIDAD_HORA = 5, 9  # seeded UnidadMedida "DÍA" and "HORA" (operaciones/catalogos/semillas.py)
SECUENCIA_INICIAL = 9000
TRIPULACION = (
    ("BME SubTec", "Tripulación marina", 18),
    ("BME SubTec", "Buzos", 14),
    ("BME SubTec", "Supervisión", 5),
    ("PEMEX", "Supervisión", 3),
    ("Servicios Marinos del Golfo", "Cocina y hotelería", 8),
    ("Inspecciones Técnicas del Sureste", "Técnicos ROV", 6),
)
CATEGORIAS = (
    ("OPERANDO", 60, "Inspección submarina con ROV de ducto ascendente"),
    ("ESPERA_CLIMA", 12, "En espera por condiciones meteorológicas"),
    ("ESPERA_CLIENTE", 8, "En espera de autorización de PEMEX"),
    ("TRANSITO", 10, "Tránsito entre plataformas"),
    ("MANTENIMIENTO", 6, "Mantenimiento preventivo a equipo de buceo"),
    ("OTRO", 4, "Cambio de guardia y plática de seguridad"),
)
CON_OT = {"OPERANDO", "ESPERA_CLIMA", "ESPERA_CLIENTE", "TRANSITO"}


# --- Data --------------------------------------------------------------------------------------------------------


def _litros(rng: random.Random, minimo: int, maximo: int) -> Decimal:
    return Decimal(rng.randint(minimo, maximo)).quantize(Decimal("0.001"))


def _bitacora(rng: random.Random, reporte, ot_id: int):
    from costa_fuera.models import BitacoraTiempo

    entradas = rng.randint(5, 8)
    limites = [0, *sorted(rng.sample(range(2, 47), entradas - 1)), 48]  # half-hour marks
    filas = []
    for inicio, fin in itertools.pairwise(limites):
        categoria, _, actividad = rng.choices(CATEGORIAS, weights=[c[1] for c in CATEGORIAS])[0]
        filas.append(
            BitacoraTiempo(
                reporte=reporte,
                hora_inicio=hora(inicio // 2, 30 * (inicio % 2)),
                hora_fin=hora(0, 0) if fin == 48 else hora(fin // 2, 30 * (fin % 2)),
                actividad=actividad,
                estatus_operativo=categoria,
                ot_id=ot_id if categoria in CON_OT else None,
            )
        )
    return filas


def _inventario(rng: random.Random, reporte, tipo: str, anterior: Decimal, consumo: tuple, carga: tuple):
    from costa_fuera.models import InventarioDiario

    consumido = _litros(rng, *consumo)
    suministro = _litros(rng, *carga) if anterior - consumido < carga[0] else Decimal("0.000")
    trasiego = _litros(rng, 500, 2_000) if rng.random() < 0.2 else Decimal("0.000")
    actual = anterior + suministro - consumido - trasiego
    return InventarioDiario(
        reporte=reporte,
        tipo_recurso=tipo,
        existencia_anterior=anterior,
        suministro=suministro,
        consumo=consumido,
        trasiego=trasiego,
        existencia_actual=actual,
        lectura_pemex=(actual * (1 + Decimal(rng.randint(-100, 100)) / 10000)).quantize(Decimal("0.001")),
    )


def _familia(barco, inicio: date, fin: date):
    """An initial OT on `barco` covering the whole period, its active annex half day-rate and half hour-rate."""
    from operaciones.catalogos.models import ConceptoMaestro
    from operaciones.ot.models import PartidaAnexoImportada
    from tests.produccion.datos import familia_con_anexo

    familia = familia_con_anexo(
        CONCEPTOS,
        mes=inicio.month,
        anio=inicio.year,
        id_embarcacion=barco,
        fecha_inicio_programado=inicio - timedelta(days=10),
        fecha_termino_programado=fin + timedelta(days=30),
    )
    for n, partida in enumerate(familia.partidas):
        unidad = UNIDAD_DIA if n % 2 == 0 else UNIDAD_HORA
        PartidaAnexoImportada.objects.filter(pk=partida.pk).update(unidad_medida_id=unidad)
        ConceptoMaestro.objects.filter(pk=partida.concepto_id).update(unidad_medida_id=unidad)
    return familia.ot


def generar_flota(*, barcos: int, dias: int, hoy: date, semilla: int, usuario) -> dict:
    """The bench fleet (see the module docstring); returns the ids the measurements need and the row counts."""
    from django.utils import timezone

    from costa_fuera.models import (
        BitacoraTiempo,
        EstadoReporte,
        Incidencia,
        InventarioDiario,
        PersonalABordo,
        PosicionEmbarcacion,
        ReporteDiarioEmbarcacion,
    )
    from operaciones.catalogos.constantes import FrenteId
    from operaciones.catalogos.models import Sitio

    rng = random.Random(semilla)
    inicio = hoy - timedelta(days=dias - 1)
    fechas = [inicio + timedelta(days=n) for n in range(dias)]
    cadena = max(dias // 3, 2)  # the first vessel's BORRADOR tail
    ultimo = Sitio.objects.filter(descripcion__startswith="BENCH CF ").count()
    vessels = [
        Sitio.objects.create(
            descripcion=f"BENCH CF {ultimo + n + 1:02d}",
            id_frente_id=FrenteId.EMBARCACION,
            capacidad_pob=CAPACIDAD,
            activo=True,
        )
        for n in range(barcos)
    ]
    ots = {barco.pk: _familia(barco, inicio, hoy) for barco in vessels}
    cuentas = dict.fromkeys(("reportes", "bitacora", "pob", "inventarios", "incidencias", "posiciones"), 0)
    for n, barco in enumerate(vessels):
        reportes, posiciones = [], []
        for i, dia in enumerate(fechas):
            if (n == 0 and i >= dias - cadena) or dia == hoy:
                estado = EstadoReporte.BORRADOR
            elif dia == hoy - timedelta(days=1):
                estado = EstadoReporte.PRE_CIERRE
            else:
                estado = EstadoReporte.CERRADO
            cerrado = estado == EstadoReporte.CERRADO
            latitud = Decimal(rng.randint(19_300_000, 19_800_000)).scaleb(-6)
            longitud = Decimal(rng.randint(-92_500_000, -91_800_000)).scaleb(-6)
            mediodia = timezone.make_aware(datetime.combine(dia, hora(12, 0)))
            posiciones.append(
                PosicionEmbarcacion(embarcacion=barco, timestamp=mediodia, latitud=latitud, longitud=longitud)
            )
            reportes.append(
                ReporteDiarioEmbarcacion(
                    embarcacion=barco,
                    fecha=dia,
                    representante=usuario,
                    estado=estado,
                    comentarios_generales="Operación normal." if i % 3 else "",
                    cerrado_por=usuario if cerrado else None,
                    fecha_cierre=mediodia + timedelta(hours=20) if cerrado else None,
                    latitud=latitud,
                    longitud=longitud,
                )
            )
        PosicionEmbarcacion.objects.bulk_create(posiciones, batch_size=LOTE)
        reportes = ReporteDiarioEmbarcacion.objects.bulk_create(reportes, batch_size=LOTE)
        bitacora, pob, inventarios, incidencias = [], [], [], []
        diesel, agua = Decimal("320000.000"), Decimal("180000.000")
        for reporte in reportes:
            bitacora += _bitacora(rng, reporte, ots[barco.pk].pk)
            pob += [
                PersonalABordo(reporte=reporte, compania=c, categoria=k, cantidad=base + rng.randint(-2, 2))
                for c, k, base in TRIPULACION
            ]
            fila_diesel = _inventario(rng, reporte, "DIESEL", diesel, (8_000, 18_000), (150_000, 220_000))
            fila_agua = _inventario(rng, reporte, "AGUA", agua, (10_000, 20_000), (80_000, 120_000))
            diesel, agua = fila_diesel.existencia_actual, fila_agua.existencia_actual
            inventarios += [fila_diesel, fila_agua]
            if rng.random() < 0.1:
                incidencias.append(
                    Incidencia(
                        reporte=reporte,
                        tipo="Equipo",
                        severidad="MEDIA",
                        descripcion="Falla intermitente en el umbilical del ROV; se cambió el conector.",
                        visible_cliente=rng.random() < 0.5,
                        registrado_por=usuario,
                    )
                )
        BitacoraTiempo.objects.bulk_create(bitacora, batch_size=LOTE)
        PersonalABordo.objects.bulk_create(pob, batch_size=LOTE)
        InventarioDiario.objects.bulk_create(inventarios, batch_size=LOTE)
        Incidencia.objects.bulk_create(incidencias, batch_size=LOTE)
        for clave, filas in (
            ("reportes", reportes),
            ("bitacora", bitacora),
            ("pob", pob),
            ("inventarios", inventarios),
            ("incidencias", incidencias),
            ("posiciones", posiciones),
        ):
            cuentas[clave] += len(filas)
    primero, segundo = vessels[0], vessels[min(1, barcos - 1)]
    de_primero = ReporteDiarioEmbarcacion.objects.filter(embarcacion=primero)
    medio = de_primero.get(fecha=hoy - timedelta(days=cadena // 2))
    cabeza = de_primero.get(fecha=hoy - timedelta(days=cadena - 1))
    con_incidencia = (
        ReporteDiarioEmbarcacion.objects.filter(
            embarcacion=segundo, estado=EstadoReporte.CERRADO, incidencias__isnull=False
        )
        .order_by("fecha")
        .first()
    ) or ReporteDiarioEmbarcacion.objects.filter(embarcacion=segundo).order_by("fecha").first()
    return {
        "inicio": inicio,
        "fin": hoy,
        "cadena": cadena,
        "arrastre": de_primero.filter(fecha__gt=medio.fecha).count(),
        "arrastre_cabeza": de_primero.filter(fecha__gt=cabeza.fecha).count(),
        "cabeza": cabeza.pk,
        "barco": primero.pk,
        "barco_cerrado": segundo.pk,
        "borrador": de_primero.get(fecha=hoy).pk,
        "medio": medio.pk,
        "cerrado": con_incidencia.pk,
        "cuentas": cuentas,
    }


# --- Measurement -------------------------------------------------------------------------------------------------


def _medir(cliente, nombre: str, url: str, pedir, repeticiones: int, calentamiento: int):
    """Queries, latencies and size of `pedir(n)` (the n-th request, so a save can alternate its body)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.run import Resultado, percentil

    resultado = Resultado(nombre, url)
    consultas, contenido, n = [], b"", 0
    try:
        for _ in range(calentamiento):
            pedir(n)
            n += 1
        for _ in range(repeticiones):
            with CaptureQueriesContext(connection) as capturadas:
                inicio = time.perf_counter()
                respuesta = pedir(n)
                contenido = respuesta.content
                resultado.latencias_ms.append((time.perf_counter() - inicio) * 1000)
            n += 1
            consultas.append(len(capturadas))
            resultado.estado = respuesta.status_code
            if respuesta.status_code != 200:
                resultado.nota = f"respuesta {respuesta.status_code}: {contenido[:160]!r}"
                return resultado
    except Exception as exc:  # one failing endpoint must not lose the other figures
        resultado.nota = f"error {type(exc).__name__}: {exc}"[:200]
        return resultado
    resultado.kb = len(contenido) / 1024
    resultado.consultas_min, resultado.consultas_max = min(consultas), max(consultas)
    resultado.p50_ms = statistics.median(resultado.latencias_ms)
    resultado.p95_ms = percentil(resultado.latencias_ms, 95)
    resultado.req_s = 1000 * len(resultado.latencias_ms) / sum(resultado.latencias_ms)
    return resultado


def _cuerpos_bitacora(reporte) -> tuple[str, str]:
    """The saved log as the page sends it, and the same log with its first activity reworded."""
    from costa_fuera.bitacora import entradas_de_reporte

    entradas = entradas_de_reporte(reporte)
    cambiadas = [dict(e) for e in entradas]
    cambiadas[0]["actividad"] += " (revisado)"
    return json.dumps(entradas), json.dumps(cambiadas)


def _filas_pob(reporte) -> list[dict]:
    return [
        {"compania": p.compania, "categoria": p.categoria, "cantidad": p.cantidad}
        for p in reporte.pob.order_by("compania", "categoria")
    ]


def _cuerpo_inventario(reporte, tipo: str) -> dict:
    fila = reporte.inventarios.get(tipo_recurso=tipo)
    return {
        "tipo_recurso": tipo,
        "suministro": str(fila.suministro),
        "consumo": str(fila.consumo),
        "trasiego": str(fila.trasiego),
        "lectura_pemex": str(fila.lectura_pemex or ""),
    }


def medir_costa_fuera(
    cliente, *, repeticiones: int, calentamiento: int, barcos: int = BARCOS, dias: int = DIAS, semilla: int = 2026
) -> dict:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from bench.produccion import _apartar_secuencias
    from bench.run import estadisticas
    from core.selectors import hoy_mexico
    from costa_fuera.models import EstadoReporte, ReporteDiarioEmbarcacion

    usuario = get_user_model().objects.get(pk=cliente.session["_auth_user_id"])
    _apartar_secuencias(SECUENCIA_INICIAL)
    inicio = time.perf_counter()
    datos = generar_flota(barcos=barcos, dias=dias, hoy=hoy_mexico(), semilla=semilla, usuario=usuario)
    estadisticas()
    segundos = time.perf_counter() - inicio
    cuentas = datos["cuentas"]
    total = ReporteDiarioEmbarcacion.objects.count()
    print(
        f"\nCosta fuera: {barcos} embarcaciones × {dias} días = {cuentas['reportes']:,} reportes "
        f"({cuentas['bitacora']:,} actividades, {cuentas['pob']:,} renglones de POB, {cuentas['inventarios']:,} "
        f"inventarios, {cuentas['incidencias']:,} incidencias) en {segundos:.1f} s; {total:,} reportes en total"
    )

    borrador = ReporteDiarioEmbarcacion.objects.get(pk=datos["borrador"])
    medio = ReporteDiarioEmbarcacion.objects.get(pk=datos["medio"])
    cabeza = ReporteDiarioEmbarcacion.objects.get(pk=datos["cabeza"])
    igual, cambiada = _cuerpos_bitacora(borrador)
    filas_pob = _filas_pob(borrador)
    filas_pob_2 = [dict(f) for f in filas_pob]
    filas_pob_2[0]["cantidad"] += 1
    inventario_medio = _cuerpo_inventario(medio, "DIESEL")
    inventario_ultimo = _cuerpo_inventario(borrador, "DIESEL")
    inventario_cabeza = _cuerpo_inventario(cabeza, "AGUA")

    def alternar(cuerpo: dict, campo: str) -> list[dict]:
        otro = dict(cuerpo)
        otro[campo] = str(Decimal(cuerpo[campo]) + 1)
        return [otro, cuerpo]  # the first request changes the day, the next one puts it back, …

    inventarios_medio = alternar(inventario_medio, "consumo")
    inventarios_ultimo = alternar(inventario_ultimo, "consumo")
    inventarios_cabeza = alternar(inventario_cabeza, "consumo")

    tabla = "draw=1&length=25"
    datatable = reverse("costa_fuera:reportes_datatable")
    filtro = (
        f"&embarcacion={datos['barco_cerrado']}&estado={EstadoReporte.CERRADO}"
        f"&desde={datos['inicio'] + timedelta(days=dias // 6):%Y-%m-%d}"
        f"&hasta={datos['fin'] - timedelta(days=dias // 6):%Y-%m-%d}"
    )
    tardia = max(total - 25, 0) // 25 * 25
    rango = (
        f"{reverse('costa_fuera:rdo_rango_excel')}?embarcacion={datos['barco_cerrado']}"
        f"&desde={datos['inicio']:%Y-%m-%d}&hasta={datos['fin']:%Y-%m-%d}"
    )
    bitacora = reverse("costa_fuera:bitacora_guardar", args=[borrador.pk])
    pob = reverse("costa_fuera:pob_guardar", args=[borrador.pk])
    inventario_medio_url = reverse("costa_fuera:inventario_guardar", args=[medio.pk])
    inventario_ultimo_url = reverse("costa_fuera:inventario_guardar", args=[borrador.pk])
    inventario_cabeza_url = reverse("costa_fuera:inventario_guardar", args=[cabeza.pk])
    arrastre = datos["arrastre"]

    def get(url):
        return lambda n: cliente.get(url)

    lecturas = repeticiones, calentamiento
    escrituras = min(repeticiones, REPETICIONES_ESCRITURA), 1
    documentos = min(repeticiones, REPETICIONES_DOCUMENTO), 1
    escenarios = [
        ("CF: flota", reverse("costa_fuera:inicio"), None, lecturas),
        ("CF: lista de reportes", reverse("costa_fuera:reportes"), None, lecturas),
        ("CF: datos, 1.ª página", f"{datatable}?{tabla}&start=0", None, lecturas),
        ("CF: datos, filtrada", f"{datatable}?{tabla}&start=0{filtro}", None, lecturas),
        (f"CF: datos, página tardía (start={tardia})", f"{datatable}?{tabla}&start={tardia}", None, lecturas),
        ("CF: día (borrador)", reverse("costa_fuera:reporte", args=[borrador.pk]), None, lecturas),
        ("CF: día (cerrado)", reverse("costa_fuera:reporte", args=[datos["cerrado"]]), None, lecturas),
        (
            "CF: bitácora, misma lista",
            bitacora,
            lambda n: cliente.post(bitacora, {"bitacora": igual}),
            escrituras,
        ),
        (
            "CF: bitácora, lista cambiada",
            bitacora,
            lambda n: cliente.post(bitacora, {"bitacora": cambiada if n % 2 == 0 else igual}),
            escrituras,
        ),
        (
            "CF: POB, cambiado",
            pob,
            lambda n: cliente.post(
                pob, json.dumps({"filas": filas_pob_2 if n % 2 == 0 else filas_pob}), content_type="application/json"
            ),
            escrituras,
        ),
        (
            f"CF: consumibles, mitad de la cadena (+{arrastre} días)",
            inventario_medio_url,
            lambda n: cliente.post(inventario_medio_url, inventarios_medio[n % 2]),
            escrituras,
        ),
        (
            f"CF: consumibles (agua), 1.er borrador (+{datos['arrastre_cabeza']} días)",
            inventario_cabeza_url,
            lambda n: cliente.post(inventario_cabeza_url, inventarios_cabeza[n % 2]),
            escrituras,
        ),
        (
            "CF: consumibles, último día",
            inventario_ultimo_url,
            lambda n: cliente.post(inventario_ultimo_url, inventarios_ultimo[n % 2]),
            escrituras,
        ),
        ("CF: propuesta TE/CMA", reverse("costa_fuera:propuesta", args=[datos["cerrado"]]), None, lecturas),
        ("CF: RDO PDF", reverse("costa_fuera:rdo_pdf", args=[datos["cerrado"]]), None, documentos),
        ("CF: RDO Excel", reverse("costa_fuera:rdo_excel", args=[datos["cerrado"]]), None, documentos),
        (f"CF: Excel de rango ({dias} días)", rango, None, (min(repeticiones, REPETICIONES_RANGO), 1)),
    ]
    resultados = [
        _medir(cliente, nombre, url, pedir or get(url), veces, previas)
        for nombre, url, pedir, (veces, previas) in escenarios
    ]
    for resultado, (_, _, pedir, _) in zip(resultados, escenarios, strict=True):
        if pedir is not None:
            resultado.url = f"POST {resultado.url}"
    return {
        "barcos": barcos,
        "dias": dias,
        "cadena_borrador": datos["cadena"],
        "datos_s": round(segundos, 1),
        "filas": {**cuentas, "reportes_total": total},
        "resultados": resultados,
    }


def imprimir_costa_fuera(medicion: dict) -> None:
    from bench.run import imprimir_tabla

    print(f"\nCosta fuera ({medicion['barcos']} embarcaciones × {medicion['dias']} días):")
    imprimir_tabla(medicion["resultados"])


def para_json(medicion: dict) -> dict:
    return {**medicion, "resultados": [asdict(r) for r in medicion["resultados"]]}
