"""Property-based: random staff doing random things never get a case where the protocol
forbids it.

A hypothesis state machine records random entries and attempts random transitions by
random roles, always through the engine (``can_record`` / ``apply``), the way the case
services will. After every move it checks, independently of the engine's guards,
what the seeds demand: only allowed transitions from the current step, by an allowed
role, with every guard met; terminal steps left only by reopen; suspensions of one to
five days with their letter and inspectorate notice before their step is left; consent
before mediation and group talks; removal only after the hearing.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from protocol.definitions import ROUTES_V1, SIX_STEP_V1
from protocol.engine import (
    CaseFacts,
    GuardKind,
    ProtocolDefinition,
    RecordFact,
    TransitionRefused,
    apply,
    can_record,
    evaluate,
    open_deadlines,
)
from protocol.vocabulary import CONSENT_REQUIRED, CONVERSATION_CONSENT_REQUIRED, StaffRole

ROLES = [r.value for r in StaffRole]
MANAGEMENT = {"branch_management", "board_management"}
COORDINATION = {"coordinator", "board_coordinator", "board_management"}

#: Records that matter to some guard, plus noise.
POOL: list[tuple[str, Mapping[str, object]]] = [  # type: ignore[assignment, list-item]
    ("conversation", {"with": w})
    for w in (
        "target",
        "bully",
        "group",
        "class",
        "bully_and_parents",
        "target_and_parents",
        "target_and_bully",
    )
] + [
    ("agreement", {}),
    ("head_of_department_informed", {}),
    ("coordinator_informed", {}),
    ("care_coordinator_informed", {}),
    ("parents_informed", {"party": "target_parents"}),
    ("parents_informed", {"party": "bully_parents"}),
    ("evaluation", {"outcome": "stopped"}),
    ("evaluation", {"outcome": "continues"}),
    ("note", {}),
    ("incident", {"form": "digital"}),
    ("police_informed", {}),
    ("hearing", {}),
    ("removal", {}),
    ("duty_of_care_ended", {}),
    ("other_school_contacted", {}),
    ("sanction", {"kind": "detention"}),
    ("sanction", {"kind": "suspension"}),
    *[("consent", {"for": f}) for f in ("mediation", "support_group", "class_talk")],
    *[
        ("consent", {"for": f, "given": False})
        for f in ("mediation", "support_group", "class_talk")
    ],
    *[
        ("intervention", {"kind": k})
        for k in (
            "no_blame",
            "mediation",
            "restorative_conversation",
            "class_talk",
            "class_lesson",
            "support_group",
            "referral",
        )
    ],
    *[("follow_up", {"with": w}) for w in ("target", "bully", "group", "target_and_bully")],
    *[("route_chosen", {"route": r}) for r in "ABCDE"],
    *[("suspension", {"school_days": d}) for d in (-1, 0, 1, 2, 5, 6, 7)],
]

roles_strategy = st.sets(st.sampled_from(ROLES), min_size=1, max_size=2)


class ProtocolMachine(RuleBasedStateMachine):
    definition: ProtocolDefinition

    def __init__(self) -> None:
        super().__init__()
        self.facts = CaseFacts(self.definition.initial_step)
        self.seq = 0
        self.flags: dict[str, bool] = {}
        self.history: list[str] = []

    # ------------------------------------------------------------------ helpers

    def visit(self) -> tuple[RecordFact, ...]:
        return self.facts.current_records()

    def _append(self, kind: str, attrs: Mapping[str, object]) -> None:
        self.seq += 1
        elapsed = frozenset(k for k, on in self.flags.items() if on)
        fact = RecordFact(
            kind, self.facts.step, attrs, id=f"r{self.seq}", seq=self.seq, elapsed=elapsed
        )
        self.facts = self.facts.with_record(fact)

    def _latest_consent(self, subject: str) -> bool:
        answers = [
            r for r in self.facts.records if r.kind == "consent" and r.attrs.get("for") == subject
        ]
        return bool(answers) and answers[-1].attrs.get("given", True) is True

    def _oracle_record(self, kind: str, attrs: Mapping[str, object], roles: set[str]) -> None:
        """What the seeds say about a record the engine just allowed."""
        d = self.definition
        assert kind in d.record_kinds
        if d.is_terminal(self.facts.step):
            assert kind == "note"
        if kind == "intervention" and attrs.get("kind") in CONSENT_REQUIRED:
            assert self._latest_consent(CONSENT_REQUIRED[str(attrs["kind"])])
        if (
            kind in ("conversation", "follow_up")
            and attrs.get("with") in CONVERSATION_CONSENT_REQUIRED
        ):
            assert self._latest_consent(CONVERSATION_CONSENT_REQUIRED[str(attrs["with"])])
        if kind == "suspension":
            days = attrs.get("school_days")
            assert isinstance(days, int) and 1 <= days <= 5
            assert "branch_management" in roles
        if kind == "sanction":
            assert attrs.get("kind") not in ("suspension", "removal")
        if kind in ("suspension_decision_letter", "inspectorate_notified"):
            assert roles & MANAGEMENT
            assert any(
                r.kind == "suspension" and r.id == attrs["suspension"] for r in self.facts.records
            )
        if kind == "removal":
            assert roles & MANAGEMENT
            assert any(r.kind == "hearing" for r in self.visit())

    def _oracle_move(
        self, key: str, source: str, target: str, roles: set[str], reason: object
    ) -> None:
        """What the seeds say about a move the engine just allowed (facts before the move)."""
        d = self.definition
        transition = d.transition(key)
        assert source in transition.sources and target == transition.target
        assert roles & transition.roles
        visit = self.visit()
        kinds = [(r.kind, dict(r.attrs)) for r in visit]
        if d.is_terminal(source):
            assert transition.reopens and roles & COORDINATION and str(reason).strip()
        if target == "closed_teasing":
            assert roles & COORDINATION and isinstance(reason, str) and reason.strip()
        # Every suspension of the step left is complete.
        for s in (r for r in visit if r.kind == "suspension"):
            days = s.attrs["school_days"]
            assert isinstance(days, int) and 1 <= days <= 5
            linked = {r.kind for r in self.facts.records if r.attrs.get("suspension") == s.id}
            assert "suspension_decision_letter" in linked
            if days > 1:
                assert "inspectorate_notified" in linked
        if d is SIX_STEP_V1:
            if key == "start_monitoring":
                assert ("agreement", {}) in kinds and ("head_of_department_informed", {}) in kinds
                assert ("parents_informed", {"party": "target_parents"}) in kinds
                assert ("parents_informed", {"party": "bully_parents"}) in kinds
            if target == "suspension":
                assert roles & {"branch_management"}
                assert ("conversation", {"with": "bully_and_parents"}) in kinds
                assert self.flags.get("improvement_period_elapsed")
            if target == "removal":
                assert roles & MANAGEMENT and ("intervention", {"kind": "referral"}) in kinds
            if key == "complete_removal":
                assert {"hearing", "removal", "duty_of_care_ended"} <= {k for k, _ in kinds}
            if key in ("suspend", "close_after_second_talk") and self.flags.get(
                "criminal_offence"
            ):
                assert any(
                    r.kind in ("police_informed", "police_not_informed")
                    for r in self.facts.records
                )
            if key == "close_after_monitoring":
                assert self.flags.get("monitoring_period_elapsed")
        else:
            if source == "choose_route" and target.startswith("route_"):
                assert ("route_chosen", {"route": target[-1].upper()}) in kinds
            if source.startswith("route_") and target == "closed":
                assert ("evaluation", {"outcome": "stopped"}) in kinds

    # -------------------------------------------------------------------- rules

    @rule(choice=st.sampled_from(POOL), roles=roles_strategy)
    def record(self, choice: tuple[str, dict[str, object]], roles: set[str]) -> None:
        kind, attrs = choice
        report = can_record(self.definition, self.facts, kind, attrs, actor_roles=roles)
        if report.allowed:
            self._oracle_record(kind, attrs, roles)
            self._append(kind, dict(attrs))
        else:
            assert report.unmet

    @rule(
        data=st.data(),
        roles=roles_strategy,
        paper=st.sampled_from(["suspension_decision_letter", "inspectorate_notified"]),
    )
    def paperwork(self, data: st.DataObject, roles: set[str], paper: str) -> None:
        ids = [r.id for r in self.facts.records if r.kind == "suspension"] + ["bogus"]
        attrs = {"suspension": data.draw(st.sampled_from(ids))}
        if can_record(self.definition, self.facts, paper, attrs, actor_roles=roles).allowed:
            self._oracle_record(paper, attrs, roles)
            self._append(paper, attrs)

    @rule(
        name=st.sampled_from(
            [
                "criminal_offence",
                "monitoring_period_elapsed",
                "improvement_period_elapsed",
                "suspected_bully_at_school",
                "monitored_two_weeks",
                "follow_period_elapsed",
                "bully_unknown",
                "bully_elsewhere",
                "support_group_as_seed",
            ]
        ),
        value=st.booleans(),
    )
    def set_flag(self, name: str, value: bool) -> None:
        self.flags[name] = value
        self.facts = CaseFacts(
            self.facts.step, self.facts.records, dict(self.flags), self.facts.step_entered_seq
        )

    @rule(
        data=st.data(),
        roles=roles_strategy,
        reason=st.sampled_from([None, "", "  ", "Plagen, geen pesten."]),
    )
    def attempt(self, data: st.DataObject, roles: set[str], reason: str | None) -> None:
        # Mostly transitions out of the current step, sometimes any transition at all.
        here = [t.key for t in self.definition.transitions if self.facts.step in t.sources]
        anywhere = [t.key for t in self.definition.transitions]
        key = data.draw(st.sampled_from(here) | st.sampled_from(anywhere))
        params: dict[str, object] = {} if reason is None else {"reason": reason}
        self._try(key, roles, params)

    @rule(data=st.data())
    def helpful(self, data: st.DataObject) -> None:
        """Do what an outgoing transition still misses, so deep steps are reached too."""
        here = [t for t in self.definition.transitions if self.facts.step in t.sources]
        transition = data.draw(st.sampled_from(here))
        for guard in transition.guards:
            if guard.kind is GuardKind.FLAG:
                self.set_flag(guard.name, True)
            elif guard.kind is GuardKind.NOT_FLAG:
                self.set_flag(guard.name, False)
        for guard in transition.guards:
            if guard.kind in (GuardKind.RECORD, GuardKind.ANY_RECORD, GuardKind.LATEST):
                match = guard.records[-1] if guard.kind is GuardKind.LATEST else guard.records[0]
                satisfy(self, match, oracle=True)
        for s in [r for r in self.visit() if r.kind == "suspension"]:
            for paper in ("suspension_decision_letter", "inspectorate_notified"):
                if not any(
                    r.kind == paper and r.attrs.get("suspension") == s.id
                    for r in self.facts.records
                ):
                    self._append(paper, {"suspension": s.id})
        roles = data.draw(st.sampled_from([set(transition.roles), {"mentor"}]))
        self._try(transition.key, roles, {"reason": "Reden."})

    def _try(self, key: str, roles: set[str], params: Mapping[str, object]) -> None:
        before = self.facts
        report = evaluate(self.definition, before, key, roles, params)
        try:
            target = apply(self.definition, before, key, roles, params)
        except TransitionRefused as refused:
            assert not report.allowed and refused.unmet == report.unmet
            assert self.facts is before
            return
        assert report.allowed and not report.unmet
        self._oracle_move(key, before.step, target, roles, params.get("reason"))
        self.facts = before.moved_to(target, self.seq + 1)
        self.history.append(key)

    # ---------------------------------------------------------------- invariants

    @invariant()
    def step_is_known(self) -> None:
        assert self.facts.step in self.definition.step_keys

    @invariant()
    def history_follows_the_transition_graph(self) -> None:
        step = self.definition.initial_step
        for key in self.history:
            transition = self.definition.transition(key)
            assert step in transition.sources
            if self.definition.is_terminal(step):
                assert transition.reopens
            step = transition.target
        assert step == self.facts.step

    @precondition(lambda self: self.definition.is_terminal(self.facts.step))
    @invariant()
    def closed_cases_have_no_running_terms(self) -> None:
        assert open_deadlines(self.definition, self.facts) == ()


def satisfy(machine: ProtocolMachine, match, *, oracle: bool = False) -> None:
    """Record what ``match`` asks for, first giving any consent the record needs."""
    attrs = {k: (v[0] if isinstance(v, tuple) else v) for k, v in match.attrs}
    for roles in ({"mentor"}, {"branch_management"}, {"coordinator"}):
        report = can_record(machine.definition, machine.facts, match.kind, attrs, actor_roles=roles)
        for guard in report.unmet:
            if guard.kind is GuardKind.CONSENT:
                machine._append("consent", {"for": guard.name, "given": True, "written": True})
        report = can_record(machine.definition, machine.facts, match.kind, attrs, actor_roles=roles)
        if report.allowed:
            if oracle:
                machine._oracle_record(match.kind, attrs, roles)
            machine._append(match.kind, attrs)
            return


class SixStepMachine(ProtocolMachine):
    definition = SIX_STEP_V1


class RoutesMachine(ProtocolMachine):
    definition = ROUTES_V1


_settings = settings(
    max_examples=150,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSixStepProperties = SixStepMachine.TestCase
TestSixStepProperties.settings = _settings
TestRoutesProperties = RoutesMachine.TestCase
TestRoutesProperties.settings = _settings


def test_the_machines_reach_deep_steps():
    """A deterministic walk through the helpful rule reaches removal and route D."""
    for machine_cls, goal in ((SixStepMachine, "removal"), (RoutesMachine, "route_d")):
        reached = set()
        for seed in range(40):
            machine = machine_cls()
            rnd = random.Random(seed)
            for _ in range(80):
                here = [
                    t for t in machine.definition.transitions if machine.facts.step in t.sources
                ]
                transition = rnd.choice(here)
                if transition.key.startswith("close"):
                    continue  # closing early would keep the walk shallow
                for guard in transition.guards:
                    if guard.kind is GuardKind.FLAG:
                        machine.set_flag(guard.name, True)
                    elif guard.kind is GuardKind.NOT_FLAG:
                        machine.set_flag(guard.name, False)
                for guard in transition.guards:
                    if guard.kind in (GuardKind.RECORD, GuardKind.ANY_RECORD, GuardKind.LATEST):
                        last = guard.kind is GuardKind.LATEST
                        satisfy(machine, guard.records[-1] if last else guard.records[0])
                machine._try(transition.key, set(transition.roles), {"reason": "r"})
                reached.add(machine.facts.step)
        assert goal in reached, (machine_cls.__name__, reached)
