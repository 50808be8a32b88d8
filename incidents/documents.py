"""The incidents app's documents, made by people.documents' Celery job, never in a request:

* ``case_account``    the case account (verantwoording) of one case;
* ``letter_preview``  a draft letter to parents as PDF, marked CONCEPT;
* ``letter_send``     sending a letter: rendered, stored in the dossier, recorded in the
                      timeline (letters.services.letter_send), and offered for download.

Each kind checks the same rule the page used to check, when the job is queued, when it
runs, and on the job page and download (a right withdrawn in between counts).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.documents import registry
from people.documents.registry import DocumentKind, DocumentRefused, Rendered

from . import access
from .errors import ProtocolRefusal

CASE_ACCOUNT = "case_account"
LETTER_PREVIEW = "letter_preview"
LETTER_SEND = "letter_send"


# ------------------------------------------------------------------- case account


def readable_account_case(user, case_id):
    """The case whose account the user may read: 404 for outsiders, 403 for the rest."""
    from .account.build import may_read_account

    case = access.get_case_for_user(user, case_id)  # 404 for outsiders and the excluded
    if not may_read_account(user, case):
        raise PermissionDenied(_("De verantwoording van een zaak is voor de anti-pestcoördinator, de directie en het bestuur."))
    return case


def _account_check(user, job) -> None:
    readable_account_case(user, job.params["case_id"])


def _account_render(job) -> Rendered:
    from .account.build import case_account
    from .account.pdf import render_account_pdf

    case = readable_account_case(job.requested_by, job.params["case_id"])
    return Rendered(render_account_pdf(case_account(case, job.requested_by)), f"verantwoording-{case.reference}.pdf")


def _account_back(job) -> str:
    return reverse("incidents:case_account", args=[job.params["case_id"]])


# ------------------------------------------------------------------- letters


def _letter_check(user, job) -> None:
    access.get_letter_for_user(user, job.params["letter_id"])


def _letter_back(job) -> str:
    return reverse("incidents:letter_edit", args=[job.params["letter_id"]])


def _preview_render(job) -> Rendered:
    from .letters.pdf import render_letter_pdf
    from .models import Letter

    letter = access.get_letter_for_user(job.requested_by, job.params["letter_id"])
    if letter.status != Letter.Status.DRAFT:
        raise DocumentRefused(_("Deze brief is inmiddels verstuurd. Download de verstuurde brief op de briefpagina."))
    pdf = render_letter_pdf(letter, sender=job.requested_by, draft=True)
    return Rendered(pdf, f"concept-brief-{letter.case.reference}.pdf")


def _send_render(job) -> Rendered:
    from .letters import services

    letter = access.get_letter_for_user(job.requested_by, job.params["letter_id"])
    try:
        letter = services.letter_send(letter=letter, acting_user=job.requested_by)
    except ProtocolRefusal as refusal:
        raise DocumentRefused(" ".join(str(m) for m in refusal.messages)) from None
    except ValidationError as error:
        raise DocumentRefused(" ".join(error.messages)) from None
    with letter.pdf.open("rb") as handle:
        content = handle.read()
    day = timezone.localtime(letter.sent_at).date().isoformat()
    return Rendered(content, f"brief-{letter.case.reference}-{day}.pdf")


def register() -> None:
    registry.register(DocumentKind(CASE_ACCOUNT, _account_render, _account_check, _account_back))
    registry.register(DocumentKind(LETTER_PREVIEW, _preview_render, _letter_check, _letter_back))
    registry.register(DocumentKind(LETTER_SEND, _send_render, _letter_check, _letter_back, done_text=gettext_lazy(
        "De brief is verstuurd en als PDF in het dossier bewaard. In de tijdlijn staat dat de ouders zijn geïnformeerd."
    )))
