"""A person logs in and opens every module from the sidebar."""

import pytest
from django.contrib.auth.models import Group, User

from core.menu import MENU
from tests.conftest import CLAVE, GRUPO_ADMIN
from tests.e2e.comun import entrar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrador(semillas):
    user = User.objects.create_superuser("admin_e2e", "admin.e2e@bluemarine.com.mx", CLAVE, first_name="Ana")
    user.groups.add(Group.objects.get(name=GRUPO_ADMIN))
    return user


def test_admin_logs_in_and_opens_every_module_from_the_sidebar(live_server, pagina, administrador):
    entrar(pagina, live_server, "ADMIN.E2E@bluemarine.com.mx", "/operaciones/pte/")  # e-mail, any case

    for entrada in MENU:
        enlace = pagina.locator(f'#menu-lateral a[data-modulo="{entrada.clave}"]')
        assert enlace.count() == 1, entrada.clave
        with pagina.expect_navigation():
            enlace.click()
        assert pagina.locator("body").is_visible()
        assert "Error" not in pagina.title(), (entrada.clave, pagina.title())
        if entrada.clave == "admin":
            assert "Administración" in pagina.content()
            pagina.go_back()


def test_wrong_password_shows_spanish_error(live_server, pagina, administrador):
    pagina.goto(f"{live_server.url}/accounts/login/")
    pagina.fill("input[name=usuario]", "admin_e2e")
    pagina.fill("input[name=password]", "no-es-la-clave")
    pagina.get_by_role("button", name="Entrar").click()
    assert "incorrectos" in pagina.get_by_role("alert").inner_text()
