"""`manage.py importar_anexo_c ARCHIVO --contrato NUMERO`: the contract's price catalogue (Anexo C) from Excel."""

from core.importacion.comando import ComandoImportacion
from operaciones.catalogos.importar_anexo_c import importar_anexo_c


class Command(ComandoImportacion):
    help = (
        "Importa el catálogo de conceptos del contrato (Anexo C, p. ej. ANEXO_C_CONTRATO.xlsx): cada hoja de "
        "detalle, un sub-anexo por valor de ANEXO. Todo o nada; el mismo archivo puede importarse otra vez sin "
        "cambiar nada."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--contrato", required=True, help="número del contrato (se crea si no existe, con su Anexo C)"
        )
        parser.add_argument("--cliente", help="cliente (por su nombre) de un contrato nuevo; PEMEX si se omite")
        parser.add_argument(
            "--crear-faltantes",
            action="store_true",
            help="crea como «por revisar» las unidades de medida y el cliente que no existan",
        )

    def handle(self, *args, **options):
        informe = importar_anexo_c(
            options["archivo"],
            contrato=options["contrato"],
            cliente=options["cliente"],
            simulacro=options["dry_run"],
            crear_faltantes=options["crear_faltantes"],
        )
        self.informar(informe)
