"""The three legal aspects and the bullying statements (issue 13, items 1 and 2).

Everything here is recomputed independently: the aspect of each item and the direction of
its section are read from the instrument *file* (raw JSON), the figures from the stored
counts (ResultCount rows), and leaks are looked for by an attacker who knows every shown
number and which groups add up to which (tests.monitoring.test_results.recoverable).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import aspects, results
from monitoring import services as monitoring_services
from monitoring.instrument import INSTRUMENT_DIR, Aspect, InstrumentError, load_instrument
from monitoring.instrument.schema import item_from_data
from monitoring.models import ResultCount, RoundClass, SurveyRound
from monitoring.tracks import track_of
from tests import factories as f
from tests.monitoring.survey import close_and_release, submit
from tests.monitoring.test_results import recoverable

pytestmark = pytest.mark.django_db

V1_FILE = json.loads((INSTRUMENT_DIR / "thermometer_v1.json").read_text(encoding="utf-8"))
V2_FILE = json.loads((INSTRUMENT_DIR / "thermometer_v2.json").read_text(encoding="utf-8"))


def file_items(version: int) -> dict[str, tuple[str | None, str, bool]]:
    """item key -> (aspect, section direction, bullying) straight from the JSON files."""
    out = {}
    for section in V1_FILE["sections"]:
        for item in section["items"]:
            out[item["key"]] = (item["aspect"], section["direction"], item.get("bullying", False))
    if version == 2:
        for section_key, items in V2_FILE["add_items"].items():
            direction = next(s["direction"] for s in V1_FILE["sections"] if s["key"] == section_key)
            for item in items:
                out[item["key"]] = (item["aspect"], direction, item.get("bullying", False))
        for section in V2_FILE["add_sections"]:
            for item in section["items"]:
                out[item["key"]] = (item["aspect"], section["direction"], item.get("bullying", False))
    return out


ASPECT_DIRECTION = {a["key"]: a["direction"] for a in V1_FILE["aspects"]}


# --- item 1: the second version --------------------------------------------------------


def test_version_two_keeps_all_42_items_verbatim_and_marks_its_additions():
    v1, v2 = load_instrument(version=1), load_instrument(version=2)
    assert len(v1.item_keys) == 42
    for section in v1.sections:
        assert v2.section(section.key).items[: len(section.items)] == section.items
        assert v2.section(section.key).lead_nl == section.lead_nl
    added = {item.key if item else section.key for section, item in v2.additions}
    assert added == {"targeted_for.political_opinion", "wellbeing", *(i.key for i in v2.section("wellbeing").items)}
    assert set(v2.item_keys) - set(v1.item_keys) == {
        "targeted_for.political_opinion", *(i.key for i in v2.section("wellbeing").items)}
    # every addition carries its reason; nothing of version 1 claims to be an addition
    assert all((item or section).addition_nl.strip() for section, item in v2.additions)
    assert not v1.additions
    assert "politieke gezindheid" in v2.item("targeted_for.political_opinion").text_nl
    assert v2.item("targeted_for.political_opinion").bullying
    assert {i.aspect for i in v2.section("wellbeing").items} == {Aspect.WELLBEING}


def test_every_item_names_its_aspect_in_the_file_and_the_loader_agrees():
    for version in (1, 2):
        instrument = load_instrument(version=version)
        raw = file_items(version)
        assert set(raw) == set(instrument.item_keys)
        for _section, item in instrument.items():
            aspect, _direction, bullying = raw[item.key]
            assert (item.aspect.value if item.aspect else None) == aspect
            assert item.bullying == bullying
    # the seed's perpetration section measures none of the three
    assert {i.aspect for i in load_instrument().section("makes_unsafe").items} == {None}


def test_an_item_without_an_aspect_or_an_addition_without_a_reason_is_refused():
    with pytest.raises(InstrumentError, match="aspect"):
        item_from_data({"key": "safe_in.x", "text_nl": "x", "text_en": "x"})
    with pytest.raises(InstrumentError, match="unknown aspect"):
        item_from_data({"key": "safe_in.x", "text_nl": "x", "text_en": "x", "aspect": "geluk"})
    from monitoring.instrument import extend_instrument
    with pytest.raises(InstrumentError, match="reason"):
        extend_instrument(load_instrument(), version=3,
                          add_items={"safe_in": [item_from_data({"key": "safe_in.x", "text_nl": "x", "text_en": "x",
                                                                 "aspect": None})]})


def test_a_board_chooses_the_version_per_round(client, board):
    client.force_login(board.coordinator)
    now = timezone.localtime()
    for version in (1, 2):
        response = client.post(reverse("monitoring:round_new"), {
            "name": f"Peiling v{version}", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "min_group_size": 10,
            "instrument_version": version, "classes": [board.school_class.pk],
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    with board.tenant():
        assert dict(SurveyRound.objects.values_list("name", "instrument_version")) == {"Peiling v1": 1, "Peiling v2": 2}
    refused = client.post(reverse("monitoring:round_new"), {
        "name": "Peiling v9", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "min_group_size": 10,
        "instrument_version": 9, "classes": [board.school_class.pk],
    })
    assert refused.status_code == 400
    with board.tenant():
        assert not SurveyRound.objects.filter(name="Peiling v9").exists()


# --- a branch with departments, leerjaren and a small class -----------------------------


SIZES = {("Havo", 1, "H1A"): 12, ("Havo", 2, "H2A"): 11, ("Vwo", 1, "V1B"): 3, ("Vwo", 2, "V2B"): 14}


def run_round(board, *, version=2, sizes=SIZES, seed=13, release=True):
    rng = random.Random(seed)
    instrument = load_instrument(version=version)
    with board.tenant():
        depts = {name: f.DepartmentFactory(branch=board.branch, name=name) for name in {d for d, _g, _c in sizes}}
        classes = {
            key: f.SchoolClassFactory(branch=board.branch, department=depts[key[0]], grade=key[1], name=key[2],
                                      school_year=board.school_class.school_year)
            for key in sizes
        }
        now = timezone.now()
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer voorjaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[c.pk for c in classes.values()], instrument_version=version,
        )
        codes = {}
        for key, c in classes.items():
            rc = RoundClass.objects.get(round=survey, school_class=c)
            codes[key] = monitoring_services.codes_issue(round_class=rc, count=sizes[key] + 2, acting_user=board.coordinator)
            RoundClass.objects.filter(pk=rc.pk).update(invited=sizes[key] + 2)
    for key, n in sizes.items():
        for code in codes[key][:n]:
            answers = {k: rng.randint(0, 5) for k in instrument.item_keys}
            submit(code, answers, gender=rng.choice(["boy", "girl"]))
    if release:  # results are counted only when a closed round's results are released
        close_and_release(survey)
    return survey


def stored_sums(board, survey) -> dict[str, dict[str, list[int]]]:
    """Per class name: item -> [n, total, a0..a5], summed from the stored counter rows."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0] * 8))
    with board.tenant():
        for row in ResultCount.objects.filter(round=survey).select_related("round_class"):
            acc = out[row.round_class.class_name][row.item_key]
            for i, value in enumerate([row.n, row.total, row.a0, row.a1, row.a2, row.a3, row.a4, row.a5]):
                acc[i] += value
    return out


def expected_aspect_mean(per_item: dict[str, list[int]], aspect: str, version: int) -> float | None:
    n = total = 0
    for key, (item_aspect, direction, _bullying) in file_items(version).items():
        if item_aspect != aspect or key not in per_item:
            continue
        cn, ctotal = per_item[key][0], per_item[key][1]
        n += cn
        total += ctotal if direction == ASPECT_DIRECTION[aspect] else 5 * cn - ctotal
    return total / n if n else None


def merge(*groups):
    out = defaultdict(lambda: [0] * 8)
    for g in groups:
        for key, values in g.items():
            out[key] = [a + b for a, b in zip(out[key], values, strict=True)]
    return out


def test_aspect_averages_and_option_shares_are_the_stored_counts(board):
    survey = run_round(board)
    with board.tenant():
        result = results.branch_breakdowns(survey=survey, branch=board.branch)
    asp = aspects.branch_aspects(result)
    per_class = stored_sums(board, survey)
    groups = {
        "branch": list(per_class),
        "dept:Havo": ["H1A", "H2A"], "dept:Vwo": ["V1B", "V2B"],
        "grade:1": ["H1A", "V1B"], "grade:2": ["H2A", "V2B"],
        **{f"class:{name}": [name] for name in per_class},
    }
    rows = {r.label if r.level == "class" else r.key: r for r in [asp.branch, *asp.departments, *asp.grades, *asp.classes]}
    dept_ids = {g.label: g.key for g in result.departments}
    checked = 0
    for name, members in groups.items():
        key = name
        if name.startswith("dept:"):
            key = dept_ids[name.split(":")[1]]
        elif name.startswith("class:"):
            key = name.split(":")[1]
        row = rows[key]
        if row.suppressed:
            assert all(m is None for m in row.means.values())
            assert all(st.shares is None for st in row.statements)
            continue
        per_item = merge(*(per_class[m] for m in members))
        for aspect in ("veiligheidsbeleving", "aantasting", "welbevinden"):
            assert row.means[aspect] == pytest.approx(expected_aspect_mean(per_item, aspect, 2))
        for st in row.statements:
            counts = per_item[st.key]
            assert st.shares == pytest.approx([c / counts[0] for c in counts[2:]])
            assert sum(st.shares) == pytest.approx(1)
        checked += 1
    assert checked >= 4 and not rows["branch"].suppressed
    # the small class (3) is hidden, and so is something beside it
    assert rows["V1B"].suppressed
    assert {st.key for st in asp.branch.statements} == {k for k, v in file_items(2).items() if v[2]}


def test_no_breakdown_or_difference_of_two_uncovers_a_hidden_group(board):
    survey = run_round(board)
    with board.tenant():
        result = results.branch_breakdowns(survey=survey, branch=board.branch)
        classes = {rc.pk: rc for rc in RoundClass.objects.filter(round=survey).select_related("school_class", "department")}
    true: dict[str, int] = {}
    by_class = {}
    for g in result.classes:
        rc = classes[g.ref]
        by_class[g.key] = SIZES[(rc.department.name, rc.school_class.grade, rc.class_name)]
    true.update(by_class)
    lines = []
    def add_line(members, total):
        lines.append((members, total))
    for group_list, attr in ((result.departments, "department"), (result.grades, "grade"), (result.tracks, "track"),
                             (result.cells, "cell")):
        for g in group_list:
            members = []
            for ck in by_class:
                rc = classes[int(ck.split(":")[1])]
                grade, track = str(rc.school_class.grade), track_of(rc.department.name)
                value = {"department": f"dept:{rc.department_id}", "grade": f"grade:{grade}", "track": f"track:{track}",
                         "cell": f"cell:{grade}|{track}"}[attr]
                if value == g.key:
                    members.append(ck)
            true[g.key] = sum(by_class[m] for m in members)
            add_line(members, g.key)
    true["branch"] = sum(by_class.values())
    for group_list in (result.departments, result.grades, result.tracks):
        add_line([g.key for g in group_list], "branch")
    add_line(list(by_class), "branch")
    shown = {g.key: g.respondents for g in [*result.classes, *result.departments, *result.grades, *result.tracks,
                                            *result.cells]}
    shown["branch"] = result.total.respondents
    assert shown["branch"] == 40  # the totals row is shown ...
    assert recoverable(true, shown, lines) == set()  # ... and no hidden group can be computed from it
    for members, total in lines:
        if shown[total] is not None:
            hidden = sum(true[m] for m in members if shown[m] is None)
            assert hidden == 0 or hidden >= survey.min_group_size


def test_the_dashboard_shows_the_three_aspects_per_leerjaar(client, board):
    survey = run_round(board)
    client.force_login(board.coordinator)
    page = client.get(reverse("monitoring:dashboard_branch", args=[board.branch.pk]) + f"?peiling={survey.pk}")
    body = page.content.decode()
    assert page.status_code == 200
    for text in ("Veiligheidsbeleving", "Aantasting", "Welbevinden", "Per leerjaar",
                 "Leerjaar 1", "Om mijn politieke gezindheid"):
        assert text in body, text
    client.force_login(board.mentor)
    assert client.get(reverse("monitoring:dashboard_branch", args=[board.branch.pk])).status_code == 404


def test_rounds_of_both_versions_compare_on_shared_items_in_the_trend(board):
    with board.tenant():
        school_year = board.school_class.school_year
    first = run_round(board, version=1, seed=1)
    with board.tenant():
        SurveyRound.objects.filter(pk=first.pk).update(opens_at=timezone.now() - dt.timedelta(days=60))
    # A second round, version 2, in other classes of the same branch.
    sizes = {("Mavo", 3, "M3A"): 20}
    second = run_round(board, version=2, sizes=sizes, seed=2)
    with board.tenant():
        trend = results.branch_trend(branch=board.branch, upto=second)
        sums = stored_sums(board, second)
    assert school_year
    assert [r.pk for r in trend.rounds] == [first.pk, second.pk]
    # section 6 of round two leaves out the political item it alone asked
    v1_keys = [k for k, v in file_items(1).items() if k.startswith("targeted_for.")]
    n = sum(sums["M3A"][k][0] for k in v1_keys)
    total = sum(sums["M3A"][k][1] for k in v1_keys)
    assert trend.means["targeted_for"][1] == pytest.approx(total / n)
    assert trend.means["wellbeing"] == (None, None) or trend.means["wellbeing"][0] is None
