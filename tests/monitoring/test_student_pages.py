"""The student's pages: code entry, the QR link read once, one part at a time, resume, submit."""
import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from monitoring import codes as code_service
from monitoring import services as monitoring_services
from monitoring import slips
from monitoring.instrument import load_instrument
from monitoring.models import AccessCode, RespondentCount, Response, RoundClass, SurveySession
from monitoring.submission import draft_of
from monitoring.views import student

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()
PARTS = 1 + len(INSTRUMENT.sections)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def open_round(board, *, opens=None, closes=None, count=3):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=opens or now - dt.timedelta(days=1), closes_at=closes or now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        issued = monitoring_services.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)
    return survey, rc, issued


def section_post(number, value=2, action="next"):
    data = {item.key: str(value) for item in INSTRUMENT.sections[number - 1].items}
    data["action"] = action
    return data


def fill_everything(client, *, gender="girl", value=2):
    response = client.post("/thermometer/over-jou/", {"gender": gender, "action": "next"})
    assert response.status_code == 303
    for section in INSTRUMENT.sections:
        response = client.post(f"/thermometer/vragen/{section.number}/", section_post(section.number, value))
        assert response.status_code == 303, response.content[:500]
    return response


def test_it_needs_no_login_and_shows_the_code_form_in_dutch(client, board):
    response = client.get("/thermometer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul" not in response.headers.get("Location", "")
    assert 'lang="nl"' in html and "Jouw code" in html


def test_the_qr_link_carries_the_code_in_the_fragment_which_never_reaches_the_server(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    link = slips.qr_url(code)
    assert link.endswith(f"/thermometer/#{code}") and "?" not in link
    # The start page holds the form the fragment's script fills and sends (a POST).
    page = client.get("/thermometer/")
    html = page.content.decode()
    assert 'id="code-form"' in html and 'method="post"' in html and "js/thermometer.js" in html
    assert "no-store" in page["Cache-Control"]
    response = client.post("/thermometer/", {"code": code})
    assert response.status_code == 303 and response["Location"] == "/thermometer/over-jou/"
    page = client.get("/thermometer/over-jou/")
    assert page.status_code == 200 and f"Deel 1 van {PARTS}" in page.content.decode()
    assert code not in page.content.decode() and "no-store" in page["Cache-Control"]


def test_an_old_slips_code_in_the_query_string_is_not_used(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    response = client.get(f"/thermometer/?code={code}")
    assert response.status_code == 303 and response["Location"] == "/thermometer/"
    assert not response.cookies.get(student.COOKIE) or response.cookies[student.COOKIE].value == ""
    with board.tenant():
        assert not AccessCode.objects.filter(used=True).exists()


def test_the_cookie_is_opaque_short_lived_and_scoped(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    response = client.post("/thermometer/", {"code": code})
    cookie = response.cookies[student.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/thermometer/"
    assert 0 < int(cookie["max-age"]) <= 2 * 60 * 60
    # Neither the code nor its hash can be read from it (it holds a random token).
    from django.core import signing

    token = signing.loads(cookie.value, salt=student.COOKIE_SALT)
    for form in (code, code.lower(), code_service.format_code(code), code_service.digest(code)):
        assert form not in cookie.value and form not in token
    with board.tenant():
        session = SurveySession.objects.get()
    assert session.token_digest not in cookie.value


def test_a_student_fills_in_every_part_and_submits_once(client, board):
    _s, rc, (code, *_r) = open_round(board)
    response = client.post("/thermometer/", {"code": code.lower()})
    assert response.status_code == 303
    page = client.get("/thermometer/vragen/1/")
    html = page.content.decode()
    assert f"Deel 2 van {PARTS}" in html
    assert html.count('type="radio"') == 6 * len(INSTRUMENT.sections[0].items)
    assert "nooit" in html and "altijd" in html
    last = fill_everything(client)
    assert last["Location"].startswith("/thermometer/bedankt/")
    assert last.cookies[student.COOKIE].value == ""  # the cookie is cleared
    thanks = client.get(last["Location"])
    assert "Bedankt" in thanks.content.decode() and "Wil je met iemand praten?" in thanks.content.decode()
    with board.tenant():
        response_row = Response.objects.get()
        assert response_row.gender == "girl" and len(response_row.answers) == len(INSTRUMENT.item_keys)
        assert AccessCode.objects.filter(used=True).count() == 1
        assert not RespondentCount.objects.filter(round_class=rc).exists()  # counted at the release
        assert not SurveySession.objects.exists()
    again = client.post("/thermometer/", {"code": code})
    assert again.status_code == 200 and "al gebruikt" in again.content.decode()


def test_a_dropped_connection_resumes_where_the_student_was(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    client.post("/thermometer/", {"code": code})
    client.post("/thermometer/over-jou/", {"gender": "boy"})
    client.post("/thermometer/vragen/1/", section_post(1, 4))
    client.post("/thermometer/vragen/2/", {**section_post(2, 3), "safe_in.classroom": ""})  # one left open
    # The connection comes back: the same pages, the answers still there.
    page = client.get("/thermometer/vragen/2/").content.decode()
    assert re.search(r'value="3"[^>]*checked', page)
    page1 = client.get("/thermometer/vragen/1/").content.decode()
    assert re.search(r'value="4"[^>]*checked', page1)


def test_the_next_student_at_a_shared_computer_never_sees_the_previous_ones_survey(client, board):
    _s, _rc, (first, second, *_r) = open_round(board)
    client.post("/thermometer/", {"code": first})
    client.post("/thermometer/over-jou/", {"gender": "girl"})
    client.post("/thermometer/vragen/1/", section_post(1, 5))
    # The first student walks away. The next one opens the survey on the same browser.
    start = client.get("/thermometer/")
    assert start.cookies[student.COOKIE].value == ""  # this browser's unfinished survey is dropped
    assert client.get("/thermometer/vragen/1/")["Location"] == "/thermometer/"
    client.post("/thermometer/", {"code": second})
    for url in ("/thermometer/over-jou/", "/thermometer/vragen/1/"):
        html = client.get(url).content.decode()
        assert "checked" not in html
    # The first student's code, entered again, continues the session, with no answers shown.
    client.get("/thermometer/")
    assert client.post("/thermometer/", {"code": first})["Location"] == "/thermometer/over-jou/"
    assert "checked" not in client.get("/thermometer/vragen/1/").content.decode()


def test_back_keeps_partial_answers_and_next_requires_all(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    client.post("/thermometer/", {"code": code})
    client.post("/thermometer/over-jou/", {"gender": "prefer_not_to_say"})
    partial = {INSTRUMENT.sections[0].items[0].key: "5", "action": "next"}
    response = client.post("/thermometer/vragen/1/", partial)
    assert response.status_code == 400
    assert "Nog niet alles is beantwoord" in response.content.decode()
    back = client.post("/thermometer/vragen/1/", {**partial, "action": "back"})
    assert back["Location"] == "/thermometer/over-jou/"
    from django.core import signing

    token = signing.loads(client.cookies[student.COOKIE].value, salt=student.COOKIE_SALT)
    assert draft_of(token)[1]["answers"] == {INSTRUMENT.sections[0].items[0].key: 5}


def test_skipping_to_the_last_part_does_not_submit_an_incomplete_survey(client, board):
    _s, _rc, (code, *_r) = open_round(board)
    client.post("/thermometer/", {"code": code})
    client.post("/thermometer/over-jou/", {"gender": "other"})
    last = len(INSTRUMENT.sections)
    response = client.post(f"/thermometer/vragen/{last}/", section_post(last))
    assert response.status_code == 303 and response["Location"] == "/thermometer/vragen/1/"
    with board.tenant():
        assert Response.objects.count() == 0


@pytest.mark.parametrize("when,message", [
    ("early", "nog niet open"), ("late", "gesloten"),
])
def test_it_explains_codes_of_rounds_not_yet_open_or_closed(client, board, when, message):
    now = timezone.now()
    window = (now + dt.timedelta(days=1), now + dt.timedelta(days=2)) if when == "early" else (now - dt.timedelta(days=2), now - dt.timedelta(days=1))
    _s, _rc, (code, *_r) = open_round(board, opens=window[0], closes=window[1])
    response = client.post("/thermometer/", {"code": code})
    assert message in response.content.decode()


def test_it_explains_unknown_and_revoked_codes(client, board):
    survey, _rc, (code, *_r) = open_round(board)
    assert "kennen we niet" in client.post("/thermometer/", {"code": "ABCD-EFGH-JKMN"}).content.decode()
    with board.tenant():
        monitoring_services.code_revoke(code=code, acting_user=board.coordinator)
    assert "ingetrokken" in client.post("/thermometer/", {"code": code}).content.decode()


def test_a_round_closing_mid_survey_gets_a_clear_message(client, board):
    survey, _rc, (code, *_r) = open_round(board)
    client.post("/thermometer/", {"code": code})
    with board.tenant():
        type(survey).objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get("/thermometer/vragen/1/")
    assert "gesloten" in response.content.decode()


def test_pages_without_a_code_send_the_student_to_the_code_form(client, board):
    response = client.get("/thermometer/vragen/1/")
    assert response.status_code == 303 and response["Location"] == "/thermometer/"
    forged = client.get("/thermometer/vragen/1/", HTTP_COOKIE=f"{student.COOKIE}=ABCDEFGHJKMN")
    assert forged.status_code == 303


def test_code_entry_is_rate_limited_per_address_by_failures_only(client, board):
    _s, _rc, (good, *_r) = open_round(board)
    for _n in range(student.FAILURE_LIMIT):
        client.post("/thermometer/", {"code": "ABCD-EFGH-JKMN"})
    blocked = client.post("/thermometer/", {"code": good})
    assert blocked.status_code == 429 and "te veel verkeerde codes" in blocked.content.decode()
    other = client.post("/thermometer/", {"code": good}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 303


def compile_monitoring_catalogue():
    """The English catalogue (locale/, which holds the student pages' texts too); .mo files
    are not committed."""
    from tests.browser.messages import ensure_compiled

    ensure_compiled()


def test_it_speaks_english_when_chosen(client, board):
    compile_monitoring_catalogue()
    _s, _rc, (code, *_r) = open_round(board)
    client.cookies["django_language"] = "en"
    assert "Your code" in client.get("/thermometer/").content.decode()
    client.post("/thermometer/", {"code": code})
    html = client.get("/thermometer/vragen/1/").content.decode()
    assert 'lang="en"' in html and INSTRUMENT.sections[0].items[0].text_en in html
    assert f"Part 2 of {PARTS}" in html and ">Next<" in html and "never" in html
    assert "kennen we niet" not in client.post("/thermometer/", {"code": "ABCD-EFGH-JKMN"}).content.decode()


@pytest.mark.postgres
def test_each_student_page_takes_a_fixed_number_of_queries(client, board, django_assert_num_queries):
    """Issue 16: a part's POST reads the session and draft once and saves with one upsert;
    the code's POST does not read back the session it just made (bench/student_pages.py)."""
    _survey, _rc, codes = open_round(board)
    client.get("/thermometer/")
    # Transaction + tenant (4 with BEGIN/COMMIT), code index, code, claim, session insert.
    with django_assert_num_queries(10):
        assert client.post("/thermometer/", {"code": codes[0]}).status_code == 303
    with django_assert_num_queries(12):
        assert client.post("/thermometer/over-jou/", {"gender": "girl", "action": "next"}).status_code == 303
    with django_assert_num_queries(12):
        assert client.post("/thermometer/vragen/1/", section_post(1)).status_code == 303
    with django_assert_num_queries(8):
        assert client.get("/thermometer/vragen/2/").status_code == 200
    for section in INSTRUMENT.sections[1:-1]:
        assert client.post(f"/thermometer/vragen/{section.number}/", section_post(section.number)).status_code == 303
    last = INSTRUMENT.sections[-1].number
    with django_assert_num_queries(17):
        assert client.post(f"/thermometer/vragen/{last}/", section_post(last)).status_code == 303
    with board.tenant():
        assert Response.objects.count() == 1 and not SurveySession.objects.exists()
