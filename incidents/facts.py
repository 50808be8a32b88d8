"""Turning a stored case into the protocol engine's CaseFacts, with the time-based flags."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from protocol.calendars import calendar_for
from protocol.engine import CaseFacts, ProtocolDefinition, RecordFact
from protocol.vocabulary import Flag

from .models import Case, TimelineEntry


def live_entries(case: Case) -> list[TimelineEntry]:
    """The entries that count: a corrected entry is replaced by its correction."""
    entries = list(
        TimelineEntry.objects.for_organisation(case.organisation_id).filter(case=case).order_by("id")
    )
    corrected = {e.corrects_id for e in entries if e.corrects_id}
    return [e for e in entries if e.pk not in corrected and not e.is_system]


def record_fact(entry: TimelineEntry) -> RecordFact:
    return RecordFact(kind=entry.kind, step=entry.step, attrs=entry.attrs or {}, id=str(entry.pk), seq=entry.pk)


def case_facts(case: Case, definition: ProtocolDefinition, entries: list[TimelineEntry] | None = None,
               today: dt.date | None = None, calendar=None) -> CaseFacts:
    entries = live_entries(case) if entries is None else entries
    records = tuple(record_fact(e) for e in entries)
    facts = CaseFacts(step=case.step, records=records, step_entered_seq=case.step_entered_seq)
    flags = {Flag.CRIMINAL_OFFENCE.value: case.criminal_offence}
    flags.update(elapsed_flags(case, definition, facts, entries, today=today, calendar=calendar))
    return CaseFacts(step=case.step, records=records, flags=flags, step_entered_seq=case.step_entered_seq)


def elapsed_flags(case: Case, definition: ProtocolDefinition, facts: CaseFacts, entries: list[TimelineEntry],
                  *, today: dt.date | None = None, calendar=None) -> dict[str, bool]:
    """Whether each flagged term of the current step has run out, in school time.

    ``calendar``: the organisation's school calendar when the caller already has it (lists
    of many cases look it up once instead of once per case)."""
    if definition.is_terminal(case.step):
        return {}
    today = today or timezone.localdate()
    calendar = calendar or calendar_for(case.organisation_id, case.branch_id)
    by_id = {str(e.pk): e for e in entries}
    flags: dict[str, bool] = {}
    current = facts.current_records()
    for deadline in definition.step(case.step).deadlines:
        if not deadline.flag:
            continue
        if deadline.starts_on is None:
            start = timezone.localtime(case.step_entered_at).date()
        else:
            started = [r for r in current if deadline.starts_on.fits(r)]
            if not started:
                flags[deadline.flag] = False
                continue
            start = timezone.localtime(by_id[started[-1].id].occurred_at).date()
        due = calendar.due_date(start, amount=deadline.amount, unit=deadline.unit.value)
        flags[deadline.flag] = today >= due
    return flags
