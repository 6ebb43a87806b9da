"""`manage.py importar_ot ARCHIVO`: historical work orders from OT_IMPORTAR.xlsx (see docs/management_commands.md)."""

from core.importacion.comando import ComandoImportacion
from operaciones.ot.importar_ot import importar_ot


class Command(ComandoImportacion):
    help = (
        "Importa órdenes de trabajo históricas (OT_IMPORTAR.xlsx): primero las iniciales, luego sus "
        "reprogramaciones. Todo o nada; el mismo archivo puede importarse otra vez sin cambiar nada."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--crear-faltantes",
            action="store_true",
            help="crea como «por revisar» las PTEs, responsables, sitios y clientes que no existan",
        )
        parser.add_argument(
            "--omitir-invalidos",
            action="store_true",
            help="deja vacía (con una advertencia) una celda opcional inválida en vez de rechazar su fila",
        )

    def handle(self, *args, **options):
        resultado = importar_ot(
            options["archivo"],
            simulacro=options["dry_run"],
            crear_faltantes=options["crear_faltantes"],
            omitir_invalidos=options["omitir_invalidos"],
        )
        self.informar(resultado.informe)
