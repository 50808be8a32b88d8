"""The routes protocol of seed 002 (OVO Fryslan-Noord), chapters 2-4.

Step 1 suspicion -> step 2 inform the target's parents -> step 3 choose route A, B or
C with the student -> if the bullying goes on, step 4: route D (bully known) or E
(bully unknown) -> closed. A route closes when an evaluation shows the bullying
stopped and the student has been followed up.
"""

from __future__ import annotations

from dataclasses import replace

from protocol.definitions.common import (
    BULLY_IDENTIFIED,
    BULLY_NOT_HERE,
    CASE_WORKERS,
    COORDINATION,
    POLICE_INFORMED,
    RECORD_DEADLINES,
    SUSPENSION_GUARDS,
    TERMINAL_RECORD_KINDS,
    close_as_teasing,
    close_unfounded,
    consent_rules,
    evaluated,
    flag,
    needs,
    needs_any,
    no_blame_rules,
    rec,
    referral_rules,
    reopen,
    sanction_rules,
    suspension_rules,
)
from protocol.definitions.routes_steps import (
    CHOOSE_ROUTE,
    CLOSED,
    CLOSED_TEASING,
    CLOSED_UNFOUNDED,
    KEY,
    OPEN_STEPS,
    PARENTS,
    ROUTE_A,
    ROUTE_B,
    ROUTE_C,
    ROUTE_D,
    ROUTE_E,
    ROUTE_STEPS,
    STEPS,
    SUSPICION,
)
from protocol.engine import (
    Guard,
    GuardKind,
    ProtocolDefinition,
    RecordMatch,
    RecordRule,
    Transition,
)
from protocol.vocabulary import (
    Attr,
    ConversationWith,
    Flag,
    InformedParty,
    InterventionKind,
    Outcome,
    RecordKind,
    Route,
    Text,
)
from protocol.vocabulary import TransitionOutcome as TO

K = RecordKind
W = ConversationWith

__all__ = ["KEY", "OPEN_STEPS", "ROUTES_V1", "STEPS", "TRANSITIONS"]


def _t(nl: str, en: str) -> Text:
    return Text(nl, en)


def _informed(kind: str, key: str, nl: str, en: str, *, scope: str = "step") -> Guard:
    return needs(key, rec(kind), nl, en, scope=scope)  # type: ignore[arg-type]


_NOTE = needs("note", rec(K.NOTE), "Maak een notitie in het dossier.", "Make a note in the file.")
_TARGET_PARENTS = needs(
    "target_parents_informed",
    rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.TARGET_PARENTS}),
    "Leg vast dat de ouders van het slachtoffer zijn geïnformeerd.",
    "Record that the target's parents have been informed.",
)
#: B.2 and E.3 "De mentor meldt de gebeurtenis bij de ouders, ...": the target's parents
#: were informed at step 2 and are not asked for again (case-wide); the bully's parents
#: hear it now, when the bully is a student of this school (issue 12.5).
_TARGET_PARENTS_ONCE = needs(
    "target_parents_informed",
    rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.TARGET_PARENTS}),
    "Leg vast dat de ouders van het slachtoffer zijn geïnformeerd.",
    "Record that the target's parents have been informed.",
    scope="case",
)
_BULLY_PARENTS = replace(
    needs(
        "bully_parents_informed",
        rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.BULLY_PARENTS}),
        "Leg vast dat de ouders van de dader zijn ingelicht over de gebeurtenis.",
        "Record that the bully's parents have been told of the event.",
    ),
    unless=BULLY_NOT_HERE,
)
_TEAM_LEADER = _informed(
    K.HEAD_OF_DEPARTMENT_INFORMED,
    "team_leader_informed",
    "Leg vast dat de teamleider is ingelicht.",
    "Record that the team leader has been informed.",
)
_REPORTED = (
    _TARGET_PARENTS_ONCE,
    _TEAM_LEADER,
    # Involved from step 1 (chapter 1: "Vanaf stap 1 ... wordt de anti-pestcoördinator bij
    # de situatie betrokken"): that record counts here too.
    _informed(
        K.COORDINATOR_INFORMED,
        "coordinator_informed",
        "Leg vast dat de anti-pestcoördinator is ingelicht.",
        "Record that the anti-bullying coordinator has been informed.",
        scope="case",
    ),
    _informed(
        K.CARE_COORDINATOR_INFORMED,
        "care_coordinator_informed",
        "Leg vast dat de intern begeleider / zorgfunctionaris is ingelicht.",
        "Record that the care coordinator has been informed.",
    ),
)
_OTHER_SCHOOL_CONTACT = rec(K.OTHER_SCHOOL_CONTACTED)
#: Seed 002 step 3 route C: "Overleg dan met de leerling of het verstandig is om de ouders
#: te vertellen wat er aan de hand is": first that decision (issue 12.5).
_PARENTS_DECIDED = needs(
    "parents_decision",
    rec(K.PARENTS_DECISION),
    "Besluit eerst samen met de leerling of de ouders worden verteld wat er aan de hand is, "
    "en leg dat besluit vast.",
    "First decide with the student whether the parents are told what is going on, and "
    "record that decision.",
)


def _conv(*partners: W) -> RecordMatch:
    return rec(K.CONVERSATION, {Attr.WITH: tuple(partners)})


#: What each route must have done before it is closed or escalated (chapter 4).
ROUTE_DONE: dict[str, tuple[Guard, ...]] = {
    ROUTE_A: (
        needs(
            "class_lesson",
            rec(K.INTERVENTION, {Attr.KIND: InterventionKind.CLASS_LESSON}),
            "Leg vast dat het thema pesten in de klas is behandeld.",
            "Record that bullying was treated as a theme in class.",
        ),
        _TARGET_PARENTS,
    ),
    ROUTE_B: (
        needs_any(
            "mediation_held",
            (rec(K.INTERVENTION, {Attr.KIND: InterventionKind.MEDIATION}), _OTHER_SCHOOL_CONTACT),
            "Leg het bemiddelingsgesprek met dader en slachtoffer vast (of het contact met de "
            "andere school van de dader).",
            "Record the mediation talk with bully and target (or the contact with the bully's "
            "other school).",
        ),
        *_REPORTED,
        _BULLY_PARENTS,
        needs_any(
            "agreements_noted",
            (rec(K.AGREEMENT), _OTHER_SCHOOL_CONTACT),
            "Noteer de gemaakte afspraken in het dossier.",
            "Note the agreements made in the file.",
        ),
        _NOTE,
    ),
    ROUTE_C: (
        needs_any(
            "talked_with_target",
            (_conv(W.TARGET, W.TARGET_AND_PARENTS),),
            "Leg het gesprek met de leerling vast.",
            "Record the talk with the student.",
        ),
        _PARENTS_DECIDED,
        Guard(
            "parents_informed_as_decided",
            GuardKind.ANY_OF,
            _t(
                "Er is besloten de ouders te informeren: leg vast dat dat is gebeurd.",
                "It was decided to inform the parents: record that it was done.",
            ),
            alternatives=(
                Guard(
                    "decided_not_to",
                    GuardKind.LATEST,
                    _t("", ""),
                    (rec(K.PARENTS_DECISION), rec(K.PARENTS_DECISION, {Attr.INFORM: False})),
                ),
                _TARGET_PARENTS,
            ),
        ),
        _NOTE,
    ),
    ROUTE_D: (
        _TEAM_LEADER,
        needs_any(
            "talked_with_bully_and_parents",
            (_conv(W.BULLY_AND_PARENTS), _OTHER_SCHOOL_CONTACT),
            "Leg het gesprek met de dader en de ouders vast (of het contact met de andere school).",
            "Record the talk with the bully and the parents (or the contact with the other school).",
        ),
        _TARGET_PARENTS,
        _NOTE,
    ),
    ROUTE_E: (
        needs(
            "talked_with_target_and_parents",
            _conv(W.TARGET_AND_PARENTS),
            "Leg het gesprek met het slachtoffer en de ouders vast.",
            "Record the talk with the target and the parents.",
        ),
        needs(
            "talked_with_suspect",
            _conv(W.SUSPECTED_BULLY, W.BULLY),
            "De vermoedelijke dader zit op deze school: leg het individuele gesprek met hem of "
            "haar vast.",
            "The suspected bully attends this school: record the individual talk with them.",
            when_flag=Flag.SUSPECTED_BULLY_AT_SCHOOL,
        ),
        _NOTE,
        *_REPORTED,
    ),
}

#: Closing needs the follow-up the route asks for ("blijf ... volgen", B.4's meeting);
#: D.5 "Blijf de leerling volgen (zowel slachtoffer als dader)": both.
FOLLOWED_UP: dict[str, tuple[Guard, ...]] = {
    step: (
        needs(
            "followed_up",
            rec(K.FOLLOW_UP, {Attr.WITH: W.TARGET_AND_BULLY if step == ROUTE_B else W.TARGET}),
            "Leg de vervolgafspraak met beide partijen vast."
            if step == ROUTE_B
            else "Leg vast dat de leerling is gevolgd (nabespreking).",
            "Record the follow-up meeting with both parties."
            if step == ROUTE_B
            else "Record that the student has been followed up.",
        ),
    )
    for step in ROUTE_DONE
}
FOLLOWED_UP[ROUTE_D] = (
    *FOLLOWED_UP[ROUTE_D],
    replace(
        needs(
            "bully_followed_up",
            rec(K.FOLLOW_UP, {Attr.WITH: W.BULLY}),
            "D.5: volg ook de dader; leg dat vast.",
            "D.5: follow the bully as well; record it.",
        ),
        unless=(Flag.BULLY_ELSEWHERE.value,),
    ),
)

_FOLLOWED_A_TERM = flag(
    "follow_period_elapsed",
    Flag.FOLLOW_PERIOD_ELAPSED,
    "Blijf de leerling eerst een termijn volgen (twee schoolweken) voordat de route sluit.",
    "First keep following the student for a term (two school weeks) before the route closes.",
)


def _chosen(route: Route) -> Guard:
    return needs(
        f"route_{route.value.lower()}_chosen",
        rec(K.ROUTE_CHOSEN, {Attr.ROUTE: route}),
        f"Leg vast dat route {route.value} in samenspraak met de leerling is gekozen.",
        f"Record that route {route.value} was chosen together with the student.",
    )


def _route_transitions() -> list[Transition]:
    transitions: list[Transition] = []
    for route in (Route.A, Route.B, Route.C):
        transitions.append(
            Transition(
                f"choose_route_{route.value.lower()}",
                (CHOOSE_ROUTE,),
                ROUTE_STEPS[route],
                _t(f"Route {route.value} volgen", f"Follow route {route.value}"),
                CASE_WORKERS,
                (_chosen(route),),
                outcome=TO.ADVANCED,
            )
        )
    # Step 4 "wanneer het pesten doorgaat": D when the bully is known, E when not. B always
    # knows the bully; E goes to D as soon as the suspect turns out to be the bully (E.1).
    escalations = {
        ROUTE_A: (Route.D, Route.E),
        ROUTE_B: (Route.D,),
        ROUTE_C: (Route.D, Route.E),
        ROUTE_E: (Route.D,),
    }
    for source, targets in escalations.items():
        for route in targets:
            # From E only the talk with target and parents (E.1) is needed: that talk is
            # where the suspect may turn out to be the bully.
            done = ROUTE_DONE[source][:1] if source == ROUTE_E else ROUTE_DONE[source]
            continues = () if source == ROUTE_E else (evaluated(Outcome.CONTINUES),)
            # Route D is "de dader is bekend": only once someone is named as the bully.
            known = (BULLY_IDENTIFIED,) if route is Route.D else ()
            guards: tuple[Guard, ...] = (*done, *continues, *known, _chosen(route))
            transitions.append(
                Transition(
                    f"{source}_to_{route.value.lower()}",
                    (source,),
                    ROUTE_STEPS[route],
                    _t(f"Naar route {route.value}", f"To route {route.value}"),
                    CASE_WORKERS,
                    (*guards, *SUSPENSION_GUARDS),
                    outcome=TO.ESCALATED,
                )
            )
    for source in ROUTE_DONE:
        transitions.append(
            Transition(
                f"close_{source}",
                (source,),
                CLOSED,
                _t("Afsluiten: pesten gestopt", "Close: bullying stopped"),
                COORDINATION,
                (
                    *ROUTE_DONE[source],
                    *FOLLOWED_UP[source],
                    _FOLLOWED_A_TERM,
                    evaluated(Outcome.STOPPED, after=Flag.FOLLOW_PERIOD_ELAPSED),
                    *SUSPENSION_GUARDS,
                    POLICE_INFORMED,
                ),
                outcome=TO.STOPPED,
            )
        )
    return transitions


TRANSITIONS = (
    Transition(
        "suspicion_explored",
        (SUSPICION,),
        PARENTS,
        _t("Naar stap 2: ouders informeren", "To step 2: inform the parents"),
        CASE_WORKERS,
        (
            needs_any(
                "orienting_talk",
                (_conv(W.TARGET, W.TARGET_AND_PARENTS),),
                "Leg het oriënterend gesprek met de leerling vast.",
                "Record the orienting talk with the student.",
            ),
            _NOTE,
            needs(
                "coordinator_involved",
                rec(K.COORDINATOR_INFORMED),
                "Betrek de anti-pestcoördinator vanaf stap 1 en leg dat vast.",
                "Involve the anti-bullying coordinator from step 1 and record it.",
                scope="case",
            ),
        ),
        outcome=TO.ADVANCED,
    ),
    Transition(
        "parents_informed",
        (PARENTS,),
        CHOOSE_ROUTE,
        _t("Naar stap 3: route kiezen", "To step 3: choose a route"),
        CASE_WORKERS,
        (_TARGET_PARENTS,),
        outcome=TO.ADVANCED,
    ),
    *_route_transitions(),
    close_as_teasing(OPEN_STEPS, CLOSED_TEASING),
    close_unfounded((SUSPICION, PARENTS, CHOOSE_ROUTE), CLOSED_UNFOUNDED),
    reopen((CLOSED, CLOSED_TEASING, CLOSED_UNFOUNDED), SUSPICION),
)

RECORD_RULES = (
    *consent_rules(),
    # Seed 002 B.1 and D.2: a sanction, "bijvoorbeeld een schorsing", in routes B and D.
    *suspension_rules((ROUTE_B, ROUTE_D)),
    *referral_rules(),
    *no_blame_rules(),
    # B.1 "kan ... een straf worden uitgedeeld" and D.2 "Zo nodig kan de deelschoolleider
    # een passende straf geven": sanctions only in routes B and D. Seed 002 has no §5.2.
    *sanction_rules((ROUTE_B, ROUTE_D), group_approach=False),
    # Route C: the parents are told only after deciding so with the student.
    RecordRule(
        rec(K.PARENTS_INFORMED, {Attr.PARTY: InformedParty.TARGET_PARENTS}),
        (
            Guard(
                "decided_to_inform",
                GuardKind.LATEST,
                _t(
                    "Route C: besluit eerst met de leerling of de ouders worden verteld wat er "
                    "aan de hand is (en leg vast dat dat zo is besloten).",
                    "Route C: first decide with the student whether the parents are told "
                    "(and record that this was decided).",
                ),
                (rec(K.PARENTS_DECISION), rec(K.PARENTS_DECISION, {Attr.INFORM: True})),
            ),
        ),
        applies_in=frozenset({ROUTE_C}),
    ),
    RecordRule(rec(K.PARENTS_DECISION), steps=frozenset({ROUTE_C})),
    RecordRule(
        rec(K.ROUTE_CHOSEN, {Attr.ROUTE: (Route.A, Route.B, Route.C)}),
        steps=frozenset({CHOOSE_ROUTE}),
    ),
    RecordRule(
        rec(K.ROUTE_CHOSEN, {Attr.ROUTE: (Route.D, Route.E)}),
        steps=frozenset({ROUTE_A, ROUTE_B, ROUTE_C, ROUTE_E}),
    ),
)

ROUTES_V1 = ProtocolDefinition(
    key=KEY,
    version=1,
    name=_t("Pestprotocol met routes A-E", "Bullying protocol with routes A-E"),
    source=_t(
        "Pestprotocol OVO Fryslân-Noord, hoofdstuk 2-4", "OVO Fryslan-Noord protocol, ch. 2-4"
    ),
    steps=STEPS,
    transitions=TRANSITIONS,
    initial_step=SUSPICION,
    terminal_steps=frozenset({CLOSED, CLOSED_TEASING, CLOSED_UNFOUNDED}),
    record_kinds=frozenset(RecordKind)
    - {K.HEARING, K.REMOVAL, K.DUTY_OF_CARE_ENDED, K.REMOVAL_DECISION_LETTER},
    record_rules=RECORD_RULES,
    record_deadlines=RECORD_DEADLINES,
    terminal_record_kinds=TERMINAL_RECORD_KINDS,
)
