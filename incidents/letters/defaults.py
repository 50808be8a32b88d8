"""The shipped Dutch letters to parents, and the placeholders an organisation may use.

Templates are plain text with ``$placeholders`` (``string.Template``): no template
language in text that users edit. Paragraphs are separated by an empty line; a line that
starts with "- " is a bullet. An organisation can replace the text per kind of letter
(LetterTemplate); the step-2 letter is written once for both parties, and the parts that
differ between the parents of the target and of the bully come from ``$aanleiding`` and
``$vraag_aan_ouders``.

Sources: seed 000 §5.1 steps 2, 4 and 5 and §5.2; the legal rules on suspension
(Inrichtingsbesluit WVO: at most one week, in writing with reasons to student and
parents, the inspectorate informed when longer than one day) and on objecting (six weeks).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from protocol.vocabulary import InformedParty

AGREEMENTS = "agreements"
SECOND_TALK = "second_talk"
SUSPENSION = "suspension"

TARGET = InformedParty.TARGET_PARENTS.value
BULLY = InformedParty.BULLY_PARENTS.value

#: Which parents each kind of letter may go to.
PARTIES: dict[str, tuple[str, ...]] = {
    AGREEMENTS: (TARGET, BULLY),
    SECOND_TALK: (BULLY,),
    SUSPENSION: (BULLY,),
}

#: Marks a gap the writer must fill in; a letter is not sent while one is left.
FILL_IN = "invullen]"


@dataclass(frozen=True)
class DefaultTemplate:
    subject: str
    body: str


DEFAULTS: dict[str, DefaultTemplate] = {
    AGREEMENTS: DefaultTemplate(
        subject="Afspraken over de situatie rond $leerling",
        body="""Geachte ouder(s)/verzorger(s),

$aanleiding

Iedere leerling moet zich bij ons op school veilig kunnen voelen; daarom nemen wij pesten serieus. Na de gesprekken met de betrokken leerlingen zijn de volgende afspraken gemaakt en vastgelegd:

$afspraken

De komende vier weken houden de mentor, $mentor, en de anti-pestcoördinator, $coordinator, in de gaten of deze afspraken worden nagekomen. Wij blijven daarover in gesprek met $voornaam.

$vraag_aan_ouders

Heeft u vragen, of merkt u thuis iets waarvan u denkt dat wij het moeten weten? Neem dan gerust contact op met $mentor (mentor) of met $coordinator (anti-pestcoördinator). Wij houden u op de hoogte van het verloop.""",
    ),
    SECOND_TALK: DefaultTemplate(
        subject="Verslag van het tweede gesprek over $leerling",
        body="""Geachte ouder(s)/verzorger(s),

Op $gesprek_datum hebben wij met u en $voornaam een tweede gesprek gevoerd. Dat gesprek was nodig omdat het pesten, ondanks de eerder gemaakte afspraken, niet is gestopt. In deze brief zetten wij op een rij wat wij hebben besproken.

Eerder zijn de volgende afspraken gemaakt:

$afspraken

Wij hebben afgesproken dat $voornaam opnieuw twee weken de tijd krijgt om het gedrag te veranderen, tot en met $termijn_tot. In die periode volgen de mentor, $mentor, en de anti-pestcoördinator, $coordinator, de situatie nauwkeurig. Waar dat helpt, zetten wij begeleiding in om $voornaam daarbij te steunen.

Wij willen open zijn over wat er gebeurt als het pesten ook daarna niet stopt. Dan kan de school verdere maatregelen nemen; volgens het pestprotocol kan dat uiteindelijk een schorsing zijn. Wij hopen van harte dat het zover niet komt, en wij rekenen daarbij op uw steun.

Wilt u de afspraken thuis opnieuw met $voornaam bespreken? Heeft u vragen of wilt u iets met ons overleggen, neem dan contact op met $mentor (mentor) of met $coordinator (anti-pestcoördinator).""",
    ),
    SUSPENSION: DefaultTemplate(
        subject="Besluit tot schorsing van $leerling",
        body="""Geachte ouder(s)/verzorger(s), beste $voornaam,

Met deze brief maken wij ons besluit bekend om $leerling (klas $klas) te schorsen voor $schorsingsduur: $schorsingsperiode.

Redenen van dit besluit:

$redenen

Eerder zijn er met $voornaam en met u afspraken gemaakt en is er een tweede gesprek gevoerd. Ondanks die afspraken en de geboden begeleiding is het pesten niet gestopt. Alle leerlingen moeten zich op school veilig kunnen voelen. Daarom hebben wij, na zorgvuldige afweging, tot deze schorsing besloten.

Tijdens de schorsing mag $voornaam niet op school komen. $voornaam krijgt schoolwerk mee, zodat de achterstand zo klein mogelijk blijft; de mentor, $mentor, spreekt met u af hoe dat gaat. Wij verwachten $voornaam op $terugkeerdatum weer op school. Wij nodigen u en $voornaam uit voor een gesprek over een goede terugkeer en over de hulp die wij samen met u inzetten om het gedrag te veranderen.

$inspectie

Bezwaar maken
Bent u het niet eens met dit besluit, dan kunt u binnen zes weken na de datum van deze brief schriftelijk bezwaar maken bij het bevoegd gezag van de school: het bestuur van $bestuur. Vermeld in uw bezwaarschrift uw naam en adres, de datum, het besluit waartegen u bezwaar maakt (met het kenmerk $zaaknummer) en de redenen waarom u het er niet mee eens bent, en onderteken het. Het bestuur stelt u in de gelegenheid uw bezwaar toe te lichten voordat het beslist. Het maken van bezwaar schort de schorsing niet op. Heeft u vragen over de bezwaarprocedure, neem dan contact op met de directie van $vestiging.""",
    ),
}

#: The party-dependent paragraphs of the step-2 letter.
AANLEIDING = {
    TARGET: (
        "Met deze brief laten wij u weten dat $voornaam de afgelopen periode op school is gepest. "
        "Wij vinden het heel naar dat $voornaam dit heeft moeten meemaken. Het is goed dat het "
        "bij ons bekend is geworden: alleen dan kunnen wij er samen iets aan doen."
    ),
    BULLY: (
        "Met deze brief laten wij u weten dat $voornaam betrokken is bij het pesten van een "
        "medeleerling. Wij hebben daarover met $voornaam gesproken en duidelijk gemaakt dat pesten "
        "op onze school niet wordt geaccepteerd. Ons doel is dat het pesten stopt en dat alle "
        "leerlingen zich weer veilig voelen; wij geloven dat $voornaam daaraan kan bijdragen."
    ),
}
VRAAG_AAN_OUDERS = {
    TARGET: (
        "Wij vragen u thuis met $voornaam in gesprek te blijven en ons meteen te laten weten als het "
        "pesten doorgaat of als $voornaam zich niet veilig voelt. Wilt u $voornaam aanmoedigen om "
        "het altijd te melden bij de mentor of een andere volwassene op school? Ook de "
        "vertrouwenspersoon van de school staat voor $voornaam klaar."
    ),
    BULLY: (
        "Wij vragen u deze afspraken thuis met $voornaam te bespreken en $voornaam te steunen bij het "
        "nakomen ervan. Als het pesten niet stopt, volgt een tweede gesprek met $voornaam en met u, "
        "en kan de school maatregelen nemen zoals beschreven in het pestprotocol. Wij vertrouwen "
        "erop dat het zover niet hoeft te komen."
    ),
}

INSPECTIE = (
    "Omdat de schorsing langer dan één dag duurt, melden wij haar, met de redenen, schriftelijk "
    "aan de Inspectie van het Onderwijs. Dat is wettelijk verplicht."
)

#: Placeholders and what they become, explained on the template page.
PLACEHOLDERS: tuple[tuple[str, object], ...] = (
    ("leerling", _("volledige naam van de leerling over wie de brief gaat")),
    ("voornaam", _("voornaam van de leerling")),
    ("klas", _("klas van de leerling")),
    ("vestiging", _("naam van de vestiging")),
    ("plaats", _("plaats van de vestiging")),
    ("bestuur", _("naam van het schoolbestuur")),
    ("schooljaar", _("het schooljaar, bijvoorbeeld 2026-2027")),
    ("datum", _("de datum van vandaag")),
    ("zaaknummer", _("het zaaknummer (kenmerk)")),
    ("afspraken", _("de afspraken uit de tijdlijn, als opsomming")),
    ("mentor", _("naam van de mentor van de zaak")),
    ("coordinator", _("naam van de anti-pestcoördinator")),
    ("aanleiding", _("brief stap 2: wat er speelt, anders verwoord voor de ouders van de gepeste leerling en van de pester")),
    ("vraag_aan_ouders", _("brief stap 2: wat de school van deze ouders vraagt (per partij anders)")),
    ("gesprek_datum", _("tweede gesprek: datum van het vastgelegde gesprek met pester en ouders")),
    ("termijn_tot", _("tweede gesprek: laatste dag van de twee extra weken")),
    ("schorsingsduur", _("schorsing: bijvoorbeeld ‘twee schooldagen’")),
    ("schooldagen", _("schorsing: aantal schooldagen als getal")),
    ("startdatum", _("schorsing: eerste dag")),
    ("einddatum", _("schorsing: laatste dag")),
    ("schorsingsperiode", _("schorsing: ‘op …’ of ‘van … tot en met …’")),
    ("terugkeerdatum", _("schorsing: de dag waarop de leerling terugkomt")),
    ("redenen", _("schorsing: de redenen, zoals vastgelegd bij de schorsing")),
    ("inspectie", _("schorsing: de zin over de melding aan de inspectie (leeg bij één dag)")),
)
PLACEHOLDER_NAMES = frozenset(name for name, _description in PLACEHOLDERS)

NUMBERS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
