"""Celery application. With no CELERY_BROKER_URL the tasks run inline (eager): see settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bme_subtec.settings")

app = Celery("bme_subtec")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
