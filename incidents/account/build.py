"""Building the case account: every protocol step with its date, who took it and which
guards were met at that moment; the chronology; the parent contacts; the letters sent;
the signals linked into the case; the protocol terms kept or missed and why.

Read-only and computed from the stored timeline: a step's guards are evaluated again
with the records that existed just before the step was taken (corrections made before
it count, later ones do not), so the account shows what the protocol saw then.

Students the reader may not see (people.access.students_for) appear as "leerling A",
"leerling B", …, also inside free text.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from people import access as people_access
from people.permissions import Permission, has_permission
from protocol import engine
from protocol import vocabulary as v
from protocol.calendars import calendar_for
from protocol.selectors import definition_of

from ..facts import elapsed_flags, record_fact
from ..forms import entry_summary
from ..models import Case, FollowUp, Letter, Participant, Signal, TimelineEntry
from ..vocab import label, lang

STEP_CHANGE = TimelineEntry.STEP_CHANGE
_HIDDEN_GUARDS = frozenset({engine.GuardKind.STEP, engine.GuardKind.ROLE, engine.GuardKind.PARAM})


def may_read_account(user, case: Case) -> bool:
    """The branch's coordinator and management, and the board (READ_CASE_ACCOUNT)."""
    return has_permission(user, Permission.READ_CASE_ACCOUNT, branch=case.branch_id)


class Pseudonyms:
    """Names of students the reader may see; "leerling A/B/…" for the others."""

    def __init__(self, participants: list[Participant], visible_ids: set[int]):
        self.names: dict[int, str] = {}
        self._patterns: list[tuple[re.Pattern, str]] = []
        letter = 0
        for p in participants:
            if not p.student_id or p.student_id in self.names:
                continue
            if p.student_id in visible_ids:
                self.names[p.student_id] = p.student.full_name
                continue
            alias = _("leerling %(letter)s") % {"letter": chr(ord("A") + letter % 26)}
            letter += 1
            self.names[p.student_id] = alias
            for name in sorted({p.student.full_name, p.student.first_name, p.student.last_name}, key=len, reverse=True):
                if name and len(name) > 1:
                    self._patterns.append((re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE), alias))

    def of(self, participant: Participant) -> str:
        if participant.student_id:
            return self.names[participant.student_id]
        if participant.staff_id:
            return f"{participant.staff.full_name} ({_('medewerker')})"
        return participant.description or _("onbekend")

    def text(self, value: str) -> str:
        for pattern, alias in self._patterns:
            value = pattern.sub(alias, value)
        return value


@dataclass
class GuardLine:
    text: str
    met: bool


@dataclass
class StepTaken:
    at: dt.datetime
    by: str
    from_label: str
    to_label: str
    transition_label: str
    reason: str
    guards: list[GuardLine]


@dataclass
class ChronoLine:
    at: dt.datetime
    kind: str
    step: str
    by: str
    summary: list[tuple[str, str]]
    text: str
    guards: list[GuardLine] = field(default_factory=list)
    corrected: bool = False
    correction_of: str = ""
    is_step_change: bool = False
    evidence: int = 0


@dataclass
class TermLine:
    label: str
    owner: str
    starts_on: dt.date
    due_on: dt.date
    status: str
    kept: bool | None
    completed_on: dt.date | None
    school_days_late: int
    note: str


@dataclass
class Account:
    case: Case
    protocol_name: str
    step_label: str
    participants: list[tuple[str, str]]
    steps: list[StepTaken]
    chronology: list[ChronoLine]
    parent_contacts: list[ChronoLine]
    letters: list[dict]
    signals: list[dict]
    terms: list[TermLine]
    made_at: dt.datetime
    made_for: str
    pseudonymised: bool


def _name(user) -> str:
    return getattr(user, "full_name", "") or "—"


def _step_name(definition, key: str, language: str) -> str:
    try:
        step = definition.step(key)
    except KeyError:
        return key
    return f"{step.number}. {step.label.get(language)}" if step.number else step.label.get(language)


def _live_before(entries: list[TimelineEntry], seq: int) -> list[TimelineEntry]:
    before = [e for e in entries if e.pk < seq and not e.is_system]
    corrected = {e.corrects_id for e in before if e.corrects_id}
    return [e for e in before if e.pk not in corrected]


def _guards_of(report, language: str) -> list[GuardLine]:
    lines = [GuardLine(g.message.get(language), True) for g in report.met if g.kind not in _HIDDEN_GUARDS]
    lines += [GuardLine(g.message.get(language), False) for g in report.unmet if g.kind not in _HIDDEN_GUARDS]
    return lines


def case_account(case: Case, user) -> Account:
    """Everything the account shows, for this reader (the caller checked the access)."""
    language = lang()
    definition = definition_of(case)
    calendar = calendar_for(case.organisation_id, case.branch_id)
    entries = list(
        TimelineEntry.objects.for_organisation(case.organisation_id).filter(case=case)
        .select_related("author").prefetch_related("evidence").order_by("id")
    )
    participants = list(case.participants.select_related("student", "staff").order_by("id"))
    student_ids = {p.student_id for p in participants if p.student_id}
    visible = set(people_access.students_for(user).filter(pk__in=student_ids).values_list("pk", flat=True))
    names = Pseudonyms(participants, visible)
    all_roles = frozenset(r for t in definition.transitions for r in t.roles)

    # 1. The steps taken, each with the guards as they stood just before it.
    steps: list[StepTaken] = []
    visit_seq, visit_at, guards_by_entry = 0, case.opened_at, {}
    for entry in entries:
        if entry.kind != STEP_CHANGE:
            continue
        attrs = entry.attrs or {}
        source, key = entry.from_step, entry.transition
        live = _live_before(entries, entry.pk)
        records = tuple(record_fact(e) for e in live)
        then = copy.copy(case)
        then.step, then.step_entered_seq, then.step_entered_at = source, visit_seq, visit_at
        facts = engine.CaseFacts(step=source, records=records, step_entered_seq=visit_seq)
        flags = {v.Flag.CRIMINAL_OFFENCE.value: case.criminal_offence}
        try:
            flags.update(elapsed_flags(then, definition, facts, live, today=timezone.localtime(entry.occurred_at).date(),
                                       calendar=calendar))
            facts = engine.CaseFacts(step=source, records=records, flags=flags, step_entered_seq=visit_seq)
            report = engine.evaluate(definition, facts, key, all_roles, {"reason": attrs.get("reason", "")})
            guards = _guards_of(report, language)
            transition_label = definition.transition(key).label.get(language)
        except (KeyError, engine.UnknownTransition):
            guards, transition_label = [], key
        guards_by_entry[entry.pk] = guards
        steps.append(StepTaken(
            at=entry.occurred_at, by=_name(entry.author), from_label=_step_name(definition, source, language),
            to_label=_step_name(definition, entry.step, language), transition_label=transition_label,
            reason=names.text(str(attrs.get("reason", ""))), guards=guards,
        ))
        visit_seq, visit_at = entry.pk, entry.occurred_at

    # 2. The chronology: every entry, corrections kept next to what they correct; the
    # record rules (consent before mediation …) as they stood when it was recorded.
    corrected_ids = {e.corrects_id for e in entries if e.corrects_id}
    pairs: list[tuple[TimelineEntry, ChronoLine]] = []
    for entry in entries:
        if entry.kind == STEP_CHANGE:
            attrs = entry.attrs or {}
            pairs.append((entry, ChronoLine(
                at=entry.occurred_at, kind=_("Stap gewijzigd"), step=_step_name(definition, entry.step, language),
                by=_name(entry.author), summary=[], text=names.text(str(attrs.get("reason", ""))),
                guards=guards_by_entry.get(entry.pk, []), is_step_change=True,
            )))
            continue
        guards = []
        rules = [r for r in definition.record_rules if r.record.matches(entry.kind, entry.attrs or {}) and r.guards]
        if rules:
            live = _live_before(entries, entry.pk)
            last_change = max((e.pk for e in entries if e.kind == STEP_CHANGE and e.pk < entry.pk), default=0)
            facts = engine.CaseFacts(step=entry.step, records=tuple(record_fact(e) for e in live),
                                     flags={v.Flag.CRIMINAL_OFFENCE.value: case.criminal_offence},
                                     step_entered_seq=last_change)
            guards = _guards_of(engine.can_record(definition, facts, entry.kind, entry.attrs or {}), language)
        pairs.append((entry, ChronoLine(
            at=entry.occurred_at, kind=label(v.RecordKind, entry.kind), step=_step_name(definition, entry.step, language),
            by=_name(entry.author), summary=[(k, names.text(val)) for k, val in entry_summary(entry)],
            text=names.text(entry.text), guards=guards, corrected=entry.pk in corrected_ids,
            correction_of=str(entry.corrects_id or ""), evidence=len(entry.evidence.all()),
        )))
    pairs.sort(key=lambda pair: (pair[0].occurred_at, pair[0].pk))
    chronology = [line for _entry, line in pairs]
    parent_contacts = [line for entry, line in pairs if entry.kind == v.RecordKind.PARENTS_INFORMED]

    # 3. Letters sent, linked signals, terms.
    letters = [
        {"kind": letter.get_kind_display(), "subject": names.text(letter.subject), "sent_at": letter.sent_at,
         "by": _name(letter.sent_by),
         "to": _("ouders van %(who)s") % {"who": names.of(letter.participant)} if letter.participant_id else letter.party}
        for letter in Letter.objects.for_organisation(case.organisation_id).filter(case=case, status=Letter.Status.SENT)
        .select_related("sent_by", "participant__student", "participant__staff").order_by("sent_at", "id")
    ]
    signals = [
        {"reported_at": s.reported_at, "by": _name(s.reported_by) if s.reported_by_id else s.get_source_display(),
         "source": s.get_source_display(), "text": names.text(s.description), "pk": s.pk}
        for s in Signal.objects.for_organisation(case.organisation_id).filter(case=case)
        .select_related("reported_by").order_by("reported_at", "id")
    ]
    terms = []
    for f in (FollowUp.objects.for_organisation(case.organisation_id).filter(case=case)
              .select_related("owner", "completed_by").order_by("due_on", "id")):
        done_on = timezone.localtime(f.completed_at).date() if f.completed_at else None
        if f.status == FollowUp.Status.DONE:
            kept = done_on <= f.due_on
            late = 0 if kept else calendar.school_days_between(f.due_on, done_on)
        elif f.status == FollowUp.Status.CANCELLED:
            kept, late = None, 0
        else:
            today = timezone.localdate()
            kept = None if today <= f.due_on else False
            late = calendar.school_days_between(f.due_on, today) if today > f.due_on else 0
        terms.append(TermLine(
            label=f.label_en if language == "en" and f.label_en else f.label_nl, owner=_name(f.owner),
            starts_on=f.starts_on, due_on=f.due_on, status=f.get_status_display(), kept=kept, completed_on=done_on,
            school_days_late=late, note=names.text(f.completion_note),
        ))
    return Account(
        case=case, protocol_name=definition.name.get(language),
        step_label=_step_name(definition, case.step, language),
        participants=[(label(v.ParticipantRole, p.role), names.of(p)) for p in participants],
        steps=steps, chronology=chronology, parent_contacts=parent_contacts, letters=letters, signals=signals,
        terms=terms, made_at=timezone.now(), made_for=_name(user), pseudonymised=len(visible) < len(student_ids),
    )

