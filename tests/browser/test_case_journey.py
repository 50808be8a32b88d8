"""A case from signal to monitoring, through the pages, in headless Chromium.

The mentor logs a signal on a 390px phone; the coordinator opens a case from it and walks it
to step 3 (monitoring) by recording the talks, the agreements, and that the head of
department and both parents were informed. Screenshots: artifacts/screenshots/case-*.png.
"""
from __future__ import annotations

import time

import pytest

from incidents.models import Case, Signal
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(p, width=390) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= width


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def pick_student(p, name: str, role: str, student_pk: int) -> None:
    p.get_by_label("Zoek een leerling op naam").fill(name)
    p.get_by_role("button", name="Zoeken").click()
    p.wait_for_load_state()
    p.locator(f"select[name=rol_{student_pk}]").select_option(role)


def record(p, kind_label: str, fields: dict[str, str], text: str = "") -> None:
    """Choose a kind in the record area, fill its attributes, and submit."""
    p.get_by_label("Wat wilt u vastleggen?").select_option(label=kind_label)
    p.locator("#record-area:not([aria-busy])").wait_for()
    p.locator(f"form.entry-form h3:text-is('{kind_label}')").wait_for()  # in place (static/js/record.js)
    form = p.locator("form.entry-form")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    if text:
        form.locator("[name=text]").fill(text)
    p.locator("#record-area:not([aria-busy]):not([data-checking])").wait_for()  # the consent check of a choice is back
    form.get_by_role("button", name="Vastleggen").click()
    p.wait_for_load_state()
    assert p.locator(".messages").inner_text().startswith("Vastgelegd"), p.locator("main").inner_text()[:500]


def take_step(p, button: str) -> None:
    p.locator("#volgende-stap").get_by_role("button", name=button).click()
    p.wait_for_load_state()


def test_a_signal_becomes_a_case_and_reaches_monitoring(phone, page, board):
    # --- the mentor, on a phone, in under a minute ---------------------------------
    started = time.monotonic()
    phone.log_in(board.mentor.email, f.PASSWORD)
    p = phone.page
    p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuw signaal").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Nieuw signaal"
    phone.screenshot("case-1-signal-new-phone")
    assert no_sideways_scroll(p)
    pick_student(p, board.student.last_name, "target", board.student.pk)
    pick_student(p, board.other_student.last_name, "bully", board.other_student.pk)
    phone.screenshot("case-2-signal-students-phone")
    assert no_sideways_scroll(p)
    p.get_by_label("Wat is er gebeurd?").fill("Wordt in de pauze uitgescholden en geduwd bij de kluisjes.")
    p.get_by_label("Waar?").fill("Kluisjesgang")
    p.get_by_label("Verbaal").check()
    p.get_by_label("Fysiek").check()
    p.get_by_role("button", name="Signaal versturen").click()
    p.wait_for_load_state()
    assert "het signaal is ontvangen" in p.locator("h1").inner_text()
    assert "anti-pestcoördinator" in p.locator("main").inner_text()
    assert time.monotonic() - started < 60
    phone.screenshot("case-3-signal-done-phone")
    assert no_sideways_scroll(p)
    with board.tenant():
        signal = Signal.objects.get()
        assert sorted(signal.students.values_list("role", flat=True)) == ["bully", "target"]

    # --- the coordinator opens the case from the signal list --------------------------
    page.log_in(board.coordinator.email, f.PASSWORD)
    d = page.page
    d.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Signalen").click()
    d.wait_for_load_state()
    assert "kluisjes" in d.locator("main").inner_text()
    page.screenshot("case-4-signal-inbox-desktop")
    d.get_by_label("Korte omschrijving van de zaak").fill("Uitschelden en duwen bij de kluisjes")
    d.get_by_label("Nee", exact=True).check()  # "fysiek": is it a criminal offence? (issue 12.4)
    d.get_by_role("button", name="Zaak openen").click()
    d.wait_for_load_state()
    with board.tenant():
        case = Case.objects.get()
    assert case.reference in d.locator("h1").inner_text()
    assert "Stap 1" in d.locator(".step-now").inner_text()
    page.screenshot("case-5-case-opened-desktop")

    # --- step 1: the talks ------------------------------------------------------------
    record(d, "Gesprek", {"attr_with": "target"}, "Gesprek met de gepeste leerling over wat er gebeurt.")
    d.get_by_label("Wat wilt u vastleggen?").select_option(label="Gesprek")
    d.locator("#record-area:not([aria-busy])").wait_for()
    d.locator("details.guide").first.wait_for()
    d.locator("details.guide").first.locator("summary").click()
    page.screenshot("case-6-record-with-guides-desktop")
    record(d, "Gesprek", {"attr_with": "bully"}, "Waarschuwend gesprek; afspraken over gedrag binnen twee weken.")
    take_step(d, "Naar stap 2: afspraken vastleggen")
    assert "Stap 2" in d.locator(".step-now").inner_text()
    page.screenshot("case-7-step-2-desktop")

    # --- step 2: agreements, head of department, both parents --------------------------
    record(d, "Afspraak", {"attr_who": "Pester en mentor", "attr_by_when": "2027-06-30"},
           "Niet meer uitschelden of duwen; elke vrijdag kort bijpraten met de mentor.")
    record(d, "Afdelingshoofd geïnformeerd", {}, "Afdelingshoofd mondeling ingelicht.")
    record(d, "Ouders geïnformeerd", {"attr_party": "target_parents", "attr_method": "telefoon"})
    panel = d.locator("#volgende-stap").inner_text()
    assert "✗" in panel and "Informeer de ouders van de pester" in panel
    page.screenshot("case-8-step-2-one-missing-desktop")
    record(d, "Ouders geïnformeerd", {"attr_party": "bully_parents", "attr_method": "gesprek op school"})
    take_step(d, "Naar stap 3: vier weken controleren")
    assert "Stap 3" in d.locator(".step-now").inner_text()
    assert "Vier weken controle van de afspraken" in d.locator("main").inner_text()
    page.screenshot("case-9-monitoring-desktop")
    with board.tenant():
        case.refresh_from_db()
    assert case.step == "monitoring"

    # --- the mentor sees it on "Mijn zaken" and on the case page, on the phone -----------
    phone.goto("/mijn-zaken/")
    assert case.reference in p.locator("main").inner_text()
    phone.screenshot("case-10-my-cases-phone")
    assert no_sideways_scroll(p)
    phone.goto(f"/zaken/{case.pk}/")
    phone.screenshot("case-11-case-page-phone")
    assert no_sideways_scroll(p)
    assert csp_errors(phone) == [] and csp_errors(page) == []
