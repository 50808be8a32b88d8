"""The Celery application. Tasks find their organisation through people.tenancy."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pestzaak")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks that live in sub-packages (autodiscovery only looks for <app>.tasks).
app.autodiscover_tasks(lambda: ["monitoring.report", "monitoring.privacy"])
