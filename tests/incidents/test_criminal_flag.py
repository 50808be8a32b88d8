"""The criminal-offence flag later in a case (issue 12, item 4): suggested from the recorded
forms, confirmed or withdrawn on the page and in the API by who works on the case, audited;
once set, closing needs the police record or a reason why not."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from incidents import services
from people.models import AuditEvent

from .helpers import advance, record
from .test_api import API, client_for
from .test_walk_six_step import refused, steps_1_and_2
from .walks import on, open_about

pytestmark = pytest.mark.django_db


def page_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_suggests_the_flag_from_the_forms_and_the_coordinator_confirms_it(board):
    with on("2026-09-07"):
        case = open_about(board, bully=board.other_student, forms=("verbal", "extortion"), criminal_offence=False)
        client = page_client(board.coordinator)
        page = client.get(f"/zaken/{case.pk}/").content.decode()
        assert "Afpersing" in page and "Bevestig of dat bij deze zaak zo is" in page
        response = client.post(f"/zaken/{case.pk}/strafbaar/", {"criminal_offence": "ja"})
        assert response.status_code == 302
        page = client.get(f"/zaken/{case.pk}/").content.decode()
    with board.tenant():
        case.refresh_from_db()
        assert case.criminal_offence is True
        assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(case.pk),
                                         detail__criminal_offence=True).exists()
    assert "ja — de politie moet worden geïnformeerd" in page and "Bevestig of dat" not in page


def test_a_bad_answer_changes_nothing_and_says_what_to_choose(board):
    case = open_about(board, bully=board.other_student, forms=("verbal",))
    client = page_client(board.coordinator)
    response = client.post(f"/zaken/{case.pk}/strafbaar/", {"criminal_offence": "misschien"}, follow=True)
    assert "Kies ‘ja’ of ‘nee’" in response.content.decode()
    with board.tenant():
        case.refresh_from_db()
    assert case.criminal_offence is False


def test_who_does_not_work_on_the_case_may_not_change_the_flag(board, other_board):
    case = open_about(board, bully=board.other_student, forms=("verbal",))
    assert page_client(board.teacher).post(f"/zaken/{case.pk}/strafbaar/", {"criminal_offence": "ja"}).status_code in (403, 404)
    assert page_client(other_board.coordinator).post(f"/zaken/{case.pk}/strafbaar/",
                                                    {"criminal_offence": "ja"}).status_code == 404
    with board.tenant(), pytest.raises(PermissionDenied):
        services.case_criminal_offence_set(case=case, acting_user=board.teacher, criminal_offence=True)
    with board.tenant():
        case.refresh_from_db()
    assert case.criminal_offence is False


def test_the_api_sets_the_flag_with_the_same_rule(board, other_board):
    case = open_about(board, bully=board.other_student, forms=("verbal",))
    url = f"{API}/cases/{case.pk}/criminal-offence/"
    assert client_for(board.coordinator).post(url, {}, format="json").status_code == 400
    response = client_for(board.coordinator).post(url, {"criminal_offence": True}, format="json")
    assert response.status_code == 200 and response.json() == {"criminal_offence": True}
    assert client_for(other_board.coordinator).post(url, {"criminal_offence": False}, format="json").status_code == 404
    assert client_for(board.teacher).post(url, {"criminal_offence": False}, format="json").status_code in (403, 404)
    with board.tenant():
        case.refresh_from_db()
    assert case.criminal_offence is True


def test_a_flag_set_later_holds_the_close_to_the_police_record(board):
    with on("2026-09-07"):
        case = steps_1_and_2(board, open_about(board, bully=board.other_student, forms=("physical",),
                                                criminal_offence=False))
        with board.tenant():
            services.case_criminal_offence_set(case=case, acting_user=board.coordinator, criminal_offence=True)
    with on("2026-10-05"):
        record(board, case, "evaluation", outcome="stopped")
        assert "politie" in refused(advance, board, case, "close_after_monitoring")
        record(board, case, "police_informed", text="Wijkagent gebeld.")
        case = advance(board, case, "close_after_monitoring")
    assert case.is_closed
    with board.tenant(), pytest.raises(Exception, match="afgesloten"):
        services.case_criminal_offence_set(case=case, acting_user=board.coordinator, criminal_offence=False)
