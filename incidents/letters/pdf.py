"""Rendering a letter as an A4 PDF with WeasyPrint: letterhead, addressee, body, signature,
page numbers. Local fonts only (DejaVu Sans); nothing is fetched from the network."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .. import access
from . import defaults as d
from .compose import long_date, paragraphs, signature_role

STYLESHEET = "css/letter-print.css"


def _no_fetch(url: str, *args, **kwargs):
    # The letter is self-contained; user text must never make the renderer fetch anything.
    raise ValueError(f"Niet toegestaan om op te halen: {url}")


def letter_context(letter, *, sender, sent_at: dt.datetime | None, draft: bool = False, status_code: str = "") -> dict:
    case = letter.case
    branch = case.branch
    student = letter.participant.student if letter.participant_id and letter.participant.student_id else None
    day = timezone.localtime(sent_at).date() if sent_at else timezone.localdate()
    return {
        "letter": letter,
        "draft": draft,
        "organisation": case.organisation.name,
        "branch": branch,
        "place_and_date": f"{branch.city}, {long_date(day)}" if branch.city else long_date(day),
        "student_name": student.full_name if student else "",
        "also_to_student": letter.kind == d.SUSPENSION,
        "reference": case.reference,
        "blocks": paragraphs(letter.body),
        "sender_name": getattr(sender, "full_name", "") or "",
        "sender_role": signature_role(access.roles_on_case(sender, case)) if sender else "",
        # The parents' personal status code (incidents.status), printed once, never stored.
        "status_code": status_code,
        "status_url": f"{settings.SITE_URL.rstrip('/')}/status/{case.organisation.slug}/" if status_code else "",
    }


def render_letter_pdf(letter, *, sender, sent_at: dt.datetime | None = None, draft: bool = False,
                      status_code: str = "") -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a letter is rendered

    with translation.override("nl"):
        html = render_to_string("incidents/letters/letter_pdf.html", letter_context(
            letter, sender=sender, sent_at=sent_at, draft=draft, status_code=status_code
        ))
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[stylesheet])
