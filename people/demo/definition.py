"""The demo data: two fictional school boards, described as plain data.

Nothing here touches the database; ``people.demo.seed`` turns it into rows. Every name
(boards, schools, people) is made up. The two boards mirror the two policy documents in
DOMAIN.md: a nine-branch board in the Rotterdam area that runs the six-step protocol
(seed 000) and a three-branch board in Friesland that runs the routes protocol (seed 002).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PASSWORD = "veilig-op-school"

#: The fixed log-ins of every demo board: local part of the e-mail address → role.
#: The four branch roles are held at the board's first branch; ``board`` organisation-wide.
FIXED_LOGINS: dict[str, str] = {
    "mentor": "mentor",
    "coordinator": "coordinator",
    "adviser": "confidential_adviser",
    "management": "branch_management",
    "board": "board_coordinator",
}

#: Which protocol each board runs: the keys of protocol.definitions (six_step.KEY,
#: routes_steps.KEY). HOOK for a later issue: people may not import protocol (the apps are
#: layered people <- protocol <- incidents <- monitoring), so storing this choice as the
#: board's protocol.models.OrganisationProtocol belongs to a protocol-side demo step that
#: reads ``BoardDef.protocol``. Until then new cases of both boards use protocol's default.
PROTOCOL_SIX_STEPS = "six_step"  # seed 000, 5.1 and Bijlage 9
PROTOCOL_ROUTES = "routes"  # seed 002, chapters 2-4 (routes A-E)


@dataclass(frozen=True)
class YearDef:
    name: str
    starts_on: dt.date
    ends_on: dt.date


CURRENT_YEAR = YearDef("2026-2027", dt.date(2026, 8, 1), dt.date(2027, 7, 31))
PREVIOUS_YEAR = YearDef("2025-2026", dt.date(2025, 8, 1), dt.date(2026, 7, 31))

#: Grades (leerjaren) that get classes; the previous year's classes hold the students of
#: grades 2-4, so part of the students has a history.
GRADES = (1, 2, 3, 4)


@dataclass(frozen=True)
class BranchDef:
    """One school site.

    ``split`` says how classes map to departments:

    * ``"stream"`` — one class letter per department in every grade (1A vmbo, 1B mavo, …);
    * ``"stage"`` — ``sections`` parallel classes per grade, grades 1-2 in the first
      department (onderbouw) and 3-4 in the second (bovenbouw).
    """

    slug: str
    name: str
    city: str
    departments: tuple[str, ...]
    split: str = "stream"
    sections: int = 2
    #: The place decides the school-holiday region (protocol.calendar.places).
    postcode: str = ""
    province: str = ""

    def classes(self) -> list[tuple[str, int, str]]:
        """(class name, grade, department) for one school year, in a fixed order."""
        out: list[tuple[str, int, str]] = []
        for grade in GRADES:
            if self.split == "stream":
                for i, department in enumerate(self.departments):
                    out.append((f"{grade}{'ABCDEFGH'[i]}", grade, department))
            else:
                department = self.departments[0] if grade <= 2 else self.departments[1]
                for i in range(self.sections):
                    out.append((f"{grade}{'ABCDEFGH'[i]}", grade, department))
        return out


@dataclass(frozen=True)
class BoardDef:
    slug: str
    name: str
    email_domain: str
    protocol: str
    #: Prefix of the students' external ids (leerlingnummers), unique per board.
    student_prefix: str
    #: Seed of the board's own Faker: the same names on every machine.
    seed: int
    #: Students per class, cycled over the classes (small classes keep the demo fast).
    class_sizes: tuple[int, ...]
    #: Phone area code for the branches' public contacts.
    area_code: str
    branches: tuple[BranchDef, ...]


RIJNMOND = BoardDef(
    slug="rijnmond",
    name="Stichting Rijnmond Scholen",
    email_domain="rijnmond.example",
    protocol=PROTOCOL_SIX_STEPS,
    student_prefix="RM",
    seed=20260801,
    class_sizes=(5, 6, 4, 5, 6, 5, 4),
    area_code="010",
    branches=(
        BranchDef("havenlicht", "Havenlicht Lyceum", "Rotterdam", ("havo", "vwo"), postcode="3011 AB", province="zuid-holland"),
        BranchDef("maaskade", "Maaskade College", "Rotterdam", ("vmbo", "mavo"), postcode="3071 AB", province="zuid-holland"),
        BranchDef("kraanbaan", "Scholengemeenschap De Kraanbaan", "Rotterdam", ("vmbo", "mavo", "havo"), postcode="3081 AB", province="zuid-holland"),
        BranchDef("schiehaven", "Schiehaven College", "Schiedam", ("mavo", "havo", "vwo"), postcode="3111 AB", province="zuid-holland"),
        BranchDef("trekvliet", "Trekvliet Lyceum", "Vlaardingen", ("havo", "vwo"), postcode="3131 AB", province="zuid-holland"),
        BranchDef("ijsselkade", "IJsselkade College", "Capelle aan den IJssel", ("vmbo", "mavo", "havo"), postcode="2901 AB", province="zuid-holland"),
        BranchDef("polderpoort", "Polderpoort College", "Barendrecht", ("vmbo", "mavo"), postcode="2991 AB", province="zuid-holland"),
        BranchDef("oudemaas", "Scholengemeenschap Oude Maas", "Spijkenisse", ("vmbo", "mavo", "havo", "vwo"), postcode="3201 AB", province="zuid-holland"),
        BranchDef("rivierkade", "Rivierkade Vakcollege", "Ridderkerk", ("vmbo",), postcode="2981 AB", province="zuid-holland"),
    ),
)

NOORDERLICHT = BoardDef(
    slug="noorderlicht",
    name="Scholengroep Noorderlicht",
    email_domain="noorderlicht.example",
    protocol=PROTOCOL_ROUTES,
    student_prefix="NL",
    seed=20260802,
    class_sizes=(7, 6, 8, 7, 6),
    area_code="0519",
    branches=(
        BranchDef("waddenzicht", "Waddenzicht College", "Dokkum", ("onderbouw", "bovenbouw"), split="stage", sections=3,
                  postcode="9101 AB", province="friesland"),
        BranchDef("lauwersmeer", "Lauwersmeer Scholengemeenschap", "Kollum", ("vmbo", "mavo", "havo"), postcode="9291 AB",
                  province="friesland"),
        BranchDef("terpenland", "Terpenland Lyceum", "Leeuwarden", ("onderbouw", "bovenbouw"), split="stage", sections=3,
                  postcode="8911 AB", province="friesland"),
    ),
)

BOARDS: tuple[BoardDef, ...] = (RIJNMOND, NOORDERLICHT)
