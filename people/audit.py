"""Writing the audit trail: one call per sensitive read or change."""
from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def client_ip(request) -> str | None:
    # One rule for every address the app records or counts (people.client_ip).
    from .client_ip import UNKNOWN
    from .client_ip import client_ip as _client_ip

    ip = _client_ip(request)
    return None if ip == UNKNOWN else ip


def audit_log(
    *,
    action: str,
    actor=None,
    organisation=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    request=None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``obj`` fills object type and id; its organisation is the default."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        if organisation is None:
            organisation = getattr(obj, "organisation_id", None)
    if organisation is None and actor is not None:
        organisation = getattr(actor, "organisation_id", None)
    org_id = getattr(organisation, "pk", organisation)
    return AuditEvent.objects.create(
        organisation_id=org_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_ip(request),
        detail=detail,
    )
