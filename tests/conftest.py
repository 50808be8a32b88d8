"""Shared test set-up.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points there (CI).
Tests that need PostgreSQL or Redis carry the ``postgres`` / ``redis`` markers and are
skipped elsewhere, each skip saying why.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.db import connection

from people.roles import Role
from people.tenancy import tenant_context
from tests import factories as f


def pytest_collection_modifyitems(config, items):
    redis_url = os.environ.get("REDIS_URL")
    for item in items:
        if "postgres" in item.keywords and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)"))
        if "redis" in item.keywords and not redis_url:
            item.add_marker(pytest.mark.skip(reason="needs a Redis server: set REDIS_URL=redis://… (CI does)"))


@pytest.fixture(autouse=True)
def _no_leaks_between_tests():
    """Views called without the middleware may leave a tenant active, and a request in
    English leaves English active in this thread: every test starts Dutch, tenant-less,
    with an empty cache."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    # Rate limits count in the cache (failed log-ins per address, codes, reports): one
    # test's failures must not lock the next test's user out.
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    from people import tenancy

    tenancy._current.set(None)
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium through Playwright, shared by every browser test."""
    from tests.browser.conftest import launch_chromium

    yield from launch_chromium()


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@dataclass
class Board:
    """One organisation with the standing personas of STYLE.md."""

    organisation: object
    branch: object
    other_branch: object
    school_class: object
    other_class: object
    student: object
    other_student: object
    mentor: object
    teacher: object
    coordinator: object
    adviser: object
    management: object
    board_coordinator: object

    def tenant(self):
        return tenant_context(self.organisation)


def make_board(name: str = "Stichting A") -> Board:
    org = f.OrganisationFactory(name=name)
    branch = f.BranchFactory(organisation=org)
    other_branch = f.BranchFactory(organisation=org)
    school_class = f.SchoolClassFactory(branch=branch)
    other_class = f.SchoolClassFactory(branch=branch, school_year=school_class.school_year)
    student = f.EnrolmentFactory(school_class=school_class).student
    other_student = f.EnrolmentFactory(school_class=other_class).student
    return Board(
        organisation=org,
        branch=branch,
        other_branch=other_branch,
        school_class=school_class,
        other_class=other_class,
        student=student,
        other_student=other_student,
        mentor=f.make_mentor_of(school_class),
        teacher=f.make_staff(Role.TEACHER, branch=branch),
        coordinator=f.make_staff(Role.COORDINATOR, branch=branch),
        adviser=f.make_staff(Role.CONFIDENTIAL_ADVISER, branch=branch),
        management=f.make_staff(Role.BRANCH_MANAGEMENT, branch=branch),
        board_coordinator=f.make_staff(Role.BOARD_COORDINATOR, organisation=org),
    )


@pytest.fixture
def board(db) -> Board:
    return make_board("Stichting Rijnmond Test")


@pytest.fixture
def other_board(db) -> Board:
    return make_board("Scholengroep Noord Test")
