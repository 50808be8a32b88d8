"""Report PDFs as jobs (a branch or the whole board): requested on the page, rendered by a
Celery task with progress, never inside a web request.

* ``job_create`` checks access, writes the job and enqueues the task on commit (nothing is
  sent for a rolled-back request).
* ``job_run`` claims the job with a conditional UPDATE (pending -> running; exactly one row
  must change), so a duplicate delivery or a retry never renders twice; then builds the
  report in units of work, each in its own transaction as the organisation, writing the
  progress between them; renders the PDF outside any transaction; stores the file.
"""
from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.ids import id_or_404
from people.models import AuditEvent, Branch, SchoolYear
from people.tenancy import as_organisation, tenant_context

from . import access
from .content import build_report
from .models import ReportJob
from .render import render_report_pdf, report_filename

log = logging.getLogger(__name__)

#: Progress while the PDF itself is laid out (building the content takes 0–80%).
RENDERING = 85


def job_create(*, acting_user, school_year: SchoolYear, branch: Branch | None = None, audit: AuditContext | None = None) -> ReportJob:
    if not access.can_export_organisation(acting_user) and branch is None:
        raise PermissionDenied(_("Alleen het bestuur maakt het rapport van de hele organisatie."))
    if branch is not None:
        access.get_report_branch_for_user(acting_user, branch.pk)  # 404 for a branch they may not report on
    job = ReportJob.objects.create(
        organisation_id=acting_user.organisation_id, requested_by=acting_user, branch=branch, school_year=school_year,
    )
    audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=job, audit=audit,
              report="inspection", branch=getattr(branch, "pk", None), school_year=school_year.pk)
    from .tasks import render_report_job

    org_id = str(acting_user.organisation_id)
    transaction.on_commit(lambda: render_report_job.delay(org_id, job.pk))
    return job


@as_organisation
def _claim(organisation_id, job_id: int) -> bool:
    return ReportJob.objects.for_organisation(organisation_id).filter(
        pk=job_id, status=ReportJob.Status.PENDING
    ).update(status=ReportJob.Status.RUNNING, progress=1) == 1


@as_organisation
def _set(organisation_id, job_id: int, **fields) -> None:
    ReportJob.objects.for_organisation(organisation_id).filter(pk=job_id).update(**fields)


@as_organisation
def _load(organisation_id, job_id: int) -> ReportJob:
    return ReportJob.objects.for_organisation(organisation_id).select_related("school_year", "branch").get(pk=job_id)


def job_run(organisation_id, job_id: int) -> None:
    if not _claim(organisation_id, job_id):
        return  # done, failed, or another worker has it
    job = _load(organisation_id, job_id)
    try:
        def run(fn):
            with tenant_context(organisation_id):
                return fn()

        def progress(done: int, total: int) -> None:
            _set(organisation_id, job_id, progress=max(1, min(80, round(80 * done / total))))

        report = build_report(organisation_id=organisation_id, school_year=job.school_year, branch=job.branch,
                              progress=progress, run=run)
        _set(organisation_id, job_id, progress=RENDERING)
        pdf = render_report_pdf(report)
        with tenant_context(organisation_id):
            job = ReportJob.objects.for_organisation(organisation_id).get(pk=job_id)
            job.file.save(report_filename(report), ContentFile(pdf), save=False)
            job.status = ReportJob.Status.DONE
            job.progress = 100
            job.finished_at = timezone.now()
            job.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception:
        log.exception("report job %s failed", job_id)
        _set(organisation_id, job_id, status=ReportJob.Status.FAILED, error=_("Het rapport kon niet worden gemaakt."),
             finished_at=timezone.now())
        raise


def get_job_for_user(user, job_id) -> ReportJob:
    """The user's own job, while they may still export its scope; 404 otherwise."""
    pk = id_or_404(job_id)
    if not access.can_export(user):
        raise Http404
    job = (
        ReportJob.objects.for_organisation(user.organisation_id).select_related("school_year", "branch")
        .filter(pk=pk, requested_by=user).first()
    )
    if job is None or (job.branch_id is None and not access.can_export_organisation(user)):
        raise Http404
    if job.branch_id is not None:
        access.get_report_branch_for_user(user, job.branch_id)
    return job
