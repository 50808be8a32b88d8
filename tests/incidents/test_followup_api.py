"""/api/v1/followups/ and /api/v1/notifications/: allowed and not allowed, for every endpoint."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from incidents.followups import followups_scan
from incidents.models import FollowUp
from people.models import Notification

from .helpers import open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

API = "/api/v1"
MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


@pytest.fixture
def followup(board, monitored):
    with board.tenant():
        return FollowUp.objects.get(case=monitored, status__in=("open", "overdue"))


@pytest.fixture
def late():
    with time_machine.travel(LATE, tick=False):
        yield


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_the_coordinators_branch_overdue_first_with_school_days(board, followup, late):
    response = client_for(board.coordinator).get(f"{API}/followups/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == followup.pk
    assert row["status"] == "overdue" and row["is_overdue"] is True
    assert row["days_overdue"] == 3 and row["days_left"] == 0
    assert row["case"]["reference"] == followup.case.reference
    assert row["owner"] == {"id": board.mentor.pk, "name": board.mentor.full_name}
    assert row["due_on"] == "2026-11-09"


def test_scopes_follow_the_role(board, followup):
    mentor = client_for(board.mentor)
    assert ids(mentor.get(f"{API}/followups/")) == [followup.pk]  # mine by default
    forbidden = mentor.get(f"{API}/followups/", {"scope": "all"})
    assert forbidden.status_code == 403 and "scope=mine" in forbidden.json()["detail"]
    assert mentor.get(f"{API}/followups/", {"scope": "branch"}).status_code == 403
    coordinator = client_for(board.coordinator)
    assert ids(coordinator.get(f"{API}/followups/", {"scope": "branch"})) == [followup.pk]
    assert ids(coordinator.get(f"{API}/followups/", {"scope": "mine"})) == []
    assert coordinator.get(f"{API}/followups/", {"scope": "all"}).status_code == 403
    board_coordinator = client_for(board.board_coordinator)
    assert ids(board_coordinator.get(f"{API}/followups/", {"scope": "all"})) == [followup.pk]
    assert ids(client_for(board.teacher).get(f"{API}/followups/")) == []


def test_filters_and_bad_filters(board, followup):
    client = client_for(board.board_coordinator)
    assert ids(client.get(f"{API}/followups/", {"branch": board.other_branch.pk})) == []
    assert ids(client.get(f"{API}/followups/", {"owner": board.mentor.pk, "kind": followup.deadline_key})) == [followup.pk]
    assert ids(client.get(f"{API}/followups/", {"status": "done"})) == []
    bad = client.get(f"{API}/followups/", {"status": "bogus", "branch": "x"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"status", "branch"}


def test_retrieve_and_another_tenant_gets_404(board, other_board, followup):
    assert client_for(board.mentor).get(f"{API}/followups/{followup.pk}/").json()["id"] == followup.pk
    for user in (other_board.coordinator, other_board.board_coordinator, board.teacher):
        client = client_for(user)
        assert client.get(f"{API}/followups/{followup.pk}/").status_code == 404
        assert client.post(f"{API}/followups/{followup.pk}/complete/", {}, format="json").status_code == 404
    assert client_for(board.mentor).get(f"{API}/followups/abc/").status_code == 404
    assert client_for(board.mentor).get(f"{API}/followups/99999999999999999999999/").status_code == 404
    assert ids(client_for(other_board.board_coordinator).get(f"{API}/followups/", {"scope": "all"})) == []


def test_complete_then_complete_again_is_a_409_that_changes_nothing(board, followup):
    client = client_for(board.mentor)
    url = f"{API}/followups/{followup.pk}/complete/"
    done = client.post(url, {"note": "Besproken"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["completion_note"] == "Besproken"
    again = client.post(url, {"note": "Nog eens"}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == "Deze termijn is al afgerond of vervallen; er is niets gewijzigd."
    with board.tenant():
        followup.refresh_from_db()
    assert followup.completion_note == "Besproken"


def test_complete_refuses_a_too_long_note(board, followup):
    response = client_for(board.mentor).post(f"{API}/followups/{followup.pk}/complete/", {"note": "x" * 1001}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    with board.tenant():
        followup.refresh_from_db()
    assert followup.is_active


def test_anonymous_gets_401(db):
    assert APIClient().get(f"{API}/followups/").status_code == 401
    assert APIClient().get(f"{API}/notifications/").status_code == 401


# --- notifications ------------------------------------------------------------------------------
@pytest.fixture
def notes(board, monitored):
    with board.tenant():
        followups_scan(board.organisation.pk, today=dt.date(2026, 11, 5))
        followups_scan(board.organisation.pk, today=dt.date(2026, 11, 10))
        return {n.kind: n for n in Notification.objects.filter(recipient=board.mentor)}


def test_notifications_lists_only_mine(board, other_board, notes):
    mine = client_for(board.mentor).get(f"{API}/notifications/")
    assert sorted(ids(mine)) == sorted(n.pk for n in notes.values())
    coordinator = ids(client_for(board.coordinator).get(f"{API}/notifications/"))
    # The overdue alert and the notice of the new signal (incidents.triage).
    assert len(coordinator) == 2 and not set(coordinator) & {n.pk for n in notes.values()}
    assert ids(client_for(other_board.coordinator).get(f"{API}/notifications/")) == []


def test_mark_read_by_id_then_all(board, notes):
    client = client_for(board.mentor)
    reminder = notes["followup_reminder"]
    response = client.post(f"{API}/notifications/mark-read/", {"ids": [reminder.pk]}, format="json")
    assert response.json() == {"marked_read": 1, "unread": 1}
    assert len(ids(client.get(f"{API}/notifications/", {"unread": "true"}))) == 1
    assert client.post(f"{API}/notifications/mark-read/", {"all": True}, format="json").json() == {"marked_read": 1, "unread": 0}
    assert client.post(f"{API}/notifications/mark-read/", {"all": True}, format="json").json() == {"marked_read": 0, "unread": 0}


def test_mark_read_of_someone_elses_notification_changes_nothing(board, other_board, notes):
    reminder = notes["followup_reminder"]
    for user in (board.coordinator, other_board.coordinator):
        response = client_for(user).post(f"{API}/notifications/mark-read/", {"ids": [reminder.pk]}, format="json")
        assert response.json()["marked_read"] == 0
    with board.tenant():
        reminder.refresh_from_db()
    assert reminder.read_at is None


def test_mark_read_needs_ids_or_all(board, notes):
    response = client_for(board.mentor).post(f"{API}/notifications/mark-read/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["ids"] == ["Geef de nummers van de berichten, of all=true."]
    bad = client_for(board.mentor).post(f"{API}/notifications/mark-read/", {"ids": ["x"]}, format="json")
    assert bad.status_code == 400
