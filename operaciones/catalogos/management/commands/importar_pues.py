"""`manage.py importar_pues ARCHIVO`: the PUE catalogue (reference §5.2; see docs/management_commands.md)."""

from django.core.management.base import BaseCommand

from operaciones.catalogos.importar_pues import importar_pues


class Command(BaseCommand):
    help = (
        "Importa el catálogo de precios unitarios extraordinarios (PUEs): una PUE por PARTIDA EXT; las filas con "
        "ANEXO y PARTIDA son PUEs ya convertidas en partidas ordinarias del Anexo C del contrato. Todo o nada; "
        "el mismo archivo puede importarse otra vez sin cambiar nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx")
        parser.add_argument(
            "--contrato",
            metavar="NUMERO",
            help="número del contrato cuyo Anexo C recibe las PUEs ya convertidas "
            "(si se omite: el único contrato activo)",
        )
        parser.add_argument("--dry-run", action="store_true", help="valida y reporta sin escribir nada")
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
        for linea in informe.lineas():
            self.stdout.write(linea)
        if informe.hay_errores:
            # Exit code 1 with the summary as the very last line (a CommandError would print after it).
            self.stdout.flush()
            raise SystemExit(1)
