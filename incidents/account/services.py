"""Queueing the case account's PDF (people.documents renders it in the worker)."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.documents.models import DocumentJob
from people.documents.services import document_job_create
from people.models import AuditEvent

from ..documents import CASE_ACCOUNT, readable_account_case
from ..models import Case


def account_pdf_queue(*, case: Case, acting_user, audit: AuditContext | None = None) -> DocumentJob:
    readable_account_case(acting_user, case.pk)  # the rule, whoever calls
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.EXPORT, actor=acting_user, obj=case, audit=audit,
                  export="case_account_pdf")
        return document_job_create(kind=CASE_ACCOUNT, acting_user=acting_user, params={"case_id": case.pk},
                                   title=_("Verantwoording %(reference)s") % {"reference": case.reference})
