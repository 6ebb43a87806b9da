def contexto_recursos(reporte, usuario) -> dict:
    return {}
