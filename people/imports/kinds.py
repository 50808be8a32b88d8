"""The three kinds of import and their fields, with the column names SOMtoday and Magister
exports use, so a first import usually needs no mapping at all."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import ImportMapping

Kind = ImportMapping.Kind


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: object = ""


BRANCH = Field("branch", _("Vestiging"), aliases=("vestiging", "locatie", "school", "branch"),
               help=_("naam of korte naam van de vestiging"))
SCHOOL_YEAR = Field("school_year", _("Schooljaar"), aliases=("schooljaar", "school_year", "jaar"),
                    help=_("bijvoorbeeld 2026-2027; leeg: het huidige schooljaar"))
GRADE = Field("grade", _("Leerjaar"), aliases=("leerjaar", "jaarlaag", "grade"))

FIELDS: dict[str, tuple[Field, ...]] = {
    Kind.STUDENTS: (
        Field("external_id", _("Leerlingnummer"), True,
              ("leerlingnummer", "leerlingnr", "llnr", "stamnummer", "leerlingid", "externalid", "studentnumber")),
        Field("first_name", _("Roepnaam"), True, ("roepnaam", "voornaam", "firstname", "roepnaamleerling")),
        Field("infix", _("Tussenvoegsel"), False, ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "infix")),
        Field("last_name", _("Achternaam"), True, ("achternaam", "lastname", "familienaam")),
        Field("date_of_birth", _("Geboortedatum"), False, ("geboortedatum", "dateofbirth", "gebdatum"),
              help=_("dd-mm-jjjj")),
        BRANCH,
        Field("school_class", _("Klas"), False, ("klas", "stamgroep", "basisgroep", "stamklas", "class", "schoolclass")),
        GRADE,
        SCHOOL_YEAR,
    ),
    Kind.STAFF: (
        Field("email", _("E-mailadres"), True, ("emailadres", "email", "mail", "emailwerk", "emailmedewerker")),
        Field("full_name", _("Naam"), True, ("naam", "volledigenaam", "fullname", "medewerker", "naammedewerker")),
        Field("role", _("Rol"), True, ("rol", "functie", "role"),
              help=_("bijvoorbeeld Mentor, Docent, Anti-pestcoördinator")),
        BRANCH,
    ),
    Kind.CLASSES: (
        Field("school_class", _("Klas"), True, ("klas", "groep", "stamgroep", "basisgroep", "class", "schoolclass")),
        BRANCH,
        SCHOOL_YEAR,
        GRADE,
        Field("mentor_email", _("E-mailadres mentor"), False,
              ("mentor", "mentoren", "emailmentor", "mentoremail", "emailadresmentor", "mentoremailadres"),
              help=_("meer mentoren gescheiden door ; of ,")),
    ),
}


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS[Kind(kind)]


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header).lower().replace("ë", "e").replace("é", "e"))


def guess_mapping(kind: str, headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """Header → field key: the organisation's saved mapping first, then known column names."""
    saved = saved or {}
    valid = {f.key for f in fields_of(kind)}
    by_alias = {}
    for f in fields_of(kind):
        for alias in (f.key, *f.aliases):
            by_alias.setdefault(normalise(alias), f.key)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        if not header:
            continue
        if header in saved and (saved[header] in valid or saved[header] == ""):
            key = saved[header]
        else:
            key = by_alias.get(normalise(header), "")
        if key and key in taken:
            key = ""
        mapping[header] = key
        if key:
            taken.add(key)
    return mapping
