"""The report's "afloop" reads what a step change meant, never its name (issue 15.4):
a new protocol version that renames the closing transition and adds another way to
close is counted right without any change to the report."""
from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import replace

import pytest
import time_machine

from incidents.models import TimelineEntry
from monitoring.report.figures import count_cases, registration_figures, year_bounds
from protocol import definitions
from protocol.definitions import SIX_STEP_V1, Registry
from protocol.definitions.common import COORDINATION, reason_required
from protocol.engine import Step, Transition
from protocol.vocabulary import Text, TransitionOutcome
from tests.incidents.helpers import advance, open_case

pytestmark = pytest.mark.django_db
TO = TransitionOutcome


def _version_2():
    """Six-step v2: the teasing exit renamed, and a new exit "no basis" into a new closed step."""
    teasing = next(t for t in SIX_STEP_V1.transitions if t.outcome is TO.TEASING)
    reopen = next(t for t in SIX_STEP_V1.transitions if t.reopens)
    open_steps = tuple(s for s in SIX_STEP_V1.step_keys if not SIX_STEP_V1.is_terminal(s))
    no_basis = Transition(
        "drop_without_basis", open_steps, "closed_no_basis", Text("Geen grond", "No basis"), COORDINATION,
        (reason_required(),), outcome=TO.UNFOUNDED,
    )
    transitions = tuple(
        replace(t, key="close_not_bullying") if t is teasing
        else replace(t, sources=(*t.sources, "closed_no_basis")) if t is reopen
        else t
        for t in SIX_STEP_V1.transitions
    )
    return replace(
        SIX_STEP_V1, version=2, steps=(*SIX_STEP_V1.steps, Step("closed_no_basis", Text("Zonder grond", "No basis"))),
        transitions=(*transitions, no_basis), terminal_steps=SIX_STEP_V1.terminal_steps | {"closed_no_basis"},
    )


@pytest.fixture
def version_2(monkeypatch):
    v2 = _version_2()
    monkeypatch.setattr(definitions, "REGISTRY", Registry([*definitions.ALL, v2]))
    return v2


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, tzinfo=dt.UTC), tick=False)


def test_a_new_version_with_a_renamed_and_an_added_exit_is_counted_by_meaning(board, version_2):
    with at(2026, 9, 14):
        cases = [open_case(board) for _ in range(7)]
    assert {c.protocol_version for c in cases} == {2}
    with at(2026, 9, 20):
        for case in cases[:3]:
            advance(board, case, "close_not_bullying", reason="Wederzijds plagen.")
        for case in cases[3:5]:
            advance(board, case, "drop_without_basis", reason="Niets gebleken.")
        # Closed and reopened: open at the year's end.
        advance(board, cases[5], "drop_without_basis", reason="Niets gebleken.")
        advance(board, cases[5], "reopen", reason="Toch weer.")
    with board.tenant():
        entry = TimelineEntry.objects.filter(case=cases[3], kind=TimelineEntry.STEP_CHANGE).get()
        assert (entry.from_step, entry.step, entry.transition, entry.outcome) == (
            SIX_STEP_V1.initial_step, "closed_no_basis", "drop_without_basis", TO.UNFOUNDED)
        assert (entry.protocol_key, entry.protocol_version, entry.author) == ("six_step", 2, board.coordinator)
        year = board.school_class.school_year
        start, end = year_bounds(year)
        facts = count_cases(board.organisation.pk, [board.branch.pk, board.other_branch.pk], start, end)
        figs = registration_figures(organisation_id=board.organisation.pk,
                                    branch_ids=[board.branch.pk, board.other_branch.pk], school_year=year)
    assert facts.outcomes.cells[board.branch.pk] == {"teasing": 3, "unfounded": 2, "open": 2}
    # Every way of closing v1 and v2 allow is a row, in the vocabulary's order; nothing else.
    assert facts.outcomes.categories == ["stopped", "teasing", "unfounded", "removal_completed", "open"]
    assert [r.key for r in figs[board.branch.pk].outcomes.rows] == facts.outcomes.categories
    assert sum(len(v) for v in facts.days_to_close.values()) == 5


def test_the_outcome_rows_are_the_ways_the_protocol_can_close(board):
    with at(2026, 9, 14):
        case = open_case(board)
    with at(2026, 9, 15):
        advance(board, case, "close_as_teasing", reason="Plagen.")
    with board.tenant():
        figs = registration_figures(organisation_id=board.organisation.pk, branch_ids=[board.branch.pk],
                                    school_year=board.school_class.school_year)
    keys = [r.key for r in figs[board.branch.pk].outcomes.rows]
    assert keys == [*(o.value for o in SIX_STEP_V1.closing_outcomes), "open"]
    # Every outcome the report shows (but "open") is reachable in the protocol.
    assert set(keys) - {"open"} <= {t.outcome.value for t in SIX_STEP_V1.transitions}


def test_the_migration_reads_old_step_changes_by_what_the_definition_says():
    migration = importlib.import_module("incidents.migrations.0011_typed_step_change")
    old = {"from": "removal", "to": "closed", "transition": "complete_removal", "reason": "x"}
    assert migration.typed_fields(old, "closed", SIX_STEP_V1) == {
        "transition": "complete_removal", "from_step": "removal", "outcome": "removal_completed",
        "attrs": {"reason": "x"},
    }
    teasing = {"from": "investigate", "to": "closed_teasing", "transition": "close_as_teasing"}
    assert migration.typed_fields(teasing, "closed_teasing", SIX_STEP_V1)["outcome"] == "teasing"
    # A key the definition lacks is read by where it went; odd shapes do not crash.
    assert migration.typed_fields({"transition": "gone", "to": "closed"}, "closed", SIX_STEP_V1)["outcome"] == "stopped"
    assert migration.typed_fields(["odd"], "agreements", SIX_STEP_V1) == {
        "transition": "unknown", "from_step": "agreements", "outcome": "advanced", "attrs": {}}


@pytest.mark.django_db(transaction=True)
def test_the_migration_types_real_rows_both_ways(board):
    """Back to before the typed record (from/to/transition into ``attrs``) and forward
    again: every step change gets its typed fields back, and the report counts alike."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from people.owner_mode import as_owner

    with at(2026, 9, 14):
        cases = [open_case(board) for _ in range(3)]
    with at(2026, 9, 20):
        advance(board, cases[0], "close_as_teasing", reason="Plagen.")
        advance(board, cases[1], "close_as_teasing", reason="Plagen.")
        advance(board, cases[1], "reopen", reason="Toch weer.")
    with board.tenant():
        before = sorted(TimelineEntry.objects.filter(kind=TimelineEntry.STEP_CHANGE).values_list(
            "case_id", "from_step", "step", "transition", "outcome", "protocol_key", "protocol_version", "attrs"))
    assert len(before) == 3
    with as_owner():
        executor = MigrationExecutor(connection)
        executor.migrate([("incidents", "0010_h14_complaints")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT attrs FROM incidents_timelineentry WHERE kind = 'step_change' ORDER BY id")
            old = [row[0] if isinstance(row[0], dict) else json.loads(row[0]) for row in cursor.fetchall()]
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert old[0] == {"reason": "Plagen.", "from": "investigate", "to": "closed_teasing", "transition": "close_as_teasing"}
    with board.tenant():
        after = sorted(TimelineEntry.objects.filter(kind=TimelineEntry.STEP_CHANGE).values_list(
            "case_id", "from_step", "step", "transition", "outcome", "protocol_key", "protocol_version", "attrs"))
        facts = count_cases(board.organisation.pk, [board.branch.pk], *year_bounds(board.school_class.school_year))
    assert after == before
    assert facts.outcomes.cells[board.branch.pk] == {"teasing": 1, "open": 2}
