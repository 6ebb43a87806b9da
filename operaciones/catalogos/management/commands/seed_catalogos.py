"""`manage.py seed_catalogos`: the catalogue rows whose ids the code and historical files rely on.

Update rule (safe to re-run in production, and on a database moved over from the original system):
- a missing row is created with its explicit id and every seeded value;
- in the FIXED catalogues (Tipo, Estatus, Frente), whose ids the code names through constants, an existing row
  gets its seed-owned fields (description, level) corrected when they differ from the seed;
- the STARTER catalogues (units, clients, sites, step templates) are create-only: an existing row with that id is
  the office's own data (a moved database has its real platforms and steps under those ids) and is never renamed;
- `activo`, `comentario`, `importancia` and the create-only values (e.g. a vessel's capacity) of an existing row
  are never touched: an admin may deactivate or adjust them and the seed respects that.
Everything runs in one transaction; afterwards the id sequences are moved past the explicit ids (PostgreSQL), so
rows added later from the admin or the importers do not collide. A second run reports no change.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.importacion import reiniciar_secuencias
from operaciones.catalogos import semillas
from operaciones.catalogos.models import Cliente, Estatus, Frente, Paso, PasoOt, Sitio, Tipo, UnidadMedida

# (model, rows, correct existing rows?). Order matters: rows that others point at come first (Paso lists
# parents before their sub-steps).
TABLAS = (
    (Tipo, semillas.TIPOS, True),
    (Estatus, semillas.ESTATUS, True),
    (Frente, semillas.FRENTES, True),
    (UnidadMedida, semillas.UNIDADES, False),
    (Cliente, semillas.CLIENTES, False),
    (Sitio, semillas.SITIOS, False),
    (Paso, semillas.PASOS, False),
    (PasoOt, semillas.PASOS_OT, False),
)


def sembrar_tabla(modelo, filas, *, corregir: bool) -> tuple[int, int, int]:
    """Create missing rows and, if `corregir`, correct seed-owned fields; return (created, updated, unchanged)."""
    existentes = modelo.objects.in_bulk([fila.pk for fila in filas])
    creados = actualizados = sin_cambios = 0
    for fila in filas:
        actual = existentes.get(fila.pk)
        if actual is None:
            modelo.objects.create(pk=fila.pk, **fila.campos, **fila.iniciales)
            creados += 1
            continue
        if not corregir:
            sin_cambios += 1
            continue
        cambiados = [campo for campo, valor in fila.campos.items() if getattr(actual, campo) != valor]
        if cambiados:
            for campo in cambiados:
                setattr(actual, campo, fila.campos[campo])
            actual.save(update_fields=cambiados)
            actualizados += 1
        else:
            sin_cambios += 1
    return creados, actualizados, sin_cambios


class Command(BaseCommand):
    help = "Crea o corrige los catálogos base (estatus, tipos, frentes, unidades, clientes, sitios y pasos)."

    @transaction.atomic
    def handle(self, *args, **options):
        for modelo, filas, corregir in TABLAS:
            creados, actualizados, sin_cambios = sembrar_tabla(modelo, filas, corregir=corregir)
            if options["verbosity"] >= 1:
                nombre = str(modelo._meta.verbose_name_plural)
                nombre = nombre[:1].upper() + nombre[1:]
                self.stdout.write(
                    f"{nombre}: creados {creados}, actualizados {actualizados}, sin cambios {sin_cambios}"
                )
        reiniciar_secuencias([modelo for modelo, _, _ in TABLAS])
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Catálogos base listos."))
