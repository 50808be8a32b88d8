"""Issue 16: the rush's two requests (start with the code, send the answers) take one
round trip to PostgreSQL each and skip the staff middleware, and keep every property the
survey promises: security headers, the forgery guard, one response per code, the code
row and the response written in different transactions, nothing stored on a bad send."""
from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from monitoring.models import AccessCode, Response, SurveyDraft, SurveySession
from tests.monitoring.test_survey_api import all_answers, issue, make_round
from tests.security.test_no_store import no_store

pytestmark = pytest.mark.django_db

START = "/api/v1/thermometer/sessions/"
SEND = "/api/v1/thermometer/responses/"


def _xmins(table: str, where: str = "") -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        try:
            cursor.execute(f"SELECT xmin::text FROM {table} {where}")  # noqa: S608 - fixed names
            return {row[0] for row in cursor.fetchall()}
        finally:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(settings.DATABASE_APP_ROLE)}")


def _sql(captured) -> list[str]:
    # Django's own connection health check is not the request's work.
    return [q["sql"] for q in captured.captured_queries if q["sql"].strip() != "SELECT 1"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_start_and_send_take_one_round_trip_each_and_no_staff_session(board):
    codes = issue(board, make_round(board), count=3)
    client = APIClient()
    client.force_login(board.coordinator)  # a staff session cookie on the device: never read here
    for code in codes:
        with CaptureQueriesContext(connection) as started:
            start = client.post(START, {"code": code}, format="json")
        assert start.status_code == 201, start.json()
        with CaptureQueriesContext(connection) as sent:
            send = client.post(SEND, {"session": start.json()["session"], "answers": all_answers(3), "gender": "girl"},
                               format="json")
        assert send.status_code == 201, send.json()
        # One query string each (tenant setting + writes), no BEGIN/COMMIT, no session or user read.
        assert len(_sql(started)) == 1 and len(_sql(sent)) == 1, (_sql(started), _sql(sent))
        assert "django_session" not in " ".join(_sql(started) + _sql(sent))
    again = client.post(START, {"code": codes[0]}, format="json")
    assert again.status_code == 409 and "al gebruikt" in again.json()["detail"]
    with board.tenant():
        assert Response.objects.count() == 3 and set(Response.objects.values_list("gender", flat=True)) == {"girl"}
        assert AccessCode.objects.filter(used=True).count() == 3 and not SurveySession.objects.exists()
        assert Response.objects.filter(round_class__school_class=board.school_class, answers=all_answers(3)).count() == 3
        # The code rows were written when the students started, the responses when they sent.
        assert not _xmins("monitoring_accesscode", "WHERE used") & _xmins("monitoring_response")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_send_after_a_draft_forgets_the_draft_in_the_same_round_trip(board):
    code, *_rest = issue(board, make_round(board))
    session = APIClient().post(START, {"code": code}, format="json").json()["session"]
    assert APIClient().post("/api/v1/thermometer/drafts/", {"session": session, "answers": {"safe_to.be_myself": 4}},
                            format="json").status_code == 200
    with board.tenant():
        assert SurveyDraft.objects.count() == 1
    with CaptureQueriesContext(connection) as sent:
        send = APIClient().post(SEND, {"session": session, "answers": all_answers(1), "gender": ""}, format="json")
    assert send.status_code == 201 and len(_sql(sent)) == 1
    with board.tenant():
        assert not SurveyDraft.objects.exists() and Response.objects.get().gender == ""


def test_the_survey_api_keeps_its_security_headers(board):
    code, *_rest = issue(board, make_round(board))
    for response in (APIClient().post(START, {"code": code}, format="json"),
                     APIClient().post(START, {"code": "nope"}, format="json"),
                     APIClient().post(SEND, {"session": "x.y", "answers": {}}, format="json")):
        assert no_store(response), response.get("Cache-Control")
        assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Content-Language"] == "nl"


def test_the_survey_api_answers_in_the_chosen_language(board):
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(START, {"code": "ABCD-EFGH-JKMN"}, format="json")
    # The short stack still runs the language middleware (the catalogue may be uncompiled here).
    assert response.status_code == 400 and response["Content-Language"] == "en"


def test_another_site_cannot_make_a_browser_post_to_the_survey_api(board):
    code, *_rest = issue(board, make_round(board))
    # A cross-site form can post only "simple" content types without asking first.
    form = APIClient().post(START, {"code": code})
    assert form.status_code == 415 and "JSON" in form.json()["detail"]
    plain = APIClient().post(START, json.dumps({"code": code}), content_type="text/plain")
    assert plain.status_code == 415
    foreign = APIClient().post(START, {"code": code}, format="json", HTTP_ORIGIN="https://evil.example")
    assert foreign.status_code == 403
    with board.tenant():
        assert not AccessCode.objects.filter(used=True).exists()
    own = APIClient().post(START, {"code": code}, format="json", HTTP_ORIGIN="http://testserver")
    assert own.status_code == 201, own.json()


def test_odd_sends_take_the_ordinary_path_and_its_messages(board):
    code, *_rest = issue(board, make_round(board))
    session = APIClient().post(START, {"code": code}, format="json").json()["session"]
    # Not the plain case (a string "3", no gender): the DRF view takes it, as before.
    body = {"session": session, "answers": {**all_answers(), "safe_to.be_myself": "3"}}
    response = APIClient().post(SEND, body, format="json")
    assert response.status_code == 201, response.json()
    with board.tenant():
        assert Response.objects.get().answers["safe_to.be_myself"] == 3


def test_an_unknown_survey_api_path_is_a_plain_404(client):
    client.raise_request_exception = False
    for method in (client.get, client.post):
        response = method("/api/v1/thermometer/nope/", content_type="application/json")
        assert response.status_code == 404, method
        assert no_store(response)
    # DRF's browsable page (a browser's Accept) reverses URLs of the full configuration.
    page = client.post(START, {"code": "nope"}, content_type="application/json", HTTP_ACCEPT="text/html")
    assert page.status_code == 400
