"""The six-step protocol's conversation guides (seed 000, Bijlage 10, 11, 12 and 14).

Data only, in the seed's own Dutch (lightly corrected spelling), with an English rendering
for the English interface; numbered as in seed 000. The routes protocol has its own
guides (protocol/guides/routes.py).
"""
from __future__ import annotations

from protocol.guides.model import Guide, Section, _t
from protocol.vocabulary import RecordKind

VICTIM_TALK = Guide(
    "victim_talk",
    _t("Leidraad gesprek met de gepeste leerling", "Guide: talk with the target"),
    _t("Bijlage 10", "Appendix 10"),
    _t(
        "Gepeste jongeren lopen vaak rond met het gevoel dat er iets mis is met ze. Besteed hier "
        "aandacht aan: niemand kan een ander klein maken zonder diens toestemming.",
        "Bullied young people often feel something is wrong with them. Pay attention to this: "
        "nobody can make another small without their consent.",
    ),
    (
        Section(
            _t("Feiten", "Facts"),
            (
                _t("Klopt het dat je gepest wordt?", "Is it true that you are being bullied?"),
                _t("Door wie word je gepest? (Doorvragen: zijn er nog meer?)", "Who bullies you? (Ask on: are there more?)"),
                _t("Waar word je gepest? (Doorvragen: zijn er nog meer plekken?)", "Where are you bullied? (Ask on: other places?)"),
                _t("Hoe vaak word je gepest?", "How often are you bullied?"),
                _t("Hoe lang speelt het pesten al?", "How long has it been going on?"),
                _t("Weten je ouders of andere personen dat je gepest wordt?", "Do your parents or others know?"),
                _t("Wat heb je zelf tot nu toe aan het pesten proberen te doen?", "What have you tried yourself so far?"),
                _t("Zijn er jongeren die jou wel eens proberen te helpen?", "Are there young people who try to help you?"),
                _t("Wat wil je dat er nu gebeurt; wat wil je bereiken?", "What do you want to happen now; what do you want to achieve?"),
            ),
        ),
        Section(
            _t("Aanpak: waar wil de leerling aan werken?", "Approach: what does the student want to work on?"),
            (
                _t("Hoe communiceert de leerling met anderen?", "How does the student communicate with others?"),
                _t("Welke lichaamstaal speelt een rol?", "What body language plays a part?"),
                _t(
                    "Hoe gaat de leerling om met zijn gevoelens en hoe maakt hij deze kenbaar aan anderen?",
                    "How does the student handle feelings and show them to others?",
                ),
                _t(
                    "Heeft de leerling genoeg vaardigheden om weerbaarder gedrag te tonen naar de pester?",
                    "Does the student have the skills to stand up to the bully?",
                ),
            ),
        ),
    ),
)

BULLY_TALK = Guide(
    "bully_talk",
    _t("Leidraad gesprek met een leerling die pest", "Guide: talk with a student who bullies"),
    _t("Bijlage 11", "Appendix 11"),
    _t(
        "Het doel is drieledig: de leerling confronteren met zijn gedrag en de pijnlijke gevolgen, "
        "achterliggende oorzaken boven tafel krijgen, en de stappen schetsen die volgen als het pesten niet stopt.",
        "Three aims: confront the student with the behaviour and its painful effects, bring the causes "
        "to light, and set out what follows if the bullying does not stop.",
    ),
    (
        Section(
            _t("Confronteren (geen kritiek)", "Confront (do not criticise)"),
            (
                _t("Probleemgericht: benoem waarneembaar gedrag, geen interpretaties.", "Problem-focused: name observable behaviour, no interpretations."),
                _t(
                    "Relatiegericht: ‘Ik vind dat je heel erg gemeen doet tegen haar en ik wil dat je daarmee ophoudt.’ Zeg nooit: ‘Je bent heel gemeen.’",
                    "Relationship-focused: ‘I think you are being very mean to her and I want you to stop.’ Never: ‘You are mean.’",
                ),
                _t("Specifiek blijven: vermijd ‘altijd’, ‘vaak’ en ‘meestal’.", "Stay specific: avoid ‘always’, ‘often’, ‘usually’."),
                _t("Veranderingsgericht: stel vast en inventariseer hoe het anders kan.", "Aim at change: establish the facts, then how it can be different."),
            ),
        ),
        Section(
            _t("Achterliggende oorzaken", "Underlying causes"),
            (
                _t("Hoe komt het dat je dit gedrag nodig hebt?", "Why do you need this behaviour?"),
                _t("Wat levert het jou op?", "What does it give you?"),
                _t("Wat reageer je af op die ander?", "What are you taking out on the other?"),
                _t(
                    "Bied zo nodig hulp aan van de schoolmaatschappelijk werker (op vrijwillige basis).",
                    "Offer help from the school social worker where needed (voluntary).",
                ),
            ),
        ),
        Section(
            _t("Het pestgedrag moet stoppen", "The bullying must stop"),
            (_t("Wees duidelijk over de stappen die volgen wanneer het pestgedrag niet stopt.", "Be clear about the steps that follow if it does not stop."),),
        ),
    ),
)

NO_BLAME = Guide(
    "no_blame",
    _t("Leidraad No Blame-aanpak", "Guide: the No Blame approach"),
    _t("Bijlage 12", "Appendix 12"),
    _t(
        "Alleen met toestemming van de gepeste leerling. De steungroep (6 tot 8 leerlingen: de helft "
        "aanvoerder en meelopers, de helft andere leerlingen) steunt de leerkracht, niet de gepeste leerling.",
        "Only with the target's consent. The support group (6 to 8 students: half ringleader and "
        "followers, half others) supports the teacher, not the target.",
    ),
    (
        Section(
            _t("Stap 1 – Gesprek met het slachtoffer", "Step 1 – Talk with the target"),
            (
                _t("Relatie en vertrouwen opbouwen; begin met je eigen waarnemingen.", "Build a relationship and trust; start with what you noticed."),
                _t("Stel dat het weer zo kan worden als vroeger, wil je dat?", "If things could be as before, would you want that?"),
                _t("Jij hoeft niets te doen – ik ga alles regelen. Niemand wordt gestraft.", "You need not do anything – I will arrange it. Nobody is punished."),
                _t("Wie vind je aardig? Wie heeft je wel eens geholpen? Wie doet naar tegen je?", "Who do you like? Who has helped you? Who is nasty to you?"),
                _t("Spreek een nabespreking af over 8 tot 14 dagen.", "Agree a follow-up talk in 8 to 14 days."),
            ),
        ),
        Section(
            _t("Stap 2 – Bijeenkomst met de steungroep", "Step 2 – Meet the support group"),
            (
                _t("Fijn dat jullie hier zijn. De reden is dat ik jullie hulp nodig heb.", "Glad you are here. I need your help."),
            ),
        ),
        Section(
            _t("Stap 3 – Uitleg probleem", "Step 3 – Explain the problem"),
            (
                _t(
                    "Ik maak me zorgen over (naam). Ik wil deze situatie graag verbeteren. Geen feiten noemen en het woord ‘pesten’ niet gebruiken.",
                    "I am worried about (name). I want to improve this. No facts, and do not use the word ‘bullying’.",
                ),
            ),
        ),
        Section(
            _t("Stap 4 – Deel de verantwoordelijkheid", "Step 4 – Share responsibility"),
            (
                _t(
                    "Het is niet belangrijk wie wat gedaan heeft, maar hoe wij het probleem kunnen oplossen.",
                    "What matters is not who did what, but how we can solve the problem.",
                ),
            ),
        ),
        Section(
            _t("Stap 5 – Ideeën en voorstellen verzamelen", "Step 5 – Collect ideas"),
            (
                _t("Hebben jullie een idee wat ieder van jullie zou kunnen doen?", "Does each of you have an idea what you could do?"),
                _t("Koppel ieder idee aan een leerling.", "Link each idea to a student."),
            ),
        ),
        Section(
            _t("Stap 6 – Spreek je vertrouwen uit", "Step 6 – Express your trust"),
            (
                _t("Ik vertrouw op jullie steun. Over 10 tot 14 dagen praat ik met ieder van jullie apart.", "I trust your support. In 10 to 14 days I will talk to each of you."),
            ),
        ),
        Section(
            _t("Stap 7 – Nabespreking", "Step 7 – Follow-up talks"),
            (
                _t("Met het slachtoffer: hoe ging het de laatste weken? Wat is er verbeterd? Wat heb je nog nodig?", "With the target: how were the last weeks? What improved? What do you still need?"),
                _t("Met ieder steungroeplid apart (5 tot 10 minuten): wat heb jij waargenomen? Wat denk jij is verbeterd?", "With each member apart (5–10 minutes): what did you see? What improved?"),
            ),
        ),
    ),
)

RESTORATIVE_CARDS = Guide(
    "restorative_cards",
    _t("Herstelrechtkaartjes", "Restorative question cards"),
    _t("Bijlage 14", "Appendix 14"),
    _t(
        "Een herstelgesprek tussen pester en gepeste leerling is alleen mogelijk met toestemming van de gepeste leerling.",
        "A restorative conversation between bully and target needs the target's consent.",
    ),
    (
        Section(
            _t("Slachtoffer", "Target"),
            (
                _t("Wat is er gebeurd?", "What happened?"),
                _t("Wat ging er door je heen toen het gebeurde?", "What went through your mind when it happened?"),
                _t("Welk effect heeft de gebeurtenis op jou en je omgeving gehad?", "What effect has it had on you and those around you?"),
                _t("Wat is het meest nare voor je?", "What is the worst thing for you?"),
                _t(
                    "Wat moet de dader jou aanbieden om wat er gebeurd is goed af te kunnen ronden en weer met elkaar verder te kunnen?",
                    "What should the other offer you to put it right and move on together?",
                ),
            ),
        ),
        Section(
            _t("Dader", "Bully"),
            (
                _t("Wat heb je gedaan?", "What did you do?"),
                _t("Waarom deed je wat je deed?", "Why did you do what you did?"),
                _t("Hoe denk je nu over wat je gedaan hebt?", "What do you think now of what you did?"),
                _t("Waar heb je het meeste spijt van?", "What do you regret most?"),
                _t(
                    "Wat kun jij doen om de schade die jij hebt toegebracht te herstellen en weer met elkaar verder te kunnen?",
                    "What can you do to repair the harm and move on together?",
                ),
            ),
        ),
    ),
)

GUIDES = (VICTIM_TALK, BULLY_TALK, NO_BLAME, RESTORATIVE_CARDS)

#: Which guides to show for which kind of record.
BY_RECORD_KIND: dict[str, tuple[Guide, ...]] = {
    RecordKind.CONVERSATION: (VICTIM_TALK, BULLY_TALK, RESTORATIVE_CARDS),
    RecordKind.INTERVENTION: (NO_BLAME, RESTORATIVE_CARDS),
    RecordKind.FOLLOW_UP: (NO_BLAME,),
}
