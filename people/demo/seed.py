"""Write a board's demo plan to the database, idempotently and under row-level security.

Every row is matched on its natural key (organisation slug, branch slug, department name,
school-year name, class name, external id, e-mail address, role and branch) and only the
missing ones are created, in bulk; existing rows are left as they are. A board is written
in one transaction with its organisation activated (people.tenancy), so the command works
as the application role on PostgreSQL, where row-level security hides other tenants.

Seeded rows bypass the services on purpose (speed: a few thousand rows in bulk) and so
leave no audit events; the data are fictional.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from people import services
from people.hooks import Hook
from people.models import (
    Branch,
    ClassMentor,
    Department,
    Enrolment,
    Organisation,
    RoleAssignment,
    SchoolClass,
    SchoolYear,
    Student,
    User,
)
from people.roles import ORGANISATION_ROLES, Role
from people.tenancy import tenant_context

from .definition import BOARDS, CURRENT_YEAR, FIXED_LOGINS, PASSWORD, PREVIOUS_YEAR, BoardDef
from .plan import BoardPlan, plan_board

#: Called for each demo board, inside its tenant context, as ``seeder(organisation=, board=)``
#: (board: people.demo.definition.BoardDef). Higher layers register theirs in ready() to
#: add their demo data (the protocol choice, cases, survey rounds), idempotently.
DEMO_SEEDERS: Hook[Callable[..., None]] = Hook("demo seeders")


class DemoSeedError(Exception):
    pass


@dataclass(frozen=True)
class BoardSummary:
    organisation: Organisation
    branches: int
    classes: int
    students: int
    staff: int
    created: int  # rows created by this run (0 when the board was already complete)
    #: (e-mail, role, where) of the fixed demo log-ins
    logins: tuple[tuple[str, str, str], ...]


def seed_demo(boards: Iterable[BoardDef] = BOARDS) -> list[BoardSummary]:
    """Seed every demo board; safe to run again."""
    # One hash for every demo account: hashing a few hundred passwords one by one would
    # take minutes, and the password is public anyway.
    password_hash = make_password(PASSWORD)
    return [seed_board(plan_board(board), password_hash=password_hash) for board in boards]


def find_organisation(board: BoardDef) -> Organisation | None:
    """The board's organisation, if it was seeded before: matched on its slug.

    people.rls lets every tenant read the organisation table (names and slugs are public).
    Should that policy ever narrow to the active tenant, the board's fixed log-in still
    leads there: the user table is the documented exception to row-level security.
    """
    org = Organisation.objects.filter(slug=board.slug).first()
    if org is not None:
        return org
    org_id = (
        User.objects.filter(email=f"board@{board.email_domain}")
        .values_list("organisation_id", flat=True)
        .first()
    )
    if org_id is None:
        return None
    with tenant_context(org_id):
        org = Organisation.objects.filter(pk=org_id).first()
    if org is not None and org.slug != board.slug:
        raise DemoSeedError(f"board@{board.email_domain} belongs to organisation {org.slug!r}, not {board.slug!r}.")
    return org


def seed_board(plan: BoardPlan, *, password_hash: str) -> BoardSummary:
    board = plan.board
    counter = _Counter()
    with transaction.atomic():
        org = find_organisation(board)
        if org is None:
            org = services.organisation_create(name=board.name, slug=board.slug, email_domain=board.email_domain)
            counter.created += 1
        with tenant_context(org):
            summary = _seed_rows(org, plan, password_hash, counter)
            # Later layers (protocol choice, demo cases, surveys) add their part here;
            # people may not import them, so they register a seeder (people.hooks).
            for seeder in DEMO_SEEDERS:
                seeder(organisation=org, board=board)
    return summary


class _Counter:
    created = 0


def _ensure(
    counter: _Counter,
    queryset: models.QuerySet,
    key: Callable[[models.Model], Hashable],
    wanted: dict[Hashable, models.Model],
) -> dict[Hashable, models.Model]:
    """Create the ``wanted`` rows whose key is missing; return every wanted key's row."""
    existing = {key(obj): obj for obj in queryset.all()}
    missing = [obj for k, obj in wanted.items() if k not in existing]
    if missing:
        queryset.model.objects.bulk_create(missing, batch_size=500)
        counter.created += len(missing)
        # Read back rather than trust bulk_create to fill primary keys on every backend.
        existing = {key(obj): obj for obj in queryset.all()}
    return {k: existing[k] for k in wanted}


def _seed_rows(org: Organisation, plan: BoardPlan, password_hash: str, counter: _Counter) -> BoardSummary:
    board = plan.board
    own = {"organisation": org}

    years = _ensure(
        counter,
        SchoolYear.objects.for_organisation(org),
        lambda y: y.name,
        {
            y.name: SchoolYear(name=y.name, starts_on=y.starts_on, ends_on=y.ends_on, **own)
            for y in (PREVIOUS_YEAR, CURRENT_YEAR)
        },
    )

    branches = _ensure(
        counter,
        Branch.objects.for_organisation(org),
        lambda b: b.slug,
        {b.slug: Branch(slug=b.slug, name=b.name, city=b.city, postcode=b.postcode, province=b.province, **own)
         for b in board.branches},
    )
    # The place decides the school-holiday region: filled in where still empty.
    for b in board.branches:
        branch = branches[b.slug]
        if not branch.postcode and b.postcode:
            branch.postcode, branch.province = b.postcode, b.province
            branch.save(update_fields=["postcode", "province"])
    # The public contacts (seed 000, 2.2-2.3): filled in where still empty.
    for slug, contact in plan.contacts.items():
        branch = branches[slug]
        if not (branch.coordinator_name or branch.adviser_name):
            for name, value in vars(contact).items():
                setattr(branch, name, value)
            branch.save(update_fields=list(vars(contact)))
            counter.created += 1

    departments = _ensure(
        counter,
        Department.objects.for_organisation(org).select_related("branch"),
        lambda d: (d.branch.slug, d.name),
        {
            (b.slug, name): Department(branch=branches[b.slug], name=name, **own)
            for b in board.branches
            for name in b.departments
        },
    )

    classes = _ensure(
        counter,
        SchoolClass.objects.for_organisation(org).select_related("branch", "school_year"),
        lambda c: (c.school_year.name, c.branch.slug, c.name),
        {
            (c.year, c.branch, c.name): SchoolClass(
                branch=branches[c.branch],
                school_year=years[c.year],
                department=departments[(c.branch, c.department)],
                name=c.name,
                grade=c.grade,
                **own,
            )
            for c in plan.classes
        },
    )

    students = _ensure(
        counter,
        Student.objects.for_organisation(org),
        lambda s: s.external_id,
        {
            s.external_id: Student(
                external_id=s.external_id,
                first_name=s.first_name,
                infix=s.infix,
                last_name=s.last_name,
                date_of_birth=s.date_of_birth,
                branch=branches[s.branch],
                **own,
            )
            for s in plan.students
        },
    )

    wanted_enrolments: dict[Hashable, models.Model] = {}
    for s in plan.students:
        placements = [(CURRENT_YEAR.name, s.current_class)]
        if s.previous_class:
            placements.append((PREVIOUS_YEAR.name, s.previous_class))
        for year, class_name in placements:
            wanted_enrolments[(s.external_id, year)] = Enrolment(
                student=students[s.external_id],
                school_class=classes[(year, s.branch, class_name)],
                school_year=years[year],
                **own,
            )
    _ensure(
        counter,
        Enrolment.objects.for_organisation(org).select_related("student", "school_year"),
        lambda e: (e.student.external_id, e.school_year.name),
        wanted_enrolments,
    )

    users = _ensure(
        counter,
        User.objects.filter(email__in=[m.email for m in plan.staff]),
        lambda u: u.email,
        {
            m.email: User(email=m.email, full_name=m.full_name, organisation=org, password=password_hash)
            for m in plan.staff
        },
    )
    strangers = [u.email for u in users.values() if u.organisation_id != org.pk]
    if strangers:
        raise DemoSeedError(f"These addresses belong to another organisation: {', '.join(strangers)}")

    _ensure(
        counter,
        RoleAssignment.objects.for_organisation(org).select_related("user", "branch"),
        lambda r: (r.user.email, r.role, r.branch.slug if r.branch_id else None),
        {
            (m.email, role, branch): RoleAssignment(
                user=users[m.email], role=role, branch=branches[branch] if branch else None, **own
            )
            for m in plan.staff
            for role, branch in m.roles
        },
    )

    _ensure(
        counter,
        ClassMentor.objects.for_organisation(org).select_related("mentor", "school_class__branch", "school_class__school_year"),
        lambda cm: (cm.mentor.email, cm.school_class.school_year.name, cm.school_class.branch.slug, cm.school_class.name),
        {
            (m.email, *mentored): ClassMentor(mentor=users[m.email], school_class=classes[mentored], **own)
            for m in plan.staff
            for mentored in m.mentors
        },
    )

    return BoardSummary(
        organisation=org,
        branches=len(branches),
        classes=sum(1 for year, _branch, _name in classes if year == CURRENT_YEAR.name),
        students=len(students),
        staff=len(users),
        created=counter.created,
        logins=tuple(
            (
                f"{local}@{board.email_domain}",
                str(Role(role).label),
                str(org.name if role in ORGANISATION_ROLES else branches[board.branches[0].slug].name),
            )
            for local, role in FIXED_LOGINS.items()
        ),
    )
