"""axe on every page each role reaches from the menu, at 390 px and 1280 px (issue 17):
no serious or critical WCAG 2.1 AA violation. The pages are every entry of the role's
grouped menu (top level and one level down), plus a case page where the role sees one."""
from __future__ import annotations

import pytest

from people.access import scope_for
from people.context_processors import menu_for
from tests import factories as f
from tests.incidents.helpers import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ["mentor", "coordinator", "adviser", "management", "board_coordinator"]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_page_passes_axe(journey, board, persona, viewport):
    case = open_case(board)
    with board.tenant():
        type(case).objects.filter(pk=case.pk).update(mentor=board.mentor)
    user = getattr(board, persona)
    with board.tenant():
        urls = [e.url for g in menu_for(scope_for(user), "/") for e in g.entries]
    j = journey(f"axe-{persona}-{viewport}", viewport)
    p = j.page
    j.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(user.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    j.click(p.locator("main button[type=submit]"), "vandaag")
    for url in dict.fromkeys(urls + [f"/zaken/{case.pk}/"]):
        response = j.goto(url, url.strip("/").replace("/", "-") or "home")
        assert response.status in (200, 404), (url, response.status)  # 404: a case this role may not see
    j.assert_clean()
