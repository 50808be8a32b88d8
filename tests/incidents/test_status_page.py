"""Parents and the student see where things stand: a personal code on every parent letter,
a plain page with the step, the agreements, the next check in school days (holidays
shown) and when the school will be in touch; never anything about the other party."""
import datetime as dt
import re
import subprocess

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.letters import services as letters
from incidents.models import StatusCode
from incidents.status import services as status_services
from people.models import AuditEvent, Student

from .helpers import open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


def sent_letter_code(board, case, party="target_parents"):
    with board.tenant():
        letter = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party=party)
        letter = letters.letter_send(letter=letter, acting_user=board.mentor)
        pdf = letter.pdf.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return CODE.search(text).group(0), text


def monitored_with_letter(board):
    with time_machine.travel(MONDAY, tick=False):
        case = open_case(board)
        record(board, case, "conversation", **{"with": "target"})
        record(board, case, "conversation", **{"with": "bully"})
        from .helpers import advance
        case = advance(board, case, "record_agreements")
        bully = board.other_student
        record(board, case, "agreement", text=f"{bully.first_name} laat {board.student.first_name} met rust in de kantine.")
        record(board, case, "head_of_department_informed")
        code, text = sent_letter_code(board, case)
        record(board, case, "parents_informed", party="bully_parents", method="telefoon")
        case = advance(board, case, "start_monitoring")
    return case, code, text


def look(client, board, code):
    return client.post(reverse("incidents:status_page", args=[board.organisation.slug]), {"code": code})


def test_the_letter_carries_a_code_and_the_page_shows_the_next_check_across_the_holiday(client, board):
    case, code, letter_text = monitored_with_letter(board)
    assert f"/status/{board.organisation.slug}/" in letter_text.replace("\n", "").replace(" ", ""), letter_text
    with board.tenant():
        stored = StatusCode.objects.get(case=case)
        assert stored.holder == "parents" and code.replace("-", "") not in stored.code_digest
    with time_machine.travel(dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC), tick=False):
        response = look(client, board, code)
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "vier schoolweken lang" in page
    # Four school weeks from 5 October end on 9 November; from 12 October that is 15
    # school days, because the autumn holiday (a whole week) does not count.
    assert "9 november 2026" in page and "over 15 schooldagen" in page
    assert "erfstvakantie" in page
    # Nothing of the other party: their name is replaced inside the agreement.
    bully = board.other_student
    assert bully.first_name not in page and bully.last_name not in page
    assert "een andere leerling laat" in page
    with board.tenant():
        assert AuditEvent.objects.filter(object_type="incidents.statuscode", action="read", actor=None).exists()


def test_a_wrong_code_is_refused_and_rate_limited(client, board, settings):
    settings.PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS = 3
    for _ in range(3):
        assert "kennen we niet" in look(client, board, "ABCD-EFGH-JKMN").content.decode()
    assert look(client, board, "ABCD-EFGH-JKMN").status_code == 429


def test_a_revoked_code_stops_working(client, board):
    case, code, _text = monitored_with_letter(board)
    with board.tenant():
        stored = StatusCode.objects.get(case=case)
    client.force_login(board.mentor)
    assert client.post(reverse("incidents:status_code_revoke", args=[case.pk, stored.pk])).status_code == 302
    client.logout()
    assert "kennen we niet" in look(client, board, code).content.decode()


def test_parents_see_it_under_16_and_the_student_from_16(client, board):
    case, code, _text = monitored_with_letter(board)
    with board.tenant():
        Student.objects.filter(pk=board.student.pk).update(date_of_birth=dt.date(2010, 1, 1))
    with time_machine.travel(dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC), tick=False):
        page = look(client, board, code).content.decode()
    assert "Vanaf 16 jaar beslist de leerling zelf" in page and "vier schoolweken" not in page
    with board.tenant():
        participant = case.participants.get(student=board.student)
        own = status_services.status_code_issue_to_student(case=case, participant=participant, acting_user=board.mentor)
        young = case.participants.get(student=board.other_student)
        Student.objects.filter(pk=board.other_student.pk).update(date_of_birth=dt.date(2013, 1, 1))
        young.student.refresh_from_db()
        with pytest.raises(ValidationError):
            status_services.status_code_issue_to_student(case=case, participant=young, acting_user=board.mentor)
    page = look(client, board, own).content.decode()
    assert "vier schoolweken" in page


def test_the_code_page_is_for_case_workers_only(client, board, other_board):
    case = walk_to_monitoring(board, open_case(board))
    client.force_login(board.teacher)
    assert client.get(reverse("incidents:case_status_codes", args=[case.pk])).status_code == 404
    client.force_login(other_board.coordinator)
    assert client.get(reverse("incidents:case_status_codes", args=[case.pk])).status_code == 404
    client.force_login(board.adviser)
    assert client.post(reverse("incidents:case_status_codes", args=[case.pk]), {"participant": 1}).status_code == 403
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:case_status_codes", args=[case.pk])).status_code == 200
