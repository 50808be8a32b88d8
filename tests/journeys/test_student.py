"""A student fills in the thermometer with the code from their slip, on a 360px phone.

One story: the code page, "about you", every part of the survey, the thanks page. axe
runs on every page; screenshots in artifacts/journeys/student/.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.codes import format_code
from monitoring.instrument import load_instrument
from monitoring.models import AccessCode, Response, RoundClass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUMENT = load_instrument()


def test_a_student_fills_in_the_thermometer_with_a_code_on_a_360px_phone(journey, board):
    cache.clear()
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk],
        )
        (code,) = monitoring_services.codes_issue(round_class=RoundClass.objects.get(round=survey), count=1,
                                           acting_user=board.coordinator)
    s = journey("student", "narrow")
    p = s.page

    s.goto("/thermometer/", "code")
    assert s.no_sideways_scroll()
    p.get_by_label("Jouw code").fill(format_code(code).lower())  # typed from the slip, in lower case
    s.click(p.get_by_role("button", name="Begin"), "about-you")
    assert "Deel 1 van 8" in p.content()
    p.locator("label", has_text="zeg ik liever niet").tap()
    s.click(p.get_by_role("button", name="Volgende"), "part-1")

    for section in INSTRUMENT.sections:
        assert p.locator("h1").inner_text() == section.lead_nl
        for index, item in enumerate(section.items):
            group = p.get_by_role("group", name=item.text_nl, exact=True)
            option = group.locator(f"input[value='{(index + section.number) % 6}']")
            group.locator(f"label[for='{option.get_attribute('id')}']").tap()
        assert s.no_sideways_scroll()
        last = section.number == len(INSTRUMENT.sections)
        s.click(p.get_by_role("button", name="Versturen" if last else "Volgende"),
                "thanks" if last else f"part-{section.number + 1}")

    assert p.get_by_role("heading", name="Bedankt!").is_visible()
    with board.tenant():
        response = Response.objects.get()
        assert response.gender == "prefer_not_to_say" and len(response.answers) == len(INSTRUMENT.item_keys)
        assert AccessCode.objects.get().used
    s.assert_clean()
