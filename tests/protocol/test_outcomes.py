"""What a transition means (issue 15.4): every transition of every shipped protocol
declares an outcome, closing outcomes exactly on the ways into a closed step, and the
definition refuses a transition that says nothing or says the wrong thing."""
from __future__ import annotations

from dataclasses import replace

import pytest

from protocol.definitions import ALL, ROUTES_V1, SIX_STEP_V1
from protocol.engine import DefinitionError, ProtocolDefinition, Step, Transition
from protocol.vocabulary import CLOSING_OUTCOMES, LABELS, Text, TransitionOutcome

TO = TransitionOutcome


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_transition_declares_what_it_means(definition):
    for t in definition.transitions:
        assert isinstance(t.outcome, TransitionOutcome), t.key
        assert t.outcome.closes == definition.is_terminal(t.target), t.key
        assert (t.outcome is TO.REOPENED) == t.reopens, t.key


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_exit_to_a_closed_step_has_a_closing_outcome(definition):
    exits = [t for t in definition.transitions if definition.is_terminal(t.target)]
    assert exits
    assert all(t.outcome in CLOSING_OUTCOMES for t in exits)
    assert set(definition.closing_outcomes) == {t.outcome for t in exits}


def test_the_shipped_protocols_close_as_the_seeds_say():
    assert SIX_STEP_V1.closing_outcomes == (TO.STOPPED, TO.TEASING, TO.REMOVAL_COMPLETED)
    assert ROUTES_V1.closing_outcomes == (TO.STOPPED, TO.TEASING, TO.UNFOUNDED)
    assert SIX_STEP_V1.outcome_of("complete_removal") is TO.REMOVAL_COMPLETED
    assert ROUTES_V1.outcome_of("close_unfounded") is TO.UNFOUNDED
    assert SIX_STEP_V1.outcome_of("suspend") is TO.ESCALATED
    assert SIX_STEP_V1.outcome_of("another_monitoring_round") is TO.NEW_ROUND


def test_every_closing_outcome_is_reachable_in_some_shipped_protocol():
    reachable = {o for d in ALL for o in d.closing_outcomes}
    assert reachable == set(CLOSING_OUTCOMES)


def test_every_outcome_has_both_labels():
    for outcome in TransitionOutcome:
        text = LABELS[TransitionOutcome][outcome]
        assert text.nl and text.en


def _tiny(*transitions: Transition) -> ProtocolDefinition:
    return ProtocolDefinition(
        key="tiny", version=1, name=Text("x", "x"), source=Text("x", "x"),
        steps=(Step("a", Text("a", "a")), Step("z", Text("z", "z"))),
        transitions=transitions, initial_step="a", terminal_steps=frozenset({"z"}),
        record_kinds=frozenset({"note"}),
    )


MENTOR = frozenset({"mentor"})
CLOSE = Transition("close", ("a",), "z", Text("c", "c"), MENTOR, outcome=TO.STOPPED)
REOPEN = Transition("reopen", ("z",), "a", Text("r", "r"), MENTOR, reopens=True, outcome=TO.REOPENED)


def test_a_transition_without_an_outcome_is_refused():
    with pytest.raises(DefinitionError, match="'close' declares no outcome"):
        _tiny(replace(CLOSE, outcome=None), REOPEN)


def test_an_open_outcome_into_a_closed_step_is_refused():
    with pytest.raises(DefinitionError, match="enters a closed step with outcome 'escalated'"):
        _tiny(replace(CLOSE, outcome=TO.ESCALATED), REOPEN)


def test_a_closing_outcome_into_an_open_step_is_refused():
    with pytest.raises(DefinitionError, match="enters an open step with outcome 'stopped'"):
        _tiny(CLOSE, replace(REOPEN, outcome=TO.STOPPED))


def test_a_reopen_must_say_reopened():
    with pytest.raises(DefinitionError, match="reopens and outcome"):
        _tiny(CLOSE, replace(REOPEN, outcome=TO.ADVANCED))
    assert _tiny(CLOSE, REOPEN).closing_outcomes == (TO.STOPPED,)


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_step_tells_parents_where_the_case_stands(definition):
    """The status page reads these words from the definition, not from a list of step
    names, so a closed-as-unfounded case says it is closed too."""
    for step in definition.steps:
        assert step.for_parents and step.for_parents.nl and step.for_parents.en, step.key
    closed = {definition.step(s).for_parents for s in definition.terminal_steps}
    assert len(closed) == 1
