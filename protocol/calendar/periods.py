"""Holiday periods, days off, school years, and their validation.

Plain data, no Django: the models that store an organisation's calendar convert
their rows into these objects and back.

Validation never half-accepts: `validate_periods` and `validate_days_off` return
every problem they find, and `SchoolCalendar` refuses to be built while any
remains (`CalendarValidationError`). Each problem carries a stable `code`, a
Dutch message (the interface's default language) and an English one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

Language = Literal["nl", "en"]

#: The five holidays the government schedules every school year, in school-year order.
STANDARD_VACATIONS: tuple[str, ...] = (
    "herfstvakantie",
    "kerstvakantie",
    "voorjaarsvakantie",
    "meivakantie",
    "zomervakantie",
)

_VACATION_LABELS_EN: dict[str, str] = {
    "herfstvakantie": "the autumn holiday",
    "kerstvakantie": "the Christmas holiday",
    "voorjaarsvakantie": "the spring holiday",
    "meivakantie": "the May holiday",
    "zomervakantie": "the summer holiday",
}

_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: A period longer than this is almost certainly a typo (the summer holiday is ~6 weeks).
MAX_PERIOD_DAYS = 70

#: The school year starts on 1 August (WVO: het schooljaar loopt van 1 augustus t/m 31 juli).
SCHOOL_YEAR_START_MONTH = 8


def format_date(d: date, language: Language = "nl") -> str:
    """`18 oktober 2025` / `18 October 2025`, independent of the process locale."""
    months = _MONTHS_NL if language == "nl" else _MONTHS_EN
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_day_month(d: date, language: Language = "nl") -> str:
    """`12 maart` / `12 March`: for explanations, where the year is obvious."""
    months = _MONTHS_NL if language == "nl" else _MONTHS_EN
    return f"{d.day} {months[d.month - 1]}"


def vacation_label(name: str, language: Language = "nl") -> str:
    """How a holiday period is named in a sentence: `herfstvakantie` / `the autumn holiday`.

    Custom names (e.g. `carnavalsvakantie`) are shown as the organisation typed them.
    """
    if language == "en":
        return _VACATION_LABELS_EN.get(name.lower(), name)
    return name


def school_year_of(d: date) -> int:
    """The calendar year in which the school year containing `d` started (1 August)."""
    return d.year if d.month >= SCHOOL_YEAR_START_MONTH else d.year - 1


def school_year_label(start_year: int) -> str:
    """`2025` → `"2025-2026"`."""
    return f"{start_year}-{start_year + 1}"


def parse_school_year(label: str) -> int:
    """`"2025-2026"` (spaces tolerated, as in the government's data) → `2025`."""
    parts = [p.strip() for p in label.replace(" ", "").split("-")]
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise ValueError(f"Ongeldig schooljaar {label!r}; verwacht bijvoorbeeld '2025-2026'.")
    first, second = int(parts[0]), int(parts[1])
    if second != first + 1:
        raise ValueError(
            f"Ongeldig schooljaar {label!r}: het tweede jaar moet het eerste plus één zijn."
        )
    return first


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """A named holiday, `start` to `end` inclusive (e.g. herfstvakantie 18–26 Oct 2025)."""

    name: str
    start: date
    end: date

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def school_year(self) -> int:
        """The school year the period belongs to, by its first day."""
        return school_year_of(self.start)

    def label(self, language: Language = "nl") -> str:
        return vacation_label(self.name, language)


class DayOffKind(StrEnum):
    STUDY_DAY = "study_day"  # studiedag
    DAY_OFF = "day_off"  # extra vrije dag, margedag


@dataclass(frozen=True, slots=True)
class DayOff:
    """A single day without lessons that the organisation sets: a study day or extra free day."""

    day: date
    name: str
    kind: DayOffKind = DayOffKind.DAY_OFF


def day_off_label(off: DayOff, language: Language = "nl") -> str:
    """`studiedag` / `study day`; a study day with its own name reads `studiedag ‘teamdag’`."""
    name = off.name.strip()
    if off.kind is DayOffKind.STUDY_DAY:
        if name.lower() == "studiedag":
            return "studiedag" if language == "nl" else "study day"
        if "studiedag" not in name.lower():
            return f"studiedag ‘{name}’" if language == "nl" else f"study day ‘{name}’"
    elif name.lower() in ("vrije dag", "extra vrije dag") and language == "en":
        return "day off"
    return name


@dataclass(frozen=True, slots=True)
class LocalizedMessage:
    """A problem or note with a stable code and its text in Dutch and English."""

    code: str
    nl: str
    en: str

    def text(self, language: Language = "nl") -> str:
        return self.nl if language == "nl" else self.en

    def __str__(self) -> str:
        return self.nl


ValidationIssue = LocalizedMessage


class CalendarValidationError(ValueError):
    """Raised when a calendar is built from periods or days off that do not validate."""

    def __init__(self, issues: Iterable[LocalizedMessage]) -> None:
        self.issues: tuple[LocalizedMessage, ...] = tuple(issues)
        super().__init__("; ".join(issue.nl for issue in self.issues))

    def messages(self, language: Language = "nl") -> list[str]:
        return [issue.text(language) for issue in self.issues]


def _describe(p: HolidayPeriod, language: Language) -> str:
    name = p.name if language == "nl" else vacation_label(p.name, "en")
    return f"{name} ({format_date(p.start, language)} – {format_date(p.end, language)})"


def validate_periods(periods: Iterable[HolidayPeriod]) -> list[LocalizedMessage]:
    """Every problem in a list of holiday periods; empty means valid.

    Checks, in this order: empty name, end before start, implausibly long period,
    exact duplicates (same dates, whatever the name), and overlaps between the
    remaining periods. A reversed period is not also reported as overlapping.
    """
    items = list(periods)
    issues: list[LocalizedMessage] = []
    usable: list[HolidayPeriod] = []

    for p in items:
        if not p.name or not p.name.strip():
            issues.append(
                LocalizedMessage(
                    "empty_name",
                    f"Een vakantie vanaf {format_date(p.start)} heeft geen naam.",
                    f"A holiday starting {format_date(p.start, 'en')} has no name.",
                )
            )
        if p.end < p.start:
            issues.append(
                LocalizedMessage(
                    "end_before_start",
                    f"{p.name}: de einddatum {format_date(p.end)} ligt vóór de "
                    f"begindatum {format_date(p.start)}.",
                    f"{vacation_label(p.name, 'en')}: the end date {format_date(p.end, 'en')} is "
                    f"before the start date {format_date(p.start, 'en')}.",
                )
            )
            continue
        if p.days > MAX_PERIOD_DAYS:
            issues.append(
                LocalizedMessage(
                    "period_too_long",
                    f"{_describe(p, 'nl')} duurt {p.days} dagen; langer dan "
                    f"{MAX_PERIOD_DAYS} dagen is vrijwel zeker een tikfout.",
                    f"{_describe(p, 'en')} lasts {p.days} days; more than "
                    f"{MAX_PERIOD_DAYS} days is almost certainly a typo.",
                )
            )
        usable.append(p)

    seen: dict[tuple[date, date], HolidayPeriod] = {}
    distinct: list[HolidayPeriod] = []
    for p in usable:
        key = (p.start, p.end)
        if key in seen:
            first = seen[key]
            issues.append(
                LocalizedMessage(
                    "duplicate",
                    f"{_describe(p, 'nl')} staat dubbel in de lijst"
                    + (f" (ook als {first.name})." if first.name != p.name else "."),
                    f"{_describe(p, 'en')} is listed twice"
                    + (
                        f" (also as {vacation_label(first.name, 'en')})."
                        if first.name != p.name
                        else "."
                    ),
                )
            )
            continue
        seen[key] = p
        distinct.append(p)

    distinct.sort(key=lambda p: (p.start, p.end))
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            if b.start > a.end:
                break
            issues.append(
                LocalizedMessage(
                    "overlap",
                    f"{_describe(a, 'nl')} en {_describe(b, 'nl')} overlappen.",
                    f"{_describe(a, 'en')} and {_describe(b, 'en')} overlap.",
                )
            )
    return issues


def validate_days_off(days_off: Iterable[DayOff]) -> list[LocalizedMessage]:
    """Every problem in a list of single days off: empty names and the same date twice."""
    issues: list[LocalizedMessage] = []
    seen: dict[date, DayOff] = {}
    for d in days_off:
        if not d.name or not d.name.strip():
            issues.append(
                LocalizedMessage(
                    "empty_name",
                    f"De vrije dag op {format_date(d.day)} heeft geen naam.",
                    f"The day off on {format_date(d.day, 'en')} has no name.",
                )
            )
        if d.day in seen:
            issues.append(
                LocalizedMessage(
                    "duplicate",
                    f"{format_date(d.day)} staat twee keer als vrije dag in de lijst "
                    f"({seen[d.day].name} en {d.name}).",
                    f"{format_date(d.day, 'en')} is listed twice as a day off "
                    f"({seen[d.day].name} and {d.name}).",
                )
            )
        else:
            seen[d.day] = d
    return issues


def daterange(first: date, last: date) -> Iterable[date]:
    """Every date from `first` to `last`, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
