"""What the status page shows: where the case stands, in words for parents and students.

Never anything about the other party: no names of other students (also not inside the
agreements' text), no sanctions, no letters to others; the steps that concern the bully's
measures are described neutrally to everyone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from protocol import vocabulary as v
from protocol.calendars import calendar_for
from protocol.selectors import definition_of

from ..facts import live_entries
from ..models import FollowUp, Participant, StatusCode
from ..vocab import lang
from . import codes
from .services import AGE_OF_CONSENT, age_on

PARENTS_FROM_16 = gettext_lazy(
    "Deze leerling is 16 jaar of ouder. Vanaf 16 jaar beslist de leerling zelf wie dit mag zien (AVG); "
    "de leerling kan bij de school een eigen code vragen.")


@dataclass
class Holiday:
    name: str
    start: dt.date
    end: dt.date


@dataclass
class StatusView:
    branch: str
    organisation: str
    first_name: str
    reference: str
    step_text: str
    closed: bool
    agreements: list[str] = field(default_factory=list)
    next_check: dt.date | None = None
    school_days_left: int = 0
    holidays: list[Holiday] = field(default_factory=list)
    in_touch: str = ""
    refused: str = ""


def code_by_raw(organisation_id, raw: str) -> StatusCode | None:
    """The live code typed on the page (in the organisation already activated)."""
    if not codes.is_well_formed(raw):
        return None
    return (StatusCode.objects.for_organisation(organisation_id)
            .filter(code_digest__in=codes.digests(raw), revoked_at__isnull=True)
            .select_related("case", "case__branch", "case__organisation", "participant__student").first())


def _redactor(case, own: Participant):
    others = (Participant.objects.for_organisation(case.organisation_id).filter(case=case)
              .exclude(student_id=own.student_id).select_related("student", "staff"))
    patterns = []
    for p in others:
        names = set()
        if p.student_id:
            names |= {p.student.full_name, p.student.first_name, p.student.last_name}
        if p.staff_id:
            names.add(p.staff.full_name)
        if p.description:
            names.add(p.description)
        for name in sorted((n for n in names if n and len(n) > 1), key=len, reverse=True):
            patterns.append(re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE))
    other = _("een andere leerling")

    def redact(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(other, text)
        return text
    return redact


def _step_text(case) -> str:
    """The step as the case's protocol describes it to parents (``Step.for_parents``)."""
    try:
        words = definition_of(case).step(case.step).for_parents
    except KeyError:
        return ""
    return words.get(lang()) if words else ""


def status_view(code: StatusCode, *, today: dt.date | None = None) -> StatusView:
    today = today or timezone.localdate()
    case = code.case
    student = code.participant.student
    view = StatusView(
        branch=case.branch.name, organisation=case.organisation.name, first_name=student.first_name,
        reference=case.reference, step_text=_step_text(case), closed=case.is_closed,
    )
    if code.holder == StatusCode.Holder.PARENTS:
        age = age_on(student.date_of_birth, today)
        if age is not None and age >= AGE_OF_CONSENT:
            view.refused = str(PARENTS_FROM_16)
            return view
    redact = _redactor(case, code.participant)
    view.agreements = [redact(e.text) for e in live_entries(case) if e.kind == v.RecordKind.AGREEMENT and e.text]
    if case.is_closed:
        view.in_touch = _("Heeft u nog vragen of gebeurt er opnieuw iets? Neem dan contact op met de mentor of de anti-pestcoördinator.")
        return view
    running = (FollowUp.objects.for_organisation(case.organisation_id)
               .filter(case=case, status__in=(FollowUp.Status.OPEN, FollowUp.Status.OVERDUE)).order_by("due_on").first())
    if running is not None:
        calendar = calendar_for(case.organisation_id, case.branch_id)
        due = max(running.due_on, today)
        view.next_check = due
        view.school_days_left = calendar.school_days_between(today, due) if due > today else 0
        periods, singles = calendar.skipped_between(today, due)
        language = lang()
        view.holidays = [Holiday(p.name, p.start, p.end) for p in periods] + [
            Holiday(s.name(language), s.day, s.day) for s in singles]
        view.in_touch = _("Uiterlijk op %(date)s kijkt de school of het beter gaat en neemt daarna contact met u op.") % {
            "date": _long(due)}
    else:
        view.in_touch = _("De mentor of de anti-pestcoördinator houdt contact met u over de volgende stap.")
    return view


def _long(day: dt.date) -> str:
    from django.utils.formats import date_format
    return date_format(day, "l j F Y")
