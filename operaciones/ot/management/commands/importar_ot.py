"""`manage.py importar_ot ARCHIVO`: historical work orders from OT_IMPORTAR.xlsx (see docs/management_commands.md)."""

from django.core.management.base import BaseCommand

from operaciones.ot.importar_ot import importar_ot


class Command(BaseCommand):
    help = (
        "Importa órdenes de trabajo históricas (OT_IMPORTAR.xlsx): primero las iniciales, luego sus "
        "reprogramaciones. Todo o nada; el mismo archivo puede importarse otra vez sin cambiar nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="valida y reporta sin escribir nada")
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
        for linea in resultado.informe.lineas():
            self.stdout.write(linea)
        if resultado.informe.hay_errores:
            # Exit code 1 with the summary as the very last line (a CommandError would print after it).
            self.stdout.flush()
            raise SystemExit(1)
