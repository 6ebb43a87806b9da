"""`manage.py importar_cronograma OT ARCHIVO [--nombre VERSION] [--dry-run]` (see docs/management_commands.md)."""

from django.core.exceptions import ValidationError

from core.importacion import InformeImportacion
from core.importacion.comando import ComandoImportacion
from operaciones.cronograma.lector import ErrorCronograma
from operaciones.cronograma.selectors import reporte_lineas
from operaciones.cronograma.services import cronograma_importar
from operaciones.ot.selectors import ots_vigentes


def ot_de(referencia: str):
    """The live OT named by id or by folio, or (None, why not) in Spanish."""
    texto = referencia.strip()
    if texto.isdigit():
        ot = ots_vigentes().filter(pk=int(texto)).first()
        if ot is not None:
            return ot, ""
    candidatas = list(ots_vigentes().filter(orden_trabajo__iexact=texto).order_by("pk")[:11])
    if len(candidatas) == 1:
        return candidatas[0], ""
    if not candidatas:
        return None, f"No existe la OT «{texto}» (ni con ese id ni con ese folio)."
    ids = ", ".join(str(ot.pk) for ot in candidatas[:10])
    # A folio is shared by an initial OT and its reprogrammings: only the id tells them apart.
    return None, f"El folio «{texto}» corresponde a varias OT (ids {ids}): indique el id."


class Command(ComandoImportacion):
    help = (
        "Importa un cronograma de MS Project (.mpp de Project 98 a 2019, MSPDI .xml y demás formatos que lee mpxj) "
        "como versión nueva y activa del programa de una OT. Conserva las versiones anteriores y el avance real y "
        "del cliente de las tareas con el mismo UID. Todo o nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("ot", help="id o folio de la OT")
        parser.add_argument("archivo", help="ruta del cronograma (.mpp, .xml, …)")
        parser.add_argument("--nombre", default="", help="nombre de la versión (por omisión «v<N> · <archivo>»)")
        parser.add_argument("--dry-run", action="store_true", help="lee, compara y reporta sin escribir nada")

    def handle(self, *args, **options):
        informe = InformeImportacion(simulacro=options["dry_run"])
        ot, motivo = ot_de(options["ot"])
        if ot is None:
            informe.error(motivo)
            return self.informar(informe)
        try:
            version = cronograma_importar(
                ot=ot, archivo=options["archivo"], nombre_version=options["nombre"], simulacro=options["dry_run"]
            )
        except ErrorCronograma as exc:
            informe.error(str(exc))
            return self.informar(informe)
        except ValidationError as exc:
            for mensaje in exc.messages:
                informe.error(mensaje)
            return self.informar(informe)
        reporte = version.reporte_importacion
        informe.creadas = reporte["leido"]["tareas"]
        informe.escrito = not options["dry_run"]
        for advertencia in reporte.get("advertencias", []):
            informe.advertencia(advertencia)
        encabezado = f"Versión «{version.nombre_version}» de la OT {ot.orden_trabajo} (id {ot.pk})"
        encabezado += " — simulacro" if options["dry_run"] else f": id {version.pk}, activa"
        limite = None if options["verbosity"] >= 2 else 20
        return self.informar(informe, [encabezado, *reporte_lineas(reporte, limite=limite)])
