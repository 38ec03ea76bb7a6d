"""Thin periodic tasks of the core app (scheduled by django-crontask, run by the task worker)."""

import logging

from crontask import cron
from django.tasks import task

from bilgiislem.config import schedule

from . import audit

logger = logging.getLogger(__name__)


@cron(schedule.AUDIT_CHAIN_VERIFY)
@task()
def audit_chain_verify() -> dict:
    """Walk the audit chain nightly; log an error naming the first broken event."""
    checked, broken = audit.audit_chain_verify()
    if broken is not None:
        logger.error("Audit chain broken at %s (%d events verified before it)", broken, checked)
        return {"verified": checked, "ok": False, "broken_seq": broken.seq, "problem": broken.problem}
    logger.info("Audit chain intact: %d events verified", checked)
    return {"verified": checked, "ok": True, "broken_seq": None, "problem": ""}
