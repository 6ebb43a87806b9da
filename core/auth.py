"""Authentication by user name or e-mail, both case-insensitive (reference §3.11)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsuarioOCorreoBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        identificador = username.strip()
        modelo = get_user_model()
        candidatos = list(modelo._default_manager.filter(username__iexact=identificador)[:2])
        if not candidatos and "@" in identificador:
            candidatos = list(modelo._default_manager.filter(email__iexact=identificador)[:2])
        if len(candidatos) != 1:
            # Unknown, or an ambiguous e-mail shared by two accounts: refuse rather than guess.
            # Run the hasher anyway so the answer takes the same time as for a real user.
            modelo().set_password(password)
            return None
        usuario = candidatos[0]
        if usuario.check_password(password) and self.user_can_authenticate(usuario):
            return usuario
        return None
