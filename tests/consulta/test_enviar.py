"""'Enviar a mi correo': the export and the charts PDF go only to the logged-in user's own address; a posted
`email`/`destinatario`/`to` field is never read."""

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from tests.produccion.datos import familia_con_anexo, producir

URL = "consulta:enviar_correo"


@pytest.fixture
def produccion(db):
    fam = familia_con_anexo(1, mes=3, anio=2025)
    producir(fam.partidas[0], date(2025, 3, 1), "2", sitio=fam.sitio)
    return fam


def test_export_is_mailed_to_the_users_own_address_only(cliente_lector, lector, produccion):
    lector.email = "lector@example.com"
    lector.save(update_fields=["email"])
    respuesta = cliente_lector.post(
        reverse(URL),
        {
            "tipo_tiempo": "TE",
            "to": "intruso@example.com",
            "email": "intruso@example.com",
            "destinatario": "intruso@example.com",
            "cc": "intruso@example.com",
            "bcc": "intruso@example.com",
        },
    )
    assert respuesta.status_code == 200
    assert "lector@example.com" in respuesta.json()["detalles"]
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["lector@example.com"] and not correo.cc and not correo.bcc
    assert "intruso" not in str(correo.message())
    (nombre, contenido, _tipo), (nombre_pdf, pdf, tipo_pdf) = correo.attachments
    assert nombre.endswith(".xlsx") and contenido[:2] == b"PK"
    # The charts of the same filter travel with it as a PDF.
    assert nombre_pdf.endswith(".pdf") and tipo_pdf == "application/pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Tipo de tiempo: TE" in texto and "$21.00 MXN" in texto


def test_a_destination_in_the_query_string_is_ignored_too(cliente_lector, lector, produccion):
    lector.email = "lector@example.com"
    lector.save(update_fields=["email"])
    respuesta = cliente_lector.post(reverse(URL) + "?email=intruso@example.com&destinatario=intruso@example.com")
    assert respuesta.status_code == 200
    assert [c.to for c in mail.outbox] == [["lector@example.com"]]


def test_user_without_email_gets_400_and_nothing_is_sent(cliente_lector, lector, produccion):
    lector.email = ""
    lector.save(update_fields=["email"])
    respuesta = cliente_lector.post(reverse(URL))
    assert respuesta.status_code == 400
    assert mail.outbox == []


def test_sending_requires_post_and_valid_filters(cliente_lector, lector):
    lector.email = "lector@example.com"
    lector.save(update_fields=["email"])
    assert cliente_lector.get(reverse(URL)).status_code == 405
    assert cliente_lector.post(reverse(URL), {"desde": "no-es-fecha"}).status_code == 400
    assert mail.outbox == []


def test_outsider_gets_403(cliente_capturista, capturista):
    capturista.email = "capturista@example.com"
    capturista.save(update_fields=["email"])
    assert cliente_capturista.post(reverse(URL)).status_code == 403
    assert mail.outbox == []
