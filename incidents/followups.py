"""Follow-ups: the protocol's terms, kept by the database and watched by a scan.

* ``followups_sync`` runs after every change to a case (a record, a step) and makes the
  stored follow-ups match the protocol engine's running terms: new terms are created with
  a due date in school time; a term completed by a record becomes *done*; a term whose
  step was left or whose case closed becomes *cancelled*. It is idempotent.
* ``followups_scan`` runs from Celery beat every few minutes for one organisation: it
  sends a reminder a few school days before a term is due, marks it overdue and alerts the
  owner and the branch coordinator once it passes, and escalates to the board coordinator
  after some school days overdue. Every notification exists once per follow-up, kind and
  recipient (a unique constraint), so a duplicate beat, a retried task or a crashed worker
  never sends twice; the due rows are claimed with a conditional UPDATE.
Deadlines of weeks are never Celery countdowns: the database is the source of truth.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.header_version import bump_header_version
from people.models import AuditEvent, RoleAssignment
from people.notifications import Notice, notify_many
from people.permissions import Permission, has_permission
from people.roles import Role
from protocol import engine
from protocol.calendars import calendar_for
from protocol.selectors import definition_of

from .access import excluded_pairs, without_excluded
from .facts import case_facts, live_entries, term_due
from .models import Case, FollowUp, FollowUpPolicy
from .triage import triage_scan

ACTIVE = (FollowUp.Status.OPEN, FollowUp.Status.OVERDUE)


def _owner(case: Case, role: str):
    if role == Role.COORDINATOR and case.coordinator_id:
        return case.coordinator
    if role in (Role.MENTOR, Role.TEACHER) and case.mentor_id:
        return case.mentor
    return case.mentor or case.coordinator


def followups_sync(case: Case, *, acting_user=None, today: dt.date | None = None) -> None:
    """Make the stored follow-ups of ``case`` match its running protocol terms."""
    definition = definition_of(case)
    entries = live_entries(case)
    facts = case_facts(case, definition, entries, today=today)
    running = engine.open_deadlines(definition, facts)
    record_keys = {d.key for d in definition.record_deadlines}
    by_id = {str(e.pk): e for e in entries}
    wanted: dict[tuple, engine.OpenDeadline] = {}
    for term in running:
        visit = 0 if term.deadline.key in record_keys else case.step_entered_seq
        started = int(term.started_by.id) if term.started_by else None
        wanted[(term.deadline.key, visit, started)] = term
    stored = {
        (f.deadline_key, f.visit_seq, f.started_by_id): f
        for f in FollowUp.objects.for_organisation(case.organisation_id).filter(case=case)
    }
    now = timezone.now()
    for key, followup in stored.items():
        if key in wanted or not followup.is_active:
            continue
        left_step = definition.is_terminal(case.step) or (followup.visit_seq and followup.visit_seq != case.step_entered_seq)
        followup.status = FollowUp.Status.CANCELLED if left_step else FollowUp.Status.DONE
        followup.completed_at = now
        followup.completed_by = None if left_step else acting_user
        followup.save(update_fields=["status", "completed_at", "completed_by"])
    calendar = calendar_for(case.organisation_id, case.branch_id)
    new = []
    for key, term in wanted.items():
        if key in stored:
            continue
        d = term.deadline
        if term.started_by is None:
            start = timezone.localtime(case.step_entered_at).date()
        else:
            start = timezone.localtime(by_id[term.started_by.id].occurred_at).date()
        due, explanation_nl, explanation_en = term_due(
            calendar, d, start, by_id[term.started_by.id] if term.started_by else None
        )
        owner = _owner(case, d.owner)
        new.append(
            FollowUp(
                organisation_id=case.organisation_id, case=case, deadline_key=d.key, label_nl=d.label.nl,
                label_en=d.label.en, owner_role=d.owner, owner=owner, step=case.step, visit_seq=key[1],
                started_by_id=key[2], starts_on=start, due_on=due,
                explanation_nl=explanation_nl[:300], explanation_en=explanation_en[:300],
            )
        )
    FollowUp.objects.bulk_create(new, ignore_conflicts=True)
    bump_header_version(case.organisation_id)  # the menu's overdue counts


def followup_complete(*, followup: FollowUp, acting_user, note: str = "", audit: AuditContext | None = None) -> FollowUp:
    """Mark a follow-up done by hand (e.g. a talk held outside the protocol's records)."""
    case = followup.case
    if not (followup.owner_id == acting_user.pk or has_permission(acting_user, Permission.COMPLETE_FOLLOWUPS, branch=case.branch_id)):
        raise PermissionDenied(_("Alleen de eigenaar of de anti-pestcoördinator rondt deze termijn af."))
    with transaction.atomic():
        changed = FollowUp.objects.filter(pk=followup.pk, status__in=ACTIVE).update(
            status=FollowUp.Status.DONE, completed_at=timezone.now(), completed_by=acting_user,
            completion_note=(note or "").strip(),
        )
        bump_header_version(case.organisation_id)
        if changed != 1:
            raise ValidationError(_("Deze termijn is al afgerond of vervallen; er is niets gewijzigd."))
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=followup, audit=audit, completed=True)
    followup.refresh_from_db()
    return followup


# --- the scan ------------------------------------------------------------------------------
@dataclass
class ScanResult:
    reminders: int = 0
    overdue: int = 0
    escalations: int = 0


def policy_for(organisation_id) -> FollowUpPolicy:
    return FollowUpPolicy.objects.for_organisation(organisation_id).first() or FollowUpPolicy(
        organisation_id=organisation_id
    )


def _case_url(case_id: int) -> str:
    try:
        return reverse("incidents:case_detail", args=[case_id])
    except Exception:  # noqa: BLE001 - the page may not be wired in every deployment shape
        return f"/zaken/{case_id}/"


def _coordinators(organisation_id, branch_ids) -> dict[int, list]:
    rows = (
        RoleAssignment.objects.for_organisation(organisation_id)
        .filter(role=Role.COORDINATOR, branch_id__in=branch_ids)
        .select_related("user")
    )
    result: dict[int, list] = {}
    for row in rows:
        result.setdefault(row.branch_id, []).append(row.user)
    return result


def _board_coordinators(organisation_id) -> list:
    return [
        r.user for r in RoleAssignment.objects.for_organisation(organisation_id)
        .filter(role=Role.BOARD_COORDINATOR).select_related("user")
    ]


def followups_scan(organisation_id, *, today: dt.date | None = None) -> ScanResult:
    """One pass over the due follow-ups of one organisation (run inside its tenant context).

    A fixed number of queries whatever the number of due follow-ups (notifications are
    made in batches), and none that read the history of done or cancelled ones.
    Due dates were counted with each branch's own calendar when the follow-up was made;
    the reminder window and the escalation cut-off here use the organisation's calendar."""
    today = today or timezone.localdate()
    calendar = calendar_for(organisation_id)
    policy = policy_for(organisation_id)
    result = ScanResult()
    base = FollowUp.objects.for_organisation(organisation_id).select_related("case", "owner")

    # 1. Reminders: open terms due within the next few school days.
    horizon = calendar.add_school_days(today, policy.reminder_school_days)
    # Staff excluded from a case (conflict of interest) hear nothing about it: one query
    # for the exclusions of every case the scan may notify about.
    excluded = excluded_pairs(organisation_id, base.filter(status__in=ACTIVE, due_on__lte=horizon).values("case_id"))
    due_soon = list(base.filter(status=FollowUp.Status.OPEN, due_on__gte=today, due_on__lte=horizon))
    reminders = [
        Notice(
            recipients=without_excluded((f.owner,), f.case_id, excluded), kind="followup_reminder", dedupe_key=f"followup:{f.pk}:reminder",
            title=_("Termijn nadert: %(label)s") % {"label": f.label_nl},
            body=_("Zaak %(ref)s: %(label)s — uiterlijk %(due)s.") % _facts(f),
            url=_case_url(f.case_id),
        )
        for f in due_soon
    ]
    result.reminders = notify_many(organisation=organisation_id, notices=reminders)

    # 2. Overdue: claim the passed terms. Rows another scan holds are skipped (it alerts
    # for them); the claim and the alerts commit together in this scan's transaction.
    passed = list(
        base.filter(status=FollowUp.Status.OPEN, due_on__lt=today).select_for_update(skip_locked=True, of=("self",))
    )
    if passed:
        FollowUp.objects.filter(pk__in=[f.pk for f in passed], status=FollowUp.Status.OPEN).update(
            status=FollowUp.Status.OVERDUE
        )
        bump_header_version(organisation_id)
    result.overdue = len(passed)
    coordinators = _coordinators(organisation_id, {f.case.branch_id for f in passed})
    notify_many(
        organisation=organisation_id,
        notices=[
            Notice(
                recipients=without_excluded((f.owner, *coordinators.get(f.case.branch_id, [])), f.case_id, excluded),
                kind="followup_overdue",
                dedupe_key=f"followup:{f.pk}:overdue",
                title=_("Termijn verlopen: %(label)s") % {"label": f.label_nl},
                body=_("Zaak %(ref)s: %(label)s had uiterlijk %(due)s moeten gebeuren.") % _facts(f),
                url=_case_url(f.case_id),
            )
            for f in passed
        ],
    )

    # 3. Escalation to the board coordinator after some school days overdue.
    cutoff = calendar.add_school_days(today, -policy.escalate_after_school_days)
    escalate = list(base.filter(status=FollowUp.Status.OVERDUE, due_on__lte=cutoff))
    if escalate:
        board = tuple(_board_coordinators(organisation_id))
        result.escalations = notify_many(
            organisation=organisation_id,
            notices=[
                Notice(
                    recipients=without_excluded(board, f.case_id, excluded), kind="followup_escalation", dedupe_key=f"followup:{f.pk}:escalation",
                    title=_("Escalatie: termijn al lang verlopen"),
                    body=_("Zaak %(ref)s: %(label)s is sinds %(due)s verlopen.") % _facts(f),
                    url=_case_url(f.case_id),
                )
                for f in escalate
            ],
        )
    # 4. New signals waiting for triage: the same reminder, overdue and escalation rhythm.
    signals = triage_scan(organisation_id, today=today, calendar=calendar, policy=policy)
    result.reminders += signals[0]
    result.overdue += signals[1]
    result.escalations += signals[2]
    return result


def _facts(f: FollowUp) -> dict:
    return {"ref": f.case.reference, "label": f.label_nl, "due": f.due_on.strftime("%d-%m-%Y")}


