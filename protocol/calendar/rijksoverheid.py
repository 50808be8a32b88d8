"""Import the government's open-data school holidays (rijksoverheid.nl).

The feed (`https://opendata.rijksoverheid.nl/v1/sources/rijksoverheid/infotypes/
schoolholidays?output=json`, or `/schoolyear/2025-2026?output=json` for one year)
looks like this, shortened::

    [{"id": "…", "type": "…", "notice": "…",
      "content": [{"title": "…", "schoolyear": "2026-2027",
                   "vacations": [
                     {"type": "\\n Herfstvakantie \\n", "compulsorydates": "false",
                      "regions": [
                        {"region": "noord", "startdate": "2026-10-10T00:00:00.000Z",
                         "enddate": "2026-10-18T21:59:00.000Z"}, …]},
                     {"type": "Kerstvakantie", "compulsorydates": "true",
                      "regions": [{"region": "heel Nederland", …}]}]}]}]

Peculiarities handled here: the per-year endpoint returns one object instead of
a list; vacation types carry stray whitespace and capitals; school years may be
written "2019 - 2020"; timestamps are UTC and the end is 23:59 *Dutch* time
(21:59Z in summer time, 22:59Z in winter time), so every timestamp is converted
to Europe/Amsterdam before its date is taken; "heel Nederland" means all three
regions. Dates without a time are taken as they are.

`parse_rijksoverheid_json` is pure: text in, periods out, `HolidayImportError`
(with a Dutch and an English message and the JSON path) for anything malformed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from protocol.calendar.periods import (
    HolidayPeriod,
    LocalizedMessage,
    parse_school_year,
    school_year_label,
    validate_periods,
)
from protocol.calendar.regional import REGIONS

ALL_REGIONS_NAME = "heel nederland"


class HolidayImportError(ValueError):
    """The feed could not be read; `path` points at the offending JSON element."""

    def __init__(self, path: str, message: LocalizedMessage) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message.nl}" if path else message.nl)

    def text(self, language: str = "nl") -> str:
        body = self.message.nl if language == "nl" else self.message.en
        return f"{self.path}: {body}" if self.path else body


@dataclass(frozen=True, slots=True)
class RijksoverheidImport:
    """Everything read from one feed document."""

    periods: dict[str, list[HolidayPeriod]]
    school_years: tuple[str, ...]
    notices: tuple[str, ...]


def _fail(path: str, code: str, nl: str, en: str) -> HolidayImportError:
    return HolidayImportError(path, LocalizedMessage(code, nl, en))


def _last_sunday(year: int, month: int) -> date:
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return d - timedelta(days=(d.weekday() - 6) % 7)


def _amsterdam_offset(moment_utc: datetime) -> timedelta:
    """CET/CEST by the EU rule (in force in the Netherlands since 1996).

    Used instead of the tz database so the import also works where no tzdata
    is installed; the rule is exact for every year the feed covers.
    """
    year = moment_utc.year
    summer_start = datetime.combine(_last_sunday(year, 3), datetime.min.time(), UTC) + timedelta(
        hours=1
    )
    summer_end = datetime.combine(_last_sunday(year, 10), datetime.min.time(), UTC) + timedelta(
        hours=1
    )
    return timedelta(hours=2) if summer_start <= moment_utc < summer_end else timedelta(hours=1)


def _local_date(value: Any, path: str) -> date:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "missing_date", "datum ontbreekt.", "date is missing.")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _fail(
            path,
            "invalid_date",
            f"geen geldige datum: {text!r}.",
            f"not a valid date: {text!r}.",
        ) from None
    if moment.tzinfo is None:
        return moment.date()
    utc = moment.astimezone(UTC)
    return (utc + _amsterdam_offset(utc)).date()


def _expect(value: Any, kind: type, path: str, what_nl: str, what_en: str) -> Any:
    if not isinstance(value, kind):
        raise _fail(
            path,
            "wrong_type",
            f"verwacht {what_nl}, gevonden {type(value).__name__}.",
            f"expected {what_en}, found {type(value).__name__}.",
        )
    return value


def _documents(data: Any) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(data, dict):
        return [("", data)]
    if isinstance(data, list):
        if not data:
            raise _fail(
                "",
                "empty",
                "het bestand bevat geen schooljaren.",
                "the file holds no school years.",
            )
        return [
            (f"[{i}]", _expect(doc, dict, f"[{i}]", "een object", "an object"))
            for i, doc in enumerate(data)
        ]
    raise _fail(
        "",
        "wrong_type",
        "verwacht een lijst of een object op het hoogste niveau.",
        "expected a list or an object at the top level.",
    )


def parse_rijksoverheid_document(text: str | bytes) -> RijksoverheidImport:
    """Parse the feed into periods per region (noord, midden, zuid), sorted by date.

    "heel Nederland" periods are added to each of the three regions; a period
    that appears twice with the same dates (overlapping downloads) is kept once.
    Raises `HolidayImportError` for malformed input, unknown regions, or periods
    that do not validate (end before start, overlaps).
    """
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(
            "", "invalid_json", f"geen geldige JSON ({exc}).", f"not valid JSON ({exc})."
        ) from None

    periods: dict[str, list[HolidayPeriod]] = {region: [] for region in REGIONS}
    years: list[str] = []
    notices: list[str] = []
    for doc_path, doc in _documents(data):
        if isinstance(doc.get("notice"), str) and doc["notice"].strip():
            notices.append(" ".join(doc["notice"].split()))
        if "content" not in doc:
            raise _fail(
                doc_path or "$", "missing_field", "'content' ontbreekt.", "'content' is missing."
            )
        contents = _expect(doc["content"], list, f"{doc_path}.content", "een lijst", "a list")
        for ci, content in enumerate(contents):
            c_path = f"{doc_path}.content[{ci}]"
            _expect(content, dict, c_path, "een object", "an object")
            _read_school_year(content, c_path, periods, years)

    if not any(periods.values()):
        raise _fail(
            "", "empty", "het bestand bevat geen vakanties.", "the file holds no vacations."
        )

    problems: list[str] = []
    problems_en: list[str] = []
    for region, found in periods.items():
        unique = sorted(set(found), key=lambda p: (p.start, p.end, p.name))
        periods[region] = unique
        for issue in validate_periods(unique):
            problems.append(f"regio {region}: {issue.nl}")
            problems_en.append(f"region {region}: {issue.en}")
    if problems:
        raise _fail("", "invalid_periods", " ".join(problems), " ".join(problems_en))
    return RijksoverheidImport(
        periods=periods,
        school_years=tuple(dict.fromkeys(years)),
        notices=tuple(dict.fromkeys(notices)),
    )


def _read_school_year(
    content: dict[str, Any], path: str, periods: dict[str, list[HolidayPeriod]], years: list[str]
) -> None:
    raw_year = content.get("schoolyear")
    if not isinstance(raw_year, str):
        raise _fail(
            f"{path}.schoolyear",
            "missing_field",
            "schooljaar ontbreekt.",
            "school year is missing.",
        )
    try:
        years.append(school_year_label(parse_school_year(raw_year)))
    except ValueError:
        raise _fail(
            f"{path}.schoolyear",
            "invalid_school_year",
            f"ongeldig schooljaar {raw_year!r}.",
            f"invalid school year {raw_year!r}.",
        ) from None
    vacations = _expect(content.get("vacations"), list, f"{path}.vacations", "een lijst", "a list")
    for vi, vacation in enumerate(vacations):
        v_path = f"{path}.vacations[{vi}]"
        _expect(vacation, dict, v_path, "een object", "an object")
        name = " ".join(str(vacation.get("type") or "").split()).lower()
        if not name:
            raise _fail(
                f"{v_path}.type",
                "missing_field",
                "soort vakantie ontbreekt.",
                "vacation type is missing.",
            )
        regions = _expect(vacation.get("regions"), list, f"{v_path}.regions", "een lijst", "a list")
        for ri, entry in enumerate(regions):
            r_path = f"{v_path}.regions[{ri}]"
            _expect(entry, dict, r_path, "een object", "an object")
            region = " ".join(str(entry.get("region") or "").split()).lower()
            if region == ALL_REGIONS_NAME:
                targets: tuple[str, ...] = REGIONS
            elif region in REGIONS:
                targets = (region,)
            else:
                raise _fail(
                    f"{r_path}.region",
                    "unknown_region",
                    f"onbekende regio {entry.get('region')!r}; verwacht noord, midden, zuid of heel Nederland.",
                    f"unknown region {entry.get('region')!r}; expected noord, midden, zuid or heel Nederland.",
                )
            start = _local_date(entry.get("startdate"), f"{r_path}.startdate")
            end = _local_date(entry.get("enddate"), f"{r_path}.enddate")
            if end < start:
                raise _fail(
                    r_path,
                    "end_before_start",
                    f"{name}: einddatum {end.isoformat()} ligt vóór begindatum {start.isoformat()}.",
                    f"{name}: end date {end.isoformat()} is before start date {start.isoformat()}.",
                )
            for target in targets:
                periods[target].append(HolidayPeriod(name=name, start=start, end=end))


def parse_rijksoverheid_json(text: str | bytes) -> dict[str, list[HolidayPeriod]]:
    """Periods per region ("noord", "midden", "zuid") from the feed's JSON text.

    See `parse_rijksoverheid_document` for the rules and the errors raised.
    """
    return parse_rijksoverheid_document(text).periods
