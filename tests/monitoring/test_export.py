"""The inspection CSV: per department, anonymised, the dashboard's figures exactly."""
import csv
import io

import pytest

from monitoring import results
from monitoring.export import export_filename, inspection_csv
from tests import factories as f
from tests.monitoring.test_results import add, assert_safe, klass, make_round, rc_of

pytestmark = pytest.mark.django_db


def rows_of(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def departments(board):
    havo = f.DepartmentFactory(branch=board.branch, name="havo")
    vwo = f.DepartmentFactory(branch=board.branch, name="vwo")
    c2a, c2b, c3a = klass(board, "2A", department=havo), klass(board, "2B", department=havo), klass(board, "3A", department=vwo)
    survey = make_round(board, [c2a, c2b, c3a])
    add(board, rc_of(board, survey, c2a), n=20, value=2)
    add(board, rc_of(board, survey, c2b), n=8, value=5)
    add(board, rc_of(board, survey, c3a), n=4, value=0)
    return survey


def test_it_has_one_row_per_department_and_the_branch(board, departments):
    with board.tenant():
        text = inspection_csv(survey=departments, branches=[board.branch])
    rows = rows_of(text)
    assert [r["Afdeling"] for r in rows] == ["havo", "vwo", "Hele vestiging"]
    assert list(rows[0])[:4] == ["Peiling", "Vestiging", "Afdeling", "Respondenten"]
    assert "1. Ik voel me op school veilig genoeg om gemiddelde (0-5)" in rows[0]
    assert "7. aandeel antwoorden 3 of hoger" in rows[0]
    total = rows[-1]
    assert total["Respondenten"] == "32"
    assert total["1. Ik voel me op school veilig genoeg om gemiddelde (0-5)"] == "2,50"  # (40 + 40 + 0) / 32


def test_a_small_department_and_its_complement_are_hidden(board, departments):
    """vwo has 4; with the branch total of 32 shown, havo (28) would give it away."""
    with board.tenant():
        rows = {r["Afdeling"]: r for r in rows_of(inspection_csv(survey=departments, branches=[board.branch]))}
    assert rows["vwo"]["Respondenten"] == "< 10"
    assert rows["havo"]["Respondenten"] == "< 10"
    assert all(v == "< 10" for k, v in rows["havo"].items() if k not in ("Peiling", "Vestiging", "Afdeling"))
    assert "0,00" not in "".join(rows["vwo"].values())


def test_the_export_equals_the_dashboard(board, departments):
    with board.tenant():
        result = results.branch_results(survey=departments, branch=board.branch)
        rows = {r["Afdeling"]: r for r in rows_of(inspection_csv(survey=departments, branches=[board.branch]))}
    assert_safe(board, departments, result)
    for group in result.departments:
        shown = rows[group.label]["Respondenten"]
        assert shown == ("< 10" if group.respondents is None else str(group.respondents))


def test_it_uses_the_rounds_threshold(board):
    survey = make_round(board, [board.school_class], k=15)
    add(board, rc_of(board, survey, board.school_class), n=12)
    with board.tenant():
        rows = rows_of(inspection_csv(survey=survey, branches=[board.branch]))
    assert rows[-1]["Respondenten"] == "< 15"


def test_it_skips_branches_that_did_not_take_part(board):
    survey = make_round(board, [board.school_class])
    add(board, rc_of(board, survey, board.school_class), n=12)
    with board.tenant():
        rows = rows_of(inspection_csv(survey=survey, branches=[board.branch, board.other_branch]))
    assert {r["Vestiging"] for r in rows} == {board.branch.name}


def test_the_file_name_says_what_it_is(board):
    survey = make_round(board, [board.school_class], name="Thermometer najaar 2026")
    assert export_filename(survey) == "thermometer-thermometer-najaar-2026-afdelingen.csv"
