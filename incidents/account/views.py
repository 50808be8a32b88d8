"""The case account as a page and as a PDF download (both audited)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from people.audit import audit_log
from people.models import AuditEvent

from .. import access
from .build import case_account, may_read_account
from .pdf import render_account_pdf

NOT_YOURS = gettext_lazy("De verantwoording van een zaak is voor de anti-pestcoördinator, de directie en het bestuur.")


def _readable_case(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)  # 404 for outsiders and the excluded
    if not may_read_account(request.user, case):
        raise PermissionDenied(str(NOT_YOURS))
    return case


@login_required
def account_page(request, case_id: int):
    case = _readable_case(request, case_id)
    account = case_account(case, request.user)
    audit_log(action=AuditEvent.Action.READ, actor=request.user, obj=case, request=request, view="case_account")
    return render(request, "incidents/account/page.html", {"case": case, "account": account})


@login_required
def account_pdf(request, case_id: int):
    case = _readable_case(request, case_id)
    account = case_account(case, request.user)
    content = render_account_pdf(account)
    audit_log(action=AuditEvent.Action.EXPORT, actor=request.user, obj=case, request=request, export="case_account_pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verantwoording-{case.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
