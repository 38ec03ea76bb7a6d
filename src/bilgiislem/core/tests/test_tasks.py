"""The real task pipeline: django.tasks + the database backend + its worker, and the cron schedule."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from bilgiislem.config import schedule
from bilgiislem.core import tasks
from bilgiislem.core.audit import audit_record

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_audit_verify_task_runs_through_the_database_queue_and_worker(org):
    from django_tasks_db.models import DBTaskResult

    audit_record(actor=None, action="test.event")
    with override_settings(TASKS=DB_TASKS):  # django.tasks resets its backends on setting_changed
        result = tasks.audit_chain_verify.enqueue()
        assert DBTaskResult.objects.filter(pk=result.id, status="READY").exists()  # queued, not run yet
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value["ok"] is True
    assert row.return_value["verified"] >= 1


def test_audit_verify_is_scheduled_nightly_in_istanbul_time():
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    job = next(j for name, j in jobs.items() if "audit_chain_verify" in name)
    assert str(job.trigger.timezone) == "Europe/Istanbul"
    assert schedule.AUDIT_CHAIN_VERIFY == "0 3 * * *"
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("3", "0")
