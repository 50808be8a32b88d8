"""Status codes: 12 characters without look-alikes (as the report receipts), shown once on
paper; only a keyed hash (people.keys.STATUS_CODES) is stored."""
from __future__ import annotations

import secrets

from people import keys

from ..public.receipts import ALPHABET, LENGTH, format_receipt, normalise

_PURPOSE = b"incidents.status.code:"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    return format_receipt(code)


def is_well_formed(raw: str) -> bool:
    code = normalise(raw)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def digest(raw: str) -> str:
    return keys.digest(keys.STATUS_CODES, _PURPOSE + normalise(raw).encode())


def digests(raw: str) -> list[str]:
    return keys.digests(keys.STATUS_CODES, _PURPOSE + normalise(raw).encode())
