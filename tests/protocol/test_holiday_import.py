"""Importing the government's open-data school holidays (rijksoverheid.nl). No database.

`data/rijksoverheid_schoolholidays_sample.json` has the feed's shape (a list of
documents, each with `content` → `schoolyear` / `vacations` → `regions`, UTC
timestamps whose end is 23:59 Dutch time, a herfstvakantie `type` with stray
whitespace, "heel Nederland" for Christmas and May) and the 2025-2026 and
2026-2027 dates.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from protocol.calendar import (
    REGIONS,
    HolidayImportError,
    HolidayPeriod,
    parse_rijksoverheid_document,
    parse_rijksoverheid_json,
    regional_holidays,
)

SAMPLE = Path(__file__).with_name("data") / "rijksoverheid_schoolholidays_sample.json"
D = date


def feed(vacations: list[dict], schoolyear: str = "2026-2027") -> str:
    return json.dumps(
        [{"id": "x", "content": [{"schoolyear": schoolyear, "vacations": vacations}]}]
    )


def vacation(type_: str, *regions: tuple[str, str, str]) -> dict:
    return {
        "type": type_,
        "compulsorydates": "false",
        "regions": [{"region": r, "startdate": s, "enddate": e} for r, s, e in regions],
    }


# ------------------------------------------------------------------ happy path


def test_it_reads_the_sample_feed_into_periods_per_region():
    periods = parse_rijksoverheid_json(SAMPLE.read_text(encoding="utf-8"))
    assert set(periods) == set(REGIONS)
    noord = periods["noord"]
    assert noord[0] == HolidayPeriod("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26))
    assert [p.name for p in noord[:5]] == [
        "herfstvakantie",
        "kerstvakantie",
        "voorjaarsvakantie",
        "meivakantie",
        "zomervakantie",
    ]
    assert periods["zuid"][0] == HolidayPeriod("herfstvakantie", D(2025, 10, 11), D(2025, 10, 19))


def test_it_matches_the_shipped_regional_data():
    periods = parse_rijksoverheid_json(SAMPLE.read_bytes())
    for region in REGIONS:
        assert periods[region] == regional_holidays(region, ["2025-2026", "2026-2027"])


def test_it_reports_school_years_and_notices():
    result = parse_rijksoverheid_document(SAMPLE.read_text(encoding="utf-8"))
    assert result.school_years == ("2025-2026", "2026-2027")
    assert result.notices and result.notices[0].startswith("Voor de herfst- en voorjaarsvakanties")


def test_it_reads_the_end_as_dutch_local_time_in_summer_and_winter_time():
    text = feed(
        [
            vacation(
                "\n Herfstvakantie \n",
                ("noord", "2026-10-10T00:00:00.000Z", "2026-10-18T21:59:00.000Z"),  # CEST
                ("midden", "2026-10-17T00:00:00.000Z", "2026-10-25T22:59:00.000Z"),
            ),  # CET
            vacation(
                "Kerstvakantie",
                ("heel Nederland", "2026-12-19T00:00:00.000Z", "2027-01-03T22:59:00.000Z"),
            ),
        ]
    )
    periods = parse_rijksoverheid_json(text)
    assert periods["noord"][0] == HolidayPeriod("herfstvakantie", D(2026, 10, 10), D(2026, 10, 18))
    assert periods["midden"][0] == HolidayPeriod("herfstvakantie", D(2026, 10, 17), D(2026, 10, 25))
    assert periods["zuid"] == [HolidayPeriod("kerstvakantie", D(2026, 12, 19), D(2027, 1, 3))]


def test_it_reads_a_start_written_as_dutch_midnight_in_utc():
    text = feed(
        [
            vacation(
                "Meivakantie",
                ("heel Nederland", "2027-04-23T22:00:00.000Z", "2027-05-02T21:59:00.000Z"),
            )
        ]
    )
    assert parse_rijksoverheid_json(text)["noord"] == [
        HolidayPeriod("meivakantie", D(2027, 4, 24), D(2027, 5, 2)),
    ]


def test_it_accepts_plain_dates_offsets_and_the_single_year_endpoint():
    single = json.dumps(
        {
            "id": "y",
            "content": [
                {
                    "schoolyear": " 2026 - 2027 ",
                    "vacations": [
                        vacation(
                            "Zomervakantie",
                            ("noord", "2027-07-10", "2027-08-22"),
                            ("midden", "2027-07-17T00:00:00+02:00", "2027-08-29T23:59:00+02:00"),
                            ("ZUID", "2027-07-24T00:00:00.000Z", "2027-09-05T21:59:00.000Z"),
                        ),
                    ],
                }
            ],
        }
    )
    result = parse_rijksoverheid_document(single)
    assert result.school_years == ("2026-2027",)
    assert result.periods["noord"] == [
        HolidayPeriod("zomervakantie", D(2027, 7, 10), D(2027, 8, 22))
    ]
    assert result.periods["midden"] == [
        HolidayPeriod("zomervakantie", D(2027, 7, 17), D(2027, 8, 29))
    ]
    assert result.periods["zuid"] == [HolidayPeriod("zomervakantie", D(2027, 7, 24), D(2027, 9, 5))]


def test_it_keeps_a_period_once_when_a_year_appears_twice():
    docs = json.loads(SAMPLE.read_text(encoding="utf-8"))
    twice = json.dumps(docs + docs[:1])
    assert parse_rijksoverheid_json(twice) == parse_rijksoverheid_json(
        SAMPLE.read_text(encoding="utf-8")
    )


# ------------------------------------------------------------ malformed input


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ("{not json", "invalid_json", ""),
        ('"just a string"', "wrong_type", ""),
        ("[]", "empty", ""),
        ('[{"id": "x"}]', "missing_field", "[0]"),
        ('[{"content": {"schoolyear": "2026-2027"}}]', "wrong_type", "[0].content"),
        ('[{"content": [{"vacations": []}]}]', "missing_field", "[0].content[0].schoolyear"),
        (
            '[{"content": [{"schoolyear": "2026", "vacations": []}]}]',
            "invalid_school_year",
            "[0].content[0].schoolyear",
        ),
        (
            '[{"content": [{"schoolyear": "2026-2027", "vacations": "none"}]}]',
            "wrong_type",
            "[0].content[0].vacations",
        ),
        ('[{"content": [{"schoolyear": "2026-2027", "vacations": []}]}]', "empty", ""),
    ],
)
def test_it_rejects_malformed_structure(text, code, path):
    with pytest.raises(HolidayImportError) as excinfo:
        parse_rijksoverheid_json(text)
    assert excinfo.value.message.code == code
    assert excinfo.value.path == path


def test_it_rejects_an_unknown_region_with_its_path_in_both_languages():
    text = feed(
        [
            vacation(
                "Herfstvakantie", ("oost", "2026-10-10T00:00:00.000Z", "2026-10-18T21:59:00.000Z")
            )
        ]
    )
    with pytest.raises(HolidayImportError) as excinfo:
        parse_rijksoverheid_json(text)
    error = excinfo.value
    assert error.message.code == "unknown_region"
    assert str(error) == (
        "[0].content[0].vacations[0].regions[0].region: onbekende regio 'oost'; "
        "verwacht noord, midden, zuid of heel Nederland."
    )
    assert error.text("en").endswith(
        "unknown region 'oost'; expected noord, midden, zuid or heel Nederland."
    )


@pytest.mark.parametrize(
    ("start", "end", "code", "field"),
    [
        ("2026-10-10T00:00:00.000Z", "morgen", "invalid_date", "enddate"),
        ("", "2026-10-18T21:59:00.000Z", "missing_date", "startdate"),
        (None, "2026-10-18T21:59:00.000Z", "missing_date", "startdate"),
        ("2026-10-18T00:00:00.000Z", "2026-10-10T21:59:00.000Z", "end_before_start", ""),
    ],
)
def test_it_rejects_bad_dates(start, end, code, field):
    text = feed([vacation("Herfstvakantie", ("noord", start, end))])
    with pytest.raises(HolidayImportError) as excinfo:
        parse_rijksoverheid_json(text)
    assert excinfo.value.message.code == code
    expected_path = "[0].content[0].vacations[0].regions[0]" + (f".{field}" if field else "")
    assert excinfo.value.path == expected_path


def test_it_rejects_a_vacation_without_a_type():
    text = feed([vacation("  ", ("noord", "2026-10-10T00:00:00.000Z", "2026-10-18T21:59:00.000Z"))])
    with pytest.raises(HolidayImportError) as excinfo:
        parse_rijksoverheid_json(text)
    assert excinfo.value.path == "[0].content[0].vacations[0].type"


def test_it_rejects_overlapping_periods_whole():
    text = feed(
        [
            vacation(
                "Herfstvakantie", ("noord", "2026-10-10T00:00:00.000Z", "2026-10-18T21:59:00.000Z")
            ),
            vacation(
                "Extra", ("heel Nederland", "2026-10-17T00:00:00.000Z", "2026-10-20T21:59:00.000Z")
            ),
        ]
    )
    with pytest.raises(HolidayImportError) as excinfo:
        parse_rijksoverheid_json(text)
    assert excinfo.value.message.code == "invalid_periods"
    assert str(excinfo.value).startswith(
        "regio noord: herfstvakantie (10 oktober 2026 – 18 oktober 2026)"
    )
    assert "overlappen" in str(excinfo.value)
    assert "overlap" in excinfo.value.text("en")
