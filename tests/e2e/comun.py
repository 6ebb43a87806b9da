"""Helpers shared by the browser tests: log in through the real login page and land on the page asked for."""

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
