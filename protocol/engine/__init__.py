"""The protocol rules engine: pure functions over frozen dataclasses.

A protocol (``ProtocolDefinition``) is a versioned state machine: steps, transitions
between them with the roles allowed to take them and the guards that must hold, rules
for what may be recorded, and the deadlines that steps and records start. A case is
described to the engine as ``CaseFacts``: its current step, its timeline as
``RecordFact`` items in chronological order, and flags only the caller can know
(``criminal_offence``, ``monitoring_period_elapsed``...).

The engine never stores anything and imports nothing from the project: the case
services call ``evaluate`` / ``apply`` / ``can_record`` and persist the result. Guard
messages are plain Dutch and English sentences meant for the person at the keyboard.

Typical use by a service::

    report = can_record(defn, facts, "intervention", {"kind": "mediation"}, actor_roles=roles)
    if not report.allowed:
        raise ValidationError(report.messages("nl"))
    new_step = apply(defn, facts, "start_monitoring", roles)   # raises TransitionRefused
"""

from protocol.engine.model import (
    AttrValue,
    CaseFacts,
    Deadline,
    DefinitionError,
    Guard,
    GuardKind,
    GuardReport,
    OpenDeadline,
    ProtocolDefinition,
    RecordFact,
    RecordMatch,
    RecordRefused,
    RecordRule,
    Scope,
    Step,
    Transition,
    TransitionRefused,
    UnknownTransition,
    structural_problems,
)
from protocol.engine.rules import (
    apply,
    available_transitions,
    can_record,
    deadlines_on_enter,
    deadlines_on_record,
    evaluate,
    open_deadlines,
    require_record,
    transition_reports,
)

__all__ = [
    "AttrValue",
    "CaseFacts",
    "Deadline",
    "DefinitionError",
    "Guard",
    "GuardKind",
    "GuardReport",
    "OpenDeadline",
    "ProtocolDefinition",
    "RecordFact",
    "RecordMatch",
    "RecordRefused",
    "RecordRule",
    "Scope",
    "Step",
    "Transition",
    "TransitionRefused",
    "UnknownTransition",
    "apply",
    "available_transitions",
    "can_record",
    "deadlines_on_enter",
    "deadlines_on_record",
    "evaluate",
    "open_deadlines",
    "require_record",
    "structural_problems",
    "transition_reports",
]
