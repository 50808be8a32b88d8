"""Building blocks shared by the shipped protocols: role groups, guards, record rules.

Rules that come from the law or from seed 000 and hold whatever protocol a board runs
(the target's consent, the suspension paperwork, the No Blame follow-up, closing as
teasing and reopening) live here so both protocols apply them identically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from protocol.engine import (
    AttrValue,
    Deadline,
    Guard,
    GuardKind,
    RecordMatch,
    RecordRule,
    Scope,
    Transition,
)
from protocol.vocabulary import (
    CONSENT_REQUIRED,
    CONVERSATION_CONSENT_REQUIRED,
    Attr,
    ConsentFor,
    ConversationWith,
    DeadlineUnit,
    Flag,
    InterventionKind,
    Outcome,
    RecordKind,
    SanctionKind,
    StaffRole,
    Text,
)

R = StaffRole
K = RecordKind

# ---------------------------------------------------------------------------- role groups

#: First line: mentor and teacher run the conversations and interventions (seed 000 ch. 2).
FIRST_LINE = frozenset({R.MENTOR, R.TEACHER})
#: The branch coordinator follows every case; board roles may act wherever a coordinator
#: may (seed 000 §2.3: the board coordinator advises all branches; board management is
#: the third line).
COORDINATION = frozenset({R.COORDINATOR, R.BOARD_COORDINATOR, R.BOARD_MANAGEMENT})
#: Who moves a case through the ordinary steps: first line, the student counsellor
#: (second line, guides bully, target and class) and coordination.
CASE_WORKERS = FIRST_LINE | {R.STUDENT_COUNSELLOR} | COORDINATION
#: Suspension is a decision of the branch's management (the brief; seed 002 D.2
#: "deelschoolleider").
SUSPENDERS = frozenset({R.BRANCH_MANAGEMENT})
#: Removal, the hearing and the legal paperwork: branch or board management (seed 000
#: ch. 2: "algemene directie: hoor- en wederhoor, treffen van maatregelen").
MANAGEMENT = frozenset({R.BRANCH_MANAGEMENT, R.BOARD_MANAGEMENT})


# --------------------------------------------------------------------------------- guards


def rec(kind: str, attrs: Mapping[str, AttrValue] | None = None) -> RecordMatch:
    """Shorthand for ``RecordMatch.of``."""
    return RecordMatch.of(kind, attrs)


def needs(
    key: str, match: RecordMatch, nl: str, en: str, *, scope: Scope = "step", when_flag: str = ""
) -> Guard:
    """A record matching ``match`` must exist (in the current step unless ``scope="case"``)."""
    return Guard(key, GuardKind.RECORD, Text(nl, en), (match,), scope=scope, when_flag=when_flag)


def needs_any(
    key: str, matches: Iterable[RecordMatch], nl: str, en: str, *, scope: Scope = "step"
) -> Guard:
    """At least one record matching one of ``matches`` must exist."""
    return Guard(key, GuardKind.ANY_RECORD, Text(nl, en), tuple(matches), scope=scope)


def flag(key: str, name: str, nl: str, en: str) -> Guard:
    """The caller must report flag ``name`` as true (e.g. a term has passed)."""
    return Guard(key, GuardKind.FLAG, Text(nl, en), name=name)


def evaluated(outcome: Outcome) -> Guard:
    """An evaluation in this step concluded ``outcome``."""
    if outcome is Outcome.STOPPED:
        return needs(
            "evaluation_stopped",
            rec(K.EVALUATION, {Attr.OUTCOME: Outcome.STOPPED}),
            "Leg eerst een evaluatie vast waaruit blijkt dat het pesten gestopt is.",
            "First record an evaluation showing that the bullying has stopped.",
        )
    return needs(
        "evaluation_continues",
        rec(K.EVALUATION, {Attr.OUTCOME: Outcome.CONTINUES}),
        "Leg eerst een evaluatie vast waaruit blijkt dat het pesten doorgaat.",
        "First record an evaluation showing that the bullying goes on.",
    )


def reason_required() -> Guard:
    return Guard(
        "reason",
        GuardKind.PARAM,
        Text("Geef een reden op.", "Give a reason."),
        name=Attr.REASON,
    )


#: Seed 000 §5.1 step 4 and footnote 16: with criminal offences the police is informed and
#: this is recorded in the file. Case-wide, because it may have been done earlier.
POLICE_INFORMED = needs(
    "police_informed",
    rec(K.POLICE_INFORMED),
    "Er is sprake van strafbare feiten: leg vast dat de politie is geïnformeerd.",
    "A criminal offence is involved: record that the police has been informed.",
    scope="case",
    when_flag=Flag.CRIMINAL_OFFENCE,
)

_SUSPENSION = rec(K.SUSPENSION)

#: A suspension lasts at most five school days ("ten hoogste een week", Inrichtingsbesluit
#: WVO art. 13), is decided in writing with reasons and the way to object, and one longer
#: than a day is reported to the inspectorate. A step with suspensions cannot be left
#: while any of this is missing. Vacuous in steps without suspensions.
SUSPENSION_GUARDS = (
    Guard(
        "suspension_length",
        GuardKind.EACH_IN_RANGE,
        Text(
            "Een schorsing duurt ten hoogste vijf schooldagen.",
            "A suspension lasts at most five school days.",
        ),
        (_SUSPENSION,),
        attr=Attr.SCHOOL_DAYS,
        minimum=1,
        maximum=5,
    ),
    Guard(
        "suspension_letter",
        GuardKind.EACH_LINKED,
        Text(
            "Bij elke schorsing hoort een schriftelijk besluit aan leerling en ouders, "
            "met de redenen en hoe zij bezwaar kunnen maken.",
            "Every suspension needs a written decision to the student and parents, "
            "with the reasons and how to object.",
        ),
        (_SUSPENSION, rec(K.SUSPENSION_DECISION_LETTER)),
        link=Attr.SUSPENSION,
    ),
    Guard(
        "suspension_inspectorate",
        GuardKind.EACH_LINKED,
        Text(
            "Een schorsing van meer dan één dag moet aan de inspectie gemeld zijn.",
            "A suspension longer than one day must be reported to the inspectorate.",
        ),
        (_SUSPENSION, rec(K.INSPECTORATE_NOTIFIED)),
        link=Attr.SUSPENSION,
        attr=Attr.SCHOOL_DAYS,
        minimum=2,
    ),
)


# --------------------------------------------------------------------------- record rules

_CONSENT_TEXT = {
    ConsentFor.MEDIATION: ("mediation", "mediation"),
    ConsentFor.SUPPORT_GROUP: ("een gesprek met een steungroep", "a support group talk"),
    ConsentFor.CLASS_TALK: ("een gesprek met de klas", "a class talk"),
}


def consent_guard(subject: ConsentFor) -> Guard:
    nl, en = _CONSENT_TEXT[subject]
    return Guard(
        f"consent_{subject.value}",
        GuardKind.CONSENT,
        Text(
            f"Voor {nl} is eerst de toestemming van de gepeste leerling nodig.",
            f"{en[0].upper()}{en[1:]} needs the target's consent first.",
        ),
        name=subject,
    )


def consent_rules() -> tuple[RecordRule, ...]:
    """Seed 000 §5.1 step 1: mediation, support group and class talks only with consent."""
    rules = [
        RecordRule(rec(K.INTERVENTION, {Attr.KIND: kind}), (consent_guard(subject),))
        for kind, subject in CONSENT_REQUIRED.items()
    ]
    rules += [
        RecordRule(rec(kind, {Attr.WITH: partner}), (consent_guard(subject),))
        for partner, subject in CONVERSATION_CONSENT_REQUIRED.items()
        for kind in (K.CONVERSATION, K.FOLLOW_UP)
    ]
    return tuple(rules)


def suspension_rules(steps: Iterable[str]) -> tuple[RecordRule, ...]:
    """Who may suspend, where, for how long, and what the paperwork refers to."""
    refers = {
        K.SUSPENSION_DECISION_LETTER: ("Het besluit", "The decision"),
        K.INSPECTORATE_NOTIFIED: ("De melding", "The notification"),
    }
    return (
        RecordRule(
            _SUSPENSION,
            (
                Guard(
                    "suspension_days",
                    GuardKind.PROPOSAL_RANGE,
                    Text(
                        "Geef het aantal schooldagen op: ten minste één, ten hoogste vijf.",
                        "Give the number of school days: at least one, at most five.",
                    ),
                    attr=Attr.SCHOOL_DAYS,
                    minimum=1,
                    maximum=5,
                ),
            ),
            roles=SUSPENDERS,
            steps=frozenset(steps),
        ),
        *(
            RecordRule(
                rec(kind),
                (
                    Guard(
                        "refers_to_suspension",
                        GuardKind.PROPOSAL_REFERENCE,
                        Text(
                            f"{nl} moet verwijzen naar een vastgelegde schorsing.",
                            f"{en} must refer to a recorded suspension.",
                        ),
                        (_SUSPENSION,),
                        attr=Attr.SUSPENSION,
                    ),
                ),
                roles=MANAGEMENT,
            )
            for kind, (nl, en) in refers.items()
        ),
        # A suspension or removal recorded as a mere sanction would dodge the rules above.
        RecordRule(
            rec(K.SANCTION, {Attr.KIND: (SanctionKind.SUSPENSION, SanctionKind.REMOVAL)}),
            (
                Guard(
                    "use_suspension_record",
                    GuardKind.NEVER,
                    Text(
                        "Leg een schorsing of verwijdering vast als 'Schorsing' of "
                        "'Definitieve verwijdering', niet als sanctie.",
                        "Record a suspension or removal as 'Suspension' or 'Removal', "
                        "not as a sanction.",
                    ),
                ),
            ),
        ),
    )


# ------------------------------------------------------------------------------ deadlines

#: Bijlage 12: the follow-up talk with the target "over 8 tot 14 dagen", with the support
#: group members "over 10 tot 14 dagen". Counted in school days so holidays do not eat
#: the term: 14 calendar days is 10 school days, 8 about 6, 10 about 8.
NO_BLAME_DEADLINES = (
    Deadline(
        "no_blame_follow_up_target",
        Text("Nabespreking No Blame met de gepeste leerling", "No Blame follow-up with the target"),
        10,
        DeadlineUnit.SCHOOL_DAYS,
        R.MENTOR,
        completed_by=rec(K.FOLLOW_UP, {Attr.WITH: ConversationWith.TARGET}),
        starts_on=rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
        not_before=6,
    ),
    Deadline(
        "no_blame_follow_up_group",
        Text(
            "Nabespreking No Blame met de steungroepleden (apart)",
            "No Blame follow-up with each support group member",
        ),
        10,
        DeadlineUnit.SCHOOL_DAYS,
        R.MENTOR,
        completed_by=rec(K.FOLLOW_UP, {Attr.WITH: ConversationWith.GROUP}),
        starts_on=rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
        not_before=8,
    ),
)


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
        (reason_required(), *SUSPENSION_GUARDS, *extra),
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
    )


DOSSIER = Text(
    "Dossiervorming (in het dossier van zowel de gepeste leerling als de pester) en "
    "eventueel een individuele of groepsinterventie.",
    "Record it in the file (of both the target and the bully) and add individual or "
    "group interventions as needed.",
)

#: Closed cases accept only notes; the rest needs a reopen first.
TERMINAL_RECORD_KINDS = frozenset({K.NOTE})
