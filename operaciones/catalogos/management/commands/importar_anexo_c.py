"""`manage.py importar_anexo_c ARCHIVO --contrato NUMERO`: the contract's price catalogue (Anexo C) from Excel."""

from django.core.management.base import BaseCommand

from operaciones.catalogos.importar_anexo_c import importar_anexo_c


class Command(BaseCommand):
    help = (
        "Importa el catálogo de conceptos del contrato (Anexo C, p. ej. ANEXO_C_CONTRATO.xlsx): cada hoja de "
        "detalle, un sub-anexo por valor de ANEXO. Todo o nada; el mismo archivo puede importarse otra vez sin "
        "cambiar nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx")
        parser.add_argument(
            "--contrato", required=True, help="número del contrato (se crea si no existe, con su Anexo C)"
        )
        parser.add_argument("--cliente", help="cliente (por su nombre) de un contrato nuevo; PEMEX si se omite")
        parser.add_argument("--dry-run", action="store_true", help="valida y reporta sin escribir nada")
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
        for linea in informe.lineas():
            self.stdout.write(linea)
        if informe.hay_errores:
            # Exit code 1 with the summary as the very last line (a CommandError would print after it).
            self.stdout.flush()
            raise SystemExit(1)
