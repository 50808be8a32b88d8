"""The case account as an A4 PDF (WeasyPrint, local fonts, nothing fetched)."""
from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "css/account-print.css"


def _no_fetch(url: str, *args, **kwargs):
    # Self-contained document: user text must never make the renderer fetch anything.
    raise ValueError(f"Niet toegestaan om op te halen: {url}")


def render_account_pdf(account) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when an account is rendered

    html = render_to_string("incidents/account/pdf.html", {"account": account, "case": account.case})
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[stylesheet])
