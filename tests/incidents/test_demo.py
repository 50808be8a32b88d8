"""The demo boards come with dossiers to click through, made by the real services."""
from io import StringIO

import pytest
from django.core.management import call_command

from incidents.models import Case, FollowUp, Signal
from people.models import Organisation
from people.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def counts(slug):
    org = Organisation.objects.get(slug=slug)
    with tenant_context(org):
        return (
            Signal.objects.for_organisation(org).count(),
            sorted(Case.objects.for_organisation(org).values_list("step", flat=True)),
            FollowUp.objects.for_organisation(org).filter(status="open").count(),
        )


def test_the_demo_has_a_new_signal_a_fresh_case_and_an_overdue_term():
    call_command("seed_demo", stdout=StringIO())
    assert counts("rijnmond") == (3, ["investigate", "monitoring"], 1)
    assert counts("noorderlicht") == (2, ["suspicion"], 0)
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert counts("rijnmond") == (3, ["investigate", "monitoring"], 1)
