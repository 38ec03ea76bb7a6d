"""The Celery application, for BILGIISLEM_TASKS_BACKEND=celery (install with the ``celery`` extra).

Start a worker with ``celery -A bilgiislem.config.celery worker``. Celery reads every ``CELERY_*``
setting from Django's settings (see docs/tasks.md); task code itself imports only ``django.tasks``.
Nothing imports this module unless Celery is in use, so the default install does not need Celery.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bilgiislem.config.settings")

app = Celery("bilgiislem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
