"""Follow-up pages: the overdue dashboard, "Mijn termijnen", mark-done, the case-page clock,
the menu counts, the policy page and the notifications page (the bell)."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.followups import followups_scan
from incidents.models import FollowUp, FollowUpPolicy
from people.models import Notification
from people.roles import Role

from .helpers import open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)  # monitoring starts: due Monday 9 November
THURSDAY_LATE = dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)  # three school days late
DASHBOARD = reverse("incidents:followup_dashboard")
MINE = reverse("incidents:my_followups")
POLICY = reverse("incidents:followup_policy")
INBOX = reverse("people:notifications")


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


@pytest.fixture
def late():
    with time_machine.travel(THURSDAY_LATE, tick=False):
        yield


def the_followup(board, case) -> FollowUp:
    with board.tenant():
        return FollowUp.objects.get(case=case, status__in=("open", "overdue"))


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def text(response) -> str:
    return response.content.decode()


# --- the dashboard --------------------------------------------------------------------------
def test_it_shows_the_coordinator_the_overdue_follow_up_with_school_days_late(client, board, monitored, late):
    response = get(client, board.coordinator, DASHBOARD)
    assert response.status_code == 200
    page = text(response)
    assert "3 schooldagen te laat" in page
    assert monitored.reference in page and reverse("incidents:case_detail", args=[monitored.pk]) in page
    assert board.mentor.full_name in page  # the owner
    assert "herfstvakantie telt niet mee" in page  # the calendar's explanation of the due date
    assert "Termijnen (1)" in page  # the menu count


def test_it_puts_overdue_follow_ups_before_open_ones(client, board, monitored, late):
    label = the_followup(board, monitored).label_nl
    with board.tenant():
        FollowUp.objects.create(
            organisation=board.organisation, case=monitored, deadline_key="later", label_nl="Later gesprek",
            label_en="Later talk", owner_role=Role.MENTOR, owner=board.mentor, step="monitoring", visit_seq=999,
            starts_on=dt.date(2026, 11, 1), due_on=dt.date(2026, 11, 11),  # also late, but by one day less
        )
        FollowUp.objects.create(
            organisation=board.organisation, case=monitored, deadline_key="soon", label_nl="Binnenkort",
            label_en="Soon", owner_role=Role.MENTOR, owner=board.mentor, step="monitoring", visit_seq=998,
            starts_on=dt.date(2026, 11, 1), due_on=dt.date(2026, 11, 13),
        )
    full = text(get(client, board.coordinator, DASHBOARD))
    assert "Termijnen (2)" in full
    page = full[full.index("<tbody>"):]
    assert page.index(label) < page.index("Later gesprek") < page.index("Binnenkort")
    assert "nog 1 schooldag" in page


def test_board_roles_see_every_branch_and_filters_narrow_it(client, board, monitored, late):
    assert monitored.reference in text(get(client, board.board_coordinator, DASHBOARD))
    other = text(get(client, board.board_coordinator, DASHBOARD, branch=board.other_branch.pk))
    assert monitored.reference not in other
    assert monitored.reference in text(get(client, board.board_coordinator, DASHBOARD, owner=board.mentor.pk, status="overdue",
                                           kind="monitoring_four_weeks"))
    assert monitored.reference not in text(get(client, board.board_coordinator, DASHBOARD, status="done"))


def test_bad_filter_values_show_the_default_list(client, board, monitored, late):
    response = get(client, board.coordinator, DASHBOARD, status="bogus", branch="x", owner="99999999999999999999")
    assert response.status_code == 200
    assert monitored.reference in text(response)


def test_a_mentor_or_teacher_gets_no_dashboard(client, board, monitored):
    assert get(client, board.mentor, DASHBOARD).status_code == 403
    assert get(client, board.teacher, DASHBOARD).status_code == 403


def test_another_boards_coordinator_sees_nothing_of_it(client, board, other_board, monitored, late):
    page = text(get(client, other_board.coordinator, DASHBOARD))
    assert monitored.reference not in page
    assert "Termijnen (" not in page


def test_the_dashboard_takes_as_many_queries_for_5_follow_ups_as_for_50(client, board, monitored, late):
    def add(n, start):
        with board.tenant():
            FollowUp.objects.bulk_create(
                FollowUp(
                    organisation=board.organisation, case=monitored, deadline_key=f"extra{i % 3}", label_nl=f"Extra {i}",
                    label_en=f"Extra {i}", owner_role=Role.MENTOR, owner=board.mentor, step="monitoring",
                    visit_seq=10_000 + i, starts_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 11, 1) + dt.timedelta(days=i % 20),
                )
                for i in range(start, start + n)
            )

    def queries():
        client.force_login(board.coordinator)
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(DASHBOARD)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(4, 0)
    few = queries()
    add(45, 4)
    many = queries()
    assert few == many, f"{few} queries for 5 follow-ups, {many} for 50"


# --- Mijn termijnen and mark-done ----------------------------------------------------------------
def test_the_mentor_sees_their_follow_up_and_the_menu_count(client, board, monitored, late):
    page = text(get(client, board.mentor, MINE))
    assert monitored.reference in page and "3 schooldagen te laat" in page
    assert "Mijn termijnen (1)" in page
    assert "Markeer als afgerond" in page


def test_marking_done_twice_says_so_and_changes_nothing(client, board, monitored, late):
    followup = the_followup(board, monitored)
    client.force_login(board.mentor)
    url = reverse("incidents:followup_done", args=[followup.pk])
    response = client.post(url, {"note": "Besproken in het mentoruur", "next": MINE}, follow=True)
    assert "Termijn afgerond" in text(response)
    with board.tenant():
        followup.refresh_from_db()
    assert followup.status == "done" and followup.completion_note == "Besproken in het mentoruur"
    first_completed_at = followup.completed_at
    response = client.post(url, {"note": "Nog een keer"}, follow=True)
    assert "Deze termijn is al afgerond of vervallen; er is niets gewijzigd." in text(response)
    with board.tenant():
        followup.refresh_from_db()
    assert followup.completed_at == first_completed_at and followup.completion_note == "Besproken in het mentoruur"
    assert "Mijn termijnen (" not in text(get(client, board.mentor, MINE))


def test_the_coordinator_may_mark_done_but_a_bystander_cannot_even_see_it(client, board, monitored, late):
    followup = the_followup(board, monitored)
    url = reverse("incidents:followup_done", args=[followup.pk])
    client.force_login(board.teacher)
    assert client.post(url).status_code == 404
    client.force_login(board.coordinator)
    assert client.post(url).status_code == 302
    with board.tenant():
        followup.refresh_from_db()
    assert followup.status == "done" and followup.completed_by_id == board.coordinator.pk


def test_another_tenant_gets_404_on_every_follow_up_url(client, board, other_board, monitored):
    followup = the_followup(board, monitored)
    client.force_login(other_board.coordinator)
    assert client.post(reverse("incidents:followup_done", args=[followup.pk])).status_code == 404
    assert client.post(reverse("incidents:followup_done", args=[followup.pk + 10_000])).status_code == 404
    assert the_followup(board, monitored).status in ("open", "overdue")


def test_an_unsafe_next_address_is_ignored(client, board, monitored):
    followup = the_followup(board, monitored)
    client.force_login(board.mentor)
    response = client.post(reverse("incidents:followup_done", args=[followup.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == MINE


# --- the case page ---------------------------------------------------------------------------------
def test_the_case_page_shows_the_running_clock_of_its_follow_ups(client, board, monitored, late):
    page = text(get(client, board.mentor, reverse("incidents:case_detail", args=[monitored.pk])))
    assert "Termijnen" in page and "3 schooldagen te laat" in page


def test_the_case_page_counts_school_days_left_before_the_due_date(client, board, monitored):
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=False):
        page = text(get(client, board.coordinator, reverse("incidents:case_detail", args=[monitored.pk])))
    assert "nog 2 schooldagen" in page  # Friday 6 and Monday 9 November


# --- the policy page ---------------------------------------------------------------------------------
def policy(board):
    with board.tenant():
        return FollowUpPolicy.objects.filter(organisation=board.organisation).first()


def test_the_board_sets_the_policy(client, board):
    client.force_login(board.board_coordinator)
    response = client.post(POLICY, {"reminder_school_days": "3", "escalate_after_school_days": "8"}, follow=True)
    assert "Het termijnbeleid is opgeslagen." in text(response)
    saved = policy(board)
    assert (saved.reminder_school_days, saved.escalate_after_school_days) == (3, 8)


def test_bad_policy_values_are_refused_with_clear_messages(client, board):
    client.force_login(board.board_coordinator)
    response = client.post(POLICY, {"reminder_school_days": "-1", "escalate_after_school_days": "0"})
    assert response.status_code == 200
    page = text(response)
    assert "Controleer de gemarkeerde velden" in page
    assert policy(board) is None
    response = client.post(POLICY, {"reminder_school_days": "twee", "escalate_after_school_days": "500"})
    assert policy(board) is None


def test_branch_management_reads_the_policy_but_cannot_change_it(client, board):
    client.force_login(board.management)
    page = text(client.get(POLICY))
    assert "2 schooldagen voor de uiterste datum" in page and "na 5 schooldagen te laat" in page
    assert client.post(POLICY, {"reminder_school_days": "1", "escalate_after_school_days": "2"}).status_code == 403
    assert policy(board) is None


def test_a_mentor_gets_no_policy_page(client, board):
    client.force_login(board.mentor)
    assert client.get(POLICY).status_code == 403


# --- notifications (the bell) ---------------------------------------------------------------------------
def scan(board, day):
    with board.tenant():
        followups_scan(board.organisation.pk, today=day)


def test_the_bell_counts_unread_and_the_page_marks_read(client, board, monitored):
    scan(board, dt.date(2026, 11, 5))  # reminder to the mentor
    scan(board, dt.date(2026, 11, 10))  # overdue to the mentor and the coordinator
    client.force_login(board.mentor)
    page = text(client.get(INBOX))
    assert 'class="bell-count">2<' in page
    assert "Termijn verlopen" in page and "Termijn nadert" in page
    with board.tenant():
        reminder = Notification.objects.get(recipient=board.mentor, kind="followup_reminder")
    response = client.post(reverse("people:notifications_mark_read"), {"id": [reminder.pk]}, follow=True)
    assert "1 bericht als gelezen gemarkeerd." in text(response)
    assert 'class="bell-count">1<' in text(response)
    response = client.post(reverse("people:notifications_mark_read"), {"all": "1"}, follow=True)
    assert "bell-count" not in text(response)
    response = client.post(reverse("people:notifications_mark_read"), {"all": "1"}, follow=True)
    assert "Er waren geen ongelezen berichten; er is niets gewijzigd." in text(response)


def test_opening_a_notification_marks_it_read_and_goes_to_the_case(client, board, monitored):
    scan(board, dt.date(2026, 11, 10))
    with board.tenant():
        note = Notification.objects.get(recipient=board.coordinator, kind="followup_overdue")
    client.force_login(board.coordinator)
    response = client.post(reverse("people:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("incidents:case_detail", args=[monitored.pk])
    with board.tenant():
        note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_or_marks_someone_elses_notification(client, board, other_board, monitored):
    scan(board, dt.date(2026, 11, 10))
    with board.tenant():
        note = Notification.objects.get(recipient=board.coordinator, kind="followup_overdue")
    for outsider in (board.mentor, other_board.coordinator):
        client.force_login(outsider)
        assert client.post(reverse("people:notification_open", args=[note.pk])).status_code == 404
        client.post(reverse("people:notifications_mark_read"), {"id": [note.pk]})
    with board.tenant():
        note.refresh_from_db()
    assert note.read_at is None


def test_the_bell_costs_one_query_per_page(client, board, monitored):
    scan(board, dt.date(2026, 11, 10))
    client.force_login(board.teacher)  # no follow-up menu entries: only the bell counts
    client.get(INBOX)
    cache.clear()  # the count is cached across pages (issue 16): this page computes it
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("people:branch_list"))  # "Vandaag" lists the messages themselves
    bell = [q for q in ctx.captured_queries if "people_notification" in q["sql"]]
    assert len(bell) == 1
    with CaptureQueriesContext(connection) as ctx:  # and the next page reads it from the cache
        client.get(reverse("people:branch_list"))
    assert not [q for q in ctx.captured_queries if "people_notification" in q["sql"]]
