"""Whom a user may name as a participant of a case: one rule (incidents.selectors.
participant_candidates) for the case page's search, the page's form and the API."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from incidents import selectors
from incidents.models import Participant
from tests import factories as f

from .helpers import open_case

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def pupils(board):
    """Students a case of the first branch might name, and some it may not."""
    with board.tenant():
        year = board.school_class.school_year
        far_class = f.SchoolClassFactory(branch=board.other_branch, school_year=year)
        return {
            "own_class": f.EnrolmentFactory(school_class=board.school_class, student__last_name="Kandidaatje").student,
            "other_class": f.EnrolmentFactory(school_class=board.other_class, student__last_name="Kandidaatje").student,
            "other_branch": f.EnrolmentFactory(school_class=far_class, student__last_name="Kandidaatje").student,
            "left": f.EnrolmentFactory(school_class=board.other_class, student__last_name="Kandidaatje",
                                       student__left_on=dt.date(2020, 1, 1)).student,
        }


def _page_offers(user, case, pupils) -> set[str]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    page = client.get(reverse("incidents:case_detail", args=[case.pk]), {"deelnemer": "Kandidaatje"}).content.decode()
    return {key for key, s in pupils.items() if f'value="{s.pk}"' in page}


def _page_adds(board, user, case, student) -> bool:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.post(reverse("incidents:participant_add", args=[case.pk]), {"role": "bystander", "student": student.pk})
    return _take_back(board, case, student)


def _take_back(board, case, student) -> bool:
    """Was the student added? (And remove them again for the next try.)"""
    with board.tenant():
        added = Participant.objects.filter(case=case, student=student)
        found = added.exists()
        added.delete()
    return found


def _api_adds(board, user, case, student) -> bool:
    client = APIClient()
    client.force_authenticate(user)
    answer = client.post(f"{API}/cases/{case.pk}/participants/", {"student": student.pk, "role": "bystander"},
                         format="json")
    assert answer.status_code in (201, 400, 403), answer.content
    return _take_back(board, case, student) and answer.status_code == 201


@pytest.mark.parametrize("persona", ["mentor", "coordinator", "board_coordinator", "adviser"])
def test_the_page_and_the_api_offer_the_same_students(board, pupils, persona):
    case = open_case(board)
    user = getattr(board, persona)
    with board.tenant():
        rule = {key for key, s in pupils.items()
                if selectors.participant_candidates(user, case).filter(pk=s.pk).exists()}
    if persona in ("mentor", "coordinator"):
        # Whoever works on the case names any current student of its branch — the mentor too,
        # beyond their own class (the bully is often in another class).
        assert rule == {"own_class", "other_class"}
    else:
        # The board coordinator advises (unless the board says otherwise); the adviser keeps notes.
        assert rule == set()
    if rule:
        assert _page_offers(user, case, pupils) == rule
    for key, student in pupils.items():
        page = _page_adds(board, user, case, student)
        api = _api_adds(board, user, case, student)
        assert page == api == (key in rule), (persona, key, page, api)


def test_the_service_refuses_a_student_of_another_board(board, other_board):
    from django.core.exceptions import ValidationError

    from incidents import services

    case = open_case(board)
    with board.tenant(), pytest.raises(ValidationError):
        services.participant_add(case=case, acting_user=board.mentor, role="bystander", student=other_board.student)
