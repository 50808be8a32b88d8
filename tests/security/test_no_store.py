"""Issue 11, item 12: every answer that can hold student data carries
``Cache-Control: no-store, private`` (dossier pages, API answers, exports, files, the
survey), so no browser cache, proxy or shared computer keeps a copy; static files may
still be cached."""
from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import api_key
from tests.incidents.helpers import open_case

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    parts = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= parts and not any(p.startswith(("public", "max-age")) for p in parts)


def test_dossier_pages_are_not_stored(client, board):
    case = open_case(board)
    client.force_login(board.coordinator)
    for url in (reverse("incidents:case_detail", args=[case.pk]), reverse("incidents:case_list"), "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), (url, response.get("Cache-Control"))


def test_api_answers_are_not_stored(client, board):
    case = open_case(board)
    key = api_key(board.coordinator)
    for url in ("/api/v1/students/", f"/api/v1/cases/{case.pk}/", "/api/v1/cases/999999999/"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code in (200, 404), url
        assert no_store(response), url


def test_the_survey_and_public_pages_are_not_stored(client):
    for url in ("/thermometer/", "/melden/", reverse("login")):
        response = client.get(url)
        assert no_store(response), url


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
