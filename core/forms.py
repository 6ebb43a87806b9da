from django import forms


class LoginForm(forms.Form):
    usuario = forms.CharField(label="Usuario o correo electrónico", max_length=254)
    password = forms.CharField(label="Contraseña", strip=False, widget=forms.PasswordInput, max_length=128)
