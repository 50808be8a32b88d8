"""Issue 17, item 7: the demo boards come with a finished thermometer round, answered and
released through the real services, so dashboards and the inspection report show figures."""
from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monitoring.demo import DEMO_ROUND_NAME
from monitoring.models import (
    AccessCode,
    RespondentCount,
    Response,
    RoundClass,
    SurveyRound,
    SurveySession,
)
from monitoring.report.content import build_report
from people.demo.definition import CURRENT_YEAR
from people.models import Branch, Organisation, SchoolYear, User
from people.tenancy import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module (seed_demo takes seconds); rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def org_of(slug: str) -> Organisation:
    org_id = User.objects.filter(email=f"board@{slug}.example").values_list("organisation_id", flat=True).get()
    with tenant_context(org_id):
        return Organisation.objects.get(pk=org_id)


@pytest.mark.parametrize("slug", ["rijnmond", "noorderlicht"])
def test_each_demo_board_has_a_closed_released_round(seeded, slug):
    org = org_of(slug)
    with tenant_context(org):
        survey = SurveyRound.objects.for_organisation(org).get(name=DEMO_ROUND_NAME)
        year = SchoolYear.objects.for_organisation(org).get(name=CURRENT_YEAR.name)
        assert survey.instrument_version == 2
        assert year.starts_on < survey.opens_at.date() < survey.closes_at.date() < year.ends_on
        assert survey.closes_at < timezone.now()
        # Every response counted (released), no session left, a few codes never used.
        responses = Response.objects.for_organisation(org).filter(round=survey)
        assert responses.count() > 100 and not responses.filter(released=False).exists()
        assert not SurveySession.objects.for_organisation(org).exists()
        codes = AccessCode.objects.for_organisation(org).filter(round=survey)
        assert codes.filter(used=True).count() == responses.count() < codes.count()
        # Two branches, each class past k, a realistic minority reporting bullying.
        classes = RoundClass.objects.for_organisation(org).filter(round=survey)
        assert classes.values("branch").distinct().count() == 2
        per_class = {}
        bullied = total = 0
        for row in RespondentCount.objects.for_organisation(org).filter(round=survey):
            per_class[row.round_class_id] = per_class.get(row.round_class_id, 0) + row.n
            bullied += row.bullied
            total += row.n
        assert set(per_class) == set(classes.values_list("pk", flat=True))
        assert min(per_class.values()) >= survey.min_group_size
        assert 0.05 < bullied / total < 0.35


def test_seeding_again_adds_no_second_round(seeded):
    call_command("seed_demo", stdout=StringIO())
    for slug in ("rijnmond", "noorderlicht"):
        org = org_of(slug)
        with tenant_context(org):
            assert SurveyRound.objects.for_organisation(org).count() == 1


def test_the_branch_dashboard_shows_figures_not_below_k(seeded):
    org = org_of("rijnmond")
    coordinator = User.objects.get(email="coordinator@rijnmond.example")
    with tenant_context(org):
        branch = Branch.objects.for_organisation(org).get(slug="havenlicht")
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:dashboard_branch", args=[branch.pk])).content.decode()
    assert DEMO_ROUND_NAME in page
    assert "Veiligheid — hoger is beter" in page and "Onveiligheid en pesten — lager is beter" in page
    # Figures: a mean such as "4,1" in the section rows, and the class breakdown not hidden.
    means = re.findall(r">\s*([0-5],\d)\s*<", page)
    assert len(means) >= 10, means
    assert page.count("&lt; 10") < len(means)


def test_the_inspection_report_has_monitoring_figures(seeded):
    org = org_of("noorderlicht")
    with tenant_context(org):
        year = SchoolYear.objects.for_organisation(org).get(name=CURRENT_YEAR.name)
        branch = Branch.objects.for_organisation(org).get(slug="waddenzicht")
        report = build_report(organisation_id=org.pk, school_year=year, branch=branch)
    (block,) = report.branches
    (round_block,) = block.rounds
    assert round_block.total.respondents >= 100
    assert all(mean is not None for mean in round_block.total_means)
    assert round_block.departments and all(line.respondents for line in round_block.departments)
