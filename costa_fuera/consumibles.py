def inventarios_abrir(reporte) -> None:
    """Placeholder until the consumables part lands: the day's DIESEL and AGUA rows are opened here."""
