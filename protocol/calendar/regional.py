"""The government's school holidays per region, to pre-fill an organisation's calendar.

The data lives in `data/schoolvakanties.json`, which states its source, how it was
verified and which school years it covers. Years that could not be verified are
left out: `available_school_years()` says which there are, and a calendar built
from them reports the rest as uncovered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from protocol.calendar.periods import DayOff, HolidayPeriod, parse_school_year
from protocol.calendar.school_calendar import SchoolCalendar

Region = Literal["noord", "midden", "zuid"]
REGIONS: tuple[Region, ...] = ("noord", "midden", "zuid")

DATA_FILE = Path(__file__).with_name("data") / "schoolvakanties.json"


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def regional_data_source() -> dict[str, Any]:
    """The `source`, `notes` and `school_years_covered` of the shipped data, for display."""
    data = _load()
    return {
        "title": data["title"],
        "source": data["source"],
        "notes": list(data["notes"]),
        "school_years_covered": list(data["school_years_covered"]),
    }


def available_school_years() -> list[str]:
    """School years (`"2025-2026"`, …) the shipped regional data covers, in order."""
    return [entry["school_year"] for entry in _load()["school_years"]]


def _check_region(region: str) -> Region:
    normalised = region.strip().lower()
    if normalised not in REGIONS:
        raise ValueError(
            f"Onbekende regio {region!r}; kies uit {', '.join(REGIONS)}. "
            f"(Unknown region; choose noord, midden or zuid.)"
        )
    return normalised  # type: ignore[return-value]


def regional_holidays(
    region: str, school_years: Iterable[str] | None = None
) -> list[HolidayPeriod]:
    """The government's holiday periods for `region`, sorted by date.

    `school_years` limits the result (e.g. `["2025-2026"]`); asking for a school
    year the data does not cover raises `ValueError`, so a caller never mistakes
    a missing year for a year without holidays.
    """
    key = _check_region(region)
    entries = {entry["school_year"]: entry for entry in _load()["school_years"]}
    if school_years is None:
        wanted = list(entries)
    else:
        wanted = [str(y).replace(" ", "") for y in school_years]
        for label in wanted:
            parse_school_year(label)  # raises on a malformed label
        missing = [label for label in wanted if label not in entries]
        if missing:
            raise ValueError(
                f"Geen vakantiegegevens voor schooljaar {', '.join(missing)}; beschikbaar: "
                f"{', '.join(entries)}. (No holiday data for {', '.join(missing)}.)"
            )
    periods = [
        HolidayPeriod(
            name=vacation["type"],
            start=date.fromisoformat(vacation["regions"][key]["start"]),
            end=date.fromisoformat(vacation["regions"][key]["end"]),
        )
        for label in wanted
        for vacation in entries[label]["vacations"]
    ]
    return sorted(periods, key=lambda p: p.start)


def regional_calendar(
    region: str,
    school_years: Iterable[str] | None = None,
    *,
    days_off: Iterable[DayOff] = (),
    extra_periods: Iterable[HolidayPeriod] = (),
    include_public_holidays: bool = True,
) -> SchoolCalendar:
    """A `SchoolCalendar` pre-filled with the region's holidays for `school_years`.

    The calendar's coverage is exactly the school years taken from the data.
    """
    periods = regional_holidays(region, school_years)
    covered = frozenset(p.school_year for p in periods)
    return SchoolCalendar(
        holidays=(*periods, *extra_periods),
        days_off=tuple(days_off),
        include_public_holidays=include_public_holidays,
        covered_school_years=covered,
    )


def vacation_is_compulsory(vacation_type: str) -> bool | None:
    """Whether the government fixes this vacation's dates (True) or only advises (False).

    None for a name the data does not know.
    """
    for entry in _load()["school_years"]:
        for vacation in entry["vacations"]:
            if vacation["type"] == vacation_type.strip().lower():
                return bool(vacation["compulsory"])
    return None


def periods_by_region(
    school_years: Iterable[str] | None = None,
) -> Mapping[Region, list[HolidayPeriod]]:
    """All three regions at once, in the shape `parse_rijksoverheid_json` returns."""
    years = None if school_years is None else list(school_years)
    return {region: regional_holidays(region, years) for region in REGIONS}
