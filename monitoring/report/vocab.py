"""The eleven general measures (seed 000 §3.1) and the programmes (seed 000 §3.2).

Keys are stored in the database and never change; labels and descriptions may.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: (key, label, what the policy asks; seed 000 §3.1, shortened)
MEASURES: tuple[tuple[str, object, object], ...] = (
    ("policy", _("Beleid"), _("Het hebben en uitvoeren van anti-pestbeleid; het beleid wordt regelmatig geëvalueerd en zo nodig aangepast.")),
    ("example_role", _("Voorbeeldfunctie"), _("Schoolleiding en medewerkers onderschrijven het beleid en hebben een voorbeeldfunctie in gedrag, naar elkaar en naar de leerlingen.")),
    ("class_rules", _("Omgangsregels"), _("Mentoren en docenten stellen met de leerlingen positief geformuleerde klassenregels op, ook voor social media, en bespreken ze regelmatig.")),
    ("group_forming", _("Positieve groepsvorming / introductieactiviteiten"), _("Bij elke nieuwe klas en aan het begin van het schooljaar aandacht voor positieve groepsvorming, bijvoorbeeld leefstijl- en levensvaardigheidslessen.")),
    ("class_composition", _("Indeling klassen"), _("Bij de indeling in klassen wordt rekening gehouden met de wensen van de leerling en de ervaring uit voorgaande jaren.")),
    ("mentor_lessons", _("Mentoruren"), _("De mentor begeleidt de klas en de leerlingen; omgaan met elkaar, pesten en veiligheid komen regelmatig aan bod.")),
    ("supervision", _("Toezicht"), _("Structureel toezicht in en buiten de klas, in pauzeruimtes, op het schoolplein.")),
    ("parent_involvement", _("Ouderbetrokkenheid"), _("Ouders worden betrokken via ouderavonden, nieuwsbrieven, gesprekken en voorlichting over digitaal pesten.")),
    ("communication", _("Communicatie"), _("Het beleid wordt zichtbaar uitgedragen naar leerlingen, ouders en medewerkers, via website en schoolgids.")),
    ("staff_training", _("Opleiding docenten"), _("Pesten is een vast onderwerp in het team en in de scholing van personeel (klassenmanagement, herstelrecht, No Blame, conflicthantering).")),
    ("monitoring", _("Monitoring, registratie en klachtenregeling"), _("Systemen voor het monitoren van sociale veiligheid, het registreren van incidenten en het afhandelen van klachten; de klachtenregeling staat in schoolgids en op de website.")),
)
MEASURE_KEYS = tuple(key for key, _label, _desc in MEASURES)
MEASURE_LABELS = {key: label for key, label, _desc in MEASURES}

OTHER = "other"
#: (key, label, recognised by the Commissie Anti-pestprogramma's per seed 000 §3.2)
PROGRAMMES: tuple[tuple[str, str], ...] = (
    ("kiva", "KiVa"),
    ("prima", "PRIMA"),
    ("sta_sterk", "Sta Sterk"),
    ("its_up_to_you", "It’s up to you"),
    ("vreedzame_school", "De Vreedzame School"),
    ("kanjertraining", "Kanjertraining"),
    ("leefstijl", "Leefstijl"),
    ("rots_en_water", "Rots en Water"),
)
PROGRAMME_LABELS: dict[str, object] = dict(PROGRAMMES) | {OTHER: _("Anders")}


def programme_choices() -> list[tuple[str, object]]:
    return [*PROGRAMMES, (OTHER, _("Anders, namelijk …"))]


#: The PDCA texts of the year (seed 000, "Samenvatting"), in the cycle's order.
PDCA = (
    ("plan", _("Plan"), _("Wat wilden we dit jaar bereiken, en met welke maatregelen?")),
    ("do", _("Do"), _("Wat hebben we gedaan: rollen, taken en (extra) maatregelen.")),
    ("check", _("Check"), _("Wat laten de monitoring en de registratie zien?")),
    ("act", _("Act"), _("Wat passen we aan in het beleid voor volgend jaar?")),
)
