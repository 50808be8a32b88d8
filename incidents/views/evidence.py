"""Serving an evidence file: only through this checked, audited view, never from a public URL."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from incidents import selectors
from people.audit import audit_context


def evidence_response(evidence, handle) -> FileResponse:
    """The download as the page and the API both send it: never shown inline, never cached."""
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    return response


@login_required
@require_GET
def evidence_download(request, evidence_id: int):
    # 404 for others and other tenants; audited as an export (incidents.selectors.evidence_open).
    evidence, handle = selectors.evidence_open(user=request.user, evidence_id=evidence_id, audit=audit_context(request))
    return evidence_response(evidence, handle)
