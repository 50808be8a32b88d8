"""Incidents into patterns: a new signal about a student who is already the target or the
bully in an open case proposes that case; a second case for the same target asks why;
one chronology per student across their cases.

Reads only what the user may see (incidents.access), so a proposal never reveals a case
the reader could not open, nor one they are excluded from.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from protocol import vocabulary as v
from protocol.definitions import get_definition

from . import access
from .models import Case, Participant, Signal, SignalStudent, TimelineEntry
from .vocab import label, lang

PATTERN_ROLES = (v.ParticipantRole.TARGET.value, v.ParticipantRole.BULLY.value)
STEP_CHANGE = TimelineEntry.STEP_CHANGE


@dataclass(frozen=True)
class Proposal:
    case: Case
    student_name: str
    role: str  # the student's role in that case, labelled

    @property
    def text(self) -> str:
        return _("%(student)s is %(role)s in zaak %(ref)s") % {
            "student": self.student_name, "role": self.role.lower(), "ref": self.case.reference}


def link_proposals(user, signals: list[Signal]) -> dict[int, list[Proposal]]:
    """For each signal: the open cases of its branch in which one of its students is the
    target or the bully. One query for the whole page of signals."""
    wanted: dict[int, set[int]] = {}
    for signal in signals:
        wanted[signal.pk] = {s.student_id for s in signal.students.all() if s.student_id}
    student_ids = set().union(*wanted.values()) if wanted else set()
    if not student_ids:
        return {}
    rows = list(
        Participant.objects.filter(
            case__in=access.cases_for(user).filter(is_closed=False), student_id__in=student_ids, role__in=PATTERN_ROLES,
        ).select_related("case", "student").order_by("-case__opened_at", "id")
    )
    result: dict[int, list[Proposal]] = {}
    for signal in signals:
        seen: set[int] = set()
        for row in rows:
            if row.student_id in wanted[signal.pk] and row.case.branch_id == signal.branch_id and row.case_id not in seen:
                seen.add(row.case_id)
                result.setdefault(signal.pk, []).append(
                    Proposal(case=row.case, student_name=row.student.full_name, role=label(v.ParticipantRole, row.role)))
    return result


def open_cases_for_targets(user, student_ids) -> QuerySet[Case]:
    """Open cases this user can see in which one of these students is the target."""
    return access.cases_for(user).filter(
        is_closed=False, pk__in=Participant.objects.filter(
            student_id__in=list(student_ids), role=v.ParticipantRole.TARGET.value).values("case_id"),
    ).order_by("opened_at")


@dataclass(frozen=True)
class ChronologyRow:
    at: dt.datetime
    case: Case | None
    kind: str
    step: str
    by: str
    text: str


def student_chronology(student, user, *, limit: int = 300) -> list[ChronologyRow]:
    """One chronology across every case (and signal) about this student the user may see:
    a fixed number of queries whatever the number of cases."""
    cases = access.cases_for(user).filter(participants__student=student)
    entries = (
        TimelineEntry.objects.for_organisation(student.organisation_id).filter(case__in=cases)
        .select_related("case", "author").order_by("-occurred_at", "-id")[:limit]
    )
    language = lang()
    rows = []
    for entry in entries:
        definition = get_definition(entry.case.protocol_key, entry.case.protocol_version)
        if entry.kind == STEP_CHANGE:
            kind, step_key = label(v.TransitionOutcome, entry.outcome), entry.step
        else:
            kind, step_key = label(v.RecordKind, entry.kind), entry.step
        try:
            step = definition.step(step_key)
            step_text = f"{step.number}. {step.label.get(language)}" if step.number else step.label.get(language)
        except KeyError:
            step_text = step_key
        rows.append(ChronologyRow(at=entry.occurred_at, case=entry.case, kind=kind, step=step_text,
                                  by=getattr(entry.author, "full_name", ""), text=entry.text[:300]))
    signals = (
        access.signals_for(user).filter(pk__in=SignalStudent.objects.filter(student=student).values("signal_id"))
        .exclude(status=Signal.Status.LINKED).select_related("reported_by").order_by("-reported_at")[:limit]
    )
    for signal in signals:
        rows.append(ChronologyRow(at=signal.reported_at, case=None, kind=_("Signaal (%(status)s)") % {
            "status": signal.get_status_display().lower()}, step="", by=getattr(signal.reported_by, "full_name", ""),
            text=signal.description[:300]))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows[:limit]
