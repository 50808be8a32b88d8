"""Each branch counts with the holidays of its own region, derived from its place; management can set it."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from incidents.models import FollowUp
from people.models import AuditEvent
from protocol.calendar.places import region_of_place
from protocol.calendars import calendar_for, calendar_label, region_for, regional_school_calendar
from tests.incidents.helpers import open_case, walk_to_monitoring

JUNE_2027 = dt.datetime(2027, 6, 14, 10, tzinfo=dt.UTC)  # a Monday: midden ends its term before its summer, noord cannot


@pytest.mark.parametrize(
    "kwargs, region, certain",
    [
        ({"postcode": "9101 AB"}, "noord", True),  # Dokkum, Friesland
        ({"postcode": "8911AB"}, "noord", True),  # Leeuwarden
        ({"postcode": "3011 AB"}, "midden", True),  # Rotterdam
        ({"postcode": "6511 AB"}, "zuid", True),  # Nijmegen
        ({"postcode": "5611 AB"}, "zuid", True),  # Eindhoven
        ({"place": "Arnhem", "postcode": "6811 AB"}, "zuid", True),
        ({"place": "Hattem", "postcode": "8051 AB"}, "noord", True),  # the one Gelderland municipality in noord
        ({"place": "Eemnes", "province": "utrecht"}, "noord", True),
        ({"place": "Zeewolde", "province": "flevoland"}, "midden", True),
        ({"place": "Tiel"}, "midden", True),
        ({"postcode": "8081 AB"}, "noord", False),  # Elburg's area straddles noord and midden: ask to check
        ({"province": "friesland"}, "noord", True),
        ({"province": "gelderland"}, "midden", False),  # split three ways
        ({}, "midden", False),
        ({"override": "zuid", "postcode": "9101 AB"}, "zuid", True),
    ],
)
def test_the_region_follows_the_place(kwargs, region, certain):
    guess = region_of_place(**kwargs)
    assert (guess.region, guess.certain) == (region, certain)


def test_the_explanation_says_how_it_was_decided():
    assert region_of_place(postcode="9101 AB").explanation() == "Noord (afgeleid uit postcode 9101)"
    assert "controleer" in region_of_place(province="gelderland").explanation()
    assert region_of_place(override="zuid").explanation("en") == "South (set by management)"


@pytest.fixture
def friesland(board):
    with board.tenant():
        board.branch.postcode, board.branch.province = "9101 AB", "friesland"
        board.branch.save(update_fields=["postcode", "province"])
    return board


@pytest.mark.django_db
def test_a_friesland_branch_counts_with_region_noord_and_others_with_midden(friesland):
    with friesland.tenant():
        assert region_for(friesland.organisation, friesland.branch).region == "noord"
        assert region_for(friesland.organisation, friesland.other_branch).region == "midden"
        noord = calendar_for(friesland.organisation, friesland.branch)
        midden = calendar_for(friesland.organisation, friesland.other_branch)
    assert noord.holiday_on(dt.date(2027, 7, 12)) is not None  # noord's summer starts 10 July 2027
    assert midden.holiday_on(dt.date(2027, 7, 12)) is None  # midden still at school


@pytest.mark.django_db
def test_a_four_week_term_of_a_friesland_branch_runs_across_its_own_summer_holiday(friesland):
    with time_machine.travel(JUNE_2027, tick=False):
        case = walk_to_monitoring(friesland, open_case(friesland))
    with friesland.tenant():
        (term,) = FollowUp.objects.filter(case=case, deadline_key="monitoring_four_weeks")
    noord = regional_school_calendar("noord").deadline(dt.date(2027, 6, 14), amount=4, unit="school_weeks").due
    midden = regional_school_calendar("midden").deadline(dt.date(2027, 6, 14), amount=4, unit="school_weeks").due
    assert term.due_on == noord
    assert midden < dt.date(2027, 7, 17)  # a midden branch is done before its own summer (17 July)
    assert term.due_on != midden
    assert dt.date(2027, 8, 22) < term.due_on < dt.date(2027, 9, 6)  # after noord's summer (10 July-22 August)
    assert "zomervakantie" in term.explanation_nl


@pytest.mark.django_db
def test_management_sets_the_region_and_the_page_shows_it(friesland, client):
    url = reverse("protocol:branch_calendar", args=[friesland.branch.pk])
    client.force_login(friesland.management)
    page = client.get(url).content.decode()
    assert "Noord (afgeleid uit postcode 9101)" in page
    answer = client.post(reverse("protocol:branch_region", args=[friesland.branch.pk]),
                         {"postcode": "9101ab", "province": "friesland", "holiday_region": "midden"})
    assert answer.status_code == 302
    with friesland.tenant():
        friesland.branch.refresh_from_db()
        assert friesland.branch.postcode == "9101 AB"
        assert region_for(friesland.organisation, friesland.branch).region == "midden"
        assert AuditEvent.objects.filter(object_id=str(friesland.branch.pk), detail__what="holiday_region").exists()
    assert "Midden (ingesteld door de directie)" in client.get(url).content.decode()


@pytest.mark.django_db
def test_bad_postcode_is_refused_in_dutch_and_nothing_changes(friesland, client):
    client.force_login(friesland.management)
    answer = client.post(reverse("protocol:branch_region", args=[friesland.branch.pk]),
                         {"postcode": "ABCD", "province": "friesland", "holiday_region": ""})
    assert answer.status_code == 400
    assert "Vul een Nederlandse postcode in" in answer.content.decode()
    with friesland.tenant():
        friesland.branch.refresh_from_db()
    assert friesland.branch.postcode == "9101 AB"


@pytest.mark.django_db
def test_a_coordinator_sees_the_region_but_does_not_set_it(friesland, other_board, client):
    client.force_login(friesland.coordinator)
    page = client.get(reverse("protocol:branch_calendar", args=[friesland.branch.pk])).content.decode()
    assert "Noord" in page and reverse("protocol:branch_region", args=[friesland.branch.pk]) not in page
    assert client.post(reverse("protocol:branch_region", args=[friesland.branch.pk]),
                       {"holiday_region": "zuid"}).status_code == 403
    client.force_login(other_board.management)
    assert client.post(reverse("protocol:branch_region", args=[friesland.branch.pk]),
                       {"holiday_region": "zuid"}).status_code == 404


@pytest.mark.django_db
def test_the_case_page_shows_the_region_next_to_the_deadlines(friesland, client):
    with time_machine.travel(JUNE_2027, tick=False):
        case = walk_to_monitoring(friesland, open_case(friesland))
    with friesland.tenant():
        label = calendar_label(friesland.organisation, friesland.branch)
    assert "regio Noord" in label
    client.force_login(friesland.mentor)
    page = client.get(reverse("incidents:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert label in page.content.decode()
