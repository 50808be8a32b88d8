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


@shared_task(acks_late=True, ignore_result=True)
def render_document_job(organisation_id: str, job_id: str) -> None:
    """Render one document job (people.documents). Idempotent: the job is claimed with a
    conditional update, so a re-delivered message finds it running or done."""
    from .documents.services import document_job_run

    document_job_run(organisation_id, job_id)


@shared_task(ignore_result=True)
def expire_document_jobs() -> int:
    """Delete expired document jobs and their files (settings.DOCUMENT_JOB_TTL_HOURS)."""
    from .documents.services import document_jobs_expire

    return document_jobs_expire()
