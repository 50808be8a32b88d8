"""The header's counts are cached across requests (people.notification_context, issue 16).

Every write that changes a count shows on the next page (a notification made or read, a
signal logged, a follow-up done, a role given); nobody ever gets another user's or
another board's counts; and a second page reads none of them again.
"""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.followups import followup_complete
from incidents.models import FollowUp
from people.models import Notification, RoleAssignment
from people.notifications import notify
from people.roles import Role
from tests import factories as f

from .helpers import log_signal, open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

HOME = reverse("home")
MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)
THURSDAY_LATE = dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)


def page(client, user, url=HOME) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def nav(html: str) -> str:
    return html[html.index('aria-label="Hoofdmenu"'):html.index("</nav>")]


def tell(board, user, key: str) -> None:
    with board.tenant():
        notify(organisation=board.organisation, recipients=[user], kind="test", dedupe_key=key, title=f"Bericht {key}",
               email=False)


def test_the_bell_shows_a_new_and_a_read_notification_at_once(client, board):
    assert "bell-count" not in page(client, board.mentor)
    tell(board, board.mentor, "a")
    tell(board, board.mentor, "b")
    assert 'class="bell-count">2<' in page(client, board.mentor)
    with board.tenant():
        note = Notification.objects.get(recipient=board.mentor, dedupe_key="a")
    response = client.post(reverse("people:notifications_mark_read"), {"id": [note.pk]}, follow=True)
    assert 'class="bell-count">1<' in response.content.decode()
    assert 'class="bell-count">1<' in page(client, board.mentor)
    client.post(reverse("people:notifications_mark_read"), {"all": "1"})
    assert "bell-count" not in page(client, board.mentor)


def test_another_user_and_another_board_never_get_someone_elses_counts(client, board, other_board):
    for key in "abc":
        tell(board, board.mentor, key)
    log_signal(board)
    mentor_html = page(client, board.mentor)
    assert 'class="bell-count">3<' in mentor_html and "Signalen (1)" not in nav(mentor_html)
    with board.tenant():  # the new signal told the coordinator: one of their own
        assert Notification.objects.filter(recipient=board.coordinator, read_at=None).count() == 1
    coordinator_html = page(client, board.coordinator)
    assert 'class="bell-count">1<' in coordinator_html and "Signalen (1)" in nav(coordinator_html)
    other_html = page(client, other_board.coordinator)
    assert "bell-count" not in other_html and "Signalen (1)" not in nav(other_html)
    # and back: each still gets their own
    assert 'class="bell-count">3<' in page(client, board.mentor)
    assert "Signalen (1)" in nav(page(client, board.coordinator))


def test_a_new_signal_counts_at_once(client, board):
    log_signal(board)
    assert "Signalen (1)" in nav(page(client, board.coordinator))
    log_signal(board, description="Wordt buitengesloten op het plein.")
    assert "Signalen (2)" in nav(page(client, board.coordinator))


def test_a_new_role_counts_at_once(client, board):
    log_signal(board)
    assert "Signalen (" not in nav(page(client, board.teacher))
    with board.tenant():
        RoleAssignment.objects.create(organisation=board.organisation, user=board.teacher, role=Role.COORDINATOR,
                                      branch=board.branch)
    assert "Signalen (1)" in nav(page(client, board.teacher))


def test_a_follow_up_done_leaves_the_overdue_count_at_once(client, board):
    with time_machine.travel(MONDAY, tick=False):
        case = walk_to_monitoring(board, open_case(board))
    with time_machine.travel(THURSDAY_LATE, tick=False):
        assert "Mijn termijnen (1)" in page(client, board.mentor, reverse("incidents:my_followups"))
        with board.tenant():
            followup = FollowUp.objects.get(case=case, status__in=("open", "overdue"))
            followup_complete(followup=followup, acting_user=board.mentor, note="Gesprek gehad")
        assert "Mijn termijnen (" not in page(client, board.mentor, reverse("incidents:my_followups"))


def test_the_second_page_reads_no_counts(client, board):
    tell(board, board.coordinator, "a")
    page(client, board.coordinator)
    with CaptureQueriesContext(connection) as second:
        html = page(client, board.coordinator, reverse("people:branch_list"))
    assert 'class="bell-count">1<' in html
    assert not any("people_notification" in q["sql"] for q in second.captured_queries)


def test_a_user_of_another_board_with_the_same_role_gets_their_own_counts(client, board, other_board):
    tell(board, board.coordinator, "a")
    tell(other_board, other_board.coordinator, "a")
    tell(other_board, other_board.coordinator, "b")
    assert 'class="bell-count">1<' in page(client, board.coordinator)
    assert 'class="bell-count">2<' in page(client, other_board.coordinator)
    f.make_staff("coordinator", branch=other_board.branch)  # a write elsewhere changes nothing here
    assert 'class="bell-count">1<' in page(client, board.coordinator)
