"""Result selectors: figures from the counts, suppression across every breakdown, standouts.

The leak checks are written independently of the engine: an attacker knows every
published number and the structure (classes sum to departments, departments, classes
and genders to the branch); a hidden count is recoverable exactly when its unit vector
lies in the row space of the published equations over the hidden unknowns.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import access as monitoring_access
from monitoring import results
from monitoring import services as monitoring_services
from monitoring.instrument import load_instrument
from monitoring.models import RespondentCount, ResultCount, RoundClass, SurveyRound
from monitoring.suppression import suppress_breakdown
from tests import factories as f

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()
SAFE = "safe_to.be_myself"  # section 1: higher is safer
BULLYING = "unsafe_acts.bullying"  # section 5: higher is worse


# --- building counts (what monitoring.submission writes for each response) -------------


def make_round(board, classes, *, name="Thermometer najaar", days_ago=1, k=10, share=0.2, invited=30) -> SurveyRound:
    now = timezone.now() - dt.timedelta(days=days_ago)
    with board.tenant():
        survey = SurveyRound.objects.create(
            organisation=board.organisation, name=name, opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=7), min_group_size=k, class_signal_share=share,
        )
        RoundClass.objects.bulk_create(
            RoundClass(organisation=board.organisation, round=survey, school_class=c, branch=c.branch,
                       department=c.department, class_name=c.name, invited=invited)
            for c in classes
        )
    return survey


def rc_of(board, survey, school_class) -> RoundClass:
    with board.tenant():
        return RoundClass.objects.get(round=survey, school_class=school_class)


def add(board, rc: RoundClass, *, n: int, gender: str = "boy", value: int = 1, answers: dict | None = None,
        bullied: int = 0) -> None:
    """Add ``n`` respondents who all answered ``value`` (or ``answers`` per item)."""
    answers = {key: value for key in INSTRUMENT.item_keys} | (answers or {})
    with board.tenant():
        row, _ = RespondentCount.objects.get_or_create(
            organisation=board.organisation, round_id=rc.round_id, round_class=rc, gender=gender
        )
        row.n += n
        row.bullied += bullied
        row.save()
        for key, v in answers.items():
            rcount, _ = ResultCount.objects.get_or_create(
                organisation=board.organisation, round_id=rc.round_id, round_class=rc, gender=gender, item_key=key
            )
            rcount.n += n
            rcount.total += n * v
            rcount.high += n if v >= 3 else 0
            rcount.save()


def klass(board, name, *, department=None, branch=None):
    branch = branch or board.branch
    return f.SchoolClassFactory(branch=branch, department=department, name=name, school_year=board.school_class.school_year)


# --- an independent attacker -------------------------------------------------------------


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for c in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][c] != 0:
                factor = rows[i][c] / rows[rank][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def recoverable(true_counts: dict[str, int], shown: dict[str, int | None], lines: list[tuple[list[str], str]]) -> set[str]:
    """Hidden entries an attacker can compute exactly from what is shown."""
    unknown = sorted(name for name, v in shown.items() if v is None)
    if not unknown:
        return set()
    col = {name: i for i, name in enumerate(unknown)}
    equations = []
    for members, total in lines:
        row = [Fraction(0)] * len(unknown)
        for m in members:
            if m in col:
                row[col[m]] += 1
        if total in col:
            row[col[total]] -= 1
        if any(row):
            equations.append(row)
    base = _rank(equations) if equations else 0
    found = set()
    for name in unknown:
        unit = [Fraction(0)] * len(unknown)
        unit[col[name]] = Fraction(1)
        if equations and _rank([*equations, unit]) == base:
            found.add(name)
    return found


def published_of(result: results.BranchResults) -> tuple[dict, dict, list]:
    """(true counts, shown counts, lines) of a branch's breakdowns, as an attacker sees them."""
    shown = {"branch": result.total.respondents}
    groups = [*result.classes, *result.departments, *result.genders]
    for g in groups:
        shown[g.key] = g.respondents
    return shown, groups


def branch_lines(board, survey, result) -> tuple[dict[str, int], list[tuple[list[str], str]]]:
    with board.tenant():
        classes = list(RoundClass.objects.filter(round=survey, branch=result.branch))
        counts = {}
        genders: dict[str, int] = {}
        for row in RespondentCount.objects.filter(round=survey, round_class__in=classes):
            counts[f"class:{row.round_class_id}"] = counts.get(f"class:{row.round_class_id}", 0) + row.n
            key = f"gender:{results.gender_group(row.gender)}"
            genders[key] = genders.get(key, 0) + row.n
    depts: dict[str, list[str]] = {}
    for c in classes:
        counts.setdefault(f"class:{c.pk}", 0)
        depts.setdefault(f"dept:{c.department_id or results.NO_DEPARTMENT}", []).append(f"class:{c.pk}")
    for key, members in depts.items():
        counts[key] = sum(counts[m] for m in members)
    counts.update(genders)
    for g, _m in results.GENDER_GROUPS:
        counts.setdefault(f"gender:{g}", 0)
    counts["branch"] = sum(counts[k] for k in counts if k.startswith("class:"))
    lines = [(members, key) for key, members in depts.items()]
    lines.append((list(depts), "branch"))
    lines.append(([k for k in counts if k.startswith("class:")], "branch"))
    lines.append(([f"gender:{g}" for g, _m in results.GENDER_GROUPS], "branch"))
    return counts, lines


def assert_safe(board, survey, result: results.BranchResults) -> None:
    """No shown group below K, no hidden group recoverable, hidden remainders >= K."""
    k = survey.min_group_size
    counts, lines = branch_lines(board, survey, result)
    shown, groups = published_of(result)
    for name, value in shown.items():
        assert value is None or value >= k, f"{name} shows {value} < {k}"
        if value is not None:
            assert value == counts[name]
    leaks = recoverable(counts, shown, lines) - {n for n, v in counts.items() if v == 0}
    assert not leaks, f"recoverable by subtraction: {leaks}"
    for members, total in lines:
        if shown.get(total) is None:
            continue
        hidden_sum = sum(counts[m] for m in members if shown.get(m) is None)
        assert hidden_sum == 0 or hidden_sum >= k, f"hidden part of {total} is {hidden_sum} < {k}"
    for g in groups:
        for fig in g.sections.values():
            assert (fig.mean is None) == (g.respondents is None)


# --- figures ---------------------------------------------------------------------------


def test_it_computes_means_and_shares_per_section_from_the_counts(board):
    survey = make_round(board, [board.school_class])
    rc = rc_of(board, survey, board.school_class)
    add(board, rc, n=6, value=4, gender="boy")
    add(board, rc, n=6, value=1, gender="girl")
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    assert result.total.respondents == 12
    assert result.total.invited == 30 and result.total.rate == pytest.approx(0.4)
    safe = result.total.sections["safe_to"]
    assert safe.mean == pytest.approx(2.5) and safe.share_high == pytest.approx(0.5)
    item = next(i for i in result.items if i.key == SAFE)
    assert item.figures.mean == pytest.approx(2.5) and item.text == "Te zijn wie ik ben"
    # Both genders are below 10: hidden.
    assert all(g.suppressed for g in result.genders)


def test_results_match_real_submissions(board):
    from tests.monitoring.survey import close_and_release, submit

    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Echt",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1), class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        issued = monitoring_services.codes_issue(round_class=rc, count=10, acting_user=board.coordinator)
    for i, code in enumerate(issued):
        submit(code, {k: i % 6 for k in INSTRUMENT.item_keys}, gender="girl")
    close_and_release(survey)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    assert result.total.respondents == 10 and result.total.rate == 1.0
    values = [i % 6 for i in range(10)]
    item = next(i for i in result.items if i.key == SAFE)
    assert item.figures.mean == pytest.approx(sum(values) / 10)
    assert item.figures.share_high == pytest.approx(sum(v >= 3 for v in values) / 10)
    assert [g.respondents for g in result.genders] == [None, 10, None, None]


def test_a_branch_below_k_shows_nothing_but_the_invitations(board):
    survey = make_round(board, [board.school_class])
    add(board, rc_of(board, survey, board.school_class), n=9)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    assert result.total.respondents is None and result.total.rate is None and result.total.invited == 30
    assert all(i.figures.suppressed for i in result.items)
    assert result.standouts == []
    assert_safe(board, survey, result)


def test_the_threshold_is_the_rounds_and_may_be_raised(board):
    survey = make_round(board, [board.school_class], k=15)
    add(board, rc_of(board, survey, board.school_class), n=12)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    assert result.total.suppressed and result.suppressed_label == "< 15"


# --- suppression across breakdowns ------------------------------------------------------


def test_a_class_of_12_with_2_other_hides_the_complement(board):
    survey = make_round(board, [board.school_class])
    rc = rc_of(board, survey, board.school_class)
    add(board, rc, n=10, gender="boy", value=2)
    add(board, rc, n=2, gender="other", value=5)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    genders = {g.key: g for g in result.genders}
    assert result.total.respondents == 12  # the total is shown…
    assert genders["gender:other"].suppressed
    # …so the 10 boys must go too: 12 - 10 would give the two, and their mean.
    assert genders["gender:boy"].suppressed
    assert_safe(board, survey, result)


def test_a_hidden_class_cannot_be_recovered_from_its_department(board):
    dept_d = f.DepartmentFactory(branch=board.branch, name="havo")
    dept_e = f.DepartmentFactory(branch=board.branch, name="vwo")
    c2a, c2b, c3a = klass(board, "2A", department=dept_d), klass(board, "2B", department=dept_d), klass(board, "3A", department=dept_e)
    survey = make_round(board, [c2a, c2b, c3a])
    add(board, rc_of(board, survey, c2a), n=20)
    add(board, rc_of(board, survey, c2b), n=8, value=5)
    add(board, rc_of(board, survey, c3a), n=25, gender="girl")
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    shown = {g.label: g.respondents for g in [*result.classes, *result.departments]}
    assert shown["2B"] is None
    # havo (28) - 2A (20) would give 2B: one of them is hidden too.
    assert shown["2A"] is None or shown["havo"] is None
    assert_safe(board, survey, result)


def test_a_single_small_department_is_not_the_total_minus_the_others(board):
    dept_d = f.DepartmentFactory(branch=board.branch, name="mavo")
    dept_e = f.DepartmentFactory(branch=board.branch, name="havo")
    small, big = klass(board, "1M", department=dept_d), klass(board, "1H", department=dept_e)
    survey = make_round(board, [small, big])
    add(board, rc_of(board, survey, small), n=4)
    add(board, rc_of(board, survey, big), n=30)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    depts = {g.label: g.respondents for g in result.departments}
    classes = {g.label: g.respondents for g in result.classes}
    assert depts["mavo"] is None and classes["1M"] is None
    assert depts["havo"] is None and classes["1H"] is None  # 34 - 30 = 4 otherwise
    assert result.total.respondents == 34
    assert_safe(board, survey, result)


@pytest.mark.parametrize("seed", range(12))
def test_random_branches_never_leak(board, seed):
    import random

    rnd = random.Random(seed)
    depts = [f.DepartmentFactory(branch=board.branch, name=f"afd{i}") for i in range(rnd.randint(1, 3))]
    classes = [klass(board, f"K{i}", department=rnd.choice([*depts, None])) for i in range(rnd.randint(2, 6))]
    survey = make_round(board, classes, k=rnd.choice([5, 10]))
    for c in classes:
        rc = rc_of(board, survey, c)
        for gender in ("boy", "girl", "other", "prefer_not_to_say", ""):
            n = rnd.choice([0, 0, 1, 2, 3, 5, 8, 12])
            if n:
                add(board, rc, n=n, gender=gender, value=rnd.randint(0, 5))
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    assert_safe(board, survey, result)


def test_the_organisation_average_hides_when_it_would_expose_a_small_branch(board):
    other = klass(board, "9Z", branch=board.other_branch)
    survey = make_round(board, [board.school_class, other])
    add(board, rc_of(board, survey, board.school_class), n=20, value=2)
    add(board, rc_of(board, survey, other), n=3, value=5)
    with board.tenant():
        published, *_rest = results.organisation_sums(survey)
        result = results.branch_results(survey=survey, branch=board.branch)
        board_view = results.board_results(survey=survey)
    assert not published
    assert all(i.organisation.suppressed for i in result.items)
    assert board_view.organisation.respondents is None
    rows = {g.label: g.respondents for g in board_view.branches}
    assert rows[board.branch.name] == 20 and rows[board.other_branch.name] is None


def test_the_board_view_puts_branches_side_by_side(board):
    other = klass(board, "9Z", branch=board.other_branch)
    survey = make_round(board, [board.school_class, other])
    add(board, rc_of(board, survey, board.school_class), n=20, value=2)
    add(board, rc_of(board, survey, other), n=10, value=5)
    with board.tenant():
        view = results.board_results(survey=survey)
    assert [g.respondents for g in view.branches] == [20, 10] or [g.respondents for g in view.branches] == [10, 20]
    assert view.organisation.respondents == 30
    assert view.organisation.sections["safe_to"].mean == pytest.approx(3.0)


def test_a_zero_branch_does_not_hide_the_organisation(board):
    other = klass(board, "9Z", branch=board.other_branch)
    survey = make_round(board, [board.school_class, other])
    add(board, rc_of(board, survey, board.school_class), n=20)
    with board.tenant():
        view = results.board_results(survey=survey)
    assert view.organisation.respondents == 20


# --- previous round, organisation, standouts, trend -----------------------------------


def test_items_stand_out_against_the_previous_round_by_direction(board):
    old = make_round(board, [board.school_class], name="Voorjaar", days_ago=200)
    new = make_round(board, [board.school_class], name="Najaar", days_ago=1)
    add(board, rc_of(board, old, board.school_class), n=12, value=2)
    # Safer in section 1 (+1.0: better), more bullying (+2.0 on a "higher is worse" item: worse),
    # and one item that moved only 0.4 (does not stand out).
    add(board, rc_of(board, new, board.school_class), n=12, value=2,
        answers={SAFE: 3, BULLYING: 4, "safe_in.classroom": 2})
    with board.tenant():
        result = results.branch_results(survey=new, branch=board.branch)
    assert result.previous_round == old
    by_key = {(c.key, c.against): c for c in result.standouts}
    assert by_key[(BULLYING, "previous")].worse is True
    assert by_key[(SAFE, "previous")].worse is False
    assert ("safe_in.classroom", "previous") not in by_key
    assert result.standouts[0].key == BULLYING  # worse first
    section = next(r for r in result.section_rows if r.section.key == "safe_to")
    assert section.previous.mean == pytest.approx(2.0)


def test_a_small_difference_in_mean_can_stand_out_by_share(board):
    old = make_round(board, [board.school_class], name="Voorjaar", days_ago=200)
    new = make_round(board, [board.school_class], name="Najaar", days_ago=1)
    add(board, rc_of(board, old, board.school_class), n=10, value=2)
    rc = rc_of(board, new, board.school_class)
    add(board, rc, n=8, value=2)
    add(board, rc, n=2, value=2, answers={BULLYING: 3})  # mean +0.2, share 0% -> 20%
    with board.tenant():
        result = results.branch_results(survey=new, branch=board.branch)
    hit = next(c for c in result.standouts if c.key == BULLYING and c.against == "previous")
    assert hit.delta_share == pytest.approx(0.2) and hit.worse


def test_nothing_stands_out_against_a_previous_round_below_k(board):
    old = make_round(board, [board.school_class], name="Voorjaar", days_ago=200)
    new = make_round(board, [board.school_class], name="Najaar", days_ago=1)
    add(board, rc_of(board, old, board.school_class), n=5, value=0)
    add(board, rc_of(board, new, board.school_class), n=12, value=5)
    with board.tenant():
        result = results.branch_results(survey=new, branch=board.branch)
    assert not [c for c in result.standouts if c.against == "previous"]
    assert all(i.previous.suppressed for i in result.items)


def test_items_stand_out_against_the_organisation(board):
    other = klass(board, "9Z", branch=board.other_branch)
    survey = make_round(board, [board.school_class, other])
    add(board, rc_of(board, survey, board.school_class), n=10, value=1, answers={BULLYING: 4})
    add(board, rc_of(board, survey, other), n=30, value=1)
    with board.tenant():
        result = results.branch_results(survey=survey, branch=board.branch)
    hit = next(c for c in result.standouts if c.key == BULLYING and c.against == "organisation")
    assert hit.other.mean == pytest.approx((10 * 4 + 30) / 40) and hit.worse


def test_the_trend_shows_each_round_and_gaps_below_k(board):
    rounds = [make_round(board, [board.school_class], name=f"R{i}", days_ago=300 - i * 100) for i in range(3)]
    for survey, (n, value) in zip(rounds, [(12, 1), (4, 5), (15, 3)], strict=True):
        add(board, rc_of(board, survey, board.school_class), n=n, value=value)
    with board.tenant():
        trend = results.branch_trend(branch=board.branch, upto=rounds[-1])
    assert [r.name for r in trend.rounds] == ["R0", "R1", "R2"]
    assert trend.means["safe_to"] == (pytest.approx(1.0), None, pytest.approx(3.0))
    assert trend.respondents == (12, None, 15)


def test_the_branch_dashboard_reads_a_fixed_number_of_queries(board):
    """The counts, never the responses: the same queries for 1 class or 8."""
    made = []

    def queries(n_classes):
        made.append(n_classes)
        classes = [klass(board, f"Q{len(made)}-{i}") for i in range(n_classes)]
        survey = make_round(board, classes, name=f"Q{len(made)}", days_ago=10 - len(made))
        for c in classes:
            add(board, rc_of(board, survey, c), n=11)
        with board.tenant(), CaptureQueriesContext(connection) as ctx:
            results.branch_results(survey=survey, branch=board.branch)
        assert not [q for q in ctx.captured_queries if "monitoring_response" in q["sql"]]
        return len(ctx.captured_queries)

    queries(1)  # a first round: the later ones have a previous round to compare with
    assert queries(1) == queries(8)


def test_one_way_breakdown_agrees_with_the_engine(board):
    # Sanity: a single line through suppress_linked equals suppress_breakdown.
    counts = {"a": 12, "b": 3, "c": 20}
    hidden = results.suppress_linked({**counts, "t": 35}, [(list(counts), "t")], k=10, pinned=["t"], margins=["t"])
    expected = {name for name, v in suppress_breakdown(counts, 35, 10).items() if v is None}
    assert hidden == expected


# --- access --------------------------------------------------------------------------


def test_who_sees_which_branch(board, other_board):
    hod = f.make_staff("head_of_department", branch=board.branch)
    with board.tenant():
        assert list(monitoring_access.dashboard_branches_for(board.coordinator)) == [board.branch]
        assert list(monitoring_access.dashboard_branches_for(board.management)) == [board.branch]
        assert list(monitoring_access.dashboard_branches_for(hod)) == [board.branch]
        assert set(monitoring_access.dashboard_branches_for(board.board_coordinator)) == {board.branch, board.other_branch}
        for user in (board.mentor, board.teacher, board.adviser):
            assert not monitoring_access.dashboard_branches_for(user).exists()
        assert monitoring_access.can_see_board_view(board.board_coordinator)
        assert not monitoring_access.can_see_board_view(board.coordinator)
