"""Keyed digests for what is printed on paper: survey codes, report receipts, status codes.

Such codes are stored only as an HMAC digest. The key is not SECRET_KEY: rotating that
(it signs sessions, CSRF tokens and password-reset links) must not break a slip handed
out last week. Each purpose has a key ring in settings.HMAC_KEY_RINGS — key ids with
secrets, newest first:

* a new digest is made with the newest key;
* a look-up tries the digest under every key on the ring, so a code printed under an older
  key keeps working until that key is taken off the ring (after the round or the case).

Rotating a ring: put a new ``id:secret`` in front in the environment and keep the old one
behind it. Without a ring in the environment the ring holds one key derived as before this
module existed (from SECRET_KEY), so existing installations keep their codes; the deploy
check (people.checks) asks for rings of their own in production.
"""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SURVEY_CODES = "survey_codes"
REPORT_RECEIPTS = "report_receipts"
STATUS_CODES = "status_codes"


def ring(purpose: str) -> list[tuple[str, bytes]]:
    """The (key id, secret) pairs of a purpose, newest first."""
    pairs = settings.HMAC_KEY_RINGS.get(purpose)
    if not pairs:
        raise ImproperlyConfigured(f"No HMAC key ring for {purpose!r} in settings.HMAC_KEY_RINGS.")
    return [(key_id, secret.encode()) for key_id, secret in pairs]


def _mac(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def digest(purpose: str, message: bytes) -> str:
    """The digest to store: made with the newest key of the purpose's ring."""
    return _mac(ring(purpose)[0][1], message)


def digests(purpose: str, message: bytes) -> list[str]:
    """Every digest the message may be stored under (one per key on the ring), newest first:
    look a code up with ``…__in=digests(…)``."""
    return [_mac(secret, message) for _key_id, secret in ring(purpose)]
