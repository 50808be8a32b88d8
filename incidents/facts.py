"""Turning a stored case into the protocol engine's CaseFacts, with the flags only the
database and the calendar know: terms that have run (in school time), who the bully is,
the support group's make-up and the No Blame follow-up talks."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.utils import timezone

from protocol.calendars import calendar_for
from protocol.engine import CaseFacts, ProtocolDefinition, RecordFact
from protocol.vocabulary import (
    Attr,
    ConversationWith,
    Flag,
    InterventionKind,
    ParticipantRole,
    RecordKind,
)

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


def _day(entry: TimelineEntry) -> dt.date:
    return timezone.localtime(entry.occurred_at).date()


def case_facts(case: Case, definition: ProtocolDefinition, entries: list[TimelineEntry] | None = None,
               today: dt.date | None = None, calendar=None) -> CaseFacts:
    """The engine's view of ``case`` on ``today`` (a record's own day when checking it)."""
    entries = live_entries(case) if entries is None else entries
    today = today or timezone.localdate()
    records = tuple(record_fact(e) for e in entries)
    facts = CaseFacts(step=case.step, records=records, step_entered_seq=case.step_entered_seq)
    flags: dict[str, bool] = {Flag.CRIMINAL_OFFENCE.value: case.criminal_offence}
    flags.update(participant_flags(case, entries))
    dues: dict[str, dt.date] = {}
    if not definition.is_terminal(case.step):
        # The calendar only when a term or a No Blame minimum needs counting (one query less
        # on most pages).
        if _flag_names(definition, case.step) or _latest_no_blame(entries) is not None:
            calendar = calendar or calendar_for(case.organisation_id, case.branch_id)
            dues = term_dues(case, definition, facts, entries, calendar)
            flags.update({name: today >= due for name, due in dues.items()})
            flags.update(_no_blame_earliest(definition, entries, today, calendar))
        else:
            flags.update({d.earliest_flag: False for d in definition.record_deadlines if d.earliest_flag})
    else:
        flags.update({name: False for name in _flag_names(definition, case.step)})
    if dues:
        # Each record of this step carries the terms that had run when it was made.
        by_id = {str(e.pk): e for e in entries}
        records = tuple(
            replace(r, elapsed=frozenset(n for n, due in dues.items() if _day(by_id[r.id]) >= due))
            if r.step == case.step and r.seq >= case.step_entered_seq else r
            for r in records
        )
    return CaseFacts(step=case.step, records=records, flags=flags, step_entered_seq=case.step_entered_seq)


def _flag_names(definition: ProtocolDefinition, step: str) -> set[str]:
    return {d.flag for d in definition.step(step).deadlines if d.flag}


def term_dues(case: Case, definition: ProtocolDefinition, facts: CaseFacts, entries: list[TimelineEntry],
              calendar) -> dict[str, dt.date]:
    """The due date of each flagged term (and moment) of the current step, in school time."""
    by_id = {str(e.pk): e for e in entries}
    dues: dict[str, dt.date] = {}
    current = facts.current_records()
    for deadline in definition.step(case.step).deadlines:
        if not deadline.flag:
            continue
        if deadline.starts_on is None:
            start = timezone.localtime(case.step_entered_at).date()
        else:
            started = [r for r in current if deadline.starts_on.fits(r)]
            if not started:
                continue  # not started: the flag stays false
            start = _day(by_id[started[-1].id])
        due = calendar.due_date(start, amount=deadline.amount, unit=deadline.unit.value)
        # Several terms may share a flag (route D follows target and bully): the latest counts.
        dues[deadline.flag] = max(due, dues.get(deadline.flag, due))
    return dues


def elapsed_flags(case: Case, definition: ProtocolDefinition, facts: CaseFacts, entries: list[TimelineEntry],
                  *, today: dt.date | None = None, calendar=None) -> dict[str, bool]:
    """Whether each flagged term of the current step has run out, in school time.

    ``calendar``: the organisation's school calendar when the caller already has it (lists
    of many cases look it up once instead of once per case)."""
    if definition.is_terminal(case.step):
        return {}
    today = today or timezone.localdate()
    calendar = calendar or calendar_for(case.organisation_id, case.branch_id)
    dues = term_dues(case, definition, facts, entries, calendar)
    return {name: today >= dues[name] if name in dues else False for name in _flag_names(definition, case.step)}


def participant_flags(case: Case, entries: list[TimelineEntry]) -> dict[str, bool]:
    """Who the bully is, the suspect of route E, and the support group (Bijlage 12).

    Uses ``case.participants.all()``, so a list that prefetched participants pays nothing."""
    participants = list(case.participants.all())
    bullies = [p for p in participants if p.role == ParticipantRole.BULLY]
    here = [p for p in bullies if p.student_id]
    elsewhere = [p for p in bullies if not p.student_id and p.other_school.strip()]
    members = [p for p in participants if p.role == ParticipantRole.SUPPORT_GROUP_MEMBER]
    pushers = {p.student_id for p in participants
               if p.role in (ParticipantRole.BULLY, ParticipantRole.FOLLOWER) and p.student_id}
    size = len(members)
    from_bullies = sum(1 for p in members if p.student_id in pushers)
    return {
        Flag.BULLY_UNKNOWN.value: not here and not elsewhere,
        Flag.BULLY_ELSEWHERE.value: not here and bool(elsewhere),
        Flag.SUSPECTED_BULLY_AT_SCHOOL.value: any(
            p.role == ParticipantRole.SUSPECTED_BULLY and p.student_id for p in participants
        ),
        Flag.SUPPORT_GROUP_AS_SEED.value: 6 <= size <= 8 and from_bullies in (size // 2, (size + 1) // 2),
        Flag.NO_BLAME_GROUP_FOLLOWED.value: _members_followed(members, entries),
    }


def support_group(case: Case) -> dict:
    """The support group's make-up, for the warning on the page (Bijlage 12: 6-8, half/half)."""
    participants = list(case.participants.all())
    members = [p for p in participants if p.role == ParticipantRole.SUPPORT_GROUP_MEMBER]
    pushers = {p.student_id for p in participants
               if p.role in (ParticipantRole.BULLY, ParticipantRole.FOLLOWER) and p.student_id}
    from_bullies = sum(1 for p in members if p.student_id in pushers)
    size = len(members)
    return {"size": size, "bullies": from_bullies, "others": size - from_bullies,
            "as_seed": 6 <= size <= 8 and from_bullies in (size // 2, (size + 1) // 2)}


def _latest_no_blame(entries: list[TimelineEntry]) -> TimelineEntry | None:
    started = [e for e in entries if e.kind == RecordKind.INTERVENTION
               and (e.attrs or {}).get(Attr.KIND) == InterventionKind.NO_BLAME]
    return started[-1] if started else None


def _members_followed(members, entries: list[TimelineEntry]) -> bool:
    """Bijlage 12 "apart": every member had their own follow-up talk after the latest No Blame."""
    start = _latest_no_blame(entries)
    if start is None or not members:
        return False
    talked = {
        (e.attrs or {}).get(Attr.MEMBER) for e in entries
        if e.pk > start.pk and e.kind == RecordKind.FOLLOW_UP
        and (e.attrs or {}).get(Attr.WITH) == ConversationWith.GROUP and (e.attrs or {}).get(Attr.NO_BLAME) is True
    }
    return all(p.pk in talked for p in members)


def _no_blame_earliest(definition: ProtocolDefinition, entries: list[TimelineEntry], today: dt.date,
                       calendar) -> dict[str, bool]:
    """Bijlage 12: the follow-up talks not before 8 (target) and 10 (group) days."""
    start = _latest_no_blame(entries)
    flags = {}
    for deadline in definition.record_deadlines:
        if not deadline.earliest_flag:
            continue
        if start is None or deadline.not_before is None:
            flags[deadline.earliest_flag] = False
            continue
        earliest = calendar.due_date(_day(start), amount=deadline.not_before, unit=deadline.unit.value)
        flags[deadline.earliest_flag] = today >= earliest
    return flags


def no_blame_earliest_dates(case: Case, definition: ProtocolDefinition, entries: list[TimelineEntry],
                            calendar=None) -> dict[str, dt.date]:
    """deadline key -> the first day its follow-up talk may be held (for the case page)."""
    start = _latest_no_blame(entries)
    if start is None:
        return {}
    calendar = calendar or calendar_for(case.organisation_id, case.branch_id)
    return {
        d.key: calendar.due_date(_day(start), amount=d.not_before, unit=d.unit.value)
        for d in definition.record_deadlines if d.earliest_flag and d.not_before is not None
    }


def term_due(calendar, deadline, start: dt.date, started_by: TimelineEntry | None):
    """(due date, explanation nl, explanation en) of one running term.

    A term with ``due_attr`` is due on the date its starting record names (the
    non-contract's own evaluation date); the others count school time from ``start``."""
    if deadline.due_attr and started_by is not None:
        value = (started_by.attrs or {}).get(deadline.due_attr)
        try:
            due = dt.date.fromisoformat(str(value))
        except ValueError:
            due = None
        if due is not None:
            shown = due.strftime("%d-%m-%Y")
            return (due, f"De evaluatiedatum die in het non-contract staat: {shown}.",
                    f"The evaluation date written in the non-contract: {shown}.")
    computed = calendar.deadline(start, amount=deadline.amount, unit=deadline.unit.value)
    return computed.due, computed.explanation_nl, computed.explanation_en
