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
