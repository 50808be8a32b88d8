"""Writes of document jobs: queue, run, retry, expire.

* ``document_job_create`` writes the job and enqueues the task on commit (nothing is sent
  for a rolled-back request). The caller has checked access and written the audit row
  its action always wrote (an EXPORT of the case, a READ of a draft …).
* ``document_job_run`` claims the job with a conditional UPDATE (queued -> running; exactly
  one row must change), so a duplicate delivery or a retry never renders twice; renders as
  the organisation; stores the file; or records a plain Dutch reason.
* ``document_job_retry`` puts a failed job back in the queue.
* ``document_jobs_expire`` deletes expired jobs and their files (the beat runs it hourly).
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..audit import AuditContext, audit_log
from ..models import AuditEvent
from ..tenancy import as_organisation, organisation_ids, tenant_context
from . import registry
from .models import DocumentJob

log = logging.getLogger(__name__)

#: The job page's message when rendering broke for a reason the user cannot act on.
FAILED = gettext_lazy("Het document kon niet worden gemaakt. Probeer het opnieuw; lukt het dan nog niet, "
                      "meld het dan bij de beheerder.")
#: When the user's right to the document was withdrawn between asking and rendering.
NO_LONGER = gettext_lazy("U heeft geen toegang meer tot dit document.")
NOT_FAILED = gettext_lazy("Alleen een mislukte opdracht kan opnieuw worden gestart.")
#: The progress written when the worker takes the job (the rest is one unit of work).
STARTED = 10
#: A job running this long has lost its worker (the longest document takes seconds).
ABANDONED = dt.timedelta(minutes=10)


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.DOCUMENT_JOB_TTL_HOURS)


def _enqueue(job: DocumentJob) -> None:
    from ..tasks import render_document_job

    org_id, job_id = str(job.organisation_id), str(job.pk)
    transaction.on_commit(lambda: render_document_job.delay(org_id, job_id))


def document_job_create(*, kind: str, acting_user, title: str, params: dict | None = None) -> DocumentJob:
    """Queue a document for ``acting_user``. The caller checked access and audited the
    request; the job's page and download check the kind's access rule again."""
    registry.get(kind)  # an unknown kind is a programming error: fail before writing
    now = timezone.now()
    job = DocumentJob.objects.create(
        organisation_id=acting_user.organisation_id, requested_by=acting_user, kind=kind, params=params or {},
        title=title[:200], created_at=now, expires_at=now + ttl(),
    )
    _enqueue(job)
    return job


@as_organisation
def _claim(organisation_id, job_id) -> bool:
    """Queued -> running, exactly once. A job left running by a worker that died (the broker
    delivers its message again: acks_late) is taken again once it is clearly abandoned."""
    now = timezone.now()
    abandoned = Q(status=DocumentJob.Status.RUNNING, claimed_at__lt=now - ABANDONED)
    return DocumentJob.objects.for_organisation(organisation_id).filter(
        Q(status=DocumentJob.Status.QUEUED) | abandoned, pk=job_id,
    ).update(status=DocumentJob.Status.RUNNING, progress=STARTED, error="", claimed_at=now,
             attempts=F("attempts") + 1) == 1


@as_organisation
def _fail(organisation_id, job_id, message: str) -> None:
    DocumentJob.objects.for_organisation(organisation_id).filter(pk=job_id).update(
        status=DocumentJob.Status.FAILED, error=message[:500], finished_at=timezone.now(),
    )


def _user_message(error: BaseException) -> str | None:
    """The refusal a user can read, or None for a fault of ours (logged, generic message)."""
    if isinstance(error, registry.DocumentRefused):
        return error.message
    if isinstance(error, (PermissionDenied, Http404, ObjectDoesNotExist)):
        return str(NO_LONGER)
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return None


def document_job_run(organisation_id, job_id) -> None:
    """Render a queued job once. Never raises for a failed document: the job records it."""
    if not _claim(organisation_id, job_id):
        return  # done, failed, or another worker has it
    stored = None
    try:
        with tenant_context(organisation_id):
            job = DocumentJob.objects.for_organisation(organisation_id).select_related("requested_by").get(pk=job_id)
            kind = registry.get(job.kind)
            if not job.requested_by.is_active:
                raise PermissionDenied
            # The rule is checked again here: a right withdrawn since the request counts.
            kind.check(job.requested_by, job)
            rendered = kind.render(job)
            job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
            stored = job.file.name
            job.filename = rendered.filename[:200]
            job.status = DocumentJob.Status.DONE
            job.progress = 100
            job.finished_at = timezone.now()
            job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    except Exception as error:
        if stored:
            DocumentJob._meta.get_field("file").storage.delete(stored)
        message = _user_message(error)
        if message is None:
            log.exception("document job %s (%s) failed", job_id, organisation_id)
        _fail(organisation_id, job_id, message or str(FAILED))


def document_job_retry(*, job: DocumentJob, acting_user, audit: AuditContext | None = None) -> DocumentJob:
    """Queue a failed job again (the caller fetched it through selectors.get_document_job_for_user)."""
    with transaction.atomic():
        now = timezone.now()
        changed = DocumentJob.objects.for_organisation(job.organisation_id).filter(
            pk=job.pk, requested_by=acting_user, status=DocumentJob.Status.FAILED
        ).update(status=DocumentJob.Status.QUEUED, progress=0, error="", finished_at=None, expires_at=now + ttl())
        if changed != 1:
            raise ValidationError(NOT_FAILED)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=job, audit=audit, kind=job.kind,
                  retry=True)
        job.refresh_from_db()
        _enqueue(job)
    return job


def document_job_downloaded(*, job: DocumentJob, acting_user, audit: AuditContext | None = None) -> None:
    """Every download is an EXPORT in the audit trail."""
    audit_log(action=AuditEvent.Action.EXPORT, actor=acting_user, obj=job, audit=audit, kind=job.kind,
              **{k: v for k, v in job.params.items() if k.endswith("_id")})


def document_jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Delete every expired job and its file, organisation by organisation."""
    now = now or timezone.now()
    deleted = 0
    for org_id in organisation_ids():
        with tenant_context(org_id):
            expired = list(DocumentJob.objects.for_organisation(org_id).filter(expires_at__lte=now))
            for job in expired:
                if job.file:
                    job.file.delete(save=False)
            DocumentJob.objects.for_organisation(org_id).filter(pk__in=[j.pk for j in expired]).delete()
            deleted += len(expired)
    return deleted

