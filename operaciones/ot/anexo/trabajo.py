"""The annex upload as a background job: progress while it runs, the report and the error workbook at the end."""

from decimal import Decimal

from django.utils.crypto import get_random_string

from core.importacion import libro_errores
from core.models import TrabajoSegundoPlano
from core.trabajos import ErrorTrabajo, archivo_del_trabajo, tipo_trabajo, trabajo_adjuntar, trabajo_lanzar_con_archivo

from ..models import OTE
from .importar import anexo_ot_importar
from .totales import anexo_totales

TIPO_TRABAJO_ANEXO = "importar_anexo_ot"
CARPETA_SUBIDAS = "importaciones/anexos"
EXTENSIONES = (".xlsx", ".xlsm")


def anexo_ot_lanzar(
    *, ot: OTE, archivo_subido, usuario, modo: str, tipo_cambio: Decimal | None, simulacro: bool
) -> TrabajoSegundoPlano:
    """Keep the upload in storage and queue its import as a job of the uploader (runs after the commit)."""
    return trabajo_lanzar_con_archivo(
        tipo=TIPO_TRABAJO_ANEXO,
        usuario=usuario,
        archivo_subido=archivo_subido,
        carpeta=CARPETA_SUBIDAS,
        extensiones=EXTENSIONES,
        parametros={
            "ot_id": ot.pk,
            "modo": str(modo),
            "tipo_cambio": None if tipo_cambio is None else str(tipo_cambio),
            "simulacro": bool(simulacro),
        },
    )


@tipo_trabajo(TIPO_TRABAJO_ANEXO)
def _importar_anexo_en_segundo_plano(trabajo: TrabajoSegundoPlano, reportar) -> dict:
    parametros = trabajo.parametros
    # The upload is deleted when the block ends: the version keeps its own copy of the workbook.
    with archivo_del_trabajo(trabajo) as archivo:
        ot = OTE.objects.filter(pk=parametros["ot_id"]).first()
        if ot is None:
            raise ErrorTrabajo("La OT ya no existe.")
        resultado = anexo_ot_importar(
            ot=ot,
            archivo=archivo,
            usuario=trabajo.usuario,
            modo=parametros["modo"],
            tipo_cambio=parametros.get("tipo_cambio"),
            simulacro=parametros.get("simulacro", False),
            reportar=reportar,
            nombre_archivo=parametros.get("nombre_archivo"),
        )
    informe, version = resultado.informe, resultado.importacion
    datos = {**informe.como_dict(), "importacion_id": version.pk if version else None, "ot_id": ot.pk}
    if version is not None:
        totales = anexo_totales(version)
        datos["totales"] = {clave: None if valor is None else str(valor) for clave, valor in totales.items()}
    libro = libro_errores(resultado.tabla, informe) if resultado.tabla is not None else None
    if libro:
        trabajo_adjuntar(trabajo, f"errores_anexo_ot_{ot.pk}_{get_random_string(12)}.xlsx", libro)
    if informe.hay_errores:
        raise ErrorTrabajo(informe.resumen(), resultado=datos)
    return datos
