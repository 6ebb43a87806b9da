"""SASCOP BME SubTec settings: one module, every deployment difference comes from the environment.

Read order: real environment variables win over `.env` (python-dotenv never overrides).
See README.md and docs/deploy.md for the table of variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env", override=False)


def env(name: str, default: str = "") -> str:
    """The variable's value, or the default when it is unset or blank (`.env.example` lists blank ones)."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    valor = os.environ.get(name)
    if valor is None or valor.strip() == "":
        return default
    return valor.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def env_int(name: str, default: int) -> int:
    valor = os.environ.get(name, "").strip()
    if not valor:
        return default
    try:
        return int(valor)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} debe ser un número entero, se recibió {valor!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in env(name, default).split(",") if v.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Set by the test suite and the benchmarks (tests/entorno.py, bench/run.py), never in production.
TESTING = env_bool("DJANGO_TESTING", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY es obligatoria cuando DJANGO_DEBUG no está activo (ver .env.example)."
        )
    # Only for local development: a fixed, obviously unsafe key.
    SECRET_KEY = "solo-desarrollo-inseguro-no-usar-en-produccion-" + "x" * 20

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "anymail",
    "core",
    "operaciones.catalogos",
    "operaciones.pte",
    "operaciones.ot",
    "operaciones.produccion",
    "operaciones.estimaciones",
    "operaciones.cronograma",
    "operaciones.consulta",
    "costa_fuera",
    "reportes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SesionExpiradaMiddleware",
    "core.middleware.AccesoRequeridoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bme_subtec.urls"
WSGI_APPLICATION = "bme_subtec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.menu",
            ],
        },
    },
]

# Embedded SQLite when DATABASE_URL is not set (make run); PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["core.auth.UsuarioOCorreoBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Real hashing, but fast: the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:inicio"
LOGOUT_REDIRECT_URL = "login"

# Sessions: inactivity limit enforced by core.middleware.SesionExpiradaMiddleware.
SESION_INACTIVIDAD_SEGUNDOS = env_int("SESSION_INACTIVITY_SECONDS", 7200)
SESSION_COOKIE_AGE = max(SESION_INACTIVIDAD_SEGUNDOS, 300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login lockout: so many failures for one user name from one address within the window locks that pair.
BLOQUEO_INTENTOS_MAXIMOS = env_int("LOGIN_MAX_FAILURES", 5)
BLOQUEO_VENTANA_SEGUNDOS = env_int("LOGIN_LOCKOUT_SECONDS", 900)

# HTTPS hardening: on unless DEBUG; each switch can be overridden for a TLS-terminating proxy setup.
SECURE_HTTPS = env_bool("DJANGO_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, and take the client address for the login lockout
# from the last X-Forwarded-For hop (the one the proxy itself appended).
DETRAS_DE_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if DETRAS_DE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Development and tests serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Business settings. Production in these annex keys needs a GPU (generador) before it can be billed.
SASCOP_ANEXOS_CON_GPU = env_list("SASCOP_ANEXOS_CON_GPU", "C-2,C-3,C2EXT,C3EXT")
# Largest photo accepted as GPU evidence.
SASCOP_GPU_MAX_BYTES = env_int("SASCOP_GPU_MAX_BYTES", 8 * 1024 * 1024)
# Largest photo accepted for a vessel incident (JPEG, PNG or WebP, checked by content).
SASCOP_FOTO_MAX_BYTES = env_int("SASCOP_FOTO_MAX_BYTES", 10 * 1024 * 1024)
# Vessel consumables (diesel, water): |PEMEX's reading − ours| as a percent of ours above which the day shows an
# alert. One percent for both resources (both are tank soundings in litres). Validated when read
# (costa_fuera.consumibles.tolerancia).
SASCOP_TOLERANCIA_CONSUMIBLES = env("SASCOP_TOLERANCIA_CONSUMIBLES", "2")
# Weekly summary e-mail: these addresses, else the active users with an e-mail in this group (never hard-coded).
SASCOP_REPORTE_SEMANAL_DESTINATARIOS = env_list("SASCOP_REPORTE_SEMANAL_DESTINATARIOS")
SASCOP_REPORTE_SEMANAL_GRUPO = env("SASCOP_REPORTE_SEMANAL_GRUPO")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# E-mail: console unless configured. EMAIL_BACKEND may name any anymail backend.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SASCOP <no-responder@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# anymail reads only its own dict: each ANYMAIL_<NAME> variable becomes ANYMAIL["<NAME>"] (ANYMAIL_SENDGRID_API_KEY…).
ANYMAIL = {k.removeprefix("ANYMAIL_"): v for k, v in os.environ.items() if k.startswith("ANYMAIL_")}

# Celery: with no broker configured, tasks run inline (eager) so nothing needs a worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# HSTS preload (W021) is a decision of the domain's owner, not of the application: DJANGO_HSTS_PRELOAD=1 opts in.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
