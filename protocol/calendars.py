"""The school calendar that counts an organisation's deadlines, built from the stored rows.

`calendar_for(organisation, branch=None)` is the public entry point: the branch's own
calendar when it has one, else the organisation's, else the government's recommended
holidays of the branch's own region (derived from its place, or set by management:
`region_of_branch`; imported rows preferred over the data shipped with the code). Without a
branch, the region most of the organisation's branches are in.

Caching: a built `SchoolCalendar` is kept per process, keyed by the calendar row and its
`revision` (protocol.calendar_services bumps it on every change). Each call costs one
small query to learn which calendar applies and its revision, so a change made by
another process or worker is seen at once; the periods are only loaded again when the
revision moved. Must run as the organisation (a request, or `tenant_context`): under
row-level security another tenant's calendar is invisible and the default would apply.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import get_language, gettext, ngettext

from people.request_memo import memoised

from .calendar import (
    DayOff,
    DayOffKind,
    HolidayPeriod,
    SchoolCalendar,
    available_school_years,
    parse_school_year,
    regional_holidays,
    school_year_label,
    school_year_of,
)
from .calendar.places import REGION_LABELS, RegionGuess, region_of_place
from .models import CalendarPeriod, OrganisationCalendar, RegionalHoliday

DEFAULT_REGION = "midden"
_CACHE_SIZE = 256

_cache: OrderedDict[Hashable, SchoolCalendar] = OrderedDict()
_lock = threading.Lock()


def _cached(key: Hashable, build) -> SchoolCalendar:
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    calendar = build()
    with _lock:
        _cache[key] = calendar
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return calendar


def clear_cache() -> None:
    """Forget every built calendar (tests; the revision check makes it unnecessary otherwise)."""
    with _lock:
        _cache.clear()


# --- which calendar applies ---------------------------------------------------------------
def _pk(obj) -> object:
    return getattr(obj, "pk", obj)


def stored_calendar_for(organisation, branch=None) -> OrganisationCalendar | None:
    """The stored calendar that applies: the branch's own, else the organisation's, else None."""
    org_id = _pk(organisation)
    branch_id = _pk(branch)
    condition = Q(branch__isnull=True)
    if branch_id is not None:
        condition |= Q(branch_id=branch_id)
    rows = list(OrganisationCalendar.objects.for_organisation(org_id).filter(condition))
    rows.sort(key=lambda c: c.branch_id is None)  # the branch's own calendar first
    return rows[0] if rows else None


def calendar_for(organisation, branch=None) -> SchoolCalendar:
    """The SchoolCalendar for deadlines of `organisation` (at `branch`, when given).

    `organisation` and `branch` may be model instances or ids. Inside a request the answer
    is kept for the rest of the request (the case page asks for it from several places);
    a change to a calendar forgets it (protocol.calendar_services).
    """
    org_id = _pk(organisation)
    branch_id = _pk(branch)
    return memoised((MEMO_KIND, str(org_id), branch_id), lambda: _calendar_for(org_id, branch_id))


MEMO_KIND = "protocol.calendar_for"


def _heads(org_id, branch_id) -> list[tuple]:
    """(pk, branch_id, revision, region) of the stored calendars that could apply, the
    branch's own first; once per request."""
    def load():
        condition = Q(branch__isnull=True)
        if branch_id is not None:
            condition |= Q(branch_id=branch_id)
        rows = list(
            OrganisationCalendar.objects.for_organisation(org_id)
            .filter(condition)
            .values_list("pk", "branch_id", "revision", "region")
        )
        rows.sort(key=lambda h: h[1] is None)
        return rows

    return memoised((MEMO_KIND, "heads", str(org_id), branch_id), load)


def _calendar_for(org_id, branch_id) -> SchoolCalendar:
    heads = _heads(org_id, branch_id)
    if not heads:
        return default_calendar(region_for(org_id, branch_id).region)
    pk, _branch, revision, _region = heads[0]
    return _cached(("stored", pk, revision), lambda: _build_stored(pk))


def default_calendar(region: str = DEFAULT_REGION) -> SchoolCalendar:
    """A region's recommended holidays: for branches without a calendar of their own."""
    stamp = RegionalHoliday.objects.filter(region=region).aggregate(n=Count("pk"), at=Max("imported_at"))
    key = ("default", region, stamp["n"], stamp["at"])
    return _cached(key, lambda: regional_school_calendar(region))


# --- the region of a branch ---------------------------------------------------------------
def region_of_branch(branch) -> RegionGuess:
    """The holiday region of one branch (a model instance): management's choice, else derived."""
    return region_of_place(override=branch.holiday_region, place=branch.city, postcode=branch.postcode,
                           province=branch.province)


def region_for(organisation, branch=None) -> RegionGuess:
    """The region of `branch`, or (no branch) the region most of the organisation's branches
    are in (midden on a tie or without branches). One small query, once per request."""
    branch_id = _pk(branch)
    return memoised((MEMO_KIND, "region", str(_pk(organisation)), branch_id),
                    lambda: _region_for(_pk(organisation), branch_id))


def _region_for(org_id, branch_id) -> RegionGuess:
    from people.models import Branch

    rows = Branch.objects.for_organisation(org_id)
    if branch_id is not None:
        rows = rows.filter(pk=branch_id)
    guesses = [region_of_branch(b) for b in rows.only("city", "postcode", "province", "holiday_region")]
    if not guesses:
        return RegionGuess(DEFAULT_REGION, "default", False)
    if branch_id is not None:
        return guesses[0]
    counts = Counter(g.region for g in guesses)
    best = max(counts.values())
    winners = [r for r, n in counts.items() if n == best]
    region = winners[0] if len(winners) == 1 else DEFAULT_REGION
    return next(g for g in guesses if g.region == region) if region in counts else RegionGuess(region, "default", False)


def _build_stored(calendar_pk) -> SchoolCalendar:
    calendar = OrganisationCalendar.objects.get(pk=calendar_pk)
    return build_school_calendar(calendar, list(calendar.periods.all()))


def build_school_calendar(calendar: OrganisationCalendar, periods: Iterable[CalendarPeriod]) -> SchoolCalendar:
    """Turn stored rows into the pure SchoolCalendar. A school year counts as covered when the
    calendar holds at least one vacation in it (see `SchoolCalendar.covered_school_years`)."""
    holidays, days_off, school_open = to_plain(periods)
    return SchoolCalendar(
        holidays=tuple(holidays),
        days_off=tuple(days_off),
        include_public_holidays=calendar.include_public_holidays,
        school_days_on_public_holidays=frozenset(school_open),
        covered_school_years=frozenset(p.school_year for p in holidays),
    )


def to_plain(periods: Iterable[CalendarPeriod]) -> tuple[list[HolidayPeriod], list[DayOff], list[dt.date]]:
    """(vacations, days off, public holidays with school) of stored rows, for the pure code."""
    holidays: list[HolidayPeriod] = []
    days_off: list[DayOff] = []
    school_open: list[dt.date] = []
    for p in periods:
        if p.kind == CalendarPeriod.Kind.VACATION:
            holidays.append(HolidayPeriod(name=p.name, start=p.start, end=p.end))
        elif p.kind == CalendarPeriod.Kind.STUDY_DAY:
            days_off.append(DayOff(day=p.start, name=p.name, kind=DayOffKind.STUDY_DAY))
        elif p.kind == CalendarPeriod.Kind.DAY_OFF:
            days_off.append(DayOff(day=p.start, name=p.name, kind=DayOffKind.DAY_OFF))
        elif p.kind == CalendarPeriod.Kind.SCHOOL_OPEN:
            school_open.append(p.start)
    return holidays, days_off, school_open


# --- the government's holidays --------------------------------------------------------------
def regional_periods(region: str) -> dict[int, list[HolidayPeriod]]:
    """The region's recommended holidays per school year (start year).

    Imported rows (RegionalHoliday) win for every school year they hold; the data shipped
    with the code fills the other years.
    """
    by_year: dict[int, list[HolidayPeriod]] = {}
    for label in available_school_years():
        year = parse_school_year(label)
        by_year[year] = regional_holidays(region, [label])
    imported: dict[int, list[HolidayPeriod]] = {}
    for row in RegionalHoliday.objects.filter(region=region).order_by("start"):
        imported.setdefault(row.school_year, []).append(HolidayPeriod(name=row.name, start=row.start, end=row.end))
    by_year.update(imported)
    return dict(sorted(by_year.items()))


def regional_school_calendar(region: str) -> SchoolCalendar:
    periods = [p for year in regional_periods(region).values() for p in year]
    return SchoolCalendar(holidays=tuple(periods), covered_school_years=frozenset(p.school_year for p in periods))


def calendar_label(organisation, branch=None, lang: str = "nl") -> str:
    """Which school calendar counts a branch's deadlines, in words (shown next to them)."""
    heads = _heads(_pk(organisation), _pk(branch))
    if heads:
        _pk_, own_branch, _revision, region = heads[0]
        label = REGION_LABELS.get(region, (region, region))[0 if lang != "en" else 1]
        if own_branch is not None:
            return gettext("Schooldagen volgens de eigen schoolkalender van de vestiging (regio %(region)s).") % {"region": label}
        return gettext("Schooldagen volgens de schoolkalender van de organisatie (regio %(region)s).") % {"region": label}
    return gettext("Schooldagen volgens de adviesvakanties van de rijksoverheid voor regio %(region)s.") % {
        "region": region_for(organisation, branch).explanation(lang)
    }


# --- warnings -----------------------------------------------------------------------------------
def uncovered_school_years(calendar: SchoolCalendar, dates: Iterable[dt.date | None]) -> list[str]:
    """Labels ("2028-2029") of the school years containing `dates` for which `calendar` has
    no holiday data, in order and without repeats. `None` dates are ignored."""
    years = sorted({school_year_of(d) for d in dates if d is not None})
    return [school_year_label(y) for y in years if not calendar.coverage(y).has_data]


def uncovered_years_warning(calendar: SchoolCalendar, dates: Iterable[dt.date | None]) -> str | None:
    """A warning to show when a school year touched by `dates` has no holiday data, else None.

    Pass the dates that matter: today and a day in next school year (the calendar page),
    or a running term's start and due date (a case page). Translated to the active language.
    """
    missing = uncovered_school_years(calendar, dates)
    if not missing:
        return None
    years = ", ".join(missing)
    return ngettext(
        "Let op: voor schooljaar %(years)s zijn geen vakanties ingevoerd. Termijnen in dat schooljaar "
        "houden geen rekening met vakanties en kunnen te vroeg aflopen.",
        "Let op: voor de schooljaren %(years)s zijn geen vakanties ingevoerd. Termijnen in die schooljaren "
        "houden geen rekening met vakanties en kunnen te vroeg aflopen.",
        len(missing),
    ) % {"years": years}


def relevant_dates(today: dt.date) -> list[dt.date]:
    """Today and the first day of next school year: the years the calendar page checks."""
    return [today, dt.date(school_year_of(today) + 1, 8, 1)]


# --- what the calendar page shows -------------------------------------------------------------
@dataclass(frozen=True)
class SchoolYearView:
    year: int
    label: str
    vacations: list[CalendarPeriod]
    days_off: list[CalendarPeriod]
    school_open: list[CalendarPeriod]
    missing_standard: tuple[str, ...]
    is_current: bool
    is_past: bool = False
    is_later: bool = False

    @property
    def has_vacations(self) -> bool:
        return bool(self.vacations)


def school_years_of(periods: Iterable[CalendarPeriod], *, today: dt.date) -> list[SchoolYearView]:
    """The calendar's rows grouped per school year, in order; the current and next school
    year are always listed, even when empty (the page warns about them)."""
    from .calendar import STANDARD_VACATIONS

    current = school_year_of(today)
    rows = list(periods)
    years = sorted({p.school_year for p in rows} | {current, current + 1})
    result = []
    for year in years:
        mine = [p for p in rows if p.school_year == year]
        vacations = [p for p in mine if p.kind == CalendarPeriod.Kind.VACATION]
        names = {p.name.strip().lower() for p in vacations}
        result.append(
            SchoolYearView(
                year=year,
                label=school_year_label(year),
                vacations=vacations,
                days_off=[p for p in mine if p.kind in (CalendarPeriod.Kind.STUDY_DAY, CalendarPeriod.Kind.DAY_OFF)],
                school_open=[p for p in mine if p.kind == CalendarPeriod.Kind.SCHOOL_OPEN],
                missing_standard=tuple(v for v in STANDARD_VACATIONS if v not in names) if vacations else (),
                is_current=year == current,
                is_past=year < current,
                is_later=year > current + 1,
            )
        )
    return result


def example_start(calendar: SchoolCalendar, today: dt.date) -> dt.date:
    """A start date that shows the week rule at work: the Monday two weeks before the next
    vacation that begins after today (or today when none is known)."""
    upcoming = [p for p in calendar.holidays if p.start > today + dt.timedelta(days=14)]
    if not upcoming:
        return today
    start = upcoming[0].start - dt.timedelta(days=14)
    return start - dt.timedelta(days=start.weekday())  # that week's Monday


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


__all__ = [
    "DEFAULT_REGION",
    "SchoolYearView",
    "CalendarOverview",
    "build_school_calendar",
    "calendar_overview",
    "calendar_for",
    "clear_cache",
    "default_calendar",
    "example_start",
    "regional_periods",
    "regional_school_calendar",
    "calendar_label",
    "region_for",
    "region_of_branch",
    "relevant_dates",
    "school_years_of",
    "stored_calendar_for",
    "to_plain",
    "uncovered_school_years",
    "uncovered_years_warning",
]


# --- the calendar page ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarOverview:
    """Everything the calendar page shows for one level (organisation, or one branch)."""

    own: OrganisationCalendar | None  # the calendar stored for exactly this level
    applies: OrganisationCalendar | None  # the calendar that counts here (own, or inherited)
    school_calendar: SchoolCalendar
    years: list[SchoolYearView]
    warning: str | None
    example_weeks: object  # protocol.calendar.Deadline
    example_days: object
    example_warning: str | None
    branch_calendars: dict[int, OrganisationCalendar]

    @property
    def past_years(self) -> list[SchoolYearView]:
        """Earlier school years, most recent first (the page folds them away)."""
        return [y for y in reversed(self.years) if y.is_past]

    @property
    def near_years(self) -> list[SchoolYearView]:
        """The current and next school year, shown open."""
        return [y for y in self.years if not y.is_past and not y.is_later]

    @property
    def later_years(self) -> list[SchoolYearView]:
        return [y for y in self.years if y.is_later]


def calendar_overview(*, organisation, branch=None, today: dt.date, example: dt.date | None = None) -> CalendarOverview:
    """Read model of the calendar page. The caller has checked access to `branch`."""
    org_id = _pk(organisation)
    rows = list(OrganisationCalendar.objects.for_organisation(org_id))
    org_own = next((c for c in rows if c.branch_id is None), None)
    branch_id = _pk(branch)
    own = org_own if branch_id is None else next((c for c in rows if c.branch_id == branch_id), None)
    applies = own or org_own
    periods = [] if applies is None else list(CalendarPeriod.objects.for_organisation(org_id).filter(calendar=applies))
    school_calendar = calendar_for(org_id, branch_id)
    start = example or example_start(school_calendar, today)
    weeks = school_calendar.deadline(start, amount=4, unit="school_weeks")
    days = school_calendar.deadline(start, amount=10, unit="school_days")
    return CalendarOverview(
        own=own,
        applies=applies,
        school_calendar=school_calendar,
        years=school_years_of(periods, today=today) if applies is not None else [],
        warning=uncovered_years_warning(school_calendar, relevant_dates(today)),
        example_weeks=weeks,
        example_days=days,
        example_warning=uncovered_years_warning(school_calendar, [start, weeks.due, days.due]),
        branch_calendars={c.branch_id: c for c in rows if c.branch_id is not None},
    )
