"""The data model of the protocol engine: facts about a case and protocol definitions.

Frozen dataclasses only; the functions that work on them live in ``rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from protocol.vocabulary import CLOSING_OUTCOMES, DeadlineUnit, Text, TransitionOutcome

#: A value an attribute must have; a tuple means "any of these".
AttrValue = str | int | bool | tuple[str, ...]
#: "step": only records of the current visit to the current step; "case": the whole case.
Scope = Literal["step", "case"]


class DefinitionError(ValueError):
    """A protocol definition is inconsistent (a programming error, found at import)."""


class UnknownTransition(KeyError):
    """The transition key does not exist in the definition (a programming error)."""


# --------------------------------------------------------------------------- case facts


@dataclass(frozen=True, slots=True)
class RecordFact:
    """One timeline entry as the engine sees it.

    ``step`` is the step the case was in when it was recorded. ``id`` is needed only
    where other records refer to this one (a decision letter names its suspension in
    ``attrs["suspension"]``). ``seq`` orders records against ``CaseFacts.step_entered_seq``
    so that records from an earlier visit to the same step (before a reopen) do not count
    again; a timeline entry's primary key is a fine ``seq``.
    """

    kind: str
    step: str
    attrs: Mapping[str, object] = field(default_factory=dict)
    id: str = ""
    seq: int = 0
    #: The term flags (``Deadline.flag``) that had already run out when this record was
    #: made. The caller knows dates, the engine does not: a four-week term is only
    #: completed by an evaluation made once the four weeks have run (seed 000 step 3).
    elapsed: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the engine knows of one case. ``records`` must be in chronological order."""

    step: str
    records: tuple[RecordFact, ...] = ()
    flags: Mapping[str, bool] = field(default_factory=dict)
    #: Records with a lower ``seq`` belong to an earlier visit of the current step.
    step_entered_seq: int = 0

    def current_records(self) -> tuple[RecordFact, ...]:
        """The records made during the current visit to the current step."""
        return tuple(
            r for r in self.records if r.step == self.step and r.seq >= self.step_entered_seq
        )

    def with_record(self, record: RecordFact) -> CaseFacts:
        """These facts with one more record appended (convenience for tests and callers)."""
        return replace(self, records=(*self.records, record))

    def moved_to(self, step: str, entered_seq: int) -> CaseFacts:
        """These facts after a transition into ``step``; later records get ``seq >= entered_seq``."""
        return replace(self, step=step, step_entered_seq=entered_seq)


# ----------------------------------------------------------------------------- matches


@dataclass(frozen=True, slots=True)
class RecordMatch:
    """A pattern for records: a kind plus attributes that must have given values.

    Build it with ``RecordMatch.of("conversation", {"with": "bully"})``; attributes are
    kept as sorted pairs so the definition stays hashable and immutable.
    """

    kind: str
    attrs: tuple[tuple[str, AttrValue], ...] = ()

    @classmethod
    def of(cls, kind: str, attrs: Mapping[str, AttrValue] | None = None) -> RecordMatch:
        return cls(str(kind), tuple(sorted((str(k), v) for k, v in (attrs or {}).items())))

    def matches(self, kind: str, attrs: Mapping[str, object]) -> bool:
        """Whether a record (or a proposed record) of ``kind`` with ``attrs`` fits."""
        if kind != self.kind:
            return False
        for name, wanted in self.attrs:
            value = attrs.get(name)
            if isinstance(wanted, tuple):
                ok = value in wanted
            elif isinstance(wanted, bool) or isinstance(value, bool):
                # bool is an int subclass: True must not satisfy 1, nor 1 satisfy True.
                ok = value is wanted
            else:
                ok = value == wanted
            if not ok:
                return False
        return True

    def fits(self, record: RecordFact) -> bool:
        return self.matches(record.kind, record.attrs)


# ------------------------------------------------------------------------------ guards


class GuardKind(StrEnum):
    """What a guard checks. STEP and ROLE guards are made by the engine itself."""

    STEP = "step"  # the transition or record is possible in the current step
    ROLE = "role"  # the actor holds one of the allowed roles
    RECORD = "record"  # every one of ``records`` has a matching record in scope
    ANY_RECORD = "any_record"  # at least one of ``records`` has a matching record in scope
    CONSENT = "consent"  # the target's latest consent for ``name`` is given (case-wide)
    FLAG = "flag"  # the caller flag ``name`` is true
    PARAM = "param"  # the transition parameter ``name`` is a non-empty text
    EACH_LINKED = "each_linked"  # every records[0] in scope (with attr >= minimum) has a records[1] naming its id in ``link``
    EACH_IN_RANGE = (
        "each_in_range"  # every records[0] in scope has int ``attr`` in [minimum, maximum]
    )
    PROPOSAL_RANGE = "proposal_range"  # the proposed record's int ``attr`` is in [minimum, maximum]
    PROPOSAL_REFERENCE = (
        "proposal_reference"  # the proposed record's ``attr`` is the id of a records[0]
    )
    PROPOSAL_MATCH = "proposal_match"  # the proposed record fits records[0] (attrs only)
    PROPOSAL_TEXT = "proposal_text"  # the proposed record's ``attr`` is a non-empty text
    NOT_FLAG = "not_flag"  # the caller flag ``name`` is not true
    #: the latest record in scope fitting records[0] also fits records[1]; with ``name``,
    #: it must also have been made once the term flag ``name`` had run out
    LATEST = "latest"
    ANY_OF = "any_of"  # at least one of ``alternatives`` holds
    NEVER = "never"  # always unmet: the message says what to do instead


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition with a plain-language message saying what is missing when it fails.

    ``when_flag`` makes a guard conditional: it only applies when that caller flag is
    true (the police guard applies only when a criminal offence is involved).
    """

    key: str
    kind: GuardKind
    message: Text
    records: tuple[RecordMatch, ...] = ()
    scope: Scope = "step"
    name: str = ""
    attr: str = ""
    link: str = ""
    minimum: int | None = None
    maximum: int | None = None
    when_flag: str = ""
    #: The guard does not apply when any of these caller flags is true (no talk with the
    #: bully can be demanded while the bully is unknown).
    unless: tuple[str, ...] = ()
    alternatives: tuple[Guard, ...] = ()


@dataclass(frozen=True, slots=True)
class GuardReport:
    """The outcome of checking a transition (or a record): which guards hold and which not."""

    subject: str
    met: tuple[Guard, ...] = ()
    unmet: tuple[Guard, ...] = ()
    not_applicable: tuple[Guard, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.unmet

    def messages(self, lang: str = "nl") -> list[str]:
        """What is missing, in ``lang``, in the order the guards were defined."""
        return [g.message.get(lang) for g in self.unmet]


class TransitionRefused(Exception):
    """A transition was attempted while some of its guards were unmet."""

    def __init__(self, report: GuardReport) -> None:
        self.report = report
        self.unmet = report.unmet
        super().__init__(f"{report.subject}: " + "; ".join(report.messages("en")))


class RecordRefused(Exception):
    """A record was proposed that the protocol does not allow (see ``require_record``)."""

    def __init__(self, report: GuardReport) -> None:
        self.report = report
        self.unmet = report.unmet
        super().__init__(f"{report.subject}: " + "; ".join(report.messages("en")))


# ------------------------------------------------------------------ definition structure


@dataclass(frozen=True, slots=True)
class Deadline:
    """A protocol term. The calendar turns ``amount`` ``unit`` into a due date.

    ``starts_on`` None: the term starts when its step is entered; otherwise it starts
    when a matching record is made. ``completed_by`` is the record that satisfies it.
    ``not_before`` is the earliest moment (same unit) the completing record makes sense
    (No Blame follow-up: not before 8 days). ``flag`` names the caller flag that says
    the term has run out, for guards that wait for it.
    """

    key: str
    label: Text
    amount: int
    unit: DeadlineUnit
    owner: str
    completed_by: RecordMatch
    starts_on: RecordMatch | None = None
    not_before: int | None = None
    flag: str = ""
    #: The caller flag that says ``not_before`` has passed: a completing record is
    #: refused before it (No Blame follow-up talks, Bijlage 12).
    earliest_flag: str = ""
    #: The caller flag that says the term's work is done when one record is not enough
    #: (No Blame: a separate talk with every support-group member).
    done_flag: str = ""
    #: The due date is a date attribute of the starting record (a non-contract's own
    #: evaluation date, Bijlage 14) instead of ``amount`` ``unit`` from the start.
    due_attr: str = ""
    #: False: a moment only (it sets ``flag`` and is shown), never a follow-up to keep.
    watch: bool = True
    #: The seed's own words for this term, shown next to the dates.
    quote: Text | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what the seed says to do there, and the terms it starts."""

    key: str
    label: Text
    number: str = ""
    actions: tuple[Text, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    #: What the status page tells parents of this step (neutral about the other party).
    for_parents: Text | None = None


@dataclass(frozen=True, slots=True)
class Transition:
    """A move from one of ``sources`` to ``target`` by one of ``roles`` when all guards hold.

    ``reopens`` marks the only transitions allowed out of a terminal step. ``outcome``
    says what taking it means (closed because the bullying stopped, escalated, ...):
    reports and pages read that, never the key, so a new version may rename or add
    transitions without being miscounted. Every transition must declare one.
    """

    key: str
    sources: tuple[str, ...]
    target: str
    label: Text
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    reopens: bool = False
    outcome: TransitionOutcome | None = None


@dataclass(frozen=True, slots=True)
class RecordRule:
    """Conditions on recording records that fit ``record``.

    ``roles`` / ``steps`` None mean any staff role / any open step. Every rule that fits
    a proposed record applies.
    """

    record: RecordMatch
    guards: tuple[Guard, ...] = ()
    roles: frozenset[str] | None = None
    steps: frozenset[str] | None = None
    #: The rule only applies in these steps and is silently skipped elsewhere (unlike
    #: ``steps``, which refuses the record elsewhere).
    applies_in: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ProtocolDefinition:
    """A versioned protocol. A case keeps the (key, version) it started under.

    ``record_deadlines`` start when a matching record is made in any open step (the No
    Blame follow-up talk). In a terminal step only ``terminal_record_kinds`` may be
    recorded; everything else needs a reopen first. Validated on construction.
    """

    key: str
    version: int
    name: Text
    source: Text
    steps: tuple[Step, ...]
    transitions: tuple[Transition, ...]
    initial_step: str
    terminal_steps: frozenset[str]
    record_kinds: frozenset[str]
    record_rules: tuple[RecordRule, ...] = ()
    record_deadlines: tuple[Deadline, ...] = ()
    terminal_record_kinds: frozenset[str] = frozenset({"note"})

    def __post_init__(self) -> None:
        problems = structural_problems(self)
        if problems:
            raise DefinitionError(f"{self.key} v{self.version}: " + "; ".join(problems))

    @property
    def step_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)

    def step(self, key: str) -> Step:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(key)

    def transition(self, key: str) -> Transition:
        for t in self.transitions:
            if t.key == key:
                return t
        raise UnknownTransition(key)

    def is_terminal(self, step: str) -> bool:
        return step in self.terminal_steps

    def outcome_of(self, transition_key: str) -> TransitionOutcome:
        """What taking this transition means; raises ``UnknownTransition``."""
        outcome = self.transition(transition_key).outcome
        assert outcome is not None  # validated on construction
        return outcome

    @property
    def closing_outcomes(self) -> tuple[TransitionOutcome, ...]:
        """The ways this protocol can close a case, in the order reports list them."""
        reachable = {t.outcome for t in self.transitions if t.target in self.terminal_steps}
        return tuple(o for o in CLOSING_OUTCOMES if o in reachable)


def structural_problems(defn: ProtocolDefinition) -> list[str]:
    """Everything wrong with a definition's shape; empty when it is sound.

    Checks: unique keys; initial, terminal, source and target steps exist; only reopen
    transitions leave terminal steps and they leave nothing else; every step is
    reachable from the initial step; every non-terminal step has a way out; record
    rules and deadlines refer to existing steps and kinds.
    """
    problems: list[str] = []
    keys = [s.key for s in defn.steps]
    steps = set(keys)
    if len(steps) != len(keys):
        problems.append("duplicate step keys")
    if len({t.key for t in defn.transitions}) != len(defn.transitions):
        problems.append("duplicate transition keys")
    if defn.initial_step not in steps:
        problems.append(f"initial step {defn.initial_step!r} unknown")
    if not defn.terminal_steps <= steps:
        problems.append(f"terminal steps unknown: {sorted(defn.terminal_steps - steps)}")
    for t in defn.transitions:
        if not t.sources or not set(t.sources) <= steps or t.target not in steps:
            problems.append(f"transition {t.key!r} refers to unknown steps")
        if not t.roles:
            problems.append(f"transition {t.key!r} allows no role")
        from_terminal = [s for s in t.sources if s in defn.terminal_steps]
        if t.reopens and len(from_terminal) != len(t.sources):
            problems.append(f"reopen {t.key!r} must start from terminal steps only")
        if not t.reopens and from_terminal:
            problems.append(f"transition {t.key!r} leaves a terminal step without reopening")
        problems.extend(_outcome_problems(t, defn.terminal_steps))
    reachable = {defn.initial_step}
    frontier = [defn.initial_step]
    while frontier:
        here = frontier.pop()
        for t in defn.transitions:
            if here in t.sources and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    if unreachable := steps - reachable:
        problems.append(f"unreachable steps: {sorted(unreachable)}")
    for key in steps - defn.terminal_steps:
        if not any(key in t.sources for t in defn.transitions):
            problems.append(f"step {key!r} has no way out")
    for rule in defn.record_rules:
        if rule.applies_in is not None and not rule.applies_in <= steps:
            problems.append(f"record rule for {rule.record.kind!r} names unknown steps")
        if rule.steps is not None and not rule.steps <= steps:
            problems.append(f"record rule for {rule.record.kind!r} names unknown steps")
    for deadline in (*defn.record_deadlines, *(d for s in defn.steps for d in s.deadlines)):
        kinds = [deadline.completed_by.kind] + (
            [deadline.starts_on.kind] if deadline.starts_on else []
        )
        if not set(kinds) <= defn.record_kinds:
            problems.append(f"deadline {deadline.key!r} uses a record kind the protocol lacks")
    if any(d.starts_on is None for d in defn.record_deadlines):
        problems.append("record deadlines need starts_on")
    return problems


def _outcome_problems(t: Transition, terminal_steps: frozenset[str]) -> list[str]:
    """A transition's outcome must say what it does: a closing outcome exactly when it
    enters a terminal step, "reopened" exactly when it reopens."""
    if t.outcome is None:
        return [f"transition {t.key!r} declares no outcome"]
    if t.outcome.closes != (t.target in terminal_steps):
        where = "a closed" if t.target in terminal_steps else "an open"
        return [f"transition {t.key!r} enters {where} step with outcome {t.outcome.value!r}"]
    if t.reopens != (t.outcome is TransitionOutcome.REOPENED):
        return [f"transition {t.key!r}: reopens and outcome {t.outcome.value!r} disagree"]
    return []


# ---------------------------------------------------------------------------- deadlines


@dataclass(frozen=True, slots=True)
class OpenDeadline:
    """A running term; ``started_by`` is the triggering record, or None for step entry."""

    deadline: Deadline
    started_by: RecordFact | None = None
