"""Writing the audit trail: one call per sensitive read or change.

Services never see the HTTP request (issue 15, item 3). The view or API view turns it into
an :class:`AuditContext` once (``audit_context(request)``) and hands that to the service
with the acting user; Celery tasks, commands and tests pass none (no address, channel
"system"). The context holds only what an audit row records about *where* an action came
from: the client's address (people.client_ip's one rule) and the channel (page or API).
No user agent: it identifies nobody reliably, is not needed to answer "who read this
pupil's file", and the trail keeps what it needs and no more (data minimisation).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from .models import AuditEvent

PAGE = "page"
API = "api"
SYSTEM = "system"

#: The URL prefix of the REST API (config.urls); everything else is a page.
API_PATH_PREFIX = "/api/"


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from, as the audit row records it."""

    ip_address: str | None = None
    channel: str = SYSTEM

    def row_fields(self) -> dict[str, Any]:
        """The columns of an AuditEvent this context fills (for bulk-created rows)."""
        return {"ip_address": self.ip_address, "channel": self.channel}


#: Celery tasks, management commands, seeds: no client, no address.
NO_CLIENT = AuditContext()


def client_ip(request) -> str | None:
    # One rule for every address the app records or counts (people.client_ip).
    from .client_ip import UNKNOWN
    from .client_ip import client_ip as _client_ip

    ip = _client_ip(request)
    return None if ip == UNKNOWN else ip


def audit_context(request) -> AuditContext:
    """The request's audit context, built once per request and kept on it.

    Works for Django's request and DRF's (which passes attributes through to Django's)."""
    if request is None:
        return NO_CLIENT
    django_request = getattr(request, "_request", request)
    cached = getattr(django_request, "_audit_context", None)
    if cached is not None:
        return cached
    path = getattr(django_request, "path_info", "") or getattr(django_request, "path", "") or ""
    context = AuditContext(ip_address=client_ip(django_request),
                           channel=API if path.startswith(API_PATH_PREFIX) else PAGE)
    try:
        django_request._audit_context = context
    except AttributeError:  # a stand-in without attributes (tests): build it each time
        pass
    return context


def audit_log(
    *,
    action: str,
    actor=None,
    organisation=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    audit: AuditContext | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``obj`` fills object type and id; its organisation is the default.
    ``audit`` says where the action came from (None: a task or command, no address)."""
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
        **(audit or NO_CLIENT).row_fields(),
        detail=detail,
    )
