"""How dates travel: dd/mm/aaaa for people (tables, messages), ISO for date pickers and JSON contracts."""

from datetime import date


def fecha_dmy(valor: date | None) -> str:
    return valor.strftime("%d/%m/%Y") if valor else ""


def fecha_iso(valor: date | None) -> str | None:
    return valor.isoformat() if valor else None
