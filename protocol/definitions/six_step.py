"""The six-step protocol of seed 000 (Melanchthon): §5.1, Bijlage 9, §5.2 and footnote 16.

1 investigate -> 2 agreements -> 3 four weeks of monitoring -> 4 second talk ->
5 suspension -> 6 removal, each escalation only "if the bullying does not stop"; a
case closes when an evaluation shows it stopped, or as "teasing, not bullying".
"""

from __future__ import annotations

from dataclasses import replace

from protocol.definitions.common import (
    BULLY_NOT_HERE,
    CASE_WORKERS,
    COORDINATION,
    MANAGEMENT,
    OTHER_SCHOOL_CONTACTED,
    POLICE_INFORMED,
    RECORD_DEADLINES,
    SUSPENDERS,
    SUSPENSION_GUARDS,
    TERMINAL_RECORD_KINDS,
    close_as_teasing,
    consent_rules,
    evaluated,
    flag,
    needs,
    needs_any,
    no_blame_rules,
    not_flag,
    rec,
    referral_rules,
    reopen,
    sanction_rules,
    suspension_rules,
)
from protocol.definitions.six_step_steps import (
    AGREEMENTS,
    BULLY_TALK,
    CLOSED,
    CLOSED_TEASING,
    INVESTIGATE,
    KEY,
    MONITORING,
    OPEN_STEPS,
    REMOVAL,
    SECOND_TALK,
    STEPS,
    SUSPENSION,
)
from protocol.engine import Guard, ProtocolDefinition, RecordRule, Transition
from protocol.vocabulary import (
    Attr,
    ConversationWith,
    Flag,
    InformedParty,
    InterventionKind,
    Outcome,
    RecordKind,
    StaffRole,
    Text,
)
from protocol.vocabulary import TransitionOutcome as TO

K = RecordKind
W = ConversationWith

__all__ = [
    "AGREEMENTS",
    "BULLY_TALK",
    "CLOSED",
    "CLOSED_TEASING",
    "INVESTIGATE",
    "KEY",
    "MONITORING",
    "OPEN_STEPS",
    "RECORD_RULES",
    "REMOVAL",
    "SECOND_TALK",
    "SIX_STEP_V1",
    "STEPS",
    "SUSPENSION",
    "TRANSITIONS",
]

_IMPROVEMENT_ELAPSED = flag(
    "improvement_period_elapsed",
    Flag.IMPROVEMENT_PERIOD_ELAPSED,
    "De pester en de ouders krijgen na het tweede gesprek eerst twee weken de tijd.",
    "After the second talk the bully and parents first get two weeks.",
)
_SECOND_TALK_HELD = needs(
    "second_talk_held",
    BULLY_TALK,
    "Leg eerst het tweede gesprek met de pester en de ouders vast.",
    "First record the second talk with the bully and the bully's parents.",
)
_ADJUSTED_AGREEMENTS = needs(
    "agreements_adjusted",
    rec(K.AGREEMENT),
    "Leg de aangepaste afspraken voor de nieuwe controleronde vast (§5.4: maatregelen "
    "aanpassen).",
    "Record the adjusted agreements for the new monitoring round (5.4: adjust the measures).",
)
_BULLY_HERE = not_flag(
    "bully_at_this_school",
    Flag.BULLY_UNKNOWN,
    "Het tweede gesprek is met de pester en diens ouders: voeg de pester eerst toe bij de "
    "betrokkenen. Zolang de pester onbekend is, volgt een nieuwe controleronde.",
    "The second talk is with the bully and the bully's parents: first add the bully to the "
    "people involved. While the bully is unknown, another monitoring round follows.",
)
_BULLY_NOT_ELSEWHERE = not_flag(
    "bully_not_elsewhere",
    Flag.BULLY_ELSEWHERE,
    "De pester zit op een andere school: de stappen 4 tot en met 6 zijn aan die school; "
    "houd contact met die school en start zo nodig een nieuwe controleronde.",
    "The bully attends another school: steps 4 to 6 are that school's; keep in touch with "
    "it and start another monitoring round where needed.",
)
_TWO_WEEKS_MONITORED = flag(
    "monitored_two_weeks",
    Flag.MONITORED_TWO_WEEKS,
    "Het tweede gesprek volgt 'na twee weken' (§5.1 stap 4): controleer eerst twee "
    "schoolweken.",
    "The second talk comes 'after two weeks' (5.1 step 4): monitor two school weeks first.",
)
_MONITORING_ELAPSED = flag(
    "monitoring_period_elapsed",
    Flag.MONITORING_PERIOD_ELAPSED,
    "De afspraken worden eerst vier weken gecontroleerd.",
    "The agreements are monitored for four weeks first.",
)


def _unless_bully_not_here(guard: Guard) -> Guard:
    """No talk with the bully or the bully's parents can be demanded while the bully is
    unknown or at another school (issue 12.2)."""
    return replace(guard, unless=BULLY_NOT_HERE)


_HELP_ENGAGED = needs(
    "help_engaged",
    rec(K.INTERVENTION, {Attr.KIND: InterventionKind.REFERRAL}),
    "Leg vast welke hulpverlening is ingezet.",
    "Record which help services have been engaged.",
)

TRANSITIONS = (
    Transition(
        "record_agreements",
        (INVESTIGATE,),
        AGREEMENTS,
        Text("Naar stap 2: afspraken vastleggen", "To step 2: record agreements"),
        CASE_WORKERS,
        (
            needs_any(
                "talked_with_target",
                (rec(K.CONVERSATION, {Attr.WITH: (W.TARGET, W.TARGET_AND_PARENTS)}),),
                "Leg eerst het gesprek met de gepeste leerling vast.",
                "First record the talk with the target.",
            ),
            _unless_bully_not_here(
                needs_any(
                    "talked_with_bully",
                    (rec(K.CONVERSATION, {Attr.WITH: (W.BULLY, W.BULLY_AND_PARENTS)}),),
                    "Leg eerst het (waarschuwende) gesprek met de pester vast.",
                    "First record the (warning) talk with the bully.",
                )
            ),
            OTHER_SCHOOL_CONTACTED,
        ),
        outcome=TO.ADVANCED,
    ),
    Transition(
        "start_monitoring",
        (AGREEMENTS,),
        MONITORING,
        Text("Naar stap 3: vier weken controleren", "To step 3: four weeks of monitoring"),
        CASE_WORKERS,
        (
            needs(
                "agreements_recorded",
                rec(K.AGREEMENT),
                "Leg de afspraken schriftelijk vast.",
                "Put the agreements in writing.",
            ),
            needs(
                "head_of_department_informed",
                rec(K.HEAD_OF_DEPARTMENT_INFORMED),
                "Leg vast dat het afdelingshoofd op de hoogte is gesteld.",
                "Record that the head of department has been informed.",
            ),
            needs(
                "target_parents_informed",
                rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.TARGET_PARENTS}),
                "Informeer de ouders van de gepeste leerling en leg dat vast.",
                "Inform the target's parents and record it.",
            ),
            _unless_bully_not_here(
                needs(
                    "bully_parents_informed",
                    rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.BULLY_PARENTS}),
                    "Informeer de ouders van de pester en leg dat vast.",
                    "Inform the bully's parents and record it.",
                )
            ),
        ),
        outcome=TO.ADVANCED,
    ),
    Transition(
        "to_second_talk",
        (MONITORING,),
        SECOND_TALK,
        Text("Naar stap 4: pesten niet gestopt", "To step 4: bullying has not stopped"),
        CASE_WORKERS,
        (
            evaluated(Outcome.CONTINUES),
            _TWO_WEEKS_MONITORED,
            _BULLY_HERE,
            _BULLY_NOT_ELSEWHERE,
        ),
        outcome=TO.ESCALATED,
    ),
    # §5.4: "een cyclisch proces van maatregelen-registratie-toezicht-evaluatie-aanpassen
    # van maatregelen": adjusted agreements start another four weeks (also the path while
    # the bully is unknown or at another school).
    Transition(
        "another_monitoring_round",
        (MONITORING,),
        MONITORING,
        Text(
            "Nieuwe controleronde met aangepaste afspraken",
            "Another monitoring round with adjusted agreements",
        ),
        CASE_WORKERS,
        (evaluated(Outcome.CONTINUES), _ADJUSTED_AGREEMENTS),
        outcome=TO.NEW_ROUND,
    ),
    Transition(
        "close_after_monitoring",
        (MONITORING,),
        CLOSED,
        Text("Afsluiten: pesten gestopt", "Close: bullying stopped"),
        COORDINATION,
        (
            _MONITORING_ELAPSED,
            evaluated(Outcome.STOPPED, after=Flag.MONITORING_PERIOD_ELAPSED),
            POLICE_INFORMED,
        ),
        outcome=TO.STOPPED,
    ),
    Transition(
        "suspend",
        (SECOND_TALK,),
        SUSPENSION,
        Text("Naar stap 5: schorsing", "To step 5: suspension"),
        SUSPENDERS,
        (
            _SECOND_TALK_HELD,
            _IMPROVEMENT_ELAPSED,
            evaluated(Outcome.CONTINUES, after=Flag.IMPROVEMENT_PERIOD_ELAPSED),
            POLICE_INFORMED,
        ),
        outcome=TO.ESCALATED,
    ),
    Transition(
        "close_after_second_talk",
        (SECOND_TALK,),
        CLOSED,
        Text("Afsluiten: pesten gestopt", "Close: bullying stopped"),
        COORDINATION,
        (
            _SECOND_TALK_HELD,
            _IMPROVEMENT_ELAPSED,
            evaluated(Outcome.STOPPED, after=Flag.IMPROVEMENT_PERIOD_ELAPSED),
            POLICE_INFORMED,
        ),
        outcome=TO.STOPPED,
    ),
    # §5.4, the cyclic approach: after the second talk, adjusted agreements and another
    # four weeks of monitoring instead of escalating (issue 12.12).
    Transition(
        "back_to_monitoring",
        (SECOND_TALK,),
        MONITORING,
        Text(
            "Terug naar stap 3: nieuwe controleronde (§5.4)",
            "Back to step 3: another monitoring round (5.4)",
        ),
        CASE_WORKERS,
        (_SECOND_TALK_HELD, _ADJUSTED_AGREEMENTS, *SUSPENSION_GUARDS),
        outcome=TO.NEW_ROUND,
    ),
    Transition(
        "remove",
        (SUSPENSION,),
        REMOVAL,
        Text("Naar stap 6: definitieve verwijdering", "To step 6: removal"),
        MANAGEMENT,
        (evaluated(Outcome.CONTINUES), _HELP_ENGAGED, *SUSPENSION_GUARDS, POLICE_INFORMED),
        outcome=TO.ESCALATED,
    ),
    Transition(
        "close_after_suspension",
        (SUSPENSION,),
        CLOSED,
        Text("Afsluiten: pesten gestopt", "Close: bullying stopped"),
        COORDINATION | SUSPENDERS,
        (evaluated(Outcome.STOPPED), _HELP_ENGAGED, *SUSPENSION_GUARDS, POLICE_INFORMED),
        outcome=TO.STOPPED,
    ),
    Transition(
        "complete_removal",
        (REMOVAL,),
        CLOSED,
        Text("Afsluiten: verwijdering afgerond", "Close: removal completed"),
        MANAGEMENT,
        (
            needs(
                "removal_recorded",
                rec(K.REMOVAL),
                "Leg het verwijderingsbesluit vast (na hoor en wederhoor).",
                "Record the removal decision (after hearing both sides).",
            ),
            needs(
                "removal_letter",
                rec(K.REMOVAL_DECISION_LETTER),
                "Leg het schriftelijke verwijderingsbesluit aan leerling en ouders vast, met "
                "de redenen en hoe zij bezwaar kunnen maken.",
                "Record the written removal decision to student and parents, with the reasons "
                "and how to object.",
            ),
            needs(
                "duty_of_care_ended",
                rec(K.DUTY_OF_CARE_ENDED),
                "De zorgplicht loopt tot een andere school de leerling heeft ingeschreven.",
                "The duty of care lasts until another school has enrolled the student.",
            ),
            POLICE_INFORMED,
        ),
        outcome=TO.REMOVAL_COMPLETED,
    ),
    # A reported criminal offence is not "teasing", but if it is closed so anyway the
    # police must still have been informed (footnote 16).
    close_as_teasing(OPEN_STEPS, CLOSED_TEASING),
    reopen((CLOSED, CLOSED_TEASING), INVESTIGATE),
)

RECORD_RULES = (
    *consent_rules(),
    *suspension_rules((SUSPENSION,)),
    *referral_rules(),
    *no_blame_rules(),
    # §5.1 step 4 "Eventueel worden er strafmaatregelen genomen" and §5.2 "Wanneer een
    # situatie niet verbetert": sanctions from step 4 on, never without a group approach.
    *sanction_rules((SECOND_TALK, SUSPENSION, REMOVAL), group_approach=True),
    RecordRule(
        rec(K.REMOVAL_DECISION_LETTER),
        (
            needs(
                "removal_decided",
                rec(K.REMOVAL),
                "Het besluit volgt op een vastgelegde verwijdering.",
                "The decision letter follows a recorded removal.",
            ),
        ),
        roles=MANAGEMENT,
        steps=frozenset({REMOVAL}),
    ),
    RecordRule(rec(K.HEARING), roles=MANAGEMENT, steps=frozenset({REMOVAL})),
    RecordRule(
        rec(K.REMOVAL),
        (
            needs(
                "hearing_held",
                rec(K.HEARING),
                "Verwijderen kan pas na hoor en wederhoor; leg de hoorzitting eerst vast.",
                "Removal only after hearing both sides; record the hearing first.",
            ),
        ),
        roles=MANAGEMENT,
        steps=frozenset({REMOVAL}),
    ),
    RecordRule(
        rec(K.DUTY_OF_CARE_ENDED),
        (
            needs(
                "removal_decided",
                rec(K.REMOVAL),
                "De zorgplicht eindigt pas na een verwijderingsbesluit.",
                "The duty of care can only end after a removal decision.",
            ),
        ),
        roles=MANAGEMENT | {StaffRole.COORDINATOR, StaffRole.CARE_COORDINATOR},
        steps=frozenset({REMOVAL}),
    ),
)

SIX_STEP_V1 = ProtocolDefinition(
    key=KEY,
    version=1,
    name=Text("Stappenplan na melding of signaal van pesten", "Six-step plan after a report"),
    source=Text(
        "Anti-pestbeleid Melanchthon, §5.1 en Bijlage 9", "Melanchthon policy, 5.1 and appendix 9"
    ),
    steps=STEPS,
    transitions=TRANSITIONS,
    initial_step=INVESTIGATE,
    terminal_steps=frozenset({CLOSED, CLOSED_TEASING}),
    record_kinds=frozenset(RecordKind) - {K.ROUTE_CHOSEN, K.PARENTS_DECISION},
    record_rules=RECORD_RULES,
    record_deadlines=RECORD_DEADLINES,
    terminal_record_kinds=TERMINAL_RECORD_KINDS,
)
