"""Thin Celery tasks: take ids, run as the organisation, call a service."""
from __future__ import annotations

from celery import shared_task

from . import notifications
from .tenancy import organisation_ids


@shared_task(acks_late=True, ignore_result=True)
def deliver_notifications(organisation_id: str | None = None) -> int:
    """Deliver pending e-mails (of one organisation, or all). Idempotent: claims rows first."""
    sent = 0
    for org_id in [organisation_id] if organisation_id else organisation_ids():
        sent += notifications.deliver_pending(org_id)
    return sent


@shared_task(ignore_result=True)
def analyze_tables(tables: list[str]) -> list[str]:
    """Refresh the planner's statistics after a bulk write (people.statistics)."""
    from .statistics import analyze_now

    return analyze_now(tables)
