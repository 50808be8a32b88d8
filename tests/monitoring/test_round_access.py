"""One rule for reaching a round (monitoring.access.get_round_for_user), for every caller.

A round is reached for a permission when it has a class at a branch where the user holds
that permission (people.permissions): MANAGE_ROUNDS for the round pages and the rounds API,
READ_DASHBOARDS for the results pages and the results API. Everything else — a bad id,
another organisation's round, a branch without the right, a role without it — is one 404,
the same on the page and in the API.
"""
import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone
from rest_framework.test import APIClient

from monitoring import access
from monitoring import services as monitoring_services
from people.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

BAD_IDS = ("abc", "0", "-1", "99999999999999999999", "١٢", "³")


def a_round(board, *classes):
    now = timezone.now()
    with board.tenant():
        return monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.board_coordinator, name="Najaar",
            opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(days=1),
            class_ids=[c.pk for c in classes],
        )


@pytest.fixture
def world(board, other_board):
    """A round only at ``board.branch``; staff of that branch, of the other branch, of another board."""
    survey = a_round(board, board.school_class)
    other_class = f.SchoolClassFactory(branch=board.other_branch)
    elsewhere = a_round(board, other_class)
    return {
        "survey": survey,
        "elsewhere": elsewhere,
        "hod": f.make_staff(Role.HEAD_OF_DEPARTMENT, branch=board.branch),
        "other_coordinator": f.make_staff(Role.COORDINATOR, branch=board.other_branch),
        "other_head": f.make_staff(Role.HEAD_OF_DEPARTMENT, branch=board.other_branch),
        "stranger": other_board.board_coordinator,
    }


def page(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def manage_urls(survey):
    return [f"/peilingen/{survey}/"], [f"/api/v1/survey-rounds/{survey}/"]


def result_urls(board, survey):
    return (
        [f"/veiligheid/vestigingen/{board.branch.pk}/?peiling={survey}", f"/veiligheid/peilingen/{survey}/inspectie.csv"],
        [f"/api/v1/survey-rounds/{survey}/results/branches/{board.branch.pk}/"],
    )


def statuses(user, pages, apis):
    return [page(user).get(u).status_code for u in pages] + [api(user).get(u).status_code for u in apis]


def test_the_rule_for_managing_a_round(board, world):
    survey = world["survey"]
    with board.tenant():
        for user in (board.coordinator, board.management, board.board_coordinator):
            assert access.get_round_for_user(user, survey.pk, permission=access.MANAGE_ROUNDS) == survey
        # Reads results but manages no rounds; manages rounds but at another branch; other tenant.
        for user in (world["hod"], world["other_coordinator"], board.mentor, board.teacher, board.adviser):
            with pytest.raises(Http404):
                access.get_round_for_user(user, survey.pk, permission=access.MANAGE_ROUNDS)
        assert access.get_round_for_user(world["other_coordinator"], world["elsewhere"].pk,
                                         permission=access.MANAGE_ROUNDS) == world["elsewhere"]
    with pytest.raises(Http404):
        access.get_round_for_user(world["stranger"], survey.pk, permission=access.MANAGE_ROUNDS)


def test_the_rule_for_reading_a_rounds_results(board, world):
    survey = world["survey"]
    with board.tenant():
        for user in (board.coordinator, board.management, world["hod"], board.board_coordinator):
            assert access.get_round_for_user(user, survey.pk, permission=access.READ_DASHBOARDS) == survey
        for user in (world["other_head"], world["other_coordinator"], board.mentor, board.teacher, board.adviser):
            with pytest.raises(Http404):
                access.get_round_for_user(user, survey.pk, permission=access.READ_DASHBOARDS)
        # With a branch: the round must have a class there.
        with pytest.raises(Http404):
            access.get_round_for_user(board.board_coordinator, survey.pk, permission=access.READ_DASHBOARDS,
                                      branch=board.other_branch)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_bad_id_is_404_not_an_error(board, world, bad):
    with board.tenant():
        for permission in (access.MANAGE_ROUNDS, access.READ_DASHBOARDS):
            with pytest.raises(Http404):
                access.get_round_for_user(board.board_coordinator, bad, permission=permission)


def test_round_pages_and_the_rounds_api_agree(board, world):
    survey = world["survey"].pk
    pages, apis = manage_urls(survey)
    assert statuses(board.coordinator, pages, apis) == [200, 200]
    for user in (world["hod"], world["other_coordinator"], board.mentor, world["stranger"]):
        assert statuses(user, pages, apis) == [404, 404], user
    bad_pages, bad_apis = manage_urls("99999999999999999999")
    assert statuses(board.coordinator, bad_pages, bad_apis) == [404, 404]


def test_results_pages_and_the_results_api_agree(board, world):
    survey = world["survey"].pk
    pages, apis = result_urls(board, survey)
    assert statuses(world["hod"], pages, apis) == [200, 200, 200]
    assert statuses(board.coordinator, pages, apis) == [200, 200, 200]
    # The head of another branch reads results, but not of this branch: 404 on both.
    for user in (world["other_head"], board.mentor, board.teacher, world["stranger"]):
        assert set(statuses(user, pages, apis)) == {404}, user
    bad_pages, bad_apis = result_urls(board, "abc")
    assert set(statuses(world["hod"], bad_pages, bad_apis)) == {404}
