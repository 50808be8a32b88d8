"""``manage.py seed_demo``: the two demo boards, their log-ins, and that a second run changes nothing."""
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from people import access
from people.demo import BOARDS, FIXED_LOGINS, PASSWORD
from people.demo.definition import CURRENT_YEAR, PREVIOUS_YEAR
from people.demo.plan import plan_board, split_surname
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

pytestmark = pytest.mark.django_db

TENANT_MODELS = (Branch, Department, SchoolYear, SchoolClass, Student, Enrolment, RoleAssignment, ClassMentor)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def board_def(slug: str):
    return next(board for board in BOARDS if board.slug == slug)


def organisation(slug: str) -> Organisation:
    # The user table is readable without a tenant (the RLS exception); the organisation is not.
    org_id = User.objects.filter(email=f"board@{slug}.example").values_list("organisation_id", flat=True).get()
    with tenant_context(org_id):
        return Organisation.objects.get(pk=org_id)


def counts(org: Organisation) -> dict[str, int]:
    with tenant_context(org):
        found = {m.__name__: m.objects.for_organisation(org).count() for m in TENANT_MODELS}
    found["User"] = User.objects.filter(organisation=org).count()
    return found


@pytest.fixture
def seeded() -> dict[str, Organisation]:
    seed()
    return {board.slug: organisation(board.slug) for board in BOARDS}


def test_it_creates_both_boards(seeded, on_postgres):
    if on_postgres:
        # Written as each organisation under row-level security: without a tenant, nothing shows.
        assert not Student.objects.exists()
    rijnmond, noorderlicht = seeded["rijnmond"], seeded["noorderlicht"]
    assert (rijnmond.name, rijnmond.email_domain) == ("Stichting Rijnmond Scholen", "rijnmond.example")
    assert (noorderlicht.name, noorderlicht.email_domain) == ("Scholengroep Noorderlicht", "noorderlicht.example")
    for org, branches in ((rijnmond, 9), (noorderlicht, 3)):
        with tenant_context(org):
            assert Branch.objects.for_organisation(org).count() == branches
            years = {y.name: (y.starts_on.isoformat(), y.ends_on.isoformat()) for y in SchoolYear.objects.for_organisation(org)}
            assert years == {"2026-2027": ("2026-08-01", "2027-07-31"), "2025-2026": ("2025-08-01", "2026-07-31")}
            students = Student.objects.for_organisation(org)
            assert 200 <= students.count() <= 600
            current = Enrolment.objects.for_organisation(org).filter(school_year__name=CURRENT_YEAR.name)
            assert current.count() == students.count()  # everyone is in a class this year
            previous = Enrolment.objects.for_organisation(org).filter(school_year__name=PREVIOUS_YEAR.name)
            assert 0 < previous.count() < students.count()  # and part of them last year too
            for branch in Branch.objects.for_organisation(org):
                assert branch.departments.exists()
                classes = branch.classes.filter(school_year__name=CURRENT_YEAR.name)
                assert classes.exists()
                assert not classes.filter(grade__isnull=True).exists()
                assert not classes.filter(department__isnull=True).exists()


def test_it_fills_every_role_and_the_public_contacts(seeded):
    for org in seeded.values():
        with tenant_context(org):
            held = set(RoleAssignment.objects.for_organisation(org).values_list("role", flat=True))
            assert held == set(Role.values)
            for branch in Branch.objects.for_organisation(org):
                assert branch.coordinator_name and branch.coordinator_email and branch.coordinator_phone
                assert branch.adviser_name and branch.adviser_email and branch.adviser_phone
                coordinator = User.objects.get(email=branch.coordinator_email)
                assert access.has_role(coordinator, Role.COORDINATOR, branch=branch)
                this_year = branch.classes.filter(school_year__name=CURRENT_YEAR.name)
                assert not this_year.filter(mentor_links__isnull=True).exists()  # every class has a mentor


def test_the_fixed_logins_work_and_hold_their_role_at_the_first_branch(seeded):
    for slug, org in seeded.items():
        first_branch = board_def(slug).branches[0]
        for local, role in FIXED_LOGINS.items():
            email = f"{local}@{slug}.example"
            user = authenticate(RequestFactory().post("/"), username=email, password=PASSWORD)
            assert user is not None, email
            assert user.organisation_id == org.pk
            with tenant_context(org):
                branch = Branch.objects.for_organisation(org).get(slug=first_branch.slug)
                if role in ORGANISATION_ROLES:
                    assert access.is_board(user), email
                else:
                    assert access.has_role(user, role, branch=branch), email
                    assert not access.is_board(user), email


def test_the_mentor_mentors_a_class_with_students(seeded):
    for slug, org in seeded.items():
        mentor = User.objects.get(email=f"mentor@{slug}.example")
        with tenant_context(org):
            links = ClassMentor.objects.for_organisation(org).filter(
                mentor=mentor, school_class__school_year__name=CURRENT_YEAR.name
            )
            school_class = links.get().school_class
            assert school_class.branch.slug == board_def(slug).branches[0].slug
            enrolled = set(school_class.enrolments.values_list("student_id", flat=True))
            assert enrolled, slug
            assert set(access.students_for(mentor).values_list("pk", flat=True)) == enrolled


def test_a_second_run_changes_nothing(seeded):
    before = {slug: counts(org) for slug, org in seeded.items()}
    users_before = User.objects.count()
    output = seed()
    assert {slug: counts(org) for slug, org in seeded.items()} == before
    assert User.objects.count() == users_before
    assert output.count("already complete") == 2


def test_the_plan_is_the_same_every_time():
    for board in BOARDS:
        first, second = plan_board(board), plan_board(board)
        assert first.students == second.students
        assert [(s.email, s.full_name) for s in first.staff] == [(s.email, s.full_name) for s in second.staff]
        external_ids = [s.external_id for s in first.students]
        assert len(external_ids) == len(set(external_ids))
        emails = [s.email for s in first.staff]
        assert len(emails) == len(set(emails))


def test_it_splits_the_dutch_infix():
    assert split_surname("van der Ploeg") == ("van der", "Ploeg")
    assert split_surname("de Vries") == ("de", "Vries")
    assert split_surname("Dekker") == ("", "Dekker")


def test_each_demo_board_runs_its_own_protocol(db):
    from people.models import Organisation
    from people.tenancy import tenant_context
    from protocol.selectors import protocol_for_new_cases

    call_command("seed_demo", stdout=StringIO())
    keys = {}
    for org in Organisation.objects.filter(slug__in=["rijnmond", "noorderlicht"]):
        with tenant_context(org):
            keys[org.slug] = protocol_for_new_cases(org).key
    assert keys == {"rijnmond": "six_step", "noorderlicht": "routes"}
