"""Thin Celery tasks of the survey."""
from __future__ import annotations

from celery import shared_task

from people.tenancy import organisation_ids, tenant_context

from .submission import anonymity_sweep


@shared_task(acks_late=True, ignore_result=True)
def sweep_survey_rows() -> int:
    """Rewrite recent survey rows so row versions link no code to a response (idempotent)."""
    touched = 0
    for org_id in organisation_ids():
        with tenant_context(org_id):
            touched += sum(anonymity_sweep(org_id).values())
    return touched
