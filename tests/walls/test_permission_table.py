"""Every page and API route checked against the table of who may do what (people/permissions.py).

``ROUTE_RULES`` says, for every route of the URL configuration, which permission of the
table it needs (or that it is public, or open to all staff, with the reason). For every
role of ``people.roles`` a user holding only that role (at the world's first branch; the
mentor mentors the class of the ``case`` dossier) calls every route with the ids of that
branch's objects: where the table grants the route's permission, the answer is not a
refusal (200, 302, a form's 400, 405 …); where it does not, it is 403 or 404. A route
that takes no GET is called with an empty POST, inside a savepoint that is rolled back.

A new route without an entry here fails ``test_every_route_has_a_rule``.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from people.permissions import Permission as P
from people.permissions import permissions_of
from people.roles import ORGANISATION_ROLES, Role
from tests import factories as f

from .routes import Route, all_routes, describe, pick, pk_of
from .test_generated_walls import Clients

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule:
    #: The permission the route needs; None: every member of staff (lists filter by reach).
    perm: P | None = None
    #: Only through a board role (the board's view of every branch).
    board_only: bool = False
    #: Roles allowed besides the table's, each for a reason tied to an object, not a role.
    also: frozenset = frozenset()
    #: Roles the table grants that the route still refuses, for a reason the rule names.
    but_not: frozenset = frozenset()
    #: Not walked: public, a token, the log-in itself; the reason.
    skip: str = ""


STAFF = Rule()


def needs(perm: P, *, board_only: bool = False, also=(), but_not=()) -> Rule:
    return Rule(perm=perm, board_only=board_only, also=frozenset(also), but_not=frozenset(but_not))


def skip(reason: str) -> Rule:
    return Rule(skip=reason)


LOGIN = skip("log-in, password and two-factor pages: about one's own account, the same for every role")
PUBLIC = skip("public (students, parents, the thermometer) or opened with a secret token")

ROUTE_RULES: dict[str, Rule] = {
    "home": STAFF, "favicon": PUBLIC, "login": LOGIN, "logout": LOGIN, "password_reset": LOGIN,
    "password_reset_done": LOGIN, "password_reset_confirm": LOGIN, "password_reset_complete": LOGIN,
    "set_language": LOGIN, "two_factor:verify": LOGIN, "two_factor:manage": LOGIN, "two_factor:setup": LOGIN,
    "two_factor:recovery_codes": LOGIN, "two_factor:disable": LOGIN, "api-token": LOGIN,
    # people
    "people:branch_list": STAFF, "people:branch_detail": STAFF, "people:class_list": STAFF,
    "people:class_detail": STAFF,
    "people:student_list": STAFF,  # a list: everyone sees the students within their reach (none at all)
    "people:student_detail": needs(P.READ_STUDENTS),
    "people:notifications": STAFF, "people:notifications_mark_read": STAFF,
    "people:notification_open": skip("a notification is its recipient's alone (the walls test it)"),
    "people:document_job": skip("a document job is its requester's alone (the walls test it)"),
    "people:document_job_download": skip("a document job is its requester's alone (the walls test it)"),
    "people:document_job_retry": skip("a document job is its requester's alone (the walls test it)"),
    "people:import_start": needs(P.MANAGE_STAFF), "people:import_preview": needs(P.MANAGE_STAFF),
    "people:import_apply": needs(P.MANAGE_STAFF),
    "people:rollover_start": needs(P.ROLLOVER), "people:rollover_plan": needs(P.ROLLOVER),
    "people:rollover_apply": needs(P.ROLLOVER),
    # incidents: signals
    "incidents:signal_new": needs(P.LOG_SIGNAL),
    # The reporter's receipt page (the world's signal is the mentor's), and the triage roles.
    "incidents:signal_done": needs(P.TRIAGE_SIGNALS, also={Role.MENTOR}),
    "incidents:signal_list": needs(P.TRIAGE_SIGNALS),
    "incidents:signal_detail": needs(P.TRIAGE_SIGNALS, also={Role.MENTOR}),
    "incidents:signal_open": needs(P.TRIAGE_SIGNALS), "incidents:signal_link": needs(P.TRIAGE_SIGNALS),
    "incidents:signal_dismiss": needs(P.TRIAGE_SIGNALS),
    # incidents: cases
    "incidents:case_list": STAFF, "incidents:my_cases": STAFF,  # lists: what the reach shows
    "incidents:case_detail": needs(P.READ_CASES),
    # The board coordinator, advisory, adds advice (a note): ADVISE_ON_CASE.
    "incidents:entry_add": needs(P.WORK_ON_CASE, also={Role.BOARD_COORDINATOR}), "incidents:case_transition": needs(P.WORK_ON_CASE),
    "incidents:participant_add": needs(P.WORK_ON_CASE),
    "incidents:confidential_note_add": needs(P.KEEP_CONFIDENTIAL_NOTES),
    "incidents:case_criminal_offence": needs(P.WORK_ON_CASE),
    "incidents:case_conflicts": needs(P.READ_CASES),  # reading who is kept out; changing it is below
    "incidents:case_exclusion_lift": needs(P.MANAGE_EXCLUSIONS),
    "incidents:case_staff_party_add": needs(P.WORK_ON_CASE),  # recording a colleague as a party
    "incidents:case_account": needs(P.READ_CASE_ACCOUNT), "incidents:case_account_pdf": needs(P.READ_CASE_ACCOUNT),
    "incidents:case_status_codes": needs(P.READ_CASES), "incidents:status_code_revoke": needs(P.WORK_ON_CASE),
    "incidents:status_page": PUBLIC,
    "incidents:serious_register": needs(P.REGISTER_SERIOUS_INCIDENTS),
    "incidents:serious_setting": needs(P.SET_SERIOUS_INCIDENT_RULES),
    "incidents:serious_reported": needs(P.REGISTER_SERIOUS_INCIDENTS),
    "incidents:case_members": needs(P.SHARE_CASE),
    "incidents:board_settings": needs(P.READ_BOARD_SETTINGS),
    "incidents:complaint_list": needs(P.HANDLE_COMPLAINTS), "incidents:complaint_detail": needs(P.HANDLE_COMPLAINTS),
    "incidents:evidence_download": needs(P.READ_CASES),
    "incidents:student_cases": needs(P.READ_STUDENTS),
    "incidents:followup_dashboard": needs(P.READ_FOLLOWUP_OVERVIEW),
    "incidents:my_followups": STAFF,
    # The world's follow-up is the mentor's own: its owner completes it too.
    "incidents:followup_done": needs(P.COMPLETE_FOLLOWUPS, also={Role.MENTOR}),
    "incidents:followup_policy": needs(P.READ_BOARD_SETTINGS),
    "incidents:calendar_feed_page": STAFF, "incidents:calendar_feed": PUBLIC,
    "incidents:handover": STAFF,  # a list of the classes within reach
    "incidents:handover_class": needs(P.READ_HANDOVER),
    # Letters follow the protocol's case roles (protocol.definitions.common CASE_WORKERS |
    # MANAGEMENT): the head of department and the care coordinator work on cases but write none.
    "incidents:letter_new": needs(P.WORK_ON_CASE, but_not={Role.HEAD_OF_DEPARTMENT, Role.CARE_COORDINATOR}),
    "incidents:letter_edit": needs(P.READ_CASES),
    "incidents:letter_send": needs(P.WORK_ON_CASE, but_not={Role.HEAD_OF_DEPARTMENT, Role.CARE_COORDINATOR}), "incidents:letter_pdf": needs(P.READ_CASES),
    "incidents:letter_templates": needs(P.EDIT_LETTER_TEMPLATES),
    "incidents:letter_template_edit": needs(P.EDIT_LETTER_TEMPLATES),
    # public reports
    "public_report:report": PUBLIC, "public_report:follow_up": PUBLIC,
    "public_report:staff_list": needs(P.TRIAGE_SIGNALS), "public_report:staff_detail": needs(P.TRIAGE_SIGNALS),
    "public_report:staff_for_signal": skip("takes the signal of a public report; the walls test it with one"),
    # monitoring
    "monitoring:thermometer_start": PUBLIC, "monitoring:thermometer_background": PUBLIC,
    "monitoring:thermometer_section": PUBLIC, "monitoring:thermometer_thanks": PUBLIC,
    "monitoring:talk_request": PUBLIC, "monitoring:talk_request_sent": PUBLIC,
    "monitoring:staff_survey": PUBLIC,
    "monitoring:round_list": needs(P.MANAGE_ROUNDS), "monitoring:round_new": needs(P.MANAGE_ROUNDS),
    "monitoring:round_detail": needs(P.MANAGE_ROUNDS), "monitoring:codes_issue": needs(P.MANAGE_ROUNDS),
    "monitoring:code_revoke": needs(P.MANAGE_ROUNDS),
    # The world's request asks for the mentor, who was notified of it.
    "monitoring:talk_request_detail": needs(P.READ_TALK_REQUESTS, also={Role.MENTOR}),
    "monitoring:dashboard": needs(P.READ_DASHBOARDS),
    "monitoring:dashboard_board": needs(P.READ_DASHBOARDS, board_only=True),
    "monitoring:dashboard_branch": needs(P.READ_DASHBOARDS), "monitoring:dashboard_export": needs(P.READ_DASHBOARDS),
    "monitoring:inspectorate_export": needs(P.READ_DASHBOARDS),
    "monitoring:external_results": needs(P.ENTER_EXTERNAL_RESULTS),
    "monitoring:staff_dashboard": needs(P.RUN_STAFF_MONITOR),
    "monitoring:report_index": needs(P.EXPORT_REPORT, also={Role.COORDINATOR}),  # the register's coordinator
    "monitoring:report_export": needs(P.EXPORT_REPORT),
    "monitoring:report_job": skip("a report job is its requester's alone (the walls test it)"),
    "monitoring:report_job_download": skip("a report job is its requester's alone (the walls test it)"),
    "monitoring:report_register": needs(P.KEEP_PREVENTION_REGISTER),
    "monitoring:privacy_index": needs(P.SUBJECT_ACCESS_EXPORT), "monitoring:privacy_policy": needs(P.MANAGE_RETENTION),
    "monitoring:privacy_search": needs(P.SUBJECT_ACCESS_EXPORT),
    "monitoring:privacy_student": needs(P.SUBJECT_ACCESS_EXPORT),
    "monitoring:privacy_export": needs(P.SUBJECT_ACCESS_EXPORT),
    "monitoring:privacy_register": needs(P.SUBJECT_ACCESS_EXPORT),
    # protocol
    "protocol:calendar": needs(P.EDIT_CALENDAR), "protocol:branch_calendar": needs(P.EDIT_CALENDAR),
    "protocol:calendar_settings": needs(P.EDIT_CALENDAR, board_only=True),
    "protocol:branch_region": needs(P.MANAGE_REGIONS),
    "protocol:branch_calendar_settings": needs(P.EDIT_CALENDAR),
    # The world's calendar is the organisation's own: the board's to change.
    "protocol:calendar_period_add": needs(P.EDIT_CALENDAR, board_only=True),
    "protocol:calendar_period_edit": needs(P.EDIT_CALENDAR, board_only=True),
    "protocol:calendar_period_delete": needs(P.EDIT_CALENDAR, board_only=True),
    "protocol:calendar_delete": skip("the world's only calendar is the organisation's, which is never deleted (404)"),
    # API: lists answer every member of staff with what their reach shows
    "api-root": STAFF, "api-schema": STAFF, "api-docs": STAFF,
    "organisation-list": STAFF, "organisation-detail": STAFF, "branch-list": STAFF, "branch-detail": STAFF,
    "department-list": STAFF, "department-detail": STAFF, "schoolclass-list": STAFF, "schoolclass-detail": STAFF,
    "student-list": STAFF, "student-detail": needs(P.READ_STUDENTS),
    "roleassignment-list": STAFF,
    # The world's role assignment is the teacher's own: everyone reads their own roles.
    "roleassignment-detail": needs(P.READ_STAFF, also={Role.TEACHER}),
    "api-signal-list": STAFF, "api-signal-detail": needs(P.TRIAGE_SIGNALS, also={Role.MENTOR}),
    "api-signal-open-case": needs(P.TRIAGE_SIGNALS), "api-signal-link": needs(P.TRIAGE_SIGNALS),
    "api-signal-dismiss": needs(P.TRIAGE_SIGNALS),
    "api-case-list": STAFF, "api-case-detail": needs(P.READ_CASES),
    "api-case-transition": needs(P.WORK_ON_CASE), "api-case-entries": needs(P.READ_CASES),
    "api-entry-correct": needs(P.WORK_ON_CASE), "api-case-participants": needs(P.READ_CASES),
    "api-case-confidential-notes": needs(P.READ_CASES), "api-case-members": needs(P.SHARE_CASE),
    "api-case-members-remove": needs(P.SHARE_CASE), "api-board-settings": needs(P.READ_BOARD_SETTINGS),
    "api-case-criminal-offence": needs(P.WORK_ON_CASE), "api-evidence-download": needs(P.READ_CASES),
    "api-followup-list": STAFF, "api-followup-detail": needs(P.READ_FOLLOWUP_OVERVIEW, also={Role.MENTOR}),
    "api-followup-complete": needs(P.COMPLETE_FOLLOWUPS, also={Role.MENTOR}),
    "api-notification-list": STAFF, "api-notification-mark-read": STAFF,
    "api-survey-round-list": needs(P.MANAGE_ROUNDS), "api-survey-round-detail": needs(P.MANAGE_ROUNDS),
    "api-survey-codes-issue": needs(P.MANAGE_ROUNDS), "api-survey-code-revoke": needs(P.MANAGE_ROUNDS),
    "api-thermometer-session": PUBLIC, "api-thermometer-submit": PUBLIC, "api-thermometer-draft": PUBLIC,
    "api-thermometer-resume": PUBLIC,
    "api-survey-results-board": needs(P.READ_DASHBOARDS, board_only=True),
    "api-survey-results-branch": needs(P.READ_DASHBOARDS),
}

REFUSED = (403, 404)

#: Routes that read an empty POST as bad input (a 400, or the page back with the error)
#: before they ask whether the user may do this at all: for a refused role an empty POST
#: answers that too. They refuse the same users with a real request (the services check
#: the table); only the order differs, and the object is one the user may read.
VALIDATES_FIRST = frozenset({
    "incidents:signal_link", "incidents:signal_dismiss", "incidents:case_criminal_offence",
    "incidents:case_staff_party_add", "incidents:letter_send",
    "api-signal-link", "api-signal-dismiss", "api-case-transition", "api-entry-correct", "api-case-criminal-offence",
})


def _walked_routes() -> list[Route]:
    return [r for r in all_routes() if r.name and not r.name.startswith(("admin:", "djdt:")) and "format" not in r.params]


def test_every_route_has_a_rule():
    """A new page or API route must say which permission of the table it needs."""
    missing = sorted({describe(r) for r in _walked_routes() if r.name not in ROUTE_RULES})
    assert not missing, "Routes without a rule in tests/walls/test_permission_table.py ROUTE_RULES:\n" + "\n".join(missing)
    known = {r.name for r in _walked_routes()}
    assert not set(ROUTE_RULES) - known, f"rules for routes that no longer exist: {sorted(set(ROUTE_RULES) - known)}"


def _users(world) -> dict[str, object]:
    home = world.home
    personas = {
        Role.MENTOR: "mentor", Role.TEACHER: "teacher", Role.COORDINATOR: "coordinator",
        Role.CONFIDENTIAL_ADVISER: "adviser", Role.BRANCH_MANAGEMENT: "management",
        Role.BOARD_COORDINATOR: "board_coordinator",
    }
    users = {}
    for role in Role:
        if role in personas:
            users[role] = home.personas[personas[role]]
        else:
            users[role] = f.make_staff(role, branch=home.branch, organisation=home.organisation,
                                       email=f"alleen-{role}@rijnmond.example")
    return users


def _allowed(rule: Rule, role: str) -> bool:
    if role in rule.also:
        return True
    if role in rule.but_not:
        return False
    if rule.perm is None:
        return True
    if rule.board_only and role not in ORGANISATION_ROLES:
        return False
    return rule.perm in permissions_of(role)


def _call(clients, user, route: Route, url: str):
    response = clients.send(user, route, "get", url)
    if response.status_code == 405:  # a route that only takes POST: an empty one
        with transaction.atomic():
            response = clients.send(user, route, "post", url)
            transaction.set_rollback(True)
    return response.status_code


def test_every_route_answers_each_role_as_the_table_says(world):
    clients = Clients()
    home = world.home
    users = _users(world)
    failures = []
    for route in _walked_routes():
        rule = ROUTE_RULES.get(route.name)
        if rule is None or rule.skip:
            continue
        url = route.url({p: pk_of(pick(home, route.model_of(p))) for p in route.id_params()})
        # Refused roles first: they change nothing, so the allowed ones see the world as built.
        for role in sorted(Role, key=lambda r: _allowed(rule, r)):
            status = _call(clients, users[role], route, url)
            allowed = _allowed(rule, role)
            if allowed:
                wrong = status in REFUSED
            else:
                wrong = status not in REFUSED and not (route.name in VALIDATES_FIRST and status in (302, 400))
            if status >= 500 or wrong:
                expected = "allowed" if allowed else "403/404"
                failures.append(f"{role}: {url} [{describe(route)}] -> {status}, table says {expected}")
    assert not failures, f"{len(failures)} answers differ from the table:\n" + "\n".join(failures)
