"""Unsent answers: sealed with the student's own session secret, linked to nothing.

A student's answers so far (and the answer "Ik ben …") are kept between the parts of the
survey so that a reload, a language switch or a dropped connection loses nothing. They
are not stored with the code (that would link them to the slip, and so to the student).
A SurveyDraft row holds only:

* ``key``: a hash of the session secret, computed differently from the session's own
  hash, so the database cannot tell which session (and so which code) a draft belongs to;
* ``sealed``: the answers, encrypted and authenticated (AES-256-GCM) with a key derived
  from that secret and the server's survey-code key. The secret lives only in the student's cookie (or API
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

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from people import keys

from .models import SurveyDraft

NONCE = 12  # AES-GCM's standard nonce size
_AAD = b"pestzaak.survey-draft.v2"


def _server_key() -> bytes:
    # The newest survey-code key (people.keys), not SECRET_KEY. Drafts live for hours: one
    # sealed under a key rotated away since is simply not found, and the student answers on.
    return keys.ring(keys.SURVEY_CODES)[0][1]


def draft_key(secret: str) -> str:
    # Not the session's hash (sha256 of the bare secret): the two cannot be matched.
    return hmac.new(_server_key(), b"draft-key|" + secret.encode(), hashlib.sha256).hexdigest()


def _cipher(secret: str) -> AESGCM:
    # A 256-bit key per session secret, derived with HMAC-SHA256 from the server's key.
    return AESGCM(hmac.new(_server_key(), b"draft-seal|" + secret.encode(), hashlib.sha256).digest())


def seal(secret: str, data: dict) -> str:
    """The draft encrypted and authenticated (AES-256-GCM from the cryptography package)."""
    plain = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    nonce = secrets.token_bytes(NONCE)
    return base64.b64encode(nonce + _cipher(secret).encrypt(nonce, plain, _AAD)).decode()


def unseal(secret: str, sealed: str) -> dict:
    """The draft, or {} when it cannot be opened with this secret (never an exception)."""
    try:
        raw = base64.b64decode(sealed.encode(), validate=True)
        plain = _cipher(secret).decrypt(raw[:NONCE], raw[NONCE:], _AAD)
        data = json.loads(plain)
    except (ValueError, TypeError, InvalidTag):
        return {}
    return data if isinstance(data, dict) else {}


def draft_load(*, organisation_id, secret: str) -> dict:
    row = SurveyDraft.objects.for_organisation(organisation_id).filter(
        key=draft_key(secret), expires_at__gt=timezone.now()
    ).only("sealed").first()
    return unseal(secret, row.sealed) if row else {}


def draft_store(*, organisation_id, secret: str, draft: dict, expires_at) -> None:
    """Replace the draft: one upsert (INSERT … ON CONFLICT (key) DO UPDATE)."""
    SurveyDraft.objects.bulk_create(
        [SurveyDraft(organisation_id=organisation_id, key=draft_key(secret), sealed=seal(secret, draft),
                     expires_at=expires_at)],
        update_conflicts=True, unique_fields=["key"], update_fields=["sealed", "expires_at"],
    )


def draft_forget(*, organisation_id, secret: str) -> None:
    SurveyDraft.objects.for_organisation(organisation_id).filter(key=draft_key(secret)).delete()


def drafts_purge(organisation_id, *, now=None) -> int:
    return SurveyDraft.objects.for_organisation(organisation_id).filter(expires_at__lte=now or timezone.now()).delete()[0]


def bad_answers_shape() -> ValidationError:
    return ValidationError({"answers": _("Stuur de antwoorden als een lijst van vraag en antwoord (een object).")})
