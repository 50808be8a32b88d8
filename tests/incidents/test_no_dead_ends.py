"""No dead ends (issue 17, item 6): no button that answers 403, no link that answers 404,
a student's page leads to the student's cases and to "Signaal melden", and a favicon."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from incidents import access

from .helpers import open_case

pytestmark = pytest.mark.django_db


def test_the_confidential_adviser_gets_no_letter_button_and_no_dead_student_links(client, board):
    case = open_case(board)
    with board.tenant():
        access.share_case(case=case, user=board.adviser)
    client.force_login(board.adviser)
    page = client.get(reverse("incidents:case_detail", args=[case.pk])).content.decode()
    assert "Brief opstellen" not in page
    assert client.get(reverse("incidents:letter_new", args=[case.pk])).status_code == 403
    for href in re.findall(r'href="(/leerlingen/\d+/[^"]*)"', page):
        assert client.get(href).status_code == 200, href
    assert board.student.full_name in page  # the name is there, as text


def test_the_coordinator_gets_the_letter_button_and_working_student_links(client, board):
    case = open_case(board)
    client.force_login(board.coordinator)
    page = client.get(reverse("incidents:case_detail", args=[case.pk])).content.decode()
    assert "Brief opstellen" in page
    assert client.get(reverse("incidents:letter_new", args=[case.pk])).status_code == 200
    links = re.findall(r'href="(/leerlingen/\d+/[^"]*)"', page)
    assert links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_a_students_page_leads_to_the_cases_and_to_signaal_melden(client, board):
    open_case(board)
    client.force_login(board.mentor)
    page = client.get(reverse("people:student_detail", args=[board.student.pk])).content.decode()
    assert reverse("incidents:student_cases", args=[board.student.pk]) in page
    assert f'{reverse("incidents:signal_new")}?leerling={board.student.pk}' in page
    cases = client.get(reverse("incidents:student_cases", args=[board.student.pk]))
    assert cases.status_code == 200 and "Signaal melden" in cases.content.decode()


def test_there_is_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page
