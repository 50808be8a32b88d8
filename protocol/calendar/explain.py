"""Short human explanations of a deadline, in Dutch (default) and English.

    4 schoolweken; herfstvakantie telt niet mee
    4 school weeks; the autumn holiday does not count
    10 schooldagen; studiedag (12 maart) en Tweede paasdag (6 april) tellen niet mee

Every vacation that a deadline skipped is named; for a day-based deadline the
single days off and public holidays it skipped on weekdays are named too. A
week-based deadline that had to move forward past a day without school says why.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from protocol.calendar.periods import Language, daterange, format_day_month

if TYPE_CHECKING:
    from protocol.calendar.school_calendar import DeadlineUnit, NonSchoolDay, SchoolCalendar


def _join(items: list[str], language: Language) -> str:
    if len(items) == 1:
        return items[0]
    conjunction = " en " if language == "nl" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def _does_not_count(items: list[str], language: Language) -> str:
    if language == "nl":
        verb = "telt niet mee" if len(items) == 1 else "tellen niet mee"
    else:
        verb = "does not count" if len(items) == 1 else "do not count"
    return f"{_join(items, language)} {verb}"


def _head(unit: DeadlineUnit, amount: int, language: Language) -> str:
    weeks = unit.value == "school_weeks"
    if language == "nl":
        word = (
            ("schoolweek" if amount == 1 else "schoolweken")
            if weeks
            else ("schooldag" if amount == 1 else "schooldagen")
        )
    else:
        word = (
            ("school week" if amount == 1 else "school weeks")
            if weeks
            else ("school day" if amount == 1 else "school days")
        )
    return f"{amount} {word}"


def _single(reason: NonSchoolDay, language: Language) -> str:
    return f"{reason.name(language)} ({format_day_month(reason.day, language)})"


def _moved_note(calendar: SchoolCalendar, raw: date, due: date, language: Language) -> str | None:
    """Why a week-based deadline moved from `raw` to `due`; None when only a weekend did it."""
    reasons = [calendar.non_school_reason(d) for d in daterange(raw, due - timedelta(days=1))]
    holiday = next((r for r in reasons if r is not None and r.kind == "holiday"), None)
    if holiday is not None:
        if language == "nl":
            return f"verschoven naar de eerste schooldag na de {holiday.name('nl')}"
        return f"moved to the first school day after {holiday.name('en')}"
    singles = [r for r in reasons if r is not None and r.kind in ("day_off", "public_holiday")]
    if not singles:
        return None
    article = "een " if language == "nl" else "a "
    described = _join(
        [
            f"{format_day_month(r.day, language)} is "
            f"{article if r.kind == 'day_off' else ''}{r.name(language)}"
            for r in singles
        ],
        language,
    )
    if language == "nl":
        return f"verschoven naar de volgende schooldag, want {described}"
    return f"moved to the next school day because {described}"


def explain_deadline(
    calendar: SchoolCalendar,
    start: date,
    due: date,
    unit: DeadlineUnit,
    amount: int,
    language: Language = "nl",
) -> str:
    """The explanation shown next to a deadline computed by `calendar` (see module doc)."""
    if language not in ("nl", "en"):
        raise ValueError(f"Onbekende taal {language!r}; gebruik 'nl' of 'en'.")
    first, last = (start, due) if start <= due else (due, start)
    parts = [_head(unit, amount, language)]

    if unit.value == "school_weeks":
        # When `due` is what the clock gives, only the holidays that stopped it up
        # to its end "did not count"; a holiday the deadline was pushed past after
        # the clock ran out is named in the move note instead.
        raw = calendar.week_clock_end(start, amount) if amount > 0 and start <= due else None
        computed = raw is not None and calendar.next_school_day(raw) == due
        bound = raw if computed and raw is not None else last
        vacations = calendar.stopped_periods_between(first, bound)
        if vacations:
            parts.append(_does_not_count([p.label(language) for p in vacations], language))
        if computed and raw is not None and raw < due:
            note = _moved_note(calendar, raw, due, language)
            if note:
                parts.append(note)
    else:
        periods, singles = calendar.skipped_between(first, last)
        if periods:
            parts.append(_does_not_count([p.label(language) for p in periods], language))
        if singles:
            parts.append(_does_not_count([_single(s, language) for s in singles], language))
    return "; ".join(parts)
