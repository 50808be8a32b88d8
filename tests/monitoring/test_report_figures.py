"""Inspection report figures: a year of data built with the real services, every figure
checked against a count made independently here, and the suppression of small counts."""
from __future__ import annotations

import datetime as dt
import statistics

import pytest
import time_machine
from django.utils import timezone

from incidents.models import Case, FollowUp, Signal, TimelineEntry
from monitoring.report.figures import ORGANISATION, registration_figures, shown, year_bounds
from people.models import Branch, SchoolYear
from tests import factories as f
from tests.incidents.helpers import advance, log_signal, record, walk_to_monitoring
from tests.monitoring.test_results import add, klass, make_round, rc_of

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10):
    return time_machine.travel(dt.datetime(y, m, d, h, tzinfo=dt.UTC), tick=False)


def _open(board, forms=("verbal",), criminal=False):
    from incidents import services

    signal = log_signal(board, forms=forms)
    with board.tenant():
        return services.case_open(signal=signal, acting_user=board.coordinator, criminal_offence=criminal,
                                  second_case_reason="Een andere situatie (test).")


def build_year(board) -> dict:
    """A school year (2026-2027) at board.branch, through the real services:

    * 24 cases opened in September: 11 closed as teasing after 1..11 days, 1 walked through
      monitoring and closed (bullying stopped), 12 still open; 4 of them also digital;
      1 a criminal offence with the police informed;
    * interventions: 11 guidance, 10 class lessons, 2 trainings; 1 detention;
    * a thermometer round with two departments (25 and 12 respondents);
    * published contacts on the branch; a register with measures, a programme and PDCA.
    """
    with board.tenant():
        Branch.objects.filter(pk=board.branch.pk).update(
            coordinator_name="Fatima el Amrani-Vrolijk", coordinator_email="apc@school.example",
            adviser_name="Joost Zwanenburg-Oudeman", adviser_email="vp@school.example",
        )
        board.branch.refresh_from_db()
    cases = []
    for i in range(24):
        with at(2026, 9, 14):
            case = _open(board, forms=("verbal", "digital") if i < 4 else ("verbal",), criminal=(i == 23))
        cases.append(case)
    for i in range(11):
        with at(2026, 9, 15 + i):
            advance(board, cases[i], "close_as_teasing", reason="Wederzijds plagen.")
    with at(2026, 10, 5):
        stopped = walk_to_monitoring(board, cases[11])
        record(board, stopped, "evaluation", outcome="stopped")
    with at(2026, 11, 9):
        # The evaluation that decides comes once the four weeks have run (issue 12.1).
        record(board, stopped, "evaluation", outcome="stopped")
        advance(board, stopped, "close_after_monitoring")
    with at(2026, 10, 1):
        for n, kind in enumerate(["guidance"] * 11 + ["class_lesson"] * 10 + ["training"] * 2):
            record(board, cases[12 + n % 12], "intervention", kind=kind)
        record(board, cases[23], "police_informed")
        sanctioned = walk_to_monitoring(board, cases[23])
    # A sanction comes from step 4 on, after two school weeks of monitoring (seed 000 §5.1, §5.2).
    with at(2026, 10, 15):
        record(board, sanctioned, "evaluation", outcome="continues")
        sanctioned = advance(board, sanctioned, "to_second_talk")
        record(board, sanctioned, "sanction", kind="detention")
    dept_a = f.DepartmentFactory(branch=board.branch, name="Havo/vwo")
    dept_b = f.DepartmentFactory(branch=board.branch, name="Vmbo-tl")
    classes = [klass(board, "1A", department=dept_a), klass(board, "1B", department=dept_a), klass(board, "1C", department=dept_b)]
    survey = make_round(board, classes, name="Thermometer najaar 2026", invited=28)
    add(board, rc_of(board, survey, classes[0]), n=13, value=1)
    add(board, rc_of(board, survey, classes[1]), n=12, value=2, gender="girl")
    add(board, rc_of(board, survey, classes[2]), n=12, value=3)
    return {"cases": cases, "survey": survey, "year": board.school_class.school_year}


def expected(board, year: SchoolYear, branch) -> dict:
    """The figures counted here in plain Python over the rows, without the report's code."""
    start, end = year_bounds(year)
    with board.tenant():
        cases = [c for c in Case.objects.filter(branch=branch) if start <= c.opened_at < end]
        signals = [s for s in Signal.objects.filter(branch=branch) if start <= s.reported_at < end]
        entries = [e for e in TimelineEntry.objects.filter(case__branch=branch) if start <= e.occurred_at < end]
        followups = list(FollowUp.objects.filter(case__branch=branch).exclude(status="cancelled"))
    closed = [c for c in cases if c.is_closed and c.closed_at < end]
    due = [fu for fu in followups if year.starts_on <= fu.due_on <= year.ends_on]
    on_time = [fu for fu in due if fu.status == "done" and timezone.localdate(fu.completed_at) <= fu.due_on]
    return {
        "signals": len(signals),
        "cases": len(cases),
        "verbal": sum("verbal" in c.forms for c in cases),
        "digital": sum("digital" in c.forms for c in cases),
        "teasing": sum(c.step == "closed_teasing" for c in closed),
        "stopped": sum(c.step == "closed" for c in closed),
        "open": len(cases) - len(closed),
        "median": statistics.median((c.closed_at - c.opened_at).total_seconds() / 86400 for c in closed),
        "guidance": sum(e.kind == "intervention" and e.attrs.get("kind") == "guidance" for e in entries),
        "interventions": sum(e.kind == "intervention" for e in entries),
        "due": len(due),
        "on_time": len(on_time),
    }


@pytest.fixture
def year(board):
    return build_year(board)


def test_every_figure_equals_an_independent_count(board, year):
    want = expected(board, year["year"], board.branch)
    assert want["cases"] == 24 and want["open"] == 12 and want["teasing"] == 11 and want["stopped"] == 1
    with board.tenant():
        figs = registration_figures(organisation_id=board.organisation.pk,
                                    branch_ids=[board.branch.pk, board.other_branch.pk], school_year=year["year"])
    got = figs[board.branch.pk]
    rows = lambda t: {r.key: r.display for r in t.rows}  # noqa: E731
    assert got.signals.total == want["signals"] == 24
    assert got.cases_total == want["cases"]
    assert rows(got.forms)["verbal"] == str(want["verbal"])
    assert rows(got.forms)["digital"] == "< 10"  # 4 cases
    outcomes = rows(got.outcomes)
    assert outcomes["open"] == str(want["open"])
    # 1 stopped is hidden; 11 teasing is hidden too, or 24 - 12 - 11 would give the 1 away.
    assert outcomes["stopped"] == "< 10" and outcomes["teasing"] == "< 10"
    assert got.closed_count == 12
    assert got.median_days_to_close == pytest.approx(want["median"]) and got.median_display == "6,5"
    interventions = rows(got.interventions)
    assert interventions["guidance"] == str(want["guidance"]) == "11"
    assert interventions["class_lesson"] == "< 10" and interventions["training"] == "< 10"
    assert got.interventions.total == want["interventions"] == 23
    assert rows(got.sanctions)["detention"] == "< 10" and got.sanctions.total is None
    assert rows(got.police) == {"police_informed": "< 10", "criminal_offence": "< 10"}
    assert got.followups.total in (want["due"], None)
    if want["due"] >= 10 and got.share_on_time is not None:
        assert got.share_on_time == pytest.approx(want["on_time"] / want["due"])
    # The organisation's column repeats the branch (the other branch has nothing) and
    # therefore hides the same cells.
    org = figs[ORGANISATION]
    assert {r.key: r.display for r in org.outcomes.rows} == outcomes
    assert figs[board.other_branch.pk].is_empty


def test_a_year_without_data_is_empty_not_an_error(board):
    with board.tenant():
        empty_year = SchoolYear.objects.create(organisation=board.organisation, name="2030-2031",
                                               starts_on=dt.date(2030, 8, 1), ends_on=dt.date(2031, 7, 31))
        figs = registration_figures(organisation_id=board.organisation.pk, branch_ids=[board.branch.pk],
                                    school_year=empty_year)
    got = figs[board.branch.pk]
    assert got.is_empty and got.cases_display == "0" and got.median_display == "–"


def test_shown_is_the_one_rule():
    assert shown(None) == "< 10" and shown(0) == "0" and shown(12) == "12" and shown(None, 15) == "< 15"
