"""Thin Celery task: render a board report job (monitoring.report.jobs)."""
from __future__ import annotations

from celery import shared_task

from .jobs import job_run


@shared_task(acks_late=True, ignore_result=True)
def render_report_job(organisation_id: str, job_id: int) -> None:
    """Idempotent: the job is claimed with a conditional update, so a re-delivered message
    or a retry finds it running or done and does nothing."""
    job_run(organisation_id, job_id)
