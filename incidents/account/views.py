"""The case account as a page (audited READ), and as a PDF made by a job (audited EXPORT
when queued, and again when the file is downloaded)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from people.audit import audit_context, audit_log
from people.models import AuditEvent

from ..documents import readable_account_case
from .build import case_account
from .services import account_pdf_queue


@login_required
def account_page(request, case_id: int):
    case = readable_account_case(request.user, case_id)
    account = case_account(case, request.user)
    audit_log(action=AuditEvent.Action.READ, actor=request.user, obj=case, audit=audit_context(request), view="case_account")
    return render(request, "incidents/account/page.html", {"case": case, "account": account})


@login_required
@require_POST
def account_pdf(request, case_id: int):
    """Queue the PDF (laid out by a Celery job, never here) and show the job's page."""
    job = account_pdf_queue(case=readable_account_case(request.user, case_id), acting_user=request.user,
                            audit=audit_context(request))
    return redirect("people:document_job", document_id=job.pk)
