"""Thin Celery task: the daily retention run of every organisation (monitoring.privacy.retention)."""
from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from people.tenancy import organisation_ids, tenant_context

from .models import RetentionRun
from .retention import policy_terms, retention_apply

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def run_retention(today: str | None = None, organisation_id: str | None = None) -> dict:
    """Run retention for each organisation, each in its own transaction as that tenant.

    Idempotent: a run is claimed once per organisation and day, and a second run finds
    nothing due. A failing organisation gets a "failed" report and does not stop the others.
    ``today`` (ISO date) lets tests and operators drive the clock."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    totals = {"organisations": 0, "removed": 0, "failed": 0}
    for org_id in [organisation_id] if organisation_id else organisation_ids():
        try:
            with tenant_context(org_id):
                run = retention_apply(org_id, today=day, trigger=RetentionRun.Trigger.SCHEDULED)
        except Exception as error:  # noqa: BLE001 - reported per organisation, then the next one
            logger.exception("retention run failed for organisation %s", org_id)
            totals["failed"] += 1
            with tenant_context(org_id):
                terms = policy_terms(org_id)
                RetentionRun.objects.get_or_create(
                    organisation_id=org_id, run_on=day, trigger=RetentionRun.Trigger.SCHEDULED,
                    defaults={"status": RetentionRun.Status.FAILED, "error": type(error).__name__[:300],
                              "case_years": terms.case_years, "student_years": terms.student_years,
                              "finished_at": timezone.now()},
                )
            continue
        if run is not None:
            totals["organisations"] += 1
            totals["removed"] += run.total
    return totals
