"""New signals reach people at once, and their triage has a term (seed 000 ch. 2, seed 002 ch. 1).

* ``signal_notify_new``: a staff signal tells the current mentor(s) of the named students
  and the branch's anti-bullying coordinator at once (seed 002: "de betreffende mentor
  hiervan op de hoogte te stellen en direct met de anti-pest coördinator in contact te
  treden"; seed 000 ch. 2: support staff "inlichten mentor"). In-app and e-mail, in one
  batch; the rows are written in the signal's transaction and delivered after commit by
  people.notifications, so a rolled-back signal notifies nobody.
* ``triage_due_on``: every new signal gets a term of two school days for the coordinator
  to open a case, link it or dismiss it (the public report page promises "meestal binnen
  twee schooldagen"), counted with the branch's school calendar.
* ``triage_scan``: part of the follow-up scan (incidents.followups) and run by the same
  beat with the same policy: a reminder before the term ends, an overdue alert once it
  passes, an escalation to the board coordinator after the policy's school days. Each
  notification exists once per signal and kind (dedupe keys); the passed terms are
  claimed with a conditional UPDATE, so two scans never alert twice.
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.header_version import bump_header_version
from people.models import ClassMentor, RoleAssignment
from people.notifications import Notice, notify_many
from people.roles import Role
from protocol.calendars import calendar_for

from .models import Signal

#: Seed-independent promise of the public page: the coordinator reads a report within two school days.
TRIAGE_SCHOOL_DAYS = 2


def triage_due_on(*, organisation_id, branch_id, reported_on: dt.date) -> dt.date:
    """The last school day to triage a signal reported on ``reported_on``."""
    calendar = calendar_for(organisation_id, branch_id)
    return calendar.deadline(reported_on, amount=TRIAGE_SCHOOL_DAYS, unit="school_days").due


def _signal_url(signal_id: int) -> str:
    return reverse("incidents:signal_detail", args=[signal_id])


def current_mentors_of(organisation_id, student_ids, *, today: dt.date | None = None) -> list:
    """The mentors, this school year, of the classes the given students are in."""
    if not student_ids:
        return []
    today = today or timezone.localdate()
    links = (
        ClassMentor.objects.for_organisation(organisation_id)
        .filter(
            school_class__enrolments__student_id__in=list(student_ids),
            school_class__school_year__starts_on__lte=today,
            school_class__school_year__ends_on__gte=today,
            mentor__is_active=True,
        )
        .select_related("mentor")
    )
    seen: dict[int, object] = {}
    for link in links:
        seen.setdefault(link.mentor_id, link.mentor)
    return list(seen.values())


def _holders(organisation_id, role: str, branch_ids=None) -> dict[int | None, list]:
    rows = RoleAssignment.objects.for_organisation(organisation_id).filter(role=role, user__is_active=True)
    if branch_ids is not None:
        rows = rows.filter(branch_id__in=branch_ids)
    result: dict[int | None, list] = {}
    for row in rows.select_related("user"):
        result.setdefault(row.branch_id, []).append(row.user)
    return result


def branch_coordinators(organisation_id, branch_id) -> list:
    """The branch's coordinators; the board coordinators when the branch has none."""
    found = _holders(organisation_id, Role.COORDINATOR, [branch_id]).get(branch_id, [])
    return found or _holders(organisation_id, Role.BOARD_COORDINATOR).get(None, [])


def signal_notify_new(signal: Signal) -> int:
    """Queue the notifications of a new staff signal (call inside its transaction)."""
    student_ids = [s for s in signal.students.values_list("student_id", flat=True) if s]
    mentors = current_mentors_of(signal.organisation_id, student_ids)
    coordinators = branch_coordinators(signal.organisation_id, signal.branch_id)
    reporter = signal.reported_by_id
    url = _signal_url(signal.pk)
    due = signal.triage_due_on.strftime("%d-%m-%Y") if signal.triage_due_on else ""
    # No student names in the notification (it is also an e-mail): the page shows who.
    notices = [
        Notice(
            recipients=tuple(m for m in mentors if m.pk != reporter), kind="signal_mentor",
            dedupe_key=f"signal:{signal.pk}:mentor",
            title=_("Nieuw signaal over een leerling uit uw klas"),
            body=_("Een collega van %(branch)s heeft een signaal van pesten gemeld over een leerling uit uw klas. "
                   "De anti-pestcoördinator beoordeelt het uiterlijk %(due)s.") % {"branch": signal.branch.name, "due": due},
            url=url,
        ),
        Notice(
            recipients=tuple(c for c in coordinators if c.pk != reporter), kind="signal_new",
            dedupe_key=f"signal:{signal.pk}:new",
            title=_("Nieuw signaal van pesten: %(branch)s") % {"branch": signal.branch.name},
            body=_("Beoordeel het signaal uiterlijk %(due)s: open een zaak, koppel het aan een zaak of handel het af.")
            % {"due": due},
            url=url,
        ),
    ]
    return notify_many(organisation=signal.organisation_id, notices=notices)


def triage_scan(organisation_id, *, today: dt.date, calendar, policy) -> tuple[int, int, int]:
    """Remind, mark overdue and escalate the untriaged signals of one organisation.

    Returns (reminders, newly overdue, escalations). A fixed number of queries whatever
    the number of signals; handled signals are never read (status filter, index)."""
    base = Signal.objects.for_organisation(organisation_id).filter(status=Signal.Status.NEW).exclude(triage_due_on=None)
    horizon = calendar.add_school_days(today, policy.reminder_school_days)
    due_soon = list(base.filter(triage_due_on__gte=today, triage_due_on__lte=horizon).select_related("branch"))
    # Claim the passed terms; rows another scan holds are skipped (it alerts for them).
    passed = list(
        base.filter(triage_due_on__lt=today, triage_overdue_at=None)
        .select_related("branch").select_for_update(skip_locked=True, of=("self",))
    )
    cutoff = calendar.add_school_days(today, -policy.escalate_after_school_days)
    escalate = list(base.filter(triage_due_on__lte=cutoff).exclude(triage_overdue_at=None).select_related("branch"))
    branch_ids = {s.branch_id for s in (*due_soon, *passed)}
    coordinators = _holders(organisation_id, Role.COORDINATOR, branch_ids)
    management = _holders(organisation_id, Role.BRANCH_MANAGEMENT, branch_ids)
    board = _holders(organisation_id, Role.BOARD_COORDINATOR).get(None, [])

    def coordinators_of(signal):
        return coordinators.get(signal.branch_id) or board

    reminders = notify_many(organisation=organisation_id, notices=[
        Notice(
            recipients=tuple(coordinators_of(s)), kind="signal_triage_reminder",
            dedupe_key=f"signal:{s.pk}:triage:reminder",
            title=_("Signaal nog beoordelen: %(branch)s") % {"branch": s.branch.name},
            body=_("Een nieuw signaal moet uiterlijk %(due)s beoordeeld zijn.") % _facts(s),
            url=_signal_url(s.pk),
        )
        for s in due_soon
    ])
    if passed:
        Signal.objects.filter(pk__in=[s.pk for s in passed], triage_overdue_at=None).update(
            triage_overdue_at=timezone.now()
        )
        bump_header_version(organisation_id)
    notify_many(organisation=organisation_id, notices=[
        Notice(
            recipients=(*coordinators_of(s), *management.get(s.branch_id, [])), kind="signal_triage_overdue",
            dedupe_key=f"signal:{s.pk}:triage:overdue",
            title=_("Signaal niet op tijd beoordeeld: %(branch)s") % {"branch": s.branch.name},
            body=_("Een signaal had uiterlijk %(due)s beoordeeld moeten zijn.") % _facts(s),
            url=_signal_url(s.pk),
        )
        for s in passed
    ])
    escalations = notify_many(organisation=organisation_id, notices=[
        Notice(
            recipients=tuple(board), kind="signal_triage_escalation",
            dedupe_key=f"signal:{s.pk}:triage:escalation",
            title=_("Escalatie: signaal al lang niet beoordeeld"),
            body=_("Een signaal van %(branch)s is sinds %(due)s niet beoordeeld.") % _facts(s),
            url=_signal_url(s.pk),
        )
        for s in escalate
    ])
    return reminders, len(passed), escalations


def _facts(signal: Signal) -> dict:
    return {"branch": signal.branch.name, "due": signal.triage_due_on.strftime("%d-%m-%Y")}
