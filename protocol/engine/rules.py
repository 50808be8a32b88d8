"""The protocol engine's functions: checking guards, transitions, records and deadlines.

All pure: they take a ``ProtocolDefinition`` and ``CaseFacts`` and return values or
raise; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from protocol.engine.model import (
    CaseFacts,
    Deadline,
    Guard,
    GuardKind,
    GuardReport,
    OpenDeadline,
    ProtocolDefinition,
    RecordFact,
    RecordRefused,
    Transition,
    TransitionRefused,
)
from protocol.vocabulary import StaffRole, Text, label, role_label

# ----------------------------------------------------------------------- guard checking


def _as_int(value: object) -> int | None:
    """An int attribute, refusing bools and numeric strings alike."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _in_range(value: object, guard: Guard) -> bool:
    number = _as_int(value)
    if number is None:
        return False
    low_ok = guard.minimum is None or number >= guard.minimum
    high_ok = guard.maximum is None or number <= guard.maximum
    return low_ok and high_ok


def _check(
    guard: Guard,
    facts: CaseFacts,
    params: Mapping[str, object],
    proposal: Mapping[str, object] | None,
) -> bool:
    """Whether one (applicable) guard holds."""
    scoped = facts.current_records() if guard.scope == "step" else facts.records
    kind = guard.kind
    if kind is GuardKind.RECORD:
        return all(any(m.fits(r) for r in scoped) for m in guard.records)
    if kind is GuardKind.ANY_RECORD:
        return any(m.fits(r) for m in guard.records for r in scoped)
    if kind is GuardKind.CONSENT:
        # The latest word counts: a target may withdraw consent (given=False).
        answers = [
            r for r in facts.records if r.kind == "consent" and r.attrs.get("for") == guard.name
        ]
        return bool(answers) and answers[-1].attrs.get("given", True) is True
    if kind is GuardKind.FLAG:
        return facts.flags.get(guard.name) is True
    if kind is GuardKind.PARAM:
        value = params.get(guard.name)
        return isinstance(value, str) and bool(value.strip())
    if kind is GuardKind.EACH_LINKED:
        leader, follower = guard.records
        for r in scoped:
            if not leader.fits(r):
                continue
            if (
                guard.minimum is not None
                and (_as_int(r.attrs.get(guard.attr)) or 0) < guard.minimum
            ):
                continue
            if not r.id or not any(
                follower.fits(f) and f.attrs.get(guard.link) == r.id for f in facts.records
            ):
                return False
        return True
    if kind is GuardKind.EACH_IN_RANGE:
        return all(
            _in_range(r.attrs.get(guard.attr), guard) for r in scoped if guard.records[0].fits(r)
        )
    if kind is GuardKind.PROPOSAL_RANGE:
        return proposal is not None and _in_range(proposal.get(guard.attr), guard)
    if kind is GuardKind.PROPOSAL_REFERENCE:
        wanted = None if proposal is None else proposal.get(guard.attr)
        return bool(wanted) and any(
            guard.records[0].fits(r) and r.id == wanted for r in facts.records
        )
    if kind is GuardKind.PROPOSAL_MATCH:
        return proposal is not None and guard.records[0].matches(guard.records[0].kind, proposal)
    if kind is GuardKind.PROPOSAL_TEXT:
        value = None if proposal is None else proposal.get(guard.attr)
        return isinstance(value, str) and bool(value.strip())
    if kind is GuardKind.NOT_FLAG:
        return facts.flags.get(guard.name) is not True
    if kind is GuardKind.LATEST:
        selector, wanted = guard.records
        chosen = [r for r in scoped if selector.fits(r)]
        if not chosen:
            return False
        latest = chosen[-1]
        return wanted.fits(latest) and (not guard.name or guard.name in latest.elapsed)
    if kind is GuardKind.ANY_OF:
        return any(
            _applies(g, facts) and _check(g, facts, params, proposal) for g in guard.alternatives
        )
    if kind is GuardKind.NEVER:
        return False
    raise ValueError(f"guard {guard.key!r}: kind {kind!r} cannot be checked here")


def _applies(guard: Guard, facts: CaseFacts) -> bool:
    """Whether a guard applies at all: its ``when_flag`` holds and none of ``unless`` does."""
    if guard.when_flag and facts.flags.get(guard.when_flag) is not True:
        return False
    return not any(facts.flags.get(name) is True for name in guard.unless)


def _report(
    subject: str,
    decided: Iterable[tuple[Guard, bool]],
    guards: Iterable[Guard],
    facts: CaseFacts,
    params: Mapping[str, object],
    proposal: Mapping[str, object] | None = None,
) -> GuardReport:
    """Sort guards into met / unmet / not applicable. ``decided`` are the engine's own."""
    met: list[Guard] = []
    unmet: list[Guard] = []
    skipped: list[Guard] = []
    for guard, ok in decided:
        (met if ok else unmet).append(guard)
    for guard in guards:
        if not _applies(guard, facts):
            skipped.append(guard)
        elif _check(guard, facts, params, proposal):
            met.append(guard)
        else:
            unmet.append(guard)
    return GuardReport(subject, tuple(met), tuple(unmet), tuple(skipped))


def _step_guard(step_label: Text, where: tuple[Text, ...] = ()) -> Guard:
    """The engine's own "not in this step" guard."""
    if where:
        nl = ", ".join(f"'{t.nl}'" for t in where)
        en = ", ".join(f"'{t.en}'" for t in where)
        message = Text(
            f"Dit kan alleen in de stap {nl}.", f"This is only possible in the step {en}."
        )
    else:
        message = Text(
            f"Dit kan niet in de stap '{step_label.nl}'.",
            f"This is not possible in the step '{step_label.en}'.",
        )
    return Guard("step", GuardKind.STEP, message)


def _role_guard(roles: frozenset[str]) -> Guard:
    """The engine's own role guard, naming the roles that may act, in vocabulary order."""
    ordered = [r.value for r in StaffRole if r.value in roles] + sorted(roles - set(StaffRole))
    message = Text(
        "Dit mag alleen door: " + ", ".join(role_label(r, "nl") for r in ordered) + ".",
        "Only these roles may do this: " + ", ".join(role_label(r, "en") for r in ordered) + ".",
    )
    return Guard("role", GuardKind.ROLE, message)


# -------------------------------------------------------------------------- transitions


def evaluate(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    transition_key: str,
    actor_roles: Iterable[str],
    params: Mapping[str, object] | None = None,
) -> GuardReport:
    """Check one transition for this case and actor; lists met and unmet guards.

    The first two entries are always the engine's step guard (is the case in one of the
    transition's source steps?) and role guard, then the transition's own guards.
    ``params`` carries what the actor supplies with the transition, e.g. ``{"reason": ...}``.
    Raises ``UnknownTransition`` for a key the definition lacks.
    """
    transition = definition.transition(transition_key)
    step = definition.step(facts.step)
    decided = (
        (_step_guard(step.label), facts.step in transition.sources),
        (_role_guard(transition.roles), bool(set(actor_roles) & transition.roles)),
    )
    return _report(transition.key, decided, transition.guards, facts, params or {})


def transition_reports(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    actor_roles: Iterable[str],
    params: Mapping[str, object] | None = None,
) -> tuple[GuardReport, ...]:
    """A report for every transition out of the current step, in definition order.

    Meant for the case page: allowed ones become buttons, the others show what is missing.
    """
    roles = tuple(actor_roles)
    return tuple(
        evaluate(definition, facts, t.key, roles, params)
        for t in definition.transitions
        if facts.step in t.sources
    )


def available_transitions(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    actor_roles: Iterable[str],
    params: Mapping[str, object] | None = None,
) -> tuple[Transition, ...]:
    """The transitions this actor may take right now (every guard met)."""
    return tuple(
        definition.transition(r.subject)
        for r in transition_reports(definition, facts, actor_roles, params)
        if r.allowed
    )


def apply(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    transition_key: str,
    actor_roles: Iterable[str],
    params: Mapping[str, object] | None = None,
) -> str:
    """The step the case moves to; raises ``TransitionRefused`` with the unmet guards.

    Pure: the caller stores the new step (and a new ``step_entered_seq``) itself.
    """
    report = evaluate(definition, facts, transition_key, actor_roles, params)
    if not report.allowed:
        raise TransitionRefused(report)
    return definition.transition(transition_key).target


# ------------------------------------------------------------------------------ records


def can_record(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    record_kind: str,
    attrs: Mapping[str, object] | None = None,
    *,
    actor_roles: Iterable[str] | None = None,
) -> GuardReport:
    """Whether a record of ``record_kind`` with ``attrs`` may be added in the current step.

    Applies the protocol's record rules: the target's consent before mediation, support
    group or class talk (seed 000 §5.1 step 1), suspensions of one to five school days
    by branch management only, removal after the hearing, and so on. Role rules are
    checked only when ``actor_roles`` is given; services should always pass it.
    """
    attrs = attrs or {}
    step = definition.step(facts.step)
    decided: list[tuple[Guard, bool]] = []
    guards: list[Guard] = []
    if record_kind not in definition.record_kinds:
        guards.append(
            Guard(
                "record_kind",
                GuardKind.NEVER,
                Text(
                    "Dit soort registratie hoort niet bij dit protocol.",
                    "This kind of record is not part of this protocol.",
                ),
            )
        )
    elif definition.is_terminal(facts.step) and record_kind not in definition.terminal_record_kinds:
        guards.append(
            Guard(
                "case_closed",
                GuardKind.NEVER,
                Text(
                    "De zaak is gesloten; heropen de zaak eerst.",
                    "The case is closed; reopen it first.",
                ),
            )
        )
    else:
        roles = None if actor_roles is None else set(actor_roles)
        for rule in definition.record_rules:
            if not rule.record.matches(record_kind, attrs):
                continue
            if rule.applies_in is not None and facts.step not in rule.applies_in:
                continue
            if rule.steps is not None:
                where = tuple(
                    definition.step(k).label for k in definition.step_keys if k in rule.steps
                )
                decided.append((_step_guard(step.label, where), facts.step in rule.steps))
            if rule.roles is not None and roles is not None:
                decided.append((_role_guard(rule.roles), bool(roles & rule.roles)))
            guards.extend(rule.guards)
        guards.extend(_earliest_guards(definition, facts, record_kind, attrs))
    return _report(str(record_kind), decided, guards, facts, {}, attrs)


def _earliest_guards(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    record_kind: str,
    attrs: Mapping[str, object],
) -> list[Guard]:
    """A completing record of a running term is refused before the term's ``not_before``
    (the caller says so with ``earliest_flag``): No Blame follow-up talks, Bijlage 12."""
    guards = []
    for term in open_deadlines(definition, facts):
        d = term.deadline
        if d.earliest_flag and d.completed_by.matches(record_kind, attrs):
            guards.append(
                Guard(
                    f"{d.key}_not_yet",
                    GuardKind.FLAG,
                    Text(
                        f"Te vroeg: '{d.label.nl}' kan pas na {d.not_before} "
                        f"{_unit(d, 'nl')}.",
                        f"Too early: '{d.label.en}' only after {d.not_before} {_unit(d, 'en')}.",
                    ),
                    name=d.earliest_flag,
                )
            )
    return guards


def _unit(deadline: Deadline, lang: str) -> str:
    return label(deadline.unit, lang)


def require_record(
    definition: ProtocolDefinition,
    facts: CaseFacts,
    record_kind: str,
    attrs: Mapping[str, object] | None = None,
    *,
    actor_roles: Iterable[str] | None = None,
) -> None:
    """``can_record`` that raises ``RecordRefused`` instead of returning a report."""
    report = can_record(definition, facts, record_kind, attrs, actor_roles=actor_roles)
    if not report.allowed:
        raise RecordRefused(report)


def deadlines_on_enter(definition: ProtocolDefinition, step_key: str) -> tuple[Deadline, ...]:
    """The terms that start when a case enters ``step_key``."""
    return tuple(
        d for d in definition.step(step_key).deadlines if d.starts_on is None and d.watch
    )


def deadlines_on_record(
    definition: ProtocolDefinition, facts: CaseFacts, record: RecordFact
) -> tuple[Deadline, ...]:
    """The terms that recording ``record`` in the current step starts."""
    if definition.is_terminal(facts.step):
        return ()
    candidates = (*definition.step(facts.step).deadlines, *definition.record_deadlines)
    return tuple(
        d for d in candidates if d.watch and d.starts_on is not None and d.starts_on.fits(record)
    )


def open_deadlines(definition: ProtocolDefinition, facts: CaseFacts) -> tuple[OpenDeadline, ...]:
    """The terms still running: started and not yet completed by a later record.

    Step terms count only records of the current visit to the step; record-started
    terms (No Blame follow-up) run across steps. A closed case has no running terms.
    A term with a ``flag`` stays open until it has run: only a completing record made
    after its end completes it (an evaluation on day 0 does not end four weeks of
    monitoring). A term with a ``done_flag`` is complete when the caller says so.
    Moments (``watch=False``) are never running terms.
    """
    if definition.is_terminal(facts.step):
        return ()
    result: list[OpenDeadline] = []
    current = facts.current_records()
    for deadline in definition.step(facts.step).deadlines:
        if not deadline.watch:
            continue
        if deadline.starts_on is None:
            if not any(_completes(deadline, r) for r in current):
                result.append(OpenDeadline(deadline))
            continue
        result.extend(_triggered(deadline, current, facts))
    for deadline in definition.record_deadlines:
        if deadline.watch:
            result.extend(_triggered(deadline, facts.records, facts))
    return tuple(result)


def _completes(deadline: Deadline, record: RecordFact) -> bool:
    if not deadline.completed_by.fits(record):
        return False
    return not deadline.flag or deadline.flag in record.elapsed


def _triggered(
    deadline: Deadline, records: tuple[RecordFact, ...], facts: CaseFacts
) -> list[OpenDeadline]:
    assert deadline.starts_on is not None
    running: list[OpenDeadline] = []
    starts = [i for i, r in enumerate(records) if deadline.starts_on.fits(r)]
    for index in starts:
        later = records[index + 1 :]
        if deadline.done_flag:
            # The caller's flag speaks for the newest start; an older one is done once
            # a newer round started.
            done = facts.flags.get(deadline.done_flag) is True if index == starts[-1] else True
        else:
            done = any(_completes(deadline, r) for r in later)
        if not done:
            running.append(OpenDeadline(deadline, records[index]))
    return running
