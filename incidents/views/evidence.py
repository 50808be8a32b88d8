"""Serving an evidence file: only through this checked, audited view, never from a public URL."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from incidents import access
from people.audit import audit_log
from people.models import AuditEvent


@login_required
@require_GET
def evidence_download(request, evidence_id: int):
    evidence = access.get_evidence_for_user(request.user, evidence_id)  # 404 for others and other tenants
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    audit_log(action=AuditEvent.Action.EXPORT, actor=request.user, obj=evidence, request=request,
              case=evidence.entry.case_id)
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    return response
