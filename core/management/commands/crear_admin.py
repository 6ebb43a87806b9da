"""`manage.py crear_admin`: a superuser in the Administrador group with a random password printed once.

The password is never fixed: it comes from `secrets.token_urlsafe`. An existing user is left alone unless
`--restablecer` is given, which sets and prints a new random password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core.roles import ADMINISTRADOR

URL_SITIO = "http://127.0.0.1:8000"


def clave_aleatoria() -> str:
    return secrets.token_urlsafe(18)


class Command(BaseCommand):
    help = "Crea (o restablece) el usuario administrador e imprime su contraseña aleatoria."

    def add_arguments(self, parser):
        parser.add_argument("--usuario", default="admin", help="Nombre de usuario (por omisión: admin).")
        parser.add_argument("--correo", default="admin@localhost", help="Correo del usuario.")
        parser.add_argument(
            "--url", default=URL_SITIO, help=f"Dirección del sitio que se imprime (por omisión: {URL_SITIO})."
        )
        parser.add_argument(
            "--restablecer", action="store_true", help="Si el usuario ya existe, asignarle una contraseña nueva."
        )

    @transaction.atomic
    def handle(self, *args, usuario, correo, url, restablecer, **options):
        if not Group.objects.filter(name=ADMINISTRADOR).exists():
            call_command("seed_roles", verbosity=0)
        grupo = Group.objects.get(name=ADMINISTRADOR)
        User = get_user_model()
        user = User.objects.filter(username=usuario).first()
        clave = clave_aleatoria()
        if user is None:
            user = User.objects.create_superuser(username=usuario, email=correo, password=clave)
            accion = "Usuario administrador creado"
        elif restablecer:
            user.set_password(clave)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
            accion = "Contraseña del administrador restablecida"
        else:
            self.stdout.write(
                f"El usuario «{usuario}» ya existe; no se cambió nada. Use --restablecer para asignarle una "
                "contraseña nueva."
            )
            return
        user.groups.add(grupo)
        linea = "=" * 60
        self.stdout.write(
            "\n".join(
                [
                    linea,
                    self.style.SUCCESS(accion),
                    f"  Dirección:   {url.rstrip('/')}/accounts/login/",
                    f"  Usuario:     {usuario}",
                    f"  Contraseña:  {clave}",
                    "Guarde la contraseña ahora: no se vuelve a mostrar.",
                    linea,
                ]
            )
        )
