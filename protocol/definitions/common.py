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
    TransitionOutcome,
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


def evaluated(outcome: Outcome, *, after: str = "") -> Guard:
    """The latest evaluation in this step concluded ``outcome``: an earlier "stopped"
    does not close a case the latest evaluation says goes on (issue 12.1). With
    ``after`` (a term flag) that evaluation must also have been made once the term ran."""
    stopped = outcome is Outcome.STOPPED
    if after:
        nl = (
            "Leg na afloop van de termijn een evaluatie vast waaruit blijkt dat het pesten "
            + ("gestopt is." if stopped else "doorgaat.")
        )
        en = "After the term has run, record an evaluation showing that the bullying " + (
            "has stopped." if stopped else "goes on."
        )
    else:
        nl = "De laatste evaluatie moet laten zien dat het pesten " + (
            "gestopt is." if stopped else "doorgaat."
        )
        en = "The latest evaluation must show that the bullying " + (
            "has stopped." if stopped else "goes on."
        )
    return Guard(
        "evaluation_stopped" if stopped else "evaluation_continues",
        GuardKind.LATEST,
        Text(nl, en),
        (rec(K.EVALUATION), rec(K.EVALUATION, {Attr.OUTCOME: outcome})),
        name=after,
    )


def not_flag(key: str, name: str, nl: str, en: str) -> Guard:
    """The caller flag ``name`` must not be true."""
    return Guard(key, GuardKind.NOT_FLAG, Text(nl, en), name=name)


#: The bully is not a student of this school: no talk with the bully or the bully's
#: parents can be demanded (issue 12.2; seed 002 "de dader is onbekend" / "op een andere
#: school").
BULLY_NOT_HERE = (Flag.BULLY_UNKNOWN.value, Flag.BULLY_ELSEWHERE.value)

OTHER_SCHOOL_CONTACTED = needs(
    "other_school_contacted",
    rec(K.OTHER_SCHOOL_CONTACTED),
    "De pester zit op een andere school: leg het contact met die school vast (in overleg "
    "met de teamleider).",
    "The bully attends another school: record the contact with that school (in "
    "consultation with the team leader).",
    scope="case",
    when_flag=Flag.BULLY_ELSEWHERE,
)

BULLY_IDENTIFIED = not_flag(
    "bully_identified",
    Flag.BULLY_UNKNOWN,
    "De pester is nog onbekend: voeg eerst de pester toe bij de betrokkenen (met naam, of "
    "met de andere school).",
    "The bully is still unknown: first add the bully to the people involved (by name, or "
    "with the other school).",
)


def reason_required() -> Guard:
    return Guard(
        "reason",
        GuardKind.PARAM,
        Text("Geef een reden op.", "Give a reason."),
        name=Attr.REASON,
    )


#: Seed 000 §5.1 step 4 and footnote 16: with criminal offences the police is informed and
#: this is recorded in the file. Case-wide, because it may have been done earlier. Every
#: way out of such a case needs it, or a recorded reason why not (issue 12.4: footnote 16
#: leaves the report to the parents, so a school may have reason not to).
POLICE_INFORMED = Guard(
    "police_informed",
    GuardKind.ANY_RECORD,
    Text(
        "Er is sprake van strafbare feiten: leg vast dat de politie is geïnformeerd, of "
        "waarom niet.",
        "A criminal offence is involved: record that the police has been informed, or why not.",
    ),
    (rec(K.POLICE_INFORMED), rec(K.POLICE_NOT_INFORMED)),
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
#: the term: 14 calendar days is 10 school days, 8 about 6, 10 about 8. A follow-up talk
#: before the minimum is refused (``earliest_flag``); the group's talk is one talk per
#: member, "apart", so the term is done only when each member had theirs (``done_flag``).
NO_BLAME_FOLLOW_UP_TARGET = rec(
    K.FOLLOW_UP, {Attr.WITH: ConversationWith.TARGET, Attr.NO_BLAME: True}
)
NO_BLAME_FOLLOW_UP_MEMBER = rec(
    K.FOLLOW_UP, {Attr.WITH: ConversationWith.GROUP, Attr.NO_BLAME: True}
)
NO_BLAME_DEADLINES = (
    Deadline(
        "no_blame_follow_up_target",
        Text("Nabespreking No Blame met de gepeste leerling", "No Blame follow-up with the target"),
        10,
        DeadlineUnit.SCHOOL_DAYS,
        R.MENTOR,
        completed_by=NO_BLAME_FOLLOW_UP_TARGET,
        starts_on=rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
        not_before=6,
        earliest_flag=Flag.NO_BLAME_TARGET_EARLIEST,
        quote=Text(
            "Bijlage 12: 'Aan het eind van het gesprek maak je een afspraak over de "
            "nabespreking over 8 tot 14 dagen.'",
            "Appendix 12: the follow-up talk with the target 'in 8 to 14 days'.",
        ),
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
        completed_by=NO_BLAME_FOLLOW_UP_MEMBER,
        starts_on=rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
        not_before=8,
        earliest_flag=Flag.NO_BLAME_GROUP_EARLIEST,
        done_flag=Flag.NO_BLAME_GROUP_FOLLOWED,
        quote=Text(
            "Bijlage 12: 'Over 10 tot 14 dagen wil ik graag nog eens met jullie praten' — "
            "'Met ieder lid van de steun groep voer je een apart gesprek.'",
            "Appendix 12: 'in 10 to 14 days' — a separate talk with each support group member.",
        ),
    ),
)

#: Bijlage 14: a non-contract names its own evaluation date ("Met wie evalueer ik dat en
#: wanneer?"); that date becomes a follow-up.
NON_CONTRACT_DEADLINE = Deadline(
    "non_contract_evaluation",
    Text("Evaluatie van het non-contract", "Evaluation of the non-contract"),
    10,
    DeadlineUnit.SCHOOL_DAYS,
    R.MENTOR,
    completed_by=rec(K.NON_CONTRACT_EVALUATED),
    starts_on=rec(K.NON_CONTRACT),
    due_attr=Attr.EVALUATION_ON,
    quote=Text(
        "Bijlage 14: 'Hoe weet ik dat ik bereik wat ik bereiken wil? Met wie evalueer ik dat "
        "en wanneer?'",
        "Appendix 14: 'How do I know I achieve what I want? With whom do I evaluate it, and when?'",
    ),
)

RECORD_DEADLINES = (*NO_BLAME_DEADLINES, NON_CONTRACT_DEADLINE)

#: Interventions that work through the group (seed 000 §5.2 "groepsaanpak").
GROUP_APPROACH = (
    rec(
        K.INTERVENTION,
        {
            Attr.KIND: (
                InterventionKind.NO_BLAME,
                InterventionKind.SUPPORT_GROUP,
                InterventionKind.CLASS_TALK,
                InterventionKind.CLASS_LESSON,
            )
        },
    ),
    rec(K.CONVERSATION, {Attr.WITH: (ConversationWith.GROUP, ConversationWith.CLASS)}),
)


def no_blame_rules() -> tuple[RecordRule, ...]:
    """Bijlage 12: group size and make-up, and follow-up talks only after a No Blame."""
    return (
        RecordRule(
            rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
            (
                Guard(
                    "support_group_size",
                    GuardKind.ANY_OF,
                    Text(
                        "De steungroep telt volgens Bijlage 12 6 tot 8 leerlingen, de helft "
                        "pesters en meelopers, de helft anderen. Zet de steungroep zo samen "
                        "(betrokkenen met de rol 'Lid van de steungroep'), of geef een reden "
                        "om met deze groep verder te gaan.",
                        "Appendix 12: the support group has 6 to 8 students, half bullies and "
                        "followers, half others. Compose it so (people involved with the role "
                        "'Support group member'), or give a reason to go on with this group.",
                    ),
                    alternatives=(
                        Guard("as_seed", GuardKind.FLAG, Text("", ""), name=Flag.SUPPORT_GROUP_AS_SEED),
                        Guard("reason", GuardKind.PROPOSAL_TEXT, Text("", ""), attr=Attr.GROUP_REASON),
                    ),
                ),
            ),
        ),
        RecordRule(
            rec(K.FOLLOW_UP, {Attr.NO_BLAME: True}),
            (
                needs(
                    "no_blame_held",
                    rec(K.INTERVENTION, {Attr.KIND: InterventionKind.NO_BLAME}),
                    "Een nabespreking No Blame volgt op een No Blame-aanpak; leg die eerst vast.",
                    "A No Blame follow-up follows a No Blame approach; record that first.",
                    scope="case",
                ),
            ),
        ),
    )


def referral_rules() -> tuple[RecordRule, ...]:
    """Seed 000 Bijlage 5: external specialists 'pas na schriftelijke toestemming van
    ouders / wettelijk voogden'."""
    return (
        RecordRule(
            rec(K.INTERVENTION, {Attr.KIND: InterventionKind.REFERRAL}),
            (
                Guard(
                    "consent_referral",
                    GuardKind.CONSENT,
                    Text(
                        "Externe hulp kan pas na schriftelijke toestemming van de ouders of "
                        "verzorgers (Bijlage 5); leg die toestemming eerst vast.",
                        "External help needs the parents' written consent first (appendix 5); "
                        "record it first.",
                    ),
                    name=ConsentFor.REFERRAL,
                ),
            ),
        ),
        RecordRule(
            rec(K.CONSENT, {Attr.FOR: ConsentFor.REFERRAL, Attr.GIVEN: True}),
            (
                Guard(
                    "consent_in_writing",
                    GuardKind.PROPOSAL_MATCH,
                    Text(
                        "Alleen schriftelijke toestemming van de ouders telt (Bijlage 5).",
                        "Only the parents' written consent counts (appendix 5).",
                    ),
                    (rec(K.CONSENT, {Attr.WRITTEN: True}),),
                ),
            ),
        ),
    )


def sanction_rules(steps: Iterable[str], *, group_approach: bool) -> tuple[RecordRule, ...]:
    """Where sanctions may be recorded; with ``group_approach`` (seed 000 §5.2) a sanction
    or suspension "staat nooit op zichzelf": the case needs a group approach first."""
    guards: tuple[Guard, ...] = ()
    if group_approach:
        guards = (
            needs_any(
                "group_approach",
                GROUP_APPROACH,
                "Een sanctie staat nooit op zichzelf (§5.2): leg eerst een groepsaanpak vast "
                "(No Blame, steungroep, klassengesprek of het thema in de klas).",
                "A sanction never stands alone (5.2): first record a group approach (No "
                "Blame, support group, class talk or the theme in class).",
                scope="case",
            ),
        )
    rules = [RecordRule(rec(K.SANCTION), guards, steps=frozenset(steps))]
    if group_approach:
        rules.append(RecordRule(rec(K.SUSPENSION), guards))
    return tuple(rules)


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

#: Closed cases accept only notes; the rest needs a reopen first.
TERMINAL_RECORD_KINDS = frozenset({K.NOTE})
