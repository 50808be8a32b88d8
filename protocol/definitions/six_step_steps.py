"""The steps of the six-step protocol (seed 000 §5.1 and Bijlage 9): keys, actions, terms.

Split from ``six_step`` to keep modules short; the transitions and guards live there.
"""

from __future__ import annotations

from dataclasses import replace

from protocol.definitions.common import (
    CLOSED_FOR_PARENTS,
    DOSSIER,
    rec,
)
from protocol.engine import Deadline, Step
from protocol.vocabulary import (
    Attr,
    ConversationWith,
    DeadlineUnit,
    Flag,
    RecordKind,
    StaffRole,
    Text,
)

K = RecordKind
W = ConversationWith

KEY = "six_step"

INVESTIGATE = "investigate"
AGREEMENTS = "agreements"
MONITORING = "monitoring"
SECOND_TALK = "second_talk"
SUSPENSION = "suspension"
REMOVAL = "removal"
CLOSED = "closed"
CLOSED_TEASING = "closed_teasing"
OPEN_STEPS = (INVESTIGATE, AGREEMENTS, MONITORING, SECOND_TALK, SUSPENSION, REMOVAL)

#: The talk with the bully and the bully's parents (steps 3 and 4 count it).
BULLY_TALK = rec(K.CONVERSATION, {Attr.WITH: W.BULLY_AND_PARENTS})

STEPS = (
    Step(
        INVESTIGATE,
        Text("Informatie verzamelen en gesprekken", "Investigate and talk"),
        "1",
        (
            Text(
                "De mentor of docent verzamelt en analyseert informatie over de situatie.",
                "The mentor or teacher gathers and analyses information about the situation.",
            ),
            Text(
                "Gesprekken met de betrokken leerlingen (Bijlage 10 en 11).",
                "Talks with the students involved (appendices 10 and 11).",
            ),
            Text(
                "Het gesprek met de pester(s) heeft een waarschuwende functie: afspraken over "
                "gewenste gedragsverbeteringen binnen een gestelde termijn.",
                "The talk with the bully is a warning: agreements on better behaviour within "
                "a set term.",
            ),
            Text(
                "Mediation tussen pester(s) en slachtoffer(s), gericht op herstel van de "
                "situatie; altijd met toestemming van het slachtoffer.",
                "Mediation between bully and target, aimed at restoring the situation; "
                "always with the target's consent.",
            ),
            Text(
                "Een gesprek met een steungroepje en/of de klas, bijvoorbeeld volgens de No "
                "Blame-aanpak (Bijlage 12); uitsluitend met toestemming van de gepeste leerling.",
                "A talk with a support group and/or the class, e.g. the No Blame approach "
                "(appendix 12); only with the target's consent.",
            ),
            Text(
                "Tijdens de gesprekken het vervolgtraject bespreken als het pesten doorgaat.",
                "In the talks, discuss what follows if the bullying goes on.",
            ),
            DOSSIER,
        ),
    ),
    Step(
        AGREEMENTS,
        Text("Afspraken vastleggen en informeren", "Record agreements and inform"),
        "2",
        (
            Text("De afspraken worden schriftelijk vastgelegd.", "Put the agreements in writing."),
            Text("Het afdelingshoofd op de hoogte stellen.", "Inform the head of department."),
            Text("De ouders van beide partijen informeren.", "Inform the parents of both parties."),
            DOSSIER,
        ),
    ),
    Step(
        MONITORING,
        Text("Naleving afspraken controleren (vier weken)", "Monitor the agreements (four weeks)"),
        "3",
        (
            Text(
                "De mentor en/of docent controleert vier weken lang of de afspraken worden "
                "nageleefd en houdt dit bij.",
                "For four weeks the mentor and/or teacher checks that the agreements are kept.",
            ),
            Text(
                "Incidenten en interventies registreren in het leerlingvolgsysteem.",
                "Register incidents and interventions in the student record.",
            ),
            Text(
                "Bij digitaal pesten het bewijs bewaren: screenshots of prints van berichten.",
                "With digital bullying, keep the evidence: screenshots or prints of messages.",
            ),
            DOSSIER,
        ),
        (
            Deadline(
                "monitoring_four_weeks",
                Text("Vier weken controle van de afspraken", "Four weeks of monitoring"),
                4,
                DeadlineUnit.SCHOOL_WEEKS,
                StaffRole.MENTOR,
                completed_by=rec(K.EVALUATION),
                flag=Flag.MONITORING_PERIOD_ELAPSED,
                quote=Text(
                    "§5.1 stap 3: 'De naleving van de gemaakte afspraken wordt gecontroleerd "
                    "en bijgehouden door de mentor en/of docent gedurende een termijn van vier "
                    "weken.'",
                    "5.1 step 3: the agreements are checked 'during a term of four weeks'.",
                ),
            ),
            # Not a term to keep but a moment: step 4 comes "na twee weken", so the case
            # cannot move to the second talk before two school weeks of monitoring.
            Deadline(
                "second_talk_earliest",
                Text(
                    "Tweede gesprek mogelijk (na twee weken controle)",
                    "Second talk possible (after two weeks of monitoring)",
                ),
                2,
                DeadlineUnit.SCHOOL_WEEKS,
                StaffRole.MENTOR,
                completed_by=BULLY_TALK,
                flag=Flag.MONITORED_TWO_WEEKS,
                watch=False,
                quote=Text(
                    "§5.1 stap 4: 'Als het pestgedrag niet stopt, volgt na twee weken een "
                    "tweede gesprek met de pester(s) en ouders van deze leerling(en).'",
                    "5.1 step 4: 'if the bullying does not stop, after two weeks a second talk "
                    "with the bully and the bully's parents follows'.",
                ),
            ),
        ),
    ),
    Step(
        SECOND_TALK,
        Text("Tweede gesprek met pester en ouders", "Second talk with bully and parents"),
        "4",
        (
            Text(
                "Pestgedrag niet gestopt: na twee weken een tweede gesprek met de pester(s) en "
                "de ouders van deze leerling(en).",
                "Bullying not stopped: after two weeks a second talk with the bully and the "
                "bully's parents.",
            ),
            Text(
                "Zij krijgen weer twee weken de tijd om het gedrag aan te passen.",
                "They get two more weeks to change the behaviour.",
            ),
            Text(
                "Zo nodig begeleiding van de pester, en specifieke begeleiding van het "
                "slachtoffer; hiervan verslag leggen.",
                "Guidance for the bully where needed, and specific guidance for the target; "
                "report on it.",
            ),
            Text(
                "Eventueel strafmaatregelen, nooit op zichzelf maar met een groepsaanpak (§5.2).",
                "Possibly sanctions, never on their own but with a group approach (5.2).",
            ),
            Text(
                "Bij strafbare feiten (o.a. vernieling, diefstal, bedreiging, mishandeling, "
                "discriminatie, seksuele intimidatie, stalking, smaad) wordt de politie "
                "geïnformeerd; dit wordt vastgelegd in het dossier.",
                "With criminal offences (e.g. vandalism, theft, threats, assault, "
                "discrimination, sexual harassment, stalking, libel) the police is informed, "
                "and this is recorded in the file.",
            ),
            DOSSIER,
        ),
        (
            Deadline(
                "second_talk_after_two_weeks",
                Text("Tweede gesprek met pester en ouders", "Second talk with bully and parents"),
                2,
                DeadlineUnit.SCHOOL_WEEKS,
                StaffRole.MENTOR,
                completed_by=BULLY_TALK,
                quote=Text(
                    "§5.1 stap 4: 'na twee weken een tweede gesprek met de pester(s) en ouders "
                    "van deze leerling(en)'.",
                    "5.1 step 4: 'after two weeks a second talk with the bully and parents'.",
                ),
            ),
            Deadline(
                "two_more_weeks",
                Text("Twee extra weken om het gedrag aan te passen", "Two more weeks to change"),
                2,
                DeadlineUnit.SCHOOL_WEEKS,
                StaffRole.MENTOR,
                completed_by=rec(K.EVALUATION),
                starts_on=BULLY_TALK,
                flag=Flag.IMPROVEMENT_PERIOD_ELAPSED,
                quote=Text(
                    "§5.1 stap 4: 'Zij krijgen weer twee weken de tijd om hun gedrag aan te "
                    "passen.'",
                    "5.1 step 4: 'They get another two weeks to change their behaviour.'",
                ),
            ),
        ),
    ),
    Step(
        SUSPENSION,
        Text("Schorsing", "Suspension"),
        "5",
        (
            Text(
                "Pestgedrag niet gestopt: eventueel een schorsing van de pester(s), door de "
                "directie, ten hoogste vijf schooldagen per schorsing.",
                "Bullying not stopped: possibly a suspension of the bully, by branch "
                "management, at most five school days each time.",
            ),
            Text(
                "Het schorsingsbesluit schriftelijk en met redenen aan leerling en ouders, "
                "met de mogelijkheid van bezwaar.",
                "The suspension decision in writing, with reasons, to student and parents, "
                "saying how to object.",
            ),
            Text(
                "Een schorsing van meer dan één dag melden bij de inspectie.",
                "Report a suspension longer than one day to the inspectorate.",
            ),
            Text(
                "Hulpverlening inzetten om tot gedragsverandering te komen.",
                "Engage help services to bring about a change in behaviour.",
            ),
            DOSSIER,
        ),
    ),
    Step(
        REMOVAL,
        Text("Definitieve verwijdering", "Removal"),
        "6",
        (
            Text(
                "Pestgedrag houdt aan: eventueel definitieve verwijdering volgens het "
                "'Protocol schorsing en verwijdering'.",
                "Bullying persists: possibly definitive removal following the board's "
                "suspension and removal protocol.",
            ),
            Text(
                "De directie past hoor en wederhoor toe vóór het besluit.",
                "Management hears both sides before deciding.",
            ),
            Text(
                "De school houdt zorgplicht tot de leerling op een andere school is aangemeld.",
                "The school keeps its duty of care until another school has enrolled the student.",
            ),
            DOSSIER,
        ),
    ),
    Step(CLOSED, Text("Afgesloten", "Closed")),
    Step(CLOSED_TEASING, Text("Afgesloten: plagen, geen pesten", "Closed: teasing, not bullying")),
)


#: What the status page tells parents in each step (neutral about the other party).
FOR_PARENTS = {
    INVESTIGATE: Text(
        "De school zoekt uit wat er is gebeurd en praat met de leerlingen die erbij betrokken zijn.",
        "The school is finding out what happened and is talking with the students involved.",
    ),
    AGREEMENTS: Text(
        "Er worden afspraken gemaakt en op papier gezet. De ouders worden daarover geïnformeerd.",
        "Agreements are being made and put in writing. The parents are informed about them.",
    ),
    MONITORING: Text(
        "De school controleert vier schoolweken lang of de afspraken worden nagekomen.",
        "For four school weeks, the school checks whether the agreements are being kept.",
    ),
    SECOND_TALK: Text(
        "Het pesten is nog niet gestopt. De school voert opnieuw gesprekken en geeft extra "
        "begeleiding.",
        "The bullying has not stopped yet. The school is holding further conversations and "
        "giving extra support.",
    ),
    SUSPENSION: Text(
        "Het pesten is nog niet gestopt. De school neemt verdere maatregelen en houdt de "
        "situatie nauw in de gaten.",
        "The bullying has not stopped yet. The school is taking further measures and is "
        "keeping a close eye on the situation.",
    ),
    REMOVAL: Text(
        "Het pesten is nog niet gestopt. De schoolleiding neemt verdere maatregelen en houdt "
        "contact met u.",
        "The bullying has not stopped yet. The school management is taking further measures "
        "and will stay in touch with you.",
    ),
    CLOSED: CLOSED_FOR_PARENTS,
    CLOSED_TEASING: CLOSED_FOR_PARENTS,
}
STEPS = tuple(replace(step, for_parents=FOR_PARENTS[step.key]) for step in STEPS)
