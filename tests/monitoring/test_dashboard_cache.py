"""The branch dashboard's results are rendered once per data version (monitoring.results_cache).

What a write changes shows on the next request (a release, new codes, a renamed
department, an edited round); the cached part is never served for another branch, another
board or another language; and a second request does not compute the results again.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services as code_service
from monitoring.instrument import load_instrument
from monitoring.models import RoundClass, SurveyRound
from tests import factories as f
from tests.monitoring.survey import close_and_release, submit

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def branch_url(branch) -> str:
    return reverse("monitoring:dashboard_branch", args=[branch.pk])


def open_round(board, school_class, *, codes: int, department_name: str = "Havo", by=None):
    """A round of one class in a department, with ``codes`` codes issued: (round, codes)."""
    by = by or board.coordinator
    with board.tenant():
        department = f.DepartmentFactory(branch=school_class.branch, name=department_name)
        school_class.department = department
        school_class.save()
        now = timezone.now()
        survey = code_service.round_create(
            organisation=board.organisation, acting_user=by, name="Thermometer voorjaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey, school_class=school_class)
        issued = code_service.codes_issue(round_class=rc, count=codes, acting_user=by)
    return survey, issued


def answer(codes, value: int = 2) -> None:
    for code in codes:
        submit(code, {key: value for key in INSTRUMENT.item_keys}, gender="girl")


def respondents(html: str) -> str:
    return re.search(r'data-testid="respondents">([^<]*)<', html).group(1)


def test_it_shows_released_results_at_once_though_the_page_was_seen_before(board):
    survey, codes = open_round(board, board.school_class, codes=14)
    answer(codes[:12])
    client = client_for(board.coordinator)
    before = client.get(branch_url(board.branch)).content.decode()
    assert respondents(before) != "12"  # nothing counted while the round is open
    close_and_release(survey)
    after = client.get(branch_url(board.branch)).content.decode()
    assert respondents(after) == "12"


def test_new_codes_change_the_invited_count_at_once(board):
    _survey, _codes = open_round(board, board.school_class, codes=14)
    client = client_for(board.coordinator)
    assert '<td class="num">14</td>' in client.get(branch_url(board.branch)).content.decode()
    with board.tenant():
        rc = RoundClass.objects.get(school_class=board.school_class)
        code_service.codes_issue(round_class=rc, count=3, acting_user=board.coordinator)
    assert '<td class="num">17</td>' in client.get(branch_url(board.branch)).content.decode()


def test_a_renamed_department_shows_at_once(board):
    survey, codes = open_round(board, board.school_class, codes=14, department_name="Havo")
    answer(codes[:12])
    close_and_release(survey)
    client = client_for(board.coordinator)
    assert "Havo" in client.get(branch_url(board.branch)).content.decode()
    with board.tenant():
        department = board.school_class.department
        department.name = "Atheneum"
        department.save()
    html = client.get(branch_url(board.branch)).content.decode()
    assert "Atheneum" in html and "Havo" not in html


def test_an_edited_round_shows_at_once_even_without_a_model_save(board):
    survey, codes = open_round(board, board.school_class, codes=14)
    answer(codes[:12])
    close_and_release(survey)
    client = client_for(board.coordinator)
    assert respondents(client.get(branch_url(board.branch)).content.decode()) == "12"
    with board.tenant():  # an update() sends no signal: the round's own fields are in the key
        SurveyRound.objects.filter(pk=survey.pk).update(min_group_size=20)
    assert respondents(client.get(branch_url(board.branch)).content.decode()) == "&lt; 20"


def test_the_second_request_does_not_compute_the_results_again(board):
    survey, codes = open_round(board, board.school_class, codes=14)
    answer(codes[:12])
    close_and_release(survey)
    client = client_for(board.coordinator)
    with CaptureQueriesContext(connection) as first:
        client.get(branch_url(board.branch))
    with CaptureQueriesContext(connection) as second:
        html = client.get(branch_url(board.branch)).content.decode()
    assert respondents(html) == "12"
    assert not any("monitoring_resultcount" in q["sql"] for q in second.captured_queries)
    assert any("monitoring_resultcount" in q["sql"] for q in first.captured_queries)


def test_another_branch_and_another_board_never_get_the_cached_results(board, other_board):
    other_class = f.SchoolClassFactory(branch=board.other_branch, name="9Z",
                                       school_year=board.school_class.school_year)
    with board.tenant():  # one round in both branches: the branch is part of the key
        other_class.department = f.DepartmentFactory(branch=board.other_branch, name="Vwo")
        other_class.save()
        board.school_class.department = f.DepartmentFactory(branch=board.branch, name="Havo")
        board.school_class.save()
        now = timezone.now()
        survey = code_service.round_create(
            organisation=board.organisation, acting_user=board.board_coordinator, name="Thermometer voorjaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk, other_class.pk],
        )
        codes = {c: code_service.codes_issue(round_class=RoundClass.objects.get(round=survey, school_class=c),
                                             count=14, acting_user=board.board_coordinator)
                 for c in (board.school_class, other_class)}
    answer(codes[board.school_class][:12])
    answer(codes[other_class][:11], value=4)
    close_and_release(survey)
    other_coordinator = f.make_staff("coordinator", branch=board.other_branch)
    far_survey, far_codes = open_round(other_board, other_board.school_class, codes=14, department_name="Mavo")
    answer(far_codes[:13], value=1)
    close_and_release(far_survey)

    assert respondents(client_for(board.coordinator).get(branch_url(board.branch)).content.decode()) == "12"
    management = client_for(board.management)
    assert respondents(management.get(branch_url(board.branch)).content.decode()) == "12"
    other_html = client_for(other_coordinator).get(branch_url(board.other_branch)).content.decode()
    assert respondents(other_html) == "11" and "Vwo" in other_html and "Havo" not in other_html
    far_html = client_for(other_board.coordinator).get(branch_url(other_board.branch)).content.decode()
    assert respondents(far_html) == "13" and "Mavo" in far_html and "Havo" not in far_html
    # and the cache does not open a branch to someone who may not see it
    assert client_for(board.coordinator).get(branch_url(board.other_branch)).status_code == 404
    assert client_for(other_board.coordinator).get(branch_url(board.branch)).status_code == 404


def test_each_language_gets_its_own_rendering(board):
    survey, codes = open_round(board, board.school_class, codes=14)
    answer(codes[:12])
    close_and_release(survey)
    client = client_for(board.coordinator)
    dutch = client.get(branch_url(board.branch)).content.decode()
    assert "Te zijn wie ik ben" in dutch and "Be who I am" not in dutch  # the instrument's own texts
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(branch_url(board.branch)).content.decode()
    assert "Be who I am" in english and "Te zijn wie ik ben" not in english
