"""Browser tests: Playwright driving the system Chromium (/usr/bin/chromium) against the live test server."""

import os
import shutil

import pytest

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
