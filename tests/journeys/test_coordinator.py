"""The anti-bullying coordinator: opens the case, walks it to monitoring, later handles the overdue term.

One story on a desktop screen. A mentor's signal waits in "Signalen". The coordinator opens
a case from it and walks the six-step protocol to step 3 through the pages: both talks,
the agreement, the head of department and both parents informed. Weeks later (the
clock moved with time-machine, for the live server too; the beat's scan runs as the task
would) the four school weeks of monitoring ran out: the coordinator logs in again, finds
the overdue term on "Termijnen", opens the case, records the evaluation talk and marks
the term done. axe runs on every page; screenshots in artifacts/journeys/coordinator/.
"""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from incidents.followups import followups_scan
from incidents.models import Case, FollowUp
from tests import factories as f
from tests.incidents.helpers import log_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(j, board) -> None:
    p = j.page
    p.get_by_label("E-mailadres").fill(board.coordinator.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    j.click(p.locator("main button[type=submit]"), "home")


def record(j, kind_label: str, fields: dict[str, str], text: str, label: str) -> None:
    p = j.page
    p.get_by_label("Wat wilt u vastleggen?").select_option(label=kind_label)
    # The kind's fields come in place (static/js/record.js); wait for this kind's form.
    p.locator("#record-area:not([aria-busy])").wait_for()
    p.locator(f"form.entry-form h3:text-is('{kind_label}')").wait_for()
    j.seen(f"{label}-form")
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
    j.click(form.get_by_role("button", name="Vastleggen"), label)
    assert j.page.locator(".messages").inner_text().startswith("Vastgelegd"), j.page.locator("main").inner_text()[:400]


def take_step(j, button: str, label: str) -> None:
    j.click(j.page.locator("#volgende-stap").get_by_role("button", name=button), label)


def test_the_coordinator_walks_a_case_to_monitoring_and_handles_the_overdue_term(journey, board):
    log_signal(board, description="Wordt in de pauze uitgescholden en geduwd bij de kluisjes.", forms=("verbal", "physical"))
    c = journey("coordinator")
    p = c.page
    c.goto("/inloggen/", "login")
    log_in(c, board)

    # --- the signal becomes a case -----------------------------------------------------
    c.click(p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Signalen"), "signals")
    assert "kluisjes" in p.locator("main").inner_text()
    p.get_by_label("Korte omschrijving van de zaak").fill("Uitschelden en duwen bij de kluisjes")
    # Pushing ("fysiek") may be a criminal offence: the coordinator answers the question.
    assert "strafbare feiten" in p.locator("main").inner_text()
    p.get_by_label("Nee", exact=True).check()
    c.click(p.get_by_role("button", name="Zaak openen"), "case-opened")
    with board.tenant():
        case = Case.objects.get()
    assert case.reference in p.locator("h1").inner_text()
    assert "Stap 1" in p.locator(".step-now").inner_text()

    # --- step 1: the talks; step 2: agreements and who was informed ----------------------
    record(c, "Gesprek", {"attr_with": "target"}, "Gesprek met de gepeste leerling over wat er gebeurt.", "talk-target")
    record(c, "Gesprek", {"attr_with": "bully"}, "Waarschuwend gesprek; afspraken binnen twee weken.", "talk-bully")
    take_step(c, "Naar stap 2: afspraken vastleggen", "step-2")
    assert "Stap 2" in p.locator(".step-now").inner_text()
    record(c, "Afspraak", {"attr_who": "Pester en mentor", "attr_by_when": "2027-06-30"},
           "Niet meer uitschelden of duwen; elke vrijdag kort bijpraten met de mentor.", "agreement")
    record(c, "Afdelingshoofd geïnformeerd", {}, "Afdelingshoofd mondeling ingelicht.", "head-informed")
    record(c, "Ouders geïnformeerd", {"attr_party": "target_parents", "attr_method": "telefoon"}, "", "parents-target")
    panel = p.locator("#volgende-stap").inner_text()
    assert "✗" in panel and "Informeer de ouders van de pester" in panel
    record(c, "Ouders geïnformeerd", {"attr_party": "bully_parents", "attr_method": "gesprek op school"}, "", "parents-bully")
    take_step(c, "Naar stap 3: vier weken controleren", "monitoring")
    assert "Stap 3" in p.locator(".step-now").inner_text()
    with board.tenant():
        case.refresh_from_db()
        assert case.step == "monitoring"
        followup = FollowUp.objects.get(case=case, status="open")

    # --- weeks later: the term ran out; the beat's scan marks it overdue -------------
    # Four school weeks, counted with the branch's calendar (holidays do not count).
    later = dt.datetime.combine(followup.due_on + dt.timedelta(days=7), dt.time(9), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(later, tick=True):
        with board.tenant():
            followups_scan(board.organisation.pk, today=timezone.localdate())
            followup.refresh_from_db()
        assert followup.status == "overdue"

        c.goto("/", "login-again")  # the session of six weeks ago has expired
        assert "/inloggen/" in p.url
        log_in(c, board)
        # "Vandaag" puts the overdue term first; one click opens it on the case page.
        assert "Zaken (1)" in p.get_by_role("navigation", name="Hoofdmenu").inner_text()
        overdue = p.locator("#vandaag-overdue")
        assert "te laat" in overdue.inner_text() and followup.label_nl in overdue.inner_text()
        clicks_before = c.interactions
        c.click(overdue.get_by_role("link", name=f"{case.reference}: {followup.label_nl}"), "case-overdue")
        assert c.interactions - clicks_before == 1
        clock = p.locator("#termijnbewaking")
        assert "te laat" in clock.inner_text()

        record(c, "Gesprek", {"attr_with": "target"}, "Evaluatie: het pesten is gestopt, afspraken nagekomen.",
               "evaluation-talk")
        c.click(p.locator("#termijnbewaking").get_by_role("button", name="Markeer als afgerond").first, "term-done")
        assert "Termijn afgerond" in p.locator(".messages").inner_text()
        with board.tenant():
            followup.refresh_from_db()
        assert followup.status == "done" and followup.completed_by_id == board.coordinator.pk

        c.click(p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken"), "cases")
        c.click(p.locator("nav.section-nav").get_by_role("link", name="Termijnen", exact=True), "terms-clear")
        assert case.reference not in p.locator("main").inner_text()

    c.assert_clean()
