"""Subprocess entry point: reads MS Project files with mpxj and prints ONE JSON object on stdout.

    python -m operaciones.cronograma.lector.proceso ARCHIVO            → the schedule, or {"error", "detalle"}
    python -m operaciones.cronograma.lector.proceso --varios A B C ... → {"resultados": [...], "segundos": [...]}

The JVM lives only here, never in a web worker, a test process or a command process: JPype cannot restart a JVM,
a JVM does not survive a fork, and a bad file must not take the caller down. Everything Java (or Log4j) writes goes
to stderr, which the caller logs and never shows to users; stdout carries only the JSON.
"""

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

from operaciones.cronograma.lector.conversion import (
    DURACION_MAXIMA,
    LAG_MAXIMO,
    PORCENTAJE_MAXIMO,
    USO_AVANCE,
    USO_OTRO,
    USO_PONDERACION,
    decimal_texto,
    fecha_texto,
    leer_numero,
    orden_natural,
    uso_de_alias,
)
from operaciones.cronograma.lector.errores import (
    CARPETA,
    FALLO_PROCESO,
    ILEGIBLE,
    JAVA_AUSENTE,
    MEMORIA,
    NO_EXISTE,
    NO_RECONOCIDO,
    PROTEGIDO,
    TRUNCADO,
    VACIO,
    FalloLectura,
)

OPCIONES_JVM = (
    "-Xmx512m",
    "-Xrs",  # no JVM signal handlers: SIGINT/SIGTERM stay Python's, so the caller can always stop a read
    "-Djava.awt.headless=true",
    "-Dlog4j2.statusLoggerLevel=OFF",  # mpxj ships log4j-api alone; its status logger would complain on stderr
    "-Dlog4j2.level=OFF",
    # A short-lived JVM: C1 alone reads a sample ≈ 20 % sooner (bench/README.md, issue 7); a serial GC did not help.
    "-XX:TieredStopAtLevel=1",
)
VERSION_JAVA_MINIMA = 11
FIRMA_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")

TIPOS_RELACION = {"FINISH_START": "FS", "START_START": "SS", "FINISH_FINISH": "FF", "START_FINISH": "SF"}


# --- Java ----------------------------------------------------------------------------------------------------------


def _version_java(inicio: Path) -> int | None:
    """Major version from the JDK's `release` file (None when the file is missing or unreadable)."""
    try:
        for linea in (inicio / "release").read_text(encoding="utf-8", errors="replace").splitlines():
            if linea.startswith("JAVA_VERSION="):
                texto = linea.split("=", 1)[1].strip().strip('"')
                partes = texto.split(".")
                mayor = int(partes[1]) if partes[0] == "1" else int(partes[0])
                return mayor
    except (OSError, ValueError, IndexError):
        return None
    return None


def _libjvm(inicio: Path) -> Path | None:
    for relativa in ("lib/server/libjvm.so", "jre/lib/amd64/server/libjvm.so", "lib/server/libjvm.dylib"):
        candidata = inicio / relativa
        if candidata.is_file():
            return candidata
    return None


def ruta_jvm() -> str:
    """The libjvm of JAVA_HOME, else of the `java` on PATH; Java 11 or later. Raises FalloLectura(JAVA_AUSENTE)."""
    # Only JAVA_HOME and PATH count (not JPype's scan of /usr/lib/jvm): what the operator configured is what runs.
    inicios = []
    if os.environ.get("JAVA_HOME"):
        inicios.append(Path(os.environ["JAVA_HOME"]))
    java = shutil.which("java")
    if java:
        inicios.append(Path(java).resolve().parent.parent)
    for inicio in inicios:
        libjvm = _libjvm(inicio)
        if libjvm is None:
            continue
        version = _version_java(inicio)
        if version is not None and version < VERSION_JAVA_MINIMA:
            raise FalloLectura(JAVA_AUSENTE, f"Java {version} en {inicio}; se requiere {VERSION_JAVA_MINIMA}+")
        return str(libjvm)
    raise FalloLectura(JAVA_AUSENTE, f"sin libjvm en JAVA_HOME={os.environ.get('JAVA_HOME')!r} ni en PATH")


def iniciar_jvm() -> None:
    """Start the JVM once for this process, with mpxj's jars on the class path."""
    jvm = ruta_jvm()
    import jpype
    import mpxj  # noqa: F401  (adds mpxj's jars to JPype's class path)

    if not jpype.isJVMStarted():
        try:
            jpype.startJVM(jvm, *OPCIONES_JVM, convertStrings=False)
        except Exception as exc:  # any failure to start is "Java unusable" for the user
            raise FalloLectura(JAVA_AUSENTE, f"no arrancó la JVM: {exc}") from exc


# --- file checks ---------------------------------------------------------------------------------------------------


def revisar_archivo(ruta: Path) -> None:
    """The errors we can tell without Java: missing, a folder, empty."""
    if not ruta.exists():
        raise FalloLectura(NO_EXISTE, str(ruta))
    if ruta.is_dir():
        raise FalloLectura(CARPETA, str(ruta))
    if ruta.stat().st_size == 0:
        raise FalloLectura(VACIO, str(ruta))


def ole2_truncado(ruta: Path) -> bool:
    """True when the file is an OLE2 compound document (the .mpp container) whose header points past its end."""
    try:
        with ruta.open("rb") as archivo:
            cabecera = archivo.read(512)
        tamano = ruta.stat().st_size
    except OSError:
        return False
    if len(cabecera) < 512 or cabecera[:8] != FIRMA_OLE2:
        return False
    sector = 1 << int.from_bytes(cabecera[30:32], "little")
    if sector not in (512, 4096):
        return True
    # Sector n lives at (n + 1) * size; the header's FAT and directory sectors must all be inside the file.
    usados = [int.from_bytes(cabecera[48:52], "little")]
    usados += [int.from_bytes(cabecera[76 + 4 * i : 80 + 4 * i], "little") for i in range(109)]
    libres = {0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC}
    return any((n + 2) * sector > tamano for n in usados if n not in libres) or tamano % sector != 0


def es_ole2(ruta: Path) -> bool:
    try:
        with ruta.open("rb") as archivo:
            return archivo.read(8) == FIRMA_OLE2
    except OSError:
        return False


# --- reading -------------------------------------------------------------------------------------------------------


def _texto(valor) -> str | None:
    return None if valor is None else str(valor)


def _entero(valor) -> int | None:
    return None if valor is None else int(valor)


def _uid_de(tarea) -> int | None:
    return None if tarea is None else _entero(tarea.getUniqueID())


class Lector:
    """Turns one mpxj ProjectFile into the plain dict of the contract."""

    # Calendar days per elapsed unit.
    DIAS_ELAPSED = {
        "ELAPSED_MINUTES": 1 / 1440,
        "ELAPSED_HOURS": 1 / 24,
        "ELAPSED_DAYS": 1,
        "ELAPSED_WEEKS": 7,
        "ELAPSED_MONTHS": 30,
        "ELAPSED_YEARS": 365,
    }

    def __init__(self):
        from org.mpxj import FieldTypeClass, TimeUnit

        self.TimeUnit = TimeUnit
        self.CLASE_TAREA = FieldTypeClass.TASK

    def leer(self, ruta: Path) -> dict:
        revisar_archivo(ruta)
        from org.mpxj import MPXJException
        from org.mpxj.reader import UniversalProjectReader

        try:
            proyecto = UniversalProjectReader().read(str(ruta))
        except MPXJException as exc:
            mensaje = str(exc.getMessage() or "")
            if "password" in mensaje.lower():
                raise FalloLectura(PROTEGIDO, mensaje) from None
            raise FalloLectura(ILEGIBLE, f"MPXJException: {mensaje}") from None
        except Exception as exc:  # a Java runtime exception on a damaged file
            if "OutOfMemoryError" in repr(exc):
                raise FalloLectura(MEMORIA, repr(exc)) from None
            raise FalloLectura(TRUNCADO if ole2_truncado(ruta) else ILEGIBLE, repr(exc)) from None
        if proyecto is None:
            if ole2_truncado(ruta):
                raise FalloLectura(TRUNCADO, str(ruta))
            raise FalloLectura(NO_RECONOCIDO, "UniversalProjectReader devolvió None")
        return self.convertir(proyecto)

    # durations ----------------------------------------------------------------------------------------------------

    def dias(self, duracion, propiedades) -> float | None:
        """Days of a Duration: working units with the project's calendar settings (8 h/day, 40 h/week…), elapsed
        units as calendar days (Project's "1 ed" is one calendar day, not 24 h of work = 3 days)."""
        if duracion is None:
            return None
        unidades = duracion.getUnits()
        if unidades == self.TimeUnit.PERCENT:
            return None
        valor = float(duracion.getDuration())
        elapsed = self.DIAS_ELAPSED.get(str(unidades.name()))
        if elapsed is not None:
            return valor * elapsed
        if unidades != self.TimeUnit.DAYS:
            return float(duracion.convertUnits(self.TimeUnit.DAYS, propiedades).getDuration())
        return valor

    # the project --------------------------------------------------------------------------------------------------

    def convertir(self, proyecto) -> dict:
        propiedades = proyecto.getProjectProperties()
        campos, campo_ponderacion, campo_avance = self.campos_personalizados(proyecto)

        ignorado = {
            "resumen_proyecto": 0,
            "filas_en_blanco": 0,
            "dependencias_a_tareas_ignoradas": 0,
            "asignaciones_sin_recurso": 0,
        }
        reales = []
        for tarea in proyecto.getTasks():
            if tarea.getNull():
                ignorado["filas_en_blanco"] += 1
                continue
            nivel = _entero(tarea.getOutlineLevel())
            uid = _entero(tarea.getUniqueID())
            if uid is None:
                ignorado["filas_en_blanco"] += 1
                continue
            if nivel == 0 or (nivel is None and uid == 0):
                ignorado["resumen_proyecto"] = 1
                continue
            reales.append((tarea, uid, nivel or 1))
        uids_reales = {uid for _, uid, _ in reales}

        tareas = []
        dependencias = []
        vistas = set()
        for tarea, uid, nivel in reales:
            padre = tarea.getParentTask()
            padre_uid = _entero(padre.getUniqueID()) if padre is not None else None
            if padre_uid not in uids_reales:
                padre_uid = None
            recursos = []
            for asignacion in tarea.getResourceAssignments():
                recurso = asignacion.getResource()
                nombre = _texto(recurso.getName()) if recurso is not None else None
                if nombre and nombre.strip() and nombre not in recursos:
                    recursos.append(nombre)
            duracion = self.dias(tarea.getDuration(), propiedades)
            tareas.append(
                {
                    "uid": uid,
                    "id": _entero(tarea.getID()),
                    "wbs": _texto(tarea.getWBS()) or "",
                    "nombre": _texto(tarea.getName()) or "",
                    "nivel": nivel,
                    "es_resumen": bool(tarea.getSummary()),
                    "es_hito": bool(tarea.getMilestone()),
                    "padre_uid": padre_uid,
                    "inicio": fecha_texto(tarea.getStart()),
                    "fin": fecha_texto(tarea.getFinish()),
                    "duracion_dias": decimal_texto(duracion or 0, minimo=0, maximo=DURACION_MAXIMA),
                    "porcentaje_completado": self.porcentaje(tarea.getPercentageComplete()),
                    "ponderacion": self.valor_campo(tarea, campo_ponderacion),
                    "avance_campo": self.valor_campo(tarea, campo_avance),
                    "recursos": recursos,
                }
            )
            for relacion in tarea.getPredecessors():
                predecesor = _uid_de(relacion.getPredecessorTask())
                sucesor = _uid_de(relacion.getSuccessorTask())
                # Links to the project summary, to blank rows or to tasks of another file are not stored.
                if predecesor not in uids_reales or sucesor not in uids_reales or predecesor == sucesor:
                    ignorado["dependencias_a_tareas_ignoradas"] += 1
                    continue
                tipo_java = relacion.getType()
                tipo = TIPOS_RELACION.get(str(tipo_java.name()) if tipo_java is not None else "", "FS")
                clave = (predecesor, sucesor, tipo)
                if clave in vistas:
                    continue
                vistas.add(clave)
                dependencias.append(
                    {
                        "predecesor_uid": predecesor,
                        "sucesor_uid": sucesor,
                        "tipo": tipo,
                        "lag_dias": self.lag(relacion, propiedades),
                    }
                )
        for asignacion in proyecto.getResourceAssignments():
            if asignacion.getResource() is None:
                ignorado["asignaciones_sin_recurso"] += 1

        return {
            "proyecto": self.datos_proyecto(propiedades),
            "tareas": tareas,
            "dependencias": dependencias,
            "campos_personalizados": campos,
            "ignorado": ignorado,
        }

    def datos_proyecto(self, propiedades) -> dict:
        version = propiedades.getApplicationVersion()
        minutos_dia = propiedades.getMinutesPerDay()
        minutos_semana = propiedades.getMinutesPerWeek()
        return {
            "titulo": _texto(propiedades.getProjectTitle()) or "",
            "inicio": fecha_texto(propiedades.getStartDate()),
            "fin": fecha_texto(propiedades.getFinishDate()),
            "formato": _texto(propiedades.getFileType()) or "",
            "version_aplicacion": None if version is None else int(version),
            "horas_por_dia": None if minutos_dia is None else decimal_texto(float(minutos_dia) / 60),
            "horas_por_semana": None if minutos_semana is None else decimal_texto(float(minutos_semana) / 60),
        }

    def lag(self, relacion, propiedades) -> str:
        lag = relacion.getLag()
        if lag is not None and lag.getUnits() == self.TimeUnit.PERCENT:
            # A lag written as a percentage of the predecessor's duration ("FS+50%").
            base = self.dias(relacion.getPredecessorTask().getDuration(), propiedades) or 0
            dias = float(lag.getDuration()) * base / 100
        else:
            dias = self.dias(lag, propiedades) or 0
        return decimal_texto(dias, minimo=-LAG_MAXIMO, maximo=LAG_MAXIMO)

    @staticmethod
    def porcentaje(valor) -> str:
        numero = leer_numero(None if valor is None else float(valor.doubleValue()))
        return decimal_texto(numero or 0, minimo=0, maximo=PORCENTAJE_MAXIMO)

    # custom fields ------------------------------------------------------------------------------------------------

    def campos_personalizados(self, proyecto):
        """Task custom fields with an alias; the first weight-like and progress-like ones are used (§3.8)."""
        encontrados = []
        for campo in proyecto.getCustomFields():
            tipo = campo.getFieldType()
            alias = _texto(campo.getAlias())
            if tipo is None or not alias or tipo.getFieldTypeClass() != self.CLASE_TAREA:
                continue
            encontrados.append((str(tipo.name()).title().replace("_", ""), alias, tipo))
        # mpxj keeps them in a hash map: sort (Number2 before Number10) so "the first" means the same every time.
        encontrados.sort(key=lambda item: orden_natural(item[0]))
        campos = []
        ponderacion = avance = None
        for nombre, alias, tipo in encontrados:
            uso = uso_de_alias(alias)
            if uso == USO_PONDERACION and ponderacion is None:
                ponderacion = tipo
            elif uso == USO_AVANCE and avance is None:
                avance = tipo
            else:
                uso = USO_OTRO
            campos.append({"campo": nombre, "alias": alias, "uso": uso})
        return campos, ponderacion, avance

    @staticmethod
    def valor_campo(tarea, tipo) -> str | None:
        if tipo is None:
            return None
        valor = tarea.getCachedValue(tipo)
        if valor is None:
            return None
        if hasattr(valor, "doubleValue"):
            valor = float(valor.doubleValue())
        numero = leer_numero(valor if isinstance(valor, float) else str(valor))
        if numero is None:
            return None
        return decimal_texto(numero, minimo=-PORCENTAJE_MAXIMO, maximo=PORCENTAJE_MAXIMO)


# --- main ----------------------------------------------------------------------------------------------------------


def _resultado(lector: Lector | None, ruta: Path) -> dict:
    try:
        if lector is None:
            revisar_archivo(ruta)
            raise FalloLectura(JAVA_AUSENTE, "sin JVM")
        return lector.leer(ruta)
    except FalloLectura as fallo:
        return {"error": fallo.codigo, "detalle": fallo.detalle}
    except Exception:  # a bug of ours on an odd file: the others in --varios still get read
        return {"error": FALLO_PROCESO, "detalle": traceback.format_exc(limit=8)}


def main(argumentos: list[str]) -> int:
    # Whatever Java, JPype or Log4j may print goes to stderr; the JSON alone goes to the real stdout.
    salida = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    varios = bool(argumentos) and argumentos[0] == "--varios"
    rutas = [Path(ruta) for ruta in (argumentos[1:] if varios else argumentos)]
    if not rutas or (len(rutas) > 1 and not varios):
        print("uso: proceso.py ARCHIVO | proceso.py --varios ARCHIVO...", file=sys.stderr)
        return 2

    inicio = time.perf_counter()
    lector = None
    fallo_java = None
    # Check the cheap errors first so an empty file or a folder never waits for a JVM.
    if varios or not _previo(rutas[0]):
        try:
            iniciar_jvm()
            lector = Lector()
        except FalloLectura as fallo:
            fallo_java = {"error": fallo.codigo, "detalle": fallo.detalle}
    arranque = time.perf_counter() - inicio

    resultados, segundos = [], []
    for ruta in rutas:
        comienzo = time.perf_counter()
        previo = _previo(ruta)
        resultado = previo or fallo_java or _resultado(lector, ruta)
        resultados.append(resultado)
        segundos.append(round(time.perf_counter() - comienzo, 4))

    documento = {"resultados": resultados, "segundos": segundos, "arranque_jvm": round(arranque, 4)}
    json.dump(documento if varios else resultados[0], salida, ensure_ascii=True, separators=(",", ":"))
    salida.write("\n")
    salida.flush()
    return 0


def _previo(ruta: Path) -> dict | None:
    try:
        revisar_archivo(ruta)
    except FalloLectura as fallo:
        return {"error": fallo.codigo, "detalle": fallo.detalle}
    return None


if __name__ == "__main__":
    codigo = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the JVM's orderly shutdown: the answer is written and nothing else is pending.
    os._exit(codigo)
