"""Files the reader refuses, each with its Spanish message (issue 7 item 6), and the subprocess's guarantees:
Java missing or too old, a timeout, a crashed reader, stdout carrying only the JSON."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from operaciones.cronograma.lector import ErrorCronograma, lectura, leer_cronograma, leer_cronogramas

MUESTRAS = Path(settings.BASE_DIR).parent / "shared" / "samples" / "mpp"
INVALIDOS = MUESTRAS / "invalid"
NO_RECONOCIBLE = "El archivo no es un cronograma de MS Project reconocible."


def error_de(ruta, **opciones) -> ErrorCronograma:
    with pytest.raises(ErrorCronograma) as capturado:
        leer_cronograma(ruta, **opciones)
    return capturado.value


def test_archivo_vacio():
    error = error_de(INVALIDOS / "empty.mpp")
    assert str(error) == "El archivo está vacío."
    assert error.codigo == "vacio"


def test_archivo_que_no_es_un_proyecto():
    error = error_de(INVALIDOS / "not-a-project.mpp")
    assert str(error) == NO_RECONOCIBLE
    assert error.codigo == "no_reconocido"


def test_archivo_truncado():
    error = error_de(INVALIDOS / "truncated-sample.mpp")
    assert str(error).startswith(NO_RECONOCIBLE[:-1])
    assert "truncado" in str(error)
    assert error.codigo == "truncado"


def test_archivo_con_contrasena_de_lectura():
    error = error_de(INVALIDOS / "password-protected-mpp9.mpp")
    assert str(error).startswith("El archivo está protegido con contraseña de lectura")
    assert error.codigo == "protegido"
    # mpxj's English text stays in the technical detail, never in the user's message.
    assert "password" in error.detalle.lower()
    assert "password" not in str(error).lower()


def test_una_carpeta():
    error = error_de(INVALIDOS)
    assert str(error) == "La ruta indicada es una carpeta, no un archivo de cronograma."


def test_un_archivo_que_no_existe(tmp_path):
    error = error_de(tmp_path / "no-existe.mpp")
    assert str(error) == "No se encontró el archivo del cronograma."


def test_vacio_carpeta_y_ausente_se_rechazan_sin_subproceso(monkeypatch, tmp_path):
    def prohibido(*args, **kwargs):
        raise AssertionError("no debía lanzarse un subproceso")

    monkeypatch.setattr(lectura.subprocess, "run", prohibido)
    for ruta in (INVALIDOS / "empty.mpp", INVALIDOS, tmp_path / "x.mpp"):
        error_de(ruta)


def test_varios_archivos_invalidos_en_un_subproceso(tmp_path):
    rutas = [INVALIDOS / "empty.mpp", INVALIDOS, tmp_path / "x.mpp", INVALIDOS / "not-a-project.mpp"]
    resultados = leer_cronogramas(rutas)
    assert [r.codigo for r in resultados] == ["vacio", "carpeta", "no_existe", "no_reconocido"]


# --- Java ----------------------------------------------------------------------------------------------------------


def test_sin_java(monkeypatch, tmp_path):
    # No `java` on PATH and no JAVA_HOME: the subprocess must say so instead of failing obscurely.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    error = error_de(MUESTRAS / "sample.mpp")
    assert str(error).startswith("No se encontró Java (11 o superior)")
    assert error.codigo == "java"


def test_java_demasiado_antiguo(monkeypatch, tmp_path):
    viejo = tmp_path / "jdk8"
    (viejo / "lib" / "server").mkdir(parents=True)
    (viejo / "lib" / "server" / "libjvm.so").write_bytes(b"")
    (viejo / "release").write_text('JAVA_VERSION="1.8.0_392"\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("JAVA_HOME", str(viejo))
    error = error_de(MUESTRAS / "sample.mpp")
    assert str(error).startswith("No se encontró Java (11 o superior)")
    assert "Java 8" in error.detalle


def test_sin_java_los_invalidos_baratos_se_reconocen_igual(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    vacio, sin_java = leer_cronogramas([INVALIDOS / "empty.mpp", MUESTRAS / "sample.mpp"])
    assert (vacio.codigo, sin_java.codigo) == ("vacio", "java")


# --- the subprocess ------------------------------------------------------------------------------------------------


def test_tiempo_limite_cancela_la_lectura():
    error = error_de(MUESTRAS / "sample.mpp", tiempo_limite=0.05)
    assert str(error).startswith("La lectura del cronograma tardó demasiado")
    assert error.codigo == "tiempo"


def test_un_lector_que_falla_da_un_mensaje_generico(monkeypatch):
    # A subprocess that dies without the JSON (here json.tool on a binary file): no traceback reaches the user.
    monkeypatch.setattr(lectura, "MODULO", "json.tool")
    error = error_de(MUESTRAS / "sample.mpp")
    assert str(error) == "No se pudo leer el cronograma por un error interno del lector. Intente de nuevo más tarde."
    assert "Traceback" not in str(error)


def test_la_salida_estandar_solo_lleva_el_json():
    completado = subprocess.run(
        [sys.executable, "-m", lectura.MODULO, str(MUESTRAS / "mspdirelations.xml")],
        cwd=lectura.RAIZ,
        capture_output=True,
        timeout=120,
        check=True,
    )
    lineas = completado.stdout.decode().splitlines()
    assert len(lineas) == 1
    assert len(json.loads(lineas[0])["tareas"]) == 5
    # Log4j's status logger is silenced: no "StatusLogger … could not find a logging implementation".
    assert b"StatusLogger" not in completado.stderr


def test_el_proceso_lee_un_solo_archivo_sin_varios():
    completado = subprocess.run(
        [sys.executable, "-m", lectura.MODULO, str(MUESTRAS / "sample.mpp"), str(MUESTRAS / "sample1.xml")],
        cwd=lectura.RAIZ,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert (completado.returncode, completado.stdout) == (2, b"")


def test_el_error_del_subproceso_es_un_json_con_codigo():
    completado = subprocess.run(
        [sys.executable, "-m", lectura.MODULO, str(INVALIDOS / "not-a-project.mpp")],
        cwd=lectura.RAIZ,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert json.loads(completado.stdout) == {
        "error": "no_reconocido",
        "detalle": "UniversalProjectReader devolvió None",
    }
