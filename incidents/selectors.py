"""Reads of dossiers: lists with a constant number of queries, the case page, what's next."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Enrolment, Student
from protocol import engine
from protocol.calendars import calendar_for
from protocol.definitions import get_definition
from protocol.selectors import definition_of

from . import access
from .facts import case_facts, live_entries
from .models import Case, Evidence, FollowUp, Participant, Signal, SignalStudent, TimelineEntry
from .vocab import lang


@dataclass(frozen=True)
class CaseFilters:
    branch: int | None = None
    step: str = ""
    form: str = ""
    school_class: int | None = None
    mentor: int | None = None
    status: str = "open"  # open | closed | all
    q: str = ""


def case_list(user, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases this user may see, filtered; participants prefetched (constant queries)."""
    filters = filters or CaseFilters()
    qs = access.cases_for(user)
    if filters.status == "open":
        qs = qs.filter(is_closed=False)
    elif filters.status == "closed":
        qs = qs.filter(is_closed=True)
    if filters.branch:
        qs = qs.filter(branch_id=filters.branch)
    if filters.step:
        qs = qs.filter(step=filters.step)
    if filters.form:
        # forms is a JSON list; a text match on the quoted key works on SQLite and PostgreSQL.
        qs = qs.filter(forms__icontains=f'"{filters.form}"')
    if filters.mentor:
        qs = qs.filter(mentor_id=filters.mentor)
    if filters.school_class:
        qs = qs.filter(participants__student__enrolments__school_class_id=filters.school_class).distinct()
    if filters.q:
        qs = qs.filter(Q(reference__icontains=filters.q) | Q(title__icontains=filters.q))
    return qs.select_related("branch", "mentor", "coordinator").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("student", "staff").order_by("id"))
    ).order_by("-updated_at", "-id")


def signal_list(user, *, status: str = Signal.Status.NEW, branch: int | None = None) -> QuerySet[Signal]:
    qs = access.signals_for(user)
    if status:
        qs = qs.filter(status=status)
    if branch:
        qs = qs.filter(branch_id=branch)
    return qs.select_related("branch", "reported_by", "case").prefetch_related(
        Prefetch("students", queryset=SignalStudent.objects.select_related("student"))
    )


@dataclass
class NextStep:
    """One way out of the current step, for the next-step panel."""

    key: str
    label: str
    target_label: str
    allowed: bool
    met: list[str]
    unmet: list[str]
    needs_reason: bool = False


@dataclass
class RunningTerm:
    """One deadline of a case, as every page and the API show it (incidents.deadlines)."""

    key: str
    label: str
    owner: str
    start: dt.date
    due: dt.date
    explanation: str
    overdue: bool
    status: str = "open"  # open | due_today | overdue | done | cancelled (deadlines.deadline_state)
    state_label: str = ""  # "3 schooldagen te laat", "nog 2 schooldagen", …
    days_overdue: int = 0
    days_left: int = 0
    followup_id: int | None = None
    #: The seed's own words for the term, shown next to the dates (issue 12.3).
    quote: str = ""
    #: The first day the completing talk may be held (No Blame: 8 / 10 days).
    earliest: dt.date | None = None
    #: A moment, not a term to keep: "the second talk not before ..." (no follow-up).
    is_moment: bool = False


@dataclass
class CaseView:
    case: Case
    definition: object
    step_label: str
    step_number: str
    step_actions: list[str]
    entries: list[TimelineEntry]
    participants: list[Participant]
    next_steps: list[NextStep]
    terms: list[RunningTerm] = field(default_factory=list)


_NOT_SHOWN_WHEN_MET = frozenset(
    {
        engine.GuardKind.STEP,
        engine.GuardKind.ROLE,
        engine.GuardKind.PARAM,
        engine.GuardKind.EACH_LINKED,
        engine.GuardKind.EACH_IN_RANGE,
    }
)


def _role_param_guards(definition, transition_key) -> bool:
    transition = definition.transition(transition_key)
    return any(g.kind == engine.GuardKind.PARAM for g in transition.guards)


def next_steps(case: Case, user, definition=None, entries=None, today=None) -> list[NextStep]:
    definition = definition or definition_of(case)
    facts = case_facts(case, definition, entries, today=today)
    language = lang()
    roles = access.roles_on_case(user, case)
    result = []
    for report in engine.transition_reports(definition, facts, roles, {"reason": "…"}):
        transition = definition.transition(report.subject)
        result.append(
            NextStep(
                key=transition.key,
                label=transition.label.get(language),
                target_label=definition.step(transition.target).label.get(language),
                allowed=report.allowed,
                # Only what someone did: not the step and role checks, nor "every suspension
                # has its letter" when there is no suspension at all.
                met=[g.message.get(language) for g in report.met if g.kind not in _NOT_SHOWN_WHEN_MET],
                unmet=[g.message.get(language) for g in report.unmet],
                needs_reason=_role_param_guards(definition, transition.key),
            )
        )
    return result


def running_terms(case: Case, user, today: dt.date | None = None) -> list[RunningTerm]:
    """The case's deadlines: its stored follow-ups, running ones first (one truth, see
    incidents.deadlines). A term the protocol starts exists as a follow-up from the moment
    the record or step that starts it is saved (incidents.followups.followups_sync)."""
    from .deadlines import deadline_badge, deadline_state
    from .followup_selectors import case_followups

    terms = []
    for row in case_followups(user, case, today=today):
        f = row.followup
        terms.append(
            RunningTerm(
                key=f.deadline_key, label=row.label, owner=f.owner_role, start=f.starts_on, due=f.due_on,
                explanation=row.explanation, overdue=row.is_overdue, status=deadline_state(row),
                state_label=deadline_badge(row), days_overdue=row.days_overdue, days_left=row.days_left,
                followup_id=f.pk,
            )
        )
    return terms


@dataclass
class TermNotes:
    """What the protocol says next to a case's dates (issue 12.3): the seed's words per
    term, the first day a No Blame follow-up talk may be held, and the moments of the
    current step that lie ahead ("the second talk not before ...")."""

    quotes: dict[str, str] = field(default_factory=dict)
    earliest: dict[str, dt.date] = field(default_factory=dict)
    moments: list[RunningTerm] = field(default_factory=list)


def term_notes(case: Case, followups=(), today: dt.date | None = None) -> TermNotes:
    """``followups``: the case's running FollowUp rows; a No Blame talk's earliest day is
    counted from its term's start (the No Blame intervention's day). No query unless the
    step has a moment or a running term has a minimum (then the calendar, one query)."""
    definition = definition_of(case)
    language = lang()
    today = today or timezone.localdate()
    deadlines = [*definition.record_deadlines, *(d for step in definition.steps for d in step.deadlines)]
    notes = TermNotes(quotes={d.key: d.quote.get(language) for d in deadlines if d.quote})
    if definition.is_terminal(case.step):
        return notes
    by_key = {d.key: d for d in deadlines}
    minimums = [(f, by_key[f.deadline_key]) for f in followups
                if f.deadline_key in by_key and by_key[f.deadline_key].not_before and f.is_active]
    moments = [d for d in definition.step(case.step).deadlines if not d.watch and d.starts_on is None]
    if not minimums and not moments:
        return notes
    calendar = calendar_for(case.organisation_id, case.branch_id)
    for f, d in minimums:
        notes.earliest[d.key] = calendar.due_date(f.starts_on, amount=d.not_before or 0, unit=d.unit.value)
    start = timezone.localtime(case.step_entered_at).date()
    for d in moments:
        computed = calendar.deadline(start, amount=d.amount, unit=d.unit.value)
        if computed.due > today:
            notes.moments.append(RunningTerm(
                key=d.key, label=d.label.get(language), owner=d.owner, start=start, due=computed.due,
                explanation=computed.explanation_en if language == "en" else computed.explanation_nl,
                overdue=False, quote=d.quote.get(language) if d.quote else "", is_moment=True,
            ))
    return notes


def case_view(case: Case, user, audit: AuditContext | None = None) -> CaseView:
    """Everything the case page shows. The read is audited."""
    definition = definition_of(case)
    entries = list(
        TimelineEntry.objects.for_organisation(case.organisation_id)
        .filter(case=case)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("occurred_at", "id")
    )
    live = [e for e in sorted(entries, key=lambda e: e.pk) if not e.is_system and not _is_corrected(e, entries)]
    step = definition.step(case.step)
    language = lang()
    audit_log(action=AuditEvent.Action.READ, actor=user, obj=case, audit=audit)
    # One read of the participants for the page and for the protocol's flags (who the
    # bully is, the support group) that next_steps needs.
    prefetch_related_objects(
        [case], Prefetch("participants", queryset=Participant.objects.select_related("student", "staff").order_by("id"))
    )
    return CaseView(
        case=case,
        definition=definition,
        step_label=step.label.get(language),
        step_number=step.number,
        step_actions=[a.get(language) for a in step.actions],
        entries=entries,
        participants=list(case.participants.all()),
        next_steps=next_steps(case, user, definition, live),
        terms=running_terms(case, user),
    )


def _is_corrected(entry: TimelineEntry, entries: list[TimelineEntry]) -> bool:
    return any(other.corrects_id == entry.pk for other in entries)


def needs_next(cases: list[Case], today: dt.date | None = None) -> dict[int, str]:
    """For "my cases": one line per case saying what it needs next, in one query for all."""
    ids = [c.pk for c in cases]
    by_case: dict[int, list[TimelineEntry]] = {pk: [] for pk in ids}
    if not ids:
        return {}
    org_id = cases[0].organisation_id
    rows = TimelineEntry.objects.for_organisation(org_id).filter(case_id__in=ids).order_by("id")
    corrected = set()
    all_rows = list(rows)
    for row in all_rows:
        if row.corrects_id:
            corrected.add(row.corrects_id)
    for row in all_rows:
        if not row.is_system and row.pk not in corrected:
            by_case[row.case_id].append(row)
    # Who the bully is (protocol flags) for every case of the list in one query.
    prefetch_related_objects(cases, "participants")
    language = lang()
    result = {}
    calendars: dict = {}  # once per branch for the whole list, not once per case
    # The running step terms come from the stored follow-ups (one truth: incidents.deadlines),
    # in one query for the whole list.
    step_terms: dict[int, list[FollowUp]] = {}
    for f in FollowUp.objects.for_organisation(org_id).filter(case_id__in=ids, status__in=("open", "overdue")).order_by("due_on", "id"):
        step_terms.setdefault(f.case_id, []).append(f)
    for case in cases:
        definition = get_definition(case.protocol_key, case.protocol_version)
        if definition.is_terminal(case.step):
            result[case.pk] = ""
            continue
        if case.branch_id not in calendars:
            calendars[case.branch_id] = calendar_for(org_id, case.branch_id)
        calendar = calendars[case.branch_id]
        facts = case_facts(case, definition, by_case[case.pk], today=today, calendar=calendar)
        reports = engine.transition_reports(definition, facts, _all_roles(definition))
        forward = [r for r in reports if not _role_param_guards(definition, r.subject)]
        ready = next((r for r in forward if r.allowed), None)
        waiting = _running_step_term(case, definition, step_terms.get(case.pk, []), today or timezone.localdate(), language)
        if waiting and ready is None:
            result[case.pk] = waiting
        elif ready is not None:
            result[case.pk] = definition.transition(ready.subject).label.get(language)
        elif forward and forward[0].unmet:
            result[case.pk] = forward[0].messages(language)[0]
        else:
            result[case.pk] = ""
    return result


def _running_step_term(case: Case, definition, followups, today: dt.date, language: str) -> str:
    """"Vier weken controle van de afspraken — tot 9-11-2026" while a step's own term runs."""
    step_keys = {d.key for d in definition.step(case.step).deadlines if d.starts_on is None and d.flag}
    for f in followups:
        if f.deadline_key in step_keys and f.visit_seq == case.step_entered_seq and today < f.due_on:
            until = _("tot %(date)s") % {"date": f.due_on.strftime("%d-%m-%Y")}
            label = f.label_en if language == "en" and f.label_en else f.label_nl
            return f"{label} — {until}"
    return ""


def _all_roles(definition) -> frozenset[str]:
    roles: set[str] = set()
    for t in definition.transitions:
        roles |= set(t.roles)
    return frozenset(roles)


def live_entries_of(case: Case) -> list[TimelineEntry]:
    return live_entries(case)


def student_cases(student, user) -> QuerySet[Participant]:
    """Every case a student is part of, in any role, that this user may see (seed 000 §5.3)."""
    return (
        Participant.objects.for_organisation(student.organisation_id)
        .filter(student=student, case__in=access.cases_for(user))
        .select_related("case", "case__branch")
        .order_by("-case__opened_at")
    )


def evidence_open(*, user, evidence_id: int, audit: AuditContext | None = None):
    """An evidence file ``user`` may download, opened for reading, and the download audited.

    Audited as EXPORT on the page and the API alike: a file about a pupil (often a minor)
    leaves the system, which is more than reading it on screen. 404 for others, other
    tenants and a file missing from storage."""
    from django.http import Http404

    evidence = access.get_evidence_for_user(user, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=evidence, audit=audit, case=evidence.entry.case_id)
    return evidence, handle


# --- whom a user may name ---------------------------------------------------------------------
def branch_students(organisation_id, branch_id) -> QuerySet[Student]:
    """Students of one branch with the name of their latest class, for picking by name.

    Anyone on staff may log a signal about any student of their branch, and whoever works
    on a case names any student of the case's branch (``participant_candidates``), so this
    is wider than people.access.students_for (which is about reading a student's record):
    it shows names and classes only. Students in a class this school year come first; a student
    whose latest class is of another year shows that year with it (issue 17, item 5)."""
    today = timezone.localdate()
    latest = Enrolment.objects.filter(student=OuterRef("pk")).order_by("-school_year__starts_on")
    return (
        Student.objects.for_organisation(organisation_id)
        .filter(branch_id=branch_id, left_on__isnull=True)
        .annotate(
            class_name=Subquery(latest.values("school_class__name")[:1]),
            class_year=Subquery(latest.values("school_year__name")[:1]),
            this_year=Exists(Enrolment.objects.filter(
                student=OuterRef("pk"), school_year__starts_on__lte=today, school_year__ends_on__gte=today,
            )),
        )
        .order_by("-this_year", "last_name", "first_name", "pk")
    )


def participant_candidates(user, case: Case) -> QuerySet[Student]:
    """THE rule for naming a student as a participant of ``case``, for the page and the API
    alike: whoever works on the case
    (``access.can_work_on_case``) may name any current student of the case's branch; nobody
    else names anyone.

    Not ``people.access.students_for``: a mentor reads the records of their own classes only,
    but the first steps of both protocols have the mentor talk with the target *and* the
    bully (seed 002 ch. 1, seed 000 §5.3; DOMAIN.md: routes A/B, "the bully may be in
    another class"), so the mentor must be able to name a pupil of another class of the
    branch. Naming shows a name and a class, not the record."""
    if not access.can_work_on_case(user, case):
        return Student.objects.none()
    return branch_students(case.organisation_id, case.branch_id)
