"""One way to read an id (or a small whole number) from a URL, a query or a form.

``str.isdigit()`` is true for "³" and "١٢" too; ``int("³")`` then raises (a 500) and
``int("١٢")`` quietly reads 12. Ids here are ASCII digits only, within the database's
bigint range; anything else is "no such id" (404 or a form error), never an exception.
"""
from __future__ import annotations

import re

from django.http import Http404

MAX_ID = 2**63 - 1
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")


def parse_number(value, *, maximum: int = MAX_ID) -> int | None:
    """A whole number >= 0 written in ASCII digits (or given as an int), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if number <= maximum else None


def parse_id(value) -> int | None:
    """A database id (1 .. 2**63-1) in ASCII digits, else None."""
    number = parse_number(value)
    return number if number else None


def id_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise Http404
    return number
