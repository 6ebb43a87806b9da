"""The OT import upload page: who may use it, the report it shows and the uploader-only error workbook."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from core.importacion import COLUMNA_OBSERVACIONES
from core.models import TrabajoSegundoPlano
from operaciones.catalogos.constantes import TipoId
from operaciones.ot.models import OTE
from tests.conftest import CLAVE

pytestmark = pytest.mark.django_db

URL = "/operaciones/ot/importar/"
MUESTRA = Path(settings.BASE_DIR).parent / "shared" / "samples" / "OT_IMPORTAR.xlsx"


@pytest.fixture(autouse=True)
def medios_temporales(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def muestra():
    return SimpleUploadedFile("OT_IMPORTAR.xlsx", MUESTRA.read_bytes())


def test_anonymous_users_are_sent_to_login(client):
    respuesta = client.get(URL)
    assert respuesta.status_code == 302 and respuesta.url.startswith("/accounts/login/")


def test_users_without_permission_or_staff_status_are_refused(cliente_externo, client, coordinador):
    assert cliente_externo.get(URL).status_code == 403
    assert cliente_externo.post(URL, {"archivo": muestra()}).status_code == 403
    assert coordinador.has_perm("ot.add_ote") and not coordinador.is_staff
    client.force_login(coordinador)
    assert client.get(URL).status_code == 403
    assert not OTE.objects.exists()


def test_admin_sees_the_form_with_the_three_options(cliente_admin):
    respuesta = cliente_admin.get(URL)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for nombre in ("archivo", "dry_run", "crear_faltantes", "omitir_invalidos"):
        assert f'name="{nombre}"' in html
    assert 'enctype="multipart/form-data"' in html


def test_admin_imports_the_sample_and_sees_the_report(cliente_admin, admin):
    respuesta = cliente_admin.post(URL, {"archivo": muestra(), "crear_faltantes": "on", "omitir_invalidos": "on"})
    assert respuesta.status_code == 200
    informe = respuesta.context["informe"]
    assert informe["resumen"] == "creadas=286 actualizadas=0 sin_cambios=0 advertencias=3 errores=0"
    assert OTE.objects.filter(id_tipo=TipoId.OT_INICIAL).count() == 136
    html = respuesta.content.decode()
    assert "fecha inválida «13/112023»" in html and 'id="tabla-problemas"' in html
    # the warnings also come back in a workbook, kept for the uploader
    trabajo = TrabajoSegundoPlano.objects.get(usuario=admin)
    assert trabajo.archivo and trabajo.resultado["creadas"] == 286


def test_dry_run_from_the_page_writes_nothing(cliente_admin):
    respuesta = cliente_admin.post(
        URL, {"archivo": muestra(), "dry_run": "on", "crear_faltantes": "on", "omitir_invalidos": "on"}
    )
    assert respuesta.context["informe"]["creadas"] == 286
    assert "Simulacro" in respuesta.content.decode()
    assert not OTE.objects.exists()


def test_errors_come_with_a_workbook_only_the_uploader_can_download(cliente_admin, client, admin):
    respuesta = cliente_admin.post(URL, {"archivo": muestra()})
    assert respuesta.status_code == 200
    informe = respuesta.context["informe"]
    assert informe["errores"] and not OTE.objects.exists()
    assert any(e["fila"] == 9 and e["columna"] == "F" for e in informe["errores"])
    trabajo = respuesta.context["trabajo"]
    assert f'href="?errores={trabajo.pk}"' in respuesta.content.decode()

    descarga = cliente_admin.get(URL, {"errores": trabajo.pk})
    assert descarga.status_code == 200
    assert descarga["Content-Disposition"].startswith('attachment; filename="errores_importar_ot.xlsx"')
    hoja = openpyxl.load_workbook(io.BytesIO(b"".join(descarga.streaming_content))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == COLUMNA_OBSERVACIONES
    fila9 = next(f for f in filas[1:] if f[1] == 9)
    assert "fecha inválida «13/112023»" in fila9[0]

    otro = User.objects.create_user("otro_admin", password=CLAVE, is_staff=True, is_superuser=True)
    client.force_login(otro)
    assert client.get(URL, {"errores": trabajo.pk}).status_code == 404
    assert cliente_admin.get(URL, {"errores": "abc"}).status_code == 404


@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("ots.csv", b"orden_trabajo,id_tipo_id\n", "debe ser un libro de Excel .xlsx"),
        ("ots.xlsx", b"esto no es un zip", "no es un libro de Excel .xlsx válido"),
    ],
)
def test_wrong_files_are_refused_with_400(cliente_admin, nombre, contenido, mensaje):
    respuesta = cliente_admin.post(URL, {"archivo": SimpleUploadedFile(nombre, contenido)})
    assert respuesta.status_code == 400
    assert mensaje in respuesta.content.decode()
    assert not TrabajoSegundoPlano.objects.exists()


def test_missing_or_oversized_files_are_refused(cliente_admin, monkeypatch):
    assert cliente_admin.post(URL, {"crear_faltantes": "on"}).status_code == 400
    monkeypatch.setattr("operaciones.ot.views_importar.TAMANO_MAXIMO", 1000)
    respuesta = cliente_admin.post(URL, {"archivo": muestra()})
    assert respuesta.status_code == 400 and "más de 1000 bytes" in respuesta.content.decode()


def test_a_workbook_without_the_headers_shows_the_reason(cliente_admin):
    libro = openpyxl.Workbook()
    libro.active.append(["folio", "fecha"])
    contenido = io.BytesIO()
    libro.save(contenido)
    respuesta = cliente_admin.post(URL, {"archivo": SimpleUploadedFile("x.xlsx", contenido.getvalue())})
    assert respuesta.status_code == 200
    assert "no tiene las columnas requeridas" in respuesta.content.decode()
    assert not OTE.objects.exists()
