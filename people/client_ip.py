"""The client's address, taken one way everywhere (issue 11, item 10).

Rate limits, the lock-out after failed log-ins (django-axes), DRF's throttles and the
audit trail all ask ``client_ip(request)``. ``X-Forwarded-For`` is believed only as far
as the settings trust it: ``TRUSTED_PROXY_COUNT`` is the number of proxies of our own in
front of the app (0: none, the default; 1: one reverse proxy such as nginx or a load
balancer). With N trusted proxies the client is the N-th address from the right: every
address left of it was written by the client and can be anything, so a robot cannot pick
a new address per request. Without trusted proxies the header is ignored.
"""
from __future__ import annotations

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's address as our own proxies saw it ("unknown" if there is none)."""
    if request is None:
        return UNKNOWN
    meta = getattr(request, "META", {})
    remote = _valid(meta.get("REMOTE_ADDR", "") or "")
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    if proxies > 0:
        forwarded = [a for a in (meta.get("HTTP_X_FORWARDED_FOR", "") or "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            found = _valid(forwarded[-proxies])
            if found:
                return found
        # Fewer entries than proxies: the request did not come through them all; the
        # nearest address is the only one we can vouch for.
    return remote or UNKNOWN


def axes_client_ip(request) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE (its tables store an address or nothing)."""
    ip = client_ip(request)
    return None if ip == UNKNOWN else ip
