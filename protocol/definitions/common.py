"""Building blocks shared by the shipped protocols: role groups, guards, record rules.

Rules that come from the law or from seed 000 and hold whatever protocol a board runs
(the target's consent, the suspension paperwork, the No Blame follow-up, closing as
teasing and reopening) are shared so both protocols apply them identically. The role
groups and guards are in ``guards``, the record rules and terms in ``record_rules``, the
shared transitions here; the protocols import all of them from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from protocol.definitions.guards import (
    BULLY_IDENTIFIED,
    BULLY_NOT_HERE,
    CASE_WORKERS,
    COORDINATION,
    FIRST_LINE,
    MANAGEMENT,
    OTHER_SCHOOL_CONTACTED,
    POLICE_INFORMED,
    SUSPENDERS,
    SUSPENSION_GUARDS,
    SUSPENSION_RECORD,
    evaluated,
    flag,
    needs,
    needs_any,
    not_flag,
    reason_required,
    rec,
)
from protocol.definitions.record_rules import (
    GROUP_APPROACH,
    NO_BLAME_DEADLINES,
    NO_BLAME_FOLLOW_UP_MEMBER,
    NO_BLAME_FOLLOW_UP_TARGET,
    NON_CONTRACT_DEADLINE,
    RECORD_DEADLINES,
    consent_guard,
    consent_rules,
    no_blame_rules,
    referral_rules,
    sanction_rules,
    suspension_rules,
)
from protocol.engine import Guard, Transition
from protocol.vocabulary import RecordKind, Text, TransitionOutcome

K = RecordKind

__all__ = [
    "CLOSED_FOR_PARENTS",
    "BULLY_IDENTIFIED",
    "BULLY_NOT_HERE",
    "CASE_WORKERS",
    "COORDINATION",
    "DOSSIER",
    "FIRST_LINE",
    "GROUP_APPROACH",
    "MANAGEMENT",
    "NON_CONTRACT_DEADLINE",
    "NO_BLAME_DEADLINES",
    "NO_BLAME_FOLLOW_UP_MEMBER",
    "NO_BLAME_FOLLOW_UP_TARGET",
    "OTHER_SCHOOL_CONTACTED",
    "POLICE_INFORMED",
    "RECORD_DEADLINES",
    "SUSPENDERS",
    "SUSPENSION_GUARDS",
    "SUSPENSION_RECORD",
    "TERMINAL_RECORD_KINDS",
    "close_as_teasing",
    "close_unfounded",
    "consent_guard",
    "consent_rules",
    "evaluated",
    "flag",
    "needs",
    "needs_any",
    "no_blame_rules",
    "not_flag",
    "reason_required",
    "rec",
    "referral_rules",
    "reopen",
    "sanction_rules",
    "suspension_rules",
]


# ---------------------------------------------------------------------------- transitions


def close_as_teasing(
    open_steps: Iterable[str], target: str, extra: Iterable[Guard] = ()
) -> Transition:
    """Seed 000 §1.1-1.2 and Bijlage 2: it turned out to be teasing, not bullying.

    Coordination decides, with a reason: the line between teasing and bullying is thin
    and is crossed as soon as someone experiences it as unwanted (§1.2), so the first
    line does not close a report on its own judgement.
    """
    return Transition(
        "close_as_teasing",
        tuple(open_steps),
        target,
        Text("Afsluiten: plagen, geen pesten", "Close: teasing, not bullying"),
        COORDINATION,
        (reason_required(), *SUSPENSION_GUARDS, POLICE_INFORMED, *extra),
        outcome=TransitionOutcome.TEASING,
    )


def close_unfounded(open_steps: Iterable[str], target: str) -> Transition:
    """Seed 002 step 3 "Wanneer het vermoeden klopt": when it does not, the suspicion was
    unfounded. Its own exit with a reason, distinct from teasing (issue 12.2)."""
    return Transition(
        "close_unfounded",
        tuple(open_steps),
        target,
        Text("Afsluiten: vermoeden niet bevestigd", "Close: suspicion not confirmed"),
        COORDINATION,
        (reason_required(), POLICE_INFORMED),
        outcome=TransitionOutcome.UNFOUNDED,
    )


def reopen(terminal_steps: Iterable[str], target: str) -> Transition:
    """A closed case starts over at the first step when the bullying comes back."""
    return Transition(
        "reopen",
        tuple(terminal_steps),
        target,
        Text("Zaak heropenen", "Reopen the case"),
        COORDINATION,
        (reason_required(),),
        reopens=True,
        outcome=TransitionOutcome.REOPENED,
    )


DOSSIER = Text(
    "Dossiervorming (in het dossier van zowel de gepeste leerling als de pester) en "
    "eventueel een individuele of groepsinterventie.",
    "Record it in the file (of both the target and the bully) and add individual or "
    "group interventions as needed.",
)

#: The status page's words for parents in any closed step.
CLOSED_FOR_PARENTS = Text("De school heeft de zaak afgesloten.", "The school has closed the case.")

#: Closed cases accept only notes; the rest needs a reopen first.
TERMINAL_RECORD_KINDS = frozenset({K.NOTE})
