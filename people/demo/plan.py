"""Turn a board's definition into the exact rows to seed — pure, no database.

The same definition and seed give the same plan on every machine (Faker nl_NL with the
board's fixed seed), so the seeding can match existing rows on their natural keys
(slugs, class names, external ids, e-mail addresses) and create only what is missing.
Names are drawn in one fixed order whether or not rows already exist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faker import Faker

from people.roles import Role

from .definition import CURRENT_YEAR, PREVIOUS_YEAR, BoardDef, BranchDef

#: Lower-case words that open a Dutch surname (tussenvoegsels), e.g. "van der" in "van der Ploeg".
_INFIX_WORDS = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "d'", "la", "le", "du"}


@dataclass(frozen=True)
class ClassPlan:
    year: str
    branch: str  # branch slug
    name: str
    grade: int
    department: str


@dataclass(frozen=True)
class StudentPlan:
    external_id: str
    first_name: str
    infix: str
    last_name: str
    date_of_birth: dt.date
    branch: str
    current_class: str
    previous_class: str | None


@dataclass
class StaffPlan:
    email: str
    full_name: str
    #: (role, branch slug or None for organisation-wide roles)
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    #: (year name, branch slug, class name) of the classes this person mentors
    mentors: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ContactPlan:
    coordinator_name: str
    coordinator_email: str
    coordinator_phone: str
    adviser_name: str
    adviser_email: str
    adviser_phone: str


@dataclass
class BoardPlan:
    board: BoardDef
    classes: list[ClassPlan]
    students: list[StudentPlan]
    staff: list[StaffPlan]
    contacts: dict[str, ContactPlan]


def split_surname(surname: str) -> tuple[str, str]:
    """("van der Ploeg") → ("van der", "Ploeg"): the infix is sorted apart in Dutch records."""
    words = surname.split(" ")
    infix: list[str] = []
    while len(words) > 1 and words[0] in _INFIX_WORDS:
        infix.append(words.pop(0))
    return " ".join(infix), " ".join(words)


def _born_between(grade: int) -> tuple[dt.date, dt.date]:
    """Birth dates of a student in ``grade`` of the current year (12 on 1 October in grade 1)."""
    first = CURRENT_YEAR.starts_on.year - 12 - grade  # 2026: grade 1 → born Oct 2013 … Sep 2014
    return dt.date(first, 10, 1), dt.date(first + 1, 9, 30)


def plan_board(board: BoardDef) -> BoardPlan:
    fake = Faker("nl_NL")
    fake.seed_instance(board.seed)
    domain = board.email_domain
    first_branch = board.branches[0]

    classes: list[ClassPlan] = []
    students: list[StudentPlan] = []
    staff: list[StaffPlan] = []
    contacts: dict[str, ContactPlan] = {}
    number = 0

    def person(email: str) -> StaffPlan:
        member = StaffPlan(email=email, full_name=f"{fake.first_name()} {fake.last_name()}")
        staff.append(member)
        return member

    def phone() -> str:
        # Ten digits in all; a subscriber number never starts with 0.
        digits = 10 - len(board.area_code)
        return f"{board.area_code}-{fake.numerify('%' + '#' * (digits - 1))}"

    for index, branch in enumerate(board.branches):
        is_first = branch is first_branch
        layout = branch.classes()
        for year in (PREVIOUS_YEAR, CURRENT_YEAR):
            classes += [ClassPlan(year.name, branch.slug, name, grade, dept) for name, grade, dept in layout]

        # Students: every class of the current year; grades 2-4 were in the class one grade
        # lower with the same letter last year.
        for position, (class_name, grade, _dept) in enumerate(layout):
            size = board.class_sizes[(index + position) % len(board.class_sizes)]
            born_from, born_to = _born_between(grade)
            previous = f"{grade - 1}{class_name[1:]}" if grade > 1 else None
            for _ in range(size):
                number += 1
                infix, last_name = split_surname(fake.last_name())
                students.append(
                    StudentPlan(
                        external_id=f"{board.student_prefix}{number:05d}",
                        first_name=fake.first_name(),
                        infix=infix,
                        last_name=last_name,
                        date_of_birth=fake.date_between_dates(born_from, born_to),
                        branch=branch.slug,
                        current_class=class_name,
                        previous_class=previous,
                    )
                )

        # Staff: every branch role, with deterministic addresses. At the first branch the
        # fixed demo log-ins take the place of the generated ones.
        _plan_branch_staff(branch, is_first, domain, person)
        coordinator = _holder(staff, Role.COORDINATOR, branch.slug)
        adviser = _holder(staff, Role.CONFIDENTIAL_ADVISER, branch.slug)
        contacts[branch.slug] = ContactPlan(
            coordinator_name=coordinator.full_name,
            coordinator_email=coordinator.email,
            coordinator_phone=phone(),
            adviser_name=adviser.full_name,
            adviser_email=adviser.email,
            adviser_phone=phone(),
        )

    person(f"board@{domain}").roles.append((Role.BOARD_COORDINATOR.value, None))
    person(f"board-management@{domain}").roles.append((Role.BOARD_MANAGEMENT.value, None))
    return BoardPlan(board=board, classes=classes, students=students, staff=staff, contacts=contacts)


def _plan_branch_staff(branch: BranchDef, is_first: bool, domain: str, person) -> None:
    slug = branch.slug

    def address(local: str, fixed: str | None = None) -> str:
        return f"{fixed}@{domain}" if is_first and fixed else f"{local}.{slug}@{domain}"

    # One mentor per class of the current year. Last year's classes get no mentor links:
    # people.access lets a mentor read the students of every class they mentor, whatever
    # the year, so old links would widen the demo mentors' view beyond their own class.
    for n, (class_name, _grade, _dept) in enumerate(branch.classes()):
        mentor = person(address(f"mentor.{class_name.lower()}", "mentor" if n == 0 else None))
        mentor.roles.append((Role.MENTOR.value, slug))
        mentor.mentors.append((CURRENT_YEAR.name, slug, class_name))
    for n in (1, 2):
        person(address(f"teacher{n}")).roles.append((Role.TEACHER.value, slug))
    person(address("support")).roles.append((Role.SUPPORT_STAFF.value, slug))
    for department in branch.departments:
        person(address(f"head.{department}")).roles.append((Role.HEAD_OF_DEPARTMENT.value, slug))
    person(address("counsellor")).roles.append((Role.STUDENT_COUNSELLOR.value, slug))
    person(address("coordinator", "coordinator")).roles.append((Role.COORDINATOR.value, slug))
    person(address("care")).roles.append((Role.CARE_COORDINATOR.value, slug))
    person(address("adviser", "adviser")).roles.append((Role.CONFIDENTIAL_ADVISER.value, slug))
    person(address("management", "management")).roles.append((Role.BRANCH_MANAGEMENT.value, slug))


def _holder(staff: list[StaffPlan], role: str, branch: str) -> StaffPlan:
    return next(s for s in staff if (role, branch) in s.roles)
