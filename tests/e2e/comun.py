"""Helpers shared by the browser tests: log in through the real login page and land on the page asked for, match
responses by path, and save screenshots while developing."""

import os
from urllib.parse import urlparse

from tests.conftest import CLAVE


def ruta(final: str):
    """A predicate for `pagina.expect_response`: the response's path ends with `final`."""
    return lambda respuesta: urlparse(respuesta.url).path.endswith(final)


def entrar(pagina, live_server, usuario: str, destino: str, clave: str = CLAVE, *, esperar: str | None = None):
    """Open `destino` anonymously (it must send to the login page), log in as `usuario` and land back on it.

    `esperar`: the end of a path the destination page requests on load (e.g. its DataTable feed); the login click
    then waits for that response too, so the page is ready when this returns.
    """
    url = f"{live_server.url}{destino}"
    pagina.goto(url)
    assert "/accounts/login/" in pagina.url, f"{destino} no pidió iniciar sesión: {pagina.url}"
    pagina.fill("input[name=usuario]", usuario)
    pagina.fill("input[name=password]", clave)
    boton = pagina.get_by_role("button", name="Entrar")
    if esperar:
        with pagina.expect_response(ruta(esperar)):
            boton.click()
    else:
        boton.click()
    pagina.wait_for_url(url)


def captura(pagina, prefijo: str, nombre: str, *, pausa_ms: int = 0):
    """Save a full-page screenshot `<prefijo>_<nombre>.png` in the folder SASCOP_CAPTURAS names, when it is set.

    `pausa_ms`: wait that long first, for pages whose bars or buttons animate.
    """
    carpeta = os.environ.get("SASCOP_CAPTURAS")
    if carpeta:
        if pausa_ms:
            pagina.wait_for_timeout(pausa_ms)
        pagina.screenshot(path=os.path.join(carpeta, f"{prefijo}_{nombre}.png"), full_page=True)


def enviar_json(pagina, url: str, cuerpo) -> dict:
    """POST `cuerpo` as JSON from inside the page (its session and CSRF token), as a hand-made request would.

    Returns {"estado": HTTP status, "json": the decoded answer}.
    """
    return pagina.evaluate(
        """async ([url, cuerpo]) => {
            const r = await fetch(url, {
                method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": window.SASCOP.csrf()},
                body: JSON.stringify(cuerpo)});
            return {estado: r.status, json: await r.json()};
        }""",
        [url, cuerpo],
    )
