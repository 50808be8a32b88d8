"""The iCal feed of one's follow-ups: a secret, revocable address, no student names in it."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from incidents import ical
from incidents.models import CalendarFeedToken, FollowUp

from .helpers import open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)
PAGE = reverse("incidents:calendar_feed_page")


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


def make_address(client, user) -> str:
    client.force_login(user)
    response = client.post(PAGE, {"action": "make"})
    assert response.status_code == 200
    match = re.search(r'value="(http://testserver/agenda/[^"]+\.ics)"', response.content.decode())
    assert match, "the new address is shown once"
    client.logout()
    return match.group(1).removeprefix("http://testserver")


def test_the_feed_lists_open_due_dates_as_all_day_events_without_names(client, board, monitored):
    url = make_address(client, board.mentor)
    response = client.get(url)  # no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    with board.tenant():
        followup = FollowUp.objects.get(case=monitored, status__in=("open", "overdue"))
    assert event.decoded("dtstart") == dt.date(2026, 11, 9)
    assert event.decoded("dtend") == dt.date(2026, 11, 10)
    assert monitored.reference in str(event["summary"]) and followup.label_nl in str(event["summary"])
    for name in (board.student.first_name, board.student.last_name, board.other_student.last_name, monitored.title):
        assert name not in body


def test_done_follow_ups_leave_the_feed(client, board, monitored):
    url = make_address(client, board.mentor)
    with board.tenant():
        FollowUp.objects.filter(case=monitored).update(status="done")
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []


def test_a_revoked_address_is_a_bare_404(client, board, monitored):
    url = make_address(client, board.mentor)
    client.force_login(board.mentor)
    response = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert "De agendakoppeling is ingetrokken" in response.content.decode()
    client.logout()
    gone = client.get(url)
    assert gone.status_code == 404 and monitored.reference not in gone.content.decode()


def test_revoking_twice_says_nothing_changed(client, board):
    make_address(client, board.mentor)
    client.force_login(board.mentor)
    client.post(PAGE, {"action": "revoke"})
    response = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert "Er is geen actieve agendakoppeling; er is niets gewijzigd." in response.content.decode()


def test_a_new_address_replaces_the_old_one(client, board, monitored):
    old = make_address(client, board.mentor)
    new = make_address(client, board.mentor)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    with board.tenant():
        assert CalendarFeedToken.objects.filter(user=board.mentor, revoked_at=None).count() == 1


def test_unknown_and_malformed_tokens_are_404(client, board, other_board, monitored):
    url = make_address(client, board.mentor)
    token = url.removeprefix("/agenda/").removesuffix(".ics")
    # The secret part moved to another organisation, a changed secret, nonsense.
    other = other_board.organisation.pk.hex + token[32:]
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (f"/agenda/{other}.ics", f"/agenda/{changed}.ics", "/agenda/abc.ics", f"/agenda/{'0' * 32}{'x' * 43}.ics"):
        assert client.get(bad).status_code == 404


def test_only_the_hash_is_stored(client, board):
    url = make_address(client, board.mentor)
    token = url.removeprefix("/agenda/").removesuffix(".ics")
    with board.tenant():
        row = CalendarFeedToken.objects.get(user=board.mentor)
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_a_deactivated_user_has_no_feed(client, board, monitored):
    url = make_address(client, board.mentor)
    board.mentor.is_active = False
    board.mentor.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_the_page_needs_a_log_in_and_shows_the_live_address_state(client, board):
    assert client.get(PAGE).status_code == 302
    client.force_login(board.coordinator)
    assert "U heeft nog geen agenda-adres." in client.get(PAGE).content.decode()
    client.post(PAGE, {"action": "make"})
    page = client.get(PAGE).content.decode()
    assert "U heeft een actief agenda-adres." in page and "/agenda/" not in page.split("<main", 1)[1].split("Naar mijn")[0]
    assert "Onbekende actie" in client.post(PAGE, {"action": "x"}, follow=True).content.decode()


def test_build_calendar_marks_late_terms(board, monitored):
    with board.tenant():
        followups = list(FollowUp.objects.filter(case=monitored).select_related("case"))
    with time_machine.travel(dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC), tick=False):
        (event,) = Calendar.from_ical(ical.build_calendar(followups)).walk("VEVENT")
    assert str(event["summary"]).startswith("Te laat")
