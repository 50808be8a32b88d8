"""The routes protocol's own guides (seed 002, Bijlage 3 to 8), numbered as in seed 002.

The Dutch is the seed's text word for word (its spelling kept, so a coordinator finds every
line back in the protocol); the English is a rendering for the English interface. Which
guide fits which record follows the protocol: the orienting talk and the tips for talking
with the bullied student at step 1 and route C (Bijlage 3, 4), the mediation talk at route
B (Bijlage 6), the confronting talk with bully and parents at route D (Bijlage 7), the
restorative talk (Bijlage 8), and the tips against digital bullying for the target, the
parents and the class (Bijlage 5; routes A, B, C and E).
"""
from __future__ import annotations

from protocol.guides.model import Guide, Section, _t
from protocol.vocabulary import RecordKind

ORIENTING_TALK = Guide(
    "orienting_talk",
    _t("Oriënterend gesprek", "Orienting talk"),
    _t("Bijlage 3", "Appendix 3"),
    _t(
        "Nagaan of en wat er aan de hand is. Achterhalen of het probleem dat verteld wordt het echte probleem is, "
        "of dat er een probleem achter zit. Nagaan of de probleem inbrenger geholpen wil worden.",
        "Find out whether and what is going on; whether the problem told is the real one or hides another; "
        "whether the person raising it wants help.",
    ),
    (
        Section(
            _t("Werkwijze", "Method"),
            (
                _t("De ander vrijelijk laten vertellen.", "Let the other tell freely."),
                _t("Gerichte, open vragen stellen.", "Ask focused, open questions."),
            ),
        ),
        Section(
            _t("Kenmerken", "Characteristics"),
            (_t("Kort, de situatie wordt in kaart gebracht.", "Short; the situation is mapped."),),
        ),
        Section(
            _t("Vaardigheden", "Skills"),
            (
                _t("Aandacht geven;", "Giving attention;"),
                _t("Luisteren;", "Listening;"),
                _t("Stimuleren;", "Encouraging;"),
                _t("Vragend aansluiten;", "Following up with questions;"),
                _t("Stimulerende beginzin;", "An encouraging opening sentence;"),
                _t("Terugkoppelen, samenvatten.", "Reflecting back, summarising."),
            ),
        ),
        Section(
            _t("Open vragen stellen", "Asking open questions"),
            (
                _t(
                    "Open vragen geven de ander veel vrijheid om duidelijk te maken wat hem bezig houdt.",
                    "Open questions give the other much freedom to say what concerns them.",
                ),
            ),
        ),
        Section(
            _t("Open vragen stel je om:", "You ask open questions to:"),
            (
                _t("Een gesprek te beginnen;", "start a conversation;"),
                _t("Tijdens het gesprek dieper op zaken in te gaan;", "go deeper into things during the talk;"),
                _t(
                    "Tijdens het gesprek de aandacht op bepaalde onderwerpen te richten.",
                    "direct attention to certain subjects during the talk.",
                ),
            ),
        ),
    ),
)

TALK_TIPS = Guide(
    "talk_tips_target",
    _t("Gesprekstips met gepeste leerling", "Tips for talking with the bullied student"),
    _t("Bijlage 4", "Appendix 4"),
    _t("", ""),
    (
        Section(
            _t("Tips", "Tips"),
            (
                _t("Zorg dat je niet meteen iets onderneemt.", "Make sure you do not act at once."),
                _t(
                    "Luister en stel vragen, laat zien dat je wilt helpen, maar doe nog niks.",
                    "Listen and ask questions, show you want to help, but do nothing yet.",
                ),
                _t(
                    "Bespreek wat de leerling al heeft gedaan om het digitaal pesten te stoppen.",
                    "Discuss what the student has already done to stop the digital bullying.",
                ),
                _t(
                    "Bedenk samen de volgende stap, wat gaan we nu samendoen.",
                    "Think of the next step together: what are we going to do together now.",
                ),
                _t("Doe niets buiten de leerling om.", "Do nothing behind the student's back."),
                _t("Ga niet voor de leerling staan, maar ernaast of erachter.", "Do not stand in front of the student, but beside or behind."),
            ),
        ),
    ),
)

DIGITAL_TIPS = Guide(
    "digital_bullying_tips",
    _t("Tips ter voorkoming van digitale pesterijen", "Tips to prevent digital bullying"),
    _t("Bijlage 5", "Appendix 5"),
    _t(
        "Geef het slachtoffer bij digitaal pesten in ieder geval de volgende tips:",
        "With digital bullying, give the target at least these tips:",
    ),
    (
        Section(
            _t("Tips", "Tips"),
            (
                _t("Gebruik altijd een nickname (schuilnaam).", "Always use a nickname."),
                _t("Geef nooit je adres, achternaam, telefoon of 06-nummer.", "Never give your address, surname or phone number."),
                _t("Chat alleen als je een ander kunt blokkeren.", "Only chat where you can block someone."),
                _t(
                    "Blokkeer het mailtje (dan krijg je geen post meer van deze afzender).",
                    "Block the e-mail (then you get no more mail from this sender).",
                ),
                _t("Zeg het thuis of op school.", "Tell someone at home or at school."),
                _t("Bewaar de pestmail (dat is het bewijs). Maak screenshots.", "Keep the bullying message (it is the evidence). Take screenshots."),
                _t(
                    "Laat je leerkracht of ouders bij de provider nagaan wie het bericht heeft verstuurd en een klacht indienen.",
                    "Have your teacher or parents ask the provider who sent the message, and complain.",
                ),
                _t(
                    "Meld het aan de chatbox zelf (aan de moderatoren of via e-mail).",
                    "Report it to the chat service itself (the moderators, or by e-mail).",
                ),
                _t("Reageer nooit zelf op zulke chats.", "Never respond to such chats yourself."),
                _t("Blokkeer de chat van die persoon. Kan dat niet? Log uit!", "Block that person's chat. Not possible? Log out!"),
                _t(
                    "Log eventueel onder een andere naam weer in en chat door met de mensen die je wel leuk vindt.",
                    "If you like, log in again under another name and chat on with the people you do like.",
                ),
            ),
        ),
    ),
)

MEDIATION_TALK = Guide(
    "mediation_talk",
    _t("Bemiddelingsgesprek", "Mediation talk"),
    _t("Bijlage 6", "Appendix 6"),
    _t(
        "De hulpverlener probeert een dialoog mogelijk te maken tussen twee partijen die op elkaar zijn vastgelopen.",
        "The helper tries to make a dialogue possible between two parties who are stuck with each other.",
    ),
    (
        Section(
            _t("Kenmerken", "Characteristics"),
            (
                _t(
                    "Twee partijen hebben een conflict waar zij zelf niet meer uit kunnen komen. Beide partijen hebben "
                    "persoonlijke emoties overgehouden n.a.v. vorige botsingen. Beide partijen denken het recht aan hun "
                    "kant te hebben en vinden dat de ander onjuist handelt. De bemiddelaar moet weer beweging in de "
                    "situatie krijgen, zonder dat de partijen het gevoel hebben dat ze gezichtsverlies lijden.",
                    "Two parties have a conflict they cannot solve themselves, with personal emotions left from earlier "
                    "clashes; each thinks they are right. The mediator gets the situation moving again without either "
                    "party losing face.",
                ),
            ),
        ),
        Section(
            _t("Werkwijze", "Method"),
            (
                _t(
                    "Voorafgaand aan het gesprek heb je je een duidelijk beeld gevormd waar de zaak over gaat en welke "
                    "beleving beide partijen hebben.",
                    "Before the talk, form a clear picture of what it is about and how both parties experience it.",
                ),
                _t(
                    "Nodig beide partijen uit toelichting te geven op de zaak, zo nodig verhelderen door terugkoppelen, "
                    "samenvatten en vragen stellen.",
                    "Invite both parties to explain; clarify by reflecting back, summarising and asking questions.",
                ),
                _t(
                    "In wisselwerking met beide partijen een probleemstelling formuleren.",
                    "Together with both parties, formulate the problem.",
                ),
                _t(
                    "Beide partijen laten verklaren dat deze situatie om beweging vraagt van beide kanten.",
                    "Have both parties state that the situation asks for movement from both sides.",
                ),
                _t("Beide partijen bereidheid vragen in beweging te komen.", "Ask both parties whether they are willing to move."),
            ),
        ),
        Section(
            _t("Vaardigheid", "Skills"),
            (
                _t(
                    "Zich open opstellen; Luisteren; Terugkoppelen; Ordenen; Vragend aansluiten; Vragend toevoegen; "
                    "Informeren; Adviseren.",
                    "Being open; listening; reflecting back; ordering; following up and adding with questions; "
                    "informing; advising.",
                ),
            ),
        ),
    ),
)

CONFRONTING_TALK = Guide(
    "confronting_talk",
    _t("Confronterend gesprek", "Confronting talk"),
    _t("Bijlage 7", "Appendix 7"),
    _t(
        "De hulpverlener maakt de ander duidelijk welk probleem hij/zij heeft met het gedrag van de cliënt. Aan de "
        "cliënt wordt om medewerking gevraagd om zo te komen tot een constructieve werksituatie/werkrelatie.",
        "The helper makes clear what problem they have with the other's behaviour and asks for cooperation "
        "towards a constructive working relationship.",
    ),
    (
        Section(
            _t("Kenmerken", "Characteristics"),
            (_t("De hulpverlener neem initiatief tot dit gesprek.", "The helper takes the initiative for this talk."),),
        ),
        Section(
            _t("Werkwijze", "Method"),
            (
                _t("Informeer de cliënt welk gedrag als hinderlijk wordt ervaren.", "Tell the other which behaviour is experienced as a nuisance."),
                _t(
                    "Leg dit uitvoerig uit, gebruik ik- boodschappen. Overtuig je ervan dat de ander begrepen heeft wat "
                    "het probleem is.",
                    "Explain it fully, using I-messages. Make sure the other has understood the problem.",
                ),
                _t("Ga serieus in op negatieve emoties van de ander.", "Take the other's negative emotions seriously."),
                _t(
                    "Nodig de ander oprecht uit om mee te werken aan het veranderen van de werksituatie/werkrelatie.",
                    "Sincerely invite the other to help change the situation.",
                ),
                _t("Spreek goede voornemens uit en maak afspraken.", "State good intentions and make agreements."),
            ),
        ),
        Section(
            _t("Vaardigheid", "Skills"),
            (
                _t("Duidelijke bewoording kiezen;", "Choosing clear words;"),
                _t("Open staan voor kritiek van de cliënt;", "Being open to the other's criticism;"),
                _t("Aandacht geven, empathisch reageren;", "Giving attention, responding with empathy;"),
                _t("Reflecteren op gevoelens van de ander;", "Reflecting on the other's feelings;"),
                _t("Verwoorden van de eigen gevoelens;", "Putting your own feelings into words;"),
                _t("Ik- boodschap gebruiken;", "Using I-messages;"),
                _t(
                    "Niet in de verdediging gaan, maar met een ik- boodschap de kritiek ontvangen;",
                    "Not getting defensive, but receiving criticism with an I-message;",
                ),
                _t(
                    "Duidelijk maken dat het gedrag van de ander te maken heeft met het gedrag en niet met de persoon "
                    "van de ander.",
                    "Making clear that it is about the behaviour, not about the person.",
                ),
            ),
        ),
    ),
)

RESTORATIVE_TALK = Guide(
    "restorative_talk",
    _t("Herstelgesprek", "Restorative talk"),
    _t("Bijlage 8", "Appendix 8"),
    _t(
        "In conflictsituaties wordt, naast genoegdoening voor aangebracht materieel leed, vooral ingezet op herstel "
        "van de verstoorde relatie, door slachtoffer, dader en andere betrokkenen met elkaar in gesprek te brengen. "
        "Dit gebeurt vanuit een vaste vraagstelling: wat is er gebeurd, hoe kijk je daarop terug, wie zijn erdoor "
        "benadeeld en hoe kan het weer goed gemaakt worden.",
        "Besides making good material harm, the aim is to repair the damaged relationship by bringing target, "
        "bully and others together, with fixed questions: what happened, how do you look back on it, who was "
        "harmed, and how can it be put right.",
    ),
    (
        Section(
            _t("De voorzitter creëert de condities die voor iedere deelnemer nodig zijn om:",
               "The chair creates the conditions every participant needs to:"),
            (
                _t("Emoties veilig te uiten;", "Express emotions safely;"),
                _t("De eigen verantwoordelijkheid voor het gebeurde te accepteren;", "Accept their own responsibility for what happened;"),
                _t("Te vertellen welke schade of leed door het gebeurde aangericht is;", "Say what harm or hurt was done;"),
                _t("Te vertellen welke behoeften en gevoelens daardoor beschadigd zijn;", "Say which needs and feelings were hurt;"),
                _t("Excuses maken, te vragen of te ontvangen;", "Make, ask for or receive apologies;"),
                _t(
                    "Bij te dragen aan het tot stand komen van een overeenkomst, met instemming van iedereen;",
                    "Help reach an agreement everyone consents to;",
                ),
                _t("Zich open te stellen voor herstel van de relatie.", "Open up to repairing the relationship."),
            ),
        ),
        Section(
            _t("Afsluiting", "Closing"),
            (
                _t(
                    "De conferentie wordt gehouden in cirkelopstelling, waarbij aan het einde van het gesprek een "
                    "overeenkomst wordt gemaakt, die door beide partijen wordt getekend. Dit gebeurt in vast volgorde; "
                    "dader, slachtoffer en vervolgens de ondersteuners.",
                    "The meeting sits in a circle; at the end an agreement is made and signed by both parties, in a "
                    "fixed order: bully, target, then the supporters.",
                ),
            ),
        ),
    ),
)

GUIDES = (ORIENTING_TALK, TALK_TIPS, DIGITAL_TIPS, MEDIATION_TALK, CONFRONTING_TALK, RESTORATIVE_TALK)

#: Which guides to show for which kind of record (seed 002 ch. 3 and 4).
BY_RECORD_KIND: dict[str, tuple[Guide, ...]] = {
    RecordKind.CONVERSATION: (ORIENTING_TALK, TALK_TIPS, MEDIATION_TALK, CONFRONTING_TALK, DIGITAL_TIPS),
    RecordKind.INTERVENTION: (MEDIATION_TALK, RESTORATIVE_TALK, DIGITAL_TIPS),
    RecordKind.FOLLOW_UP: (ORIENTING_TALK, TALK_TIPS),
}
