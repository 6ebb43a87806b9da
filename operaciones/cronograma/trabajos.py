"""The schedule upload as a background job: progress while the file is read and written, the report at the end."""

from django.core.exceptions import ValidationError

from core.models import TrabajoSegundoPlano
from core.trabajos import ErrorTrabajo, archivo_del_trabajo, tipo_trabajo
from operaciones.ot.models import OTE

from .lector import ErrorCronograma
from .services import TIPO_TRABAJO_CRONOGRAMA, cronograma_importar


@tipo_trabajo(TIPO_TRABAJO_CRONOGRAMA)
def _importar_cronograma_en_segundo_plano(trabajo: TrabajoSegundoPlano, reportar) -> dict:
    parametros = trabajo.parametros
    ot_id = parametros.get("ot_id")
    sin_version = {"version_id": None, "ot_id": ot_id, "reporte": None}
    # The upload is deleted when the block ends, whatever happens: the version keeps its own copy of the file.
    with archivo_del_trabajo(trabajo) as archivo:
        ot = OTE.objects.filter(pk=ot_id).first()
        if ot is None:
            raise ErrorTrabajo("La OT ya no existe.", resultado=sin_version)
        try:
            version = cronograma_importar(
                ot=ot,
                archivo=archivo,
                nombre_version=parametros.get("nombre_version", ""),
                usuario=trabajo.usuario,
                nombre_archivo=parametros.get("nombre_archivo", ""),
                reportar=reportar,
            )
        except ErrorCronograma as exc:
            raise ErrorTrabajo(str(exc), resultado=sin_version) from exc
        except ValidationError as exc:
            raise ErrorTrabajo(" ".join(exc.messages), resultado=sin_version) from exc
    return {"version_id": version.pk, "ot_id": ot.pk, "reporte": version.reporte_importacion}
