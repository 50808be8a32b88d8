"""Which of the government's three holiday regions a school is in, from its place.

The Ministry of Education assigns every municipality to region noord, midden or zuid
(rijksoverheid.nl, "Schoolvakanties": noord = Drenthe, Flevoland except Zeewolde,
Friesland, Groningen, Noord-Holland, Overijssel, and the municipalities Hattem (Gld) and
Eemnes (Utr); midden = Zuid-Holland, Utrecht except Eemnes, Zeewolde, Altena (NB) and
most of Gelderland; zuid = Limburg, Zeeland, Noord-Brabant except Altena, and southern
Gelderland around Arnhem and Nijmegen).

``region_of_place`` derives the region from what a branch records: the municipality or
place (for the split provinces' exceptions), the postcode (its first two digits name an
area that lies in one region, or is flagged when it straddles two), or the province. It
says how it decided and whether that is certain; management confirms or overrides it
(people.Branch.holiday_region). Pure: no database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NOORD, MIDDEN, ZUID = "noord", "midden", "zuid"
DEFAULT = MIDDEN

PROVINCES: dict[str, str] = {
    "drenthe": "Drenthe", "flevoland": "Flevoland", "friesland": "Friesland", "gelderland": "Gelderland",
    "groningen": "Groningen", "limburg": "Limburg", "noord-brabant": "Noord-Brabant",
    "noord-holland": "Noord-Holland", "overijssel": "Overijssel", "utrecht": "Utrecht", "zeeland": "Zeeland",
    "zuid-holland": "Zuid-Holland",
}
#: Province -> region; None where the province is split between regions (Gelderland).
PROVINCE_REGION: dict[str, str | None] = {
    "drenthe": NOORD, "flevoland": NOORD, "friesland": NOORD, "groningen": NOORD, "noord-holland": NOORD,
    "overijssel": NOORD, "utrecht": MIDDEN, "zuid-holland": MIDDEN, "gelderland": None,
    "noord-brabant": ZUID, "limburg": ZUID, "zeeland": ZUID,
}

#: Municipalities (and their main places) that differ from their province, and those of
#: Gelderland, which is split three ways.
_GELDERLAND_ZUID = (
    "arnhem", "berg en dal", "groesbeek", "ubbergen", "millingen aan de rijn", "beuningen", "doesburg", "druten",
    "duiven", "heumen", "malden", "lingewaard", "bemmel", "huissen", "gendt", "maasdriel", "kerkdriel",
    "montferland", "didam", "'s-heerenberg", "neder-betuwe", "kesteren", "opheusden", "dodewaard", "nijmegen",
    "overbetuwe", "elst", "heteren", "zetten", "renkum", "oosterbeek", "doorwerth", "heelsum", "rheden", "dieren",
    "velp", "rozendaal", "west maas en waal", "beneden-leeuwen", "westervoort", "wijchen", "zaltbommel",
    "zevenaar",
)
_GELDERLAND_MIDDEN = (
    "aalten", "apeldoorn", "barneveld", "berkelland", "borculo", "eibergen", "neede", "bronckhorst", "hengelo (gld)",
    "vorden", "brummen", "eerbeek", "buren", "culemborg", "doetinchem", "ede", "bennekom", "lunteren", "elburg",
    "epe", "ermelo", "harderwijk", "heerde", "lochem", "nijkerk", "nunspeet", "oldebroek", "wezep",
    "oost gelre", "groenlo", "lichtenvoorde", "oude ijsselstreek", "ulft", "gendringen", "putten", "scherpenzeel",
    "tiel", "voorst", "twello", "wageningen", "west betuwe", "geldermalsen", "winterswijk", "zutphen",
)
PLACE_REGION: dict[str, str] = {
    **{name: ZUID for name in _GELDERLAND_ZUID},
    **{name: MIDDEN for name in _GELDERLAND_MIDDEN},
    "hattem": NOORD,
    "eemnes": NOORD,
    "zeewolde": MIDDEN,
    "altena": MIDDEN, "werkendam": MIDDEN, "woudrichem": MIDDEN, "almkerk": MIDDEN, "sleeuwijk": MIDDEN,
}

#: First two digits of a postcode -> region. Areas whose places lie in two regions are in
#: ``POSTCODE_MIXED`` with the region most of them have.
POSTCODE_REGION: dict[range, str] = {
    range(10, 22): NOORD,  # Noord-Holland, Almere (Flevoland)
    range(22, 43): MIDDEN,  # Zuid-Holland, Utrecht, the Veluwe's west, Betuwe, Altena
    range(43, 65): ZUID,  # Zeeland, Noord-Brabant, Limburg (and Zaltbommel, Maasdriel)
    range(65, 67): ZUID,  # Nijmegen and around
    range(67, 68): MIDDEN,  # Ede, Wageningen
    range(68, 70): ZUID,  # Arnhem and around
    range(70, 74): MIDDEN,  # Achterhoek, Zutphen, Apeldoorn
    range(74, 100): NOORD,  # Overijssel, Drenthe, Flevoland, Friesland, Groningen
}
#: Postcode areas with places in more than one region (ask management to confirm).
POSTCODE_MIXED = frozenset({21, 37, 40, 69, 70, 80, 81})

REGION_LABELS = {NOORD: ("Noord", "North"), MIDDEN: ("Midden", "Central"), ZUID: ("Zuid", "South")}


@dataclass(frozen=True)
class RegionGuess:
    region: str
    #: How it was decided: "override", "place", "postcode", "province" or "default".
    basis: str
    certain: bool
    detail: str = ""

    def explanation(self, lang: str = "nl") -> str:
        label = REGION_LABELS[self.region][0 if lang != "en" else 1]
        nl, en = {
            "override": ("ingesteld door de directie", "set by management"),
            "place": (f"afgeleid uit de plaats {self.detail}", f"derived from the place {self.detail}"),
            "postcode": (f"afgeleid uit postcode {self.detail}", f"derived from postcode {self.detail}"),
            "province": (f"afgeleid uit de provincie {self.detail}", f"derived from the province {self.detail}"),
            "default": ("standaard: er is geen plaats, postcode of provincie ingevuld",
                        "default: no place, postcode or province recorded"),
        }[self.basis]
        text = f"{label} ({nl})" if lang != "en" else f"{label} ({en})"
        if not self.certain:
            text += (" — controleer dit: in dit gebied liggen scholen in verschillende regio's"
                     if lang != "en" else " — please check: schools in this area lie in different regions")
        return text


def normalise_postcode(value: str) -> str:
    """``"9101ab"`` -> ``"9101 AB"``; raises ValueError for anything else."""
    text = re.sub(r"\s+", "", value or "").upper()
    if not re.fullmatch(r"[1-9][0-9]{3}([A-Z]{2})?", text):
        raise ValueError(value)
    return f"{text[:4]} {text[4:]}".strip()


def region_of_place(*, override: str = "", place: str = "", postcode: str = "", province: str = "") -> RegionGuess:
    """The holiday region of a school: see the module docstring for the order of evidence."""
    if override in REGION_LABELS:
        return RegionGuess(override, "override", True)
    key = (place or "").strip().lower()
    if key in PLACE_REGION:
        return RegionGuess(PLACE_REGION[key], "place", True, place.strip())
    digits = re.sub(r"\D", "", postcode or "")[:4]
    if len(digits) == 4 and digits[0] != "0":
        area = int(digits[:2])
        for span, region in POSTCODE_REGION.items():
            if area in span:
                return RegionGuess(region, "postcode", area not in POSTCODE_MIXED, digits)
    prov = (province or "").strip().lower()
    if prov in PROVINCE_REGION:
        region = PROVINCE_REGION[prov]
        if region is None:
            return RegionGuess(DEFAULT, "province", False, PROVINCES[prov])
        return RegionGuess(region, "province", True, PROVINCES[prov])
    return RegionGuess(DEFAULT, "default", False)
