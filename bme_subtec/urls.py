"""Root URLconf. Login is required everywhere except the few views marked public (core.acceso)."""

from django.contrib import admin
from django.urls import include, path

from core import views_auth

urlpatterns = [
    path("accounts/login/", views_auth.login_view, name="login"),
    path("accounts/logout/", views_auth.logout_view, name="logout"),
    path("admin/", admin.site.urls),
    path("operaciones/", include("operaciones.urls")),
    path("costa-fuera/", include("costa_fuera.urls")),
    path("reportes/", include("reportes.urls")),
    path("", include("core.urls")),
]

handler403 = "core.views_errores.error_403"
handler404 = "core.views_errores.error_404"
handler500 = "core.views_errores.error_500"
