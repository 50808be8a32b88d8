"""Issue 12 through the REST API: the same protocol rules; a protocol refusal is a 409 with
the missing steps in plain Dutch, bad input a 400."""
from __future__ import annotations

import pytest

from .helpers import use_protocol
from .test_api import API, client_for, post_entry, transition
from .walks import on, open_about, signal_about

pytestmark = pytest.mark.django_db


def test_opening_a_case_with_criminal_forms_needs_an_answer(board):
    signal = signal_about(board, bully=board.other_student, forms=("physical",))
    client = client_for(board.coordinator)
    asked = client.post(f"{API}/signals/{signal.pk}/open-case/", {}, format="json")
    assert asked.status_code == 400 and "strafbare feiten" in str(asked.json())
    opened = client.post(f"{API}/signals/{signal.pk}/open-case/", {"criminal_offence": True}, format="json")
    assert opened.status_code == 201


def test_the_latest_evaluation_and_the_four_weeks_decide_through_the_api(board):
    client = client_for(board.coordinator)
    with on("2026-10-05"):
        case = open_about(board, bully=board.other_student)
        for kind, attrs in (("conversation", {"with": "target"}), ("conversation", {"with": "bully"})):
            assert post_entry(client_for(board.mentor), case, kind, **attrs).status_code == 201
        assert transition(client, case.pk, "record_agreements", "investigate").status_code == 200
        for kind, attrs in (("agreement", {}), ("head_of_department_informed", {}),
                            ("parents_informed", {"party": "target_parents"}),
                            ("parents_informed", {"party": "bully_parents"})):
            assert post_entry(client_for(board.mentor), case, kind, text="Vastgelegd.", **attrs).status_code == 201
        assert transition(client, case.pk, "start_monitoring", "agreements").status_code == 200
        post_entry(client, case, "evaluation", outcome="stopped")
        early = transition(client, case.pk, "close_after_monitoring", "monitoring")
        assert early.status_code == 409 and "vier weken" in str(early.json())
    with on("2026-11-09"):
        post_entry(client, case, "evaluation", outcome="continues")
        refused = transition(client, case.pk, "close_after_monitoring", "monitoring")
        assert refused.status_code == 409 and "gestopt" in str(refused.json())
        post_entry(client, case, "evaluation", outcome="stopped")
        assert transition(client, case.pk, "close_after_monitoring", "monitoring").status_code == 200


def test_no_blame_follow_up_before_the_minimum_is_refused(board):
    client = client_for(board.mentor)
    with on("2026-11-02"):
        case = open_about(board, bully=board.other_student)
        post_entry(client, case, "consent", **{"for": "support_group", "given": True})
        small = post_entry(client, case, "intervention", kind="no_blame")
        assert small.status_code == 409 and "6 tot 8" in str(small.json())
        assert post_entry(client, case, "intervention", kind="no_blame", group_reason="Kleine klas.").status_code == 201
        early = post_entry(client, case, "follow_up", **{"with": "target", "no_blame": True})
        assert early.status_code == 409 and "Te vroeg" in str(early.json())
    with on("2026-11-10"):
        assert post_entry(client, case, "follow_up", **{"with": "target", "no_blame": True}).status_code == 201


def test_an_unfounded_suspicion_closes_through_the_api_with_a_reason(board):
    use_protocol(board, "routes")
    case = open_about(board, bully_description="onbekend")
    client = client_for(board.coordinator)
    assert transition(client, case.pk, "close_unfounded", "suspicion").status_code == 409
    done = transition(client, case.pk, "close_unfounded", "suspicion", reason="Niet bevestigd in het gesprek.")
    assert done.status_code == 200 and done.json()["step"]["key"] == "closed_unfounded"


def test_police_not_informed_needs_its_reason_through_the_api(board):
    case = open_about(board, bully=board.other_student, forms=("extortion",), criminal_offence=True)
    client = client_for(board.coordinator)
    assert post_entry(client, case, "police_not_informed").status_code == 400
    assert post_entry(client, case, "police_not_informed", text="Ouders doen zelf aangifte.").status_code == 201
    closed = transition(client, case.pk, "close_as_teasing", "investigate", reason="Geen pesten.")
    assert closed.status_code == 200
