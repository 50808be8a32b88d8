"""The public report page in Chromium on a phone: report anonymously, keep the receipt,
come back with it, read the school's reply and add something — without JavaScript errors
or CSP violations, and without sideways scrolling on a 390px screen."""
from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from incidents.models import PublicReport, Signal
from incidents.public import services
from people.tenancy import tenant_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def fits(p) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture(autouse=True)
def _quick_form(settings):
    # A person needs a few seconds to write; the browser test waits one.
    settings.PUBLIC_REPORT_MIN_SECONDS = 1
    cache.clear()
    yield
    cache.clear()


def test_a_student_reports_on_a_phone_and_comes_back_with_the_receipt(phone, board):
    with tenant_context(board.organisation):
        b = board.branch
        b.coordinator_name, b.coordinator_email, b.coordinator_phone = "Mw. A. de Vries", "pesten@school.example", "010 123 45 67"
        b.adviser_name, b.adviser_email = "Dhr. B. Jansen", "vertrouwen@school.example"
        b.save()
    p = phone.page
    phone.goto(f"/melden/{board.organisation.slug}/{board.branch.slug}/")
    assert p.locator("h1").inner_text() == f"Pesten melden bij {board.branch.name}"
    assert p.get_by_text("Mw. A. de Vries").is_visible() and p.get_by_text("Dhr. B. Jansen").is_visible()
    assert p.get_by_role("link", name="010 123 45 67").is_visible()
    # The honeypot is there for robots, not for people.
    box = p.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert p.locator(".hp").get_attribute("aria-hidden") == "true"
    assert fits(p)
    phone.screenshot("public-report-phone-empty")

    # First try: no description. A clear Dutch message, nothing sent.
    p.get_by_label("Leerling", exact=True).check()
    p.get_by_label("Over mij", exact=True).check()
    p.wait_for_timeout(1100)
    p.get_by_role("button", name="Versturen").click()
    p.wait_for_load_state()
    assert "Kies wie je bent." not in p.content()
    assert p.get_by_role("alert").is_visible()
    assert "Schrijf op wat er is gebeurd." in p.locator(".error-summary").inner_text()
    assert p.get_by_label("Leerling", exact=True).is_checked()  # choices are kept
    assert fits(p)
    phone.screenshot("public-report-phone-error")
    with tenant_context(board.organisation):
        assert not Signal.objects.exists()

    p.get_by_label("Wat is er gebeurd?").fill("In de groepsapp van 2B zetten ze elke avond gemene berichten over mij.")
    p.get_by_label("Wie pest er?").fill("Een paar jongens uit 2B")
    p.get_by_label("Waar gebeurde het?").fill("Online, groepsapp")
    p.get_by_role("button", name="Versturen").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Je melding is verstuurd"
    code = p.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert fits(p)
    phone.screenshot("public-report-phone-receipt")

    with tenant_context(board.organisation):
        report = PublicReport.objects.select_related("signal").get()
        assert report.signal.source == "public_report" and report.is_anonymous
        services.report_reply(report=report, acting_user=board.coordinator,
                              text="Dank je wel. Ik ga met de mentor van 2B praten. Kom gerust langs in lokaal 12.")

    p.get_by_role("link", name="Naar de pagina voor je code").click()
    p.wait_for_load_state()
    p.get_by_label("Je code").fill(code.lower())
    p.get_by_role("button", name="Bekijken").click()
    p.wait_for_load_state()
    assert "Kom gerust langs in lokaal 12." in p.locator("ol.thread").inner_text()
    p.get_by_label("Wat wil je toevoegen?").fill("Vandaag ging het weer door, nu ook op Instagram.")
    p.get_by_role("button", name="Bericht versturen").click()
    p.wait_for_load_state()
    assert "Je bericht is verstuurd" in p.content()
    assert "nu ook op Instagram" in p.locator("ol.thread").inner_text()
    assert fits(p)
    phone.screenshot("public-report-phone-thread")
    assert csp_errors(phone) == []


def test_the_report_page_passes_axe(phone, board):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    phone.goto(f"/melden/{board.organisation.slug}/{board.branch.slug}/")
    results = axe_module.Axe().run(phone.page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"]) for v in serious]
