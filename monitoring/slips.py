"""The slips handed out in class: an A4 PDF per class, ten slips a page, cut along the lines.

Each slip shows the code as XXXX-XXXX-XXXX, the address to type it in, and a QR code of
``<SITE_URL>/thermometer/#<CODE>`` (segno, rendered as SVG inside the page): the code is
in the fragment, which a browser never sends to a server, so it reaches no log. The
codes exist in plain text only in this PDF: the document job (monitoring.documents) issues
them and lays them out in one transaction, and keeps the file in private storage for its
requester until the job expires (settings.DOCUMENT_JOB_TTL_HOURS), then deletes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .codes import format_code

SLIPS_PER_PAGE = 10


def _no_fetch(url: str, *args, **kwargs):
    # Self-contained: nothing on a slip may make the renderer fetch anything.
    raise ValueError(f"Niet toegestaan om op te halen: {url}")


def site_of(request) -> str:
    """The address the app is served on, as the browser reached it (``https://school.nl``),
    so slips printed from a demo on another port or host point back to it; the host was
    checked against ALLOWED_HOSTS. Without a request: settings.SITE_URL."""
    if request is None:
        return settings.SITE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def survey_url(base: str | None = None) -> str:
    return (base or settings.SITE_URL).rstrip("/") + reverse("monitoring:thermometer_start")


def qr_url(code: str, base: str | None = None) -> str:
    return f"{survey_url(base)}#{quote(code)}"


def qr_code(code: str, base: str | None = None) -> segno.QRCode:
    return segno.make(qr_url(code, base), error="m", micro=False)


@dataclass
class Slip:
    code: str
    formatted: str
    qr_svg: str


def slip_context(*, codes: list[str], round_name: str, class_name: str, branch_name: str, closes_at,
                 base: str | None = None) -> dict:
    slips = [
        Slip(code=c, formatted=format_code(c), qr_svg=qr_code(c, base).svg_inline(scale=3, border=0, dark="#000"))
        for c in codes
    ]
    pages = [slips[i:i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    return {
        "pages": pages,
        "round_name": round_name,
        "class_name": class_name,
        "branch_name": branch_name,
        "closes": timezone.localtime(closes_at).strftime("%d-%m-%Y %H:%M"),
        "address": survey_url(base),
    }


def render_slips_pdf(*, codes: list[str], round_class, base: str | None = None) -> bytes:
    from weasyprint import HTML  # heavy import: only when slips are printed

    with translation.override("nl"):
        html = render_to_string("monitoring/slips_pdf.html", slip_context(
            codes=codes, round_name=round_class.round.name, class_name=round_class.class_name,
            branch_name=round_class.branch.name, closes_at=round_class.round.closes_at, base=base,
        ))
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def filename(round_class) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in round_class.class_name).strip("-") or "klas"
    return f"thermometer-codes-{safe}.pdf"
