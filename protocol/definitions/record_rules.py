"""Record rules and record-started terms shared by the shipped protocols: consent before
mediation, the suspension paperwork, external help, No Blame, sanctions, the
non-contract's evaluation. Re-exported by ``common``.
"""

from __future__ import annotations

from collections.abc import Iterable

from protocol.definitions.guards import (
    MANAGEMENT,
    SUSPENDERS,
    SUSPENSION_RECORD,
    needs,
    needs_any,
    rec,
)
from protocol.engine import (
    Deadline,
    Guard,
    GuardKind,
    RecordRule,
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
    RecordKind,
    SanctionKind,
    StaffRole,
    Text,
)

R = StaffRole
K = RecordKind

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
            SUSPENSION_RECORD,
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
                        (SUSPENSION_RECORD,),
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
