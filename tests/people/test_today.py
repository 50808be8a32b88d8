""""Vandaag", the start page: what waits for each person, most urgent first, each item a
link to its action, counts in the menu, and a query count that does not grow with data
(h16 measures the page's speed on top of this)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import FollowUp, Signal
from people.access import scope_for
from people.context_processors import NAV_GROUPS, menu_for
from people.models import Notification
from people.roles import Role
from tests import factories as f
from tests.incidents.helpers import log_signal, open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

HOME = reverse("home")
MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)  # monitoring starts: due Monday 9 November
THURSDAY_LATE = dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)  # three school days late


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    start = html.index(f'id="vandaag-{key}"')
    return html[start:html.index("</section>", start)]


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


def test_it_shows_the_coordinator_a_new_signal_to_triage_with_a_link_to_it(client, board):
    signal = log_signal(board)
    html = page(client, board.coordinator)
    part = section(html, "signals")
    assert f'{reverse("incidents:signal_list")}#signaal-{signal.pk}' in part
    assert board.student.full_name in part
    # The menu counts it: "Vandaag (1)" and "Signalen (1)".
    nav = html[html.index('aria-label="Hoofdmenu"'):html.index("</nav>")]
    assert "Vandaag (1)" in nav and "Signalen (1)" in nav


def test_it_shows_a_mentor_no_triage_section(client, board):
    log_signal(board)
    html = page(client, board.mentor)
    assert 'id="vandaag-signals"' not in html
    assert "Signaal melden" in html  # the action a mentor needs most, at the top


def test_it_puts_the_overdue_follow_up_first_and_links_to_the_case(client, board, monitored):
    with time_machine.travel(THURSDAY_LATE, tick=False):
        html = page(client, board.coordinator)
        sections = [html.index('id="vandaag-overdue"'), html.index('id="vandaag-cases"')]
        assert sections == sorted(sections)
        part = section(html, "overdue")
        assert reverse("incidents:case_detail", args=[monitored.pk]) + "#termijnbewaking" in part
        assert "3 schooldagen te laat" in part


def test_it_shows_the_mentor_the_cases_waiting_with_what_is_needed(client, board):
    case = open_case(board)
    with board.tenant():
        type(case).objects.filter(pk=case.pk).update(mentor=board.mentor)
    part = section(page(client, board.mentor), "cases")
    assert case.reference in part and "Nodig:" in part


def test_it_gives_board_roles_one_line_per_branch_that_opens_it(client, board):
    log_signal(board)
    html = page(client, board.board_coordinator)
    part = section(html, "branches")
    assert f'?branch={board.branch.pk}"' in part and f'?branch={board.other_branch.pk}"' in part
    assert board.branch.name in part


def test_it_says_what_to_do_when_nothing_waits(client, board):
    html = page(client, board.coordinator)
    assert "Geen nieuwe signalen" in section(html, "signals")
    assert "Geen verlopen termijnen" in section(html, "overdue")


def test_an_unread_message_opens_with_one_click(client, board):
    with board.tenant():
        note = Notification.objects.create(organisation=board.organisation, recipient=board.mentor, kind="x",
                                           dedupe_key="x:1", title="Termijn nadert", url="/mijn-zaken/")
    part = section(page(client, board.mentor), "messages")
    assert reverse("people:notification_open", args=[note.pk]) in part


def test_it_shows_nothing_of_another_board(client, board, other_board):
    log_signal(other_board)
    html = page(client, board.coordinator)
    assert other_board.student.full_name not in html


# --- the query count ------------------------------------------------------------------------
def _queries(client, user) -> int:
    client.force_login(user)
    client.get(HOME)  # warm caches (session, content types, translations)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


def _more_of_everything(board, n: int) -> None:
    for _ in range(n):
        log_signal(board)
        case = open_case(board)
        with board.tenant():
            type(case).objects.filter(pk=case.pk).update(mentor=board.mentor)
    with board.tenant():
        for i in range(n):
            Notification.objects.create(organisation=board.organisation, recipient=board.coordinator, kind="x",
                                        dedupe_key=f"more:{Notification.objects.count()}:{i}", title="Bericht")
            Notification.objects.create(organisation=board.organisation, recipient=board.mentor, kind="x",
                                        dedupe_key=f"more-m:{Notification.objects.count()}:{i}", title="Bericht")


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "board_coordinator"])
def test_the_page_takes_as_many_queries_for_one_item_as_for_twenty(client, board, persona):
    user = getattr(board, persona)
    with time_machine.travel(MONDAY, tick=False):
        walk_to_monitoring(board, open_case(board))
        _more_of_everything(board, 1)
    with time_machine.travel(THURSDAY_LATE, tick=False):
        few = _queries(client, user)
    with time_machine.travel(MONDAY, tick=False):
        for _ in range(2):
            walk_to_monitoring(board, open_case(board))
        _more_of_everything(board, 19)
    with time_machine.travel(THURSDAY_LATE, tick=False):
        with board.tenant():
            assert FollowUp.objects.filter(due_on__lt=dt.date(2026, 11, 12)).count() >= 3
            assert Signal.objects.filter(status="new").count() >= 20
        many = _queries(client, user)
    assert few == many, f"{few} queries with one item of each kind, {many} with twenty"


# --- the menu -------------------------------------------------------------------------------
ROLES = [Role.MENTOR, Role.TEACHER, Role.SUPPORT_STAFF, Role.HEAD_OF_DEPARTMENT, Role.STUDENT_COUNSELLOR,
         Role.COORDINATOR, Role.CARE_COORDINATOR, Role.CONFIDENTIAL_ADVISER, Role.BRANCH_MANAGEMENT]


@pytest.mark.parametrize("role", ROLES + [Role.BOARD_COORDINATOR, Role.BOARD_MANAGEMENT])
def test_every_role_gets_at_most_seven_top_level_entries(board, role):
    if role in (Role.BOARD_COORDINATOR, Role.BOARD_MANAGEMENT):
        user = f.make_staff(role, organisation=board.organisation)
    else:
        user = f.make_staff(role, branch=board.branch)
    with board.tenant():
        groups = menu_for(scope_for(user), "/")
    assert 1 <= len(groups) <= 7
    assert len(NAV_GROUPS) <= 7
    assert groups[0].url == HOME


def test_a_user_with_every_role_still_gets_at_most_seven(board):
    from people.models import RoleAssignment

    user = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    with board.tenant():
        RoleAssignment.objects.create(organisation=board.organisation, user=user, role=Role.BOARD_COORDINATOR)
        for role in ROLES:
            RoleAssignment.objects.create(organisation=board.organisation, user=user, role=role, branch=board.branch)
    with board.tenant():
        groups = menu_for(scope_for(user), "/")
    assert len(groups) <= 7
    # Everything is still reachable one level down.
    urls = {e.url for g in groups for e in g.entries}
    for name in ("incidents:case_list", "incidents:signal_new", "people:import_start", "monitoring:dashboard"):
        assert reverse(name) in urls


def test_the_case_page_opens_the_cases_group_with_its_tabs(client, board):
    case = open_case(board)
    client.force_login(board.coordinator)
    html = client.get(reverse("incidents:case_detail", args=[case.pk])).content.decode()
    nav = html[html.index('aria-label="Hoofdmenu"'):]
    nav = nav[:nav.index("</nav>")]
    assert re.search(r'<a href="[^"]+" class="active">Zaken', nav)
    assert 'class="section-nav"' in html and reverse("incidents:followup_dashboard") in html


def test_sections_with_something_in_them_come_before_empty_ones(client, board):
    log_signal(board)
    html = page(client, board.coordinator)
    # No term is overdue (empty, though more urgent), a signal waits: the signal comes first.
    assert html.index('id="vandaag-signals"') < html.index('id="vandaag-overdue"')


def test_board_roles_see_their_branches_first(client, board):
    html = page(client, board.board_coordinator)
    first = re.search(r'id="vandaag-(\w+)"', html).group(1)
    assert first == "branches"
