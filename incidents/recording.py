"""Recording in one step (issue 17, item 3): what the protocol asks next as a checklist,
each item a link that opens its entry form pre-filled; the kinds the current step asks
for first and the rest under "Overig"; kinds the person may not record here (a mentor at
step 1 and a suspension) left out; and the refusals known before anything is typed (a
target's consent that is missing) shown when the form opens.

Plain reads of the protocol engine; the service (incidents.services.entry_record) still
checks everything again when the entry is saved.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from protocol import engine

from .vocab import lang

#: Guards whose outcome does not depend on what is typed: known when the form opens.
_KNOWN_BEFORE_TYPING = frozenset({engine.GuardKind.STEP, engine.GuardKind.ROLE, engine.GuardKind.CONSENT})
_NOT_OFFERED = frozenset({engine.GuardKind.STEP, engine.GuardKind.ROLE})


@dataclass
class ChecklistItem:
    text: str
    done: bool
    kind: str = ""
    attrs: dict = field(default_factory=dict)

    @property
    def query(self) -> str:
        """``soort=conversation&attr_with=target``: the entry form, pre-filled."""
        params = {"soort": self.kind, **{f"attr_{k}": v for k, v in self.attrs.items()}}
        return urlencode(params)


def _simple_attrs(match: engine.RecordMatch) -> dict:
    """Pre-fill values: a pattern that allows several values (a tuple) pre-fills the first
    (the talk "with the target", not "with the target and parents"); the person may change it."""
    result = {}
    for name, wanted in match.attrs:
        value = wanted[0] if isinstance(wanted, tuple) and wanted else wanted
        if isinstance(value, str | int) and not isinstance(value, bool):
            result[name] = str(value)
    return result


def _in_scope(guard, facts) -> tuple:
    return facts.current_records() if guard.scope == "step" else facts.records


def checklist(definition, facts, roles) -> list[ChecklistItem]:
    """The records the next step(s) still need, then the ones already there, without doubles.

    Only forward steps without a typed reason (not "close without …" escape hatches)."""
    items: dict[tuple, ChecklistItem] = {}
    language = lang()
    for report in engine.transition_reports(definition, facts, roles):
        transition = definition.transition(report.subject)
        if transition.reopens or any(g.kind == engine.GuardKind.PARAM for g in transition.guards):
            continue
        for guard in (*report.unmet, *report.met):
            kinds = (engine.GuardKind.RECORD, engine.GuardKind.ANY_RECORD, engine.GuardKind.LATEST)
            if guard.kind not in kinds or not guard.records:
                continue
            records = _in_scope(guard, facts)
            if guard.kind == engine.GuardKind.RECORD:
                matches = guard.records
            elif guard.kind == engine.GuardKind.LATEST:
                matches = guard.records[1:]  # "the latest evaluation says …": an evaluation with that outcome
            else:
                matches = guard.records[:1]
            for match in matches:
                done = any(match.fits(r) for r in records) if guard.kind == engine.GuardKind.RECORD else guard in report.met
                key = (match.kind, match.attrs)
                text = guard.message.get(language)
                if key in items:
                    items[key].done = items[key].done or done
                    continue
                items[key] = ChecklistItem(text=text, done=done, kind=match.kind, attrs=_simple_attrs(match))
    todo = [i for i in items.values() if not i.done]
    return todo + [i for i in items.values() if i.done]


def asked_kinds(definition, facts) -> list[str]:
    """Kinds the current step asks for: its forward steps' required records and the
    records that complete its terms, in definition order."""
    kinds: list[str] = []
    for transition in definition.transitions:
        if facts.step not in transition.sources or transition.reopens:
            continue
        for guard in transition.guards:
            for match in guard.records:
                if match.kind not in kinds:
                    kinds.append(match.kind)
    if not definition.is_terminal(facts.step):
        for deadline in definition.step(facts.step).deadlines:
            if deadline.completed_by.kind not in kinds:
                kinds.append(deadline.completed_by.kind)
    return kinds


def offered_kinds(definition, facts, roles, kinds: list[tuple[str, str]]) -> tuple[list, list]:
    """(asked, other): the kinds this person may record now, split for the kind list.

    A kind whose record rules refuse this step or these roles whatever is typed (a
    suspension by a mentor at step 1) is not offered at all."""
    offered = []
    for key, text in kinds:
        report = engine.can_record(definition, facts, key, {}, actor_roles=roles)
        if any(g.kind in _NOT_OFFERED for g in report.unmet):
            continue
        offered.append((key, text))
    asked = asked_kinds(definition, facts)
    first = sorted([k for k in offered if k[0] in asked], key=lambda k: asked.index(k[0]))
    return first, [k for k in offered if k[0] not in asked]


def known_refusals(definition, facts, roles, kind: str, attrs: dict) -> list[str]:
    """What the protocol refuses for this kind (and pre-filled attributes) whatever is
    typed: a missing consent, a step or a role. Shown when the form opens."""
    report = engine.can_record(definition, facts, kind, attrs, actor_roles=roles)
    return [g.message.get(lang()) for g in report.unmet if g.kind in _KNOWN_BEFORE_TYPING]
