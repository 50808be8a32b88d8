"""Reads of letters: a case's letters, and a sent letter's stored PDF for download (audited)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from people.audit import AuditContext, audit_log
from people.models import AuditEvent

from .. import access
from ..models import Case, Letter


def letters_of_case(user, case: Case) -> QuerySet[Letter]:
    """The letters of a case the user may see (for the case page and the letter pages)."""
    return (
        access.letters_for(user).filter(case=case)
        .select_related("participant__student", "created_by", "sent_by").order_by("-created_at", "-id")
    )


def sent_letter_pdf_for_user(*, user, letter: Letter, audit: AuditContext | None = None) -> tuple[bytes | None, str]:
    """The stored PDF of a sent letter (audited EXPORT), as (bytes, filename); bytes is None
    when the letter is a draft (its preview is a document job) or its file is missing."""
    if letter.status != Letter.Status.SENT:
        return None, ""
    try:
        with letter.pdf.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        return None, ""
    day = timezone.localtime(letter.sent_at).date().isoformat()
    audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=letter, audit=audit, case=letter.case_id)
    return data, f"brief-{letter.case.reference}-{day}.pdf"
