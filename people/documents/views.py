"""The job page (status, progress, download, retry) and the audited download. Thin: the
selector decides who may see a job; the services write."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from people.audit import audit_context

from . import registry, services
from .models import DocumentJob
from .selectors import get_document_job_for_user

#: After this long in the queue the page says the document takes longer than usual.
SLOW = dt.timedelta(minutes=2)


@login_required
@require_GET
def document_job(request, document_id):
    job = get_document_job_for_user(request.user, document_id)
    kind = registry.get(job.kind)
    slow = job.running and timezone.now() - job.created_at > SLOW
    return render(request, "people/documents/job.html", {
        "job": job, "slow": slow, "back_url": kind.back_url(job), "done_text": kind.done_text,
        # The worker writes the reason in Dutch; the reader's language where we know the text.
        "error": gettext(job.error) if job.error else "",
    })


@login_required
@require_GET
def document_job_download(request, document_id):
    job = get_document_job_for_user(request.user, document_id)
    if job.status != DocumentJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.document_job_downloaded(job=job, acting_user=request.user, audit=audit_context(request))
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=job.filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_job_retry(request, document_id):
    job = get_document_job_for_user(request.user, document_id)
    try:
        services.document_job_retry(job=job, acting_user=request.user, audit=audit_context(request))
    except ValidationError:
        pass  # already queued again (a second click): the page shows where it is
    return redirect("people:document_job", document_id=job.pk)
