"""Thin Celery tasks for follow-ups. Beat runs ``scan_followups`` every few minutes."""
from __future__ import annotations

import datetime as dt

from celery import shared_task

from people.tenancy import organisation_ids, tenant_context

from .followups import followups_scan


@shared_task(acks_late=True, ignore_result=True)
def scan_followups(today: str | None = None, organisation_id: str | None = None) -> dict:
    """Scan every organisation (each in its own transaction and tenant context).

    ``today`` (ISO date) lets tests and operators drive the clock; normally it is today.
    Idempotent: a duplicate beat, a retry or a re-delivered message changes nothing twice.
    """
    day = dt.date.fromisoformat(today) if today else None
    totals = {"reminders": 0, "overdue": 0, "escalations": 0}
    for org_id in [organisation_id] if organisation_id else organisation_ids():
        with tenant_context(org_id):
            result = followups_scan(org_id, today=day)
        totals["reminders"] += result.reminders
        totals["overdue"] += result.overdue
        totals["escalations"] += result.escalations
    return totals
