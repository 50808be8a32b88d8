"""Unsent answers: sealed with the student's own session secret, linked to nothing.

A student's answers so far (and the answer "Ik ben …") are kept between the parts of the
survey so that a reload, a language switch or a dropped connection loses nothing. They
are not stored with the code (that would link them to the slip, and so to the student).
A SurveyDraft row holds only:

* ``key``: a hash of the session secret, computed differently from the session's own
  hash, so the database cannot tell which session (and so which code) a draft belongs to;
* ``sealed``: the answers, encrypted and authenticated with keys derived from that
  secret and the server's key. The secret lives only in the student's cookie (or API
  client): neither the database nor a copy of it can read a draft;
* ``expires_at``: when the session's token stops working.

The draft is deleted in the transaction that stores the response; drafts whose session
expired are purged by the release task.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SurveyDraft

NONCE = 16
TAG = 32


def _server_key() -> bytes:
    return getattr(settings, "SURVEY_CODE_KEY", settings.SECRET_KEY).encode()


def draft_key(secret: str) -> str:
    # Not the session's hash (sha256 of the bare secret): the two cannot be matched.
    return hmac.new(_server_key(), b"draft-key|" + secret.encode(), hashlib.sha256).hexdigest()


def _keys(secret: str) -> tuple[bytes, bytes]:
    base = hmac.new(_server_key(), b"draft-seal|" + secret.encode(), hashlib.sha256).digest()
    return (hmac.new(base, b"encrypt", hashlib.sha256).digest(), hmac.new(base, b"authenticate", hashlib.sha256).digest())


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    # HMAC-SHA256 in counter mode as the keystream (a PRF-based stream cipher).
    blocks = (length + 31) // 32
    return b"".join(hmac.new(key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest() for i in range(blocks))[:length]


def seal(secret: str, data: dict) -> str:
    enc, mac = _keys(secret)
    plain = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    nonce = secrets.token_bytes(NONCE)
    cipher = bytes(a ^ b for a, b in zip(plain, _stream(enc, nonce, len(plain)), strict=True))
    tag = hmac.new(mac, nonce + cipher, hashlib.sha256).digest()
    return base64.b64encode(nonce + cipher + tag).decode()


def unseal(secret: str, sealed: str) -> dict:
    """The draft, or {} when it cannot be opened with this secret (never an exception)."""
    try:
        raw = base64.b64decode(sealed.encode(), validate=True)
    except (ValueError, TypeError):
        return {}
    if len(raw) < NONCE + TAG:
        return {}
    nonce, cipher, tag = raw[:NONCE], raw[NONCE:-TAG], raw[-TAG:]
    enc, mac = _keys(secret)
    if not hmac.compare_digest(tag, hmac.new(mac, nonce + cipher, hashlib.sha256).digest()):
        return {}
    plain = bytes(a ^ b for a, b in zip(cipher, _stream(enc, nonce, len(cipher)), strict=True))
    try:
        data = json.loads(plain)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def draft_load(*, organisation_id, secret: str) -> dict:
    row = SurveyDraft.objects.for_organisation(organisation_id).filter(
        key=draft_key(secret), expires_at__gt=timezone.now()
    ).only("sealed").first()
    return unseal(secret, row.sealed) if row else {}


def draft_store(*, organisation_id, secret: str, draft: dict, expires_at) -> None:
    """Replace the draft (one statement when it exists, an insert the first time)."""
    key = draft_key(secret)
    sealed = seal(secret, draft)
    with transaction.atomic():
        if not SurveyDraft.objects.for_organisation(organisation_id).filter(key=key).update(
            sealed=sealed, expires_at=expires_at
        ):
            SurveyDraft.objects.create(organisation_id=organisation_id, key=key, sealed=sealed, expires_at=expires_at)


def draft_forget(*, organisation_id, secret: str) -> None:
    SurveyDraft.objects.for_organisation(organisation_id).filter(key=draft_key(secret)).delete()


def drafts_purge(organisation_id, *, now=None) -> int:
    return SurveyDraft.objects.for_organisation(organisation_id).filter(expires_at__lte=now or timezone.now()).delete()[0]


def bad_answers_shape() -> ValidationError:
    return ValidationError({"answers": _("Stuur de antwoorden als een lijst van vraag en antwoord (een object).")})
