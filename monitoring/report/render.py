"""The report as HTML and as an A4 PDF (WeasyPrint): cover, table of contents with page
numbers, running header, "Pagina X van Y" (static/css/report-print.css). Local fonts only;
the renderer never fetches anything (the charts are inline SVG)."""
from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .content import Report
from .figures import definitions

STYLESHEET = "css/report-print.css"


def _no_fetch(url: str, *args, **kwargs):
    # Self-contained document: user text must never make the renderer fetch anything.
    raise ValueError(f"Niet toegestaan om op te halen: {url}")


def report_context(report: Report) -> dict:
    return {"report": report, "definitions": definitions(report.k)}


def render_report_html(report: Report) -> str:
    with translation.override("nl"):
        return render_to_string("monitoring/report/report_pdf.html", report_context(report))


def render_report_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a report is rendered

    html = render_report_html(report)
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[stylesheet])


def report_filename(report: Report, ext: str = "pdf") -> str:
    from django.utils.text import slugify

    scope = slugify(report.branch.name) if report.branch else "alle-vestigingen"
    return f"inspectierapport-{slugify(report.school_year.name)}-{scope}.{ext}"
