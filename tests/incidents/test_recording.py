"""Recording in one step (issue 17, item 3): the checklist of what the next step needs,
each item opening its form pre-filled; the kind list (asked first, the rest under
"Overig"); no suspension offered to a mentor at step 1; a consent refusal shown when the
form opens; the record area alone for the page's script (works without it too)."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .helpers import open_case, record

pytestmark = pytest.mark.django_db


def case_page(client, user, case, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("incidents:case_detail", args=[case.pk]) + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response.content.decode()


def kind_select(html: str) -> str:
    start = html.index('name="soort"')
    return html[start:html.index("</select>", start)]


def test_the_checklist_links_each_missing_record_to_its_prefilled_form(client, board):
    case = open_case(board)
    html = case_page(client, board.mentor, case)
    checklist = html[html.index('class="checklist"'):]
    checklist = checklist[:checklist.index("</ul>")]
    assert "soort=conversation&amp;attr_with=target" in checklist
    assert "soort=conversation&amp;attr_with=bully" in checklist
    opened = case_page(client, board.mentor, case, "soort=conversation&attr_with=target")
    form = opened[opened.index('class="entry-form"'):]
    assert re.search(r'<option value="target" selected>', form)


def test_a_recorded_item_is_ticked_off(client, board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    html = case_page(client, board.mentor, case)
    checklist = html[html.index('class="checklist"'):]
    checklist = checklist[:checklist.index("</ul>")]
    assert "attr_with=target" not in checklist and "attr_with=bully" in checklist
    assert 'class="met"' in checklist


def test_the_kind_list_puts_what_the_step_asks_first_and_the_rest_under_overig(client, board):
    case = open_case(board)
    select = kind_select(case_page(client, board.coordinator, case))
    asked = select.index('label="Gevraagd in deze stap"')
    other = select.index('label="Overig"')
    assert asked < select.index('value="conversation"') < other


def test_a_mentor_at_step_1_is_not_offered_suspension(client, board):
    case = open_case(board)
    assert 'value="suspension"' not in kind_select(case_page(client, board.mentor, case))
    # And asking for it by address gives no form either.
    html = case_page(client, board.mentor, case, "soort=suspension")
    assert 'class="entry-form"' not in html


def test_a_missing_consent_shows_before_anything_is_typed(client, board):
    case = open_case(board)
    html = case_page(client, board.mentor, case, "soort=intervention&attr_kind=mediation")
    refusal = html[html.index('id="refusal-before"'):]
    assert "toestemming" in refusal[:refusal.index("</div>")].lower()
    assert html.index('id="refusal-before"') < html.index('class="entry-form"')


def test_without_consent_talk_no_refusal_is_shown(client, board):
    case = open_case(board)
    html = case_page(client, board.mentor, case, "soort=conversation&attr_with=target")
    assert 'id="refusal-before"' not in html


def test_the_record_area_alone_for_the_script(client, board):
    case = open_case(board)
    client.force_login(board.mentor)
    url = reverse("incidents:case_detail", args=[case.pk])
    response = client.get(url, {"soort": "conversation", "attr_with": "bully", "deel": "vastleggen"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'class="entry-form"' in body
    assert re.search(r'<option value="bully" selected>', body)


def test_a_teacher_who_does_not_work_on_the_case_gets_no_record_area(client, board):
    case = open_case(board)
    client.force_login(board.coordinator)
    html = case_page(client, board.coordinator, case)
    assert 'id="record-area"' in html
    client.force_login(board.adviser)
    response = client.get(reverse("incidents:case_detail", args=[case.pk]), {"deel": "vastleggen"})
    if response.status_code == 200:
        assert 'id="record-area"' not in response.content.decode()
