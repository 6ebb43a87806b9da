"""Shared fixtures: seeded catalogues and the four personas every view test uses.

Personas (DESIGN §5): `admin` (superuser, group Administrador), `capturista` (Capturista de producción),
`lector` (Consulta: read-only), `externo` (logged in, no group, no permission).
"""

import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

CLAVE = "Clave-de-prueba-2026!"

GRUPO_ADMIN = "Administrador"
GRUPO_COORDINADOR = "Coordinador de proyectos"
GRUPO_CAPTURISTA = "Capturista de producción"
GRUPO_FACTURACION = "Facturación"
GRUPO_CONSULTA = "Consulta"


def sembrar():
    call_command("seed_catalogos", verbosity=0)
    call_command("seed_roles", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed once per session for the transaction-wrapped tests (their rollback keeps the seed)."""
    with django_db_blocker.unblock():
        sembrar()


@pytest.fixture
def semillas(transactional_db):
    """For transactional tests (live server, e2e): the flush after each test drops the session seed."""
    sembrar()


def _usuario(username: str, grupo: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@bluemarine.com.mx", password=CLAVE, **extra)
    if grupo:
        user.groups.add(Group.objects.get(name=grupo))
    return user


@pytest.fixture
def admin(db):
    return _usuario("admin_prueba", GRUPO_ADMIN, is_staff=True, is_superuser=True, first_name="Ana", last_name="Admin")


@pytest.fixture
def coordinador(db):
    return _usuario("coordinador", GRUPO_COORDINADOR, first_name="Carlos", last_name="Coordinador")


@pytest.fixture
def capturista(db):
    return _usuario("capturista", GRUPO_CAPTURISTA, first_name="Cecilia", last_name="Captura")


@pytest.fixture
def lector(db):
    return _usuario("lector", GRUPO_CONSULTA, first_name="Luis", last_name="Lector")


@pytest.fixture
def externo(db):
    return _usuario("externo", None, first_name="Eva", last_name="Externa")


@pytest.fixture
def cliente_admin(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def cliente_capturista(client, capturista):
    client.force_login(capturista)
    return client


@pytest.fixture
def cliente_lector(client, lector):
    client.force_login(lector)
    return client


@pytest.fixture
def cliente_externo(client, externo):
    client.force_login(externo)
    return client


# Browser tests: Playwright driving the system Chromium (/usr/bin/chromium) against the live test server.

RUTA_CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def navegador():
    if not os.path.exists(RUTA_CHROMIUM):
        pytest.fail(f"No se encontró Chromium en {RUTA_CHROMIUM}: instálelo (make navegador) para las pruebas e2e.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=RUTA_CHROMIUM, headless=True, args=ARGUMENTOS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    yield page
    contexto.close()
