"""One truth for deadlines (issue 17, item 4): the case page lists each deadline once, and
its due date and state are the same on the case page, "Vandaag", the overdue dashboard,
the calendar feed and the API — they all read incidents.deadlines over the stored follow-ups."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from incidents import ical
from incidents.models import FollowUp

from .helpers import open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)  # monitoring starts: due Monday 9 November
THURSDAY_LATE = dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC)  # three school days late
FRIDAY_BEFORE = dt.datetime(2026, 11, 6, 10, tzinfo=dt.UTC)  # one school day left (Monday)
LABEL = "Vier weken controle van de afspraken"


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


def html(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def api(user, url) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("moment", "state", "words"), [
    (THURSDAY_LATE, "overdue", "3 schooldagen te laat"),
    (FRIDAY_BEFORE, "open", "nog 1 schooldag"),
])
def test_every_place_shows_the_same_due_date_and_state(client, board, monitored, moment, state, words):
    with board.tenant():
        followup = FollowUp.objects.get(case=monitored, deadline_key__isnull=False, status__in=("open", "overdue"))
    due_text = followup.due_on.strftime("%d-%m-%Y")
    with time_machine.travel(moment, tick=False):
        case_page = html(client, board.coordinator, reverse("incidents:case_detail", args=[monitored.pk]))
        # One list: the label appears once among the deadlines, with its state in words.
        assert "Lopende termijnen" not in case_page
        aside = case_page[case_page.index('id="termijnbewaking"'):]
        aside = aside[:aside.index("</section>")]
        assert aside.count(f"<strong>{LABEL}</strong>") == 1 and words in aside
        assert "9 november 2026" in aside

        today = html(client, board.mentor, reverse("home"))
        if state == "overdue":
            assert words in today and due_text in today
        else:
            assert words in today  # "Mijn termijnen deze week"

        dashboard = html(client, board.coordinator, reverse("incidents:followup_dashboard"))
        assert words in dashboard

        detail = api(board.coordinator, f"/api/v1/cases/{monitored.pk}/")
        (term,) = [t for t in detail["terms"] if t["key"] == followup.deadline_key]
        assert term["due"] == followup.due_on.isoformat()
        assert term["status"] == state and term["state_label"] == words and term["overdue"] is (state == "overdue")

        listed = api(board.coordinator, "/api/v1/followups/")
        (row,) = [r for r in listed["results"] if r["id"] == followup.pk]
        assert row["due_on"] == term["due"] and row["state_label"] == words
        assert row["is_overdue"] is term["overdue"]

        with board.tenant():
            feed = Calendar.from_ical(ical.build_calendar(list(FollowUp.objects.filter(pk=followup.pk).select_related("case"))))
        (event,) = [c for c in feed.walk("VEVENT")]
        assert event.decoded("dtstart") == followup.due_on
        assert str(event.get("summary")).startswith("Te laat") is (state == "overdue")


def test_my_cases_says_until_the_stored_due_date(client, board, monitored):
    """"Mijn zaken" reads the same stored term: its "tot" date is the follow-up's due date."""
    with board.tenant():
        followup = FollowUp.objects.get(case=monitored, status="open")
        FollowUp.objects.filter(pk=followup.pk).update(due_on=dt.date(2026, 11, 20))
    with time_machine.travel(FRIDAY_BEFORE, tick=False):
        page = html(client, board.mentor, reverse("incidents:my_cases"))
    assert re.search(r"tot 20-11-2026", page)
