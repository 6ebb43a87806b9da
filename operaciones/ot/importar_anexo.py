"""The OT annex upload's public API; the implementation lives in the `operaciones.ot.anexo` package."""

from core.importacion import InformeImportacion, TablaExcel

from .anexo import (
    COLUMNAS,
    ENTIDAD_ANEXO,
    ENTIDAD_PARTIDA,
    TIPO_TRABAJO_ANEXO,
    ResultadoAnexo,
    anexo_ot_importar,
    anexo_ot_lanzar,
    anexo_totales,
    leer_anexo,
)
from .models import ImportacionAnexo, ModoImportacionAnexo

__all__ = [
    "COLUMNAS",
    "ENTIDAD_ANEXO",
    "ENTIDAD_PARTIDA",
    "TIPO_TRABAJO_ANEXO",
    "ImportacionAnexo",
    "InformeImportacion",
    "ModoImportacionAnexo",
    "ResultadoAnexo",
    "TablaExcel",
    "anexo_ot_importar",
    "anexo_ot_lanzar",
    "anexo_totales",
    "leer_anexo",
]
