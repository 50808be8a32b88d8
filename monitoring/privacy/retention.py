"""Retention: removing dossiers and student records once their term has passed.

Why these defaults (the reasoning is repeated on the privacy page)
------------------------------------------------------------------
The AVG (GDPR) art. 5(1)(e) — storage limitation — says personal data may be kept no
longer than needed for the purpose they were collected for. The purpose of a bullying
dossier is to stop the bullying and to account for what the school did while the student
is at school. The Dutch guidance for student files (leerlingdossiers; the sector's privacy
model of PO-Raad and VO-raad) is: keep what is needed while the student is at school and
for a limited period after, commonly **two years after leaving** for support and guidance
data, so questions, complaints or a return to school can still be answered. The official
student administration (name, address, funding data) lives in the school's own student
information system (SOMtoday, Magister), with its own terms; Pestzaak keeps only a copy of
the name, the student number and the date of birth, for the dossiers.

So the default is **2 years after leaving** for closed cases and for student records. It
is a default, not advice: the board must confirm it (or choose 1–20 years) with its own
privacy officer (functionaris gegevensbescherming, FG).

The rule (what ``retention_plan`` selects — nothing else is touched)
--------------------------------------------------------------------
* A **closed case** is removed when it names at least one known student and *every* known
  student in it left (``Student.left_on``) on or before today − ``case_years``. A closed
  case that names no known student at all is removed ``case_years`` after it was closed.
  Open cases are never touched, however old. Removing a case removes its timeline entries,
  their evidence (the files too, from storage, once the transaction has committed), its
  letters and their PDFs, its follow-ups, the confidential adviser's notes, its
  participants and the signals linked to it (with a public report and its messages, and a
  talk request that became the signal).
* A **handled signal** without a case (dismissed) is removed on the same terms: all its
  known students left long enough ago; without known students, reported long enough ago.
  New (unhandled) signals are never touched.
* A **student record** whose ``left_on`` is on or before today − ``student_years``:
  - untouched while the student is named in an open case or a new signal (work in progress);
  - *anonymised* while something kept still names them (a closed case that stays because
    another student in it is within term): name → "Verwijderde leerling", student number →
    random (``verwijderd-…``), date of birth removed, class history and shared-access grants
    removed. The kept case keeps its own rows;
  - otherwise *removed* (with its class history and grants).
* **Not touched**: the audit trail (append-only; it holds ids and actions, not names — see
  tests/monitoring/test_retention.py), the anonymous survey (responses hold no student),
  staff accounts.

``retention_plan`` is the dry run: it returns exactly what ``retention_apply`` removes.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from incidents.models import (
    Case,
    ConfidentialNote,
    Evidence,
    FollowUp,
    Letter,
    Participant,
    Signal,
    SignalStudent,
    TimelineEntry,
)
from monitoring.models import TalkRequest
from people.header_version import bump_header_version
from people.models import (
    Enrolment,
    Student,
    StudentGroupObjectPermission,
    StudentUserObjectPermission,
)

from .models import DEFAULT_CASE_YEARS, DEFAULT_STUDENT_YEARS, RetentionPolicy, RetentionRun

ANONYMOUS_FIRST_NAME = "Verwijderde"
ANONYMOUS_LAST_NAME = "leerling"
ANONYMOUS_PREFIX = "verwijderd-"


@dataclass(frozen=True)
class Terms:
    case_years: int = DEFAULT_CASE_YEARS
    student_years: int = DEFAULT_STUDENT_YEARS


def policy_terms(organisation_id) -> Terms:
    policy = RetentionPolicy.objects.for_organisation(organisation_id).first()
    if policy is None:
        return Terms()
    return Terms(case_years=policy.case_years, student_years=policy.student_years)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class RetentionPlan:
    """Exactly what a retention run removes or anonymises today (ids; counts derived)."""

    today: dt.date
    terms: Terms
    case_cutoff: dt.date
    student_cutoff: dt.date
    case_ids: list[int] = field(default_factory=list)
    case_references: list[str] = field(default_factory=list)
    signal_ids: list[int] = field(default_factory=list)
    talk_request_ids: list[int] = field(default_factory=list)
    entry_ids: list[int] = field(default_factory=list)
    evidence_ids: list[int] = field(default_factory=list)
    letter_ids: list[int] = field(default_factory=list)
    followup_ids: list[int] = field(default_factory=list)
    note_ids: list[int] = field(default_factory=list)
    students_to_remove: list[int] = field(default_factory=list)
    students_to_anonymise: list[int] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "cases": len(self.case_ids),
            "entries": len(self.entry_ids),
            "evidence_files": len(self.evidence_ids),
            "letters": len(self.letter_ids),
            "followups": len(self.followup_ids),
            "confidential_notes": len(self.note_ids),
            "signals": len(self.signal_ids),
            "talk_requests": len(self.talk_request_ids),
            "students_removed": len(self.students_to_remove),
            "students_anonymised": len(self.students_to_anonymise),
        }

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _due_by_students(links, cutoff: dt.date) -> tuple[set[int], set[int]]:
    """From (owner id, student id, left_on) rows: owners with a known student, and owners
    of which some known student has not left or left after ``cutoff``."""
    with_students: set[int] = set()
    blocked: set[int] = set()
    for owner_id, student_id, left_on in links:
        if student_id is None:
            continue
        with_students.add(owner_id)
        if left_on is None or left_on > cutoff:
            blocked.add(owner_id)
    return with_students, blocked


def retention_plan(organisation_id, *, today: dt.date | None = None, terms: Terms | None = None) -> RetentionPlan:
    """The dry run: what is due today under the organisation's policy (call as the tenant)."""
    today = today or timezone.localdate()
    terms = terms or policy_terms(organisation_id)
    plan = RetentionPlan(
        today=today, terms=terms,
        case_cutoff=years_before(today, terms.case_years), student_cutoff=years_before(today, terms.student_years),
    )
    cases = Case.objects.for_organisation(organisation_id)
    signals = Signal.objects.for_organisation(organisation_id)

    # Closed cases.
    closed = dict(cases.filter(is_closed=True).values_list("pk", "closed_at"))
    links = Participant.objects.for_organisation(organisation_id).filter(case_id__in=closed).values_list(
        "case_id", "student_id", "student__left_on")
    with_students, blocked = _due_by_students(links, plan.case_cutoff)
    case_limit = _day_start(plan.case_cutoff)
    due_cases = sorted(
        pk for pk, closed_at in closed.items()
        if (pk in with_students and pk not in blocked)
        or (pk not in with_students and closed_at is not None and closed_at < case_limit + dt.timedelta(days=1))
    )
    plan.case_ids = due_cases
    plan.case_references = list(cases.filter(pk__in=due_cases).order_by("pk").values_list("reference", flat=True))

    # Signals: those of removed cases, and handled signals without a (kept) case.
    handled = signals.filter(
        Q(status=Signal.Status.DISMISSED) | Q(status=Signal.Status.LINKED, case__isnull=True)
    ).filter(case__isnull=True)
    handled_times = dict(handled.values_list("pk", "reported_at"))
    links = SignalStudent.objects.for_organisation(organisation_id).filter(signal_id__in=handled_times).values_list(
        "signal_id", "student_id", "student__left_on")
    with_students, blocked = _due_by_students(links, plan.case_cutoff)
    due_signals = {
        pk for pk, reported_at in handled_times.items()
        if (pk in with_students and pk not in blocked)
        or (pk not in with_students and reported_at < case_limit + dt.timedelta(days=1))
    }
    due_signals |= set(signals.filter(case_id__in=due_cases).values_list("pk", flat=True))
    plan.signal_ids = sorted(due_signals)
    plan.talk_request_ids = sorted(
        TalkRequest.objects.for_organisation(organisation_id).filter(signal_id__in=plan.signal_ids)
        .values_list("pk", flat=True))

    # What goes with the cases.
    entries = TimelineEntry.objects.for_organisation(organisation_id).filter(case_id__in=due_cases)
    plan.entry_ids = sorted(entries.values_list("pk", flat=True))
    plan.evidence_ids = sorted(Evidence.objects.for_organisation(organisation_id).filter(
        entry__case_id__in=due_cases).values_list("pk", flat=True))
    plan.letter_ids = sorted(Letter.objects.for_organisation(organisation_id).filter(
        case_id__in=due_cases).values_list("pk", flat=True))
    plan.followup_ids = sorted(FollowUp.objects.for_organisation(organisation_id).filter(
        case_id__in=due_cases).values_list("pk", flat=True))
    plan.note_ids = sorted(ConfidentialNote.objects.for_organisation(organisation_id).filter(
        case_id__in=due_cases).values_list("pk", flat=True))

    # Student records.
    candidates = set(
        Student.objects.for_organisation(organisation_id)
        .filter(left_on__isnull=False, left_on__lte=plan.student_cutoff)
        .exclude(external_id__startswith=ANONYMOUS_PREFIX)
        .values_list("pk", flat=True)
    )
    if candidates:
        participations = Participant.objects.for_organisation(organisation_id).filter(student_id__in=candidates)
        in_open = set(participations.filter(case__is_closed=False).values_list("student_id", flat=True))
        in_kept = set(participations.exclude(case_id__in=due_cases).values_list("student_id", flat=True))
        named = SignalStudent.objects.for_organisation(organisation_id).filter(student_id__in=candidates)
        in_new = set(named.filter(signal__status=Signal.Status.NEW).values_list("student_id", flat=True))
        in_kept |= set(named.exclude(signal_id__in=due_signals).values_list("student_id", flat=True))
        untouched = in_open | in_new
        plan.students_to_anonymise = sorted((candidates & in_kept) - untouched)
        plan.students_to_remove = sorted(candidates - in_kept - untouched)
    return plan


def _anonymise_students(organisation_id, student_ids: list[int]) -> None:
    for pk in student_ids:
        Student.objects.for_organisation(organisation_id).filter(pk=pk).update(
            first_name=ANONYMOUS_FIRST_NAME, infix="", last_name=ANONYMOUS_LAST_NAME, date_of_birth=None,
            external_id=f"{ANONYMOUS_PREFIX}{uuid.uuid4().hex[:16]}",
        )
    Enrolment.objects.for_organisation(organisation_id).filter(student_id__in=student_ids).delete()
    StudentUserObjectPermission.objects.filter(organisation_id=organisation_id, content_object_id__in=student_ids).delete()
    StudentGroupObjectPermission.objects.filter(organisation_id=organisation_id, content_object_id__in=student_ids).delete()


def _delete_files(names: list[tuple[object, str]]) -> None:
    for storage, name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - a missing file is already gone
            pass


def retention_execute(organisation_id, plan: RetentionPlan) -> dict[str, int]:
    """Remove and anonymise what ``plan`` lists (call as the tenant, inside a transaction).

    Files are deleted from storage once the transaction commits, so a rolled-back run
    leaves every row with its file."""
    org = organisation_id
    files: list[tuple[object, str]] = []
    with transaction.atomic():
        evidence = Evidence.objects.for_organisation(org).filter(pk__in=plan.evidence_ids)
        files += [(e.file.storage, e.file.name) for e in evidence.only("file") if e.file]
        evidence.delete()
        letters = Letter.objects.for_organisation(org).filter(pk__in=plan.letter_ids)
        files += [(lt.pdf.storage, lt.pdf.name) for lt in letters.only("pdf") if lt.pdf]
        letters.delete()
        FollowUp.objects.for_organisation(org).filter(pk__in=plan.followup_ids).delete()
        ConfidentialNote.objects.for_organisation(org).filter(pk__in=plan.note_ids).delete()
        TalkRequest.objects.for_organisation(org).filter(pk__in=plan.talk_request_ids).delete()
        Signal.objects.for_organisation(org).filter(pk__in=plan.signal_ids).delete()
        # A correction points to the entry it corrects (PROTECT): unlink within the removed set.
        entries = TimelineEntry.objects.for_organisation(org).filter(pk__in=plan.entry_ids)
        entries.filter(corrects__isnull=False).update(corrects=None)
        entries.delete()
        Case.objects.for_organisation(org).filter(pk__in=plan.case_ids).delete()
        _anonymise_students(org, plan.students_to_anonymise)
        Student.objects.for_organisation(org).filter(pk__in=plan.students_to_remove).delete()
        bump_header_version(org)  # the menu's counts of removed signals and terms
        transaction.on_commit(lambda: _delete_files(files))
    return plan.counts


def retention_apply(organisation_id, *, today: dt.date | None = None,
                    trigger: str = RetentionRun.Trigger.MANUAL) -> RetentionRun | None:
    """Plan and execute one run and write its report (call as the tenant).

    A scheduled run is claimed once per organisation and day: a second call the same day
    returns None and changes nothing."""
    today = today or timezone.localdate()
    terms = policy_terms(organisation_id)
    with transaction.atomic():
        if trigger == RetentionRun.Trigger.SCHEDULED:
            run, created = RetentionRun.objects.get_or_create(
                organisation_id=organisation_id, run_on=today, trigger=trigger,
                defaults={"case_years": terms.case_years, "student_years": terms.student_years},
            )
            if not created:
                return None
        else:
            run = RetentionRun.objects.create(
                organisation_id=organisation_id, run_on=today, trigger=trigger,
                case_years=terms.case_years, student_years=terms.student_years,
            )
        plan = retention_plan(organisation_id, today=today, terms=terms)
        counts = retention_execute(organisation_id, plan)
        for name, value in counts.items():
            setattr(run, name, value)
        run.removed = {
            "cases": plan.case_references, "signals": plan.signal_ids,
            "students_removed": plan.students_to_remove, "students_anonymised": plan.students_to_anonymise,
        }
        run.status = RetentionRun.Status.DONE
        run.finished_at = timezone.now()
        run.save()
    return run
