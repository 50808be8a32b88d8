"""THE table of who may do what: every role of ``people.roles`` and what it may do, with
how far it reaches. "What may a mentor do?" — read ``ROLE_PERMISSIONS[Role.MENTOR]``.

Each permission a role holds has a reach:

* ``BOARD`` — a board role (algemene directie, algemeen anti-pestcoördinator) holds it for
  every branch of its organisation;
* ``BRANCH`` — a branch role holds it for everything of the branch where it is held;
* ``OWN`` — a branch role holds it only for what the user is tied to at that branch: the
  classes they mentor this school year, the cases about those students or whose mentor they
  are (the app's ``access.py`` narrows it; the table only says the role has it at all).

Roles are the only input here. What comes on top of a role — a case shared with one member
of staff (a django-guardian grant), the case's own mentor, the author of a confidential
note — and what takes it away — a conflict-of-interest exclusion from a case — stay in the
app's ``access.py``, which asks this table first. Each app's ``access.py`` is built on these
functions; nothing else in the code names a set of roles to decide who may do something
(who *receives* a notice — "the branch's coordinator" — is not a permission and names its role).

One switch of a board changes the table: with ``BoardSettings.board_coordinator_acts`` the
board coordinator also works on cases (``BOARD_SWITCHED``); ``incidents.access`` reads it.

The functions take a user (or the ``Scope`` a navigation hook already holds) and read the
roles through ``people.access.scope_for`` (one query per request, cached on the user); they
make no query of their own, except ``branches_where``, which returns a lazy queryset.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .roles import ORGANISATION_ROLES, Role

if TYPE_CHECKING:
    from .access import Scope
    from .models import Branch


class Permission(enum.StrEnum):
    # --- people: students, staff, the school year ---------------------------------------
    #: Read student records (OWN: the students of the classes one mentors this year).
    READ_STUDENTS = "read_students"
    #: Read the staff and their roles at the branch (everyone reads their own roles).
    READ_STAFF = "read_staff"
    #: Grant and take roles, import students, staff and classes.
    MANAGE_STAFF = "manage_staff"
    #: Move the branch on to a new school year.
    ROLLOVER = "rollover"
    #: Reads case or student dossiers by role, so logs in with a second factor.
    READ_DOSSIERS = "read_dossiers"

    # --- incidents: signals and cases ---------------------------------------------------
    #: Log a signal at the branch (everyone on staff there).
    LOG_SIGNAL = "log_signal"
    #: Read the branch's signals and public reports, open cases from them, name a case's
    #: mentor and coordinator.
    TRIAGE_SIGNALS = "triage_signals"
    #: Keep a member of staff out of a case (conflict of interest).
    MANAGE_EXCLUSIONS = "manage_exclusions"
    #: Register and follow serious incidents of the branch.
    REGISTER_SERIOUS_INCIDENTS = "register_serious_incidents"
    #: Set the board's rules for serious incidents.
    SET_SERIOUS_INCIDENT_RULES = "set_serious_incident_rules"
    #: Read cases (OWN: cases about the students of one's classes, or whose mentor one is).
    READ_CASES = "read_cases"
    #: Record in a case and move it a step (the protocol engine then decides which step).
    WORK_ON_CASE = "work_on_case"
    #: Read a case and add advice (a note) without working on it.
    ADVISE_ON_CASE = "advise_on_case"
    #: Add a member of staff to a case, and take them off again.
    SHARE_CASE = "share_case"
    #: Keep confidential notes on a case (each note is read by its author alone).
    KEEP_CONFIDENTIAL_NOTES = "keep_confidential_notes"
    #: Read the account of a case (what happened when, for the inspectorate or a complaint).
    READ_CASE_ACCOUNT = "read_case_account"
    #: Read the hand-over list of a class (OWN: the classes one mentors).
    READ_HANDOVER = "read_handover"
    #: Edit the board's letter templates.
    EDIT_LETTER_TEMPLATES = "edit_letter_templates"
    #: Handle complaints about how a case was dealt with.
    HANDLE_COMPLAINTS = "handle_complaints"
    #: Read the board's settings and follow-up policy.
    READ_BOARD_SETTINGS = "read_board_settings"
    #: Change the board's settings (e.g. whether the board coordinator works on cases).
    EDIT_BOARD_SETTINGS = "edit_board_settings"
    #: Change the board's follow-up policy.
    EDIT_FOLLOWUP_POLICY = "edit_followup_policy"
    #: Be given follow-ups of the protocol (the "my follow-ups" page).
    KEEP_FOLLOWUPS = "keep_followups"
    #: Read every follow-up of the branch (the follow-up overview).
    READ_FOLLOWUP_OVERVIEW = "read_followup_overview"
    #: Complete a follow-up someone else owns.
    COMPLETE_FOLLOWUPS = "complete_followups"

    # --- monitoring: the thermometer, reports, privacy -------------------------------------
    #: Be asked for a talk by a student in the thermometer (the "talk requests" section of today).
    ANSWER_TALK_REQUESTS = "answer_talk_requests"
    #: Read the talk requests from the thermometer that are not for the adviser alone.
    READ_TALK_REQUESTS = "read_talk_requests"
    #: Read the talk requests a student addressed to the confidential adviser.
    READ_ADVISER_TALK_REQUESTS = "read_adviser_talk_requests"
    #: Open, change and close survey rounds, print the slips.
    MANAGE_ROUNDS = "manage_rounds"
    #: Read the safety dashboards.
    READ_DASHBOARDS = "read_dashboards"
    #: Follow the branch's monitoring duty (a monitor every school year).
    FOLLOW_MONITOR_DUTY = "follow_monitor_duty"
    #: Export the inspection report (PDF, HTML, CSV).
    EXPORT_REPORT = "export_report"
    #: Keep the prevention register.
    KEEP_PREVENTION_REGISTER = "keep_prevention_register"
    #: Run the staff monitor and read its results.
    RUN_STAFF_MONITOR = "run_staff_monitor"
    #: Enter the results of an external monitor.
    ENTER_EXTERNAL_RESULTS = "enter_external_results"
    #: Make a student's subject-access export; read the retention policy and the register.
    SUBJECT_ACCESS_EXPORT = "subject_access_export"
    #: Set the retention policy and run it.
    MANAGE_RETENTION = "manage_retention"

    # --- protocol ------------------------------------------------------------------------
    #: Keep the branch's school calendar (holidays count in deadlines).
    EDIT_CALENDAR = "edit_calendar"
    #: Manage the regions (external partners, police contacts).
    MANAGE_REGIONS = "manage_regions"


class Reach(enum.StrEnum):
    BOARD = "board"
    BRANCH = "branch"
    OWN = "own"


P = Permission


def _grant(role: Role, branch: Iterable[Permission] = (), own: Iterable[Permission] = ()) -> dict[Permission, Reach]:
    """A role's row: board roles hold everything with reach BOARD, branch roles with BRANCH (or OWN)."""
    wide = Reach.BOARD if role in ORGANISATION_ROLES else Reach.BRANCH
    row = {perm: wide for perm in branch}
    row.update({perm: Reach.OWN for perm in own})
    return row


_EVERYONE = (P.LOG_SIGNAL,)
_DOSSIER = (P.READ_DOSSIERS,)
#: Second line at a branch: counsellor, care coordinator, head of department.
_SECOND_LINE = (*_EVERYONE, *_DOSSIER, P.READ_STUDENTS, P.READ_CASES, P.WORK_ON_CASE)

_TABLE: dict[Role, dict[Permission, Reach]] = {
    Role.MENTOR: _grant(
        Role.MENTOR,
        branch=(*_EVERYONE, *_DOSSIER, P.KEEP_FOLLOWUPS, P.ANSWER_TALK_REQUESTS),
        own=(P.READ_STUDENTS, P.READ_CASES, P.WORK_ON_CASE, P.READ_HANDOVER),
    ),
    Role.TEACHER: _grant(Role.TEACHER, branch=(*_EVERYONE, P.KEEP_FOLLOWUPS)),
    Role.SUPPORT_STAFF: _grant(Role.SUPPORT_STAFF, branch=_EVERYONE),
    Role.HEAD_OF_DEPARTMENT: _grant(Role.HEAD_OF_DEPARTMENT, branch=(*_SECOND_LINE, P.READ_DASHBOARDS)),
    Role.STUDENT_COUNSELLOR: _grant(Role.STUDENT_COUNSELLOR, branch=_SECOND_LINE),
    Role.CARE_COORDINATOR: _grant(Role.CARE_COORDINATOR, branch=_SECOND_LINE),
    Role.COORDINATOR: _grant(
        Role.COORDINATOR,
        branch=(
            *_SECOND_LINE, P.READ_STAFF, P.TRIAGE_SIGNALS, P.MANAGE_EXCLUSIONS, P.REGISTER_SERIOUS_INCIDENTS,
            P.SHARE_CASE, P.READ_CASE_ACCOUNT, P.READ_HANDOVER, P.EDIT_LETTER_TEMPLATES, P.READ_BOARD_SETTINGS,
            P.KEEP_FOLLOWUPS, P.READ_FOLLOWUP_OVERVIEW, P.COMPLETE_FOLLOWUPS, P.ANSWER_TALK_REQUESTS,
            P.READ_TALK_REQUESTS, P.MANAGE_ROUNDS, P.READ_DASHBOARDS, P.FOLLOW_MONITOR_DUTY,
            P.KEEP_PREVENTION_REGISTER, P.EDIT_CALENDAR,
        ),
    ),
    Role.CONFIDENTIAL_ADVISER: _grant(
        Role.CONFIDENTIAL_ADVISER,
        branch=(*_EVERYONE, *_DOSSIER, P.READ_CASES, P.KEEP_CONFIDENTIAL_NOTES, P.HANDLE_COMPLAINTS,
                P.ANSWER_TALK_REQUESTS, P.READ_ADVISER_TALK_REQUESTS),
    ),
    Role.BRANCH_MANAGEMENT: _grant(
        Role.BRANCH_MANAGEMENT,
        branch=(
            *_SECOND_LINE, P.READ_STAFF, P.MANAGE_STAFF, P.ROLLOVER, P.TRIAGE_SIGNALS, P.MANAGE_EXCLUSIONS,
            P.REGISTER_SERIOUS_INCIDENTS, P.SHARE_CASE, P.READ_CASE_ACCOUNT, P.READ_HANDOVER,
            P.EDIT_LETTER_TEMPLATES, P.HANDLE_COMPLAINTS, P.READ_BOARD_SETTINGS, P.READ_FOLLOWUP_OVERVIEW,
            P.READ_TALK_REQUESTS, P.MANAGE_ROUNDS, P.READ_DASHBOARDS, P.FOLLOW_MONITOR_DUTY, P.EXPORT_REPORT,
            P.KEEP_PREVENTION_REGISTER, P.RUN_STAFF_MONITOR, P.ENTER_EXTERNAL_RESULTS, P.SUBJECT_ACCESS_EXPORT,
            P.EDIT_CALENDAR, P.MANAGE_REGIONS,
        ),
    ),
    # The board coordinator reads everything and advises (seed 000 §2.1, §2.3); it works on
    # cases only where the board has switched that on (BOARD_SWITCHED below).
    Role.BOARD_COORDINATOR: _grant(
        Role.BOARD_COORDINATOR,
        branch=(
            *_EVERYONE, *_DOSSIER, P.READ_STUDENTS, P.READ_STAFF, P.TRIAGE_SIGNALS, P.MANAGE_EXCLUSIONS,
            P.REGISTER_SERIOUS_INCIDENTS, P.SET_SERIOUS_INCIDENT_RULES, P.READ_CASES, P.ADVISE_ON_CASE,
            P.READ_CASE_ACCOUNT, P.READ_HANDOVER, P.EDIT_LETTER_TEMPLATES, P.READ_BOARD_SETTINGS,
            P.EDIT_FOLLOWUP_POLICY, P.KEEP_FOLLOWUPS, P.READ_FOLLOWUP_OVERVIEW, P.COMPLETE_FOLLOWUPS,
            P.ANSWER_TALK_REQUESTS, P.READ_TALK_REQUESTS, P.MANAGE_ROUNDS, P.READ_DASHBOARDS, P.FOLLOW_MONITOR_DUTY, P.EXPORT_REPORT,
            P.KEEP_PREVENTION_REGISTER, P.RUN_STAFF_MONITOR, P.ENTER_EXTERNAL_RESULTS, P.EDIT_CALENDAR,
        ),
    ),
    Role.BOARD_MANAGEMENT: _grant(
        Role.BOARD_MANAGEMENT,
        branch=(
            *_EVERYONE, *_DOSSIER, P.READ_STUDENTS, P.READ_STAFF, P.MANAGE_STAFF, P.ROLLOVER, P.TRIAGE_SIGNALS,
            P.MANAGE_EXCLUSIONS, P.REGISTER_SERIOUS_INCIDENTS, P.SET_SERIOUS_INCIDENT_RULES, P.READ_CASES,
            P.WORK_ON_CASE, P.SHARE_CASE, P.READ_CASE_ACCOUNT, P.READ_HANDOVER, P.EDIT_LETTER_TEMPLATES,
            P.HANDLE_COMPLAINTS, P.READ_BOARD_SETTINGS, P.EDIT_BOARD_SETTINGS, P.EDIT_FOLLOWUP_POLICY,
            P.READ_FOLLOWUP_OVERVIEW, P.ANSWER_TALK_REQUESTS, P.READ_TALK_REQUESTS, P.MANAGE_ROUNDS,
            P.READ_DASHBOARDS, P.FOLLOW_MONITOR_DUTY, P.EXPORT_REPORT, P.KEEP_PREVENTION_REGISTER, P.RUN_STAFF_MONITOR,
            P.ENTER_EXTERNAL_RESULTS, P.SUBJECT_ACCESS_EXPORT, P.MANAGE_RETENTION, P.EDIT_CALENDAR,
            P.MANAGE_REGIONS,
        ),
    ),
}

#: role -> {permission: reach}. Read-only.
ROLE_PERMISSIONS: Mapping[str, Mapping[Permission, Reach]] = MappingProxyType(
    {role: MappingProxyType(row) for role, row in _TABLE.items()}
)

#: Permissions a role holds only where its board switched them on
#: (``BoardSettings.board_coordinator_acts``; ``incidents.access`` reads the switch).
BOARD_SWITCHED: Mapping[str, frozenset[Permission]] = MappingProxyType(
    {Role.BOARD_COORDINATOR: frozenset({P.WORK_ON_CASE, P.SHARE_CASE})}
)


def permissions_of(role: str) -> Mapping[Permission, Reach]:
    """What one role may do, and how far (empty for a name that is no role)."""
    return ROLE_PERMISSIONS.get(role, MappingProxyType({}))


def _holds(role: str, perm: Permission, own: bool) -> bool:
    reach = permissions_of(role).get(perm)
    return reach is not None and (own or reach is not Reach.OWN)


def roles_with(perm: Permission, *, own: bool = True) -> frozenset[str]:
    """The roles that hold ``perm``; ``own=False`` leaves out those that hold it only for their own."""
    return frozenset(role for role in Role if _holds(role, perm, own))


def _scope(user) -> Scope:
    from .access import Scope, scope_for

    return user if isinstance(user, Scope) else scope_for(user)


def has_permission(user, perm: Permission, *, branch: Branch | int | None = None, own: bool = True) -> bool:
    """Does ``user`` hold ``perm`` — at ``branch`` (a board role counts at every branch), or
    anywhere when no branch is given? ``own=False``: for everything, not only their own."""
    scope = _scope(user)
    if branch is None:
        roles = scope.all_roles
    else:
        roles = scope.roles_at(branch if isinstance(branch, int) else branch.pk)
    return any(_holds(role, perm, own) for role in roles)


def board_wide(user, perm: Permission) -> bool:
    """Does ``user`` hold ``perm`` through a board role, so at every branch of the organisation?"""
    return any(_holds(role, perm, True) for role in _scope(user).organisation_roles)


def branch_ids_where(user, perm: Permission, *, own: bool = False) -> frozenset[int]:
    """Branches where ``user`` holds ``perm`` through a branch role (board roles not counted:
    see ``board_wide``). By default only where it reaches everything of the branch."""
    return frozenset(
        branch_id for branch_id, roles in _scope(user).branch_roles.items()
        if any(_holds(role, perm, own) for role in roles)
    )


def held_for_own(user, perm: Permission) -> bool:
    """Does ``user`` hold ``perm`` through a role that reaches only their own (a mentor's
    classes)? The app's access.py then adds what they are tied to."""
    return any(permissions_of(role).get(perm) is Reach.OWN for role in _scope(user).all_roles)


def within_reach(user, perm: Permission, *, field: str = "branch_id") -> Q:
    """A filter for rows whose branch (``field``) lies where ``user`` holds ``perm`` for
    everything of the branch: no condition for a board role, nothing at all without it."""
    if board_wide(user, perm):
        return Q()
    ids = branch_ids_where(user, perm)
    return Q(**{f"{field}__in": sorted(ids)}) if ids else Q(pk__in=[])


def branches_where(user, perm: Permission) -> QuerySet[Branch]:
    """The branches of the user's organisation where they hold ``perm`` for everything (lazy)."""
    from .models import Branch

    scope = _scope(user)
    if scope.organisation_id is None:
        return Branch.objects.none()
    return Branch.objects.for_organisation(scope.organisation_id).filter(within_reach(user, perm, field="pk"))
