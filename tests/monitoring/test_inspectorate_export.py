"""The inspectorate export (issue 13, item 3): the file agrees with the stored counts and
with the instrument file, and no row, total or difference of rows uncovers a hidden group."""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from django.urls import reverse

from monitoring.tracks import track_label, track_of
from tests.monitoring.test_aspects import (
    SIZES,
    expected_aspect_mean,
    file_items,
    merge,
    run_round,
    stored_sums,
)
from tests.monitoring.test_results import recoverable

pytestmark = pytest.mark.django_db

URL = "monitoring:inspectorate_export"


def fetch(client, user, year, fmt="csv"):
    client.force_login(user)
    return client.get(reverse(URL), {"schooljaar": year.pk, "formaat": fmt})


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_export_is_the_stored_counts_in_every_row(client, board):
    survey = run_round(board)
    year = board.school_class.school_year
    response = fetch(client, board.coordinator, year)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = [r for r in csv_rows(response) if r["peiling_id"] == str(survey.pk)]
    per_class = stored_sums(board, survey)
    members: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for (dept, grade, name) in SIZES:
        track = track_label(track_of(dept))
        for key in (("cel", str(grade), track), ("leerjaar", str(grade), "totaal"), ("onderwijssoort", "totaal", track),
                    ("vestiging", "totaal", "totaal")):
            members[key].append(name)
    bullying = [k for k, v in file_items(2).items() if v[2]]
    seen = 0
    for row in rows:
        names = members[(row["niveau"], row["leerjaar"], row["onderwijssoort"])]
        assert row["uitgenodigd"] == str(sum(SIZES[k] + 2 for k in SIZES if k[2] in names))
        if row["onderdrukt"] == "ja":
            assert row["respondenten"] == "onderdrukt" and row["gemiddelde_aantasting"] == "onderdrukt"
            assert all(row[f"pesten.{k}.{o}"] == "onderdrukt" for k in bullying for o in range(6))
            continue
        seen += 1
        per_item = merge(*(per_class[n] for n in names))
        assert int(row["respondenten"]) == sum(SIZES[k] for k in SIZES if k[2] in names)
        for aspect in ("veiligheidsbeleving", "aantasting", "welbevinden"):
            assert float(row[f"gemiddelde_{aspect}"]) == pytest.approx(expected_aspect_mean(per_item, aspect, 2), abs=0.005)
        for key in bullying:
            counts = per_item[key]
            for option in range(6):
                assert float(row[f"pesten.{key}.{option}"]) == pytest.approx(counts[2 + option] / counts[0], abs=5e-5)
    assert seen >= 3
    assert {r["niveau"] for r in rows} >= {"cel", "leerjaar", "onderwijssoort", "vestiging"}


def test_no_row_total_or_difference_of_rows_uncovers_a_hidden_cell(client, board):
    survey = run_round(board)
    rows = [r for r in csv_rows(fetch(client, board.coordinator, board.school_class.school_year))
            if r["peiling_id"] == str(survey.pk)]
    true: dict[str, int] = defaultdict(int)
    for (dept, grade, _name), n in SIZES.items():
        track = track_label(track_of(dept))
        true[f"cel|{grade}|{track}"] += n
        true[f"leerjaar|{grade}"] += n
        true[f"onderwijssoort|{track}"] += n
        true["vestiging"] += n
    shown: dict[str, int | None] = {}
    for r in rows:
        key = {"cel": f"cel|{r['leerjaar']}|{r['onderwijssoort']}", "leerjaar": f"leerjaar|{r['leerjaar']}",
               "onderwijssoort": f"onderwijssoort|{r['onderwijssoort']}", "vestiging": "vestiging"}[r["niveau"]]
        shown[key] = None if r["onderdrukt"] == "ja" else int(r["respondenten"])
    assert set(shown) == set(true)
    cells = [k for k in true if k.startswith("cel|")]
    lines = [([c for c in cells if c.split("|")[1] == k.split("|")[1]], k) for k in true if k.startswith("leerjaar|")]
    lines += [([c for c in cells if c.split("|")[2] == k.split("|")[1]], k) for k in true if k.startswith("onderwijssoort|")]
    lines += [([k for k in true if k.startswith("leerjaar|")], "vestiging"),
              ([k for k in true if k.startswith("onderwijssoort|")], "vestiging"), (cells, "vestiging")]
    assert any(v is None for v in shown.values())  # the small class makes a hidden cell
    assert shown["vestiging"] == 40  # the totals row is there ...
    assert recoverable(true, shown, lines) == set()  # ... and gives nothing hidden away
    for members, total in lines:
        if shown[total] is not None:
            hidden = sum(true[m] for m in members if shown[m] is None)
            assert hidden == 0 or hidden >= survey.min_group_size


def test_the_json_says_the_same_as_the_csv(client, board):
    run_round(board)
    year = board.school_class.school_year
    from_csv = csv_rows(fetch(client, board.coordinator, year))
    data = json.loads(fetch(client, board.coordinator, year, "json").content)
    assert data["schooljaar"] == year.name and len(data["rijen"]) == len(from_csv)
    for j, c in zip(data["rijen"], from_csv, strict=True):
        assert j["onderdrukt"] == (c["onderdrukt"] == "ja")
        if j["onderdrukt"]:
            assert j["respondenten"] is None and set(j["gemiddelden"].values()) == {None}
            continue
        assert str(j["respondenten"]) == c["respondenten"]
        for aspect, value in j["gemiddelden"].items():
            assert value == pytest.approx(float(c[f"gemiddelde_{aspect}"]), abs=0.005)


def test_only_who_sees_the_results_exports_and_only_their_own_years(client, board, other_board):
    run_round(board)
    assert fetch(client, board.management, board.school_class.school_year).status_code == 200
    assert fetch(client, board.mentor, board.school_class.school_year).status_code == 404
    assert fetch(client, board.teacher, board.school_class.school_year).status_code == 404
    assert fetch(client, board.coordinator, other_board.school_class.school_year).status_code == 404
    client.force_login(board.coordinator)
    assert client.get(reverse(URL), {"schooljaar": "x"}).status_code == 404
    assert client.get(reverse(URL), {"schooljaar": board.school_class.school_year.pk, "formaat": "xml"}).status_code == 404
    assert client.get(reverse(URL)).status_code == 200
