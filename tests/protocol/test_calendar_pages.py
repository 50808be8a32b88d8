"""The "Schoolkalender" pages: who sees them, what they show, and that they change the calendar."""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from people.access import scope_for
from people.context_processors import menu_for
from protocol import calendar_services as services
from protocol.calendars import calendar_for, clear_cache
from protocol.models import CalendarPeriod, OrganisationCalendar

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def configure(board, region="midden", branch=None):
    with board.tenant():
        return services.calendar_configure(
            organisation=board.organisation, branch=branch, region=region, acting_user=board.board_coordinator
        ).calendar


def page(response) -> str:
    return response.content.decode()


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.inline = 0
        self.label_for: set[str] = set()
        self.control_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.h1 += tag == "h1"
        if "style" in attrs or tag == "style" or any(a.startswith("on") for a in attrs):
            self.inline += 1
        if tag == "script" and "src" not in attrs:
            self.inline += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.control_ids.append(attrs.get("id", ""))


# --- who ------------------------------------------------------------------------------------------------
def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("protocol:calendar"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["mentor", "teacher", "adviser"])
def test_it_gives_404_to_staff_it_is_not_for(client, board, persona):
    calendar = configure(board)
    client.force_login(getattr(board, persona))
    assert client.get(reverse("protocol:calendar")).status_code == 404
    assert client.get(reverse("protocol:branch_calendar", args=[board.branch.pk])).status_code == 404
    with board.tenant():
        period = CalendarPeriod.objects.filter(calendar=calendar).first()
    assert client.get(reverse("protocol:calendar_period_edit", args=[calendar.pk, period.pk])).status_code == 404
    response = client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]),
                           {"kind": "study_day", "name": "studiedag", "start": "2026-03-11"})
    assert response.status_code == 404


def test_it_is_in_the_navigation_only_for_coordinators_management_and_board(client, board):
    url = reverse("protocol:calendar")
    for persona, visible in [("mentor", False), ("teacher", False), ("coordinator", True),
                             ("management", True), ("board_coordinator", True)]:
        user = getattr(board, persona)
        with board.tenant():
            groups = menu_for(scope_for(user), "/")
        assert (url in {entry.url for group in groups for entry in group.entries}) is visible, persona


def test_it_gives_404_for_another_organisations_calendar(client, board, other_board):
    calendar = configure(board)
    with board.tenant():
        period = CalendarPeriod.objects.filter(calendar=calendar).first()
    client.force_login(other_board.board_coordinator)
    assert client.get(reverse("protocol:branch_calendar", args=[board.branch.pk])).status_code == 404
    assert client.get(reverse("protocol:calendar_period_edit", args=[calendar.pk, period.pk])).status_code == 404
    assert client.post(reverse("protocol:calendar_period_delete", args=[calendar.pk, period.pk])).status_code == 404
    assert client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]),
                       {"kind": "study_day", "name": "x", "start": "2026-03-11"}).status_code == 404
    with board.tenant():
        assert CalendarPeriod.objects.filter(pk=period.pk).exists()
    # and the other board's own page shows nothing of this board
    response = client.get(reverse("protocol:calendar"))
    assert response.status_code == 200
    assert board.branch.name not in page(response)


def test_a_coordinator_is_sent_to_their_branch_and_cannot_reach_another(client, board):
    client.force_login(board.coordinator)
    response = client.get(reverse("protocol:calendar"))
    assert response.status_code == 302
    assert response["Location"] == reverse("protocol:branch_calendar", args=[board.branch.pk])
    assert client.get(reverse("protocol:branch_calendar", args=[board.other_branch.pk])).status_code == 404
    assert client.post(reverse("protocol:calendar_settings"), {"region": "zuid"}).status_code == 404


# --- what -------------------------------------------------------------------------------------------------
def test_it_shows_the_calendar_per_school_year_with_the_example(client, board):
    calendar = configure(board)
    with board.tenant():
        services.period_add(calendar=calendar, kind="study_day", name="studiedag", start=D(2026, 3, 11),
                            acting_user=board.board_coordinator)
    client.force_login(board.board_coordinator)
    response = client.get(reverse("protocol:calendar"), {"start": "2025-09-29"})
    html = page(response)
    assert response.status_code == 200
    assert "Schooljaar 2025-2026" in html or "Schooljaar 2026-2027" in html
    assert "Herfstvakantie" in html and "Advies rijksoverheid" in html
    assert "4 schoolweken; herfstvakantie telt niet mee" in html
    assert "maandag 3 november 2025" in html
    outline = _Outline()
    outline.feed(html)
    assert outline.h1 == 1 and outline.inline == 0
    assert all(i in outline.label_for for i in outline.control_ids), outline.control_ids


def test_it_warns_when_there_is_no_calendar_and_explains_the_default(client, board):
    client.force_login(board.board_coordinator)
    html = page(client.get(reverse("protocol:calendar")))
    assert "Er is nog geen schoolkalender ingesteld" in html
    assert "Kalender maken" in html


def test_it_warns_about_a_school_year_without_holidays(client, board):
    calendar = configure(board)
    with board.tenant():
        for p in CalendarPeriod.objects.filter(calendar=calendar, kind="vacation", school_year__gte=2024):
            services.period_delete(period=p, acting_user=board.board_coordinator)
    client.force_login(board.board_coordinator)
    html = page(client.get(reverse("protocol:calendar")))
    assert "Vakantiegegevens ontbreken" in html
    assert "zijn geen vakanties ingevoerd" in html


def test_a_branch_follows_the_organisation_until_it_makes_its_own(client, board):
    configure(board, "midden")
    client.force_login(board.management)
    url = reverse("protocol:branch_calendar", args=[board.branch.pk])
    assert "volgt de schoolkalender van de organisatie" in page(client.get(url))
    response = client.post(reverse("protocol:branch_calendar_settings", args=[board.branch.pk]),
                           {"region": "zuid", "include_public_holidays": "on", "prefill": "on"})
    assert response.status_code == 302
    with board.tenant():
        own = OrganisationCalendar.objects.get(branch=board.branch)
        assert own.region == "zuid"
        assert calendar_for(board.organisation, board.branch).add_school_weeks(D(2025, 10, 6), 1) == D(2025, 10, 20)
    assert "Eigen kalender van de vestiging verwijderen" in page(client.get(url))


# --- changing it ---------------------------------------------------------------------------------------------
def test_it_creates_a_calendar_from_the_region(client, board):
    client.force_login(board.board_coordinator)
    response = client.post(reverse("protocol:calendar_settings"), {"region": "noord", "prefill": "on"}, follow=True)
    assert "vakanties van regio Noord ingevuld" in page(response)
    with board.tenant():
        calendar = OrganisationCalendar.objects.get(branch__isnull=True)
        assert calendar.include_public_holidays is False  # unticked box
        assert calendar.periods.filter(source="regional").count() == 30


def test_it_adds_edits_and_deletes_a_study_day(client, board):
    calendar = configure(board)
    client.force_login(board.board_coordinator)
    response = client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]),
                           {"kind": "study_day", "name": "studiedag", "start": "2026-03-11"})
    assert response.status_code == 302
    with board.tenant():
        period = CalendarPeriod.objects.get(calendar=calendar, kind="study_day")
    edit = reverse("protocol:calendar_period_edit", args=[calendar.pk, period.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"name": "teamdag", "start": "2026-03-12"}).status_code == 302
    with board.tenant():
        period.refresh_from_db()
        assert (period.name, period.start, period.end) == ("teamdag", D(2026, 3, 12), D(2026, 3, 12))
    delete = reverse("protocol:calendar_period_delete", args=[calendar.pk, period.pk])
    assert "verwijderen?" in page(client.get(delete))
    assert client.post(delete).status_code == 302
    with board.tenant():
        assert not CalendarPeriod.objects.filter(pk=period.pk).exists()


def test_it_shifts_a_recommended_holiday_and_marks_it_adjusted(client, board):
    calendar = configure(board)
    with board.tenant():
        herfst = CalendarPeriod.objects.get(calendar=calendar, name="herfstvakantie", school_year=2025)
    client.force_login(board.board_coordinator)
    response = client.post(reverse("protocol:calendar_period_edit", args=[calendar.pk, herfst.pk]),
                           {"name": "herfstvakantie", "start": "2025-11-01", "end": "2025-11-09"})
    assert response.status_code == 302
    html = page(client.get(reverse("protocol:calendar"), {"start": "2025-09-29"}))
    assert "Aangepast advies" in html
    assert "maandag 27 oktober 2025" in html


def test_it_shows_every_problem_and_saves_nothing(client, board):
    calendar = configure(board)
    with board.tenant():
        before = sorted(CalendarPeriod.objects.filter(calendar=calendar).values_list("pk", "start", "end"))
    client.force_login(board.board_coordinator)
    response = client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]),
                           {"kind": "vacation", "name": "extra", "start": "2025-10-20", "end": "2025-10-24"})
    assert response.status_code == 400
    html = page(response)
    assert "Er is niets opgeslagen" in html and "overlappen" in html
    response = client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]),
                           {"kind": "vacation", "name": "extra", "start": "2026-06-12", "end": "2026-06-05"})
    assert response.status_code == 400 and "ligt vóór de begindatum" in page(response)
    response = client.post(reverse("protocol:calendar_period_add", args=[calendar.pk]), {"kind": "vacation", "name": "x"})
    assert response.status_code == 400 and "Controleer de gemarkeerde velden" in page(response)
    with board.tenant():
        assert sorted(CalendarPeriod.objects.filter(calendar=calendar).values_list("pk", "start", "end")) == before
