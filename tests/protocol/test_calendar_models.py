"""Stored school calendars: calendar_for, pre-fill per region, adjustments, validation, access."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from people.models import AuditEvent
from protocol import calendar_services as services
from protocol.calendar import regional_calendar
from protocol.calendars import (
    calendar_for,
    clear_cache,
    stored_calendar_for,
    uncovered_school_years,
    uncovered_years_warning,
)
from protocol.models import CalendarPeriod, OrganisationCalendar, RegionalHoliday

pytestmark = pytest.mark.django_db

D = dt.date
MON_6_OCT_2025 = D(2025, 10, 6)
MON_29_SEP_2025 = D(2025, 9, 29)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


def configure(board, region="midden", branch=None, by=None, **kwargs):
    with board.tenant():
        return services.calendar_configure(
            organisation=board.organisation, branch=branch, region=region,
            acting_user=by or board.board_coordinator, **kwargs,
        ).calendar


def herfst(board, calendar, year=2025):
    with board.tenant():
        return CalendarPeriod.objects.get(calendar=calendar, name="herfstvakantie", school_year=year)


def snapshot(board):
    with board.tenant():
        rows = sorted(
            CalendarPeriod.objects.for_organisation(board.organisation).values_list("kind", "name", "start", "end", "source")
        )
        revisions = sorted(OrganisationCalendar.objects.for_organisation(board.organisation).values_list("pk", "revision"))
    return rows, revisions


# --- calendar_for: organisation, branch override, default -------------------------------------
def test_it_falls_back_to_region_midden_without_a_stored_calendar(board):
    with board.tenant():
        calendar = calendar_for(board.organisation)
    expected = regional_calendar("midden")
    assert calendar.holidays == expected.holidays
    assert calendar.add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)


def test_it_uses_the_organisations_calendar_for_every_branch(board):
    configure(board, "zuid")
    with board.tenant():
        for branch in (None, board.branch, board.branch.pk, board.other_branch):
            calendar = calendar_for(board.organisation, branch)
            # zuid's herfstvakantie (11–19 Oct 2025) stops the clock in the week of 13 October
            assert calendar.add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 20)


def test_it_lets_a_branch_calendar_override_the_organisations(board):
    org_calendar = configure(board, "midden")
    branch_calendar = configure(board, "zuid", branch=board.branch)
    with board.tenant():
        assert stored_calendar_for(board.organisation, board.branch) == branch_calendar
        assert stored_calendar_for(board.organisation, board.other_branch) == org_calendar
        assert stored_calendar_for(board.organisation) == org_calendar
        assert calendar_for(board.organisation, board.branch).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 20)
        assert calendar_for(board.organisation, board.other_branch).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)
        assert calendar_for(board.organisation.pk).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)


def test_it_keeps_organisations_apart(board, other_board):
    configure(board, "zuid")
    with other_board.tenant():
        # other_board has no calendar: the default, not board's
        assert calendar_for(other_board.organisation).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)


def test_a_branch_calendar_removed_falls_back_to_the_organisation(board):
    configure(board, "midden")
    branch_calendar = configure(board, "zuid", branch=board.branch, by=board.coordinator)
    with board.tenant():
        services.calendar_delete(calendar=branch_calendar, acting_user=board.coordinator)
        assert calendar_for(board.organisation, board.branch).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)


# --- pre-fill -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("region", "start", "end"),
    [("noord", D(2025, 10, 18), D(2025, 10, 26)), ("midden", D(2025, 10, 18), D(2025, 10, 26)),
     ("zuid", D(2025, 10, 11), D(2025, 10, 19))],
)
def test_it_prefills_the_regions_recommended_holidays(board, region, start, end):
    calendar = configure(board, region)
    period = herfst(board, calendar)
    assert (period.start, period.end, period.source) == (start, end, CalendarPeriod.Source.REGIONAL)
    with board.tenant():
        periods = CalendarPeriod.objects.filter(calendar=calendar)
        years = set(periods.values_list("school_year", flat=True))
        assert {2024, 2025, 2026, 2027, 2028, 2029} <= years
        assert periods.filter(school_year=2025).count() == 5
        assert calendar_for(board.organisation).holidays == regional_calendar(region).holidays


def test_prefill_prefers_imported_government_data(board):
    RegionalHoliday.objects.create(region="midden", school_year=2025, name="herfstvakantie",
                                   start=D(2025, 10, 11), end=D(2025, 10, 19))
    calendar = configure(board, "midden")
    assert (herfst(board, calendar).start, herfst(board, calendar).end) == (D(2025, 10, 11), D(2025, 10, 19))
    with board.tenant():
        # the imported year replaces the shipped one as a whole; other years come from the shipped data
        assert CalendarPeriod.objects.filter(calendar=calendar, school_year=2025).count() == 1
        assert CalendarPeriod.objects.filter(calendar=calendar, school_year=2026).count() == 5


def test_reapplying_a_region_keeps_what_the_school_adjusted(board):
    calendar = configure(board, "midden")
    period = herfst(board, calendar)
    with board.tenant():
        services.period_update(period=period, name="herfstvakantie", start=D(2025, 11, 1), end=D(2025, 11, 9),
                               acting_user=board.board_coordinator)
    calendar = configure(board, "zuid")
    adjusted = herfst(board, calendar)
    assert (adjusted.start, adjusted.source) == (D(2025, 11, 1), CalendarPeriod.Source.ADJUSTED)
    with board.tenant():  # zuid's advice everywhere else
        spring = CalendarPeriod.objects.get(calendar=calendar, name="voorjaarsvakantie", school_year=2026)
        assert (spring.start, spring.source) == (D(2027, 2, 13), CalendarPeriod.Source.REGIONAL)


# --- adjustments move deadlines -------------------------------------------------------------------------
def test_shifting_a_holiday_moves_a_week_deadline(board):
    calendar = configure(board, "midden")
    with board.tenant():
        before = calendar_for(board.organisation).deadline(MON_29_SEP_2025, amount=4, unit="school_weeks")
        assert before.due == D(2025, 11, 3)
        assert before.explanation_nl == "4 schoolweken; herfstvakantie telt niet mee"
        services.period_update(period=herfst(board, calendar), name="herfstvakantie",
                               start=D(2025, 11, 1), end=D(2025, 11, 9), acting_user=board.board_coordinator)
        after = calendar_for(board.organisation).deadline(MON_29_SEP_2025, amount=4, unit="school_weeks")
    assert after.due == D(2025, 10, 27)
    assert after.explanation_nl == "4 schoolweken"


def test_a_study_day_moves_a_school_day_deadline(board):
    calendar = configure(board, "midden")
    start = D(2026, 3, 2)
    with board.tenant():
        assert calendar_for(board.organisation).add_school_days(start, 10) == D(2026, 3, 16)
        services.period_add(calendar=calendar, kind="study_day", name="studiedag", start=D(2026, 3, 11),
                            acting_user=board.board_coordinator)
        deadline = calendar_for(board.organisation).deadline(start, amount=10, unit="school_days")
    assert deadline.due == D(2026, 3, 17)
    assert deadline.explanation_nl == "10 schooldagen; studiedag (11 maart) telt niet mee"


def test_a_public_holiday_with_school_counts_as_a_school_day(board):
    calendar = configure(board, "midden")
    good_friday = D(2026, 4, 3)
    with board.tenant():
        assert not calendar_for(board.organisation).is_school_day(good_friday)
        period = services.period_add(calendar=calendar, kind="school_open", name="", start=good_friday,
                                     acting_user=board.board_coordinator)
        assert period.name == "Goede vrijdag"
        assert calendar_for(board.organisation).is_school_day(good_friday)


def test_public_holidays_can_be_switched_off(board):
    configure(board, "midden", include_public_holidays=False)
    with board.tenant():
        assert calendar_for(board.organisation).is_school_day(D(2026, 5, 14)) is True  # Hemelvaartsdag


def test_changes_are_audited(board):
    calendar = configure(board, "midden")
    with board.tenant():
        period = services.period_add(calendar=calendar, kind="day_off", name="Extra vrije dag", start=D(2026, 5, 15),
                                     acting_user=board.board_coordinator)
        services.period_delete(period=period, acting_user=board.board_coordinator)
        actions = list(AuditEvent.objects.filter(organisation_id=board.organisation.pk)
                       .filter(object_type__startswith="protocol.").values_list("action", "object_type"))
    assert (AuditEvent.Action.CREATE, "protocol.organisationcalendar") in actions
    assert (AuditEvent.Action.CREATE, "protocol.calendarperiod") in actions
    assert (AuditEvent.Action.DELETE, "protocol.calendarperiod") in actions


# --- validation: nothing changes ------------------------------------------------------------------------
def _refused(board, call, expected: str):
    before = snapshot(board)
    with pytest.raises(ValidationError) as exc:
        with board.tenant():
            call()
    assert any(expected in m for m in exc.value.messages), exc.value.messages
    assert snapshot(board) == before
    return exc.value.messages


def test_it_refuses_an_overlapping_vacation(board):
    calendar = configure(board, "midden")
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="vacation", name="carnavalsvakantie", start=D(2025, 10, 25), end=D(2025, 11, 2),
        acting_user=board.board_coordinator), "overlappen")


def test_it_refuses_a_reversed_vacation(board):
    calendar = configure(board, "midden")
    messages = _refused(board, lambda: services.period_add(
        calendar=calendar, kind="vacation", name="extra week", start=D(2026, 6, 12), end=D(2026, 6, 5),
        acting_user=board.board_coordinator), "ligt vóór de begindatum")
    assert messages == ["extra week: de einddatum 5 juni 2026 ligt vóór de begindatum 12 juni 2026."]


def test_it_refuses_a_reversed_update(board):
    calendar = configure(board, "midden")
    period = herfst(board, calendar)
    _refused(board, lambda: services.period_update(
        period=period, name="herfstvakantie", start=D(2025, 10, 26), end=D(2025, 10, 18),
        acting_user=board.board_coordinator), "ligt vóór de begindatum")


def test_it_refuses_a_duplicate_vacation(board):
    calendar = configure(board, "midden")
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="vacation", name="herfstvakantie", start=D(2025, 10, 18), end=D(2025, 10, 26),
        acting_user=board.board_coordinator), "staat dubbel in de lijst")


def test_it_refuses_a_duplicate_day_off(board):
    calendar = configure(board, "midden")
    with board.tenant():
        services.period_add(calendar=calendar, kind="study_day", name="studiedag", start=D(2026, 3, 11),
                            acting_user=board.board_coordinator)
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="day_off", name="vrije dag", start=D(2026, 3, 11),
        acting_user=board.board_coordinator), "staat twee keer als vrije dag")


def test_it_refuses_school_on_a_day_that_is_no_public_holiday(board):
    calendar = configure(board, "midden")
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="school_open", name="wel school", start=D(2026, 3, 11),
        acting_user=board.board_coordinator), "valt geen officiële feestdag")


def test_it_refuses_a_study_day_in_the_weekend_and_empty_fields(board):
    calendar = configure(board, "midden")
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="study_day", name="studiedag", start=D(2026, 3, 14),
        acting_user=board.board_coordinator), "valt in het weekend")
    _refused(board, lambda: services.period_add(
        calendar=calendar, kind="vacation", name=" ", start=D(2026, 3, 9), end=None,
        acting_user=board.board_coordinator), "Vul een naam in.")


def test_an_invalid_change_keeps_the_cached_calendar(board):
    calendar = configure(board, "midden")
    with board.tenant():
        first = calendar_for(board.organisation)
        with pytest.raises(ValidationError):
            services.period_add(calendar=calendar, kind="vacation", name="x", start=D(2025, 10, 20),
                                end=D(2025, 10, 21), acting_user=board.board_coordinator)
        assert calendar_for(board.organisation) is first  # same revision: served from the cache


# --- who may -----------------------------------------------------------------------------------------------
def test_a_mentor_may_not_change_a_calendar(board):
    calendar = configure(board, "midden")
    with board.tenant(), pytest.raises(PermissionDenied):
        services.period_add(calendar=calendar, kind="study_day", name="studiedag", start=D(2026, 3, 11),
                            acting_user=board.mentor)


def test_a_branch_coordinator_manages_only_their_branch(board):
    with board.tenant(), pytest.raises(PermissionDenied):
        services.calendar_configure(organisation=board.organisation, region="noord", acting_user=board.coordinator)
    with board.tenant(), pytest.raises(PermissionDenied):
        services.calendar_configure(organisation=board.organisation, branch=board.other_branch, region="noord",
                                    acting_user=board.coordinator)
    calendar = configure(board, "noord", branch=board.branch, by=board.coordinator)
    assert calendar.branch == board.branch


# --- the warning helper -----------------------------------------------------------------------------------
def test_it_warns_about_school_years_without_holidays(board):
    calendar = configure(board, "midden")
    with board.tenant():
        school = calendar_for(board.organisation)
        assert uncovered_years_warning(school, [D(2025, 10, 1), D(2026, 9, 1)]) is None
        assert uncovered_school_years(school, [D(2031, 1, 5), D(2030, 9, 1), None]) == ["2030-2031"]
        warning = uncovered_years_warning(school, [D(2031, 1, 5), D(2032, 1, 5)])
        assert warning is not None and "2030-2031, 2031-2032" in warning and "geen vakanties" in warning
        # deleting every vacation of a year makes it uncovered
        for p in CalendarPeriod.objects.filter(calendar=calendar, school_year=2026, kind="vacation"):
            services.period_delete(period=p, acting_user=board.board_coordinator)
        assert uncovered_school_years(calendar_for(board.organisation), [D(2026, 11, 1)]) == ["2026-2027"]


@pytest.mark.postgres
def test_row_level_security_hides_calendars_outside_the_tenant(board, other_board):
    configure(board, "zuid")
    with other_board.tenant():
        assert OrganisationCalendar.objects.count() == 0
        assert CalendarPeriod.objects.count() == 0
        # even asking for board's calendar by id gives the default: the rows are invisible
        assert calendar_for(board.organisation).add_school_weeks(MON_6_OCT_2025, 1) == D(2025, 10, 13)
