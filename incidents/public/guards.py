"""Spam resistance without third-party captchas.

* Rate limits count in Django's cache (never in the database): reports per address and
  branch, reports per branch, wrong receipt codes per address, messages per report. The
  address itself is not even a cache key: keys hold a keyed hash of it.
* A honeypot field that people never see (hidden by the stylesheet, skipped by screen
  readers and the keyboard) but form-filling robots do.
* A signed form timestamp (django.core.signing): a form sent back faster than a person
  can type, an expired form, or one sent twice is refused. Each token works once.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from people.client_ip import client_ip

SALT = "incidents.public.form"
MAX_FORM_AGE = 3 * 60 * 60  # three hours: time enough to write a long report

TOO_FAST = _("Dat ging wel heel snel. Lees je melding nog even na en klik dan nog een keer op ‘Versturen’.")
EXPIRED = _("Het formulier stond te lang open of is niet goed aangekomen. Je tekst staat er nog: klik nog een keer op ‘Versturen’.")
ALREADY_SENT = _("Dit formulier is al verstuurd. Wil je nog iets melden? Vul het formulier dan opnieuw in.")
HONEYPOT = _("Je melding is niet verstuurd. Laat het veld ‘Laat dit veld leeg’ leeg en probeer het opnieuw.")
TOO_MANY_REPORTS = _("Er zijn vanaf dit adres veel meldingen verstuurd. Probeer het over een uur opnieuw, of neem direct contact op met de anti-pestcoördinator of de vertrouwenspersoon hieronder.")
BRANCH_BUSY = _("Er komen nu erg veel meldingen binnen. Probeer het over een uur opnieuw, of neem direct contact op met de anti-pestcoördinator of de vertrouwenspersoon hieronder.")
TOO_MANY_TRIES = _("Er is te vaak een verkeerde code ingevuld. Probeer het over een uur opnieuw.")
TOO_MANY_MESSAGES = _("Je hebt vandaag al veel berichten gestuurd. Probeer het morgen opnieuw, of neem direct contact op met de anti-pestcoördinator.")


@dataclass(frozen=True)
class Limit:
    name: str
    setting: str
    default: int
    window: int

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.setting))  # declared in config/settings.py


REPORTS_PER_ADDRESS = Limit("report-addr", "PUBLIC_REPORT_LIMIT_PER_ADDRESS", 5, 60 * 60)
REPORTS_PER_BRANCH = Limit("report-branch", "PUBLIC_REPORT_LIMIT_PER_BRANCH", 30, 60 * 60)
WRONG_RECEIPTS_PER_ADDRESS = Limit("receipt-addr", "PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS", 10, 60 * 60)
MESSAGES_PER_REPORT = Limit("message-report", "PUBLIC_REPORT_LIMIT_MESSAGES_PER_DAY", 10, 24 * 60 * 60)


def client_address(request) -> str:
    """The address that sent the request, for rate limits only (never stored): the one
    rule of people.client_ip, so a client cannot reset a limit by writing another
    X-Forwarded-For header."""
    return client_ip(request)


def _key(limit: Limit, *parts) -> str:
    secret = settings.SECRET_KEY.encode()
    raw = ":".join(str(p) for p in parts).encode()
    return f"public-report:{limit.name}:{hmac.new(secret, raw, hashlib.sha256).hexdigest()[:32]}"


def current(limit: Limit, *parts) -> int:
    return int(cache.get(_key(limit, *parts)) or 0)


def is_over(limit: Limit, *parts) -> bool:
    return current(limit, *parts) >= limit.limit


def count(limit: Limit, *parts) -> int:
    key = _key(limit, *parts)
    cache.add(key, 0, timeout=limit.window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window)
        return 1


# --- the signed form timestamp ---------------------------------------------------------
def form_token(branch_id: int, *, issued: int | None = None) -> str:
    """A fresh token for one form; ``issued`` keeps the first start time when a form with
    mistakes comes back, so the reporter need not wait again."""
    return signing.dumps(
        {"b": branch_id, "t": int(issued if issued is not None else time.time()), "n": secrets.token_hex(8)},
        salt=SALT,
    )


@dataclass(frozen=True)
class TokenCheck:
    issued: int | None
    problem: str | None


def check_form_token(token: str, branch_id: int, *, now: float | None = None) -> TokenCheck:
    """Is this a form we handed out for this branch, old enough and not too old?"""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_FORM_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return TokenCheck(None, str(EXPIRED))
    if not isinstance(data, dict) or data.get("b") != branch_id or not isinstance(data.get("t"), int):
        return TokenCheck(None, str(EXPIRED))
    min_seconds = int(settings.PUBLIC_REPORT_MIN_SECONDS)
    if now - data["t"] < min_seconds:
        return TokenCheck(data["t"], str(TOO_FAST))
    return TokenCheck(data["t"], None)


def use_form_token(token: str) -> bool:
    """Mark a token used; False when it was used before (a double click, a replay)."""
    key = "public-report:token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return cache.add(key, 1, timeout=MAX_FORM_AGE + 60)
