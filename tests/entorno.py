"""Loaded as a pytest plugin (`-p tests.entorno`) before Django reads its settings.

The suite runs with production-like settings (DEBUG off) but over plain HTTP and without the hashed-static
manifest, so it needs no collectstatic. DATABASE_URL, when set, points the suite at PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bme_subtec.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "clave-solo-para-pruebas-" + "t" * 40)
os.environ["DJANGO_DEBUG"] = "0"
os.environ["DJANGO_SECURE"] = "0"
os.environ["DJANGO_TESTING"] = "1"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ["CELERY_BROKER_URL"] = ""
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Files uploaded by the tests (annexes, error workbooks) land in a throwaway folder, never in the project's media.
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="sascop-pruebas-media-")
# Playwright talks to the live server from the test process's event loop; Django allows the sync ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
