"""axe on every page each role reaches from the menu, at 390 px and 1280 px (issue 17):
no serious or critical WCAG 2.1 AA violation. The pages are every entry of the role's
grouped menu (top level and one level down), plus a case page where the role sees one, and
the round's dashboard: with survey data present (a finished round, as the demo boards have),
so the result tables and charts are checked, not just their empty states."""
from __future__ import annotations

import pytest

from monitoring.demo import finished_round
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
        finished_round(organisation=board.organisation, acting_user=board.board_coordinator,
                       classes=[board.school_class, board.other_class], seed=17)
    user = getattr(board, persona)
    with board.tenant():
        urls = [e.url for g in menu_for(scope_for(user), "/") for e in g.entries]
    j = journey(f"axe-{persona}-{viewport}", viewport)
    p = j.page
    j.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(user.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    j.click(p.locator("main button[type=submit]"), "vandaag")
    dashboard = f"/veiligheid/vestigingen/{board.branch.pk}/"
    for url in dict.fromkeys(urls + [f"/zaken/{case.pk}/", dashboard]):
        response = j.goto(url, url.strip("/").replace("/", "-") or "home")
        assert response.status in (200, 404), (url, response.status)  # 404: a case this role may not see
        if url == dashboard and response.status == 200:
            assert "Veiligheid — hoger is beter" in p.content()  # the figures are there, not an empty state
    j.assert_clean()
