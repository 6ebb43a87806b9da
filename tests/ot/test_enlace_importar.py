"""The OT list links to the historical import only for the people the import page lets in (ot.add_ote + staff)."""

from django.urls import reverse

BOTON = 'id="boton-importar-ot"'


def _lista(cliente):
    respuesta = cliente.get(reverse("ot:inicio"))
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def test_admin_sees_the_import_button_pointing_to_the_import_page(cliente_admin):
    html = _lista(cliente_admin)
    assert BOTON in html
    assert f'href="{reverse("ot:importar")}"' in html
    assert "Importar OTs históricas" in html
    assert cliente_admin.get(reverse("ot:importar")).status_code == 200


def test_reader_does_not_see_the_import_button(cliente_lector):
    assert BOTON not in _lista(cliente_lector)
    assert "Importar OTs históricas" not in _lista(cliente_lector)


def test_coordinator_who_may_create_ots_but_is_not_staff_does_not_see_it(client, coordinador):
    assert coordinador.has_perm("ot.add_ote") and not coordinador.is_staff
    client.force_login(coordinador)
    assert BOTON not in _lista(client)
    assert client.get(reverse("ot:importar")).status_code == 403


def test_staff_coordinator_sees_it_and_may_open_the_page(client, coordinador):
    coordinador.is_staff = True
    coordinador.save()
    client.force_login(coordinador)
    assert BOTON in _lista(client)
    assert client.get(reverse("ot:importar")).status_code == 200


def test_staff_without_the_create_permission_does_not_see_it(client, lector):
    lector.is_staff = True
    lector.save()
    client.force_login(lector)
    assert BOTON not in _lista(client)
    assert client.get(reverse("ot:importar")).status_code == 403
