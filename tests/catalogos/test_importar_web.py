"""The catalogue upload page (issue 4, item 5): Anexo C or PUEs through the web, as a job with a progress bar."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importacion import COLUMNA_OBSERVACIONES
from core.models import EstadoTrabajo, TrabajoSegundoPlano
from operaciones.catalogos import trabajos_importacion
from operaciones.catalogos.constantes import TipoId
from operaciones.catalogos.models import Cliente, ConceptoMaestro, Contrato, SubAnexo
from operaciones.catalogos.trabajos_importacion import TIPO_ANEXO_C, TIPO_PUES
from tests.catalogos.libro_pues import libro_pues
from tests.conftest import CLAVE, GRUPO_ADMIN

pytestmark = pytest.mark.django_db

URL = "/operaciones/catalogos/importar/"
CONTRATO = "PEMEX-640-2023"
MUESTRA = Path(settings.BASE_DIR).parent / "shared" / "samples" / "ANEXO_C_CONTRATO.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url_errores(trabajo_id) -> str:
    return f"{URL}errores/{trabajo_id}/"


def _personal(username: str, *, staff: bool = True) -> User:
    """A catalogue manager: the Administrador role (add/change concepts) without being a superuser."""
    user = User.objects.create_user(username=username, password=CLAVE, is_staff=staff)
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


@pytest.fixture
def gestor(client):
    client.force_login(_personal("gestor_catalogo"))
    return client


def muestra() -> SimpleUploadedFile:
    return SimpleUploadedFile("ANEXO_C_CONTRATO.xlsx", MUESTRA.read_bytes(), content_type=XLSX)


def libro_con_errores() -> bytes:
    """Two detail sheets: an unknown unit in the first, a negative unit price in the second."""
    wb = openpyxl.Workbook()
    wb.active.title = "Anexo C-CR"
    wb.active.append(["Resumen del catálogo"])
    for nombre, anexo, filas in (
        ("Anexo C-8-CR", "C-8", [["8.1.", "TUBO A", "PIEZA", 2, 10, 0], ["8.2.", "TUBO B", "PZA. RARA", 1, 5, 0]]),
        ("Anexo C-9-CR", "C-9", [["9.1.", "BUCEO", "JORNADA", 1, -3, 0]]),
    ):
        hoja = wb.create_sheet(nombre)
        hoja.append([None, f"{nombre}: prueba"])
        hoja.append(["ANEXO", "PARTIDA", "CONCEPTO", "UNIDAD", "CANTIDADES DE REFERENCIA", "P.U. MN", "P.U. USD"])
        for fila in filas:
            hoja.append([anexo, *fila])
    salida = io.BytesIO()
    wb.save(salida)
    return salida.getvalue()


def importar(cliente, capturar, **datos):
    """POST the upload (running the job on commit, as eager Celery does) and return (response, job)."""
    cuerpo = {"tipo": TIPO_ANEXO_C, "contrato": CONTRATO, **datos}
    with capturar(execute=True):
        respuesta = cliente.post(URL, cuerpo)
    assert respuesta.status_code == 202, respuesta.content
    sobre = respuesta.json()
    assert sobre["exito"] is True and sobre["url_estado"] == f"/trabajos/{sobre['trabajo_id']}/"
    return respuesta, TrabajoSegundoPlano.objects.get(pk=sobre["trabajo_id"])


# --- Access -----------------------------------------------------------------------------------------------------


def test_anonymous_get_goes_to_login_and_post_is_401(client):
    respuesta = client.get(URL)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")
    respuesta = client.post(URL, {"tipo": TIPO_ANEXO_C, "archivo": muestra(), "contrato": CONTRATO})
    assert respuesta.status_code == 401
    assert client.get(_url_errores(1)).status_code == 302
    assert not TrabajoSegundoPlano.objects.exists()


@pytest.mark.parametrize("persona", ["lector", "capturista", "coordinador", "externo"])
def test_users_without_the_catalogue_permissions_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    respuesta = client.post(URL, {"tipo": TIPO_ANEXO_C, "archivo": muestra(), "contrato": CONTRATO})
    assert respuesta.status_code == 403 and respuesta.json()["exito"] is False
    assert client.get(_url_errores(1)).status_code == 403
    assert not TrabajoSegundoPlano.objects.exists()


def test_the_permissions_without_being_staff_are_not_enough(client):
    client.force_login(_personal("administrador_sin_staff", staff=False))
    assert client.get(URL).status_code == 403
    respuesta = client.post(URL, {"tipo": TIPO_ANEXO_C, "archivo": muestra(), "contrato": CONTRATO})
    assert respuesta.status_code == 403 and respuesta.json()["detalles"].startswith("Sólo el personal")
    assert client.get(_url_errores(1)).status_code == 403
    assert not TrabajoSegundoPlano.objects.exists()


def test_other_methods_get_the_envelope_405(gestor):
    respuesta = gestor.put(URL)
    assert respuesta.status_code == 405 and respuesta.json()["exito"] is False
    assert gestor.post(_url_errores(1)).status_code == 405


def test_the_page_shows_the_form_and_the_concepts_page_links_it_only_for_managers(gestor, lector):
    pagina = gestor.get(URL)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    marcas = ['id="form-importar-catalogo"', 'value="importar_anexo_c"', 'value="importar_pues"', 'id="importar-barra"']
    marcas += ["catalogos_importar.js", 'name="crear_faltantes"', 'name="dry_run"', 'name="contrato"']
    for marca in marcas:
        assert marca in html, marca
    assert 'id="enlace-importar-catalogo"' in gestor.get("/operaciones/catalogos/conceptos/").content.decode()
    gestor.force_login(lector)
    assert 'id="enlace-importar-catalogo"' not in gestor.get("/operaciones/catalogos/conceptos/").content.decode()


# --- Bad input: 400 with errores, no job ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("datos", "campo"),
    [
        ({"archivo": None}, "archivo"),
        ({"archivo": ("catalogo.csv", b"ANEXO,PARTIDA\n")}, "archivo"),
        ({"archivo": ("catalogo.xlsx", b"esto no es un zip")}, "archivo"),
        ({"contrato": ""}, "contrato"),
        ({"contrato": "   "}, "contrato"),
        ({"contrato": "X" * 101}, "contrato"),
        ({"tipo": "importar_ot"}, "tipo"),
        ({"tipo": ""}, "tipo"),
        ({"cliente": "abc"}, "cliente"),
        ({"cliente": "999999"}, "cliente"),
        ({"tipo": TIPO_PUES, "cliente": "PEMEX"}, "cliente"),
    ],
)
def test_bad_input_is_400_with_errores_and_launches_nothing(gestor, datos, campo):
    cuerpo = {"tipo": TIPO_ANEXO_C, "contrato": CONTRATO, "archivo": ("anexo.xlsx", b"PK\x03\x04resto"), **datos}
    if cuerpo["archivo"] is None:
        del cuerpo["archivo"]
    else:
        cuerpo["archivo"] = SimpleUploadedFile(*cuerpo["archivo"])
    if cuerpo.get("cliente") == "PEMEX":
        cuerpo["cliente"] = Cliente.objects.get(descripcion="PEMEX").pk
    respuesta = gestor.post(URL, cuerpo)
    assert respuesta.status_code == 400
    sobre = respuesta.json()
    assert sobre["exito"] is False and campo in sobre["errores"], sobre
    assert not TrabajoSegundoPlano.objects.exists()


def test_a_file_over_20_mb_is_refused(gestor):
    grande = SimpleUploadedFile("anexo.xlsx", b"PK\x03\x04" + b"0" * (20 * 1024 * 1024))
    respuesta = gestor.post(URL, {"tipo": TIPO_ANEXO_C, "contrato": CONTRATO, "archivo": grande})
    assert respuesta.status_code == 400 and "20 MB" in respuesta.json()["errores"]["archivo"][0]


def test_junk_bodies_are_400_never_500(gestor):
    gestor.raise_request_exception = False
    for respuesta in (
        gestor.post(URL, data=b"\xff\xfe\x00", content_type="application/octet-stream"),
        gestor.post(URL, data="{no es json", content_type="application/json"),
        gestor.post(URL, {"tipo": ["a", "b"], "contrato": "\x00\ufffd", "dry_run": "quizá", "crear_faltantes": "x"}),
    ):
        assert respuesta.status_code == 400 and respuesta.json()["exito"] is False
    assert gestor.get(_url_errores(999999)).status_code == 404
    assert gestor.get(f"{URL}errores/abc/").status_code == 404
    assert not TrabajoSegundoPlano.objects.exists()


# --- The real contract workbook through the web -----------------------------------------------------------------


def test_the_real_contract_workbook_imports_through_a_job_with_progress_and_warnings(
    gestor, django_capture_on_commit_callbacks, monkeypatch
):
    avances = []
    original = trabajos_importacion.importar_anexo_c

    def espiar(archivo, *, reportar, **opciones):
        def reportar_y_anotar(avance, total):
            avances.append((avance, total))
            reportar(avance, total)

        return original(archivo, reportar=reportar_y_anotar, **opciones)

    monkeypatch.setattr(trabajos_importacion, "importar_anexo_c", espiar)

    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=muestra())

    assert trabajo.tipo == TIPO_ANEXO_C and trabajo.estado == EstadoTrabajo.TERMINADO, trabajo.mensaje
    assert ConceptoMaestro.objects.filter(sub_anexo__anexo_maestro__contrato__numero_contrato=CONTRATO).count() == 1464
    assert set(SubAnexo.objects.values_list("clave_anexo", flat=True)) == {
        "C-2", "C-3", "C-4", "C-4-1", "C-5", "C-5-1", "C-6"
    }  # fmt: skip
    # The bar moved through the rows and ended full.
    assert len(avances) > 10 and avances == sorted(avances) and avances[-1][0] == avances[-1][1]
    assert (trabajo.avance, trabajo.total) == avances[-1]
    # The page polls the job: done, at 100 %, with the command's report.
    estado = gestor.get(f"/trabajos/{trabajo.pk}/").json()["trabajo"]
    assert (estado["estado"], estado["porcentaje"]) == ("TERMINADO", 100)
    r = estado["resultado"]
    assert r["resumen"] == "creadas=1464 actualizadas=0 sin_cambios=0 advertencias=2 errores=0"
    assert r["escrito"] is True and r["simulacro"] is False and r["errores"] == []
    assert r["tipo"] == TIPO_ANEXO_C and r["contrato"] == CONTRATO
    assert r["otros_creados"]["Sub-anexos creados"] == 7
    # The two sheets whose TOTAL row differs from their lines, named apart from the message.
    assert {a["hoja"] for a in r["advertencias"]} == {"Anexo C-4-CR", "Anexo C-4-1"}
    assert all("TOTAL MXN" in a["texto"] and "(hoja" not in a["texto"] for a in r["advertencias"])
    assert all(a["fila"] and a["columna"] for a in r["advertencias"])
    # The upload was only kept while the job ran; a good run has no error workbook.
    assert not trabajo.archivo and gestor.get(_url_errores(trabajo.pk)).status_code == 404
    assert not list((Path(settings.MEDIA_ROOT) / trabajos_importacion.CARPETA_SUBIDAS).iterdir())
    assert trabajo.parametros["nombre_archivo"] == "ANEXO_C_CONTRATO.xlsx"


def test_a_dry_run_reports_the_real_counts_and_writes_nothing(gestor, django_capture_on_commit_callbacks):
    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=muestra(), dry_run="on")

    assert trabajo.estado == EstadoTrabajo.TERMINADO
    assert trabajo.resultado["simulacro"] is True and trabajo.resultado["escrito"] is False
    assert trabajo.resultado["creadas"] == 1464 and len(trabajo.resultado["advertencias"]) == 2
    assert not Contrato.objects.filter(numero_contrato=CONTRATO).exists()
    assert not SubAnexo.objects.exists() and not ConceptoMaestro.objects.exists()


# --- A refused file and its error workbook ----------------------------------------------------------------------


def test_a_bad_file_ends_in_error_and_only_its_uploader_downloads_the_error_workbook(
    gestor, client, django_capture_on_commit_callbacks
):
    archivo = SimpleUploadedFile("catalogo_malo.xlsx", libro_con_errores(), content_type=XLSX)
    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=archivo)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.mensaje == "creadas=0 actualizadas=0 sin_cambios=0 advertencias=0 errores=2"
    assert not Contrato.objects.filter(numero_contrato=CONTRATO).exists() and not ConceptoMaestro.objects.exists()
    errores = trabajo.resultado["errores"]
    assert [(e["hoja"], e["fila"], e["columna"]) for e in errores] == [
        ("Anexo C-8-CR", 4, "D"),
        ("Anexo C-9-CR", 3, "F"),
    ]
    assert "unidad desconocida «PZA. RARA»" in errores[0]["texto"]
    # The advice names the form's option, not the command's flag.
    assert "la opción «Crear faltantes»" in errores[0]["texto"] and "--" not in errores[0]["mensaje"]
    estado = gestor.get(f"/trabajos/{trabajo.pk}/").json()["trabajo"]
    assert estado["estado"] == "ERROR" and estado["resultado"]["errores"] == errores

    descarga = gestor.get(_url_errores(trabajo.pk))
    assert descarga.status_code == 200
    assert "errores_importar_anexo_c.xlsx" in descarga["Content-Disposition"]
    filas = list(openpyxl.load_workbook(io.BytesIO(b"".join(descarga.streaming_content))).active.values)
    assert filas[0] == (COLUMNA_OBSERVACIONES, "TIPO", "HOJA", "FILA", "COLUMNA", "ENCABEZADO", "MENSAJE")
    assert [(f[1], f[2], f[3], f[4], f[5]) for f in filas[1:]] == [
        ("ERROR", "Anexo C-8-CR", 4, "D", "UNIDAD"),
        ("ERROR", "Anexo C-9-CR", 3, "F", "P.U. MN"),
    ]
    assert all(f[0] == e["mensaje"] and f[6] == e["texto"] for f, e in zip(filas[1:], errores, strict=True))

    # Another catalogue manager (or an admin) does not get somebody else's workbook.
    otro = _personal("otro_gestor")
    client.force_login(otro)
    assert client.get(_url_errores(trabajo.pk)).status_code == 404
    assert client.get(f"/trabajos/{trabajo.pk}/").status_code == 404


def test_a_file_that_is_not_a_workbook_inside_ends_in_error_with_its_reason(gestor, django_capture_on_commit_callbacks):
    archivo = SimpleUploadedFile("roto.xlsx", b"PK\x03\x04 esto no es un libro", content_type=XLSX)
    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=archivo)

    assert trabajo.estado == EstadoTrabajo.ERROR
    assert trabajo.resultado["errores"][0]["mensaje"] == "El archivo no es un libro de Excel (.xlsx) válido."
    assert gestor.get(_url_errores(trabajo.pk)).status_code == 200


def test_an_unexpected_failure_ends_the_job_in_error_without_internals_and_drops_the_upload(
    gestor, django_capture_on_commit_callbacks, monkeypatch
):
    def revienta(*args, **kwargs):
        raise RuntimeError("detalle interno")

    monkeypatch.setattr(trabajos_importacion, "importar_anexo_c", revienta)
    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=muestra())

    assert trabajo.estado == EstadoTrabajo.ERROR and "interno" not in trabajo.mensaje
    assert not list((Path(settings.MEDIA_ROOT) / trabajos_importacion.CARPETA_SUBIDAS).iterdir())


# --- The PUE catalogue ------------------------------------------------------------------------------------------


def test_a_pue_catalogue_imports_through_a_job_and_a_rerun_changes_nothing(gestor, django_capture_on_commit_callbacks):
    contenido = io.BytesIO()
    libro_pues(contenido, filas=120)
    opciones = {"tipo": TIPO_PUES, "crear_faltantes": "on"}

    def subir():
        return SimpleUploadedFile("ANEXO_C_PUES.xlsx", contenido.getvalue(), content_type=XLSX)

    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, **opciones, archivo=subir())

    assert trabajo.tipo == TIPO_PUES and trabajo.estado == EstadoTrabajo.TERMINADO, trabajo.resultado["errores"]
    assert trabajo.resultado["errores"] == [] and trabajo.resultado["escrito"] is True
    pues = ConceptoMaestro.objects.filter(id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA).count()
    assert pues == 120 and trabajo.resultado["creadas"] >= 120
    assert trabajo.total == trabajo.avance == 120

    _, segundo = importar(gestor, django_capture_on_commit_callbacks, **opciones, archivo=subir())
    assert segundo.estado == EstadoTrabajo.TERMINADO
    assert (segundo.resultado["creadas"], segundo.resultado["actualizadas"]) == (0, 0)
    assert ConceptoMaestro.objects.filter(id_tipo_partida_id=TipoId.PARTIDA_EXTRAORDINARIA).count() == 120


def test_a_pue_file_given_as_anexo_c_is_refused_naming_its_sheet(gestor, django_capture_on_commit_callbacks):
    contenido = io.BytesIO()
    libro_pues(contenido, filas=10)
    archivo = SimpleUploadedFile("ANEXO_C_PUES.xlsx", contenido.getvalue(), content_type=XLSX)

    _, trabajo = importar(gestor, django_capture_on_commit_callbacks, archivo=archivo)

    assert trabajo.estado == EstadoTrabajo.ERROR and not ConceptoMaestro.objects.exists()
    # Its header has ANEXO and PARTIDA, so it reads as a detail sheet whose PUE rows lack an ordinary partida.
    assert {e["hoja"] for e in trabajo.resultado["errores"]} == {"PUE´s BME"}
    assert trabajo.archivo
