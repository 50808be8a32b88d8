"""The seeds' lists of signals of bullying, shown as help on the signal form.

Each board sees the list of its own protocol, in the seed's own Dutch words (typing errors
of the source kept, so a coordinator can find every line back in the policy document):
the six-step protocol shows seed 000 §1.4 and Bijlage 3, the routes protocol seed 002
Bijlage 1. Headings have an English rendering; the lines are the board's document.
"""
from __future__ import annotations

from dataclasses import dataclass

from protocol.vocabulary import Text


@dataclass(frozen=True)
class SignalList:
    title: Text
    source: Text
    intro: str
    groups: tuple[tuple[Text, tuple[str, ...]], ...]


SEED_000 = SignalList(
    title=Text("Signalen van pesten", "Signs of bullying"),
    source=Text("Anti-pestbeleid § 1.4 en Bijlage 3", "Anti-bullying policy § 1.4 and Appendix 3"),
    intro=(
        "Het is daarom van groot belang dat leerkrachten, onderwijsondersteunend personeel en ouders altijd "
        "alert zijn op mogelijke signalen van pesten. Mogelijke signalen zijn: stil/teruggetrokken zijn, blijven "
        "hangen in de klas, alleen gaan staan/zitten in en om school, lichamelijke klachten, niet naar school "
        "willen/gaan, geen vrienden op school (die thuis komen), verminderde schoolresultaten, verwondingen, "
        "vernielde/ontvreemde spullen, etc."
    ),
    groups=(
        (
            Text("Leerlinggedrag", "Student behaviour"),
            (
                "angst om naar school te gaan of vaak afwezig zijn van school;",
                "gedraagt zich teruggetrokken;",
                "heeft weinig of geen vrienden/weinig contact met andere leerlingen;",
                "heeft last van faalangst en/of negatief zelfbeeld;",
                "maakt een sombere en/of angstige indruk;",
                "heeft last van concentratiestoornissen;",
                "schoolprestaties gaan achteruit;",
                "heeft vaak geen eetlust;",
                "ineens veel ruzie gaan maken, prikkelbaar en boos zijn",
                "zomaar en regelmatig huilen om niets;",
                "last hebben van buikpijn, hoofdpijn, misselijkheid of vage lichamelijke klachten;",
                "vermagering of in een korte tijd veel aankomen;",
                "zelfbeschadiging;",
                "komt thuis uit school met kapotte kleren/boeken/spullen;",
                "heeft verdacht vaak kneuzingen, verwondingen en blauwe plekken;",
                "wordt niet uitgenodigd voor feestjes;",
                "wil niet afspreken met klasgenoten;",
                "fietst alleen naar school;",
                "slaapt onrustig en droomt naar;",
                "vraagt of steelt geld van de familie;",
                "reageert overgevoelig op kleine plagerijtjes;",
                "thuis ineens erg overstuur zijn zonder dat er sprake lijkt te zijn van een aanleiding "
                "(signaal van cyberpesten)",
                "maakt ineens veel minder gebruik van telefoon en computer.",
            ),
        ),
        (
            Text("Signalen voor de leerkracht", "Signs for the teacher"),
            (
                "de leerling wordt nooit bij de eigen naam genoemd, maar altijd bij de bijnaam;",
                "er worden veel grapjes gemaakt over een leerling;",
                "een leerling krijgt telkens weer ergens de schuld van;",
                "briefjes doorgeven;",
                "beledigen;",
                "opmerkingen maken over kleding;",
                "isoleren en negeren;",
                "na schooltijd opwachten, schoppen of slaan;",
                "op weg naar huis achterna rijden;",
                "bezittingen afpakken;",
                "schelden of schreeuwen;",
                "pesten via mail, chat, telefoon",
                "de leerling is vaak betrokken bij samenscholingen of opstootjes in de klas of op de speelplaats;",
                "de leerling zoekt de veiligheid van de leerkracht op;",
                "een leerling komt opvallend vaak als laatste de klas binnen en gaat na de les heel snel weg of "
                "blijft juist erg lang plakken;",
                "er komen veel negatieve reacties vanuit de klas op wat een leerling zegt of doet;",
                "er circuleren negatieve verhalen over een leerling of zijn/haar familie;",
                "vaak lichamelijke klachten (hoofdpijn, buikpijn);",
                "de schoolresultaten van de leerling gaan achteruit;",
                "de leerling wordt dikwijls als laatste gekozen bij het indelen van groepjes (sportles, groepswerk);",
                "de leerling isoleert zich van de anderen, soms met één vriend(in);",
                "de leerling mag niet meedoen met anderen;",
                "de leerling is vaak alleen en buitengesloten tijdens pauzes;",
                "de leerling blijft dicht bij een leerkracht staan tijdens pauzes;",
                "opvallend vaak zijn er spullen kapot of verdwenen bij een leerling;",
                "een leerling is steeds het mikpunt van \"grapjes\" zoals pen weggooien, etui overgooien, stoel "
                "wegzetten etc.;",
                "de leerling gedraagt zich gestresst, ongelukkig en depressief;",
                "de leerling gedraagt zich schichtig, schrikt snel, durft iemand niet aan te kijken;",
                "de sfeer in de klas is niet goed;",
                "de leerkracht voelt intuïtief aan dat er ‘iets’ niet klopt in de klas en kan er maar niet de "
                "vinger achter krijgen wat het is;",
                "een leerling irriteert hem hevig, is erg vervelend en wordt door anderen ook zo ervaren;",
                "er zoemt een grote opwinding of onrust door de klas, waar moeilijk de vinger is op te leggen "
                "(signaal van cyberpesten);",
                "de leerling, andere leerlingen of de ouders geven signalen dat er wordt gepest.",
            ),
        ),
    ),
)

SEED_002 = SignalList(
    title=Text("Signalen gepest kind", "Signs of a bullied child"),
    source=Text("Pestprotocol Bijlage 1", "Bullying protocol Appendix 1"),
    intro=(
        "Omdat leerlingen in veel gevallen niet vertellen dat ze worden gepest kan uit indirecte signalen "
        "worden afgeleid of leerlingen worden gepest. De conciërges spelen hierbij een belangrijke rol, zij zijn "
        "immers de ogen en oren van de school, vooral tijdens de pauzes."
    ),
    groups=(
        (
            Text("Dit zijn de signalen op school", "Signs at school"),
            (
                "Blauwe plekken",
                "Spullen die \"kapot\" gaan",
                "Zij lijken geen vrienden te hebben, zijn vaak alleen",
                "Zij worden als laatste gekozen",
                "Geen zin om naar school te gaan",
                "Ze proberen dicht bij de leerkracht te blijven",
                "Angstig en onzeker",
                "Zij zien er bang, neerslachtig en huilerig uit",
                "Verminderde schoolresultaten",
                "Overdreven clownesk gedrag",
                "Klaagt over buikpijn, hoofdpijn",
                "Wordt uitgelachen, onvriendelijk behandeld",
                "Afkoopgedrag; geld/snoep of het maken van huiswerk voor anderen",
                "Andere kinderen uit jouw klas kunnen ook signalen geven dat een kind gepest wordt. Ze vertellen "
                "bijvoorbeeld dat een kind zit te huilen, niet mee mag doen of altijd alleen staat in de pauze",
            ),
        ),
        (
            Text("Dit zijn de signalen thuis", "Signs at home"),
            (
                "Komt thuis met kapotte fiets, kleren of boeken",
                "Heeft blauwe plekken, schrammen",
                "Neem geen klasgenoten mee",
                "Is bang om naar school te gaan",
                "Kiest een onlogische route van en naar school",
                "Slaapt onrustig en heeft nare dromen",
                "Vraagt en/of steelt geld van familie",
                "Wordt niet uitgenodigd voor feestjes",
                "Overspannen en gestrest op zondagavond of aan het eind van een vakantie",
            ),
        ),
    ),
)

#: Protocol key -> its seed's list (protocol.definitions.SIX_STEP / ROUTES).
SIGNAL_LISTS: dict[str, SignalList] = {"six_step": SEED_000, "routes": SEED_002}


def signal_list_for(protocol_key: str) -> SignalList:
    return SIGNAL_LISTS.get(protocol_key, SEED_000)
