"""Real browser flows: log in, the Dutch home page, switching to English, the API docs, axe."""
from __future__ import annotations

import pytest

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def test_it_shows_a_mentor_the_dutch_home_page(page, board):
    page.log_in(board.mentor.email, f.PASSWORD)
    p = page.page
    assert p.url == page.base_url + "/"
    assert p.locator("html").get_attribute("lang") == "nl"
    assert p.locator("h1").inner_text() == f"Vandaag, {board.mentor.get_short_name()}"
    header = p.locator("header.site-header")
    assert board.mentor.full_name in header.inner_text()
    assert "Mentor" in header.inner_text() and board.branch.name in header.inner_text()
    nav = p.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="School", exact=True).is_visible()
    page.screenshot("mentor-home-desktop")
    nav.get_by_role("link", name="School", exact=True).click()
    p.wait_for_load_state()
    p.locator("nav.section-nav").get_by_role("link", name="Leerlingen").click()
    p.wait_for_load_state()
    assert p.get_by_role("link", name=board.student.full_name).is_visible()
    assert board.other_student.full_name not in p.content()
    page.screenshot("mentor-students-desktop")
    assert csp_errors(page) == []


def test_it_fits_a_phone(phone, board):
    phone.goto("/inloggen/")
    phone.screenshot("login-phone")
    phone.log_in(board.mentor.email, f.PASSWORD)
    p = phone.page
    assert p.locator("h1").inner_text().startswith("Vandaag")
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("mentor-home-phone")
    phone.goto("/leerlingen/")
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("mentor-students-phone")
    assert csp_errors(phone) == []


def test_it_lets_a_coordinator_switch_to_english(page, board):
    page.log_in(board.coordinator.email, f.PASSWORD)
    p = page.page
    assert "Signaal melden" in p.content()
    p.locator("header").get_by_role("button", name="English").click()
    p.wait_for_load_state()
    assert p.locator("html").get_attribute("lang") == "en"
    assert "Anti-bullying coordinator" in p.locator("header").inner_text()
    p.get_by_role("navigation", name="Main menu").get_by_role("link", name="School", exact=True).click()
    p.wait_for_load_state()
    assert p.locator("nav.section-nav").get_by_role("link", name="Students", exact=True).is_visible()
    assert p.get_by_role("button", name="Log out").is_visible()
    page.screenshot("coordinator-home-english")
    # And back again.
    p.locator("header").get_by_role("button", name="Nederlands").click()
    p.wait_for_load_state()
    assert p.locator("html").get_attribute("lang") == "nl"


def test_it_shows_the_dutch_lock_out_page(page, board, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.log_in(board.teacher.email, "fout-wachtwoord")
    p = page.page
    assert p.get_by_role("heading", name="Tijdelijk geblokkeerd").is_visible()
    page.screenshot("locked-out")


def test_it_renders_the_api_docs_under_the_strict_csp(page, board):
    page.log_in(board.coordinator.email, f.PASSWORD)  # the docs are for logged-in users (issue 11)
    response = page.goto("/api/docs/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp
    p = page.page
    p.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Pestzaak API" in p.locator(".swagger-ui .info .title").inner_text()
    p.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = p.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/students/" in t for t in paths) and any("/api/v1/auth/token/" in t for t in paths)
    page.screenshot("api-docs")
    assert csp_errors(page) == [], page.console_errors


@pytest.mark.parametrize("where", ["login", "home", "students"])
def test_it_has_no_serious_accessibility_violations(page, board, where):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    if where == "login":
        page.goto("/inloggen/")
    else:
        page.log_in(board.coordinator.email, f.PASSWORD)
        if where == "students":
            page.goto("/leerlingen/")
    results = axe_module.Axe().run(page.page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
