"""`manage.py import_school_holidays`: the rijksoverheid open-data feed into RegionalHoliday."""
from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from protocol.calendars import regional_periods
from protocol.models import RegionalHoliday

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).with_name("data") / "rijksoverheid_schoolholidays_sample.json"


def run(path) -> str:
    out = StringIO()
    call_command("import_school_holidays", str(path), stdout=out)
    return out.getvalue()


def rows():
    return sorted(RegionalHoliday.objects.values_list("region", "school_year", "name", "start", "end"))


def test_it_imports_the_sample_feed_per_region():
    output = run(SAMPLE)
    assert "2025-2026" in output and "2026-2027" in output
    assert "0 gewijzigd" in output
    herfst = RegionalHoliday.objects.get(region="zuid", school_year=2025, name="herfstvakantie")
    # 2025-10-19T21:59Z is 23:59 on Sunday 19 October in Amsterdam
    assert (herfst.start, herfst.end) == (dt.date(2025, 10, 11), dt.date(2025, 10, 19))
    # "heel Nederland" lands in all three regions
    assert RegionalHoliday.objects.filter(school_year=2025, name="kerstvakantie").count() == 3
    assert set(RegionalHoliday.objects.values_list("school_year", flat=True)) == {2025, 2026}


def test_it_is_idempotent():
    run(SAMPLE)
    first = rows()
    output = run(SAMPLE)
    assert rows() == first
    assert "0 nieuw, 0 gewijzigd" in output and "0 verwijderd" in output


def test_it_updates_changed_dates_and_removes_what_the_file_no_longer_has(tmp_path):
    RegionalHoliday.objects.create(region="midden", school_year=2025, name="carnavalsvakantie",
                                   start=dt.date(2026, 2, 14), end=dt.date(2026, 2, 22))
    RegionalHoliday.objects.create(region="midden", school_year=2024, name="herfstvakantie",
                                   start=dt.date(2024, 10, 26), end=dt.date(2024, 11, 3))
    RegionalHoliday.objects.create(region="midden", school_year=2025, name="herfstvakantie",
                                   start=dt.date(2025, 10, 4), end=dt.date(2025, 10, 12))
    output = run(SAMPLE)
    assert "1 gewijzigd" in output and "1 verwijderd" in output
    assert not RegionalHoliday.objects.filter(name="carnavalsvakantie").exists()
    assert RegionalHoliday.objects.filter(school_year=2024).exists()  # not in the file: left alone
    assert RegionalHoliday.objects.get(region="midden", school_year=2025, name="herfstvakantie").start == dt.date(2025, 10, 18)


def test_imported_rows_take_precedence_when_prefilling():
    run(SAMPLE)
    midden = regional_periods("midden")
    imported = {(p.name, p.start, p.end) for p in midden[2025]}
    stored = set(RegionalHoliday.objects.filter(region="midden", school_year=2025).values_list("name", "start", "end"))
    assert imported == stored
    assert 2027 in midden  # years the file lacks still come from the shipped data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "geen geldige JSON"),
        ("[]", "geen schooljaren"),
        (json.dumps([{"content": [{"schoolyear": "2025-2026", "vacations": [{"type": "Herfstvakantie",
            "regions": [{"region": "oost", "startdate": "2025-10-18", "enddate": "2025-10-26"}]}]}]}]), "onbekende regio"),
        (json.dumps([{"content": [{"schoolyear": "2025-2026", "vacations": [{"type": "Herfstvakantie",
            "regions": [{"region": "noord", "startdate": "2025-10-26", "enddate": "2025-10-18"}]}]}]}]), "vóór begindatum"),
    ],
)
def test_it_refuses_a_malformed_file_and_writes_nothing(tmp_path, content, expected):
    run(SAMPLE)
    before = rows()
    bad = tmp_path / "kapot.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run(bad)
    assert expected in str(exc.value)
    assert "kapot.json" in str(exc.value)
    assert rows() == before


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        run(tmp_path / "bestaat-niet.json")


def test_it_exits_non_zero_from_the_command_line(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "kapot.json"
    bad.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_school_holidays", str(bad), "--skip-checks"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "geen geldige JSON" in result.stderr
