"""A school's calendar, and protocol deadlines counted in school time.

What is a school day
--------------------
A weekday (Monday–Friday) that is not inside a holiday period (herfstvakantie,
kerstvakantie, …, or a period the organisation adds), not a single day off that
the organisation sets (study day, extra free day), and not a Dutch public holiday
as listed by the `holidays` package (`holidays.Netherlands`). The organisation can
mark public holidays on which it does hold school (e.g. Goede Vrijdag) with
`school_days_on_public_holidays`.

Day-based deadlines (`add_school_days`)
---------------------------------------
Count school days only: the start date itself is not counted, and every weekend,
holiday, day off and public holiday is skipped. "After 10 school days" from
Friday 24 April 2026 skips Koningsdag (27 April) as well as the weekend.

Week-based deadlines (`add_school_weeks`) — the rule
----------------------------------------------------
The protocols speak in weeks ("four weeks of monitoring", "after two weeks a
second talk"). A week-based clock runs in *calendar* time, but **stops during
holiday periods**: a vacation week does not count as one of the four weeks.
Single days off and public holidays do **not** stop it.

Precisely:

1. Each holiday period stops the clock from its first weekday up to the day
   before school resumes (the first weekday after the period). For the usual
   government periods, Saturday to the Sunday nine days later, that is exactly
   the Monday–Sunday week(s) in between: the weekend *before* the holiday belongs
   to the last school week and runs, the weekend *after* it is part of the
   stopped holiday week.
2. The clock counts `7 × n` running days after the start date (the start date
   itself is not counted).
3. If that day is not a school day (a weekend, a study day, a public holiday, or
   the first day of a holiday), the deadline moves forward to the next school day.

Why: a monitoring period is meant to watch students *at school*. Four weeks that
include the autumn holiday contain only three weeks of school, so the holiday
week must not count (the rule in the brief: a four-week period that meets the
autumn or summer holiday does not expire during it). A single study day or
Hemelvaartsdag, on the other hand, leaves the week a school week: stopping the
clock for them would make "four weeks" mean "twenty school days", which is not
what the protocols say and would surprise a mentor who counts on a wall
calendar. Stopping from the first *weekday* (rule 1) makes one vacation week
cost exactly seven days, so a start on Wednesday still ends on a Wednesday.
Rounding forward (rule 3) never shortens a period. A period the organisation
enters that ends on a Friday also stops the weekend after it (school resumes on
Monday); enter single free days as days off, not as periods.

Coverage
--------
Deadlines across a school year for which the calendar holds no holiday periods
would silently ignore that year's holidays. `coverage()` and
`uncovered_school_years()` let the interface warn ("geen vakantiegegevens voor
2028-2029") instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Literal

import holidays as holidays_lib

from protocol.calendar.explain import explain_deadline
from protocol.calendar.periods import (
    STANDARD_VACATIONS,
    CalendarValidationError,
    DayOff,
    HolidayPeriod,
    Language,
    daterange,
    day_off_label,
    school_year_label,
    school_year_of,
    validate_days_off,
    validate_periods,
)

ONE_DAY = timedelta(days=1)


class DeadlineUnit(StrEnum):
    SCHOOL_DAYS = "school_days"
    SCHOOL_WEEKS = "school_weeks"

    @classmethod
    def parse(cls, value: DeadlineUnit | str) -> DeadlineUnit:
        """Accepts the enum, its value, or the short forms `days` / `weeks`."""
        if isinstance(value, DeadlineUnit):
            return value
        normalised = str(value).strip().lower()
        aliases = {"days": cls.SCHOOL_DAYS, "weeks": cls.SCHOOL_WEEKS}
        if normalised in aliases:
            return aliases[normalised]
        try:
            return cls(normalised)
        except ValueError:
            raise ValueError(
                f"Onbekende eenheid {value!r}; gebruik 'school_days' of 'school_weeks'."
            ) from None


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict[date, tuple[str, str]]:
    """Dutch public holidays of one calendar year: date → (Dutch name, English name)."""
    nl = holidays_lib.Netherlands(years=year, language="nl")
    en = holidays_lib.Netherlands(years=year, language="en_US")
    return {d: (name, en.get(d, name)) for d, name in nl.items()}


@dataclass(frozen=True, slots=True)
class NonSchoolDay:
    """Why a date is not a school day."""

    day: date
    kind: Literal["holiday", "weekend", "day_off", "public_holiday"]
    name_nl: str
    name_en: str
    period: HolidayPeriod | None = None
    day_off: DayOff | None = None

    def name(self, language: Language = "nl") -> str:
        return self.name_nl if language == "nl" else self.name_en


@dataclass(frozen=True, slots=True)
class Coverage:
    """Whether the calendar holds holiday data for one school year."""

    school_year: int
    label: str
    has_data: bool
    vacations: tuple[str, ...]
    missing_standard: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline with the explanation to show next to it."""

    start: date
    due: date
    unit: DeadlineUnit
    amount: int
    explanation_nl: str
    explanation_en: str
    uncovered_school_years: tuple[str, ...]

    def explanation(self, language: Language = "nl") -> str:
        return self.explanation_nl if language == "nl" else self.explanation_en


@dataclass(frozen=True)
class SchoolCalendar:
    """One organisation's (or branch's) school calendar.

    Build it from holiday periods, single days off and (by default) the Dutch
    public holidays. Invalid input raises `CalendarValidationError` listing every
    problem; nothing is accepted half.

    `covered_school_years` states explicitly which school years (by start year)
    the holiday data is complete for; when left `None` a school year counts as
    covered as soon as one holiday period starts in it.
    """

    holidays: tuple[HolidayPeriod, ...] = ()
    days_off: tuple[DayOff, ...] = ()
    include_public_holidays: bool = True
    school_days_on_public_holidays: frozenset[date] = frozenset()
    covered_school_years: frozenset[int] | None = None

    _holiday_by_day: dict[date, HolidayPeriod] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _stopped_by_day: dict[date, HolidayPeriod] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _day_off_by_day: dict[date, DayOff] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        periods = tuple(self.holidays)
        days_off = tuple(self.days_off)
        issues = validate_periods(periods) + validate_days_off(days_off)
        if issues:
            raise CalendarValidationError(issues)
        set_ = object.__setattr__
        set_(self, "holidays", tuple(sorted(periods, key=lambda p: (p.start, p.end))))
        set_(self, "days_off", tuple(sorted(days_off, key=lambda d: d.day)))
        set_(self, "school_days_on_public_holidays", frozenset(self.school_days_on_public_holidays))
        if self.covered_school_years is not None:
            set_(self, "covered_school_years", frozenset(self.covered_school_years))
        for p in self.holidays:
            for d in daterange(p.start, p.end):
                self._holiday_by_day[d] = p
            for d in _stopped_days(p):
                self._stopped_by_day[d] = p
        for off in self.days_off:
            self._day_off_by_day[off.day] = off

    # ----------------------------------------------------------------- days

    def holiday_on(self, d: date) -> HolidayPeriod | None:
        """The holiday period containing `d`, if any."""
        return self._holiday_by_day.get(d)

    def public_holiday_on(self, d: date) -> tuple[str, str] | None:
        """(Dutch, English) name of the public holiday on `d` that closes the school, if any."""
        if not self.include_public_holidays or d in self.school_days_on_public_holidays:
            return None
        return _public_holidays(d.year).get(d)

    def non_school_reason(self, d: date) -> NonSchoolDay | None:
        """Why `d` is not a school day, or `None` when it is one.

        A holiday period wins over a weekend, a weekend over a day off or public holiday.
        """
        period = self._holiday_by_day.get(d)
        if period is not None:
            return NonSchoolDay(d, "holiday", period.label("nl"), period.label("en"), period=period)
        if d.weekday() >= 5:
            return NonSchoolDay(d, "weekend", "weekend", "weekend")
        off = self._day_off_by_day.get(d)
        if off is not None:
            return NonSchoolDay(
                d, "day_off", day_off_label(off, "nl"), day_off_label(off, "en"), day_off=off
            )
        public = self.public_holiday_on(d)
        if public is not None:
            return NonSchoolDay(d, "public_holiday", public[0], public[1])
        return None

    def is_school_day(self, d: date) -> bool:
        """A weekday outside holiday periods, days off and public holidays."""
        return self.non_school_reason(d) is None

    def next_school_day(self, d: date, *, include_today: bool = True) -> date:
        """`d` itself when it is a school day (and `include_today`), else the next one."""
        current = d if include_today else d + ONE_DAY
        while not self.is_school_day(current):
            current += ONE_DAY
        return current

    def previous_school_day(self, d: date, *, include_today: bool = True) -> date:
        current = d if include_today else d - ONE_DAY
        while not self.is_school_day(current):
            current -= ONE_DAY
        return current

    # ------------------------------------------------------------ counting

    def add_school_days(self, start: date, n: int) -> date:
        """The date `n` school days after `start` (start itself not counted).

        `n == 0` returns `start` unchanged; a negative `n` counts backwards.
        """
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        current = start
        while remaining:
            current += step
            if self.is_school_day(current):
                remaining -= 1
        return current

    def school_days_before(self, due: date, n: int) -> date:
        """The school day `n` school days before `due`: when to send a reminder."""
        if n < 0:
            raise ValueError("n moet 0 of groter zijn.")
        return self.add_school_days(due, -n)

    def school_days_between(self, a: date, b: date) -> int:
        """School days after `a` up to and including `b`; negative when `b` is before `a`.

        "Days overdue" is `school_days_between(due, today)`: 0 on the due date
        itself, 1 on the next school day, and it does not grow over a weekend or
        during a holiday.
        """
        if b < a:
            return -self.school_days_between(b, a)
        return sum(1 for d in daterange(a + ONE_DAY, b) if self.is_school_day(d))

    def is_clock_stopped(self, d: date) -> bool:
        """Whether a week-based clock stands still on `d` (see the module docstring)."""
        return d in self._stopped_by_day

    def week_clock_end(self, start: date, n: int) -> date:
        """The day a week clock started at `start` reaches `n` weeks, before rounding
        forward to a school day (rules 1 and 2 in the module docstring)."""
        remaining = 7 * n
        current = start
        while remaining:
            current += ONE_DAY
            if current not in self._stopped_by_day:
                remaining -= 1
        return current

    def add_school_weeks(self, start: date, n: int) -> date:
        """Due date `n` weeks after `start`, the clock stopped during holiday periods.

        Rounded forward to the next school day; `n == 0` returns `start`.
        """
        if n < 0:
            raise ValueError("Het aantal weken moet 0 of groter zijn.")
        if n == 0:
            return start
        return self.next_school_day(self.week_clock_end(start, n))

    def due_date(self, start: date, *, amount: int, unit: DeadlineUnit | str) -> date:
        """`add_school_days` or `add_school_weeks`, chosen by `unit`."""
        if DeadlineUnit.parse(unit) is DeadlineUnit.SCHOOL_WEEKS:
            return self.add_school_weeks(start, amount)
        return self.add_school_days(start, amount)

    def deadline(self, start: date, *, amount: int, unit: DeadlineUnit | str) -> Deadline:
        """The due date together with its explanation in both languages."""
        parsed = DeadlineUnit.parse(unit)
        due = self.due_date(start, amount=amount, unit=parsed)
        return Deadline(
            start=start,
            due=due,
            unit=parsed,
            amount=amount,
            explanation_nl=self.explain(start, due, parsed, amount, language="nl"),
            explanation_en=self.explain(start, due, parsed, amount, language="en"),
            uncovered_school_years=tuple(self.uncovered_school_years(start, due)),
        )

    def explain(
        self,
        start: date,
        due: date,
        unit: DeadlineUnit | str,
        amount: int,
        language: Language = "nl",
    ) -> str:
        """A short sentence on how `due` follows from `start`, e.g.
        "4 schoolweken; herfstvakantie telt niet mee"."""
        return explain_deadline(self, start, due, DeadlineUnit.parse(unit), amount, language)

    # ------------------------------------------------------------ coverage

    def _covered_years(self) -> frozenset[int]:
        if self.covered_school_years is not None:
            return self.covered_school_years
        return frozenset(p.school_year for p in self.holidays)

    def coverage(self, school_year_start: int) -> Coverage:
        """What the calendar knows about the school year starting in August of that year."""
        names = tuple(p.name for p in self.holidays if p.school_year == school_year_start)
        present = {n.lower() for n in names}
        return Coverage(
            school_year=school_year_start,
            label=school_year_label(school_year_start),
            has_data=school_year_start in self._covered_years(),
            vacations=names,
            missing_standard=tuple(v for v in STANDARD_VACATIONS if v not in present),
        )

    def has_data_for(self, d: date) -> bool:
        """Whether holiday data exists for the school year that contains `d`."""
        return school_year_of(d) in self._covered_years()

    def uncovered_school_years(self, first: date, last: date) -> list[str]:
        """Labels of the school years touched by `first`..`last` that have no holiday data."""
        if last < first:
            first, last = last, first
        years = range(school_year_of(first), school_year_of(last) + 1)
        covered = self._covered_years()
        return [school_year_label(y) for y in years if y not in covered]

    # ----------------------------------------------------- for explanations

    def stopped_periods_between(self, start: date, end: date) -> list[HolidayPeriod]:
        """Holiday periods that stop a week clock somewhere in (start, end], in order."""
        return _unique(self._stopped_by_day.get(d) for d in daterange(start + ONE_DAY, end))

    def skipped_between(
        self, start: date, end: date
    ) -> tuple[list[HolidayPeriod], list[NonSchoolDay]]:
        """What a day count over (start, end] skipped besides weekends:
        the holiday periods (with at least one weekday in range) and the single
        days off / public holidays on weekdays outside them."""
        periods: list[HolidayPeriod | None] = []
        singles: list[NonSchoolDay] = []
        for d in daterange(start + ONE_DAY, end):
            reason = self.non_school_reason(d)
            if reason is None or reason.kind == "weekend":
                continue
            if reason.kind == "holiday":
                if d.weekday() < 5:
                    periods.append(reason.period)
            else:
                singles.append(reason)
        return _unique(periods), singles


def _stopped_days(period: HolidayPeriod) -> Iterable[date]:
    """Days on which `period` stops a week-based clock (rule 1 in the module docstring)."""
    first = period.start
    while first <= period.end and first.weekday() >= 5:
        first += ONE_DAY
    if first > period.end:  # a weekend-only period stops nothing
        return ()
    resume = period.end + ONE_DAY
    while resume.weekday() >= 5:
        resume += ONE_DAY
    return daterange(first, resume - ONE_DAY)


def _unique(periods: Iterable[HolidayPeriod | None]) -> list[HolidayPeriod]:
    seen: list[HolidayPeriod] = []
    for p in periods:
        if p is not None and p not in seen:
            seen.append(p)
    return seen
