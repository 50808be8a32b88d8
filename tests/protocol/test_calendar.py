"""The school calendar: school days, deadlines in school time, explanations, validation,
coverage and the shipped regional data. Pure Python: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from protocol.calendar import (
    REGIONS,
    STANDARD_VACATIONS,
    CalendarValidationError,
    DayOff,
    DayOffKind,
    DeadlineUnit,
    HolidayPeriod,
    SchoolCalendar,
    available_school_years,
    regional_calendar,
    regional_data_source,
    regional_holidays,
    school_year_of,
    vacation_is_compulsory,
    validate_days_off,
    validate_periods,
)

D = date


@pytest.fixture
def bare() -> SchoolCalendar:
    """Weekends and public holidays only."""
    return SchoolCalendar()


def studiedag(day: date) -> DayOff:
    return DayOff(day=day, name="studiedag", kind=DayOffKind.STUDY_DAY)


# --------------------------------------------------------------- school days


def test_it_treats_weekends_holidays_days_off_and_public_holidays_as_no_school():
    cal = regional_calendar("noord", ["2025-2026"], days_off=[studiedag(D(2025, 11, 5))])
    assert cal.is_school_day(D(2025, 10, 17))  # Friday before the herfstvakantie
    assert not cal.is_school_day(D(2025, 10, 18))  # Saturday, first day of herfstvakantie
    assert not cal.is_school_day(D(2025, 10, 22))  # Wednesday in herfstvakantie
    assert cal.is_school_day(D(2025, 10, 27))  # school resumes
    assert not cal.is_school_day(D(2025, 11, 5))  # the study day
    assert not cal.is_school_day(D(2025, 11, 8))  # Saturday
    assert not cal.is_school_day(D(2026, 5, 14))  # Hemelvaartsdag
    assert cal.non_school_reason(D(2025, 10, 22)).kind == "holiday"
    assert cal.non_school_reason(D(2025, 11, 5)).name("nl") == "studiedag"
    assert cal.non_school_reason(D(2026, 5, 14)).name("nl") == "Hemelvaartsdag"


def test_it_lets_the_organisation_hold_school_on_a_public_holiday(bare):
    assert not bare.is_school_day(D(2026, 4, 3))  # Goede vrijdag in the holidays package
    open_on_good_friday = SchoolCalendar(school_days_on_public_holidays=frozenset({D(2026, 4, 3)}))
    assert open_on_good_friday.is_school_day(D(2026, 4, 3))
    assert SchoolCalendar(include_public_holidays=False).is_school_day(D(2026, 4, 6))


# ------------------------------------------------ day counts, public holidays


@pytest.mark.parametrize(
    ("start", "n", "due", "skipped"),
    [
        (D(2026, 4, 24), 1, D(2026, 4, 28), "Koningsdag (27 april)"),  # Friday → Tuesday
        (D(2026, 5, 13), 1, D(2026, 5, 15), "Hemelvaartsdag (14 mei)"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "Tweede pinksterdag (25 mei)"),
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Goede vrijdag (3 april) en Tweede paasdag (6 april)"),
        (D(2027, 4, 26), 1, D(2027, 4, 28), "Koningsdag (27 april)"),  # a Tuesday in 2027
    ],
)
def test_it_skips_public_holidays_when_counting_school_days(bare, start, n, due, skipped):
    assert bare.add_school_days(start, n) == due
    verb = "tellen" if " en " in skipped else "telt"
    assert bare.explain(start, due, "school_days", n) == f"{n} schooldag; {skipped} {verb} niet mee"


def test_it_ignores_koningsdag_on_a_saturday(bare):
    assert bare.add_school_days(D(2025, 4, 25), 1) == D(2025, 4, 28)  # 26 April 2025 is a Saturday
    assert bare.explain(D(2025, 4, 25), D(2025, 4, 28), "school_days", 1) == "1 schooldag"


def test_it_counts_tweede_paasdag_when_good_friday_is_a_school_day():
    cal = SchoolCalendar(school_days_on_public_holidays=frozenset({D(2026, 4, 3)}))
    assert cal.add_school_days(D(2026, 4, 2), 2) == D(2026, 4, 7)
    assert cal.explain(D(2026, 4, 2), D(2026, 4, 7), "school_days", 2, language="en") == (
        "2 school days; Easter Monday (6 April) does not count"
    )


def test_it_counts_ten_school_days_over_easter_koningsdag_and_hemelvaart(bare):
    # Wed 8 April 2026: 9,10 | 13..17 | 20..24 (Koningsdag 27) 28
    assert bare.add_school_days(D(2026, 4, 8), 10) == D(2026, 4, 22)
    assert bare.add_school_days(D(2026, 4, 8), 13) == D(2026, 4, 28)
    assert bare.school_days_between(D(2026, 4, 8), D(2026, 4, 28)) == 13


def test_it_counts_school_days_backwards_for_reminders():
    cal = regional_calendar("noord", ["2025-2026"])
    assert cal.school_days_before(D(2025, 10, 27), 1) == D(2025, 10, 17)
    assert cal.school_days_before(D(2025, 10, 27), 2) == D(2025, 10, 16)
    assert cal.school_days_before(D(2025, 10, 27), 0) == D(2025, 10, 27)
    with pytest.raises(ValueError):
        cal.school_days_before(D(2025, 10, 27), -1)


def test_it_counts_days_overdue_in_school_days():
    cal = regional_calendar("noord", ["2025-2026"])
    due = D(2025, 10, 17)
    assert cal.school_days_between(due, due) == 0
    assert cal.school_days_between(due, D(2025, 10, 22)) == 0  # during the herfstvakantie
    assert cal.school_days_between(due, D(2025, 10, 27)) == 1
    assert cal.school_days_between(due, D(2025, 10, 31)) == 5
    assert cal.school_days_between(D(2025, 10, 31), due) == -5


def test_it_names_a_study_day_that_a_day_deadline_skipped():
    cal = regional_calendar("midden", ["2025-2026"], days_off=[studiedag(D(2025, 11, 5))])
    due = cal.add_school_days(D(2025, 11, 3), 5)
    assert due == D(2025, 11, 11)
    assert cal.explain(D(2025, 11, 3), due, "school_days", 5) == (
        "5 schooldagen; studiedag (5 november) telt niet mee"
    )
    assert cal.explain(D(2025, 11, 3), due, "school_days", 5, language="en") == (
        "5 school days; study day (5 November) does not count"
    )


def test_it_names_vacations_and_single_days_a_day_deadline_skipped():
    cal = regional_calendar(
        "zuid",
        ["2025-2026"],
        days_off=[
            DayOff(D(2026, 1, 9), "teamdag", DayOffKind.STUDY_DAY),
        ],
    )
    due = cal.add_school_days(D(2025, 12, 18), 5)
    # Fri 19 Dec | kerstvakantie 20 Dec – 4 Jan | 5, 6, 7, 8 Jan (9 Jan study day)
    assert due == D(2026, 1, 8)
    assert cal.add_school_days(D(2025, 12, 18), 6) == D(2026, 1, 12)
    assert cal.explain(D(2025, 12, 18), D(2026, 1, 12), "days", 6) == (
        "6 schooldagen; kerstvakantie telt niet mee; studiedag ‘teamdag’ (9 januari) telt niet mee"
    )


# ------------------------------------------------------- week-based deadlines

# Start on the Wednesday ten days before each holiday's first Saturday. Without the
# holiday the four weeks would end four weeks later on a Wednesday; the clock stops
# for the holiday week(s), so the due date is the Wednesday 17 days after the
# holiday's last Sunday: still a Wednesday, later by exactly the holiday's weeks.
FOUR_WEEKS_2025_2026 = [
    # region, vacation, start, due
    ("noord", "herfstvakantie", D(2025, 10, 8), D(2025, 11, 12)),
    ("midden", "herfstvakantie", D(2025, 10, 8), D(2025, 11, 12)),
    ("zuid", "herfstvakantie", D(2025, 10, 1), D(2025, 11, 5)),
    ("noord", "kerstvakantie", D(2025, 12, 10), D(2026, 1, 21)),
    ("midden", "kerstvakantie", D(2025, 12, 10), D(2026, 1, 21)),
    ("zuid", "kerstvakantie", D(2025, 12, 10), D(2026, 1, 21)),
    ("noord", "voorjaarsvakantie", D(2026, 2, 11), D(2026, 3, 18)),
    ("midden", "voorjaarsvakantie", D(2026, 2, 4), D(2026, 3, 11)),
    ("zuid", "voorjaarsvakantie", D(2026, 2, 4), D(2026, 3, 11)),
    ("noord", "meivakantie", D(2026, 4, 15), D(2026, 5, 20)),
    ("midden", "meivakantie", D(2026, 4, 15), D(2026, 5, 20)),
    ("zuid", "meivakantie", D(2026, 4, 15), D(2026, 5, 20)),
    ("noord", "zomervakantie", D(2026, 6, 24), D(2026, 9, 2)),
    ("midden", "zomervakantie", D(2026, 7, 8), D(2026, 9, 16)),
    ("zuid", "zomervakantie", D(2026, 7, 1), D(2026, 9, 9)),
]

EN_NAMES = {
    "herfstvakantie": "the autumn holiday",
    "kerstvakantie": "the Christmas holiday",
    "voorjaarsvakantie": "the spring holiday",
    "meivakantie": "the May holiday",
    "zomervakantie": "the summer holiday",
}


@pytest.mark.parametrize(("region", "vacation", "start", "due"), FOUR_WEEKS_2025_2026)
def test_it_stops_four_weeks_of_monitoring_during_each_regions_holidays(
    region, vacation, start, due
):
    cal = regional_calendar(region, ["2025-2026", "2026-2027"])
    assert cal.add_school_weeks(start, 4) == due
    assert due.weekday() == start.weekday() == 2
    assert start + timedelta(weeks=4) < due  # the holiday did not count
    assert (
        cal.explain(start, due, DeadlineUnit.SCHOOL_WEEKS, 4)
        == f"4 schoolweken; {vacation} telt niet mee"
    )
    assert cal.explain(start, due, "school_weeks", 4, language="en") == (
        f"4 school weeks; {EN_NAMES[vacation]} does not count"
    )


def test_it_does_not_stop_the_clock_outside_holidays():
    cal = regional_calendar("midden", ["2025-2026"])
    assert cal.add_school_weeks(D(2026, 6, 10), 4) == D(2026, 7, 8)
    assert cal.explain(D(2026, 6, 10), D(2026, 7, 8), "weeks", 4) == "4 schoolweken"


def test_it_runs_over_the_calendar_year_boundary():
    cal = regional_calendar("midden", ["2025-2026"])
    # Mon 1 Dec 2025 + 4 weeks = Mon 29 Dec, inside the kerstvakantie (22 Dec – 4 Jan stopped).
    assert cal.add_school_weeks(D(2025, 12, 1), 4) == D(2026, 1, 12)
    # Two weeks after Fri 19 Dec (the last school day of 2025): Fri 16 Jan.
    assert cal.add_school_weeks(D(2025, 12, 19), 2) == D(2026, 1, 16)


def test_it_keeps_the_weekday_when_the_start_is_a_monday_or_friday():
    cal = regional_calendar("noord", ["2025-2026"])
    assert cal.add_school_weeks(D(2025, 10, 6), 4) == D(2025, 11, 10)
    assert cal.add_school_weeks(D(2025, 10, 10), 4) == D(2025, 11, 14)


def test_it_counts_two_weeks_then_two_more_for_the_second_talk():
    cal = regional_calendar("noord", ["2025-2026"])
    second_talk = cal.add_school_weeks(D(2025, 10, 8), 2)
    assert second_talk == D(2025, 10, 29)  # herfstvakantie 18–26 Oct noord
    assert cal.add_school_weeks(second_talk, 2) == D(2025, 11, 12)


def test_it_does_not_stop_the_week_clock_for_a_study_day_or_public_holiday():
    with_study_day = regional_calendar(
        "midden", ["2025-2026"], days_off=[studiedag(D(2025, 10, 15))]
    )
    assert with_study_day.add_school_weeks(D(2025, 10, 8), 4) == D(2025, 11, 12)
    # Hemelvaartsdag (14 May) and Tweede pinksterdag (25 May) inside the four weeks.
    plain = regional_calendar("midden", ["2025-2026"])
    assert plain.add_school_weeks(D(2026, 5, 6), 4) == D(2026, 6, 3)
    assert plain.explain(D(2026, 5, 6), D(2026, 6, 3), "weeks", 4) == "4 schoolweken"


def test_it_moves_a_due_date_on_a_study_day_to_the_next_school_day():
    cal = regional_calendar("midden", ["2025-2026"], days_off=[studiedag(D(2025, 11, 12))])
    due = cal.add_school_weeks(D(2025, 10, 8), 4)
    assert due == D(2025, 11, 13)
    assert cal.explain(D(2025, 10, 8), due, "weeks", 4) == (
        "4 schoolweken; herfstvakantie telt niet mee; "
        "verschoven naar de volgende schooldag, want 12 november is een studiedag"
    )
    assert cal.explain(D(2025, 10, 8), due, "weeks", 4, language="en") == (
        "4 school weeks; the autumn holiday does not count; "
        "moved to the next school day because 12 November is a study day"
    )


def test_it_moves_a_due_date_on_a_public_holiday_after_a_weekend():
    cal = regional_calendar("midden", ["2025-2026"])
    # Sat 7 Mar + 4 weeks = Sat 4 Apr; Mon 6 Apr is Tweede paasdag → Tue 7 Apr.
    assert cal.add_school_weeks(D(2026, 3, 7), 4) == D(2026, 4, 7)
    assert cal.explain(D(2026, 3, 7), D(2026, 4, 7), "weeks", 4) == (
        "4 schoolweken; verschoven naar de volgende schooldag, want 6 april is Tweede paasdag"
    )


def test_it_moves_a_due_date_on_the_first_holiday_day_past_the_holiday():
    cal = regional_calendar("noord", ["2025-2026"])
    # Sat 20 Sep + 4 weeks = Sat 18 Oct, the first day of the herfstvakantie.
    assert cal.add_school_weeks(D(2025, 9, 20), 4) == D(2025, 10, 27)
    assert cal.explain(D(2025, 9, 20), D(2025, 10, 27), "weeks", 4) == (
        "4 schoolweken; verschoven naar de eerste schooldag na de herfstvakantie"
    )


def test_it_lists_every_vacation_a_long_deadline_skipped():
    cal = regional_calendar("noord", ["2025-2026"])
    deadline = cal.deadline(D(2025, 10, 1), amount=20, unit="weeks")
    assert deadline.explanation_nl == (
        "20 schoolweken; herfstvakantie, kerstvakantie en voorjaarsvakantie tellen niet mee"
    )
    assert deadline.explanation_en == (
        "20 school weeks; the autumn holiday, the Christmas holiday and the spring holiday do not count"
    )
    assert deadline.due == D(2025, 10, 1) + timedelta(weeks=24)
    assert deadline.uncovered_school_years == ()


def test_it_says_one_week_in_the_singular():
    cal = regional_calendar("zuid", ["2025-2026"])
    assert cal.explain(D(2025, 10, 8), cal.add_school_weeks(D(2025, 10, 8), 1), "weeks", 1) == (
        "1 schoolweek; herfstvakantie telt niet mee"
    )


def test_it_shows_a_custom_holiday_by_its_own_name():
    cal = SchoolCalendar(
        holidays=(HolidayPeriod("carnavalsvakantie", D(2026, 2, 14), D(2026, 2, 22)),)
    )
    assert cal.add_school_weeks(D(2026, 2, 4), 4) == D(2026, 3, 11)
    assert cal.explain(D(2026, 2, 4), D(2026, 3, 11), "weeks", 4, language="en") == (
        "4 school weeks; carnavalsvakantie does not count"
    )


def test_it_stops_a_friday_ending_custom_period_through_the_weekend():
    cal = SchoolCalendar(
        holidays=(HolidayPeriod("herfstvakantie", D(2025, 10, 20), D(2025, 10, 24)),)
    )
    assert cal.add_school_weeks(D(2025, 10, 8), 4) == D(2025, 11, 12)
    assert cal.is_clock_stopped(D(2025, 10, 26))
    assert not cal.is_clock_stopped(D(2025, 10, 18))


def test_it_rejects_bad_amounts_units_and_languages(bare):
    assert bare.add_school_weeks(D(2025, 10, 8), 0) == D(2025, 10, 8)
    assert bare.add_school_days(D(2025, 10, 8), 0) == D(2025, 10, 8)
    with pytest.raises(ValueError):
        bare.add_school_weeks(D(2025, 10, 8), -1)
    with pytest.raises(ValueError, match="Onbekende eenheid"):
        bare.due_date(D(2025, 10, 8), amount=2, unit="months")
    with pytest.raises(ValueError, match="Onbekende taal"):
        bare.explain(D(2025, 10, 8), D(2025, 10, 9), "days", 1, language="de")


# --------------------------------------------------------------- validation


def test_it_reports_reversed_overlapping_and_duplicate_periods():
    issues = validate_periods(
        [
            HolidayPeriod("herfstvakantie", D(2025, 10, 26), D(2025, 10, 18)),
            HolidayPeriod("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
            HolidayPeriod("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
            HolidayPeriod("wintersport", D(2026, 1, 2), D(2026, 1, 9)),
        ]
    )
    assert [i.code for i in issues] == ["end_before_start", "duplicate", "overlap"]
    assert issues[0].nl == (
        "herfstvakantie: de einddatum 18 oktober 2025 ligt vóór de begindatum 26 oktober 2025."
    )
    assert issues[0].en == (
        "the autumn holiday: the end date 18 October 2025 is before the start date 26 October 2025."
    )
    assert (
        issues[1].nl
        == "kerstvakantie (20 december 2025 – 4 januari 2026) staat dubbel in de lijst."
    )
    assert issues[2].nl == (
        "kerstvakantie (20 december 2025 – 4 januari 2026) en "
        "wintersport (2 januari 2026 – 9 januari 2026) overlappen."
    )
    assert issues[2].text("en") == (
        "the Christmas holiday (20 December 2025 – 4 January 2026) and "
        "wintersport (2 January 2026 – 9 January 2026) overlap."
    )


def test_it_reports_same_dates_under_two_names_as_a_duplicate():
    issues = validate_periods(
        [
            HolidayPeriod("meivakantie", D(2026, 4, 25), D(2026, 5, 3)),
            HolidayPeriod("tulpenvakantie", D(2026, 4, 25), D(2026, 5, 3)),
        ]
    )
    assert [i.code for i in issues] == ["duplicate"]
    assert issues[0].nl.endswith("(ook als meivakantie).")


def test_it_reports_empty_names_and_typo_length_periods():
    issues = validate_periods(
        [
            HolidayPeriod(" ", D(2025, 10, 18), D(2025, 10, 26)),
            HolidayPeriod("zomervakantie", D(2026, 7, 18), D(2027, 8, 30)),
        ]
    )
    assert [i.code for i in issues] == ["empty_name", "period_too_long"]


def test_it_accepts_adjacent_periods():
    assert (
        validate_periods(
            [
                HolidayPeriod("meivakantie", D(2026, 4, 18), D(2026, 4, 26)),
                HolidayPeriod("meivakantie", D(2026, 4, 27), D(2026, 5, 3)),
            ]
        )
        == []
    )


def test_it_reports_a_day_off_listed_twice():
    issues = validate_days_off([studiedag(D(2025, 11, 5)), DayOff(D(2025, 11, 5), "teamdag")])
    assert [i.code for i in issues] == ["duplicate"]
    assert (
        issues[0].nl
        == "5 november 2025 staat twee keer als vrije dag in de lijst (studiedag en teamdag)."
    )


def test_it_refuses_to_build_a_calendar_from_invalid_input():
    with pytest.raises(CalendarValidationError) as excinfo:
        SchoolCalendar(
            holidays=(
                HolidayPeriod("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26)),
                HolidayPeriod("extra", D(2025, 10, 25), D(2025, 10, 28)),
                HolidayPeriod("kerstvakantie", D(2026, 1, 4), D(2025, 12, 20)),
            ),
            days_off=(studiedag(D(2025, 11, 5)), studiedag(D(2025, 11, 5))),
        )
    assert [i.code for i in excinfo.value.issues] == ["end_before_start", "overlap", "duplicate"]
    assert len(excinfo.value.messages("en")) == 3


# ---------------------------------------------------------------- coverage


def test_it_knows_which_school_years_have_holiday_data():
    cal = regional_calendar("zuid", ["2025-2026", "2026-2027"])
    assert cal.coverage(2025).has_data
    assert cal.coverage(2025).missing_standard == ()
    assert cal.coverage(2025).label == "2025-2026"
    assert not cal.coverage(2028).has_data
    assert cal.coverage(2028).label == "2028-2029"
    assert cal.has_data_for(D(2027, 7, 31))  # still school year 2026-2027
    assert not cal.has_data_for(D(2027, 8, 1))
    assert cal.uncovered_school_years(D(2027, 6, 1), D(2028, 9, 1)) == ["2027-2028", "2028-2029"]


def test_it_flags_a_deadline_that_runs_into_a_year_without_data():
    cal = regional_calendar("midden", ["2025-2026"])
    deadline = cal.deadline(D(2026, 7, 8), amount=4, unit="weeks")
    assert deadline.uncovered_school_years == ("2026-2027",)


def test_it_derives_coverage_from_the_periods_when_not_told():
    cal = SchoolCalendar(
        holidays=(HolidayPeriod("herfstvakantie", D(2028, 10, 14), D(2028, 10, 22)),)
    )
    coverage = cal.coverage(2028)
    assert coverage.has_data
    assert coverage.vacations == ("herfstvakantie",)
    assert coverage.missing_standard == (
        "kerstvakantie",
        "voorjaarsvakantie",
        "meivakantie",
        "zomervakantie",
    )
    assert not SchoolCalendar().coverage(2028).has_data
    explicit = SchoolCalendar(covered_school_years=frozenset({2029}))
    assert explicit.has_data_for(D(2030, 3, 1))


def test_it_puts_the_school_year_boundary_on_1_august():
    assert school_year_of(D(2026, 7, 31)) == 2025
    assert school_year_of(D(2026, 8, 1)) == 2026


# ---------------------------------------------------------- regional data


def test_it_ships_all_five_holidays_for_every_region_and_year():
    years = available_school_years()
    assert years == ["2024-2025", "2025-2026", "2026-2027", "2027-2028", "2028-2029", "2029-2030"]
    assert regional_data_source()["school_years_covered"] == years
    assert "opendata.rijksoverheid.nl" in regional_data_source()["source"]["open_data"]
    for region in REGIONS:
        periods = regional_holidays(region)
        assert len(periods) == 5 * len(years)
        assert validate_periods(periods) == []
        for p in periods:
            assert p.start.weekday() == 5 and p.end.weekday() == 6, p  # Saturday to Sunday
        for year in years:
            names = [p.name for p in regional_holidays(region, [year])]
            assert names == list(STANDARD_VACATIONS)


def test_it_gives_the_same_christmas_and_may_holidays_everywhere():
    for year in available_school_years():
        by_region = {r: {p.name: p for p in regional_holidays(r, [year])} for r in REGIONS}
        for name in ("kerstvakantie", "meivakantie"):
            assert len({(by_region[r][name].start, by_region[r][name].end) for r in REGIONS}) == 1
        for name in ("herfstvakantie", "voorjaarsvakantie", "zomervakantie"):
            assert len({by_region[r][name].start for r in REGIONS}) >= 2, (year, name)


def test_it_has_the_published_2025_2026_summer_holidays():
    summer = {r: regional_holidays(r, ["2025-2026"])[-1] for r in REGIONS}
    assert (summer["noord"].start, summer["noord"].end) == (D(2026, 7, 4), D(2026, 8, 16))
    assert (summer["midden"].start, summer["midden"].end) == (D(2026, 7, 18), D(2026, 8, 30))
    assert (summer["zuid"].start, summer["zuid"].end) == (D(2026, 7, 11), D(2026, 8, 23))


def test_it_refuses_unknown_regions_and_years():
    with pytest.raises(ValueError, match="Onbekende regio"):
        regional_holidays("oost")
    with pytest.raises(ValueError, match="Geen vakantiegegevens voor schooljaar 2031-2032"):
        regional_holidays("noord", ["2031-2032"])
    with pytest.raises(ValueError, match="Ongeldig schooljaar"):
        regional_holidays("noord", ["2025"])


def test_it_marks_advisory_and_compulsory_holidays():
    assert vacation_is_compulsory("herfstvakantie") is False
    assert vacation_is_compulsory("zomervakantie") is True
    assert vacation_is_compulsory("carnavalsvakantie") is None


def test_it_lets_an_organisation_add_its_own_periods_to_the_regional_ones():
    cal = regional_calendar(
        "zuid",
        ["2025-2026"],
        extra_periods=[HolidayPeriod("meivakantie (extra week)", D(2026, 4, 18), D(2026, 4, 24))],
    )
    assert not cal.is_school_day(D(2026, 4, 22))
    with pytest.raises(CalendarValidationError):
        regional_calendar(
            "zuid",
            ["2025-2026"],
            extra_periods=[
                HolidayPeriod("carnaval", D(2026, 2, 16), D(2026, 2, 18)),
            ],
        )
