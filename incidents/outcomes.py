"""How cases ended: public selectors over the typed step-change record (issue 15.4).

Readers ask what a step change *meant* (``TimelineEntry.outcome``, set from the
protocol definition when the case moved) and never compare transition or step names,
so a new protocol version that renames its closing transition or adds another way to
close is counted without changing any reader. Organisation-scoped reads for reports:
the caller decides who may see the figures.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from protocol import vocabulary as v
from protocol.definitions import UnknownProtocol, get_definition
from protocol.selectors import protocol_for_new_cases

from .models import TimelineEntry

#: Keep IN lists short (SQLite's variable limit; PostgreSQL plans them better too).
CHUNK = 2000


@dataclass(frozen=True)
class Closing:
    """A case closed with ``outcome`` at ``at`` (its last step change so far)."""

    outcome: v.TransitionOutcome
    at: dt.datetime


def closings_at(organisation_id, case_ids: Iterable[int], end: dt.datetime) -> dict[int, Closing]:
    """Per case that stood closed just before ``end``: how and when it was closed.

    A case's standing is its last step change before ``end``; a case reopened since its
    closing (or never closed) is absent: it was open.
    """
    ids = list(case_ids)
    last: dict[int, tuple[str, dt.datetime]] = {}
    for i in range(0, len(ids), CHUNK):
        rows = (
            TimelineEntry.objects.for_organisation(organisation_id)
            .filter(kind=TimelineEntry.STEP_CHANGE, occurred_at__lt=end, case_id__in=ids[i:i + CHUNK])
            .order_by("case_id", "occurred_at", "id")
            .values_list("case_id", "outcome", "occurred_at")
        )
        for case_id, outcome, at in rows.iterator(chunk_size=5000):
            last[case_id] = (outcome, at)
    closings = {}
    for case_id, (outcome, at) in last.items():
        try:
            meaning = v.TransitionOutcome(outcome)
        except ValueError:  # a value no release wrote: not a closing one
            continue
        if meaning.closes:
            closings[case_id] = Closing(meaning, at)
    return closings


def closing_outcomes(organisation_id, protocols: Iterable[tuple[str, int]] = ()) -> tuple[v.TransitionOutcome, ...]:
    """The ways a case can close under these protocol versions (``(key, version)``, e.g.
    those the counted cases run under) and under the protocol the organisation now
    starts cases with, in the order reports list them."""
    reachable = set(protocol_for_new_cases(organisation_id).closing_outcomes)
    for key, version in set(protocols):
        try:
            reachable.update(get_definition(key, version).closing_outcomes)
        except UnknownProtocol:
            continue
    return tuple(o for o in v.CLOSING_OUTCOMES if o in reachable)
