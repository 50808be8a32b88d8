"""The engine's mechanics, the vocabulary and the registry (no Django, no database).

``CaseDriver`` is the little test double of a case that the protocol tests share: it
keeps ``CaseFacts``, checks records with ``require_record`` and moves with ``apply``,
the way the case services will.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pytest

from protocol.definitions import (
    ALL,
    ROUTES,
    SIX_STEP,
    Registry,
    UnknownProtocol,
    get_definition,
    latest,
)
from protocol.engine import (
    CaseFacts,
    Deadline,
    DefinitionError,
    Guard,
    GuardKind,
    ProtocolDefinition,
    RecordFact,
    RecordMatch,
    Step,
    Transition,
    TransitionRefused,
    UnknownTransition,
    apply,
    available_transitions,
    can_record,
    deadlines_on_enter,
    deadlines_on_record,
    evaluate,
    open_deadlines,
    require_record,
    structural_problems,
    transition_reports,
)
from protocol.vocabulary import (
    LABELS,
    LABELS_EN,
    LABELS_NL,
    ConversationWith,
    DeadlineUnit,
    ParticipantRole,
    RecordKind,
    StaffRole,
    Text,
    TransitionOutcome,
    choices,
    label,
    role_label,
)

STOP = TransitionOutcome.STOPPED

#: Flags that say a step's term has run; they belong to one visit of one step.
TERM_FLAGS = frozenset(
    {
        "monitoring_period_elapsed",
        "monitored_two_weeks",
        "improvement_period_elapsed",
        "follow_period_elapsed",
    }
)

MENTOR = ("mentor",)
COORDINATOR = ("coordinator",)
BRANCH_MANAGEMENT = ("branch_management",)
BOARD_MANAGEMENT = ("board_management",)


@dataclass
class CaseDriver:
    """A case in memory: records go through ``require_record``, moves through ``apply``."""

    definition: ProtocolDefinition
    facts: CaseFacts
    seq: int = 0
    flags: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def start(cls, definition: ProtocolDefinition) -> CaseDriver:
        return cls(definition, CaseFacts(definition.initial_step))

    @property
    def step(self) -> str:
        return self.facts.step

    def _append(self, kind: str, attrs: Mapping[str, object], id: str) -> RecordFact:
        self.seq += 1
        # A record made now carries the term flags that have already run out.
        elapsed = frozenset(k for k, on in self.flags.items() if on and k in TERM_FLAGS)
        fact = RecordFact(
            kind, self.facts.step, dict(attrs), id=id or f"r{self.seq}", seq=self.seq,
            elapsed=elapsed,
        )
        self.facts = self.facts.with_record(fact)
        return fact

    def record(
        self,
        kind: str,
        attrs: Mapping[str, object] | None = None,
        *,
        roles: Iterable[str] = MENTOR,
        id: str = "",
    ) -> RecordFact:
        require_record(self.definition, self.facts, kind, attrs, actor_roles=roles)
        return self._append(kind, attrs or {}, id)

    def force(
        self, kind: str, attrs: Mapping[str, object] | None = None, id: str = ""
    ) -> RecordFact:
        """Append without checking: a record that slipped past can_record (legacy import)."""
        return self._append(kind, attrs or {}, id)

    def set_flags(self, **flags: bool) -> None:
        self.flags.update(flags)
        self.facts = CaseFacts(
            self.facts.step, self.facts.records, dict(self.flags), self.facts.step_entered_seq
        )

    def check(self, key: str, roles: Iterable[str], params: Mapping[str, object] | None = None):
        return evaluate(self.definition, self.facts, key, roles, params)

    def go(self, key: str, roles: Iterable[str], params: Mapping[str, object] | None = None) -> str:
        target = apply(self.definition, self.facts, key, roles, params)
        # A step's own terms start again in the next step, as the case services count them.
        self.flags = {k: on for k, on in self.flags.items() if k not in TERM_FLAGS}
        self.facts = CaseFacts(target, self.facts.records, dict(self.flags), self.seq + 1)
        return target


def unmet_keys(report) -> set[str]:
    return {g.key for g in report.unmet}


# --------------------------------------------------------------------- a tiny protocol

HAS_NOTE = Guard(
    "has_note",
    GuardKind.RECORD,
    Text("Notitie ontbreekt.", "Note missing."),
    (RecordMatch.of("note"),),
)
TINY = ProtocolDefinition(
    key="tiny",
    version=1,
    name=Text("Klein", "Tiny"),
    source=Text("test", "test"),
    steps=(
        Step(
            "one",
            Text("Een", "One"),
            deadlines=(
                Deadline(
                    "d",
                    Text("D", "D"),
                    2,
                    DeadlineUnit.SCHOOL_DAYS,
                    "mentor",
                    RecordMatch.of("note"),
                ),
            ),
        ),
        Step("done", Text("Klaar", "Done")),
    ),
    transitions=(
        Transition(
            "finish",
            ("one",),
            "done",
            Text("Klaar", "Finish"),
            frozenset({"mentor"}),
            (HAS_NOTE,),
            outcome=TransitionOutcome.STOPPED,
        ),
        Transition(
            "again",
            ("done",),
            "one",
            Text("Opnieuw", "Again"),
            frozenset({"coordinator"}),
            reopens=True,
            outcome=TransitionOutcome.REOPENED,
        ),
    ),
    initial_step="one",
    terminal_steps=frozenset({"done"}),
    record_kinds=frozenset({"note", "incident"}),
)


def test_it_reports_step_role_and_own_guards_in_order():
    report = evaluate(TINY, CaseFacts("one"), "finish", COORDINATOR)
    assert [g.key for g in report.met] == ["step"]
    assert [g.key for g in report.unmet] == ["role", "has_note"]
    assert report.messages("nl") == ["Dit mag alleen door: Mentor.", "Notitie ontbreekt."]
    assert report.messages("en")[0] == "Only these roles may do this: Mentor."
    assert not report.allowed


def test_it_applies_when_every_guard_is_met():
    facts = CaseFacts("one", (RecordFact("note", "one"),))
    assert evaluate(TINY, facts, "finish", MENTOR).allowed
    assert apply(TINY, facts, "finish", MENTOR) == "done"


def test_it_refuses_with_the_unmet_guards():
    with pytest.raises(TransitionRefused) as refused:
        apply(TINY, CaseFacts("one"), "finish", MENTOR)
    assert [g.key for g in refused.value.unmet] == ["has_note"]
    assert "Note missing." in str(refused.value)


def test_it_refuses_a_transition_from_another_step():
    report = evaluate(TINY, CaseFacts("done"), "finish", MENTOR)
    assert "step" in unmet_keys(report)
    assert report.unmet[0].message.nl == "Dit kan niet in de stap 'Klaar'."


def test_it_raises_for_an_unknown_transition_key():
    with pytest.raises(UnknownTransition):
        evaluate(TINY, CaseFacts("one"), "nope", MENTOR)


def test_it_only_counts_records_of_the_current_visit_to_a_step():
    old = RecordFact("note", "one", seq=1)
    assert evaluate(TINY, CaseFacts("one", (old,), step_entered_seq=1), "finish", MENTOR).allowed
    again = CaseFacts("one", (old,), step_entered_seq=5)  # reopened after seq 4
    assert unmet_keys(evaluate(TINY, again, "finish", MENTOR)) == {"has_note"}


def test_it_lists_available_transitions_and_reports():
    facts = CaseFacts("one", (RecordFact("note", "one"),))
    assert [t.key for t in available_transitions(TINY, facts, MENTOR)] == ["finish"]
    assert available_transitions(TINY, facts, COORDINATOR) == ()
    assert [r.subject for r in transition_reports(TINY, facts, COORDINATOR)] == ["finish"]


def test_it_refuses_record_kinds_outside_the_protocol_and_in_closed_cases():
    assert not can_record(TINY, CaseFacts("one"), "suspension").allowed
    assert can_record(TINY, CaseFacts("one"), "incident").allowed
    closed = can_record(TINY, CaseFacts("done"), "incident")
    assert unmet_keys(closed) == {"case_closed"}
    assert can_record(TINY, CaseFacts("done"), "note").allowed


def test_require_record_raises():
    from protocol.engine import RecordRefused

    with pytest.raises(RecordRefused):
        require_record(TINY, CaseFacts("done"), "incident")


def test_step_deadlines_open_on_entry_and_close_with_their_record():
    assert [d.key for d in deadlines_on_enter(TINY, "one")] == ["d"]
    assert [o.deadline.key for o in open_deadlines(TINY, CaseFacts("one"))] == ["d"]
    done = CaseFacts("one", (RecordFact("note", "one"),))
    assert open_deadlines(TINY, done) == ()
    assert open_deadlines(TINY, CaseFacts("done")) == ()
    assert deadlines_on_record(TINY, CaseFacts("one"), RecordFact("note", "one")) == ()


def test_record_match_compares_values_and_any_of_tuples_and_keeps_bools_apart():
    m = RecordMatch.of("conversation", {"with": ("bully", "bully_and_parents")})
    assert m.matches("conversation", {"with": "bully"})
    assert not m.matches("conversation", {"with": "target"})
    assert not m.matches("agreement", {"with": "bully"})
    assert RecordMatch.of("x", {"n": 1}).matches("x", {"n": 1})
    assert not RecordMatch.of("x", {"n": 1}).matches("x", {"n": True})
    assert not RecordMatch.of("x", {"b": True}).matches("x", {"b": 1})
    assert hash(m) == hash(RecordMatch.of("conversation", {"with": ("bully", "bully_and_parents")}))


def test_a_broken_definition_is_refused_at_construction():
    with pytest.raises(DefinitionError, match="unreachable"):
        ProtocolDefinition(
            key="broken",
            version=1,
            name=Text("x", "x"),
            source=Text("x", "x"),
            steps=(Step("a", Text("a", "a")), Step("b", Text("b", "b")), Step("z", Text("z", "z"))),
            transitions=(
                Transition("t", ("a",), "z", Text("t", "t"), frozenset({"mentor"}), outcome=STOP),
                Transition("u", ("b",), "z", Text("u", "u"), frozenset({"mentor"}), outcome=STOP),
            ),
            initial_step="a",
            terminal_steps=frozenset({"z"}),
            record_kinds=frozenset({"note"}),
        )


# --------------------------------------------------------------- shipped definitions


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_shipped_definition_is_structurally_sound(definition):
    """Every step reachable, every open step has a way out, terminals leave only by reopen."""
    assert structural_problems(definition) == []
    for step in definition.step_keys:
        outgoing = [t for t in definition.transitions if step in t.sources]
        if definition.is_terminal(step):
            assert outgoing and all(t.reopens for t in outgoing)
        else:
            assert outgoing and not any(t.reopens for t in outgoing)


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_guard_and_step_speaks_dutch_and_english(definition):
    texts = [definition.name, definition.source]
    for step in definition.steps:
        texts += [step.label, *step.actions, *(d.label for d in step.deadlines)]
    for transition in definition.transitions:
        texts += [transition.label, *(g.message for g in transition.guards)]
    for rule in definition.record_rules:
        texts += [g.message for g in rule.guards]
    for text in texts:
        assert text.nl.strip() and text.en.strip()


@pytest.mark.parametrize("definition", ALL, ids=lambda d: f"{d.key}-v{d.version}")
def test_every_transition_is_taken_by_staff_roles_only(definition):
    staff = {r.value for r in StaffRole}
    for transition in definition.transitions:
        assert transition.roles <= staff, transition.key
    for rule in definition.record_rules:
        assert rule.roles is None or rule.roles <= staff


def test_the_registry_keeps_every_version_and_serves_the_latest():
    assert get_definition(SIX_STEP, 1).key == SIX_STEP
    assert latest(ROUTES).version == 1
    with pytest.raises(UnknownProtocol):
        get_definition(SIX_STEP, 99)
    with pytest.raises(UnknownProtocol):
        latest("nope")

    v1 = get_definition(SIX_STEP, 1)
    from dataclasses import replace

    v2 = replace(v1, version=2, name=Text("Nieuw", "New"))
    registry = Registry([v1, v2])
    assert registry.latest(SIX_STEP) is v2
    assert registry.get(SIX_STEP, 1) is v1  # running cases keep their rules
    assert registry.versions(SIX_STEP) == (1, 2)
    with pytest.raises(ValueError):
        registry.register(v1)


# ----------------------------------------------------------------------------- vocabulary


def test_the_staff_role_keys_are_exactly_the_agreed_ones():
    assert [r.value for r in StaffRole] == [
        "mentor",
        "teacher",
        "support_staff",
        "head_of_department",
        "student_counsellor",
        "coordinator",
        "care_coordinator",
        "confidential_adviser",
        "branch_management",
        "board_coordinator",
        "board_management",
    ]


def test_every_key_has_a_dutch_and_an_english_label():
    for vocab, texts in LABELS.items():
        assert set(texts) == {m.value for m in vocab}, vocab
        for key in texts:
            assert LABELS_NL[vocab][key] and LABELS_EN[vocab][key]


def test_labels_of_equal_keys_in_different_vocabularies_stay_apart():
    assert label(ParticipantRole.TARGET) == "Gepeste leerling"
    assert label(ConversationWith.TARGET, "en") == "Target"
    assert label(RecordKind.SUSPENSION, "en") == "Suspension"
    assert role_label("coordinator") == "Anti-pestcoördinator"
    assert role_label("unknown") == "unknown"
    assert choices(StaffRole)[0] == ("mentor", "Mentor")
