"""factory_boy factories for people. Each tenant-owned row is written as its organisation,
so the same factories work under PostgreSQL row-level security."""
from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from people import models, services
from people.roles import Role
from people.tenancy import tenant_context

PASSWORD = "veilig-op-school"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Stichting Test {n}")
    slug = factory.Sequence(lambda n: f"stichting-{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organisation_create(**kwargs)


class TenantFactory(DjangoModelFactory):
    """Writes the row with its organisation activated (row-level security's WITH CHECK)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with tenant_context(kwargs["organisation"]):
            return super()._create(model_class, *args, **kwargs)


class BranchFactory(TenantFactory):
    class Meta:
        model = models.Branch

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vestiging {n}")
    slug = factory.Sequence(lambda n: f"vestiging-{n}")
    city = "Rotterdam"


class DepartmentFactory(TenantFactory):
    class Meta:
        model = models.Department

    branch = factory.SubFactory(BranchFactory)
    organisation = factory.SelfAttribute("branch.organisation")
    name = factory.Sequence(lambda n: f"Afdeling {n}")


class SchoolYearFactory(TenantFactory):
    class Meta:
        model = models.SchoolYear
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = "2026-2027"
    starts_on = dt.date(2026, 8, 1)
    ends_on = dt.date(2027, 7, 31)


class SchoolClassFactory(TenantFactory):
    class Meta:
        model = models.SchoolClass

    branch = factory.SubFactory(BranchFactory)
    organisation = factory.SelfAttribute("branch.organisation")
    school_year = factory.SubFactory(SchoolYearFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"{n % 6 + 1}{'ABCDEFGH'[n % 8]}{n}")
    grade = 2


class StudentFactory(TenantFactory):
    class Meta:
        model = models.Student

    branch = factory.SubFactory(BranchFactory)
    organisation = factory.SelfAttribute("branch.organisation")
    external_id = factory.Sequence(lambda n: f"LL{n:06d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")


class EnrolmentFactory(TenantFactory):
    class Meta:
        model = models.Enrolment

    school_class = factory.SubFactory(SchoolClassFactory)
    organisation = factory.SelfAttribute("school_class.organisation")
    student = factory.SubFactory(
        StudentFactory, branch=factory.SelfAttribute("..school_class.branch")
    )
    school_year = factory.SelfAttribute("school_class.school_year")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@school.example")
    full_name = factory.Faker("name", locale="nl_NL")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def make_staff(role: str, *, branch: models.Branch | None = None, organisation=None, **kwargs):
    """A member of staff holding ``role`` at ``branch`` (or organisation-wide for board roles)."""
    organisation = organisation or branch.organisation
    user = UserFactory(organisation=organisation, **kwargs)
    with tenant_context(organisation):
        models.RoleAssignment.objects.create(
            organisation=organisation,
            user=user,
            role=role,
            branch=None if role in (Role.BOARD_COORDINATOR, Role.BOARD_MANAGEMENT) else branch,
        )
    return user


def make_mentor_of(school_class: models.SchoolClass, **kwargs):
    user = make_staff(Role.MENTOR, branch=school_class.branch, **kwargs)
    with tenant_context(school_class.organisation):
        models.ClassMentor.objects.create(organisation=school_class.organisation, school_class=school_class, mentor=user)
    return user


def api_key(user, *, two_factor: bool = True) -> str:
    """An API key for ``user`` as the token endpoint issues it (hashed, expiring; by
    default issued with the second factor, as for a fully logged-in user)."""
    from people.api_tokens import token_issue
    from people.tenancy import tenant_context

    with tenant_context(user.organisation_id):
        key, _row = token_issue(user=user, two_factor=two_factor)
    return key
