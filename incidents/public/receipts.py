"""Receipt codes of public reports.

A receipt is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about
59 bits, shown once to the reporter. Only a keyed hash (HMAC-SHA256, with its own
purpose prefix) is stored, so the database alone cannot reproduce a receipt and a
receipt says nothing about who made the report.
"""
from __future__ import annotations

import secrets

from people import keys

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
_PURPOSE = b"incidents.public.receipt:"


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_receipt(code: str) -> str:
    """ABCD-EFGH-JKMN: easier to copy from a phone screen."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(raw: str) -> str:
    """Upper case, without spaces and dashes (people copy ``ABCD-EFGH-JKMN`` either way)."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def is_well_formed(raw: str) -> bool:
    code = normalise(raw)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def digest(raw: str) -> str:
    """The digest stored with a new receipt (the newest key of the receipts' key ring)."""
    return keys.digest(keys.REPORT_RECEIPTS, _PURPOSE + normalise(raw).encode())


def digests(raw: str) -> list[str]:
    """Every digest a receipt may be stored under: receipts handed out under an older key
    keep working while that key stays on the ring (people.keys)."""
    return keys.digests(keys.REPORT_RECEIPTS, _PURPOSE + normalise(raw).encode())
