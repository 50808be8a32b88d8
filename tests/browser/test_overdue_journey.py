"""The coordinator finds an overdue follow-up on "Termijnen" and opens its case, in Chromium.

The case is opened and walked to monitoring through the services five weeks ago (time
machine), so its four school weeks ran out before today; the scan then marks it overdue
and notifies. Screenshots: artifacts/screenshots/overdue-*.png.
"""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from incidents.followups import followups_scan
from incidents.models import FollowUp
from tests import factories as f
from tests.incidents.helpers import open_case, walk_to_monitoring

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(p, width=390) -> bool:
    return p.evaluate("document.documentElement.scrollWidth") <= width


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def test_the_coordinator_sees_the_overdue_follow_up_and_opens_the_case(page, phone, board):
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - dt.timedelta(days=63), tick=False):
        case = walk_to_monitoring(board, open_case(board))
    with board.tenant():
        followups_scan(board.organisation.pk, today=today)
        followup = FollowUp.objects.get(case=case, status__in=("open", "overdue"))
    assert followup.status == "overdue" and followup.due_on < today

    page.log_in(board.coordinator.email, f.PASSWORD)
    p = page.page
    nav = p.get_by_role("navigation", name="Hoofdmenu")
    entry = nav.get_by_role("link", name="Zaken (1)")
    assert entry.is_visible()
    assert any(ch.isdigit() for ch in p.locator("a.bell").inner_text())  # the overdue alert (and others) in the bell
    entry.click()
    p.wait_for_load_state()
    p.locator("nav.section-nav").get_by_role("link", name="Termijnen (1)").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Termijnen"
    row = p.locator("table.followups tbody tr").first
    assert "te laat" in row.inner_text() and "schooldag" in row.inner_text()
    assert followup.label_nl in row.inner_text() and board.mentor.full_name in row.inner_text()
    page.screenshot("overdue-1-dashboard")
    assert csp_errors(page) == []

    row.get_by_role("link", name=case.reference).click()
    p.wait_for_load_state()
    assert case.reference in p.locator("h1").inner_text()
    clock = p.locator("#termijnbewaking")
    assert "te laat" in clock.inner_text()
    clock.scroll_into_view_if_needed()
    page.screenshot("overdue-2-case")

    # The policy page and the calendar address (shown once).
    page.goto("/termijnen/beleid/")
    assert p.locator("h1").inner_text() == "Termijnbeleid"
    page.screenshot("overdue-6-policy")

    # The bell: the notifications page, then the mentor's own list on a phone.
    p.locator("a.bell").click()
    p.wait_for_load_state()
    assert "Termijn verlopen" in p.locator("main").inner_text()
    page.screenshot("overdue-3-notifications")

    phone.log_in(board.mentor.email, f.PASSWORD)
    q = phone.page
    q.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken (1)").click()
    q.wait_for_load_state()
    q.locator("nav.section-nav").get_by_role("link", name="Mijn termijnen (1)").click()
    q.wait_for_load_state()
    assert no_sideways_scroll(q)
    phone.screenshot("overdue-4-mine-phone")
    q.locator("details.complete summary").first.click()
    q.get_by_label("Toelichting (optioneel)").fill("Evaluatie gehouden in het mentoruur.")
    q.get_by_role("button", name="Markeer als afgerond").click()
    q.wait_for_load_state()
    assert "Termijn afgerond" in q.locator(".messages").inner_text()
    assert no_sideways_scroll(q)
    phone.screenshot("overdue-5-done-phone")
    q.get_by_role("link", name="Termijnen in uw eigen agenda (iCal)").click()
    q.wait_for_load_state()
    q.get_by_role("button", name="Agenda-adres maken").click()
    q.wait_for_load_state()
    address = q.get_by_label("Agenda-adres").input_value()
    assert "/agenda/" in address and address.endswith(".ics")
    assert no_sideways_scroll(q)
    phone.screenshot("overdue-7-calendar-phone")
    assert csp_errors(phone) == []
    with board.tenant():
        followup.refresh_from_db()
    assert followup.status == "done"
