"""The thermometer API: rounds and codes for staff, anonymous drafts and submission."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from monitoring import codes as code_service
from monitoring.instrument import load_instrument
from monitoring.models import (
    AccessCode,
    RespondentCount,
    Response,
    ResultCount,
    RoundClass,
    SurveyRound,
)

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def all_answers(value=1):
    return {key: value for key in INSTRUMENT.item_keys}


def window():
    now = timezone.now()
    return (now - dt.timedelta(hours=1)).isoformat(), (now + dt.timedelta(days=7)).isoformat()


def make_round(board, client=None):
    opens, closes = window()
    response = (client or client_for(board.coordinator)).post("/api/v1/survey-rounds/", {
        "name": "Thermometer najaar", "opens_at": opens, "closes_at": closes, "classes": [board.school_class.pk],
    }, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def issue(board, survey, count=3):
    rc = survey["classes"][0]["id"]
    response = client_for(board.coordinator).post(f"/api/v1/survey-rounds/{survey['id']}/classes/{rc}/codes/",
                                                  {"count": count}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["codes"]


def stored_nothing(board):
    with board.tenant():
        # The code was claimed when the session started; no response, nothing counted.
        return (Response.objects.count(), AccessCode.objects.filter(used=True).count(),
                ResultCount.objects.count(), RespondentCount.objects.count()) == (0, 1, 0, 0)


# ------------------------------------------------------------------ staff


def test_it_lets_a_coordinator_open_a_round_and_issue_codes_once(board):
    survey = make_round(board)
    assert survey["classes"][0]["class_name"] == board.school_class.name
    codes = issue(board, survey, count=4)
    assert len(codes) == 4 and all(len(c) == 14 and c.count("-") == 2 for c in codes)
    listed = client_for(board.coordinator).get("/api/v1/survey-rounds/").json()
    assert [r["id"] for r in listed] == [survey["id"]]
    detail = client_for(board.coordinator).get(f"/api/v1/survey-rounds/{survey['id']}/").json()
    assert detail["classes"][0]["invited"] == 4
    assert "codes" not in detail


def test_it_refuses_round_pages_to_a_mentor_and_a_teacher(board):
    survey = make_round(board)
    for user in (board.mentor, board.teacher):
        assert client_for(user).get("/api/v1/survey-rounds/").status_code == 403
        assert client_for(user).get(f"/api/v1/survey-rounds/{survey['id']}/").status_code == 404


def test_another_organisation_gets_404_for_rounds_and_codes(board, other_board):
    survey = make_round(board)
    rc = survey["classes"][0]["id"]
    outsider = client_for(other_board.board_coordinator)
    assert outsider.get(f"/api/v1/survey-rounds/{survey['id']}/").status_code == 404
    assert outsider.post(f"/api/v1/survey-rounds/{survey['id']}/classes/{rc}/codes/", {"count": 2}, format="json").status_code == 404
    assert outsider.post(f"/api/v1/survey-rounds/{survey['id']}/revoke-code/", {"code": "ABCD"}, format="json").status_code == 404
    assert outsider.get("/api/v1/survey-rounds/").json() == []
    # Nor may they open a round with another organisation's class.
    opens, closes = window()
    response = outsider.post("/api/v1/survey-rounds/", {
        "name": "X", "opens_at": opens, "closes_at": closes, "classes": [board.school_class.pk]}, format="json")
    assert response.status_code == 400 and "classes" in response.json()


def test_it_refuses_bad_round_input_with_clear_messages(board):
    now = timezone.now()
    response = client_for(board.coordinator).post("/api/v1/survey-rounds/", {
        "name": "X", "opens_at": now.isoformat(), "closes_at": (now - dt.timedelta(days=1)).isoformat(),
        "classes": [board.school_class.pk], "min_group_size": 5,
    }, format="json")
    assert response.status_code == 400 and "sluiten na" in response.json()["closes_at"][0]
    small = client_for(board.coordinator).post("/api/v1/survey-rounds/", {
        "name": "X", "opens_at": now.isoformat(), "closes_at": (now + dt.timedelta(days=1)).isoformat(),
        "classes": [board.school_class.pk], "min_group_size": 3,
    }, format="json")
    assert small.status_code == 400 and "min_group_size" in small.json()


def start(code):
    response = client_for().post("/api/v1/thermometer/sessions/", {"code": code}, format="json")
    assert response.status_code == 201, response.json()
    assert "no-store" in response["Cache-Control"]
    return response.json()["session"]


def test_a_coordinator_revokes_a_code(board):
    survey = make_round(board)
    code, *_rest = issue(board, survey)
    response = client_for(board.coordinator).post(f"/api/v1/survey-rounds/{survey['id']}/revoke-code/", {"code": code}, format="json")
    assert response.status_code == 204
    started = client_for().post("/api/v1/thermometer/sessions/", {"code": code}, format="json")
    assert started.status_code == 400 and "ingetrokken" in started.json()["code"][0]


# ------------------------------------------------------------------ students (anonymous)


def test_a_student_submits_without_logging_in_and_only_once(board):
    code, *_rest = issue(board, make_round(board))
    started = client_for().post("/api/v1/thermometer/sessions/", {"code": code}, format="json")
    assert started.status_code == 201 and started.json()["class_name"] == board.school_class.name
    session = started.json()["session"]
    assert code not in session and code_service.digest(code) not in session
    response = client_for().post("/api/v1/thermometer/responses/",
                                 {"session": session, "answers": all_answers(2), "gender": "girl"}, format="json")
    assert response.status_code == 201, response.json()
    replay = client_for().post("/api/v1/thermometer/responses/", {"session": session, "answers": all_answers(2)}, format="json")
    assert replay.status_code == 400 and "session" in replay.json()
    again = client_for().post("/api/v1/thermometer/sessions/", {"code": code}, format="json")
    assert again.status_code == 409 and "al gebruikt" in again.json()["detail"]
    with board.tenant():
        assert Response.objects.count() == 1


def test_drafts_are_saved_and_resumed(board):
    code, *_rest = issue(board, make_round(board))
    session = start(code)
    first = {item.key: 4 for item in INSTRUMENT.sections[0].items}
    saved = client_for().post("/api/v1/thermometer/drafts/", {"session": session, "answers": first, "gender": "boy"}, format="json")
    assert saved.status_code == 200 and saved.json()["answers"] == first
    resumed = client_for().post("/api/v1/thermometer/drafts/resume/", {"session": session}, format="json")
    assert resumed.json() == {"answers": first, "gender": "boy"}
    rest = {k: 1 for k in INSTRUMENT.item_keys if k not in first}
    assert client_for().post("/api/v1/thermometer/responses/", {"session": session, "answers": rest}, format="json").status_code == 201
    with board.tenant():
        assert Response.objects.get().gender == "boy"


MALFORMED = {
    "missing items": lambda s, cls: {"session": s, "answers": dict(list(all_answers().items())[:5])},
    "value 6": lambda s, cls: {"session": s, "answers": {**all_answers(), "safe_to.be_myself": 6}},
    "value -1": lambda s, cls: {"session": s, "answers": {**all_answers(), "safe_to.be_myself": -1}},
    "value 2.5": lambda s, cls: {"session": s, "answers": {**all_answers(), "safe_to.be_myself": 2.5}},
    "value true": lambda s, cls: {"session": s, "answers": {**all_answers(), "safe_to.be_myself": True}},
    "value text": lambda s, cls: {"session": s, "answers": {**all_answers(), "safe_to.be_myself": "vaak"}},
    "unknown item": lambda s, cls: {"session": s, "answers": {**all_answers(), "not.an_item": 1}},
    "answers not an object": lambda s, cls: {"session": s, "answers": [1, 2, 3]},
    "unknown gender": lambda s, cls: {"session": s, "answers": all_answers(), "gender": "robot"},
    "unknown class": lambda s, cls: {"session": s, "answers": all_answers(), "class_name": "9Z"},
    "unknown session": lambda s, cls: {"session": "00000000-0000-0000-0000-000000000000.nope", "answers": all_answers()},
    "the code instead of a session": lambda s, cls: {"code": "ABCD-EFGH-JKMN", "answers": all_answers()},
    "no session": lambda s, cls: {"answers": all_answers()},
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_every_malformed_submission_gets_a_clear_message_and_stores_nothing(board, case):
    code, *_rest = issue(board, make_round(board))
    session = start(code)
    response = client_for().post("/api/v1/thermometer/responses/", MALFORMED[case](session, board.school_class.name), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body and all(isinstance(v, list | str) for v in body.values())
    assert stored_nothing(board)


def test_a_replayed_submission_stores_nothing_more(board):
    code, *_rest = issue(board, make_round(board))
    session = start(code)
    body = {"session": session, "answers": all_answers(), "class_name": board.school_class.name.lower()}
    assert client_for().post("/api/v1/thermometer/responses/", body, format="json").status_code == 201
    assert client_for().post("/api/v1/thermometer/responses/", body, format="json").status_code == 400
    with board.tenant():
        assert Response.objects.count() == 1
        assert not ResultCount.objects.exists()  # counted only at the release


def test_a_malformed_json_body_is_a_clear_400(board):
    response = client_for().post("/api/v1/thermometer/responses/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_anonymous_code_guessing_is_rate_limited(board):
    for _n in range(20):
        client_for().post("/api/v1/thermometer/sessions/", {"code": "ABCD-EFGH-JKMN"}, format="json")
    assert client_for().post("/api/v1/thermometer/sessions/", {"code": "ABCD-EFGH-JKMN"}, format="json").status_code == 429


def test_the_round_rows_hold_only_what_the_api_showed(board):
    survey = make_round(board)
    with board.tenant():
        assert SurveyRound.objects.get(pk=survey["id"]).min_group_size == 10
        assert RoundClass.objects.filter(round_id=survey["id"]).count() == 1
