"""`manage.py generar_datos_demo`: a consistent demo data set on top of the seeded catalogues.

Deterministic for a given `--semilla`; `--si-vacia` does nothing when PTEs already exist, so `make run` can call
it on every start. The whole run is one transaction: it either adds a complete data set or nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from core import demo


class Command(BaseCommand):
    help = "Genera datos de demostración coherentes (PTE, OT, anexos, producción, GPU) sobre los catálogos base."

    def add_arguments(self, parser):
        parser.add_argument(
            "--escala",
            type=int,
            default=1,
            help="Tamaño del conjunto: 1 ≈ un año de una oficina pequeña, 20 ≈ una grande (por omisión: 1).",
        )
        parser.add_argument(
            "--semilla", type=int, default=2026, help="Semilla aleatoria; la misma semilla da los mismos datos."
        )
        parser.add_argument(
            "--si-vacia",
            action="store_true",
            help="No hacer nada si ya hay PTEs en la base de datos (para llamarlo en cada arranque).",
        )

    def handle(self, *args, escala, semilla, si_vacia, **options):
        if escala < 1:
            raise CommandError("La escala debe ser un entero mayor o igual a 1.")
        if si_vacia and demo.hay_datos():
            self.stdout.write("La base de datos ya tiene PTEs: no se generaron datos de demostración.")
            return
        inicio = time.perf_counter()
        try:
            cuentas = demo.generar_datos_demo(escala=escala, semilla=semilla)
        except demo.CatalogosFaltantes as exc:
            raise CommandError(
                f"Faltan catálogos base ({exc}). Ejecute primero: python manage.py seed_catalogos"
            ) from exc
        segundos = time.perf_counter() - inicio
        if options["verbosity"] >= 1:
            self.stdout.write(f"Datos de demostración (escala {escala}, semilla {semilla}):")
            ancho = max(len(nombre) for nombre in cuentas)
            for nombre, cantidad in cuentas.items():
                self.stdout.write(f"  {nombre.ljust(ancho)}  {cantidad:>9,}")
            self.stdout.write(self.style.SUCCESS(f"Listo en {segundos:.1f} s."))
