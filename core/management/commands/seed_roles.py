"""`manage.py seed_roles`: the role groups hold exactly the permissions declared in core/roles.py.

Idempotent: missing permissions are added, permissions added by hand are removed. A permission name that does
not exist stops the command (CommandError) before any group is changed.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import roles


class Command(BaseCommand):
    help = "Crea los grupos de roles y les asigna exactamente sus permisos."

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            deseados = {nombre: roles.resolver_permisos(permisos) for nombre, permisos in roles.definiciones().items()}
        except roles.PermisoDesconocido as error:
            raise CommandError(f"{error}. Revise core/roles.py o ejecute primero «manage.py migrate».") from error

        for nombre, permisos in deseados.items():
            grupo, creado = Group.objects.get_or_create(name=nombre)
            actuales = set(grupo.permissions.values_list("pk", flat=True))
            objetivo = {p.pk for p in permisos}
            agregar = objetivo - actuales
            quitar = actuales - objetivo
            if agregar:
                grupo.permissions.add(*agregar)
            if quitar:
                grupo.permissions.remove(*quitar)
            if options["verbosity"] >= 1:
                estado = "creado" if creado else "existente"
                self.stdout.write(
                    f"{nombre} ({estado}): {len(objetivo)} permisos; agregados {len(agregar)}, quitados {len(quitar)}"
                )
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Roles listos."))
