"""The steps of the routes protocol (seed 002 chapters 2-4): keys, actions, terms.

Split from ``routes`` to keep modules short; the transitions and guards live there.
"""

from __future__ import annotations

from dataclasses import replace

from protocol.definitions.common import CLOSED_FOR_PARENTS, rec
from protocol.engine import Deadline, Step
from protocol.vocabulary import (
    Attr,
    ConversationWith,
    DeadlineUnit,
    Flag,
    RecordKind,
    Route,
    StaffRole,
    Text,
)

K = RecordKind
W = ConversationWith

KEY = "routes"

SUSPICION = "suspicion"
PARENTS = "inform_parents"
CHOOSE_ROUTE = "choose_route"
ROUTE_A = "route_a"
ROUTE_B = "route_b"
ROUTE_C = "route_c"
ROUTE_D = "route_d"
ROUTE_E = "route_e"
CLOSED = "closed"
CLOSED_TEASING = "closed_teasing"
CLOSED_UNFOUNDED = "closed_unfounded"
OPEN_STEPS = (SUSPICION, PARENTS, CHOOSE_ROUTE, ROUTE_A, ROUTE_B, ROUTE_C, ROUTE_D, ROUTE_E)
ROUTE_STEPS = {
    Route.A: ROUTE_A,
    Route.B: ROUTE_B,
    Route.C: ROUTE_C,
    Route.D: ROUTE_D,
    Route.E: ROUTE_E,
}


def _t(nl: str, en: str) -> Text:
    return Text(nl, en)


def _follow(key: str, who: W, nl: str, en: str, owner: StaffRole = StaffRole.MENTOR) -> Deadline:
    """ "Blijf de leerling volgen": the seed names no term; two school weeks per check-in
    (a product choice). A route closes only once it has run (``flag``)."""
    return Deadline(
        key,
        _t(nl, en),
        2,
        DeadlineUnit.SCHOOL_WEEKS,
        owner,
        rec(K.FOLLOW_UP, {Attr.WITH: who}),
        flag=Flag.FOLLOW_PERIOD_ELAPSED,
        quote=_t(
            "Seed 002 hoofdstuk 4: 'Blijf de leerling volgen.' Het protocol noemt geen "
            "termijn; Pestzaak kijkt na twee schoolweken.",
            "Seed 002 chapter 4: 'Keep following the student.' No term is named; Pestzaak "
            "checks after two school weeks.",
        ),
    )


_FOLLOW_TARGET = _follow(
    "follow_target", W.TARGET, "Blijf de leerling volgen", "Keep following the student"
)
_FOLLOW_BULLY = _follow(
    "follow_bully", W.BULLY, "Blijf de dader volgen", "Keep following the bully"
)
_OTHER_SCHOOL = _t(
    "Zit de dader op een andere school: in overleg met de teamleider contact opnemen met die school.",
    "If the bully attends another school: contact that school, in consultation with the team leader.",
)
_TIPS_DIGITAL = _t(
    "Bij digitaal pesten de tips uit bijlage 5 bespreken.",
    "With digital bullying, go through the tips of appendix 5.",
)


def _report_all(number: str) -> Text:
    return _t(
        f"{number} De mentor meldt de gebeurtenis bij de ouders, de teamleider, de "
        "anti-pestcoördinator en de intern begeleider / zorgfunctionaris.",
        f"{number} The mentor reports the event to the parents, the team leader, the "
        "anti-bullying coordinator and the care coordinator.",
    )


STEPS = (
    Step(
        SUSPICION,
        _t("Vermoedens van pesten", "Suspicion of bullying"),
        "1",
        (
            _t(
                "Het vermoeden (uit signalen of de thermometer) zo spoedig mogelijk bespreken "
                "binnen de docentengroep; de leerling kan het ook zelf aan de mentor vertellen.",
                "Discuss the suspicion (from signals or the thermometer) among the teachers as "
                "soon as possible; the student may also tell the mentor.",
            ),
            _t(
                "Een oriënterend gesprek met de leerling: de mentor maakt duidelijk dat hij/zij "
                "zich zorgen maakt en probeert te achterhalen wat er aan de hand is (bijlage 3, 4).",
                "An orienting talk with the student: the mentor says he or she is worried and "
                "tries to find out what is going on (appendices 3, 4).",
            ),
            _t(
                "Er wordt altijd een notitie in het dossier gemaakt.",
                "Always make a note in the file.",
            ),
            _t(
                "De anti-pestcoördinator wordt vanaf stap 1 betrokken.",
                "The anti-bullying coordinator is involved from step 1.",
            ),
        ),
    ),
    Step(
        PARENTS,
        _t("Ouders informeren", "Inform the parents"),
        "2",
        (
            _t(
                "Informeer de ouders van het slachtoffer en vertel wie welke stappen gaat ondernemen.",
                "Inform the target's parents and tell them who will take which steps.",
            ),
        ),
    ),
    Step(
        CHOOSE_ROUTE,
        _t("Keuze uit route A / B / C", "Choose route A / B / C"),
        "3",
        (
            _t(
                "Klopt het vermoeden: achterhalen of de leerling weet wie de dader is.",
                "If the suspicion is right: find out whether the student knows the bully.",
            ),
            _t(
                "In samenspraak met de leerling route A, B of C kiezen.",
                "Choose route A, B or C together with the student.",
            ),
            _TIPS_DIGITAL,
        ),
    ),
    Step(
        ROUTE_A,
        _t("Route A: vermoedelijke dader in de klas", "Route A: bully suspected in the class"),
        "A",
        (
            _t(
                "A.1 Niet-confronterend: de mentor behandelt het thema pesten in de klas, zonder "
                "iemand persoonlijk aan te spreken (bijv. wat is pesten, de gevolgen, een pesttest).",
                "A.1 Non-confronting: the mentor treats bullying as a theme in class without "
                "addressing anyone in person (what is bullying, its effects, a bullying test).",
            ),
            _t(
                "A.2 Breng na afloop de ouders op de hoogte van de genomen stappen.",
                "A.2 Afterwards, inform the parents of the steps taken.",
            ),
            _t("A.3 Blijf de leerling volgen.", "A.3 Keep following the student."),
        ),
        (_FOLLOW_TARGET,),
    ),
    Step(
        ROUTE_B,
        _t("Route B: leerling weet wie de dader is", "Route B: the student knows the bully"),
        "B",
        (
            _t(
                "B.1 Confronterend: de anti-pestcoördinator en/of mentor (eventueel met de intern "
                "begeleider / zorgfunctionaris) voeren een bemiddelingsgesprek met dader en "
                "slachtoffer: recht op een veilige school, de pester aanspreken, stilstaan bij de "
                "gevoelens van het slachtoffer, de pester bewust maken van het effect.",
                "B.1 Confronting: the coordinator and/or mentor (possibly with the care "
                "coordinator) hold a mediation talk with bully and target: the right to a safe "
                "school, tell the bully to stop, the target's feelings, the effect on the target.",
            ),
            _t(
                "Afhankelijk van de ernst eventueel een straf, bijvoorbeeld een schorsing.",
                "Depending on the severity, possibly a sanction such as a suspension.",
            ),
            _OTHER_SCHOOL,
            _TIPS_DIGITAL,
            _report_all("B.2"),
            _t(
                "B.3 De gebeurtenis en de afspraken noteren in het dossier van de leerling(en).",
                "B.3 Note the event and the agreements in the students' files.",
            ),
            _t(
                "B.4 De anti-pestcoördinator en/of mentor ziet toe op de afspraken van beide "
                "partijen en organiseert een vervolgafspraak met beiden; houdt het pesten aan, "
                "dan wordt de intern begeleider / zorgfunctionaris ingeschakeld.",
                "B.4 The coordinator and/or mentor checks both parties keep the agreements and "
                "organises a follow-up meeting with both; if it goes on, the care coordinator "
                "is engaged.",
            ),
        ),
        (
            _follow(
                "follow_up_meeting",
                W.TARGET_AND_BULLY,
                "Vervolgafspraak met beide partijen",
                "Follow-up meeting with both parties",
                StaffRole.COORDINATOR,
            ),
        ),
    ),
    Step(
        ROUTE_C,
        _t("Route C: geen idee wie de dader is", "Route C: no idea who the bully is"),
        "C",
        (
            _t(
                "C.1 In gesprek gaan met de leerling (tips bijlage 4).",
                "C.1 Talk with the student (tips in appendix 4).",
            ),
            _TIPS_DIGITAL,
            _t(
                "Overleg eerst met de leerling of het verstandig is de ouders te vertellen wat "
                "er aan de hand is, en leg dat besluit vast (stap 3).",
                "First decide with the student whether it is wise to tell the parents, and "
                "record that decision (step 3).",
            ),
            _t(
                "C.2 Informeer de ouders (als zo besloten).",
                "C.2 Inform the parents (if so decided).",
            ),
            _t("C.3 Maak een notitie in het dossier.", "C.3 Make a note in the file."),
            _t("C.4 Blijf de leerling volgen.", "C.4 Keep following the student."),
        ),
        (_FOLLOW_TARGET,),
    ),
    Step(
        ROUTE_D,
        _t("Route D: de dader is bekend", "Route D: the bully is known"),
        "D",
        (
            _t(
                "D.1 De mentor schakelt de teamleider in, en eventueel de anti-pestcoördinator "
                "en de intern begeleider / zorgfunctionaris.",
                "D.1 The mentor engages the team leader, and possibly the coordinator and the "
                "care coordinator.",
            ),
            _t(
                "D.2 Gesprek met de dader en de ouders, samen met de teamleider; zo nodig geeft de "
                "deelschoolleider een passende straf.",
                "D.2 A talk with the bully and the parents, with the team leader; management "
                "may give a suitable sanction.",
            ),
            _OTHER_SCHOOL,
            _t(
                "D.3 De ouders van het slachtoffer inlichten over de genomen stappen.",
                "D.3 Inform the target's parents of the steps taken.",
            ),
            _t("D.4 Maak een notitie in het dossier.", "D.4 Make a note in the file."),
            _t(
                "D.5 Blijf de leerlingen volgen (zowel slachtoffer als dader).",
                "D.5 Keep following both the target and the bully.",
            ),
        ),
        (_FOLLOW_TARGET, _FOLLOW_BULLY),
    ),
    Step(
        ROUTE_E,
        _t("Route E: de dader is onbekend", "Route E: the bully is unknown"),
        "E",
        (
            _t(
                "E.1 De anti-pestcoördinator en/of mentor (eventueel met de teamleider) voeren een "
                "gesprek met het slachtoffer en de ouders: welke stappen zijn al gezet, wie wordt "
                "vermoed.",
                "E.1 The coordinator and/or mentor (possibly with the team leader) talk with the "
                "target and parents: what they did so far, whom they suspect.",
            ),
            _t(
                "Zit de vermoedelijke dader op deze school: voeg hem of haar toe als "
                "'Vermoedelijke dader' en voer een individueel gesprek, zonder het slachtoffer "
                "erbij. Blijkt hij de dader: voeg hem toe als pester en ga verder via route D.",
                "If the suspected bully attends this school: add them as 'Suspected bully' and "
                "talk with them alone, without the target. If confirmed, add them as the bully "
                "and continue with route D.",
            ),
            _TIPS_DIGITAL,
            _t(
                "E.2 Sla de relevante gegevens op in het dossier.",
                "E.2 Keep the relevant facts in the file.",
            ),
            _report_all("E.3"),
            _t("E.4 Blijf de leerling volgen.", "E.4 Keep following the student."),
        ),
        (_FOLLOW_TARGET,),
    ),
    Step(CLOSED, _t("Afgesloten", "Closed")),
    Step(CLOSED_TEASING, _t("Afgesloten: plagen, geen pesten", "Closed: teasing, not bullying")),
    Step(
        CLOSED_UNFOUNDED,
        _t("Afgesloten: vermoeden niet bevestigd", "Closed: suspicion not confirmed"),
    ),
)


_FOLLOWING = _t(
    "De school volgt de gekozen aanpak en houdt de situatie in de gaten.",
    "The school is following the chosen approach and keeping an eye on the situation.",
)
_FURTHER = _t(
    "Het pesten is nog niet gestopt. De school neemt verdere stappen en houdt contact met u.",
    "The bullying has not stopped yet. The school is taking further steps and will stay in "
    "touch with you.",
)
#: What the status page tells parents in each step (neutral about the other party).
FOR_PARENTS = {
    SUSPICION: _t(
        "De school onderzoekt een vermoeden van pesten en praat met de leerling.",
        "The school is looking into a suspicion of bullying and is talking with the student.",
    ),
    PARENTS: _t(
        "De school informeert de ouders over wat er speelt.",
        "The school is informing the parents about what is going on.",
    ),
    CHOOSE_ROUTE: _t(
        "De school kiest samen met de leerling de aanpak.",
        "The school is choosing the approach together with the student.",
    ),
    ROUTE_A: _FOLLOWING,
    ROUTE_B: _FOLLOWING,
    ROUTE_C: _FOLLOWING,
    ROUTE_D: _FURTHER,
    ROUTE_E: _FURTHER,
    CLOSED: CLOSED_FOR_PARENTS,
    CLOSED_TEASING: CLOSED_FOR_PARENTS,
    CLOSED_UNFOUNDED: CLOSED_FOR_PARENTS,
}
STEPS = tuple(replace(step, for_parents=FOR_PARENTS[step.key]) for step in STEPS)
