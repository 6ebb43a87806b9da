def contexto_propuesta(reporte, usuario) -> dict:
    return {}
