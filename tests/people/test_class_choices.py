"""Filters in the current school year (issue 17, item 5): class choices show this school
year's classes first, grouped by branch; other years' classes come after them."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_case_filter_lists_this_years_classes_by_branch_before_last_years(client, board):
    with board.tenant():
        last_year = f.SchoolYearFactory(organisation=board.organisation, name="2019-2020",
                                        starts_on=dt.date(2019, 8, 1), ends_on=dt.date(2020, 7, 31))
    old = f.SchoolClassFactory(branch=board.branch, school_year=last_year, name="1A")
    client.force_login(board.coordinator)
    for url in (reverse("incidents:case_list"), reverse("people:student_list")):
        page = client.get(url).content.decode()
        select = page[page.index('name="school_class"'):]
        select = select[:select.index("</select>")]
        current = select.index(f'<optgroup label="{board.branch.name}">')
        older = select.index('<optgroup label="Andere schooljaren">')
        assert current < select.index(f'value="{board.school_class.pk}"') < older < select.index(f'value="{old.pk}"')


@pytest.fixture
def last_year(board):
    with board.tenant():
        year = f.SchoolYearFactory(organisation=board.organisation, name="2019-2020",
                                   starts_on=dt.date(2019, 8, 1), ends_on=dt.date(2020, 7, 31))
    return year


def test_the_class_list_and_the_branch_page_show_this_years_classes_first(client, board, last_year):
    old = f.SchoolClassFactory(branch=board.branch, school_year=last_year, name="1A")  # sorts before this year's by name
    client.force_login(board.coordinator)
    for url in (reverse("people:class_list"), reverse("people:branch_detail", args=[board.branch.pk])):
        page = client.get(url).content.decode()
        this_year = page.index(reverse("people:class_detail", args=[board.school_class.pk]))
        assert this_year < page.index(reverse("people:class_detail", args=[old.pk])), url


def test_the_student_picker_puts_this_years_students_first_and_names_last_years_class_with_its_year(
    client, board, last_year
):
    """The signal form's name search (the case page's participant search reads the same
    pool, incidents.forms.branch_students)."""
    old_class = f.SchoolClassFactory(branch=board.branch, school_year=last_year, name="4Z")
    # "Aaberg" sorts first by name, but has no class this school year.
    former = f.EnrolmentFactory(school_class=old_class, student__last_name="Aaberg", student__first_name="Pim").student
    current = f.EnrolmentFactory(school_class=board.school_class, student__last_name="Zwart",
                                 student__first_name="Pim").student
    client.force_login(board.mentor)
    page = client.get(reverse("incidents:signal_new"), {"branch": board.branch.pk, "q": "Pim"}).content.decode()
    assert page.index(f"{current.full_name} ({board.school_class.name})") < page.index(
        f"{former.full_name} (4Z, 2019-2020)"
    )
