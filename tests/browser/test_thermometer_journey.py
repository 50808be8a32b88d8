"""A student on a 360px phone: enters a code, fills in every part, sends the survey, asks for a talk.

Screenshots: artifacts/screenshots/thermometer-*.png (looked at when this was written).
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.codes import format_code
from monitoring.instrument import load_instrument
from monitoring.models import AccessCode, Response, RoundClass, TalkRequest
from tests.browser.conftest import _open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUMENT = load_instrument()
NARROW = {"width": 360, "height": 740}


@pytest.fixture
def narrow_phone(chromium, live_server, transactional_db):
    context, browser_page = _open(chromium, live_server, NARROW, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield browser_page
    context.close()


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def no_sideways_scroll(p, width=NARROW["width"]) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= width


def serious_axe_violations(p) -> list:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_module.Axe().run(p)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]


def open_round(board):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        return monitoring_services.codes_issue(round_class=rc, count=2, acting_user=board.coordinator)


def test_a_student_fills_in_the_whole_thermometer_on_a_narrow_phone(narrow_phone, board):
    cache.clear()
    code, _spare = open_round(board)
    phone, p = narrow_phone, narrow_phone.page
    phone.goto("/thermometer/")
    assert p.locator("html").get_attribute("lang") == "nl"
    assert no_sideways_scroll(p)
    assert serious_axe_violations(p) == []
    phone.screenshot("thermometer-1-code")

    p.get_by_label("Jouw code").fill(format_code(code).lower())
    p.get_by_role("button", name="Begin").click()
    p.wait_for_load_state()
    assert p.url.endswith("/thermometer/over-jou/")
    assert "Deel 1 van 8" in p.content()
    assert serious_axe_violations(p) == []
    phone.screenshot("thermometer-2-background")
    p.locator("label[for=id_gender_3]").tap()
    assert p.get_by_label("zeg ik liever niet").is_checked()
    p.get_by_role("button", name="Volgende").click()
    p.wait_for_load_state()

    for section in INSTRUMENT.sections:
        assert f"Deel {section.number + 1} van 8" in p.content()
        assert p.locator("h1").inner_text() == section.lead_nl
        if section.number == 1:
            # Sending an unanswered part shows what is missing, and keeps the page.
            p.get_by_role("button", name="Volgende").click()
            p.wait_for_load_state()
            assert p.get_by_role("alert").is_visible() and "Nog niet alles is beantwoord" in p.content()
            phone.screenshot("thermometer-3a-missing")
        for index, item in enumerate(section.items):
            value = (index + section.number) % 6
            group = p.get_by_role("group", name=item.text_nl, exact=True)
            option = group.locator(f"input[value='{value}']")
            # Touch targets: the label of each answer is at least 44px high and wide enough.
            box = group.locator(f"label[for='{option.get_attribute('id')}']").bounding_box()
            assert box["height"] >= 44 and box["width"] >= 40
            group.locator(f"label[for='{option.get_attribute('id')}']").tap()
        assert no_sideways_scroll(p)
        if section.number in (1, len(INSTRUMENT.sections)):
            assert serious_axe_violations(p) == []
            phone.screenshot(f"thermometer-3-section-{section.number}")
        last = section.number == len(INSTRUMENT.sections)
        p.get_by_role("button", name="Versturen" if last else "Volgende").click()
        p.wait_for_load_state()

    assert p.get_by_role("heading", name="Bedankt!").is_visible()
    assert "/bedankt/" in p.url
    assert serious_axe_violations(p) == []
    phone.screenshot("thermometer-4-thanks")
    assert not [c for c in p.context.cookies() if c["name"] == "thermometer"]
    with board.tenant():
        response = Response.objects.get()
        assert response.gender == "prefer_not_to_say" and len(response.answers) == len(INSTRUMENT.item_keys)
        assert AccessCode.objects.filter(used=True).count() == 1

    # The separate step: a talk with the mentor.
    p.locator("label", has_text="Mijn mentor").tap()
    p.get_by_label("Je naam").fill("Sanne de Vries")
    p.get_by_label("Je klas").fill(board.school_class.name)
    p.get_by_role("button", name="Vraag een gesprek aan").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", name="Je vraag is verstuurd").is_visible()
    phone.screenshot("thermometer-5-talk-sent")
    with board.tenant():
        assert TalkRequest.objects.get().name == "Sanne de Vries"

    # The same code again, from the slip's QR link: a clear message.
    phone.goto(f"/thermometer/#{code}")
    p.wait_for_load_state()
    p.wait_for_function("document.readyState === 'complete' && !location.hash")
    assert p.url.endswith("/thermometer/")
    assert "al gebruikt" in p.content()
    phone.screenshot("thermometer-6-used-code")
    assert csp_errors(phone) == [], phone.console_errors


def test_the_qr_link_keeps_the_code_out_of_every_url_and_a_reload_resumes(narrow_phone, board):
    cache.clear()
    code, _spare = open_round(board)
    phone, p = narrow_phone, narrow_phone.page
    requested = []
    p.on("request", lambda r: requested.append(r.url))
    phone.goto(f"/thermometer/#{code}")  # what the slip's QR code opens
    p.wait_for_url("**/thermometer/over-jou/")
    assert code not in p.url and "#" not in p.url
    # The code reached the server only in a POST body: in no requested address.
    assert requested and not [u for u in requested if code in u]
    cookie = next(c for c in p.context.cookies() if c["name"] == "thermometer")
    assert code not in cookie["value"] and cookie["httpOnly"] and cookie["expires"] > 0
    p.locator("label", has_text="meisje").tap()
    p.get_by_role("button", name="Volgende").click()
    p.wait_for_load_state()
    first = INSTRUMENT.sections[0]
    for item in first.items:
        group = p.get_by_role("group", name=item.text_nl, exact=True)
        group.locator("label").nth(4).tap()
    p.get_by_role("button", name="Volgende").click()
    p.wait_for_load_state()
    assert p.url.endswith("/thermometer/vragen/2/")
    p.reload()  # the connection dropped and came back
    assert p.url.endswith("/thermometer/vragen/2/")
    phone.goto("/thermometer/vragen/1/")
    assert p.locator("input[value='4']:checked").count() == len(first.items)
    p.locator("header").get_by_role("button", name="English").click()
    p.wait_for_load_state()
    assert p.locator("html").get_attribute("lang") == "en"
    assert p.locator("h1").inner_text() == first.lead_en
    assert p.locator("input[value='4']:checked").count() == len(first.items)
    phone.screenshot("thermometer-7-english")
    assert csp_errors(phone) == [], phone.console_errors

    # The student walks away; the next one opens the survey on the same phone.
    phone.goto("/thermometer/")
    assert not [c for c in p.context.cookies() if c["name"] == "thermometer"]
    phone.goto("/thermometer/vragen/1/")
    assert p.url.endswith("/thermometer/") and p.locator("input[value='4']:checked").count() == 0
