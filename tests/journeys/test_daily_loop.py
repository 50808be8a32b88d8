"""The daily loop, counted (issue 17, "How we will know"): every click, field and choice
after log-in is an interaction (Journey.interactions).

* a mentor on a 390 px phone logs a signal naming two students in at most 8;
* a coordinator records a conversation in a case in at most 4, from "Vandaag";
* (the coordinator reaching an overdue term from "Vandaag" in one click is in
  test_coordinator.py.)
axe on every page, screenshots of each step in artifacts/journeys/daily-*/.
"""
from __future__ import annotations

import pytest

from incidents.models import Signal, TimelineEntry
from tests import factories as f
from tests.incidents.helpers import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(j, user) -> None:
    p = j.page
    j.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(user.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    p.locator("main button[type=submit]").click()
    p.wait_for_load_state()
    j.seen("vandaag")
    j.interactions = 0  # counted from here: "after log-in"


def test_a_mentor_on_a_phone_logs_a_signal_naming_two_students_in_at_most_8(journey, board):
    j = journey("daily-mentor-signal", "phone")
    p = j.page
    log_in(j, board.mentor)

    j.click(p.locator("main").get_by_role("link", name="Signaal melden"), "signal-form")
    j.fill(p.get_by_label("Zoek een leerling op naam"), f"{board.student.last_name}, {board.other_student.last_name}")
    j.click(p.get_by_role("button", name="Zoeken"), "both-found")
    j.select(p.locator(f"select[name=rol_{board.student.pk}]"), value="target")
    j.select(p.locator(f"select[name=rol_{board.other_student.pk}]"), value="bully")
    j.fill(p.get_by_label("Wat is er gebeurd?"), "Wordt in de pauze uitgescholden bij de kluisjes.")
    j.screenshot("filled-in")
    j.click(p.get_by_role("button", name="Signaal versturen"), "signal-sent")

    assert "het signaal is ontvangen" in p.locator("h1").inner_text()
    with board.tenant():
        signal = Signal.objects.get()
        assert sorted(signal.students.values_list("role", flat=True)) == ["bully", "target"]
    assert j.interactions <= 8, j.interactions
    assert j.no_sideways_scroll()
    j.assert_clean()


def test_a_coordinator_records_a_conversation_in_at_most_4(journey, board):
    case = open_case(board)
    j = journey("daily-coordinator-record")
    p = j.page
    log_in(j, board.coordinator)

    j.click(p.locator("#vandaag-cases").get_by_role("link", name=case.reference), "case-page")
    checklist = p.locator("ul.checklist")
    assert "gepeste" in checklist.inner_text()
    # The checklist item opens the conversation form in place, "with the target" chosen.
    j.tap(checklist.get_by_role("link").first)
    p.locator("#record-area:not([aria-busy])").wait_for()
    form = p.locator("form.entry-form")
    form.wait_for()
    assert form.locator("[name=attr_with]").input_value() == "target"
    assert "deel=vastleggen" not in p.url
    j.seen("conversation-form")
    j.fill(form.locator("[name=text]"), "Gesprek met de gepeste leerling: wat er gebeurt en wie helpt.")
    j.click(form.get_by_role("button", name="Vastleggen"), "recorded")

    assert p.locator(".messages").inner_text().startswith("Vastgelegd")
    with board.tenant():
        entry = TimelineEntry.objects.get(case=case, kind="conversation")
    assert entry.attrs["with"] == "target" and entry.author_id == board.coordinator.pk
    assert j.interactions <= 4, j.interactions
    j.assert_clean()


def test_the_kind_list_shows_its_fields_without_a_reload(journey, board):
    case = open_case(board)
    j = journey("daily-kind-fields")
    p = j.page
    log_in(j, board.coordinator)
    j.goto(f"/zaken/{case.pk}/", "case")
    assert not p.locator("form.kind-picker button[type=submit]").is_visible()  # the script hides "Kies"
    p.evaluate("window.__same_page = true")
    p.get_by_label("Wat wilt u vastleggen?").select_option(label="Gesprek")
    p.locator("form.entry-form [name=attr_with]").wait_for()
    assert p.evaluate("window.__same_page === true")  # no reload happened
    # Choosing a talk with the support group shows the missing consent before anything is typed.
    p.locator("form.entry-form [name=attr_with]").select_option("class")
    p.locator("#refusal-before").wait_for()
    assert "toestemming" in p.locator("#refusal-before").inner_text().lower()
    j.seen("consent-refused-before-typing")
    j.assert_clean()
