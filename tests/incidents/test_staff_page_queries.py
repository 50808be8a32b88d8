"""The staff pages run a fixed number of queries, the same for a small and a larger board,
and the case page's access check probes indexes on the case instead of scanning the
organisation's pupils (issue 16; bench/staff_pages.py measures the CPU of the same pages).

The exact numbers are pinned: a change that adds a query to every page shows up here
(update the number only with a reason in the commit)."""
from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import access
from incidents.models import Case, Signal
from monitoring.models import SurveyRound
from people.models import Enrolment, Student
from tests import factories as f
from tests.incidents.test_case_list_queries import build_cases
from tests.monitoring.test_results import add, make_round, rc_of

pytestmark = pytest.mark.django_db

#: page -> (persona, exact queries). The first queries of every page are the same: the
#: session, the user, set_config (PostgreSQL only), the two-factor check and the roles.
#: Issue 12 (h12b): +1 on pages that count deadlines for a branch without a calendar of its
#: own (the branch's place decides its holiday region); the case page +2 more for the one
#: rule of who works on a case (the conflict-of-interest exclusion and the case's object grant).
#: Issue 16: every page -2 or -3, the header's counts (overdue terms, untriaged signals,
#: unread notifications) come from the cache (people.notification_context) until a write
#: changes one.
PAGES = {
    # + which pupils may be linked (issue 17, "no dead ends"); + issue 12 (above); -1 (h12a):
    # a step without terms reads no school calendar.
    "case": ("mentor", 16),
    "case_list": ("coordinator", 16),
    "my_cases": ("mentor", 12),
    "home": ("mentor", 19),  # + the waiting cases' participants, one query (who the bully is, h12a)
    # 21 -> 6 (issue 16): the results part comes from the cache (monitoring.results_cache);
    # computing it, once per data version, takes DASHBOARD_RESULTS_QUERIES more.
    "dashboard": ("coordinator", 6),
}
#: With an empty cache: the results (12) and the header's counts (3).
DASHBOARD_RESULTS_QUERIES = 15


def _url(page: str, board, case) -> str:
    return {
        "case": reverse("incidents:case_detail", args=[case.pk]),
        "case_list": reverse("incidents:case_list"),
        "my_cases": reverse("incidents:my_cases"),
        "home": reverse("home"),
        "dashboard": reverse("monitoring:dashboard_branch", args=[board.branch.pk]),
    }[page]


def _queries(client, url, *, cold: bool = False) -> int:
    client.get(url)  # warm: sessions, content types, translations, the school calendar
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    # Not counted: set_config (PostgreSQL only) and the savepoints of the test's transaction.
    return len([q for q in captured.captured_queries if "set_config" not in q["sql"] and "SAVEPOINT" not in q["sql"]])


def _grow(board, n_cases: int, n_students: int) -> None:
    build_cases(board, n_cases)
    for _ in range(n_students):
        f.EnrolmentFactory(school_class=board.school_class)
    with board.tenant():
        rounds = list(SurveyRound.objects.filter(organisation=board.organisation))
    if not rounds:  # two rounds, so the dashboard compares with a previous one
        rounds = [make_round(board, [board.school_class, board.other_class], name=f"Ronde {i}", days_ago=40 - 20 * i)
                  for i in range(2)]
    for survey in rounds:
        for c in (board.school_class, board.other_class):
            add(board, rc_of(board, survey, c), n=n_students + 10)


@pytest.mark.parametrize("page", list(PAGES))
def test_each_staff_page_takes_a_fixed_number_of_queries_whatever_the_board(client, board, page):
    persona, expected = PAGES[page]
    _grow(board, 3, 2)
    with board.tenant():
        case = Case.objects.filter(organisation=board.organisation).order_by("pk").first()
    client.force_login(getattr(board, persona))
    url = _url(page, board, case)
    small = _queries(client, url)
    _grow(board, 60, 20)
    large = _queries(client, url)
    assert small == large == expected, f"{page}: {small} queries on a small board, {large} on a larger one"


def test_the_dashboard_computes_its_results_with_a_fixed_number_of_queries_whatever_the_board(client, board):
    _grow(board, 3, 2)
    client.force_login(board.coordinator)
    url = reverse("monitoring:dashboard_branch", args=[board.branch.pk])
    small = _queries(client, url, cold=True)
    _grow(board, 60, 20)
    large = _queries(client, url, cold=True)
    expected = PAGES["dashboard"][1] + DASHBOARD_RESULTS_QUERIES
    assert small == large == expected, f"{small} queries on a small board, {large} on a larger one"


def test_the_case_page_reads_the_school_calendar_once(client, board):
    build_cases(board, 1)
    with board.tenant():
        case = Case.objects.get(organisation=board.organisation)
    client.force_login(board.mentor)
    url = reverse("incidents:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    calendar_reads = [q for q in captured.captured_queries if "protocol_organisationcalendar" in q["sql"]]
    # At most once; not at all when the case's step has no term to count (incidents.facts).
    assert len(calendar_reads) <= 1


def test_a_mentor_still_sees_only_the_cases_of_their_pupils(client, board):
    """The EXISTS rewrite keeps the rule: the mentor's class yes, another class no."""
    build_cases(board, 1)  # target board.student (mentor's class), bully board.other_student
    with board.tenant():
        case = Case.objects.get(organisation=board.organisation)
        Case.objects.filter(pk=case.pk).update(mentor=None)
        other = Case.objects.create(
            organisation=board.organisation, branch=board.branch, reference="X-1", title="Elders",
            protocol_key="six_step", protocol_version=1, step="investigate",
        )
        other.participants.create(organisation=board.organisation, student=board.other_student, role="target")
        assert set(access.cases_for(board.mentor)) == {case}
        assert access.get_case_for_user(board.mentor, case.pk) == case
        assert set(access.cases_for(board.teacher)) == set()
        access.share_case(case=other, user=board.teacher)
        assert set(access.cases_for(board.teacher)) == {other}


@pytest.mark.postgres
def test_the_case_page_access_check_probes_indexes_on_the_case(board):
    """With 3,000 cases and their pupils, the access check of one case visits a handful of
    index entries: no sequential scan of participants, enrolments or students."""
    build_cases(board, 3000)
    with board.tenant():  # 2,000 more pupils; 2,000 signals
        org, year = board.organisation, board.other_class.school_year
        pupils = Student.objects.bulk_create(
            Student(organisation=org, branch=board.branch, external_id=f"P{i}", first_name="L", last_name=str(i))
            for i in range(2000))
        Enrolment.objects.bulk_create(
            Enrolment(organisation=org, student=p, school_class=board.other_class, school_year=year) for p in pupils)
        Signal.objects.bulk_create(
            Signal(organisation=org, branch=board.branch, reported_by=board.coordinator, description="x", case=case)
            for case in Case.objects.filter(organisation=org).order_by("pk")[:2000])
    from people.owner_mode import as_owner

    with as_owner(), connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_case, incidents_participant, people_enrolment, people_student, "
                       "incidents_signal")
    with board.tenant():
        case = Case.objects.filter(organisation=board.organisation).order_by("-pk").first()
        qs = access.cases_for(board.mentor).filter(pk=case.pk)
        plan = json.loads(qs.explain(format="json", analyze=True))
    scanned = []

    def walk(node):
        if node.get("Node Type") == "Seq Scan":
            scanned.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    assert not set(scanned) & {"incidents_participant", "people_enrolment", "people_student", "incidents_case"}, scanned
