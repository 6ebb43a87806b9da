"""`manage.py importar_pues ARCHIVO`: the PUE catalogue (reference §5.2; see docs/management_commands.md)."""

from core.importacion.comando import ComandoImportacion
from operaciones.catalogos.importar_pues import importar_pues


class Command(ComandoImportacion):
    help = (
        "Importa el catálogo de precios unitarios extraordinarios (PUEs): una PUE por PARTIDA EXT; las filas con "
        "ANEXO y PARTIDA son PUEs ya convertidas en partidas ordinarias del Anexo C del contrato. Todo o nada; "
        "el mismo archivo puede importarse otra vez sin cambiar nada."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--contrato",
            metavar="NUMERO",
            help="número del contrato cuyo Anexo C recibe las PUEs ya convertidas "
            "(si se omite: el único contrato activo)",
        )
        parser.add_argument(
            "--crear-faltantes",
            action="store_true",
            help="crea las unidades de medida desconocidas (por revisar) y el contrato de --contrato si no existe",
        )

    def handle(self, *args, **options):
        informe = importar_pues(
            options["archivo"],
            contrato=options["contrato"],
            simulacro=options["dry_run"],
            crear_faltantes=options["crear_faltantes"],
        )
        self.informar(informe)
