"""The shape every import command shares: the report line by line, the summary last, exit code 1 on errors."""

from collections.abc import Iterable

from django.core.management.base import BaseCommand

from .informe import InformeImportacion


class ComandoImportacion(BaseCommand):
    """Base of `importar_*` commands; `informar` ends the command the way scripts and operators rely on."""

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="ruta del libro .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="valida y reporta sin escribir nada")

    def informar(self, informe: InformeImportacion, extra: Iterable[str] = ()) -> None:
        lineas = informe.lineas()
        for linea in [*lineas[:-1], *extra, lineas[-1]]:
            self.stdout.write(linea)
        if informe.hay_errores:
            # Exit code 1 with the summary as the very last line (a CommandError would print after it).
            self.stdout.flush()
            raise SystemExit(1)
