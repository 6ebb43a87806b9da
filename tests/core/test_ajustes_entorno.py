"""How settings read the environment: a blank variable (as `.env.example` leaves many) means its default."""

from bme_subtec.settings import env


def test_variable_en_blanco_toma_el_valor_por_defecto(monkeypatch):
    monkeypatch.setenv("SASCOP_PRUEBA_VACIA", "  ")
    assert env("SASCOP_PRUEBA_VACIA", "/srv/media") == "/srv/media"


def test_variable_con_valor_se_respeta_sin_espacios(monkeypatch):
    monkeypatch.setenv("SASCOP_PRUEBA_LLENA", " /srv/sascop ")
    assert env("SASCOP_PRUEBA_LLENA", "/srv/media") == "/srv/sascop"


def test_variable_ausente_toma_el_valor_por_defecto(monkeypatch):
    monkeypatch.delenv("SASCOP_PRUEBA_AUSENTE", raising=False)
    assert env("SASCOP_PRUEBA_AUSENTE", "x") == "x"
