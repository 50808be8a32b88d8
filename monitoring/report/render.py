"""The report as HTML and as an A4 PDF (WeasyPrint): cover, table of contents with page
numbers, running header, "Pagina X van Y" (static/css/report-print.css). Local fonts only;
the renderer never fetches anything (the charts are inline SVG)."""
from __future__ import annotations

import base64
import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .content import Report
from .figures import definitions

STYLESHEET = "css/report-print.css"


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


def _fetcher():
    # Self-contained document: user text must never make the renderer fetch anything.
    # Only data: URLs pass - the charts travel inside the document (_charts_as_images).
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), fail_on_errors=True)


def _charts_as_images(html: str) -> str:
    """Inline SVG charts as <img> of the same SVG: still vector (sharp at any zoom), but
    WeasyPrint then draws them without putting thousands of chart elements through the
    CSS cascade, which made a board report several times slower. The chart's title is
    the image's alternative text."""

    def replace(match: re.Match) -> str:
        svg = match.group(0)
        title = _TITLE.search(svg)
        alt = title.group(1) if title else ""
        data = base64.b64encode(svg.encode()).decode()
        return f'<img class="chart-img" alt="{alt}" src="data:image/svg+xml;base64,{data}">'

    return _SVG.sub(replace, html)


def report_context(report: Report) -> dict:
    return {"report": report, "definitions": definitions(report.k)}


def render_report_html(report: Report) -> str:
    with translation.override("nl"):
        return render_to_string("monitoring/report/report_pdf.html", report_context(report))


def render_report_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a report is rendered

    html = _charts_as_images(render_report_html(report))
    fetcher = _fetcher()
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def report_filename(report: Report, ext: str = "pdf") -> str:
    from django.utils.text import slugify

    scope = slugify(report.branch.name) if report.branch else "alle-vestigingen"
    return f"inspectierapport-{slugify(report.school_year.name)}-{scope}.{ext}"
