"""A student fills in the thermometer; the coordinator sees the response counted.

Nine classmates have answered already (through the service). The coordinator's dashboard
shows "< 10": too few to show anything. The tenth student fills in every part on a
390px phone; after a reload the coordinator sees 10 answers, 83% response (10 of 12),
and the figures. Screenshots: artifacts/screenshots/dashboard-*.png.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.instrument import load_instrument
from monitoring.models import RoundClass
from tests import factories as f
from tests.monitoring.survey import close_and_release, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUMENT = load_instrument()


def no_sideways_scroll(p, width=390) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= width


def test_the_coordinator_sees_a_submitted_response_counted(page, phone, board):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        codes = monitoring_services.codes_issue(round_class=rc, count=12, acting_user=board.coordinator)
    for i, code in enumerate(codes[:9]):
        submit(code, {k: (i % 3) + 1 for k in INSTRUMENT.item_keys}, gender="girl" if i % 2 else "boy")

    # --- the coordinator: nine answers are not enough to show anything --------------
    failed = []
    page.page.on("response", lambda r: r.status >= 400 and "favicon" not in r.url and failed.append(r.url))
    page.log_in(board.coordinator.email, f.PASSWORD)
    page.page.get_by_role("link", name="Veiligheid").first.click()
    page.page.wait_for_load_state()
    p = page.page
    assert p.locator("h1").inner_text() == f"Veiligheid op {board.branch.name}"
    assert p.get_by_test_id("respondents").inner_text() == "< 10"
    assert p.get_by_test_id("rate").inner_text() == "–"
    assert "Groepen kleiner dan 10 tonen we niet, zodat niemand herkenbaar is" in p.locator("main").inner_text()
    page.screenshot("dashboard-before")

    # --- the tenth student, on a phone ----------------------------------------------
    s = phone.page
    phone.goto(f"/thermometer/#{codes[9]}")  # the slip's QR link: the code in the fragment
    s.wait_for_load_state()
    s.wait_for_url("**/thermometer/over-jou/")
    s.locator("input[name=gender][value=other]").check(force=True)
    s.get_by_role("button", name="Volgende").click()
    s.wait_for_load_state()
    for number, section in enumerate(INSTRUMENT.sections, start=1):
        assert f"/thermometer/vragen/{number}/" in s.url, s.url
        for item in section.items:
            s.locator(f'input[name="{item.key}"][value="2"]').check(force=True)
        if number == 1:
            phone.screenshot("dashboard-student-phone")
            assert no_sideways_scroll(s)
        s.get_by_role("button", name="Versturen" if number == len(INSTRUMENT.sections) else "Volgende").click()
        s.wait_for_load_state()
    assert "/thermometer/bedankt/" in s.url, s.url

    # --- the coordinator reloads: nothing moved while the round is open (issue 11) -----
    p.reload()
    p.wait_for_load_state()
    assert p.get_by_test_id("respondents").inner_text() == "< 10"

    # --- the round closes; beat releases the results: the tenth response is counted ---
    close_and_release(survey)
    p.reload()
    p.wait_for_load_state()
    assert p.get_by_test_id("respondents").inner_text() == "10"
    assert p.get_by_test_id("rate").inner_text() == "83%"
    class_row = p.locator("#respons tbody tr").first
    assert class_row.inner_text().split() == [board.school_class.name, "12", "10", "83%"]
    # The one "other" is hidden, and so are boys and girls (12 - 5 - 4 would give it away).
    genders = p.locator("table.breakdown", has_text="Jongens").first.inner_text()
    assert "Anders\t< 10" in genders and "Jongens\t< 10" in genders and "Meisjes\t< 10" in genders
    assert failed == []  # the stylesheet and everything else loaded
    assert [e for e in page.console_errors if "Content Security Policy" in e or "Refused" in e] == []
    page.screenshot("dashboard-after")
    p.locator("details.section-detail").first.locator("summary").click()
    page.screenshot("dashboard-section-open")

    # --- the same page on a phone: no sideways scrolling of the page itself --------
    phone.log_in(board.coordinator.email, f.PASSWORD)
    phone.goto(f"/veiligheid/vestigingen/{board.branch.pk}/")
    assert phone.page.get_by_test_id("respondents").inner_text() == "10"
    assert no_sideways_scroll(phone.page)
    phone.screenshot("dashboard-phone")
